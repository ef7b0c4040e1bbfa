/*
 * logcheck: times svinit's log capture and checks every captured line.
 *
 *     logcheck run LOGFILE N SVCTL [ARG...]
 *         Runs the svctl command that starts the lines service (it must
 *         exit 0), then watches LOGFILE until its last record is line
 *         N-1. Prints "ns=..." from just before svctl until then. The
 *         watch reads the file's tail every 0.5 ms: it never talks to
 *         svinit, so it does not slow it down beyond sharing the CPUs.
 *     logcheck verify LOGFILE N
 *         Reads LOGFILE.K .. LOGFILE.1 (oldest first) and LOGFILE, svinit's
 *         record format ("STAMP out PAYLOAD").
 *     logcheck verify-raw FILE N
 *         Reads FILE as the raw lines (the pipe baseline).
 *
 * A verify prints "lines=... lost=... dup=... reordered=... corrupt=...
 * other=... notes=... files=..." and exits 0 only if lines 0..N-1 are all
 * there once each, in order, intact: lost counts numbers never seen, dup
 * those seen again, reordered those seen after a higher one, corrupt a
 * line whose text is not what lines.c wrote for its number, other a
 * record of another kind (err, out+ continuation), notes svinit's own
 * "svinit:" records (dropped-byte notes).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define STAMP_LEN 27 /* "2026-11-24T14:45:24.123456Z" */
#define PAYLOAD	  (BENCH_LINE_LEN - 1)

struct tally {
	unsigned long n;
	unsigned char *seen;
	unsigned long lines, distinct, dup, reordered, corrupt, other, notes;
	long max_seen;
	int files;
};

static void check_payload(struct tally *t, const char *p, size_t len)
{
	char want[BENCH_LINE_LEN];
	unsigned long num = 0;

	t->lines++;
	if (len != PAYLOAD) {
		t->corrupt++;
		return;
	}
	for (int k = 0; k < BENCH_LINE_DIGITS; k++) {
		if (p[k] < '0' || p[k] > '9') {
			t->corrupt++;
			return;
		}
		num = num * 10 + (unsigned long)(p[k] - '0');
	}
	bench_line(want, num, 0);
	if (num >= t->n || memcmp(want, p, PAYLOAD) != 0) {
		t->corrupt++;
		return;
	}
	if (t->seen[num]) {
		t->dup++;
		return;
	}
	t->seen[num] = 1;
	t->distinct++;
	if ((long)num < t->max_seen)
		t->reordered++;
	else
		t->max_seen = (long)num;
}

static int stamp_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";

	for (int k = 0; k < STAMP_LEN; k++)
		if (shape[k] == 'd' ? s[k] < '0' || s[k] > '9'
				    : s[k] != shape[k])
			return 0;
	return 1;
}

static void check_record(struct tally *t, const char *s, size_t len)
{
	if (len < STAMP_LEN + 2 || !stamp_ok(s) || s[STAMP_LEN] != ' ') {
		t->lines++;
		t->corrupt++;
		return;
	}
	s += STAMP_LEN + 1;
	len -= STAMP_LEN + 1;
	if (len >= 4 && memcmp(s, "out ", 4) == 0)
		check_payload(t, s + 4, len - 4);
	else if (len >= 8 && memcmp(s, "svinit: ", 8) == 0) {
		if (t->notes++ == 0)
			fprintf(stderr, "logcheck: note: %.*s\n", (int)len, s);
	} else
		t->other++;
}

static int read_file(struct tally *t, const char *path, int raw)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f)
		return -errno;
	t->files++;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			len--;
		if (raw)
			check_payload(t, line, (size_t)len);
		else
			check_record(t, line, (size_t)len);
	}
	free(line);
	fclose(f);
	return 0;
}

static int verify(const char *path, unsigned long n, int raw)
{
	struct tally t = {.n = n, .max_seen = -1};
	char name[4096];
	int oldest = 0;

	t.seen = calloc(n ? n : 1, 1);
	if (!t.seen)
		return 1;
	if (!raw)
		for (int k = 1; k <= 99; k++) {
			snprintf(name, sizeof(name), "%s.%d", path, k);
			if (access(name, F_OK) == 0)
				oldest = k;
		}
	for (int k = oldest; k >= 1; k--) {
		snprintf(name, sizeof(name), "%s.%d", path, k);
		if (read_file(&t, name, raw) < 0)
			fprintf(stderr, "logcheck: %s: %s\n", name,
				strerror(errno));
	}
	if (read_file(&t, path, raw) < 0)
		fprintf(stderr, "logcheck: %s: %s\n", path, strerror(errno));

	unsigned long lost = n - t.distinct, first_lost = n;

	for (unsigned long i = 0; i < n && first_lost == n; i++)
		if (!t.seen[i])
			first_lost = i;
	if (lost)
		fprintf(stderr, "logcheck: first lost line %lu\n", first_lost);
	printf("lines=%lu lost=%lu dup=%lu reordered=%lu corrupt=%lu other=%lu "
	       "notes=%lu files=%d\n",
	       t.lines, lost, t.dup, t.reordered, t.corrupt, t.other, t.notes,
	       t.files);
	free(t.seen);
	return lost || t.dup || t.reordered || t.corrupt || t.other ||
			       t.notes || t.lines != n
		       ? 1
		       : 0;
}

/* Whether the last record of path is line `last`. */
static int ends_with_line(const char *path, unsigned long last)
{
	char want[BENCH_LINE_LEN], tail[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t got;
	int done = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(tail)) {
		got = pread(fd, tail, sizeof(tail),
			    st.st_size - (off_t)sizeof(tail));
		bench_line(want, last, 1);
		done = got == (ssize_t)sizeof(tail) &&
		       memcmp(tail + sizeof(tail) - BENCH_LINE_LEN, want,
			      BENCH_LINE_LEN) == 0 &&
		       memcmp(tail + sizeof(tail) - BENCH_LINE_LEN - 5, " out ",
			      5) == 0;
	}
	close(fd);
	return done;
}

static int run(const char *path, unsigned long n, char **cmd)
{
	struct timespec nap = {.tv_nsec = 500000};
	int64_t t0, deadline;
	pid_t pid;
	int st;

	t0 = bench_now_ns();
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		/* A hung svctl is ended by SIGALRM, whose default kills. */
		alarm(60);
		execv(cmd[0], cmd);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		fprintf(stderr, "logcheck: %s failed\n", cmd[0]);
		return 1;
	}
	deadline = t0 + 60 * (int64_t)1000000000;
	while (!ends_with_line(path, n - 1)) {
		if (bench_now_ns() > deadline) {
			fprintf(stderr,
				"logcheck: line %lu not in %s after 60 s\n",
				n - 1, path);
			return 1;
		}
		nanosleep(&nap, NULL);
	}
	printf("ns=%lld\n", (long long)(bench_now_ns() - t0));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;

	if (argc >= 5 && strcmp(argv[1], "run") == 0 && n > 0)
		return run(argv[2], n, argv + 4);
	if (argc == 4 && strcmp(argv[1], "verify") == 0)
		return verify(argv[2], n, 0);
	if (argc == 4 && strcmp(argv[1], "verify-raw") == 0)
		return verify(argv[2], n, 1);
	fprintf(stderr, "usage: logcheck run LOGFILE N SVCTL [ARG...]\n"
			"       logcheck verify LOGFILE N\n"
			"       logcheck verify-raw FILE N\n");
	return 2;
}
