/* Check suite for procset: a unit's process groups, over a fake kill and
 * getpgid through the sys seam. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "procset.h"
#include "sys.h"

/* Groups 100..199 are alive when alive[g - 100] is set. */
static bool alive[100];
static int n_signalled;

static int fake_kill(pid_t pid, int sig)
{
	pid_t g = -pid;

	if (pid >= 0 || g < 100 || g >= 200 || !alive[g - 100]) {
		errno = ESRCH;
		return -1;
	}
	if (sig)
		n_signalled++;
	return 0;
}

/* Process 1000 + k is in group 100 + k. */
static pid_t fake_getpgid(pid_t pid)
{
	if (pid == 0)
		return 42; /* "svinit's own group" */
	if (pid < 1000 || pid >= 1100) {
		errno = ESRCH;
		return -1;
	}
	return pid - 900;
}

static void setup(void)
{
	for (size_t i = 0; i < 100; i++)
		alive[i] = false;
	n_signalled = 0;
	sys.kill = fake_kill;
	sys.getpgid = fake_getpgid;
}

static void teardown(void)
{
	sys_reset();
}

START_TEST(test_groups_signalled_and_emptied)
{
	struct procset p = {0};

	alive[0] = alive[1] = true;
	ck_assert_int_eq(procset_add_group(&p, 100), 0);
	ck_assert_int_eq(procset_add_process(&p, 1001), 0); /* group 101 */
	ck_assert_int_eq(procset_add_group(&p, 100), 0);    /* once */
	ck_assert_uint_eq(p.n, 2);
	ck_assert_uint_eq(procset_kill(&p, SIGTERM, 0), 2);
	/* A main process in none of the groups reached is signalled by pid
	 * (fake_kill refuses pids > 0: not counted), one leading a group
	 * that was reached is not signalled twice. */
	ck_assert_uint_eq(procset_kill(&p, SIGTERM, 100), 2);
	ck_assert(!procset_empty(&p));
	alive[0] = false;
	ck_assert(!procset_empty(&p));
	ck_assert_uint_eq(p.n, 1); /* the empty group was forgotten */
	alive[1] = false;
	ck_assert(procset_empty(&p));
	ck_assert_int_eq(procset_add_process(&p, 5), -ESRCH);
}
END_TEST

START_TEST(test_never_init_or_own_group)
{
	struct procset p = {0};

	ck_assert_int_eq(procset_add_group(&p, 1), 0);
	ck_assert_int_eq(procset_add_group(&p, 0), 0);
	ck_assert_int_eq(procset_add_group(&p, 42), 0);
	ck_assert_uint_eq(p.n, 0);
	ck_assert(procset_empty(&p));
}
END_TEST

START_TEST(test_bounded)
{
	struct procset p = {0};

	/* Dead groups make room. */
	for (pid_t g = 100; g < 100 + 3 * PROCSET_MAX; g++)
		ck_assert_int_eq(procset_add_group(&p, g), 0);
	ck_assert_uint_le(p.n, PROCSET_MAX);
	/* Live ones push out the oldest, and say so. */
	procset_clear(&p);
	for (size_t i = 0; i <= PROCSET_MAX; i++)
		alive[i] = true;
	for (pid_t g = 100; g < 100 + PROCSET_MAX; g++)
		ck_assert_int_eq(procset_add_group(&p, g), 0);
	ck_assert_int_eq(procset_add_group(&p, 100 + PROCSET_MAX), -ENOSPC);
	ck_assert_uint_eq(p.n, PROCSET_MAX);
	ck_assert_int_eq(p.groups[0], 101);
	ck_assert_int_eq(p.groups[PROCSET_MAX - 1], 100 + PROCSET_MAX);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("procset");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_groups_signalled_and_emptied);
	tcase_add_test(tc, test_never_init_or_own_group);
	tcase_add_test(tc, test_bounded);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
