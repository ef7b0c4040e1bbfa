/* Check suite for the per-unit log file: appending, rotation and its
 * numbering, drop accounting (a full disk through /dev/full, a short write
 * through RLIMIT_FSIZE, a file that cannot be opened; drops counted in
 * the service's bytes, not the formatted ones), reading the tail
 * back across rotated files, and a 10 MB burst through logbuf + logfile. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logbuf.h"
#include "logfile.h"

#define T0 (1795531524ULL * USEC_PER_SEC) /* 2026-11-24T14:45:24Z */

static char tmpdir[64];
static int dirfd_;

static void setup(void)
{
	strcpy(tmpdir, "/tmp/check_logfile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	dirfd_ = open(tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd_, 0);
}

static void teardown(void)
{
	char cmd[128];

	close(dirfd_);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Whole content of a file in the temp dir (malloc'd, NUL-ended), or NULL
 * when it does not exist. */
static char *slurp(const char *name, size_t *len)
{
	int fd = openat(dirfd_, name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;

	if (fd < 0)
		return NULL;
	ck_assert_int_eq(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(read(fd, buf, (size_t)st.st_size), st.st_size);
	buf[st.st_size] = '\0';
	close(fd);
	if (len)
		*len = (size_t)st.st_size;
	return buf;
}

static bool exists(const char *name)
{
	struct stat st;

	return fstatat(dirfd_, name, &st, 0) == 0;
}

/* Write lines that are not records: each counts as its own bytes. */
static void wr(struct logfile *lf, const char *s, usec_t now)
{
	logfile_write(lf, s, strlen(s), strlen(s), now);
}

/* Records of exactly 20 bytes: "rec NNNNNNNNNNNNNNN\n". */
static void rec20(char *buf, unsigned i)
{
	snprintf(buf, 21, "rec %015u\n", i);
}

static char *tail(const char *unit, size_t n, int *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	*r = logfile_tail(dirfd_, unit, n, f);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(test_init_names)
{
	struct logfile lf;
	char longname[LOGFILE_UNIT_MAX + 2];

	ck_assert_int_eq(logfile_init(&lf, dirfd_, "", 0, 0), -EINVAL);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, ".", 0, 0), -EINVAL);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "..", 0, 0), -EINVAL);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "a/b", 0, 0), -EINVAL);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_int_eq(logfile_init(&lf, dirfd_, longname, 0, 0), -EINVAL);
	longname[LOGFILE_UNIT_MAX] = '\0';
	ck_assert_int_eq(logfile_init(&lf, dirfd_, longname, 100, 99), 0);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "web.service", 0, 1000), 0);
	ck_assert_uint_eq(lf.keep, LOGFILE_KEEP_MAX);
	ck_assert_int_eq(lf.fd, -1); /* nothing opened yet */
	ck_assert(!exists("web.service.log"));
}
END_TEST

