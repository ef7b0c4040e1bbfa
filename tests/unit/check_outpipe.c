/*
 * Check suite for outpipe: a unit's stdout on its way to the log file,
 * through the real event loop. A writer end is handed out per child;
 * what is written reaches the file as records once the loop reads it;
 * the pipe leaves the loop at end of file and comes back with the next
 * writer; a flush completes a partial last line; a pipe found full is
 * grown once.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "logfile.h"
#include "loop.h"
#include "outpipe.h"

static char dir[64];
static int dirfd_;
static struct loop L;
static struct logfile LF;
static struct outpipe P;

static void setup(void)
{
	strcpy(dir, "/tmp/check_outpipe.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	dirfd_ = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd_, 0);
	ck_assert_int_eq(loop_init(&L, NULL, NULL), 0);
	ck_assert_int_eq(logfile_init(&LF, dirfd_, "t.service", 0, 0), 0);
	outpipe_init(&P, &L, &LF, LOGBUF_STDOUT);
}

static void teardown(void)
{
	char cmd[128];

	outpipe_close(&P);
	logfile_close(&LF);
	loop_done(&L);
	close(dirfd_);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The log file's text, NUL-terminated, in a static buffer. */
static const char *log_text(void)
{
	static char buf[1 << 16];
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/t.service.log", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return "";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* Turn the loop (with a timer so that it never blocks for long) until
 * cond holds. */
static struct loop_timer tick;
static void tick_fn(struct loop_timer *t)
{
}

#define RUN_UNTIL(cond)                                                        \
	do {                                                                   \
		loop_timer_init(&tick, tick_fn);                               \
		for (int i_ = 0; i_ < 100 && !(cond); i_++) {                  \
			loop_timer_set(&L, &tick, now_monotonic() + 20000);    \
			ck_assert_int_eq(loop_run_once(&L), 0);                \
		}                                                              \
		loop_timer_cancel(&L, &tick);                                  \
		ck_assert_msg((cond), "never: %s", #cond);                     \
	} while (0)

START_TEST(test_lines_reach_the_file)
{
	int w = outpipe_writer(&P);

	ck_assert_int_ge(w, 0);
	ck_assert(P.watched);
	ck_assert_int_eq(write(w, "hello\nworld\n", 12), 12);
	RUN_UNTIL(strstr(log_text(), " out world\n") != NULL);
	ck_assert_ptr_nonnull(strstr(log_text(), " out hello\n"));
	/* The last writer gone: end of file, out of the loop. */
	close(w);
	RUN_UNTIL(!P.watched);
	/* The next child gets a writer to the same pipe, watched again. */
	w = outpipe_writer(&P);
	ck_assert_int_ge(w, 0);
	ck_assert(P.watched);
	ck_assert_int_eq(write(w, "again\n", 6), 6);
	RUN_UNTIL(strstr(log_text(), " out again\n") != NULL);
	close(w);
}
END_TEST

/* A partial last line is held until the flush that says the unit has no
 * process left, then written whole. */
START_TEST(test_flush_completes_partial_line)
{
	int w = outpipe_writer(&P);

	ck_assert_int_eq(write(w, "no newline", 10), 10);
	close(w);
	RUN_UNTIL(!P.watched);
	ck_assert_ptr_null(strstr(log_text(), "no newline"));
	outpipe_flush(&P);
	ck_assert_ptr_nonnull(strstr(log_text(), " out no newline\n"));
}
END_TEST

/* A pipe starts at the kernel's default size and grows once it has been
 * found full. */
START_TEST(test_full_pipe_grows)
{
	static char chunk[OUTPIPE_INITIAL];
	int w = outpipe_writer(&P);

	ck_assert_int_eq(fcntl(P.io.fd, F_GETPIPE_SZ), OUTPIPE_INITIAL);
	memset(chunk, 'x', sizeof(chunk));
	chunk[sizeof(chunk) - 1] = '\n';
	ck_assert_int_eq(fcntl(w, F_SETFL, O_NONBLOCK), 0);
	ck_assert_int_eq(write(w, chunk, sizeof(chunk)),
			 (ssize_t)sizeof(chunk));
	RUN_UNTIL(P.grown);
	ck_assert_int_ge(fcntl(P.io.fd, F_GETPIPE_SZ), OUTPIPE_SIZE);
	close(w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("outpipe");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lines_reach_the_file);
	tcase_add_test(tc, test_flush_completes_partial_line);
	tcase_add_test(tc, test_full_pipe_grows);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
