/* Check suite for parse at the unit file level: syntax (sections,
 * comments, continuation, long lines), every key, drop-in semantics,
 * specifiers in a unit, diagnostics with FILE:LINE, parse_unit_finish, and
 * the sample files under tests/data/systemd. Value parsers: see
 * check_parse_value.c. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ns.h"
#include "parse.h"
#include "service.h"

#define ANY_LINE (~0u)

static struct unit *mk(const char *name)
{
	int type = unit_type_from_name(name);
	struct unit *u;
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

	ck_assert_int_ge(type, 0);
	u = unit_new(name, (enum unit_type)type);
	ck_assert_ptr_nonnull(u);
	if (at && at + 1 < dot) {
		u->instance = strndup(at + 1, (size_t)(dot - at - 1));
		ck_assert_int_gt(asprintf(&u->template_name, "%.*s@%s",
					  (int)(at - name), name, dot),
				 0);
	}
	return u;
}

static void dump(const struct diag_list *dl)
{
	diag_print(dl, stderr);
}

/* Whether dl has a diagnostic of level at line whose formatted text
 * contains sub. */
static bool has(const struct diag_list *dl, enum diag_level level,
		unsigned line, const char *sub)
{
	char buf[8192];

	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->items[i];

		diag_format(d, buf, sizeof(buf));
		if (d->level == level &&
		    (line == ANY_LINE || d->line == line) && strstr(buf, sub))
			return true;
	}
	return false;
}

#define expect(dl, level, line, sub)                                           \
	do {                                                                   \
		if (!has(dl, level, line, sub))                                \
			dump(dl);                                              \
		ck_assert_msg(has(dl, level, line, sub), "missing: %s", sub);  \
	} while (0)

#define expect_clean(dl)                                                       \
	do {                                                                   \
		if ((dl)->n)                                                   \
			dump(dl);                                              \
		ck_assert_uint_eq((dl)->n, 0);                                 \
	} while (0)

/* Parse text into a fresh unit named name; the diagnostics go to dl. */
static struct unit *parse(const char *name, const char *text,
			  struct diag_list *dl, int *rc)
{
	struct unit *u = mk(name);
	int r;

	diag_init(dl);
	r = parse_unit_string(u, name, text, dl);
	if (rc)
		*rc = r;
	return u;
}

static const char *join(char *const *v)
{
	static char buf[16384];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; v && v[i]; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[%s]", v[i]);
	return buf;
}

START_TEST(test_syntax_basic)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("a.service",
			       "\xef\xbb\xbf# leading comment\n"
			       "; another comment\n"
			       "\n"
			       "[Unit]\r\n"
			       "   Description = spaced out  \r\n"
			       "\t# indented comment\n"
			       "[Service]\n"
			       "ExecStart=/bin/true\n"
			       "  [Unit]  \n"
			       "After=b.service\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, 0);
	expect_clean(&dl);
	ck_assert_str_eq(u->description, "spaced out");
	ck_assert_str_eq(join(u->deps[DEP_AFTER]), "[b.service]");
	ck_assert_uint_eq(u->svc.start.n, 1);
	ck_assert_uint_eq(u->svc.start.cmds[0].line, 8);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_continuation)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("a.service",
			       "[Service]\n"
			       "ExecStart=/bin/echo a \\\n"
			       "# a comment inside\n"
			       "; and another\n"
			       "    b\\\n"
			       "c\n"
			       "ExecStartPost=/bin/echo x\\\\\n"
			       "ExecStopPost=/bin/echo \\\n"
			       "\n"
			       "ExecReload=/bin/kill \"a \\\n"
			       "b\"\n"
			       "RestartSec=5 \\\n"
			       "  parsecs\n"
			       "ExecStop=/bin/end \\",
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_str_eq(join(u->svc.start.cmds[0].argv),
			 "[/bin/echo][a][b][c]");
	ck_assert_uint_eq(u->svc.start.cmds[0].line, 2);
	/* An escaped backslash does not continue the line. */
	ck_assert_str_eq(join(u->svc.start_post.cmds[0].argv),
			 "[/bin/echo][x\\]");
	ck_assert_uint_eq(u->svc.start_post.cmds[0].line, 7);
	/* A blank line ends a continuation. */
	ck_assert_str_eq(join(u->svc.stop_post.cmds[0].argv), "[/bin/echo]");
	ck_assert_str_eq(join(u->svc.reload.cmds[0].argv), "[/bin/kill][a  b]");
	ck_assert_uint_eq(u->svc.reload.cmds[0].line, 10);
	/* The error names the line where the logical line started. */
	expect(&dl, DIAG_ERROR, 12, "invalid RestartSec=: \"5    parsecs\"");
	/* A continuation at the end of the text still counts. */
	ck_assert_uint_eq(u->svc.stop.n, 1);
	ck_assert_str_eq(join(u->svc.stop.cmds[0].argv), "[/bin/end]");
	ck_assert_uint_eq(u->svc.stop.cmds[0].line, 14);
	ck_assert_uint_eq(dl.n, 1);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_long_lines_and_semicolons)
{
	struct diag_list dl;
	size_t n = 5000;
	char *big = malloc(n + 1), *text;
	struct unit *u;
	int rc;

	memset(big, 'x', n);
	big[n] = '\0';
	big[100] = ';';
	big[2000] = ' ';
	ck_assert_int_gt(asprintf(&text,
				  "[Unit]\n"
				  "Description=%s\n"
				  "[Service]\n"
				  "ExecStart=/bin/sh -c 'a; b ;c' ; x;y %s\n"
				  "Environment=\"A=1 ; 2\" \"B=%s\"\n",
				  big, big, big),
			 0);
	/* The lone ` ; ` is refused in Exec lines: replace it here. */
	char *semi = strstr(text, "' ; x");
	semi[2] = 'Z';
	u = parse("a.service", text, &dl, &rc);
	ck_assert_int_eq(rc, 0);
	expect_clean(&dl);
	ck_assert_str_eq(u->description, big);
	ck_assert_uint_eq(u->svc.start.n, 1);
	char **argv = u->svc.start.cmds[0].argv;
	ck_assert_str_eq(argv[2], "a; b ;c");
	ck_assert_str_eq(argv[3], "Z");
	ck_assert_str_eq(argv[4], "x;y");
	ck_assert_uint_eq(strlen(argv[5]), 2000);
	ck_assert_uint_eq(strlen(argv[6]), n - 2001);
	ck_assert_str_eq(u->svc.environment[0], "A=1 ; 2");
	ck_assert_uint_eq(strlen(u->svc.environment[1]), n + 2);
	unit_free(u);
	diag_free(&dl);
	free(text);

	/* A logical line over 1 MiB is an error, not a crash. */
	size_t huge = 1024 * 1024 + 10;
	text = malloc(huge + 64);
	strcpy(text, "[Unit]\nDescription=");
	memset(text + strlen(text), 'y', huge);
	strcpy(text + 19 + huge, "\nAfter=b.service\n");
	u = parse("a.service", text, &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 2, "line too long");
	ck_assert_ptr_null(u->description);
	ck_assert_str_eq(join(u->deps[DEP_AFTER]), "[b.service]");
	unit_free(u);
	diag_free(&dl);
	free(text);
	free(big);
}
END_TEST