START_TEST(test_append_and_reopen)
{
	struct logfile lf;
	char *s;

	/* A file left ending inside a record by an earlier run. */
	int fd = openat(dirfd_, "web.service.log",
			O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	ck_assert_int_eq(write(fd, "old\ntorn", 8), 8);
	close(fd);

	ck_assert_int_eq(logfile_init(&lf, dirfd_, "web.service", 0, 5), 0);
	ck_assert_int_eq(logfile_reopen(&lf), 0);
	ck_assert_uint_eq(lf.size, 8);
	wr(&lf, "one\n", T0);
	wr(&lf, "two\nthree\n", T0);
	s = slurp("web.service.log", NULL);
	ck_assert_str_eq(s, "old\ntorn\none\ntwo\nthree\n");
	free(s);
	ck_assert_uint_eq(lf.size, 23);
	ck_assert_uint_eq(logfile_dropped(&lf), 0);
	logfile_close(&lf);
	logfile_close(&lf); /* twice is harmless */
	ck_assert_int_eq(lf.fd, -1);
	wr(&lf, "four\n", T0); /* opens again by itself */
	s = slurp("web.service.log", NULL);
	ck_assert_str_eq(s, "old\ntorn\none\ntwo\nthree\nfour\n");
	free(s);
	logfile_close(&lf);
}
END_TEST

START_TEST(test_rotation)
{
	struct logfile lf;
	char r[21], name[64], *s;
	size_t len;

	/* 100-byte files hold 5 records; keep 3 old files. */
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "r", 100, 3), 0);
	for (unsigned i = 0; i < 23; i++) {
		rec20(r, i);
		wr(&lf, r, T0);
	}
	/* 23 records: live file 20..22, .1 15..19, .2 10..14, .3 5..9; the
	 * first five went with the oldest file. */
	ck_assert(!exists("r.log.4"));
	for (unsigned k = 0; k <= 3; k++) {
		unsigned first = k == 0 ? 20 : 20 - 5 * k;
		unsigned n = k == 0 ? 3 : 5;

		if (k == 0)
			snprintf(name, sizeof(name), "r.log");
		else
			snprintf(name, sizeof(name), "r.log.%u", k);
		s = slurp(name, &len);
		ck_assert_ptr_nonnull(s);
		ck_assert_uint_eq(len, 20 * n);
		for (unsigned j = 0; j < n; j++) {
			rec20(r, first + j);
			ck_assert_mem_eq(s + 20 * j, r, 20);
		}
		free(s);
	}

	/* One batch spanning several files is split between records. */
	char batch[20 * 12 + 1];
	for (unsigned i = 0; i < 12; i++)
		rec20(batch + 20 * i, 100 + i);
	wr(&lf, batch, T0);
	s = slurp("r.log", &len);
	ck_assert_uint_eq(len, 20 * 5);
	rec20(r, 107);
	ck_assert_mem_eq(s, r, 20);
	free(s);
	s = slurp("r.log.1", &len);
	ck_assert_uint_eq(len, 100);
	rec20(r, 102);
	ck_assert_mem_eq(s, r, 20);
	free(s);
	s = slurp("r.log.2", &len);
	ck_assert_uint_eq(len, 100);
	rec20(r, 20);
	ck_assert_mem_eq(s, r, 20);
	free(s);
	ck_assert_uint_eq(logfile_dropped(&lf), 0);

	/* Per-unit override: bigger files from now on, fewer kept. */
	logfile_set_limits(&lf, 1000, 1);
	for (unsigned i = 0; i < 60; i++) {
		rec20(r, 200 + i);
		wr(&lf, r, T0);
	}
	s = slurp("r.log.1", &len);
	ck_assert_uint_eq(len, 1000);
	free(s);
	s = slurp("r.log", &len);
	ck_assert_uint_eq(len, 20 * 5 + 60 * 20 - 1000);
	free(s);
	logfile_close(&lf);
}
END_TEST

START_TEST(test_rotation_edges)
{
	struct logfile lf;
	char big[301], *s;
	size_t len;

	/* keep 0: the old content goes away. */
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "k0", 50, 0), 0);
	wr(&lf, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", T0);
	wr(&lf, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n", T0);
	ck_assert(!exists("k0.log.1"));
	s = slurp("k0.log", NULL);
	ck_assert_str_eq(s, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n");
	free(s);
	logfile_close(&lf);

	/* A record bigger than a whole file is written alone, not lost. */
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "big", 100, 2), 0);
	memset(big, 'x', 299);
	big[299] = '\n';
	big[300] = '\0';
	wr(&lf, "small\n", T0);
	wr(&lf, big, T0);
	wr(&lf, "after\n", T0);
	s = slurp("big.log.2", NULL);
	ck_assert_str_eq(s, "small\n");
	free(s);
	s = slurp("big.log.1", &len);
	ck_assert_uint_eq(len, 300);
	free(s);
	s = slurp("big.log", NULL);
	ck_assert_str_eq(s, "after\n");
	free(s);
	logfile_close(&lf);

	/* max_size 0: never rotates. */
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "inf", 0, 2), 0);
	for (int i = 0; i < 100; i++)
		wr(&lf, big, T0);
	ck_assert(!exists("inf.log.1"));
	ck_assert_uint_eq(lf.size, 30000);
	logfile_close(&lf);
}
END_TEST

