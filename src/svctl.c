/*
 * svctl: svinit's command line, shaped like systemctl.
 *
 * main() splits svctl's own options from the verb and its arguments,
 * sends the verb to svinit over the control socket (ctlclient) and
 * renders the reply: records of Key=Value for status, show and
 * list-units (as a table or --json), plain lines for the rest. The exit
 * status is the one svinit answered (0 ok, 1 failure, 3 inactive, 4 no
 * such unit), 2 for a usage error; every error is one line on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ctlclient.h"
#include "ctlrender.h"
#include "ctlverify.h"
#include "logfile.h"
#include "proto.h"
#include "util.h"
#include "version.h"

struct opts {
	const char *runtime_dir;
	bool json, no_pager, color;
};

/* Kept in step with svctl(1): the same verbs, in the same words. */
static void usage(FILE *out)
{
	fputs("usage: svctl [--runtime-dir DIR] [--json] [--no-pager] "
	      "[--no-block] VERB [ARGS]\n"
	      "       svctl --help | --version\n"
	      "verbs:\n"
	      "  start|stop|restart|reload|try-restart UNIT...\n"
	      "  status [UNIT|PATTERN...]  show UNIT...\n"
	      "  is-active UNIT...     is-failed UNIT...\n"
	      "  list-units [--failed] [--state=S,...] [--type=T,...] "
	      "[PATTERN...]\n"
	      "  list-dependencies [--reverse] [--all] [UNIT]\n"
	      "  enable|disable|is-enabled|mask|unmask UNIT...\n"
	      "  list-unit-files [PATTERN...]\n"
	      "  cat UNIT...           logs UNIT [-n N] [-f]\n"
	      "  kill UNIT [-s SIGNAL] reset-failed [UNIT...]\n"
	      "  set-property UNIT [--persist] KEY=VALUE...\n"
	      "  scale NAME@ COUNT [--persist]  instances of a template\n"
	      "  graph [UNIT]          the dependency graph in Graphviz dot\n"
	      "  analyze [blame|critical-chain [UNIT]|plot|verify FILE...]\n"
	      "  security [UNIT...]    how exposed each service is\n"
	      "  daemon-reload         exit\n"
	      "  poweroff|reboot|halt  (svinit as the init of a machine)\n",
	      out);
}

/* Whatever the file has beyond the read position; a read error ends it
 * like end of file (the next inotify event tries again). */
static void copy_out(int fd)
{
	char buf[65536];
	ssize_t n;

	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
}

/* The name of the log file at rotation position k: path itself for 0,
 * else path.k. */
static const char *rotated_name(char *buf, size_t size, const char *path,
				unsigned k)
{
	if (k)
		snprintf(buf, size, "%s.%u", path, k);
	else
		snprintf(buf, size, "%s", path);
	return buf;
}