START_TEST(test_line_errors)
{
	struct diag_list dl;
	int rc;
	char longkey[400];
	char *text;

	memset(longkey, 'K', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	ck_assert_int_gt(
		asprintf(&text,
			 "Description=before\n"			   /* 1 */
			 "[Unit]\n"				   /* 2 */
			 "this is not an assignment\n"		   /* 3 */
			 "=value\n"				   /* 4 */
			 "[Unit\n"				   /* 5 */
			 "Description=ignored\n"		   /* 6 */
			 "[Frobnicate]\n"			   /* 7 */
			 "Whatever=1\n"				   /* 8 */
			 "[X-Vendor-Extension-With-A-Long-Name]\n" /* 9 */
			 "Foo=bar\n"				   /* 10 */
			 "[Unit]\n"				   /* 11 */
			 "Foo:Bar=1\n"				   /* 12 */
			 "%s=1\n"				   /* 13 */
			 "Some Key=1\n"				   /* 14 */
			 "Description=after\n",			   /* 15 */
			 longkey),
		0);
	struct unit *u = parse("a.service", text, &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 1,
	       "a.service:1: error: assignment outside of any section: "
	       "Description=");
	expect(&dl, DIAG_ERROR, 3,
	       "not a KEY=VALUE assignment or a [Section] header: \"this is "
	       "not an assignment\"");
	expect(&dl, DIAG_ERROR, 4, "missing key name");
	expect(&dl, DIAG_ERROR, 5, "invalid section header: \"[Unit\"");
	expect(&dl, DIAG_WARNING, 7, "unknown section [Frobnicate], ignored");
	expect(&dl, DIAG_WARNING, 12, "unknown key [Unit] Foo:Bar=, ignored");
	expect(&dl, DIAG_WARNING, 13, "unknown key [Unit] KKKK");
	expect(&dl, DIAG_WARNING, 14, "unknown key [Unit] Some Key=");
	/* Keys of ignored sections are not reported one by one. */
	ck_assert(!has(&dl, DIAG_WARNING, 8, ""));
	ck_assert(!has(&dl, DIAG_WARNING, 9, ""));
	ck_assert(!has(&dl, DIAG_WARNING, 10, ""));
	ck_assert_uint_eq(dl.n, 8);
	ck_assert_str_eq(u->description, "after");
	unit_free(u);
	diag_free(&dl);
	free(text);
}
END_TEST

START_TEST(test_unknown_key_is_warning)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("web.service",
			       "[Unit]\nDescription=x\nFrobnicate=yes\n"
			       "[Service]\nExecStart=/bin/true\n"
			       "FrobnicateDirectory=web\n"
			       "[Install]\nWantedBy=multi-user.target\n"
			       "Also=other.service\nDefaultInstance=x\n",
			       &dl, &rc);
	char buf[256];

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_uint_eq(dl.n_errors, 0);
	diag_format(&dl.items[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "web.service:3: warning: unknown key [Unit] "
			      "Frobnicate=, ignored");
	expect(&dl, DIAG_WARNING, 6,
	       "unknown key [Service] FrobnicateDirectory=");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_restrictive_keys)
{
	static const char *const keys[] = {
		"PrivatePIDs=yes",
		"RootImage=/x.raw",
		"DynamicUser=yes",
		"RestrictFileSystems=ext4",
		"RestrictNetworkInterfaces=lo",
		"SystemCallLog=@mount",
		"MemoryLimit=1G",
		"IPAddressDeny=any",
		"DeviceAllow=/dev/null rw",
		"DevicePolicy=closed",
		"LoadCredential=a:/b",
		"SetCredential=a:b",
		"PrivatePIDs=no",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		struct diag_list dl;
		char *text, want[256];
		int rc;

		ck_assert_int_gt(
			asprintf(&text, "[Service]\nExecStart=/bin/true\n%s\n",
				 keys[i]),
			0);
		struct unit *u = parse("a.service", text, &dl, &rc);

		snprintf(want, sizeof(want),
			 "a.service:3: error: %.*s= is not supported yet: "
			 "refusing to run the service with less isolation "
			 "than asked",
			 (int)(strchr(keys[i], '=') - keys[i]), keys[i]);
		ck_assert_int_eq(rc, -EINVAL);
		expect(&dl, DIAG_ERROR, 3, want);
		ck_assert_uint_eq(dl.n, 1);
		unit_free(u);
		diag_free(&dl);
		free(text);
	}

	/* Outside [Service] the same name is just an unknown key. */
	struct diag_list dl;
	int rc;
	struct unit *u = parse("a.service",
			       "[Unit]\nPrivateTmp=yes\n"
			       "[Service]\nExecStart=/bin/true\n",
			       &dl, &rc);
	ck_assert_int_eq(rc, 0);
	expect(&dl, DIAG_WARNING, 2, "unknown key [Unit] PrivateTmp=");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_target)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("multi-user.target",
			       "[Unit]\n"
			       "Description=Multi-User System\n"
			       "Requires=basic.target\n"
			       "After=basic.target\n"
			       "[Service]\n"
			       "ExecStart=/bin/true\n"
			       "PrivateTmp=yes\n"
			       "[Install]\n"
			       "Alias=default.target\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 5,
	       "multi-user.target:5: error: a target unit cannot have a "
	       "[Service] section");
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_uint_eq(u->svc.start.n, 0);
	ck_assert_str_eq(join(u->deps[DEP_REQUIRES]), "[basic.target]");
	ck_assert_str_eq(join(u->alias), "[default.target]");
	ck_assert_int_eq(parse_unit_finish(u, &dl), 0);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_unit_section)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("a.service",
			       "[Unit]\n"
			       "Description=The A service\n"
			       "Documentation=man:a(8) https://example.com/a\n"
			       "Documentation=file:/usr/share/doc/a info:a\n"
			       "Requires=b.service c.service\n"
			       "Requisite=d.service\n"
			       "Wants=e.service\n"
			       "Wants=f.service e.service\n"
			       "BindsTo=g.service\n"
			       "PartOf=h.target\n"
			       "Conflicts=shutdown.target\n"
			       "After=b.service network.target\n"
			       "Before=multi-user.target\n"
			       "OnFailure=failure-handler.service\n"
			       "ConditionPathExists=/etc/a.conf\n"
			       "ConditionPathExists=!/etc/a.disabled\n"
			       "ConditionPathIsDirectory=/var/lib/a\n"
			       "ConditionFileNotEmpty=/etc/a.key\n"
			       "StartLimitIntervalSec=1min\n"
			       "StartLimitBurst=3\n"
			       "DefaultDependencies=no\n"
			       "[Service]\n"
			       "ExecStart=/bin/a\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, 0);
	expect_clean(&dl);
	ck_assert_str_eq(u->description, "The A service");
	ck_assert_str_eq(join(u->documentation),
			 "[man:a(8)][https://example.com/a]"
			 "[file:/usr/share/doc/a][info:a]");
	ck_assert_str_eq(join(u->deps[DEP_REQUIRES]), "[b.service][c.service]");
	ck_assert_str_eq(join(u->deps[DEP_REQUISITE]), "[d.service]");
	ck_assert_str_eq(join(u->deps[DEP_WANTS]), "[e.service][f.service]");
	ck_assert_str_eq(join(u->deps[DEP_BINDS_TO]), "[g.service]");
	ck_assert_str_eq(join(u->deps[DEP_PART_OF]), "[h.target]");
	ck_assert_str_eq(join(u->deps[DEP_CONFLICTS]), "[shutdown.target]");
	ck_assert_str_eq(join(u->deps[DEP_AFTER]),
			 "[b.service][network.target]");
	ck_assert_str_eq(join(u->deps[DEP_BEFORE]), "[multi-user.target]");
	ck_assert_str_eq(join(u->deps[DEP_ON_FAILURE]),
			 "[failure-handler.service]");
	ck_assert_uint_eq(u->n_conds, 4);
	ck_assert_int_eq(u->conds[0].kind, COND_PATH_EXISTS);
	ck_assert(!u->conds[0].negate);
	ck_assert_str_eq(u->conds[0].path, "/etc/a.conf");
	ck_assert_uint_eq(u->conds[0].line, 15);
	ck_assert_int_eq(u->conds[1].kind, COND_PATH_EXISTS);
	ck_assert(u->conds[1].negate);
	ck_assert_str_eq(u->conds[1].path, "/etc/a.disabled");
	ck_assert_int_eq(u->conds[2].kind, COND_PATH_IS_DIRECTORY);
	ck_assert_str_eq(u->conds[2].path, "/var/lib/a");
	ck_assert_int_eq(u->conds[3].kind, COND_FILE_NOT_EMPTY);
	ck_assert_str_eq(u->conds[3].path, "/etc/a.key");
	ck_assert_uint_eq(u->start_limit_interval, 60 * USEC_PER_SEC);
	ck_assert_uint_eq(u->start_limit_burst, 3);
	ck_assert(!u->default_dependencies);
	unit_free(u);
	diag_free(&dl);

	/* The old name of StartLimitIntervalSec=. */
	u = parse("a.service", "[Unit]\nStartLimitInterval=30\n", &dl, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(u->start_limit_interval, 30 * USEC_PER_SEC);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_dependency_names)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("a.service",
			       "[Unit]\n"
			       "After=bad/name.service\n"	       /* 2 */
			       "After=noext\n"			       /* 3 */
			       "Wants=getty@.service\n"		       /* 4 */
			       "After=syslog.path local-fs.target\n" /* 5 */
			       "Requires=dbus.timer\n"		       /* 6 */
			       "BindsTo=dev-sda.device\n"	       /* 7 */
			       "Wants=getty@tty1.service x\\x2dy.service\n"
			       "Requires=\"quoted.service\"\n", /* 9 */
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 2,
	       "invalid After=: \"bad/name.service\": not a valid unit name");
	expect(&dl, DIAG_ERROR, 3, "invalid After=: \"noext\"");
	expect(&dl, DIAG_ERROR, 4,
	       "invalid Wants=: \"getty@.service\": a template");
	expect(&dl, DIAG_WARNING, 5,
	       "After=syslog.path: svinit has no unit of this type, ignored");
	expect(&dl, DIAG_ERROR, 6, "invalid Requires=: \"dbus.timer\"");
	expect(&dl, DIAG_ERROR, 7, "invalid BindsTo=: \"dev-sda.device\"");
	expect(&dl, DIAG_ERROR, 9,
	       "invalid Requires=: \"\\\"quoted.service\\\"\"");
	ck_assert_uint_eq(dl.n, 7);
	ck_assert_str_eq(join(u->deps[DEP_AFTER]), "[local-fs.target]");
	ck_assert_str_eq(join(u->deps[DEP_WANTS]),
			 "[getty@tty1.service][x\\x2dy.service]");
	ck_assert_ptr_null(u->deps[DEP_REQUIRES]);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_conditions)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("a.service",
			       "[Unit]\n"
			       "ConditionPathExists=/a\n"
			       "ConditionPathExists=etc/foo\n"	      /* 3 */
			       "ConditionPathIsDirectory=!relative\n" /* 4 */
			       "ConditionFileNotEmpty=|/x\n"	      /* 5 */
			       "ConditionPathExists=\n"
			       "ConditionPathIsDirectory=!/b\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 3,
	       "a.service:3: error: invalid ConditionPathExists=: "
	       "\"etc/foo\": not an absolute path");
	expect(&dl, DIAG_ERROR, 4,
	       "invalid ConditionPathIsDirectory=: \"!relative\": not an "
	       "absolute path");
	expect(&dl, DIAG_ERROR, 5, "invalid ConditionFileNotEmpty=: \"|/x\"");
	ck_assert_uint_eq(dl.n, 3);
	/* The empty assignment dropped /a; only /b is left. */
	ck_assert_uint_eq(u->n_conds, 1);
	ck_assert_int_eq(u->conds[0].kind, COND_PATH_IS_DIRECTORY);
	ck_assert(u->conds[0].negate);
	ck_assert_str_eq(u->conds[0].path, "/b");
	ck_assert_uint_eq(u->conds[0].line, 7);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_service_section)
{
	struct diag_list dl;
	int rc;
	struct unit *u =
		parse("a.service",
		      "[Service]\n"
		      "Type=forking\n"
		      "ExecStartPre=/bin/pre1\n"
		      "ExecStartPre=-/bin/pre2 x\n"
		      "ExecStart=/usr/sbin/a -d\n"
		      "ExecStartPost=/bin/post\n"
		      "ExecReload=/bin/kill -HUP $MAINPID\n"
		      "ExecStop=/bin/stop\n"
		      "ExecStopPost=/bin/stoppost\n"
		      "RemainAfterExit=yes\n"
		      "PIDFile=/run/a.pid\n"
		      "Restart=on-abnormal\n"
		      "RestartSec=2.5s\n"
		      "RestartSteps=4\n"
		      "RestartMaxDelaySec=5min\n"
		      "RestartPreventExitStatus=3 NOTINSTALLED SIGKILL\n"
		      "SuccessExitStatus=143 SIGTERM TERM 75\n"
		      "TimeoutStartSec=infinity\n"
		      "TimeoutStopSec=20\n"
		      "KillSignal=SIGINT\n"
		      "KillMode=mixed\n"
		      "SendSIGKILL=off\n"
		      "User=www-data\n"
		      "Group=1000\n"
		      "WorkingDirectory=-/srv/a\n"
		      "Environment=A=1\n"
		      "EnvironmentFile=/etc/default/a\n"
		      "EnvironmentFile=-/etc/default/a.local\n"
		      "UMask=0027\n"
		      "StandardInput=null\n"
		      "StandardOutput=append:/var/log/a.log\n"
		      "StandardError=file:/var/log/a.err\n",
		      &dl, &rc);
	const struct service_conf *s = &u->svc;

	ck_assert_int_eq(rc, 0);
	expect_clean(&dl);
	ck_assert_int_eq(s->type, SVC_FORKING);
	ck_assert_uint_eq(s->start_pre.n, 2);
	ck_assert_str_eq(join(s->start_pre.cmds[1].argv), "[/bin/pre2][x]");
	ck_assert_uint_eq(s->start_pre.cmds[1].flags, EXEC_IGNORE_FAILURE);
	ck_assert_uint_eq(s->start_pre.cmds[1].line, 4);
	ck_assert_str_eq(join(s->start.cmds[0].argv), "[/usr/sbin/a][-d]");
	ck_assert_str_eq(s->start.cmds[0].path, "/usr/sbin/a");
	ck_assert_str_eq(s->start_post.cmds[0].path, "/bin/post");
	ck_assert_str_eq(join(s->reload.cmds[0].argv),
			 "[/bin/kill][-HUP][$MAINPID]");
	ck_assert_str_eq(s->stop.cmds[0].path, "/bin/stop");
	ck_assert_str_eq(s->stop_post.cmds[0].path, "/bin/stoppost");
	ck_assert(s->remain_after_exit);
	ck_assert_str_eq(s->pid_file, "/run/a.pid");
	ck_assert_int_eq(s->restart, RESTART_ON_ABNORMAL);
	ck_assert_uint_eq(s->restart_sec, 2500 * USEC_PER_MSEC);
	ck_assert_uint_eq(s->restart_steps, 4);
	ck_assert_uint_eq(s->restart_max_delay, 300 * USEC_PER_SEC);
	ck_assert(unit_exit_set_has_status(&s->restart_prevent, 3));
	ck_assert(unit_exit_set_has_status(&s->restart_prevent, 5));
	ck_assert(unit_exit_set_has_signal(&s->restart_prevent, SIGKILL));
	ck_assert(!unit_exit_set_has_status(&s->restart_prevent, 0));
	ck_assert(unit_exit_set_has_status(&s->success, 143));
	ck_assert(unit_exit_set_has_status(&s->success, 75));
	ck_assert(unit_exit_set_has_signal(&s->success, SIGTERM));
	ck_assert(!unit_exit_set_has_signal(&s->success, SIGKILL));
	ck_assert_uint_eq(s->timeout_start, USEC_INFINITY);
	ck_assert_uint_eq(s->timeout_stop, 20 * USEC_PER_SEC);
	ck_assert_int_eq(s->kill_signal, SIGINT);
	ck_assert_int_eq(s->kill_mode, KILL_MIXED);
	ck_assert(!s->send_sigkill);
	ck_assert_str_eq(s->user, "www-data");
	ck_assert_str_eq(s->group, "1000");
	/* Kept for the loader's message if the name turns out unknown. */
	ck_assert_str_eq(s->user_at.file, "a.service");
	ck_assert_uint_eq(s->user_at.line, 23);
	ck_assert_uint_eq(s->group_at.line, 24);
	/* Ids are the loader's business: the parser asks no name service. */
	ck_assert(!s->creds.has_user && !s->creds.has_group);
	ck_assert_str_eq(s->working_directory, "/srv/a");
	ck_assert(s->working_directory_optional);
	ck_assert(!s->working_directory_home);
	ck_assert_str_eq(join(s->environment), "[A=1]");
	ck_assert_uint_eq(s->n_env_files, 2);
	ck_assert_str_eq(s->env_files[0].path, "/etc/default/a");
	ck_assert(!s->env_files[0].optional);
	ck_assert_str_eq(s->env_files[1].path, "/etc/default/a.local");
	ck_assert(s->env_files[1].optional);
	ck_assert_uint_eq(s->umask, 027);
	ck_assert_int_eq(s->std_out, OUT_APPEND);
	ck_assert_str_eq(s->std_out_path, "/var/log/a.log");
	ck_assert_int_eq(s->std_err, OUT_FILE);
	ck_assert_str_eq(s->std_err_path, "/var/log/a.err");
	ck_assert_int_eq(parse_unit_finish(u, &dl), 0);
	expect_clean(&dl);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

/* One key=value in [Service] of a fresh unit; returns it for checks. */
static struct unit *svc1(const char *kv, struct diag_list *dl, int *rc)
{
	char *text;
	struct unit *u;

	ck_assert_int_gt(asprintf(&text, "[Service]\n%s\n", kv), 0);
	u = parse("a.service", text, dl, rc);
	free(text);
	return u;
}

START_TEST(test_service_values)
{
	struct diag_list dl;
	struct unit *u;
	int rc;

#define WITH(kv)                                                               \
	for (int once_ = ((u = svc1(kv, &dl, &rc)), 1); once_;                 \
	     once_ = 0, unit_free(u), diag_free(&dl))

	WITH("Type=simple") ck_assert_int_eq(u->svc.type, SVC_SIMPLE);
	WITH("Type=exec") ck_assert_int_eq(u->svc.type, SVC_EXEC);
	WITH("Type=oneshot") ck_assert_int_eq(u->svc.type, SVC_ONESHOT);
	WITH("Type=idle")
	{
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(u->svc.type, SVC_SIMPLE);
		expect(&dl, DIAG_WARNING, 2, "Type=idle is run as Type=simple");
	}
	WITH("Type=notify")
	{
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(u->svc.type, SVC_NOTIFY);
		/* NotifyAccess= unset: main, as for systemd's notify. */
		ck_assert_int_eq(u->svc.notify_access, NOTIFY_ACCESS_DEFAULT);
		ck_assert_int_eq(svc_notify_access(u), NOTIFY_ACCESS_MAIN);
	}
	WITH("Type=dbus")
	expect(&dl, DIAG_ERROR, 2, "Type=dbus is not supported yet");
	WITH("Type=notify-reload")
	{
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(u->svc.type, SVC_NOTIFY_RELOAD);
		ck_assert_int_eq(u->svc.reload_signal, SIGHUP);
		ck_assert_str_eq(unit_svc_type_to_string(u->svc.type),
				 "notify-reload");
	}
	WITH("NotifyAccess=all")
	ck_assert_int_eq(svc_notify_access(u), NOTIFY_ACCESS_ALL);
	WITH("NotifyAccess=exec")
	ck_assert_int_eq(u->svc.notify_access, NOTIFY_ACCESS_EXEC);
	/* Type=simple without NotifyAccess=: none, no socket. */
	WITH("Type=simple")
	ck_assert_int_eq(svc_notify_access(u), NOTIFY_ACCESS_NONE);
	WITH("NotifyAccess=some")
	expect(&dl, DIAG_ERROR, 2, "invalid NotifyAccess=: \"some\"");
	WITH("WatchdogSec=3s")
	{
		ck_assert_uint_eq(u->svc.watchdog_usec, 3000000);
		ck_assert_int_eq(u->svc.watchdog_signal, SIGABRT);
		/* systemd turns the notify socket on for a watchdog. */
		ck_assert_int_eq(svc_notify_access(u), NOTIFY_ACCESS_MAIN);
	}
	WITH("WatchdogSignal=SIGUSR1")
	ck_assert_int_eq(u->svc.watchdog_signal, SIGUSR1);
	WITH("WatchdogSignal=SIGNOPE")
	expect(&dl, DIAG_ERROR, 2, "invalid WatchdogSignal=");
	WITH("FileDescriptorStorePreserve=yes")
	ck_assert_int_eq(u->svc.fdstore_preserve, FDSTORE_PRESERVE_YES);
	WITH("FileDescriptorStorePreserve=off")
	ck_assert_int_eq(u->svc.fdstore_preserve, FDSTORE_PRESERVE_NO);
	WITH("FileDescriptorStorePreserve=restart")
	ck_assert_int_eq(u->svc.fdstore_preserve, FDSTORE_PRESERVE_RESTART);
	WITH("FileDescriptorStorePreserve=always")
	expect(&dl, DIAG_ERROR, 2,
	       "invalid FileDescriptorStorePreserve=: \"always\": not no, "
	       "yes or restart");
	WITH("RemoveIPC=yes")
	ck_assert(u->svc.remove_ipc);
	WITH("PrivateUsers=yes")
	{
		ck_assert_int_eq(rc, 0);
		ck_assert(u->svc.ns && u->svc.ns->private_users);
	}
	WITH("ReloadSignal=SIGUSR2")
	ck_assert_int_eq(u->svc.reload_signal, SIGUSR2);
	WITH("FileDescriptorStoreMax=256")
	ck_assert_uint_eq(u->svc.fdstore_max, 256);
	WITH("FileDescriptorStoreMax=257")
	expect(&dl, DIAG_ERROR, 2,
	       "invalid FileDescriptorStoreMax=: \"257\": not a number from 0 "
	       "to 256");
	WITH("Type=bogus")
	expect(&dl, DIAG_ERROR, 2, "invalid Type=: \"bogus\"");

	static const char *const restarts[] = {
		"no",	    "on-success",  "on-failure", "on-abnormal",
		"on-abort", "on-watchdog", "always"};
	for (int i = 0; i < 7; i++) {
		char kv[64];

		snprintf(kv, sizeof(kv), "Restart=%s", restarts[i]);
		WITH(kv)
		{
			ck_assert_int_eq(rc, 0);
			ck_assert_int_eq(u->svc.restart, i);
			ck_assert_str_eq(
				unit_restart_policy_to_string(u->svc.restart),
				restarts[i]);
		}
	}
	WITH("Restart=sometimes")
	expect(&dl, DIAG_ERROR, 2, "invalid Restart=: \"sometimes\"");

	static const char *const modes[] = {"control-group", "process", "mixed",
					    "none"};
	for (int i = 0; i < 4; i++) {
		char kv[64];

		snprintf(kv, sizeof(kv), "KillMode=%s", modes[i]);
		WITH(kv) ck_assert_int_eq(u->svc.kill_mode, i);
	}
	WITH("KillMode=all") expect(&dl, DIAG_ERROR, 2, "invalid KillMode=");

	WITH("TimeoutSec=30")
	{
		ck_assert_uint_eq(u->svc.timeout_start, 30 * USEC_PER_SEC);
		ck_assert_uint_eq(u->svc.timeout_stop, 30 * USEC_PER_SEC);
	}
	WITH("TimeoutSec=0")
	{
		ck_assert_uint_eq(u->svc.timeout_start, USEC_INFINITY);
		ck_assert_uint_eq(u->svc.timeout_stop, USEC_INFINITY);
	}
	WITH("TimeoutStartSec=0")
	{
		ck_assert_uint_eq(u->svc.timeout_start, USEC_INFINITY);
		ck_assert_uint_eq(u->svc.timeout_stop, 90 * USEC_PER_SEC);
	}
	WITH("RestartSec=0") ck_assert_uint_eq(u->svc.restart_sec, 0);
	WITH("RestartMaxDelaySec=infinity")
	ck_assert_uint_eq(u->svc.restart_max_delay, USEC_INFINITY);
	WITH("KillSignal=9") ck_assert_int_eq(u->svc.kill_signal, SIGKILL);
	WITH("KillSignal=HUP") ck_assert_int_eq(u->svc.kill_signal, SIGHUP);
	WITH("PIDFile=a.pid") ck_assert_str_eq(u->svc.pid_file, "/run/a.pid");
	WITH("WorkingDirectory=~")
	{
		ck_assert(u->svc.working_directory_home);
		ck_assert_ptr_null(u->svc.working_directory);
	}
	WITH("WorkingDirectory=-~")
	{
		ck_assert(u->svc.working_directory_home);
		ck_assert(u->svc.working_directory_optional);
	}
	WITH("WorkingDirectory=/srv")
	{
		ck_assert_str_eq(u->svc.working_directory, "/srv");
		ck_assert(!u->svc.working_directory_optional);
	}
	WITH("WorkingDirectory=srv")
	expect(&dl, DIAG_ERROR, 2,
	       "invalid WorkingDirectory=: \"srv\": not an absolute path");
	WITH("UMask=077") ck_assert_uint_eq(u->svc.umask, 077);
	WITH("UMask=0") ck_assert_uint_eq(u->svc.umask, 0);
	WITH("UMask=0888")
	expect(&dl, DIAG_ERROR, 2, "invalid UMask=: \"0888\"");
	WITH("UMask=01777") expect(&dl, DIAG_ERROR, 2, "invalid UMask=");
	WITH("UMask=") expect(&dl, DIAG_ERROR, 2, "invalid UMask=: \"\"");
	WITH("StandardInput=tty")
	expect(&dl, DIAG_ERROR, 2, "StandardInput=tty is not supported yet");
	WITH("StandardInput=null") ck_assert_int_eq(rc, 0);

	static const char *const to_log[] = {
		"journal",	  "syslog",	  "kmsg", "journal+console",
		"syslog+console", "kmsg+console", "log"};
	for (int i = 0; i < 7; i++) {
		char kv[128];

		snprintf(kv, sizeof(kv),
			 "StandardOutput=null\n"
			 "StandardOutput=%s\n"
			 "StandardError=%s",
			 to_log[i], to_log[i]);
		WITH(kv)
		{
			ck_assert_int_eq(rc, 0);
			ck_assert_int_eq(u->svc.std_out, OUT_LOG);
			ck_assert_int_eq(u->svc.std_err, OUT_LOG);
		}
	}
	WITH("StandardOutput=null\nStandardError=inherit")
	{
		ck_assert_int_eq(u->svc.std_out, OUT_NULL);
		ck_assert_int_eq(u->svc.std_err, OUT_INHERIT);
	}
	WITH("StandardOutput=file:/tmp/x\nStandardOutput=inherit")
	{
		ck_assert_int_eq(u->svc.std_out, OUT_INHERIT);
		ck_assert_ptr_null(u->svc.std_out_path);
	}
	WITH("StandardOutput=truncate:/tmp/x")
	{
		ck_assert_int_eq(u->svc.std_out, OUT_FILE);
		ck_assert_str_eq(u->svc.std_out_path, "/tmp/x");
	}
	WITH("StandardOutput=file:x")
	expect(&dl, DIAG_ERROR, 2,
	       "invalid StandardOutput=: \"file:x\": not an absolute path");
	WITH("StandardError=tty")
	expect(&dl, DIAG_ERROR, 2, "StandardError=tty is not supported yet");
	WITH("StandardError=elsewhere")
	expect(&dl, DIAG_ERROR, 2, "invalid StandardError=: \"elsewhere\"");
	WITH("User=nobody\nUser=")
	{
		ck_assert_int_eq(rc, 0);
		ck_assert_ptr_null(u->svc.user);
		ck_assert_ptr_null(u->svc.user_at.file);
		ck_assert_uint_eq(u->svc.user_at.line, 0);
	}
	WITH("User=bad user")
	expect(&dl, DIAG_ERROR, 2, "invalid User=: \"bad user\"");
	WITH("Group=a:b") expect(&dl, DIAG_ERROR, 2, "invalid Group=: \"a:b\"");
	WITH("SuccessExitStatus=1 2\nSuccessExitStatus=\nSuccessExitStatus=3")
	{
		ck_assert(!unit_exit_set_has_status(&u->svc.success, 1));
		ck_assert(unit_exit_set_has_status(&u->svc.success, 3));
	}
	WITH("SuccessExitStatus=256")
	expect(&dl, DIAG_ERROR, 2, "invalid SuccessExitStatus=: \"256\"");
	WITH("RestartPreventExitStatus=1 SIGNOPE")
	{
		expect(&dl, DIAG_ERROR, 2,
		       "invalid RestartPreventExitStatus=: \"SIGNOPE\"");
		ck_assert(unit_exit_set_has_status(&u->svc.restart_prevent, 1));
	}
	WITH("RestartSteps=-1")
	expect(&dl, DIAG_ERROR, 2, "invalid RestartSteps=");
	WITH("EnvironmentFile=etc/x")
	expect(&dl, DIAG_ERROR, 2,
	       "invalid EnvironmentFile=: \"etc/x\": not an absolute path");
	WITH("EnvironmentFile=/a\nEnvironmentFile=\nEnvironmentFile=-/b")
	{
		ck_assert_uint_eq(u->svc.n_env_files, 1);
		ck_assert_str_eq(u->svc.env_files[0].path, "/b");
	}
#undef WITH
}
END_TEST

START_TEST(test_log_limits)
{
	struct diag_list dl;
	struct unit *u;
	int rc;

	u = svc1("ExecStart=/bin/true", &dl, &rc);
	ck_assert_uint_eq(u->svc.log_max_size, UNIT_LOG_DEFAULT);
	ck_assert_uint_eq(u->svc.log_keep, UNIT_LOG_DEFAULT);
	unit_free(u);
	diag_free(&dl);
	u = svc1("LogMaxSize=64K\nLogKeep=2", &dl, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(u->svc.log_max_size, 64 * 1024);
	ck_assert_uint_eq(u->svc.log_keep, 2);
	unit_free(u);
	diag_free(&dl);
	u = svc1("LogMaxSize=3M", &dl, &rc);
	ck_assert_uint_eq(u->svc.log_max_size, 3 * 1024 * 1024);
	unit_free(u);
	diag_free(&dl);
	u = svc1("LogMaxSize=12 parsecs", &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 2, "LogMaxSize=");
	unit_free(u);
	diag_free(&dl);
	u = svc1("LogKeep=100", &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 2, "0 to 99");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_error_messages)
{
	static const struct {
		const char *kv, *msg;
	} cases[] = {
		{"RestartSec=5 parsecs",
		 "web.service:2: error: invalid RestartSec=: \"5 parsecs\""},
		{"TimeoutStopSec=-5", "invalid TimeoutStopSec=: \"-5\""},
		{"TimeoutStartSec=99999999999999999999",
		 "invalid TimeoutStartSec=: \"99999999999999999999\": too "
		 "large"},
		{"RemainAfterExit=maybe",
		 "invalid RemainAfterExit=: \"maybe\": not a boolean"},
		{"SendSIGKILL=", "invalid SendSIGKILL=: \"\""},
		{"KillSignal=SIGFOO",
		 "invalid KillSignal=: \"SIGFOO\": not a signal"},
		{"KillSignal=99", "invalid KillSignal=: \"99\""},
		{"ExecStart=/bin/echo \"unterminated",
		 "invalid ExecStart=: \"/bin/echo \\\"unterminated\": "
		 "unterminated quote"},
		{"ExecStart=/bin/echo \\q",
		 "invalid ExecStart=: \"/bin/echo \\\\q\": invalid escape"},
		{"ExecStart=+!/bin/true",
		 "invalid ExecStart=: \"+!/bin/true\": `+`, `!` and `!!` "
		 "exclude each other"},
		{"ExecStartPre=|/bin/true",
		 "invalid ExecStartPre=: \"|/bin/true\": the `|` prefix"},
		{"ExecStart=bin/true",
		 "invalid ExecStart=: \"bin/true\": the program must be an "
		 "absolute path"},
		{"ExecStart=/bin/a ; /bin/b", "several commands on one line"},
		{"ExecStart=/bin/echo %x",
		 "unknown specifier \"%x\" in ExecStart=: \"/bin/echo %x\""},
		{"Environment=A=%q",
		 "unknown specifier \"%q\" in Environment=: \"A=%q\""},
		{"Environment=\"A=1", "invalid Environment=: \"\\\"A=1\": "
				      "unterminated quote"},
		{"User=%u", "unknown specifier \"%u\" in User="},
		{"PIDFile=/run/%", "unknown specifier \"%\" in PIDFile="},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct diag_list dl;
		char *text;
		int rc;

		ck_assert_int_gt(
			asprintf(&text, "[Service]\n%s\n", cases[i].kv), 0);
		struct unit *u = mk("web.service");
		diag_init(&dl);
		rc = parse_unit_string(u, "web.service", text, &dl);
		ck_assert_int_eq(rc, -EINVAL);
		expect(&dl, DIAG_ERROR, 2, cases[i].msg);
		ck_assert_uint_eq(dl.n, 1);
		/* A bad Exec line adds nothing. */
		ck_assert_uint_eq(u->svc.start.n, 0);
		unit_free(u);
		diag_free(&dl);
		free(text);
	}

	/* Control bytes in a bad value are escaped in the message, and a
	 * huge value is cut. */
	struct diag_list dl;
	char big[3000];
	char *text;
	int rc;

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_gt(asprintf(&text,
				  "[Service]\nRestartSec=\x1b[31m\nUMask=%s\n",
				  big),
			 0);
	struct unit *u = parse("a.service", text, &dl, &rc);
	expect(&dl, DIAG_ERROR, 2, "invalid RestartSec=: \"\\x1b[31m\"");
	expect(&dl, DIAG_ERROR, 3, "zzz...\"");
	ck_assert_uint_lt(strlen(dl.items[1].msg), 400);
	unit_free(u);
	diag_free(&dl);
	free(text);
}
END_TEST

START_TEST(test_environment)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("app@blue.service",
			       "[Service]\n"
			       "Environment=\"A=1 2\" B=3\n"
			       "Environment=C='x y' D=\"q\\\"uote\" E=a\\tb\n"
			       "Environment=B=4 INSTANCE=%i\n"
			       "Environment=BAD 9X=1 =x\n" /* 5 */
			       "Environment=SEMI=a;b\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(join(u->svc.environment),
			 "[A=1 2][C=x y][D=q\"uote][E=a\tb][B=4][INSTANCE=blue]"
			 "[SEMI=a;b]");
	expect(&dl, DIAG_WARNING, 5,
	       "Environment=: \"BAD\" is not NAME=VALUE, ignored");
	expect(&dl, DIAG_WARNING, 5, "\"9X=1\" is not NAME=VALUE");
	expect(&dl, DIAG_WARNING, 5, "\"=x\" is not NAME=VALUE");
	ck_assert_uint_eq(dl.n, 3);
	unit_free(u);
	diag_free(&dl);

	u = parse("a.service",
		  "[Service]\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2\n",
		  &dl, &rc);
	ck_assert_str_eq(join(u->svc.environment), "[B=2]");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_install_section)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("web.service",
			       "[Install]\n"
			       "WantedBy=multi-user.target graphical.target\n"
			       "WantedBy=multi-user.target\n"
			       "RequiredBy=app.target\n"
			       "Alias=www.service httpd.service\n"
			       "Alias=web.target\n"	    /* 6 */
			       "Alias=x@.service\n"	    /* 7 */
			       "WantedBy=sockets.timer\n", /* 8 */
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_str_eq(join(u->wanted_by),
			 "[multi-user.target][graphical.target]");
	ck_assert_str_eq(join(u->required_by), "[app.target]");
	ck_assert_str_eq(join(u->alias), "[www.service][httpd.service]");
	expect(&dl, DIAG_ERROR, 6, "invalid Alias=: \"web.target\"");
	expect(&dl, DIAG_ERROR, 7, "invalid Alias=: \"x@.service\"");
	expect(&dl, DIAG_WARNING, 8, "WantedBy=sockets.timer");
	ck_assert_uint_eq(dl.n, 3);
	unit_free(u);
	diag_free(&dl);

	/* A template's alias is a template. */
	u = parse("getty@.service", "[Install]\nAlias=tty@.service\n", &dl,
		  &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(join(u->alias), "[tty@.service]");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_specifiers_in_unit)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse(
		"getty@tty1.service",
		"[Unit]\n"
		"Description=Getty on %I (%n, %N, %p, %i, 100%%)\n"
		"Documentation=man:%p(8)\n"
		"After=setup@%i.service\n"
		"ConditionPathExists=/dev/%I\n"
		"[Service]\n"
		"ExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear %I $TERM\n"
		"PIDFile=/run/%p/%i.pid\n"
		"User=%p\n"
		"WorkingDirectory=/home/%i\n"
		"EnvironmentFile=-/etc/default/%p\n"
		"StandardOutput=append:/var/log/%n.log\n"
		"[Install]\n"
		"WantedBy=%p.target\n",
		&dl, &rc);

	ck_assert_int_eq(rc, 0);
	expect_clean(&dl);
	ck_assert_str_eq(u->description,
			 "Getty on tty1 (getty@tty1.service, getty@tty1, "
			 "getty, tty1, 100%)");
	ck_assert_str_eq(join(u->documentation), "[man:getty(8)]");
	ck_assert_str_eq(join(u->deps[DEP_AFTER]), "[setup@tty1.service]");
	ck_assert_str_eq(u->conds[0].path, "/dev/tty1");
	ck_assert_str_eq(u->svc.start.cmds[0].path, "/sbin/agetty");
	ck_assert_uint_eq(u->svc.start.cmds[0].flags, EXEC_IGNORE_FAILURE);
	ck_assert_str_eq(
		join(u->svc.start.cmds[0].argv),
		"[/sbin/agetty][-o][-p -- \\u][--noclear][tty1][$TERM]");
	ck_assert_str_eq(u->svc.pid_file, "/run/getty/tty1.pid");
	ck_assert_str_eq(u->svc.user, "getty");
	ck_assert_str_eq(u->svc.working_directory, "/home/tty1");
	ck_assert_str_eq(u->svc.env_files[0].path, "/etc/default/getty");
	ck_assert_str_eq(u->svc.std_out_path,
			 "/var/log/getty@tty1.service.log");
	ck_assert_str_eq(join(u->wanted_by), "[getty.target]");
	unit_free(u);
	diag_free(&dl);

	/* An escaped instance: %i as written, %I unescaped. Words are
	 * split before expansion, so a space from %I stays in one word. */
	u = parse("foo@a-b\\x2dc\\x20d.service",
		  "[Unit]\nDescription=%i|%I\n"
		  "[Service]\nExecStart=/bin/x %I \"%i\" @%p\n"
		  "Environment=P=%I\n",
		  &dl, &rc);
	ck_assert_int_eq(rc, 0);
	expect_clean(&dl);
	ck_assert_str_eq(u->description, "a-b\\x2dc\\x20d|a/b-c d");
	ck_assert_str_eq(join(u->svc.start.cmds[0].argv),
			 "[/bin/x][a/b-c d][a-b\\x2dc\\x20d][@foo]");
	ck_assert_str_eq(join(u->svc.environment), "[P=a/b-c d]");
	unit_free(u);
	diag_free(&dl);

	/* An instance that cannot be unescaped is reported with the key. */
	u = parse("foo@a\\x4.service", "[Unit]\nDescription=%I\n", &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 2, "cannot unescape instance");
	expect(&dl, DIAG_ERROR, 2, "Description=");
	unit_free(u);
	diag_free(&dl);

	/* Times are not specifier-expanded: % is just a bad value. */
	u = parse("a.service", "[Service]\nRestartSec=%i\n", &dl, &rc);
	expect(&dl, DIAG_ERROR, 2, "invalid RestartSec=: \"%i\"");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_dropins)
{
	struct diag_list dl;
	struct unit *u = mk("web.service");

	diag_init(&dl);
	ck_assert_int_eq(parse_unit_string(u, "web.service",
					   "[Unit]\n"
					   "Description=Web\n"
					   "After=network.target\n"
					   "Wants=a.service b.service\n"
					   "ConditionPathExists=/etc/web\n"
					   "[Service]\n"
					   "ExecStart=/usr/bin/web --old\n"
					   "ExecStartPre=/bin/check\n"
					   "Environment=A=1 B=2\n"
					   "RestartSec=1\n"
					   "SuccessExitStatus=3\n"
					   "[Install]\n"
					   "WantedBy=multi-user.target\n",
					   &dl),
			 0);
	ck_assert_int_eq(parse_unit_string(u, "web.service.d/override.conf",
					   "[Unit]\n"
					   "Description=Web (overridden)\n"
					   "After=\n"
					   "After=db.service\n"
					   "Wants=c.service a.service\n"
					   "[Service]\n"
					   "ExecStart=\n"
					   "ExecStart=/usr/bin/web --new\n"
					   "ExecStartPre=/bin/check2\n"
					   "Environment=B=3\n"
					   "RestartSec=5\n"
					   "SuccessExitStatus=4\n",
					   &dl),
			 0);
	ck_assert_int_eq(parse_unit_string(u, "web.service.d/zz.conf",
					   "[Unit]\n"
					   "ConditionPathExists=\n"
					   "[Install]\n"
					   "WantedBy=\n",
					   &dl),
			 0);
	expect_clean(&dl);
	ck_assert_str_eq(u->description, "Web (overridden)");
	ck_assert_str_eq(join(u->deps[DEP_AFTER]), "[db.service]");
	ck_assert_str_eq(join(u->deps[DEP_WANTS]),
			 "[a.service][b.service][c.service]");
	ck_assert_uint_eq(u->n_conds, 0);
	ck_assert_uint_eq(u->svc.start.n, 1);
	ck_assert_str_eq(join(u->svc.start.cmds[0].argv),
			 "[/usr/bin/web][--new]");
	ck_assert_uint_eq(u->svc.start_pre.n, 2);
	ck_assert_str_eq(join(u->svc.environment), "[A=1][B=3]");
	ck_assert_uint_eq(u->svc.restart_sec, 5 * USEC_PER_SEC);
	ck_assert(unit_exit_set_has_status(&u->svc.success, 3));
	ck_assert(unit_exit_set_has_status(&u->svc.success, 4));
	ck_assert_ptr_null(u->wanted_by);
	ck_assert_int_eq(parse_unit_finish(u, &dl), 0);
	expect_clean(&dl);

	/* Without the reset, a drop-in's ExecStart= adds a second one,
	 * which only oneshot allows: parse_unit_finish says so. */
	ck_assert_int_eq(parse_unit_string(u, "web.service.d/bad.conf",
					   "[Service]\nExecStart=/bin/other\n",
					   &dl),
			 0);
	ck_assert_int_eq(parse_unit_finish(u, &dl), -EINVAL);
	expect(&dl, DIAG_ERROR, 2,
	       "web.service:2: error: ExecStart= is given 2 times, but only "
	       "Type=oneshot allows several");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

static int finish_text(const char *name, const char *text, struct diag_list *dl)
{
	struct unit *u = parse(name, text, dl, NULL);
	int r;

	u->path = strdup("/units/x");
	r = parse_unit_finish(u, dl);
	unit_free(u);
	return r;
}

START_TEST(test_finish)
{
	struct diag_list dl;

	ck_assert_int_eq(
		finish_text("a.service", "[Unit]\nDescription=x\n", &dl),
		-EINVAL);
	expect(&dl, DIAG_ERROR, 0,
	       "/units/x: error: service has no ExecStart=, which only "
	       "Type=oneshot allows");
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.service",
				     "[Service]\nExecStart=/a\nExecStart=/b\n",
				     &dl),
			 -EINVAL);
	expect(&dl, DIAG_ERROR, 3, "ExecStart= is given 2 times");
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.service",
				     "[Service]\nType=oneshot\n"
				     "ExecStart=/a\nExecStart=/b\n",
				     &dl),
			 0);
	expect_clean(&dl);
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.service",
				     "[Service]\nType=oneshot\nExecStop=/a\n",
				     &dl),
			 0);
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.service",
				     "[Service]\nType=oneshot\n"
				     "RemainAfterExit=yes\n",
				     &dl),
			 -EINVAL);
	expect(&dl, DIAG_ERROR, 0, "neither ExecStart= nor ExecStop=");
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.service",
				     "[Service]\nType=oneshot\nExecStart=/a\n"
				     "Restart=always\n",
				     &dl),
			 -EINVAL);
	expect(&dl, DIAG_ERROR, 0,
	       "Restart=always is not allowed for Type=oneshot");
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.service",
				     "[Service]\nType=forking\nExecStart=/a\n",
				     &dl),
			 0);
	expect(&dl, DIAG_WARNING, 0, "Type=forking without PIDFile=");
	ck_assert_uint_eq(dl.n, 1);
	diag_free(&dl);

	ck_assert_int_eq(finish_text("a.target", "[Unit]\n", &dl), 0);
	expect_clean(&dl);
	diag_free(&dl);
}
END_TEST

