/*
 * Check suite for the resource-control keys: their parsing (values,
 * errors at FILE:LINE), the load check against the hierarchies, and the
 * files each limit is written to on cgroup v2 and v1, over a fake tree
 * (a temporary directory named by a made-up mountinfo).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cglimits.h"
#include "diag.h"
#include "parse.h"
#include "unit.h"

static char dir[64];

static struct unit *parse(const char *text, struct diag_list *dl, int *rc)
{
	struct unit *u = unit_new("a.service", UNIT_SERVICE);
	char *full;

	ck_assert_ptr_nonnull(u);
	ck_assert_int_gt(
		asprintf(&full, "[Service]\nExecStart=/bin/true\n%s", text), 0);
	diag_init(dl);
	*rc = parse_unit_string(u, "a.service", full, dl);
	free(full);
	return u;
}

static const char *first_msg(const struct diag_list *dl)
{
	static char buf[512];

	if (dl->n == 0)
		return "";
	diag_format(&dl->items[0], buf, sizeof(buf));
	return buf;
}

START_TEST(test_parse_values)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("MemoryMax=64M\nMemoryHigh=infinity\n"
			       "MemoryLow=50%\nCPUQuota=150%\n"
			       "CPUQuotaPeriodSec=50ms\nCPUWeight=200\n"
			       "TasksMax=512\nIOWeight=10\n"
			       "AllowedCPUs=0-1 3,5\nMemoryAccounting=yes\n"
			       "CPUAccounting=yes\n",
			       &dl, &rc);
	const struct cg_limits *l = unit_limits(u);

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(l->v[CGL_MEMORY_MAX], 64 << 20);
	ck_assert(l->v[CGL_MEMORY_HIGH] == CGL_INFINITY);
	ck_assert_uint_gt(l->v[CGL_MEMORY_LOW], 0);
	ck_assert_uint_eq(l->v[CGL_CPU_QUOTA], 1500000);
	ck_assert_uint_eq(l->cpu_quota_period, 50000);
	ck_assert_uint_eq(l->v[CGL_CPU_WEIGHT], 200);
	ck_assert_uint_eq(l->v[CGL_TASKS_MAX], 512);
	ck_assert_uint_eq(l->v[CGL_IO_WEIGHT], 10);
	ck_assert_str_eq(l->allowed_cpus, "0-1,3,5");
	ck_assert(l->memory_accounting);
	ck_assert_str_eq(l->file[CGL_TASKS_MAX], "a.service");
	ck_assert_uint_eq(l->line[CGL_TASKS_MAX], 9);
	ck_assert(!(l->set & (1u << CGL_MEMORY_SWAP_MAX)));
	unit_free(u);
	diag_free(&dl);

	/* An empty assignment takes a limit back. */
	u = parse("TasksMax=5\nTasksMax=\n", &dl, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert(!(unit_limits(u)->set & (1u << CGL_TASKS_MAX)));
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_parse_errors)
{
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{"MemoryMax=lots", "expected bytes"},
		{"MemoryMax=101%", "expected bytes"},
		{"CPUQuota=20", "expected a percentage"},
		{"CPUQuota=0%", "expected a percentage"},
		{"CPUWeight=0", "from 1 to 10000"},
		{"CPUShares=1", "from 2 to 262144"},
		{"TasksMax=0", "expected a number above 0"},
		{"TasksMax=4K", "expected a number above 0"},
		{"CPUQuotaPeriodSec=2s", "from 1ms to 1s"},
		{"AllowedCPUs=3-1", "expected CPU numbers"},
		{"AllowedCPUs=a", "expected CPU numbers"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct diag_list dl;
		int rc;
		struct unit *u = parse(bad[i].line, &dl, &rc);

		ck_assert_int_eq(rc, -EINVAL);
		ck_assert_msg(strstr(first_msg(&dl), "a.service:3:") &&
				      strstr(first_msg(&dl), bad[i].msg),
			      "%s: %s", bad[i].line, first_msg(&dl));
		ck_assert_uint_eq(unit_limits(u)->set, 0);
		unit_free(u);
		diag_free(&dl);
	}
}
END_TEST

