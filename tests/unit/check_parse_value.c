/* Check suite for parse's value parsers: booleans, numbers, time spans,
 * signals, exit statuses, quoting, Exec lines, specifiers and $VAR
 * expansion. The unit-file level is in check_parse.c. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* argv as one string, words in [], for compact comparisons. */
static const char *join(char *const *v)
{
	static char buf[8192];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; v && v[i]; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[%s]", v[i]);
	return buf;
}

START_TEST(test_boolean)
{
	static const char *const yes[] = {"yes", "YES", "true", "True", "1",
					  "on",	 "ON",	"y",	"t"};
	static const char *const no[] = {"no", "No",  "false", "FALSE",
					 "0",  "off", "n",     "f"};
	bool b;

	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		b = false;
		ck_assert_int_eq(parse_boolean(yes[i], &b), 0);
		ck_assert(b);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++) {
		b = true;
		ck_assert_int_eq(parse_boolean(no[i], &b), 0);
		ck_assert(!b);
	}
	ck_assert_int_eq(parse_boolean("", &b), -EINVAL);
	ck_assert_int_eq(parse_boolean("yess", &b), -EINVAL);
	ck_assert_int_eq(parse_boolean("2", &b), -EINVAL);
	ck_assert_int_eq(parse_boolean(" yes", &b), -EINVAL);
}
END_TEST