START_TEST(test_rotation_failure)
{
	struct logfile lf;
	char *s;

	/* A directory squatting on the first rotated name: rename fails,
	 * the live file goes on growing, nothing is lost. */
	ck_assert_int_eq(mkdirat(dirfd_, "f.log.1", 0700), 0);
	ck_assert_int_eq(mkdirat(dirfd_, "f.log.1/x", 0700), 0);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "f", 10, 1), 0);
	wr(&lf, "12345678\n", T0);
	wr(&lf, "abcdefgh\n", T0);
	wr(&lf, "ABCDEFGH\n", T0);
	s = slurp("f.log", NULL);
	ck_assert_str_eq(s, "12345678\nabcdefgh\nABCDEFGH\n");
	free(s);
	ck_assert_uint_eq(logfile_dropped(&lf), 0);
	/* Once the obstacle is gone, rotation resumes. */
	ck_assert_int_eq(unlinkat(dirfd_, "f.log.1/x", AT_REMOVEDIR), 0);
	ck_assert_int_eq(unlinkat(dirfd_, "f.log.1", AT_REMOVEDIR), 0);
	wr(&lf, "more\n", T0);
	s = slurp("f.log", NULL);
	ck_assert_str_eq(s, "more\n");
	free(s);
	s = slurp("f.log.1", NULL);
	ck_assert_str_eq(s, "12345678\nabcdefgh\nABCDEFGH\n");
	free(s);
	logfile_close(&lf);
}
END_TEST

/* Point the logfile's descriptor at another file, keeping its number. */
static void redirect(struct logfile *lf, const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup3(fd, lf->fd, O_CLOEXEC), lf->fd);
	close(fd);
}

START_TEST(test_drop_disk_full)
{
	struct logfile lf;
	char path[128], *s;

	ck_assert_int_eq(logfile_init(&lf, dirfd_, "d", 0, 5), 0);
	ck_assert_int_eq(logfile_reopen(&lf), 0);
	wr(&lf, "before\n", T0);
	redirect(&lf, "/dev/full");
	wr(&lf, "lost one\n", T0 + 1); /* 9 bytes */
	ck_assert_uint_eq(logfile_dropped(&lf), 9);
	wr(&lf, "lost two, longer\n", T0 + 2); /* 17; the note fails too */
	ck_assert_uint_eq(logfile_dropped(&lf), 26);
	logfile_note_dropped(&lf, 4); /* the daemon threw 4 bytes away */
	snprintf(path, sizeof(path), "%s/d.log", tmpdir);
	redirect(&lf, path);
	wr(&lf, "after\n", T0 + 3000007);
	wr(&lf, "again\n", T0 + 4000000);
	s = slurp("d.log", NULL);
	ck_assert_str_eq(s, "before\n"
			    "2026-11-24T14:45:27.000007Z svinit: 30 bytes "
			    "dropped\n"
			    "after\n"
			    "again\n");
	free(s);
	ck_assert_uint_eq(logfile_dropped(&lf), 30); /* total stays */
	ck_assert_uint_eq(lf.pending, 0);
	logfile_close(&lf);
}
END_TEST

START_TEST(test_drop_short_write)
{
	struct logfile lf;
	struct rlimit old, lim;
	char *s;
	size_t len;

	/* Past the size limit write() is cut short, then fails with EFBIG
	 * (SIGXFSZ ignored): the torn record must not stay in the file. */
	ck_assert(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "s", 0, 5), 0);
	wr(&lf, "0123456789\n", T0);
	lim = old;
	lim.rlim_cur = 30;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	/* 11 + 11 + 11: the limit falls inside the second record. */
	wr(&lf, "aaaaaaaaaa\nbbbbbbbbbb\ncccccccccc\n", T0 + 1);
	ck_assert_uint_eq(logfile_dropped(&lf), 22);
	s = slurp("s.log", &len);
	ck_assert_str_eq(s, "0123456789\naaaaaaaaaa\n");
	free(s);
	ck_assert_uint_eq(lf.size, 22);
	wr(&lf, "dddddddddd\n", T0 + 2);
	ck_assert_uint_eq(logfile_dropped(&lf), 33);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	wr(&lf, "eeeeeeeeee\n", T0 + 3);
	s = slurp("s.log", NULL);
	ck_assert_str_eq(s, "0123456789\naaaaaaaaaa\n"
			    "2026-11-24T14:45:24.000003Z svinit: 33 bytes "
			    "dropped\n"
			    "eeeeeeeeee\n");
	free(s);
	logfile_close(&lf);
}
END_TEST

