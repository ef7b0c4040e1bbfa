/*
 * Check suite for pid1's kernel command line parsing (the rest of pid1
 * needs a machine: tests/vm/run boots one).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "pid1.h"

START_TEST(test_cmdline)
{
	char line[] = "BOOT_IMAGE=/vmlinuz root=/dev/vda quiet "
		      "svinit.target=rescue.target svinit.units=/a "
		      "svinit.units=/b svinit.log_level=debug "
		      "svinit.show_status=no single svinit.unknown=1\n";
	struct pid1_cmdline c;

	pid1_parse_cmdline(line, &c);
	ck_assert_str_eq(c.target, "rescue.target");
	ck_assert_str_eq(c.log_level, "debug");
	ck_assert_int_eq(c.n_units, 2);
	ck_assert_str_eq(c.units[0], "/a");
	ck_assert_str_eq(c.units[1], "/b");
	ck_assert_int_eq(c.show_status, 0);
	ck_assert(c.emergency);
}
END_TEST

START_TEST(test_cmdline_defaults)
{
	char line[] = "console=ttyS0 svinit.show_status=yes emergencyx";
	char empty[] = "";
	struct pid1_cmdline c;

	pid1_parse_cmdline(line, &c);
	ck_assert_ptr_null(c.target);
	ck_assert_ptr_null(c.log_level);
	ck_assert_int_eq(c.n_units, 0);
	ck_assert_int_eq(c.show_status, 1);
	ck_assert(!c.emergency);
	pid1_parse_cmdline(empty, &c);
	ck_assert_int_eq(c.show_status, -1);
	ck_assert(!c.emergency);
	/* Not a machine: a test runs as an ordinary process. */
	ck_assert(!pid1_is_machine());
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pid1");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_cmdline);
	tcase_add_test(tc, test_cmdline_defaults);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