/* stat, with st_ino 0 when there is nothing (or nothing readable). */
static void stat_or_zero(const char *name, struct stat *st)
{
	if (stat(name, st) < 0)
		st->st_ino = 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino && a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* The rotation position of the file cur (0 path, K path.K), or -1 when it
 * is none of them any more; *oldest gets the highest K that exists. Every
 * name is tried: a rotation in progress leaves a gap for a moment. */
static int rotated_position(const char *path, const struct stat *cur,
			    unsigned *oldest)
{
	char name[PATH_MAX];
	struct stat st;

	*oldest = 0;
	for (unsigned k = 0; k <= LOGFILE_KEEP_MAX; k++) {
		stat_or_zero(rotated_name(name, sizeof(name), path, k), &st);
		if (st.st_ino)
			*oldest = k;
		if (same_file(&st, cur))
			return (int)k;
	}
	return -1;
}

/* A file's bytes up to end (-1: all of it), read with pread. */
static int slurp(int fd, off_t end, char **data, size_t *len)
{
	size_t cap = 0;
	ssize_t n;

	*data = NULL;
	*len = 0;
	for (;;) {
		size_t want = 65536;

		if (end >= 0 && (off_t)*len + (off_t)want > end)
			want = (size_t)(end - (off_t)*len);
		if (want == 0)
			return 0;
		if (*len + want > cap) {
			char *d = realloc(*data, cap = *len + want + cap);

			if (!d)
				return -ENOMEM;
			*data = d;
		}
		n = pread(fd, *data + *len, want, (off_t)*len);
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
}

/*
 * logs -f: the last n lines (SIZE_MAX: all) written before byte `end` of
 * the live file fd, then the rotated files' lines before them. Printed
 * from the same fd that follow() then reads on from `end`, so no line
 * falls between the two.
 */
static int print_history(const char *path, int fd, off_t end, size_t n)
{
	struct {
		char *data;
		size_t len;
	} c[LOGFILE_KEEP_MAX + 1];
	size_t nc = 0, lines = 0, start = 0;
	char name[PATH_MAX];
	int r = 0;

	for (unsigned k = 0; k <= LOGFILE_KEEP_MAX && lines < n; k++) {
		int f = k ? open(rotated_name(name, sizeof(name), path, k),
				 O_RDONLY | O_CLOEXEC)
			  : fd;
		size_t t = 0;

		if (f < 0 && k == 0)
			continue; /* no live file yet: the rotated ones */
		if (f < 0)
			break;
		r = slurp(f, k ? -1 : end, &c[nc].data, &c[nc].len);
		if (k)
			close(f);
		if (r < 0) {
			free(c[nc].data);
			break;
		}
		for (size_t i = 0; i < c[nc].len; i++)
			t += c[nc].data[i] == '\n';
		start = 0;
		if (lines + t > n) {
			/* Skip the lines of this file beyond the n wanted. */
			for (size_t skip = lines + t - n; skip > 0; start++)
				skip -= c[nc].data[start] == '\n';
		}
		lines += t;
		nc++;
	}
	for (size_t i = nc; i-- > 0;) {
		size_t from = i == nc - 1 ? start : 0;

		fwrite(c[i].data + from, 1, c[i].len - from, stdout);
		free(c[i].data);
	}
	fflush(stdout);
	return r;
}

/*
 * logs -f: print what is appended to the unit's log as it comes. Waits in
 * read() on inotify for any change in the log directory. When the file
 * being read has been rotated away, the rest of it is printed, then the
 * file that came after it, found by its new name (UNIT.log.K is followed by
 * UNIT.log.K-1), and so on up to UNIT.log: several rotations between two
 * wakeups lose nothing, unless svinit deleted a whole file meanwhile.
 */
static int follow(const char *path, int fd)
{
	char dir[PATH_MAX], *slash;
	int in;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	in = inotify_init1(IN_CLOEXEC);
	if (in < 0 ||
	    inotify_add_watch(in, dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0)
		return -errno;
	/* What came after the history, before the watch existed. */
	copy_out(fd);
	fflush(stdout);
	for (;;) {
		char ev[4096] __attribute__((aligned(8)));
		ssize_t n = read(in, ev, sizeof(ev));

		if (n <= 0)
			return n < 0 ? -errno : 0;
		copy_out(fd);
		for (;;) {
			char name[PATH_MAX];
			struct stat cur = {0}, st;
			unsigned oldest;
			int pos, nfd;
			bool ok;

			if (fd >= 0 && fstat(fd, &cur) < 0)
				return -errno;
			pos = rotated_position(path, &cur, &oldest);
			if (fd >= 0 && pos == 0)
				break; /* still the live file */
			/* After pos comes pos-1; when there was no file, or
			 * it was rotated out, the oldest one there is. */
			nfd = open(rotated_name(name, sizeof(name), path,
						pos > 0 ? (unsigned)pos - 1
							: oldest),
				   O_RDONLY | O_CLOEXEC);
			if (nfd < 0)
				break; /* not created yet: wait */
			/* Names only move up: if cur is still at pos (or
			 * nfd still the oldest), nfd is the right one. */
			if (pos > 0) {
				stat_or_zero(rotated_name(name, sizeof(name),
							  path, (unsigned)pos),
					     &st);
				ok = same_file(&st, &cur);
			} else {
				ok = fstat(nfd, &st) == 0;
				if (ok)
					pos = rotated_position(path, &st,
							       &oldest);
				ok = ok && pos == (int)oldest;
			}
			if (!ok) {
				close(nfd);
				continue;
			}
			if (fd >= 0)
				close(fd);
			fd = nfd;
			copy_out(fd);
		}
		fflush(stdout);
	}
}

/* One request to svinit; a failure to talk to it is reported here, with
 * the socket's path, since it is the usual first mistake. */
static int call(const struct opts *o, const char *const *argv, size_t argc,
		struct proto_msg *reply)
{
	char sock[PATH_MAX];
	int r;

	snprintf(sock, sizeof(sock), "%s/%s", o->runtime_dir,
		 PROTO_SOCKET_NAME);
	r = ctlclient_call(sock, argv, argc, reply);
	if (r < 0)
		fprintf(stderr, "svctl: cannot talk to svinit at %s: %s\n",
			sock, strerror(-r));
	return r;
}

/* logs UNIT [-n N] -f: svinit names the file (and checks the unit), then
 * svctl reads and follows it itself. */
static int logs_follow(const struct opts *o, const char **args, size_t n)
{
	const char *show[] = {"show", NULL};
	const char *path = NULL;
	struct proto_msg reply = {0};
	size_t lines = SIZE_MAX;
	off_t end = 0;
	int r, fd;

	for (size_t i = 1; i < n; i++) {
		if (strcmp(args[i], "-n") == 0 && i + 1 < n)
			lines = strtoul(args[++i], NULL, 10);
		else if (args[i][0] != '-')
			show[1] = args[i];
	}
	if (!show[1]) {
		fprintf(stderr, "svctl: logs: no unit given\n");
		return 2;
	}
	if (call(o, show, 2, &reply) < 0)
		return 1;
	if (reply.flags & PROTO_F_ERROR) {
		for (size_t i = 0; i < reply.n; i++)
			fprintf(stderr, "%s\n", reply.v[i]);
		r = reply.code ? (int)reply.code : 1;
		proto_msg_free(&reply);
		return r;
	}
	for (size_t i = 0; i < reply.n; i++)
		if (proto_kv(reply.v[i], "LogPath"))
			path = proto_kv(reply.v[i], "LogPath");
	r = path ? 0 : -ENOENT;
	/* The live file first: the history ends where following starts. */
	fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0 && (end = lseek(fd, 0, SEEK_END)) < 0)
		r = -errno;
	if (r == 0)
		r = print_history(path, fd, end, lines);
	if (r == 0)
		r = follow(path, fd);
	if (r < 0)
		fprintf(stderr, "svctl: cannot follow %s: %s\n", show[1],
			strerror(-r));
	proto_msg_free(&reply);
	return r < 0 ? 1 : 0;
}

/* status NAME@ (or NAME@.service): the instances of a template, asked
 * for as the pattern NAME@*.service, with a line for the group first.
 * The pattern is written into buf, which args then points to. */
static bool template_arg(const char *a, char *buf, size_t size)
{
	size_t n = strlen(a);

	if (n > 1 && a[n - 1] == '@')
		snprintf(buf, size, "%s*.service", a);
	else if (n > 9 && str_has_suffix(a, "@.service"))
		snprintf(buf, size, "%.*s*.service", (int)(n - 8), a);
	else
		return false;
	return true;
}

/* The group line of a template's status: how many instances, active and
 * healthy (of those with a [Health] check). */
static void group_line(const char *tmpl, const struct proto_msg *r)
{
	size_t pos = 0, s, e, n = 0, active = 0, checked = 0, healthy = 0;

	while (proto_record_next(r, &pos, &s, &e)) {
		const char *a = proto_record_get(r, s, e, "ActiveState");
		const char *h = proto_record_get(r, s, e, "HealthState");

		n++;
		active += a && strcmp(a, "active") == 0;
		checked += h && *h;
		healthy += h && strcmp(h, "healthy") == 0;
	}
	printf("%s: %zu instance%s, %zu active", tmpl, n, n == 1 ? "" : "s",
	       active);
	if (checked)
		printf(", %zu of %zu healthy", healthy, checked);
	printf("\n\n");
}

/*
 * svctl's own options may come anywhere; everything else is the verb and
 * its arguments, passed to svinit as they are (svinit checks them). The
 * exit status is the reply's code: svinit decides it, so that svctl and
 * svinit never disagree on what a status means.
 */
int main(int argc, char **argv)
{
	struct opts o = {.runtime_dir = getenv("SVINIT_RUNTIME_DIR")};
	const char **args = calloc((size_t)argc + 1, sizeof(*args));
	struct proto_msg reply = {0};
	size_t n = 0;
	bool follow_log = false;
	const char *verb, *group = NULL;
	char pattern[300];
	int r;

	if (!args) {
		fprintf(stderr, "svctl: out of memory\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--runtime-dir") == 0 && i + 1 < argc)
			o.runtime_dir = argv[++i];
		else if (str_has_prefix(argv[i], "--runtime-dir="))
			o.runtime_dir = argv[i] + strlen("--runtime-dir=");
		else if (strcmp(argv[i], "--json") == 0)
			o.json = true;
		else if (strcmp(argv[i], "--no-pager") == 0)
			o.no_pager = true;
		else if (strcmp(argv[i], "-h") == 0 ||
			 strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			r = 0;
			goto out;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("svctl %s\n", SVINIT_VERSION);
			r = 0;
			goto out;
		} else {
			if (strcmp(argv[i], "-f") == 0)
				follow_log = true;
			args[n++] = argv[i];
		}
	}
	if (n == 0) {
		fprintf(stderr, "svctl: no verb given (see --help)\n");
		r = 2;
		goto out;
	}
	if (!o.runtime_dir || !*o.runtime_dir)
		o.runtime_dir = "/run/svinit";
	o.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	verb = args[0];
	if (strcmp(verb, "--no-block") == 0 && n > 1) {
		/* an option before the verb: move it after */
		args[0] = args[1];
		args[1] = "--no-block";
		verb = args[0];
	}
	/* Offline: svinit --verify on the files, no daemon needed. */
	if (strcmp(verb, "analyze") == 0 && n > 1 &&
	    strcmp(args[1], "verify") == 0) {
		r = ctlverify_run((char *const *)args + 2, (int)n - 2);
		goto out;
	}
	if (strcmp(verb, "logs") == 0 && follow_log) {
		r = logs_follow(&o, args, n);
		goto out;
	}
	/* One template at a time gets a group line (not in JSON). */
	if (strcmp(verb, "status") == 0 && n == 2 &&
	    template_arg(args[1], pattern, sizeof(pattern))) {
		group = args[1];
		args[1] = pattern;
	}
	if (call(&o, args, n, &reply) < 0) {
		r = 1;
		goto out;
	}
	if (reply.flags & PROTO_F_ERROR) {
		/* Errors are lines for stderr; an error reply with code 0
		 * would read as success, so it is 1 at least. */
		for (size_t i = 0; i < reply.n; i++)
			fprintf(stderr, "%s\n", reply.v[i]);
		r = reply.code ? (int)reply.code : 1;
		proto_msg_free(&reply);
		goto out;
	}
	if (group && !o.json)
		group_line(group, &reply);
	if (!ctlrender_reply(verb, &(struct ctlrender_opts){o.json, o.color},
			     &reply))
		for (size_t i = 0; i < reply.n; i++)
			printf("%s\n", reply.v[i]);
	r = (int)reply.code;
	proto_msg_free(&reply);
	fflush(stdout);
out:
	free(args);
	return r;
}