/* A logbuf feeding the logfile, as the daemon has one per pipe. */
static struct logbuf svc_lb;
static char svc_scratch[LOGBUF_SCRATCH_MIN];

static void svc_init(struct logfile *lf, const char *unit)
{
	ck_assert_int_eq(logfile_init(lf, dirfd_, unit, 0, 5), 0);
	ck_assert_int_eq(logbuf_init(&svc_lb, LOGBUF_STDOUT, svc_scratch,
				     sizeof(svc_scratch), logfile_emit, lf),
			 0);
}

static void svc_write(const void *data, size_t len, usec_t now)
{
	logbuf_feed(&svc_lb, data, len, now);
}

/* LogBytesDropped counts what the service wrote: text and newlines, not
 * the stamps, marks and escapes of the records that were lost. */
START_TEST(test_drop_counts_service_bytes)
{
	static const char bin[] = {0x01, 0x02, '\\', (char)0xff, '\n'};
	struct logfile lf;
	char path[128], *s, *line = malloc(20001);

	ck_assert_ptr_nonnull(line);
	svc_init(&lf, "r");
	ck_assert_int_eq(logfile_reopen(&lf), 0);
	redirect(&lf, "/dev/full");
	svc_write("hello\n", 6, T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 6); /* its record: 38 */
	svc_write(bin, sizeof(bin), T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 6 + 5); /* record: 47 */
	/* One line in three records (8 KiB each at most). */
	memset(line, 'x', 20000);
	line[20000] = '\n';
	svc_write(line, 20001, T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 11 + 20001);
	/* A partial line pushed out at the process's exit. */
	svc_write("prompt> ", 8, T0);
	logbuf_flush(&svc_lb, T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 20012 + 8);
	snprintf(path, sizeof(path), "%s/r.log", tmpdir);
	redirect(&lf, path);
	svc_write("after\n", 6, T0 + 1);
	s = slurp("r.log", NULL);
	ck_assert_str_eq(s, "2026-11-24T14:45:24.000001Z svinit: 20020 bytes "
			    "dropped\n"
			    "2026-11-24T14:45:24.000001Z out+ after\n");
	free(s);
	ck_assert_uint_eq(logfile_dropped(&lf), 20020);
	logbuf_free(&svc_lb);
	logfile_close(&lf);
	free(line);
}
END_TEST

/* Records cut short by a full file: the records kept whole count as
 * written, the rest as dropped, in the service's bytes. */
