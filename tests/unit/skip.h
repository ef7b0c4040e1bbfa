/*
 * skip.h: a test that cannot run here is skipped, and says so.
 *
 * Check has no "skipped" result: a test that returns early has passed.
 * So a test that needs something the machine may lack (root, a high
 * limit on open files, the vfork spawn path that ASan builds do without)
 * is not added to its suite when it cannot run. tcase_add_test_if prints
 * "SKIP: test: reason" instead and counts it; skip_summary, called after
 * the run, prints the count beside Check's own line, which counts only
 * the tests that ran. Header-only: each suite is one program.
 */
#ifndef SVINIT_TEST_SKIP_H
#define SVINIT_TEST_SKIP_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned skip_count;

static inline void skip_note(const char *test, const char *reason)
{
	printf("SKIP: %s: %s\n", test, reason);
	skip_count++;
}

/* Add tf to tc when cond holds; otherwise note why it is skipped. */
#define tcase_add_test_if(tc, tf, cond, reason)                                \
	do {                                                                   \
		if (cond)                                                      \
			tcase_add_test(tc, tf);                                \
		else                                                           \
			skip_note(#tf, reason);                                \
	} while (0)

/* The tests of a cross build run under qemu-user (`make check-cross` sets
 * SVINIT_TEST_QEMU_USER), which emulates neither seccomp filters nor
 * every signal (it keeps one for itself), and runs several times slower:
 * the tests that need those are skipped there, and run natively. */
static inline bool under_qemu_user(void)
{
	const char *e = getenv("SVINIT_TEST_QEMU_USER");

	return e && *e;
}
#define QEMU_USER_SKIPS "qemu-user (check-cross) cannot run it"

/* After the run: how many tests of the suite were skipped, if any. */
static inline void skip_summary(const char *suite)
{
	if (skip_count > 0)
		printf("%s: %u test%s skipped\n", suite, skip_count,
		       skip_count == 1 ? "" : "s");
}

#endif
