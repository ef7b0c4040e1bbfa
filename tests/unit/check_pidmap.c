/* Check suite for the pid map: add, take, growth, and removal in the
 * middle of a probe run (backward shift keeps the others findable). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "pidmap.h"

#define V(x) ((void *)(uintptr_t)(x))

START_TEST(test_add_take)
{
	struct pidmap m = {0};

	ck_assert_ptr_null(pidmap_take(&m, 5)); /* empty map */
	ck_assert_int_eq(pidmap_add(&m, 5, V(50)), 0);
	ck_assert_int_eq(pidmap_add(&m, 6, V(60)), 0);
	ck_assert_int_eq(pidmap_add(&m, 5, V(55)), 0); /* replaces */
	ck_assert_uint_eq(m.n, 2);
	ck_assert_ptr_eq(pidmap_take(&m, 5), V(55));
	ck_assert_ptr_null(pidmap_take(&m, 5)); /* taken once */
	ck_assert_ptr_eq(pidmap_take(&m, 6), V(60));
	ck_assert_uint_eq(m.n, 0);
	pidmap_free(&m);
}
END_TEST

START_TEST(test_many_and_holes)
{
	struct pidmap m = {0};
	enum { N = 20000 };

	/* Pids that collide in a small table (multiples of its size) and
	 * plain ones; the table grows through several sizes. */
	for (int i = 1; i <= N; i++)
		ck_assert_int_eq(pidmap_add(&m, i * 256, V(i)), 0);
	ck_assert_uint_eq(m.n, N);
	ck_assert_uint_le(m.n * 2, m.n_slots);
	/* Take every third: the others must stay findable. */
	for (int i = 1; i <= N; i += 3)
		ck_assert_ptr_eq(pidmap_take(&m, i * 256), V(i));
	for (int i = 1; i <= N; i++) {
		void *v = pidmap_take(&m, i * 256);

		if (i % 3 == 1)
			ck_assert_ptr_null(v);
		else
			ck_assert_ptr_eq(v, V(i));
	}
	ck_assert_uint_eq(m.n, 0);
	pidmap_free(&m);
}
END_TEST

START_TEST(test_forget)
{
	struct pidmap m = {0};

	/* Interleave two owners so removals land in the middle of runs. */
	for (int i = 1; i <= 3000; i++)
		ck_assert_int_eq(pidmap_add(&m, i * 256, V(i % 2 ? 1 : 2)), 0);
	pidmap_forget(&m, V(1));
	ck_assert_uint_eq(m.n, 1500);
	for (int i = 1; i <= 3000; i++) {
		void *v = pidmap_take(&m, i * 256);

		ck_assert_ptr_eq(v, i % 2 ? NULL : V(2));
	}
	pidmap_forget(&m, V(2)); /* nothing left: harmless */
	pidmap_free(&m);
	pidmap_forget(&m, V(2)); /* empty map: harmless */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pidmap");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_add_take);
	tcase_add_test(tc, test_many_and_holes);
	tcase_add_test(tc, test_forget);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
