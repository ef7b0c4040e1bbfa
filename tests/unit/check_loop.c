/* Check suite for the event loop: deadline heap order, cancel and re-arm,
 * fd dispatch, removal during dispatch, signals as data. */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop.h"

struct rec {
	struct loop_timer t;
	int id;
};

static int fired[64], n_fired;

static void on_timer(struct loop_timer *t)
{
	fired[n_fired++] = ((struct rec *)t)->id;
}

START_TEST(test_timers_order)
{
	struct loop l;
	struct rec r[20];
	usec_t now = now_monotonic();

	ck_assert_int_eq(loop_init(&l, NULL, NULL), 0);
	n_fired = 0;
	/* Deadlines in a scrambled order, all already due. */
	for (int i = 0; i < 20; i++) {
		r[i].id = i;
		loop_timer_init(&r[i].t, on_timer);
		ck_assert_int_eq(
			loop_timer_set(&l, &r[i].t, now - 1000 + (i * 7) % 20),
			0);
	}
	loop_timer_cancel(&l, &r[5].t);
	loop_timer_cancel(&l, &r[5].t); /* twice is harmless */
	ck_assert(!loop_timer_armed(&r[5].t));
	/* Move 3 to the very end, and 19 (last) to the front. */
	loop_timer_set(&l, &r[3].t, now - 1);
	loop_timer_set(&l, &r[19].t, now - 5000);
	ck_assert_int_eq(loop_run_once(&l), 0);
	ck_assert_int_eq(n_fired, 19);
	ck_assert_int_eq(fired[0], 19);
	ck_assert_int_eq(fired[18], 3);
	for (int i = 1; i < 18; i++)
		ck_assert_int_le(r[fired[i - 1]].t.when, r[fired[i]].t.when);
	loop_done(&l);
}
END_TEST

START_TEST(test_timer_waits)
{
	struct loop l;
	struct rec r = {.id = 1};
	usec_t start = now_monotonic();

	ck_assert_int_eq(loop_init(&l, NULL, NULL), 0);
	n_fired = 0;
	loop_timer_init(&r.t, on_timer);
	loop_timer_set(&l, &r.t, start + 30 * USEC_PER_MSEC);
	while (n_fired == 0)
		ck_assert_int_eq(loop_run_once(&l), 0);
	ck_assert_uint_ge(now_monotonic() - start, 30 * USEC_PER_MSEC);
	/* It slept in epoll_wait: one or two wakeups, not a spin. */
	ck_assert_uint_le(l.wakeups, 2);
	loop_done(&l);
}
END_TEST

static struct loop *cur_loop;
static struct loop_io io_a, io_b;
static int a_calls, b_calls;

static void on_a(struct loop_io *io, uint32_t ev)
{
	char c;

	a_calls++;
	ck_assert_int_eq(read(io->fd, &c, 1), 1);
	/* Removing the other fd while its event is pending must drop it. */
	loop_io_del(cur_loop, &io_b);
}

static void on_b(struct loop_io *io, uint32_t ev)
{
	b_calls++;
}

START_TEST(test_io_del_during_dispatch)
{
	struct loop l;
	int pa[2], pb[2];

	ck_assert_int_eq(loop_init(&l, NULL, NULL), 0);
	cur_loop = &l;
	ck_assert_int_eq(pipe2(pa, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(pb, O_CLOEXEC), 0);
	io_a = (struct loop_io){.fd = pa[0], .fn = on_a};
	io_b = (struct loop_io){.fd = pb[0], .fn = on_b};
	ck_assert_int_eq(loop_io_add(&l, &io_a, EPOLLIN), 0);
	ck_assert_int_eq(loop_io_add(&l, &io_b, EPOLLIN), 0);
	ck_assert_int_eq(write(pb[1], "b", 1), 1);
	ck_assert_int_eq(write(pa[1], "a", 1), 1);
	ck_assert_int_eq(loop_run_once(&l), 0);
	/* Either a ran first and b was dropped, or b ran before a. */
	ck_assert_int_eq(a_calls, 1);
	ck_assert_int_le(b_calls, 1);
	int b_before = b_calls;
	ck_assert_int_eq(write(pb[1], "b", 1), 1);
	struct rec r = {.id = 0};
	loop_timer_init(&r.t, on_timer);
	loop_timer_set(&l, &r.t, now_monotonic() + 20 * USEC_PER_MSEC);
	ck_assert_int_eq(loop_run_once(&l), 0);
	ck_assert_int_eq(b_calls, b_before); /* b is no longer watched */
	loop_done(&l);
}
END_TEST

static int got_sig;
static void on_sig(void *data, const struct signalfd_siginfo *si)
{
	got_sig = si->ssi_signo;
	loop_quit(data);
}

START_TEST(test_signal_as_data)
{
	struct loop l;
	sigset_t cur;

	ck_assert_int_eq(loop_init(&l, on_sig, &l), 0);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &cur), 0);
	ck_assert(sigismember(&cur, SIGTERM));
	ck_assert(sigismember(&cur, SIGCHLD));
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(loop_run(&l), 0);
	ck_assert_int_eq(got_sig, SIGUSR1);
	loop_done(&l);
}
END_TEST

START_TEST(test_timer_reserve)
{
	struct loop l;
	struct rec r[100];
	struct loop_timer **heap;

	ck_assert_int_eq(loop_init(&l, NULL, NULL), 0);
	ck_assert_int_eq(loop_timer_reserve(&l, 100), 0);
	heap = l.heap;
	ck_assert_uint_eq(l.cap_heap, 100);
	for (int i = 0; i < 100; i++) {
		loop_timer_init(&r[i].t, on_timer);
		ck_assert_int_eq(loop_timer_set(&l, &r[i].t, 1000 + i), 0);
	}
	/* All armed within the reservation: the heap never moved. */
	ck_assert_ptr_eq(l.heap, heap);
	ck_assert_uint_eq(l.cap_heap, 100);
	ck_assert_int_eq(loop_timer_reserve(&l, 10), 0); /* never shrinks */
	ck_assert_uint_eq(l.cap_heap, 100);
	loop_done(&l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_timers_order);
	tcase_add_test(tc, test_timer_waits);
	tcase_add_test(tc, test_io_del_during_dispatch);
	tcase_add_test(tc, test_signal_as_data);
	tcase_add_test(tc, test_timer_reserve);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