START_TEST(test_unsigned)
{
	unsigned n;

	ck_assert_int_eq(parse_unsigned("0", &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(parse_unsigned("4294967295", &n), 0);
	ck_assert_uint_eq(n, 4294967295u);
	ck_assert_int_eq(parse_unsigned("4294967296", &n), -ERANGE);
	ck_assert_int_eq(parse_unsigned("99999999999999999999999", &n),
			 -ERANGE);
	ck_assert_int_eq(parse_unsigned("-1", &n), -EINVAL);
	ck_assert_int_eq(parse_unsigned("+1", &n), -EINVAL);
	ck_assert_int_eq(parse_unsigned("1x", &n), -EINVAL);
	ck_assert_int_eq(parse_unsigned("", &n), -EINVAL);
}
END_TEST

START_TEST(test_size)
{
	uint64_t n;

	ck_assert_int_eq(parse_size("0", &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(parse_size("10", &n), 0);
	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(parse_size("4K", &n), 0);
	ck_assert_uint_eq(n, 4096);
	ck_assert_int_eq(parse_size("10M", &n), 0);
	ck_assert_uint_eq(n, 10 * 1024 * 1024);
	ck_assert_int_eq(parse_size("2G", &n), 0);
	ck_assert_uint_eq(n, 2ULL * 1024 * 1024 * 1024);
	ck_assert_int_eq(parse_size("", &n), -EINVAL);
	ck_assert_int_eq(parse_size("K", &n), -EINVAL);
	ck_assert_int_eq(parse_size("10KB", &n), -EINVAL);
	ck_assert_int_eq(parse_size("-1", &n), -EINVAL);
	ck_assert_int_eq(parse_size("1 K", &n), -EINVAL);
	ck_assert_int_eq(parse_size("99999999999999999999", &n), -EINVAL);
	ck_assert_int_eq(parse_size("17179869184G", &n), -EINVAL);
}
END_TEST

START_TEST(test_timespan)
{
	static const struct {
		const char *s;
		usec_t us;
	} ok[] = {
		{"0", 0},
		{"90", 90 * USEC_PER_SEC},
		{" 90 ", 90 * USEC_PER_SEC},
		{"500ms", 500 * USEC_PER_MSEC},
		{"500msec", 500 * USEC_PER_MSEC},
		{"10us", 10},
		{"10usec", 10},
		{"10\xc2\xb5s", 10},
		{"5s", 5 * USEC_PER_SEC},
		{"5sec", 5 * USEC_PER_SEC},
		{"1second", USEC_PER_SEC},
		{"2seconds", 2 * USEC_PER_SEC},
		{"2m", 120 * USEC_PER_SEC},
		{"2min", 120 * USEC_PER_SEC},
		{"1minute", 60 * USEC_PER_SEC},
		{"3minutes", 180 * USEC_PER_SEC},
		{"1h", 3600 * USEC_PER_SEC},
		{"1hr", 3600 * USEC_PER_SEC},
		{"1hour", 3600 * USEC_PER_SEC},
		{"2hours", 7200 * USEC_PER_SEC},
		{"1d", 86400 * USEC_PER_SEC},
		{"1day", 86400 * USEC_PER_SEC},
		{"2days", 2 * 86400 * USEC_PER_SEC},
		{"1w", 7 * 86400 * USEC_PER_SEC},
		{"1week", 7 * 86400 * USEC_PER_SEC},
		{"2weeks", 14 * 86400 * USEC_PER_SEC},
		{"1min 30s", 90 * USEC_PER_SEC},
		{"1min30s", 90 * USEC_PER_SEC},
		{"1h 1min 1s 1ms 1us", 3661001001ULL},
		{"5 min", 300 * USEC_PER_SEC},
		{"1min 30", 90 * USEC_PER_SEC},
		{"1.5s", 1500 * USEC_PER_MSEC},
		{"1.5h", 5400 * USEC_PER_SEC},
		{".5s", 500 * USEC_PER_MSEC},
		{"infinity", USEC_INFINITY},
		{" infinity ", USEC_INFINITY},
	};
	static const char *const bad[] = {
		"",	      "   ",	  "5 parsecs", "-1", "1x",
		"ms",	      "1min -3s", "s5",	       ".",  "infinityx",
		"1 infinity", "1;2",	  "1,5s"};
	usec_t t;

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		t = 12345;
		ck_assert_msg(parse_timespan(ok[i].s, &t) == 0, "%s", ok[i].s);
		ck_assert_msg(t == ok[i].us, "%s: %llu", ok[i].s,
			      (unsigned long long)t);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(parse_timespan(bad[i], &t) == -EINVAL, "%s",
			      bad[i]);
	ck_assert_int_eq(parse_timespan("99999999999999999999", &t), -ERANGE);
	ck_assert_int_eq(parse_timespan("999999999999w", &t), -ERANGE);
	ck_assert_int_eq(parse_timespan("18446744073709us", &t), 0);
}
END_TEST

START_TEST(test_signal)
{
	int s;

	ck_assert_int_eq(parse_signal("SIGTERM", &s), 0);
	ck_assert_int_eq(s, SIGTERM);
	ck_assert_int_eq(parse_signal("TERM", &s), 0);
	ck_assert_int_eq(s, SIGTERM);
	ck_assert_int_eq(parse_signal("15", &s), 0);
	ck_assert_int_eq(s, 15);
	ck_assert_int_eq(parse_signal("SIGKILL", &s), 0);
	ck_assert_int_eq(s, SIGKILL);
	ck_assert_int_eq(parse_signal("HUP", &s), 0);
	ck_assert_int_eq(s, SIGHUP);
	ck_assert_int_eq(parse_signal("SIGUSR2", &s), 0);
	ck_assert_int_eq(s, SIGUSR2);
	ck_assert_int_eq(parse_signal("WINCH", &s), 0);
	ck_assert_int_eq(s, SIGWINCH);
	ck_assert_int_eq(parse_signal("64", &s), 0);
	ck_assert_int_eq(s, 64);
	ck_assert_int_eq(parse_signal("RTMIN", &s), 0);
	ck_assert_int_eq(s, SIGRTMIN);
	ck_assert_int_eq(parse_signal("SIGRTMIN+2", &s), 0);
	ck_assert_int_eq(s, SIGRTMIN + 2);
	ck_assert_int_eq(parse_signal("RTMAX-1", &s), 0);
	ck_assert_int_eq(s, SIGRTMAX - 1);
	ck_assert_int_eq(parse_signal("0", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("65", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("SIGFOO", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("sigterm", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("SIG", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("RTMIN+99", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("RTMIN-1", &s), -EINVAL);
	ck_assert_int_eq(parse_signal("-15", &s), -EINVAL);
}
END_TEST

START_TEST(test_exit_status)
{
	static const struct {
		const char *s;
		int v;
	} ok[] = {
		{"0", 0},
		{"255", 255},
		{"SUCCESS", 0},
		{"FAILURE", 1},
		{"INVALIDARGUMENT", 2},
		{"NOTIMPLEMENTED", 3},
		{"NOPERMISSION", 4},
		{"NOTINSTALLED", 5},
		{"NOTCONFIGURED", 6},
		{"NOTRUNNING", 7},
		{"USAGE", 64},
		{"EXEC", 203},
	};
	int v;

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		ck_assert_int_eq(parse_exit_status(ok[i].s, &v), 0);
		ck_assert_int_eq(v, ok[i].v);
	}
	ck_assert_int_eq(parse_exit_status("256", &v), -ERANGE);
	ck_assert_int_eq(parse_exit_status("-1", &v), -EINVAL);
	ck_assert_int_eq(parse_exit_status("TERM", &v), -EINVAL);
	ck_assert_int_eq(parse_exit_status("", &v), -EINVAL);
	ck_assert_int_eq(parse_exit_status("1a", &v), -EINVAL);
}
END_TEST

static void split_ok(const char *in, const char *want)
{
	char **w = NULL;
	const char *why = NULL;

	ck_assert_msg(parse_split_quoted(in, &w, &why) == 0, "%s: %s", in, why);
	ck_assert_str_eq(join(w), want);
	strv_free(w);
}

static void split_bad(const char *in, const char *why_part)
{
	char **w = (char **)1;
	const char *why = NULL;

	ck_assert_msg(parse_split_quoted(in, &w, &why) == -EINVAL, "%s", in);
	ck_assert_ptr_null(w);
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strstr(why, why_part), "%s: %s", in, why);
}

START_TEST(test_quoting)
{
	split_ok("", "");
	split_ok("   ", "");
	split_ok("a b\tc", "[a][b][c]");
	split_ok("\"a b\" 'c d'", "[a b][c d]");
	split_ok("\"it's\" 'say \"hi\"'", "[it's][say \"hi\"]");
	split_ok("\"\"", "[]");
	split_ok("--opt=\"a b\" x", "[--opt=a b][x]");
	split_ok("a\\nb a\\tb", "[a\nb][a\tb]");
	split_ok("\\\\ \\\" \\'", "[\\][\"][']");
	split_ok("\"a\\\"b\"", "[a\"b]");
	split_ok("'\\\\u'", "[\\u]");
	split_ok("\\x41\\x62c", "[Abc]");
	split_ok("\\101", "[A]");
	split_ok("a\\sb", "[a b]");
	split_ok("\\u00e9", "[\xc3\xa9]");
	split_ok("a;b ';' \\;", "[a;b][;][;]");
	split_bad("\"abc", "unterminated");
	split_bad("'abc", "unterminated");
	split_bad("abc\\", "backslash at the end");
	split_bad("\\q", "invalid escape");
	split_bad("\\x4", "invalid escape");
	split_bad("\\xZZ", "invalid escape");
	split_bad("\\x00", "NUL");
	split_bad("\\ud800", "invalid escape");
}
END_TEST

static void exec_ok(const char *in, const char *path, const char *argv,
		    unsigned flags)
{
	struct exec_cmd c;

	ck_assert_msg(parse_exec_line(in, &c) == 0, "%s", in);
	ck_assert_str_eq(c.path, path);
	ck_assert_str_eq(join(c.argv), argv);
	ck_assert_uint_eq(c.flags, flags);
	parse_exec_cmd_clear(&c);
	ck_assert_ptr_null(c.path);
}

static void exec_bad(const char *in, int err)
{
	struct exec_cmd c;

	ck_assert_msg(parse_exec_line(in, &c) == err, "%s", in);
	ck_assert_ptr_null(c.path);
	ck_assert_ptr_null(c.argv);
}

START_TEST(test_exec_line)
{
	exec_ok("/bin/true", "/bin/true", "[/bin/true]", 0);
	exec_ok("  /bin/echo  a   b ", "/bin/echo", "[/bin/echo][a][b]", 0);
	exec_ok("echo hi", "echo", "[echo][hi]", 0);
	exec_ok("-/bin/false", "/bin/false", "[/bin/false]",
		EXEC_IGNORE_FAILURE);
	exec_ok("@/bin/busybox sh -c x", "/bin/busybox", "[sh][-c][x]",
		EXEC_ARGV0);
	exec_ok(":/bin/echo $HOME", "/bin/echo", "[/bin/echo][$HOME]",
		EXEC_NO_ENV_EXPAND);
	exec_ok("-@:/bin/x y", "/bin/x", "[y]",
		EXEC_IGNORE_FAILURE | EXEC_ARGV0 | EXEC_NO_ENV_EXPAND);
	exec_ok("\"/opt/my app/run\" --name \"a b\"", "/opt/my app/run",
		"[/opt/my app/run][--name][a b]", 0);
	exec_ok("/bin/sh -c 'echo a; echo b'", "/bin/sh",
		"[/bin/sh][-c][echo a; echo b]", 0);
	exec_ok("/usr/bin/find . -exec rm {} \\;", "/usr/bin/find",
		"[/usr/bin/find][.][-exec][rm][{}][;]", 0);
	exec_ok("/bin/echo \"%i\"", "/bin/echo", "[/bin/echo][%i]", 0);
	exec_bad("", -ENODATA);
	exec_bad("   ", -ENODATA);
	exec_ok("+/bin/true", "/bin/true", "[/bin/true]", EXEC_FULL_PRIVILEGES);
	exec_ok("!/bin/true", "/bin/true", "[/bin/true]", EXEC_KEEP_IDS);
	exec_ok("!!/bin/true", "/bin/true", "[/bin/true]",
		EXEC_AMBIENT_FALLBACK);
	exec_ok("-+/bin/true", "/bin/true", "[/bin/true]",
		EXEC_IGNORE_FAILURE | EXEC_FULL_PRIVILEGES);
	exec_ok("!-/bin/true", "/bin/true", "[/bin/true]",
		EXEC_IGNORE_FAILURE | EXEC_KEEP_IDS);
	exec_bad("+!/bin/true", -EINVAL);
	exec_bad("!!!/bin/true", -EINVAL);
	exec_bad("!+/bin/true", -EINVAL);
	exec_bad("+", -EINVAL);
	exec_bad("|/bin/true", -EPERM);
	exec_bad("-", -EINVAL);
	exec_bad("- /bin/true", -EINVAL);
	exec_bad("bin/true", -EINVAL);
	exec_bad("./true", -EINVAL);
	exec_bad("@/bin/true", -EINVAL);
	exec_bad("/bin/echo \"unterminated", -EINVAL);
	exec_bad("/bin/a ; /bin/b", -EINVAL);
	exec_bad("/bin/echo \\z", -EINVAL);
}
END_TEST

static struct unit *mk(const char *name, const char *instance)
{
	struct unit *u = unit_new(name, UNIT_SERVICE);

	ck_assert_ptr_nonnull(u);
	if (instance)
		u->instance = strdup(instance);
	return u;
}

static void spec_ok(const struct unit *u, const char *in, const char *want)
{
	char *out = NULL;

	ck_assert_msg(parse_expand_specifiers(u, in, &out) == 0, "%s", in);
	ck_assert_str_eq(out, want);
	free(out);
}

START_TEST(test_specifiers)
{
	struct unit *g = mk("getty@tty1.service", "tty1");
	struct unit *e = mk("foo@a-b\\x2dc.service", "a-b\\x2dc");
	struct unit *w = mk("web.service", NULL);
	struct unit *d = mk("a.b@x.y.service", "x.y");
	char *out = (char *)1;

	spec_ok(g, "%n|%N|%p|%i|%I|%%",
		"getty@tty1.service|getty@tty1|getty|"
		"tty1|tty1|%");
	spec_ok(e, "%i %I", "a-b\\x2dc a/b-c");
	spec_ok(e, "/dev/%I", "/dev/a/b-c");
	spec_ok(w, "%n %N %p [%i] [%I]", "web.service web web [] []");
	spec_ok(d, "%p %N %i", "a.b a.b@x.y x.y");
	spec_ok(w, "no specifier", "no specifier");
	spec_ok(w, "", "");
	spec_ok(w, "100%%", "100%");
	ck_assert_int_eq(parse_expand_specifiers(w, "%x", &out), -EINVAL);
	ck_assert_int_eq(parse_expand_specifiers(w, "50%", &out), -EINVAL);
	ck_assert_int_eq(parse_expand_specifiers(w, "%h", &out), -EINVAL);
	unit_free(g);
	unit_free(e);
	unit_free(w);
	unit_free(d);

	struct unit *b = mk("x@a\\x2.service", "a\\x2");
	ck_assert_int_eq(parse_expand_specifiers(b, "%I", &out), -EBADMSG);
	spec_ok(b, "%i", "a\\x2");
	unit_free(b);
	b = mk("x@a\\x00.service", "a\\x00");
	ck_assert_int_eq(parse_expand_specifiers(b, "%I", &out), -EBADMSG);
	unit_free(b);
}
END_TEST

static void env_ok(const char *args, char *const *env, const char *want)
{
	char **argv = NULL, **out = NULL;
	const char *why;

	ck_assert_int_eq(parse_split_quoted(args, &argv, &why), 0);
	ck_assert_int_eq(parse_expand_env(argv, env, &out), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(join(out), want);
	strv_free(argv);
	strv_free(out);
}

START_TEST(test_expand_env)
{
	char *env[] = {"A=one two  three", "B=b", "EMPTY=", "B=b2",
		       "PATHX=/usr/bin",   NULL};
	char **out = NULL;

	env_ok("/bin/x $A", env, "[/bin/x][one][two][three]");
	env_ok("/bin/x ${A}", env, "[/bin/x][one two  three]");
	env_ok("/bin/x pre${B}post", env, "[/bin/x][preb2post]");
	env_ok("/bin/x pre$B.post", env, "[/bin/x][preb2.post]");
	env_ok("/bin/x $B", env, "[/bin/x][b2]");
	env_ok("/bin/x $UNSET y", env, "[/bin/x][y]");
	env_ok("/bin/x ${UNSET} y", env, "[/bin/x][][y]");
	env_ok("/bin/x $EMPTY", env, "[/bin/x]");
	env_ok("/bin/x $$A $$", env, "[/bin/x][$A][$]");
	env_ok("/bin/x a$$b", env, "[/bin/x][a$b]");
	env_ok("/bin/x $ $1 ${ ${1x} ${A", env,
	       "[/bin/x][$][$1][${][${1x}][${A]");
	env_ok("/bin/x ${PATHX}:${B}", env, "[/bin/x][/usr/bin:b2]");
	env_ok("/bin/x ${A}${B}", env, "[/bin/x][one two  threeb2]");
	env_ok("/bin/x $A", NULL, "[/bin/x]");

	/* Nothing left is an empty vector, not NULL. */
	char *only[] = {"$UNSET", NULL};
	ck_assert_int_eq(parse_expand_env(only, env, &out), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_null(out[0]);
	strv_free(out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse_value");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_boolean);
	tcase_add_test(tc, test_unsigned);
	tcase_add_test(tc, test_timespan);
	tcase_add_test(tc, test_size);
	tcase_add_test(tc, test_signal);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_quoting);
	tcase_add_test(tc, test_exec_line);
	tcase_add_test(tc, test_specifiers);
	tcase_add_test(tc, test_expand_env);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