START_TEST(test_drop_short_write_service_bytes)
{
	struct logfile lf;
	struct rlimit old, lim;
	char *s;

	ck_assert(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	svc_init(&lf, "w");
	svc_write("one\n", 4, T0); /* a record of 36 bytes */
	lim = old;
	lim.rlim_cur = 36 + 36 + 10;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	/* One read, one batch of three records; the limit falls inside the
	 * second: "two\n" is kept, "three\nfour\n" is lost. */
	svc_write("two\nthree\nfour\n", 15, T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 11);
	/* A long line split in pieces of 8 bytes, cut after the first piece:
	 * the 8 bytes kept are no whole line, so no newline is counted. */
	logbuf_set_line_max(&svc_lb, 8, T0);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_uint_eq(lf.size, 72);
	/* Room for the note of the 11 bytes (53), the first piece (41) and
	 * 10 bytes of the second. */
	lim.rlim_cur = 72 + 53 + 41 + 10;
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	svc_write("abcdefghijkl\nxy\n", 16, T0 + 1);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	ck_assert_uint_eq(logfile_dropped(&lf), 11 + 8);
	s = slurp("w.log", NULL);
	ck_assert_str_eq(s, "2026-11-24T14:45:24.000000Z out one\n"
			    "2026-11-24T14:45:24.000000Z out two\n"
			    "2026-11-24T14:45:24.000001Z svinit: 11 bytes "
			    "dropped\n"
			    "2026-11-24T14:45:24.000001Z out abcdefgh\n");
	free(s);
	logbuf_free(&svc_lb);
	logfile_close(&lf);
}
END_TEST

START_TEST(test_drop_cannot_open)
{
	struct logfile lf;
	char *s;

	/* A directory where the file should be: open fails, bytes count. */
	ck_assert_int_eq(mkdirat(dirfd_, "o.log", 0700), 0);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "o", 0, 5), 0);
	ck_assert_int_lt(logfile_reopen(&lf), 0);
	wr(&lf, "x\n", T0);
	wr(&lf, "yy\n", T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 5);
	ck_assert_int_eq(unlinkat(dirfd_, "o.log", AT_REMOVEDIR), 0);
	wr(&lf, "zzz\n", T0 + 1);
	s = slurp("o.log", NULL);
	ck_assert_str_eq(s, "2026-11-24T14:45:24.000001Z svinit: 5 bytes "
			    "dropped\nzzz\n");
	free(s);
	logfile_close(&lf);

	/* A FIFO planted under the name must not block. */
	ck_assert_int_eq(mkfifoat(dirfd_, "p.log", 0600), 0);
	ck_assert_int_eq(logfile_init(&lf, dirfd_, "p", 0, 5), 0);
	wr(&lf, "x\n", T0);
	ck_assert_uint_eq(logfile_dropped(&lf), 2);
	ck_assert_int_eq(lf.fd, -1);
}
END_TEST

static void put_file(const char *name, const char *content)
{
	int fd = openat(dirfd_, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, content, strlen(content)),
			 (ssize_t)strlen(content));
	close(fd);
}

START_TEST(test_tail)
{
	char *s;
	int r;

	s = tail("none", 10, &r);
	ck_assert_int_eq(r, -ENOENT);
	free(s);
	s = tail("../x", 10, &r);
	ck_assert_int_eq(r, -EINVAL);
	free(s);

	put_file("t.log.3", "a\nb\n");
	/* .2 is missing: a gap is skipped. */
	put_file("t.log.1", "c\nd\ne"); /* no final newline */
	put_file("t.log", "f\n\ng\n");
	s = tail("t", 1, &r);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(s, "g\n");
	free(s);
	s = tail("t", 3, &r);
	ck_assert_str_eq(s, "f\n\ng\n");
	free(s);
	s = tail("t", 4, &r);
	ck_assert_str_eq(s, "e\nf\n\ng\n");
	free(s);
	s = tail("t", 6, &r);
	ck_assert_str_eq(s, "c\nd\ne\nf\n\ng\n");
	free(s);
	s = tail("t", 7, &r);
	ck_assert_str_eq(s, "b\nc\nd\ne\nf\n\ng\n");
	free(s);
	s = tail("t", 100, &r);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(s, "a\nb\nc\nd\ne\nf\n\ng\n");
	free(s);
	s = tail("t", SIZE_MAX, &r);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(s, "a\nb\nc\nd\ne\nf\n\ng\n");
	free(s);
	s = tail("t", 0, &r);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(s, "");
	free(s);

	/* An empty live file right after rotation. */
	put_file("t.log", "");
	s = tail("t", 2, &r);
	ck_assert_str_eq(s, "d\ne\n");
	free(s);
}
END_TEST

