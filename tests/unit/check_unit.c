/* Check suite for the unit model and the unitset name table. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

START_TEST(test_names)
{
	ck_assert(unit_name_is_valid("web.service"));
	ck_assert(unit_name_is_valid("getty@tty1.service"));
	ck_assert(unit_name_is_valid("multi-user.target"));
	ck_assert(!unit_name_is_valid("web"));
	ck_assert(!unit_name_is_valid(".service"));
	ck_assert(!unit_name_is_valid("a@b@c.service"));
	ck_assert(!unit_name_is_valid("sp ace.service"));
	ck_assert(!unit_name_is_valid("@.service"));
	ck_assert(unit_name_is_template("getty@.service"));
	ck_assert(!unit_name_is_template("getty@tty1.service"));
	ck_assert(unit_name_is_instance("getty@tty1.service"));
	ck_assert(!unit_name_is_instance("web.service"));
	ck_assert_int_eq(unit_type_from_name("x.target"), UNIT_TARGET);
	ck_assert_int_eq(unit_type_from_name("x.socket"), UNIT_SOCKET);
	ck_assert_int_lt(unit_type_from_name("x.timer"), 0);
}
END_TEST

START_TEST(test_unitset)
{
	struct unitset s;
	char name[64];

	unitset_init(&s);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "u%d.service", i);
		ck_assert_int_eq(unitset_add(&s, unit_new(name, UNIT_SERVICE)),
				 0);
	}
	ck_assert_uint_eq(s.n, 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "u%d.service", i);
		ck_assert_int_eq(unitset_index(&s, name), i);
	}
	struct unit *dup = unit_new("u7.service", UNIT_SERVICE);
	ck_assert_int_eq(unitset_add(&s, dup), -EEXIST);
	unit_free(dup);
	ck_assert_int_eq(unitset_add_alias(&s, "alias.service", 42), 0);
	ck_assert_ptr_eq(unitset_get(&s, "alias.service"), s.units[42]);
	ck_assert_int_eq(unitset_add_alias(&s, "u1.service", 3), -EEXIST);
	ck_assert_ptr_null(unitset_get(&s, "nope.service"));
	unitset_free(&s);
}
END_TEST

START_TEST(test_exit_set)
{
	struct exit_set e = {0};

	ck_assert(unit_exit_set_empty(&e));
	unit_exit_set_add_status(&e, 0);
	unit_exit_set_add_status(&e, 255);
	unit_exit_set_add_signal(&e, 15);
	ck_assert(unit_exit_set_has_status(&e, 0));
	ck_assert(unit_exit_set_has_status(&e, 255));
	ck_assert(!unit_exit_set_has_status(&e, 1));
	ck_assert(!unit_exit_set_has_status(&e, 256));
	ck_assert(unit_exit_set_has_signal(&e, 15));
	ck_assert(!unit_exit_set_has_signal(&e, 9));
	ck_assert(!unit_exit_set_empty(&e));
}
END_TEST

START_TEST(test_defaults)
{
	struct unit *u = unit_new("a.service", UNIT_SERVICE);

	ck_assert_int_eq(u->svc.type, SVC_SIMPLE);
	ck_assert_uint_eq(u->svc.restart_sec, 100000);
	ck_assert_uint_eq(u->svc.timeout_stop, 90000000);
	ck_assert_int_eq(u->start_limit_burst, 5);
	ck_assert(u->default_dependencies);
	ck_assert_uint_eq(u->svc.umask, 0022);
	unit_free(u);
}
END_TEST

START_TEST(test_default_deps)
{
	struct unitset s;
	struct unit *t = unit_new("x.target", UNIT_TARGET);
	struct unit *a = unit_new("a.service", UNIT_SERVICE);
	struct unit *b = unit_new("b.service", UNIT_SERVICE);
	struct unit *c = unit_new("c.service", UNIT_SERVICE);
	struct unit *sd = unit_new("shutdown.target", UNIT_TARGET);

	unitset_init(&s);
	strv_push_dup(&t->deps[DEP_WANTS], "a.service");
	strv_push_dup(&t->deps[DEP_WANTS], "b.service");
	strv_push_dup(&t->deps[DEP_REQUIRES], "c.service");
	strv_push_dup(&t->deps[DEP_WANTS], "missing.service");
	/* b orders itself after the target: no implicit After= for it. */
	strv_push_dup(&b->deps[DEP_AFTER], "x.target");
	c->default_dependencies = false;
	sd->default_dependencies = false;
	ck_assert_int_eq(unitset_add(&s, t), 0);
	ck_assert_int_eq(unitset_add(&s, a), 0);
	ck_assert_int_eq(unitset_add(&s, b), 0);
	ck_assert_int_eq(unitset_add(&s, c), 0);
	ck_assert_int_eq(unitset_add(&s, sd), 0);
	ck_assert_int_eq(unit_add_default_deps(&s), 0);
	ck_assert(strv_contains(t->deps[DEP_AFTER], "a.service"));
	ck_assert(!strv_contains(t->deps[DEP_AFTER], "b.service"));
	/* the target's own DefaultDependencies decides, not c's */
	ck_assert(strv_contains(t->deps[DEP_AFTER], "c.service"));
	ck_assert(!strv_contains(t->deps[DEP_AFTER], "missing.service"));
	ck_assert_uint_eq(strv_len(t->deps[DEP_AFTER]), 2);
	ck_assert(strv_contains(a->deps[DEP_CONFLICTS], "shutdown.target"));
	ck_assert(strv_contains(a->deps[DEP_BEFORE], "shutdown.target"));
	ck_assert(!strv_contains(c->deps[DEP_CONFLICTS], "shutdown.target"));
	/* Idempotent for the services. */
	ck_assert_int_eq(unit_add_default_deps(&s), 0);
	ck_assert_uint_eq(strv_len(a->deps[DEP_CONFLICTS]), 1);
	unitset_free(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("unit");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_unitset);
	tcase_add_test(tc, test_exit_set);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_default_deps);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