/* A fake tree, unified (v2) or hybrid (v1 controllers + cgroup2). */
static void make_tree(struct cgroups *cg, bool unified)
{
	char mi[1024], cmd[1024];

	snprintf(dir, sizeof(dir), "/tmp/check_cglimits.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/v2 %s/memory %s/cpu %s/pids %s/cpuset && "
		 "echo 0 > %s/cpuset/cpuset.mems",
		 dir, dir, dir, dir, dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	if (unified) {
		FILE *f;

		snprintf(cmd, sizeof(cmd), "%s/v2/cgroup.controllers", dir);
		f = fopen(cmd, "w");
		fputs("cpuset cpu io memory pids\n", f);
		fclose(f);
		snprintf(mi, sizeof(mi),
			 "41 31 0:38 / %s/v2 rw - cgroup2 cgroup2 rw\n", dir);
		/* Probing reads what could be enabled, and makes nothing. */
		ck_assert_int_eq(cgroups_setup(cg, mi, "0::/\n", NULL, true),
				 0);
	} else {
		snprintf(mi, sizeof(mi),
			 "35 31 0:32 / %s/memory rw - cgroup cgroup rw,memory\n"
			 "32 31 0:29 / %s/cpu rw - cgroup cgroup rw,cpu\n"
			 "39 31 0:36 / %s/pids rw - cgroup cgroup rw,pids\n"
			 "34 31 0:31 / %s/cpuset rw - cgroup cgroup rw,cpuset\n"
			 "41 31 0:38 / %s/v2 rw - cgroup2 cgroup2 rw\n",
			 dir, dir, dir, dir, dir);
		ck_assert_int_eq(cgroups_setup(cg, mi,
					       "8:pids:/\n4:memory:/\n1:cpu:/\n"
					       "3:cpuset:/\n0::/\n",
					       NULL, false),
				 0);
	}
}

static void drop_tree(struct cgroups *cg)
{
	char cmd[128];

	cgroups_close(cg);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The content of a file of the fake tree ("" when missing). */
static const char *cat(const char *rel)
{
	static char buf[256];
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "r");
	if (!f)
		return "";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The kernel's files of a new cgroup, which apply writes into. */
static void touch(const char *const *rels)
{
	for (; *rels; rels++) {
		char path[256];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, *rels);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fclose(f);
	}
}

START_TEST(test_apply_v2)
{
	struct cgroups cg;
	struct diag_list dl;
	const char *file, *why;
	int rc;
	struct unit *u = parse("MemoryMax=1M\nMemoryHigh=infinity\n"
			       "CPUQuota=20%\nCPUShares=2048\nTasksMax=7\n"
			       "IOWeight=300\nAllowedCPUs=0\n",
			       &dl, &rc);
	const struct cg_limits *l = unit_limits(u);

	make_tree(&cg, true);
	ck_assert(cg.unified);
	ck_assert_int_eq(cglimits_unsupported(l, &cg, &why), -1);
	ck_assert_int_eq(
		cgroups_unit_create(&cg, "a.service", cglimits_ctrls(l, &cg)),
		1);
	/* A file the kernel would have: missing, the write fails and says
	 * which. */
	ck_assert_int_eq(cglimits_apply(l, &cg, "a.service", &file), -ENOENT);
	ck_assert_str_eq(file, "memory.max");
	touch((const char *const[]){
		"v2/a.service/memory.max", "v2/a.service/memory.high",
		"v2/a.service/cpu.max", "v2/a.service/cpu.weight",
		"v2/a.service/pids.max", "v2/a.service/io.weight",
		"v2/a.service/cpuset.cpus", NULL});
	ck_assert_int_eq(cglimits_apply(l, &cg, "a.service", &file), 0);
	ck_assert_str_eq(cat("v2/a.service/memory.max"), "1048576");
	ck_assert_str_eq(cat("v2/a.service/memory.high"), "max");
	ck_assert_str_eq(cat("v2/a.service/cpu.max"), "20000 100000");
	ck_assert_str_eq(cat("v2/a.service/cpu.weight"), "200");
	ck_assert_str_eq(cat("v2/a.service/pids.max"), "7");
	ck_assert_str_eq(cat("v2/a.service/io.weight"), "default 300");
	ck_assert_str_eq(cat("v2/a.service/cpuset.cpus"), "0");
	unit_free(u);
	diag_free(&dl);
	drop_tree(&cg);
}
END_TEST

START_TEST(test_apply_v1)
{
	struct cgroups cg;
	struct diag_list dl;
	const char *file, *why;
	int rc;
	struct unit *u = parse("MemoryMax=infinity\nCPUQuota=50%\n"
			       "CPUQuotaPeriodSec=10ms\nCPUWeight=50\n"
			       "TasksMax=infinity\nAllowedCPUs=0\n",
			       &dl, &rc);
	const struct cg_limits *l = unit_limits(u);

	make_tree(&cg, false);
	ck_assert(!cg.unified);
	ck_assert_int_eq(cglimits_unsupported(l, &cg, &why), -1);
	ck_assert_int_eq(
		cgroups_unit_create(&cg, "a.service", cglimits_ctrls(l, &cg)),
		1);
	touch((const char *const[]){
		"memory/a.service/memory.limit_in_bytes",
		"cpu/a.service/cpu.cfs_period_us",
		"cpu/a.service/cpu.cfs_quota_us", "cpu/a.service/cpu.shares",
		"pids/a.service/pids.max", "cpuset/a.service/cpuset.mems",
		"cpuset/a.service/cpuset.cpus", NULL});
	ck_assert_int_eq(cglimits_apply(l, &cg, "a.service", &file), 0);
	ck_assert_str_eq(cat("memory/a.service/memory.limit_in_bytes"), "-1");
	ck_assert_str_eq(cat("cpu/a.service/cpu.cfs_period_us"), "10000");
	ck_assert_str_eq(cat("cpu/a.service/cpu.cfs_quota_us"), "5000");
	ck_assert_str_eq(cat("cpu/a.service/cpu.shares"), "512");
	ck_assert_str_eq(cat("pids/a.service/pids.max"), "max");
	ck_assert_str_eq(cat("cpuset/a.service/cpuset.mems"), "0\n");
	ck_assert_str_eq(cat("cpuset/a.service/cpuset.cpus"), "0");
	unit_free(u);
	diag_free(&dl);

	/* What v1 cannot do, and a controller no hierarchy serves. */
	u = parse("MemoryLow=1M\n", &dl, &rc);
	ck_assert_int_eq(cglimits_unsupported(unit_limits(u), &cg, &why),
			 CGL_MEMORY_LOW);
	ck_assert_str_eq(why, "cgroup v1 has no equivalent");
	unit_free(u);
	diag_free(&dl);
	u = parse("IOWeight=5\n", &dl, &rc);
	ck_assert_int_eq(cglimits_unsupported(unit_limits(u), &cg, &why),
			 CGL_IO_WEIGHT);
	unit_free(u);
	diag_free(&dl);
	drop_tree(&cg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cglimits");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_values);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_apply_v2);
	tcase_add_test(tc, test_apply_v1);
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