START_TEST(test_tail_big)
{
	/* Several blocks of lines; a tail crossing block boundaries. */
	int fd =
		openat(dirfd_, "big.log", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	FILE *f = fdopen(fd, "w");
	char *s, want[64];
	unsigned first;
	int r;

	ck_assert_ptr_nonnull(f);
	for (unsigned i = 0; i < 200000; i++)
		fprintf(f, "line %u\n", i);
	ck_assert_int_eq(fclose(f), 0);
	s = tail("big", 3, &r);
	ck_assert_int_eq(r, 0);
	ck_assert_str_eq(s, "line 199997\nline 199998\nline 199999\n");
	free(s);
	s = tail("big", 50000, &r);
	ck_assert_int_eq(r, 0);
	first = 150000;
	for (char *p = s; *p; p = strchr(p, '\n') + 1) {
		snprintf(want, sizeof(want), "line %u\n", first++);
		ck_assert_int_eq(strncmp(p, want, strlen(want)), 0);
	}
	ck_assert_uint_eq(first, 200000);
	free(s);
}
END_TEST

static struct logfile burst_lf;

/*
 * 10 MB of numbered 100-byte lines through logbuf and logfile, in reads of
 * awkward sizes, with rotation every 1 MiB: every line is there once, in
 * order, whole, and no file passes the limit.
 */
START_TEST(test_burst_lossless)
{
	static char scratch[256 * 1024];
	const unsigned lines = 100000;
	struct logbuf lb;
	char *in = malloc((size_t)lines * 100), *all, *p, name[32];
	size_t len = 0;
	unsigned next = 0;
	usec_t last = 0;
	int r;

	ck_assert_ptr_nonnull(in);
	for (unsigned i = 0; i < lines; i++) {
		int n = sprintf(in + len, "%08u ", i);

		memset(in + len + n, 'a' + i % 26, 99 - (size_t)n);
		in[len + 99] = '\n';
		len += 100;
	}
	ck_assert_int_eq(logfile_init(&burst_lf, dirfd_, "burst.service",
				      1024 * 1024, 20),
			 0);
	ck_assert_int_eq(logbuf_init(&lb, LOGBUF_STDOUT, scratch,
				     sizeof(scratch), logfile_emit, &burst_lf),
			 0);
	for (size_t off = 0, i = 0; off < len; i++) {
		size_t n = 1 + (i * 7919) % 65536;

		if (n > len - off)
			n = len - off;
		logbuf_feed(&lb, in + off, n, T0 + i);
		off += n;
	}
	logbuf_flush(&lb, T0 + 1000000);
	ck_assert_uint_eq(logfile_dropped(&burst_lf), 0);
	for (unsigned k = 1; k <= 20; k++) {
		struct stat st;

		snprintf(name, sizeof(name), "burst.service.log.%u", k);
		if (fstatat(dirfd_, name, &st, 0) == 0)
			ck_assert_int_le(st.st_size, 1024 * 1024);
	}
	/* 13.2 MB of records in 1 MiB files: twelve full ones and the live one.
	 */
	ck_assert(exists("burst.service.log.12"));
	ck_assert(!exists("burst.service.log.13"));
	all = tail("burst.service", SIZE_MAX, &r);
	ck_assert_int_eq(r, 0);
	for (p = all; *p;) {
		char *nl = strchr(p, '\n');
		struct logbuf_record rec;

		ck_assert_ptr_nonnull(nl);
		ck_assert_int_eq(logbuf_parse(p, (size_t)(nl - p), &rec), 0);
		ck_assert_int_eq(rec.stream, LOGBUF_STDOUT);
		ck_assert(!rec.cont);
		ck_assert_uint_eq(rec.text_len, 99);
		ck_assert_mem_eq(rec.text, in + (size_t)next * 100, 99);
		ck_assert_uint_ge(rec.usec, last);
		last = rec.usec;
		next++;
		p = nl + 1;
	}
	ck_assert_uint_eq(next, lines);
	free(all);
	free(in);
	logfile_close(&burst_lf);
	logbuf_free(&lb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("logfile");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_init_names);
	tcase_add_test(tc, test_append_and_reopen);
	tcase_add_test(tc, test_rotation);
	tcase_add_test(tc, test_rotation_edges);
	tcase_add_test(tc, test_rotation_failure);
	tcase_add_test(tc, test_drop_disk_full);
	tcase_add_test(tc, test_drop_short_write);
	tcase_add_test(tc, test_drop_counts_service_bytes);
	tcase_add_test(tc, test_drop_short_write_service_bytes);
	tcase_add_test(tc, test_drop_cannot_open);
	tcase_add_test(tc, test_tail);
	tcase_add_test(tc, test_tail_big);
	tcase_add_test(tc, test_burst_lossless);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