START_TEST(test_file)
{
	char dir[] = "/tmp/check_parse.XXXXXX";
	char path[256];
	struct diag_list dl;
	struct unit *u;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.service", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("[Unit]\nDescription=from a file\n[Service]\nRestartSec=x\n", f);
	fclose(f);

	u = mk("a.service");
	diag_init(&dl);
	ck_assert_int_eq(parse_unit_file(u, path, &dl), -EINVAL);
	ck_assert_str_eq(u->description, "from a file");
	char want[300];
	snprintf(want, sizeof(want), "%s:4: error: invalid RestartSec=: \"x\"",
		 path);
	expect(&dl, DIAG_ERROR, 4, want);
	unit_free(u);
	diag_free(&dl);

	/* A NUL byte would silently cut the file: refused. */
	f = fopen(path, "w");
	fwrite("[Unit]\nDescription=a\0b\n", 1, 24, f);
	fclose(f);
	u = mk("a.service");
	diag_init(&dl);
	ck_assert_int_eq(parse_unit_file(u, path, &dl), -EINVAL);
	expect(&dl, DIAG_ERROR, 0, "contains a NUL byte");
	unit_free(u);
	diag_free(&dl);
	unlink(path);

	u = mk("a.service");
	diag_init(&dl);
	ck_assert_int_eq(parse_unit_file(u, path, &dl), -ENOENT);
	expect(&dl, DIAG_ERROR, 0, "cannot read: No such file or directory");
	unit_free(u);
	diag_free(&dl);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* The sample units under tests/data/systemd (also used by the loader's
 * --verify test) parse without any diagnostic. */
START_TEST(test_data_dir)
{
	char dir[512];
	const char *slash = strrchr(__FILE__, '/');
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%.*s/../data/systemd",
		 (int)(slash - __FILE__), __FILE__);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "%s", dir);
	while ((e = readdir(d))) {
		char path[1024];
		struct diag_list dl;
		struct unit *u;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		u = mk(e->d_name);
		u->path = strdup(path);
		diag_init(&dl);
		ck_assert_int_eq(parse_unit_file(u, path, &dl), 0);
		ck_assert_int_eq(parse_unit_finish(u, &dl), 0);
		expect_clean(&dl);
		if (u->type == UNIT_SERVICE)
			ck_assert_uint_ge(u->svc.start.n, 1);
		unit_free(u);
		diag_free(&dl);
		n++;
	}
	closedir(d);
	ck_assert_int_ge(n, 6);
}
END_TEST

