/*
 * Check suite for the cgroup module over a fake tree: a temporary
 * directory stands for the mounted hierarchies, and the texts of
 * mountinfo and /proc/self/cgroup name it, as the kernel would. What the
 * kernel makes by itself (cgroup.procs, cgroup.events in a new cgroup)
 * the test writes; kills go to a fake through the sys seam.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "sys.h"

static char dir[64];
static struct {
	pid_t pid[64];
	int sig[64];
	int n;
} K;

static int fake_kill(pid_t pid, int sig)
{
	if (K.n < 64) {
		K.pid[K.n] = pid;
		K.sig[K.n] = sig;
	}
	K.n++;
	return 0;
}

static pid_t fake_getpid(void)
{
	return 4242;
}

/* path relative to the fake tree */
static const char *at(const char *rel)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, rel);
	return buf[i];
}

static void put(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static bool is_dir(const char *rel)
{
	struct stat st;

	return stat(at(rel), &st) == 0 && S_ISDIR(st.st_mode);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_cgroup.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (const char *const *d =
		     (const char *const[]){"unified", "memory", "memory/a",
					   "cpu", "pids", NULL};
	     *d; d++)
		ck_assert_int_eq(mkdir(at(*d), 0755), 0);
	memset(&K, 0, sizeof(K));
	sys.kill = fake_kill;
	sys.getpid = fake_getpid;
}

static void teardown(void)
{
	char cmd[128];

	sys_reset();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* mountinfo lines for the hierarchies named (v2, memory, cpu, pids). */
static char *mountinfo(bool v2, bool v1)
{
	static char mi[2048];
	int n = 0;

	mi[0] = '\0';
	n += snprintf(mi + n, sizeof(mi) - n,
		      "22 1 0:21 / /proc rw - proc proc rw\n");
	if (v1) {
		n += snprintf(mi + n, sizeof(mi) - n,
			      "35 31 0:32 / %s rw,relatime - cgroup cgroup "
			      "rw,memory\n",
			      at("memory"));
		n += snprintf(mi + n, sizeof(mi) - n,
			      "32 31 0:29 / %s rw - cgroup cgroup rw,cpu\n",
			      at("cpu"));
		n += snprintf(mi + n, sizeof(mi) - n,
			      "39 31 0:36 / %s rw - cgroup cgroup rw,pids\n",
			      at("pids"));
		/* Known to the kernel, not to svinit: skipped. */
		n += snprintf(mi + n, sizeof(mi) - n,
			      "40 31 0:37 / /nowhere rw - cgroup cgroup "
			      "rw,name=systemd\n");
	}
	if (v2)
		n += snprintf(mi + n, sizeof(mi) - n,
			      "41 31 0:38 / %s rw - cgroup2 cgroup2 rw\n",
			      at("unified"));
	return mi;
}

static const char self[] = "9:name=systemd:/\n8:pids:/\n4:memory:/a\n"
			   "1:cpu:/\n0::/\n";

/* Hybrid: the cgroup2 tracks; a unit without limits is in it alone; a
 * unit with a memory limit is in the memory hierarchy too, below
 * svinit's own memory cgroup (/a). */
START_TEST(test_hybrid_tree)
{
	struct cgroups cg;
	int fds[CG_HIER_MAX], cgdir;
	size_t n;

	ck_assert_int_eq(
		cgroups_setup(&cg, mountinfo(true, true), self, "t", false), 0);
	ck_assert(cgroups_active(&cg));
	ck_assert_str_eq(cgroups_mode(&cg), "hybrid");
	ck_assert_str_eq(cgroups_root_path(&cg), "/t");
	ck_assert(is_dir("unified/t") && is_dir("memory/a/t") &&
		  is_dir("cpu/t") && is_dir("pids/t"));
	ck_assert(cg.ctrls & CG_MEMORY && cg.ctrls & CG_CPU &&
		  cg.ctrls & CG_PIDS);

	ck_assert_int_eq(cgroups_unit_create(&cg, "plain.service", 0), 1);
	/* Again: it was there. */
	ck_assert_int_eq(cgroups_unit_create(&cg, "plain.service", 0), 0);
	ck_assert(is_dir("unified/t/plain.service"));
	ck_assert(!is_dir("memory/a/t/plain.service"));
	ck_assert_int_eq(cgroups_unit_create(&cg, "m.service", CG_MEMORY), 1);
	ck_assert(is_dir("unified/t/m.service") &&
		  is_dir("memory/a/t/m.service") && !is_dir("cpu/t/m.service"));
	/* No hierarchy serves io here. */
	ck_assert_int_eq(cgroups_unit_create(&cg, "io.service", CG_IO),
			 -EOPNOTSUPP);

	/* The kernel makes cgroup.procs; here the test does. */
	put("unified/t/m.service/cgroup.procs", "");
	put("memory/a/t/m.service/cgroup.procs", "");
	ck_assert_int_eq(cgroups_unit_procs_fds(&cg, "m.service", CG_MEMORY,
						false, &cgdir, fds, CG_HIER_MAX,
						&n),
			 0);
	/* The cgroup2 one is a directory for clone3, the v1 one a file. */
	ck_assert_int_ge(cgdir, 0);
	ck_assert(fcntl(cgdir, F_GETFD) & FD_CLOEXEC);
	close(cgdir);
	ck_assert_uint_eq(n, 1);
	for (size_t i = 0; i < n; i++) {
		ck_assert(fcntl(fds[i], F_GETFD) & FD_CLOEXEC);
		ck_assert_int_eq(write(fds[i], "0", 1), 1);
		close(fds[i]);
	}
	/* A missing file: nothing left open, the error says why. */
	/* After a cgroup.kill the child joins the cgroup2 by a write. */
	ck_assert_int_eq(cgroups_unit_procs_fds(&cg, "m.service", CG_MEMORY,
						true, &cgdir, fds, CG_HIER_MAX,
						&n),
			 0);
	ck_assert_int_eq(cgdir, -1);
	ck_assert_uint_eq(n, 2);
	close(fds[0]);
	close(fds[1]);
	unlink(at("memory/a/t/m.service/cgroup.procs"));
	ck_assert_int_eq(cgroups_unit_procs_fds(&cg, "m.service", CG_MEMORY,
						false, &cgdir, fds, CG_HIER_MAX,
						&n),
			 -ENOENT);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(cgdir, -1);

	ck_assert_int_eq(cgroups_unit_write(&cg, "m.service", CG_MEMORY,
					    "memory.limit_in_bytes", "1048576"),
			 -ENOENT);
	put("memory/a/t/m.service/memory.limit_in_bytes", "");
	ck_assert_int_eq(cgroups_unit_write(&cg, "m.service", CG_MEMORY,
					    "memory.limit_in_bytes", "1048576"),
			 0);
	char buf[64];
	ck_assert_int_eq(cgroups_unit_read(&cg, "m.service", CG_MEMORY,
					   "memory.limit_in_bytes", buf,
					   sizeof(buf)),
			 7);
	ck_assert_str_eq(buf, "1048576");
	cgroups_close(&cg);
	/* The roots svinit made are removed once empty; these are not. */
	ck_assert(is_dir("unified/t"));
}
END_TEST

/* Signalling reads cgroup.procs (pids may span reads; svinit itself is
 * never signalled); SIGKILL goes through cgroup.kill on cgroup2. */
START_TEST(test_kill_and_populated)
{
	struct cgroups cg;
	char many[8192] = "";

	ck_assert_int_eq(
		cgroups_setup(&cg, mountinfo(true, true), self, "t", false), 0);
	ck_assert_int_eq(cgroups_unit_create(&cg, "k.service", 0), 1);
	put("unified/t/k.service/cgroup.procs", "101\n4242\n102\n");
	ck_assert_int_eq(cgroups_unit_kill(&cg, "k.service", SIGTERM, NULL), 2);
	ck_assert_int_eq(K.n, 2);
	ck_assert_int_eq(K.pid[0], 101);
	ck_assert_int_eq(K.pid[1], 102);
	ck_assert_int_eq(K.sig[1], SIGTERM);

	/* 1,000 pids: more than one read's worth. */
	for (int p = 1000, len = 0; p < 2000; p++)
		len += snprintf(many + len, sizeof(many) - len, "%d\n", p);
	put("unified/t/k.service/cgroup.procs", many);
	K.n = 0;
	ck_assert_int_eq(cgroups_unit_kill(&cg, "k.service", 0, NULL), 1000);
	ck_assert_int_eq(K.n, 1000);
	ck_assert_int_eq(K.pid[63], 1063);

	bool killed = false;

	put("unified/t/k.service/cgroup.kill", "");
	K.n = 0;
	ck_assert_int_eq(cgroups_unit_kill(&cg, "k.service", SIGKILL, &killed),
			 1);
	ck_assert_int_eq(K.n, 0);
	ck_assert(killed);

	put("unified/t/k.service/cgroup.events", "populated 1\nfrozen 0\n");
	ck_assert_int_eq(cgroups_unit_populated(&cg, "k.service"), 1);
	put("unified/t/k.service/cgroup.events", "populated 0\nfrozen 0\n");
	ck_assert_int_eq(cgroups_unit_populated(&cg, "k.service"), 0);
	ck_assert_int_eq(cgroups_unit_populated(&cg, "none.service"), 0);

	/* Removal: the kernel's rmdir ignores its own files; ours must go
	 * first. */
	unlink(at("unified/t/k.service/cgroup.procs"));
	unlink(at("unified/t/k.service/cgroup.kill"));
	unlink(at("unified/t/k.service/cgroup.events"));
	ck_assert_int_eq(cgroups_unit_remove(&cg, "k.service"), 0);
	ck_assert(!is_dir("unified/t/k.service"));
	cgroups_close(&cg);
	ck_assert(!is_dir("unified/t")); /* made by svinit, empty */
}
END_TEST

/* Legacy: no cgroup2, the pids hierarchy tracks; a v1 kill makes a few
 * passes for SIGKILL (a fork may race with the read) and stops at a
 * bound; emptiness is an empty cgroup.procs. */
START_TEST(test_legacy)
{
	struct cgroups cg;

	ck_assert_int_eq(
		cgroups_setup(&cg, mountinfo(false, true), self, NULL, false),
		0);
	ck_assert_str_eq(cgroups_mode(&cg), "legacy");
	ck_assert(cg.h[cg.track].ctrls & CG_PIDS);
	ck_assert_str_eq(cgroups_root_path(&cg), "/");
	ck_assert_int_eq(cgroups_unit_create(&cg, "l.service", 0), 1);
	ck_assert(is_dir("pids/l.service") && !is_dir("cpu/l.service"));
	put("pids/l.service/cgroup.procs", "7\n");
	ck_assert_int_eq(cgroups_unit_populated(&cg, "l.service"), 1);
	ck_assert_int_eq(cgroups_unit_kill(&cg, "l.service", SIGKILL, NULL), 8);
	ck_assert_int_eq(K.n, 8);
	put("pids/l.service/cgroup.procs", "");
	ck_assert_int_eq(cgroups_unit_populated(&cg, "l.service"), 0);
	cgroups_close(&cg);
}
END_TEST

/* No cgroup mounted: inactive, and every unit call says so. A root under
 * a mount that shows only part of the hierarchy must be inside it. */
START_TEST(test_none_and_mount_root)
{
	struct cgroups cg;
	char mi[512];

	ck_assert_int_eq(cgroups_setup(&cg,
				       "22 1 0:21 / /proc rw - proc "
				       "proc rw\n",
				       self, NULL, false),
			 0);
	ck_assert(!cgroups_active(&cg));
	ck_assert_str_eq(cgroups_mode(&cg), "none");
	ck_assert_int_eq(cgroups_unit_create(&cg, "x.service", 0), -EOPNOTSUPP);
	ck_assert_int_eq(cgroups_unit_kill(&cg, "x.service", SIGTERM, NULL),
			 -EOPNOTSUPP);
	cgroups_close(&cg);

	/* The memory hierarchy mounted from /a: svinit's /a/b is the
	 * mount's b; its escaped name is unescaped. */
	ck_assert_int_eq(mkdir(at("memory/a/b"), 0755), 0);
	ck_assert_int_eq(mkdir(at("sp ace"), 0755), 0);
	snprintf(mi, sizeof(mi),
		 "35 31 0:32 /a %s/memory/a rw - cgroup cgroup rw,memory\n"
		 "41 31 0:38 / %s/sp\\040ace rw - cgroup2 cgroup2 rw\n",
		 dir, dir);
	ck_assert_int_eq(
		cgroups_setup(&cg, mi, "4:memory:/a/b\n0::/\n", "r", false), 0);
	ck_assert(is_dir("memory/a/b/r"));
	ck_assert(is_dir("sp ace/r"));
	cgroups_close(&cg);
	/* Outside the mount's root: refused. */
	ck_assert_int_eq(cgroups_setup(&cg, mi, "4:memory:/elsewhere\n0::/\n",
				       NULL, false),
			 -EXDEV);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cgroup");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hybrid_tree);
	tcase_add_test(tc, test_kill_and_populated);
	tcase_add_test(tc, test_legacy);
	tcase_add_test(tc, test_none_and_mount_root);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
