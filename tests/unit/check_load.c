/* Check suite for load: unit directories, precedence, drop-ins, templates,
 * built-in targets, [Install], aliases and masks. Every test builds its
 * directories under a fresh mkdtemp root, removed afterwards. */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "graph.h"
#include "deploy.h"
#include "load.h"
#include "skip.h"

static char root[64];
static struct unitset set;
static struct diag_list dl;

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static void setup(void)
{
	strcpy(root, "/tmp/check_load.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	unitset_init(&set);
	diag_init(&dl);
}

static void teardown(void)
{
	diag_free(&dl);
	unitset_free(&set);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* root/rel, in one of a few rotating buffers so that several can be
 * passed to one call. */
static const char *P(const char *rel)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", root, rel);
	return b;
}

static void mkdirs(const char *path)
{
	char tmp[512];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ck_assert(mkdir(tmp, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
}

/* Write root/rel (creating its directories) with the given text. */
static void mk(const char *rel, const char *text)
{
	const char *path = P(rel);
	FILE *f;

	mkdirs(path);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void ln(const char *target, const char *rel)
{
	const char *path = P(rel);

	mkdirs(path);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* Load from root/d1 then root/d2 (either may be NULL). */
static void load(const char *d1, const char *d2)
{
	char *dirs[3] = {NULL, NULL, NULL};
	int n = 0;

	if (d1)
		dirs[n++] = strdup(P(d1));
	if (d2)
		dirs[n++] = strdup(P(d2));
	ck_assert_int_eq(load_units(dirs, &set, &dl, NULL, NULL), 0);
	free(dirs[0]);
	free(dirs[1]);
}

/* Load from root/d1 with svctl scale's counts. */
static void load_scaled(const char *d1, const struct load_scales *sc)
{
	char *dirs[2] = {strdup(P(d1)), NULL};

	ck_assert_int_eq(load_units(dirs, &set, &dl, NULL, sc), 0);
	free(dirs[0]);
}

static struct unit *get(const char *name)
{
	struct unit *u = unitset_get(&set, name);

	ck_assert_msg(u != NULL, "%s not loaded", name);
	return u;
}

/* Whether dl has a diagnostic of this level for file root/rel (or no file
 * when rel is NULL), at line (0: any), whose message contains text. */
static bool has_diag(enum diag_level level, const char *rel, unsigned line,
		     const char *text)
{
	const char *file = rel ? P(rel) : NULL;

	for (size_t i = 0; i < dl.n; i++) {
		const struct diag *d = &dl.items[i];

		if (d->level != level || (line && d->line != line))
			continue;
		if (file ? !d->file || strcmp(d->file, file) != 0 : !!d->file)
			continue;
		if (strstr(d->msg, text))
			return true;
	}
	return false;
}

static void dump_diags(void)
{
	char buf[1024];

	for (size_t i = 0; i < dl.n; i++) {
		diag_format(&dl.items[i], buf, sizeof(buf));
		fprintf(stderr, "  diag: %s\n", buf);
	}
}

#define assert_no_diag()                                                       \
	do {                                                                   \
		if (dl.n)                                                      \
			dump_diags();                                          \
		ck_assert_uint_eq(dl.n, 0);                                    \
	} while (0)

#define SIMPLE "[Service]\nExecStart=/bin/true\n"

START_TEST(test_precedence)
{
	mk("a/web.service", "[Unit]\nDescription=first\n" SIMPLE);
	mk("b/web.service", "[Unit]\nDescription=second\n" SIMPLE);
	mk("b/db.service", "[Unit]\nDescription=db\n" SIMPLE);
	load("a", "b");
	assert_no_diag();
	ck_assert_str_eq(get("web.service")->description, "first");
	ck_assert_str_eq(get("web.service")->path, P("a/web.service"));
	ck_assert_str_eq(get("db.service")->path, P("b/db.service"));
	ck_assert_int_eq(get("db.service")->type, UNIT_SERVICE);
	/* Sorted by name, then the built-ins. */
	ck_assert_str_eq(set.units[0]->name, "db.service");
	ck_assert_str_eq(set.units[1]->name, "web.service");
}
END_TEST

START_TEST(test_missing_dirs)
{
	mk("b/web.service", SIMPLE);
	load("nope/deeper", "b");
	assert_no_diag();
	get("web.service");
}
END_TEST

START_TEST(test_unreadable_dir)
{
	/* A link to itself cannot be opened as a directory (ELOOP), which,
	 * unlike a permission, fails for root too. */
	ck_assert_int_eq(symlink("loop", P("loop")), 0);
	mk("b/web.service", SIMPLE);
	load("loop", "b");
	ck_assert(
		has_diag(DIAG_ERROR, "loop", 0, "cannot read unit directory"));
	get("web.service");
}
END_TEST

START_TEST(test_dropins)
{
	mk("a/web.service", "[Service]\nExecStart=/bin/true\n"
			    "Environment=MAIN=1\n");
	mk("a/web.service.d/20-x.conf", "[Service]\nEnvironment=B=1\n");
	mk("b/web.service.d/20-x.conf", "[Service]\nEnvironment=SHADOWED=1\n");
	mk("b/web.service.d/10-y.conf", "[Service]\nEnvironment=A=1\n");
	mk("a/web.service.d/30-z.conf", "[Service]\nEnvironment=C=1\n");
	mk("a/web.service.d/README", "not a drop-in\n");
	/* A drop-in in the first directory of the name hides the other. */
	ln("/dev/null", "a/web.service.d/40-masked.conf");
	mk("b/web.service.d/40-masked.conf", "[Service]\nEnvironment=M=1\n");
	load("a", "b");
	assert_no_diag();

	struct unit *u = get("web.service");
	ck_assert_uint_eq(strv_len(u->svc.environment), 4);
	ck_assert_str_eq(u->svc.environment[0], "MAIN=1");
	ck_assert_str_eq(u->svc.environment[1], "A=1");
	ck_assert_str_eq(u->svc.environment[2], "B=1");
	ck_assert_str_eq(u->svc.environment[3], "C=1");
	ck_assert_uint_eq(strv_len(u->dropins), 3);
	ck_assert_str_eq(u->dropins[0], P("b/web.service.d/10-y.conf"));
	ck_assert_str_eq(u->dropins[1], P("a/web.service.d/20-x.conf"));
	ck_assert_str_eq(u->dropins[2], P("a/web.service.d/30-z.conf"));
}
END_TEST

START_TEST(test_dropin_reset)
{
	mk("a/web.service", "[Unit]\nWants=x.service\n"
			    "[Service]\nExecStart=/bin/one\n"
			    "ExecStart=/bin/two\nEnvironment=X=1\n");
	mk("a/web.service.d/override.conf",
	   "[Unit]\nWants=\nWants=y.service\n"
	   "[Service]\nExecStart=\nExecStart=/bin/three\n"
	   "Environment=\nEnvironment=Y=2\n");
	load("a", NULL);
	assert_no_diag();

	struct unit *u = get("web.service");
	ck_assert_uint_eq(u->svc.start.n, 1);
	ck_assert_str_eq(u->svc.start.cmds[0].path, "/bin/three");
	ck_assert_uint_eq(strv_len(u->svc.environment), 1);
	ck_assert_str_eq(u->svc.environment[0], "Y=2");
	ck_assert_uint_eq(strv_len(u->deps[DEP_WANTS]), 1);
	ck_assert_str_eq(u->deps[DEP_WANTS][0], "y.service");
}
END_TEST

START_TEST(test_templates)
{
	mk("a/getty@.service", "[Unit]\nDescription=Getty on %i\n"
			       "[Service]\nExecStart=/sbin/agetty %i\n");
	mk("a/getty@tty2.service", "[Service]\nExecStart=/bin/special\n");
	mk("a/web.service", "[Unit]\nWants=getty@tty1.service "
			    "getty@tty2.service nope@x.service\n" SIMPLE);
	/* Drop-ins: the template's first, then the instance's. */
	mk("b/getty@.service.d/a.conf", "[Service]\nEnvironment=T=1\n");
	mk("b/getty@tty1.service.d/b.conf", "[Service]\nEnvironment=I=1\n");
	load("a", "b");
	assert_no_diag();

	ck_assert_ptr_null(unitset_get(&set, "getty@.service"));
	ck_assert_ptr_null(unitset_get(&set, "nope@x.service"));
	struct unit *u = get("getty@tty1.service");
	ck_assert_str_eq(u->path, P("a/getty@.service"));
	ck_assert_str_eq(u->template_name, "getty@.service");
	ck_assert_str_eq(u->instance, "tty1");
	ck_assert_str_eq(u->description, "Getty on tty1");
	ck_assert_uint_eq(u->svc.start.n, 1);
	ck_assert(strv_contains(u->svc.start.cmds[0].argv, "tty1"));
	ck_assert_uint_eq(strv_len(u->svc.environment), 2);
	ck_assert_str_eq(u->svc.environment[0], "T=1");
	ck_assert_str_eq(u->svc.environment[1], "I=1");

	/* The instance's own file wins over the template. */
	u = get("getty@tty2.service");
	ck_assert_str_eq(u->path, P("a/getty@tty2.service"));
	ck_assert_str_eq(u->instance, "tty2");
	ck_assert_str_eq(u->svc.start.cmds[0].path, "/bin/special");
	ck_assert_uint_eq(strv_len(u->svc.environment), 1);
}
END_TEST

START_TEST(test_instance_chain)
{
	/* Instances that name instances, through WantedBy= of a target
	 * template too: loaded by the work queue. */
	mk("a/app@.service", "[Unit]\nRequires=db@%i.service\n"
			     "[Service]\nExecStart=/bin/app %I\n"
			     "[Install]\nWantedBy=group@%i.target\n");
	mk("a/db@.service", SIMPLE);
	mk("a/group@.target", "[Unit]\nDescription=group %i\n");
	mk("a/main.target", "[Unit]\nWants=app@one.service app@two.service\n");
	load("a", NULL);
	assert_no_diag();

	get("app@one.service");
	get("db@one.service");
	get("db@two.service");
	ck_assert_int_eq(get("group@two.target")->type, UNIT_TARGET);
	ck_assert(strv_contains(get("group@one.target")->deps[DEP_WANTS],
				"app@one.service"));
}
END_TEST

START_TEST(test_instance_runaway)
{
	/* Each instance names a longer one: the chain ends when the name
	 * stops being valid, without recursion. */
	mk("a/r@.service", "[Unit]\nWants=r@%ix.service\n" SIMPLE);
	mk("a/start.target", "[Unit]\nWants=r@x.service\n");
	load("a", NULL);
	get("r@x.service");
	get("r@xxxxxxxxxx.service");
	ck_assert_uint_gt(set.n, 200);
}
END_TEST

static const char *const builtin_names[] = {
	"default.target",  "multi-user.target", "basic.target",
	"sysinit.target",  "network.target",	"network-online.target",
	"shutdown.target", "sockets.target",
};

START_TEST(test_builtins)
{
	load("a", NULL);
	assert_no_diag();
	ck_assert_uint_eq(set.n, ARRAY_SIZE(builtin_names));
	for (size_t i = 0; i < ARRAY_SIZE(builtin_names); i++) {
		struct unit *u = get(builtin_names[i]);

		ck_assert_ptr_null(u->path);
		ck_assert_int_eq(u->type, UNIT_TARGET);
		ck_assert_ptr_nonnull(u->description);
	}
	ck_assert_str_eq(get("default.target")->description, "Default target");
	ck_assert(strv_contains(get("default.target")->deps[DEP_WANTS],
				"multi-user.target"));
	/* The chain that pulls in the listening sockets, as in systemd. */
	ck_assert_str_eq(get("multi-user.target")->deps[DEP_WANTS][0],
			 "basic.target");
	ck_assert_str_eq(get("basic.target")->deps[DEP_WANTS][0],
			 "sockets.target");
	ck_assert_uint_eq(strv_len(get("sockets.target")->deps[DEP_WANTS]), 0);
}
END_TEST

START_TEST(test_builtin_file_wins)
{
	mk("a/multi-user.target", "[Unit]\nDescription=Mine\n");
	mk("a/default.target.d/more.conf", "[Unit]\nWants=extra.service\n");
	ln("/dev/null", "b/network.target");
	load("a", "b");
	assert_no_diag();
	ck_assert_str_eq(get("multi-user.target")->description, "Mine");
	ck_assert_str_eq(get("multi-user.target")->path,
			 P("a/multi-user.target"));
	/* A drop-in applies to a built-in too. */
	ck_assert(strv_contains(get("default.target")->deps[DEP_WANTS],
				"extra.service"));
	ck_assert(strv_contains(get("default.target")->deps[DEP_WANTS],
				"multi-user.target"));
	ck_assert_ptr_null(unitset_get(&set, "network.target"));
}
END_TEST

START_TEST(test_install)
{
	mk("a/web.service", SIMPLE "[Install]\nWantedBy=multi-user.target\n");
	mk("a/db.service", SIMPLE "[Install]\nRequiredBy=app.target\n"
				  "WantedBy=multi-user.target\n");
	/* Already listed: not added twice. */
	mk("a/app.target", "[Unit]\nDescription=app\nRequires=db.service\n");
	mk("a/lost.service", SIMPLE "[Install]\nWantedBy=nowhere.target\n");
	load("a", NULL);

	struct unit *t = get("multi-user.target");
	ck_assert(strv_contains(t->deps[DEP_WANTS], "web.service"));
	ck_assert(strv_contains(t->deps[DEP_WANTS], "db.service"));
	ck_assert(strv_contains(get("app.target")->deps[DEP_REQUIRES],
				"db.service"));
	ck_assert_uint_eq(strv_len(get("app.target")->deps[DEP_REQUIRES]), 1);
	ck_assert(!strv_contains(get("app.target")->deps[DEP_WANTS],
				 "db.service"));
	ck_assert(
		has_diag(DIAG_WARNING, "a/lost.service", 0, "nowhere.target"));
	get("lost.service");
	ck_assert_uint_eq(dl.n, 1);
	ck_assert_uint_eq(dl.n_errors, 0);
}
END_TEST

START_TEST(test_alias)
{
	mk("a/web.service",
	   SIMPLE "[Install]\nAlias=www.service http.service\n");
	/* The link is registered first: this claim is the clash. */
	mk("a/aa.service", SIMPLE "[Install]\nAlias=http.service\n");
	mk("a/xother.service", SIMPLE "[Install]\nAlias=www.service\n");
	mk("a/bad.service", SIMPLE "[Install]\nAlias=bad-alias.target\n");
	ln("web.service", "a/http.service");
	/* A link to a file of another directory by absolute path. */
	ln(P("b/real.service"), "a/nick.service");
	mk("b/real.service", SIMPLE);
	/* A chain of links, and a link to a unit name no directory has:
	 * that one is a file read under the link's name. */
	ln("http.service", "a/chain.service");
	ln(P("elsewhere/ext.service"), "a/ext-link.service");
	mk("elsewhere/ext.service", "[Unit]\nDescription=ext\n" SIMPLE);
	/* A link to a built-in target, which has no file to point to. */
	ln("network.target", "a/net.target");
	/* Links to each other, and a dangling link of a unit name. */
	ln("loop2.service", "a/loop1.service");
	ln("loop1.service", "a/loop2.service");
	ln("gone.service", "a/dangling.service");
	mk("a/uses.service", "[Unit]\nWants=nick.service\n" SIMPLE
			     "[Install]\nWantedBy=http.service\n");
	load("a", "b");

	struct unit *web = get("web.service");
	ck_assert_ptr_eq(unitset_get(&set, "www.service"), web);
	ck_assert_ptr_eq(unitset_get(&set, "http.service"), web);
	ck_assert(strv_contains(web->alias, "http.service"));
	ck_assert_ptr_eq(unitset_get(&set, "nick.service"),
			 get("real.service"));
	ck_assert_ptr_eq(unitset_get(&set, "chain.service"), web);
	ck_assert_str_eq(get("ext-link.service")->path,
			 P("a/ext-link.service"));
	ck_assert_str_eq(get("ext-link.service")->description, "ext");
	/* An alias is a name, not a second unit. */
	for (size_t i = 0; i < set.n; i++)
		ck_assert_str_ne(set.units[i]->name, "http.service");
	/* WantedBy= through an alias lands on the unit. */
	ck_assert(strv_contains(web->deps[DEP_WANTS], "uses.service"));
	/* The clash is an error for the alias; the unit still loads. */
	ck_assert(has_diag(DIAG_ERROR, "a/xother.service", 0, "www.service"));
	get("xother.service");
	ck_assert(has_diag(DIAG_ERROR, "a/bad.service", 0, "bad-alias"));
	ck_assert_ptr_null(unitset_get(&set, "bad-alias.target"));
	ck_assert(has_diag(DIAG_ERROR, "a/aa.service", 0, "http.service"));
	ck_assert_ptr_eq(unitset_get(&set, "net.target"),
			 get("network.target"));
	ck_assert(has_diag(DIAG_WARNING, "a/loop1.service", 0, "loop"));
	ck_assert(has_diag(DIAG_WARNING, "a/loop2.service", 0, "ignored"));
	ck_assert(has_diag(DIAG_WARNING, "a/dangling.service", 0, "dangling"));
	ck_assert_ptr_null(unitset_get(&set, "loop1.service"));
	ck_assert_ptr_null(unitset_get(&set, "dangling.service"));
	ck_assert_uint_eq(dl.n, 6);
}
END_TEST

START_TEST(test_masked)
{
	ln("/dev/null", "a/web.service");
	mk("b/web.service", SIMPLE);
	ln("/dev/null", "a/db.service");
	mk("a/empty.service", "");
	ln("/dev/null", "a/tpl@.service");
	mk("a/tpl@.service.d/x.conf", SIMPLE);
	mk("b/tpl@.service", SIMPLE);
	mk("a/user.service", "[Unit]\nWants=tpl@1.service web.service\n" SIMPLE
			     "[Install]\nAlias=db.service\n");
	ln("/dev/null", "a/old.socket");
	load("a", "b");
	assert_no_diag();
	ck_assert_ptr_null(unitset_get(&set, "web.service"));
	ck_assert_ptr_null(unitset_get(&set, "db.service"));
	ck_assert_ptr_null(unitset_get(&set, "empty.service"));
	ck_assert_ptr_null(unitset_get(&set, "tpl@1.service"));
	get("user.service");
}
END_TEST

START_TEST(test_unsupported_and_bad_names)
{
	mk("a/web.path", "[Path]\nPathExists=/x\n");
	mk("a/daily.timer", "[Timer]\nOnCalendar=daily\n");
	mk("a/README", "hello\n");
	mk("a/sp ace.service", SIMPLE);
	mk("a/x@y@z.service", SIMPLE);
	mkdirs(P("a/dir.service/x"));
	mkdirs(P("a/multi-user.target.wants/x"));
	ln("nothing-there.service", "a/dangling.service");
	mk("a/web.service", SIMPLE);
	load("a", NULL);
	ck_assert(has_diag(DIAG_WARNING, "a/web.path", 0,
			   "unit type not supported, ignored"));
	ck_assert(has_diag(DIAG_WARNING, "a/daily.timer", 0,
			   "unit type not supported"));
	ck_assert(has_diag(DIAG_WARNING, "a/README", 0, "not a unit file"));
	ck_assert(has_diag(DIAG_WARNING, "a/sp ace.service", 0,
			   "invalid unit name"));
	ck_assert(has_diag(DIAG_WARNING, "a/x@y@z.service", 0,
			   "invalid unit name"));
	ck_assert(has_diag(DIAG_WARNING, "a/dangling.service", 0, "dangling"));
	ck_assert_uint_eq(dl.n, 6);
	ck_assert_uint_eq(dl.n_errors, 0);
	ck_assert_ptr_null(unitset_get(&set, "dir.service"));
	get("web.service");
	ck_assert_uint_eq(set.n, 1 + ARRAY_SIZE(builtin_names));
}
END_TEST

START_TEST(test_broken_unit)
{
	mk("a/bad.service", "[Unit]\nDescription=bad\n[Service]\n"
			    "Type=bogus\nExecStart=/bin/true\n");
	mk("a/good.service", SIMPLE);
	mk("a/dep.service", SIMPLE);
	mk("a/dep.service.d/10-ok.conf", "[Unit]\nDescription=ok\n");
	mk("a/dep.service.d/20-bad.conf", "[Service]\n\nRestart=sometimes\n");
	mk("a/tpl@.service", "[Service]\nExecStart=/bin/true\nType=nope\n");
	mk("a/user.target", "[Unit]\nWants=tpl@a.service tpl@b.service\n");
	load("a", NULL);
	ck_assert_ptr_null(get("good.service")->load_error);
	ck_assert_ptr_null(get("user.target")->load_error);
	ck_assert(has_diag(DIAG_ERROR, "a/bad.service", 4, "Type"));
	ck_assert(has_diag(DIAG_ERROR, "a/dep.service.d/20-bad.conf", 3,
			   "Restart"));
	ck_assert(has_diag(DIAG_ERROR, "a/tpl@.service", 3, "Type"));
	ck_assert_uint_eq(dl.n_errors, 4); /* the template's twice */

	/* Each unit that failed to load is in the set, as a placeholder
	 * holding the first error of its files, and nothing of them. */
	struct unit *u = get("bad.service");
	char want[600];

	snprintf(want, sizeof(want), "%s:4: invalid Type=: \"bogus\"",
		 P("a/bad.service"));
	ck_assert_str_eq(unit_load_error(u), want);
	ck_assert_int_eq(u->type, UNIT_SERVICE);
	ck_assert_str_eq(u->path, P("a/bad.service"));
	ck_assert_ptr_null(u->description);
	ck_assert_uint_eq(u->svc.start.n, 0);
	u = get("dep.service");
	snprintf(want, sizeof(want), "%s:3: invalid Restart=: \"sometimes\"",
		 P("a/dep.service.d/20-bad.conf"));
	ck_assert_str_eq(unit_load_error(u), want);
	/* Its files stay listed, so that a fix is seen at a reload. */
	ck_assert_uint_eq(strv_len(u->dropins), 2);
	u = get("tpl@a.service");
	ck_assert_ptr_nonnull(strstr(unit_load_error(u), "tpl@.service:3: "));
	ck_assert_str_eq(u->template_name, "tpl@.service");
	ck_assert_str_eq(u->instance, "a");
	get("tpl@b.service");
	ck_assert_uint_eq(set.n, 6 + ARRAY_SIZE(builtin_names));

	/* Placeholders get no implicit dependency either. */
	ck_assert_int_eq(unit_add_default_deps(&set), 0);
	for (int k = 0; k < _DEP_MAX; k++)
		ck_assert_ptr_null(get("bad.service")->deps[k]);
	ck_assert_ptr_nonnull(get("good.service")->deps[DEP_CONFLICTS]);
}
END_TEST

/* Every way a unit name can fail to load leaves a placeholder: a file
 * that cannot be read, a bad drop-in of a built-in target, an instance of
 * a broken template; the set stays usable for the graph. */
START_TEST(test_load_error_units)
{
	char longname[400];
	struct graph g;

	memset(longname, 'x', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	/* stat() fails with ENAMETOOLONG, for root too. */
	ln(longname, "a/unreadable.service");
	mk("a/default.target.d/10-bad.conf", "[Unit]\nWants=a b\n");
	mk("a/web.service", "[Unit]\nRequires=unreadable.service\n"
			    "Wants=default.target\n" SIMPLE
			    "[Install]\nWantedBy=broken.target\n");
	mk("a/broken.target", "[Unit]\nWants=web.service\nno equals sign\n");
	load("a", NULL);

	const struct unit *u = get("unreadable.service");
	ck_assert_ptr_nonnull(strstr(unit_load_error(u), "cannot read: "));
	ck_assert(has_diag(DIAG_ERROR, "a/unreadable.service", 0,
			   "cannot read: File name too long"));
	u = get("default.target");
	ck_assert_ptr_null(u->path);
	ck_assert_int_eq(u->type, UNIT_TARGET);
	ck_assert_ptr_nonnull(strstr(unit_load_error(u), "10-bad.conf:2: "));
	/* A placeholder keeps no dependency, from its file or [Install]. */
	u = get("broken.target");
	ck_assert_ptr_nonnull(strstr(unit_load_error(u), "broken.target:3: "));
	for (int k = 0; k < _DEP_MAX; k++)
		ck_assert_ptr_null(u->deps[k]);
	/* A built-in loads as ever when nothing is wrong with it. */
	ck_assert_ptr_null(unit_load_error(get("multi-user.target")));
	ck_assert_ptr_null(unit_load_error(get("web.service")));

	/* The graph flags them and names them as the unmet dependency. */
	ck_assert_int_eq(unit_add_default_deps(&set), 0);
	ck_assert_int_eq(graph_build(&g, &set, &dl), 0);
	ck_assert(graph_load_error(&g,
				   unitset_index(&set, "unreadable.service")));
	ck_assert(!graph_startable(&g, unitset_index(&set, "default.target")));
	ck_assert(graph_startable(&g, unitset_index(&set, "web.service")));
	ck_assert_str_eq(
		graph_unmet_dep(&g, &set, unitset_index(&set, "web.service")),
		"unreadable.service");
	graph_free(&g);
}
END_TEST

/* User=/Group= are resolved at load: the unit carries the ids, an
 * unknown name keeps the unit out with an error at the line that set it
 * (a drop-in's own file and line when a drop-in set it). */
START_TEST(test_creds)
{
	const struct unit_creds *c;

	mk("a/root.service", "[Service]\nExecStart=/bin/true\nUser=root\n");
	mk("a/num.service", "[Service]\nExecStart=/bin/true\nUser=54321\n"
			    "Group=0\n");
	mk("a/grp.service", "[Service]\nExecStart=/bin/true\nGroup=nogroup\n");
	mk("a/home.service",
	   "[Service]\nExecStart=/bin/true\nWorkingDirectory=~\n");
	mk("a/plain.service", SIMPLE);
	mk("a/nouser.service",
	   "[Unit]\nDescription=x\n[Service]\n"
	   "ExecStart=/bin/true\nUser=svinit-no-such-user\n");
	mk("a/nogroup.service", "[Service]\nExecStart=/bin/true\nUser=root\n"
				"Group=svinit-no-such-group\n");
	mk("a/drop.service", "[Service]\nExecStart=/bin/true\nUser=root\n");
	mk("a/drop.service.d/10-user.conf",
	   "# who\n[Service]\nUser=svinit-nobody-here\n");
	/* A drop-in may put a good name back. */
	mk("a/fixed.service",
	   "[Service]\nExecStart=/bin/true\nUser=svinit-no-such-user\n");
	mk("a/fixed.service.d/10-user.conf", "[Service]\nUser=root\n");
	load("a", NULL);

	c = &get("root.service")->svc.creds;
	ck_assert(c->has_user && c->has_group);
	ck_assert_int_eq(c->uid, 0);
	ck_assert_str_eq(c->user_name, "root");
	ck_assert_uint_ge(c->n_groups, 1);
	c = &get("num.service")->svc.creds;
	ck_assert_int_eq(c->uid, 54321);
	ck_assert_int_eq(c->gid, 0);
	ck_assert_str_eq(c->home, "/");
	c = &get("grp.service")->svc.creds;
	ck_assert(!c->has_user && c->has_group);
	ck_assert_int_eq(c->gid, 65534);
	c = &get("home.service")->svc.creds;
	ck_assert(!c->has_user && !c->has_group);
	ck_assert_ptr_nonnull(c->home);
	c = &get("plain.service")->svc.creds;
	ck_assert(!c->has_user && !c->has_group && !c->home);
	ck_assert_int_eq(get("fixed.service")->svc.creds.uid, 0);

	/* Not loaded: placeholders whose reason is the unknown name. */
	ck_assert_ptr_nonnull(strstr(unit_load_error(get("nouser.service")),
				     "nouser.service:5: unknown user "
				     "\"svinit-no-such-user\""));
	ck_assert_ptr_nonnull(unit_load_error(get("nogroup.service")));
	ck_assert_ptr_nonnull(unit_load_error(get("drop.service")));
	ck_assert(!get("drop.service")->svc.creds.has_user);
	ck_assert(has_diag(DIAG_ERROR, "a/nouser.service", 5,
			   "unknown user \"svinit-no-such-user\""));
	ck_assert(has_diag(DIAG_ERROR, "a/nogroup.service", 4,
			   "unknown group \"svinit-no-such-group\""));
	ck_assert(has_diag(DIAG_ERROR, "a/drop.service.d/10-user.conf", 3,
			   "unknown user \"svinit-nobody-here\""));
	ck_assert_uint_eq(dl.n_errors, 3);
	ck_assert_uint_eq(dl.n, 3);
}
END_TEST

/* The scale: 5,000 unit files with 50,000 dependency edges are
 * read, given their implicit dependencies and put in a graph in under
 * half a second (not asserted under sanitizers). */
START_TEST(test_5000_units_50000_edges)
{
	enum { N = 5000, PER = 10 };
	char dir[600], path[700];
	struct graph g;
	struct timespec t0, t1;
	double dt;

	snprintf(dir, sizeof(dir), "%s/big", root);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	srand(42);
	for (int i = 0; i < N; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/u%04d.service", dir, i);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "[Unit]\n");
		/* Edges point to lower numbers only: acyclic. */
		for (int e = 0; e < PER && i > 0; e++)
			fprintf(f, "%s=u%04d.service\n",
				e % 2 ? "After" : "Wants", rand() % i);
		fprintf(f, "[Service]\nExecStart=/bin/true\n");
		ck_assert_int_eq(fclose(f), 0);
	}
	char *dirs[] = {dir, NULL};

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(load_units(dirs, &set, &dl, NULL, NULL), 0);
	ck_assert_int_eq(unit_add_default_deps(&set), 0);
	ck_assert_int_eq(graph_build(&g, &set, &dl), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	dt = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (dl.n_errors)
		diag_print(&dl, stderr);
	ck_assert_uint_eq(dl.n_errors, 0);
	ck_assert_uint_ge(set.n, N);
	ck_assert_uint_eq(g.n_refused, 0);
	/* The files come first, sorted (u0000 is unit 0), and each After=
	 * names a lower number: so does every ordering edge between them. */
	for (uint32_t u = 0; u < N; u++) {
		const uint32_t *e;
		size_t m = graph_edges(&g, u, GRAPH_AFTER, &e);

		for (size_t k = 0; k < m; k++)
			ck_assert_uint_lt(e[k], u);
	}
	graph_free(&g);
	/* A bound against a quadratic step (which takes minutes here), not
	 * a benchmark: a loaded machine takes 0.2-0.6 s. */
#if !defined(__SANITIZE_ADDRESS__)
	ck_assert_msg(dt < 3.0, "load+graph took %.3f s", dt);
#endif
	printf("load+graph of %d files: %.3f s\n", N, dt);
}
END_TEST

/* [Deploy] Instances=N on a template: NAME@1 ... NAME@N exist, each
 * instantiated with its %i; a drop-in changes N; svctl scale's count
 * overrides both; [Deploy] outside a template is an error. */
START_TEST(test_deploy_instances)
{
	struct load_scale one = {.tmpl = "web@.service", .n = 1};
	struct load_scales sc = {&one, 1};

	mk("a/web@.service", "[Service]\nExecStart=/bin/web --port 80%i\n"
			     "[Deploy]\nInstances=3\nMinHealthyCapacity=50%\n"
			     "MaxOverCapacity=0.25\nImage=registry/web:1\n");
	mk("a/other@.service", SIMPLE);
	load("a", NULL);
	assert_no_diag();
	for (int i = 1; i <= 3; i++) {
		char name[32], port[16];
		struct unit *u;

		snprintf(name, sizeof(name), "web@%d.service", i);
		snprintf(port, sizeof(port), "80%d", i);
		u = get(name);
		ck_assert_str_eq(u->svc.start.cmds[0].argv[2], port);
		ck_assert_uint_eq(u->deploy->instances, 3);
		ck_assert_uint_eq(u->deploy->min_healthy, 500);
		ck_assert_uint_eq(u->deploy->max_over, 250);
		ck_assert_str_eq(u->deploy->image, "registry/web:1");
	}
	ck_assert_ptr_null(unitset_get(&set, "web@4.service"));
	ck_assert_ptr_null(unitset_get(&set, "other@1.service"));

	unitset_free(&set);
	mk("a/web@.service.d/scale.conf", "[Deploy]\nInstances=5\n");
	load("a", NULL);
	get("web@5.service");
	ck_assert_ptr_null(unitset_get(&set, "web@6.service"));

	unitset_free(&set);
	load_scaled("a", &sc);
	get("web@1.service");
	ck_assert_ptr_null(unitset_get(&set, "web@2.service"));

	unitset_free(&set);
	diag_free(&dl);
	diag_init(&dl);
	mk("a/plain.service", SIMPLE "[Deploy]\nInstances=2\n");
	load("a", NULL);
	ck_assert(has_diag(DIAG_ERROR, "a/plain.service", 3,
			   "[Deploy] belongs in a template"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_missing_dirs);
	tcase_add_test(tc, test_unreadable_dir);
	tcase_add_test(tc, test_dropins);
	tcase_add_test(tc, test_dropin_reset);
	tcase_add_test(tc, test_templates);
	tcase_add_test(tc, test_instance_chain);
	tcase_add_test(tc, test_instance_runaway);
	tcase_add_test(tc, test_builtins);
	tcase_add_test(tc, test_deploy_instances);
	tcase_add_test(tc, test_builtin_file_wins);
	tcase_add_test(tc, test_install);
	tcase_add_test(tc, test_alias);
	tcase_add_test(tc, test_masked);
	tcase_add_test(tc, test_unsupported_and_bad_names);
	tcase_add_test(tc, test_broken_unit);
	tcase_add_test(tc, test_load_error_units);
	tcase_add_test(tc, test_creds);
	tcase_add_test_if(tc, test_5000_units_50000_edges, !under_qemu_user(),
			  QEMU_USER_SKIPS ": a time limit");
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	skip_summary("load");
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