/* Bounds: a list holds at most 4096 entries, a file yields at most 100
 * diagnostics and is then given up with an error. */
START_TEST(test_limits)
{
	struct diag_list dl;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct unit *u;
	int rc;

	fputs("[Unit]\nWants=", f);
	for (int i = 0; i < 5000; i++)
		fprintf(f, "u%d.service ", i);
	fputs("\n[Service]\nExecStart=/bin/true", f);
	for (int i = 0; i < 100000; i++)
		fputs(" arg", f);
	fputs("\n", f);
	fclose(f);
	u = parse("a.service", text, &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, DIAG_ERROR, 2, "too many entries in Wants= (at most 4096)");
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_uint_eq(strv_len(u->deps[DEP_WANTS]), 4096);
	ck_assert_uint_eq(strv_len(u->svc.start.cmds[0].argv), 100001);
	unit_free(u);
	diag_free(&dl);
	free(text);

	f = open_memstream(&text, &len);
	fputs("[Unit]\n", f);
	for (int i = 0; i < 150; i++)
		fprintf(f, "Bogus%d=1\n", i);
	fputs("Description=never reached\n", f);
	fclose(f);
	u = parse("a.service", text, &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_uint_eq(dl.n, 101);
	ck_assert_uint_eq(dl.n_warnings, 100);
	expect(&dl, DIAG_ERROR, 102,
	       "too many problems (100), the rest of the file is not checked");
	ck_assert_ptr_null(u->description);
	unit_free(u);
	diag_free(&dl);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_syntax_basic);
	tcase_add_test(tc, test_continuation);
	tcase_add_test(tc, test_long_lines_and_semicolons);
	tcase_add_test(tc, test_line_errors);
	tcase_add_test(tc, test_unknown_key_is_warning);
	tcase_add_test(tc, test_restrictive_keys);
	tcase_add_test(tc, test_target);
	tcase_add_test(tc, test_unit_section);
	tcase_add_test(tc, test_dependency_names);
	tcase_add_test(tc, test_conditions);
	tcase_add_test(tc, test_service_section);
	tcase_add_test(tc, test_service_values);
	tcase_add_test(tc, test_error_messages);
	tcase_add_test(tc, test_environment);
	tcase_add_test(tc, test_install_section);
	tcase_add_test(tc, test_specifiers_in_unit);
	tcase_add_test(tc, test_dropins);
	tcase_add_test(tc, test_finish);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_data_dir);
	tcase_add_test(tc, test_log_limits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
