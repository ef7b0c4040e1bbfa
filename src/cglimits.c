/* cglimits: resource limits to cgroup files, figures back (cglimits.h). */
#include "cglimits.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each key: its name and the controller it needs. */
static const struct {
	const char *name;
	unsigned ctrl;
} keys[_CGL_MAX] = {
	[CGL_MEMORY_MAX] = {"MemoryMax", CG_MEMORY},
	[CGL_MEMORY_HIGH] = {"MemoryHigh", CG_MEMORY},
	[CGL_MEMORY_LOW] = {"MemoryLow", CG_MEMORY},
	[CGL_MEMORY_SWAP_MAX] = {"MemorySwapMax", CG_MEMORY},
	[CGL_CPU_QUOTA] = {"CPUQuota", CG_CPU},
	[CGL_CPU_WEIGHT] = {"CPUWeight", CG_CPU},
	[CGL_CPU_SHARES] = {"CPUShares", CG_CPU},
	[CGL_TASKS_MAX] = {"TasksMax", CG_PIDS},
	[CGL_IO_WEIGHT] = {"IOWeight", CG_IO},
	[CGL_ALLOWED_CPUS] = {"AllowedCPUs", CG_CPUSET},
};

#define DEFAULT_PERIOD_USEC 100000

const struct cg_limits cglimits_none;

const char *cglimits_key_name(enum cgl_key k)
{
	return (unsigned)k < _CGL_MAX ? keys[k].name : "?";
}

void cglimits_free(struct cg_limits *l)
{
	free(l->allowed_cpus);
	for (int k = 0; k < _CGL_MAX; k++)
		free(l->file[k]);
	*l = (struct cg_limits){0};
}

static bool has(const struct cg_limits *l, enum cgl_key k)
{
	return l->set & (1u << k);
}

unsigned cglimits_ctrls(const struct cg_limits *l, const struct cgroups *cg)
{
	unsigned c = 0;

	for (int k = 0; k < _CGL_MAX; k++)
		if (has(l, k))
			c |= keys[k].ctrl;
	/* Accounting is no restriction: only where the controller is. */
	if (l->memory_accounting)
		c |= CG_MEMORY & cg->ctrls;
	return c;
}

int cglimits_unsupported(const struct cg_limits *l, const struct cgroups *cg,
			 const char **why)
{
	for (int k = 0; k < _CGL_MAX; k++) {
		if (!has(l, k))
			continue;
		if (!cgroups_active(cg)) {
			*why = "svinit runs without cgroups here";
			return k;
		}
		if (!(cg->ctrls & keys[k].ctrl)) {
			*why = "its cgroup controller is not available";
			return k;
		}
		if (!cg->unified &&
		    (k == CGL_MEMORY_HIGH || k == CGL_MEMORY_LOW ||
		     k == CGL_MEMORY_SWAP_MAX)) {
			*why = "cgroup v1 has no equivalent";
			return k;
		}
	}
	return -1;
}

/* One write; on failure the file is kept for the message. */
static int put(const struct cgroups *cg, const char *name, unsigned ctrl,
	       const char *file, const char *value, const char **failed)
{
	int r = cgroups_unit_write(cg, name, ctrl, file, value);

	if (r < 0)
		*failed = file;
	return r;
}

/* A count as the v2 files write it: "max" for none. */
static void v2_count(char *buf, size_t size, uint64_t v)
{
	if (v == CGL_INFINITY)
		snprintf(buf, size, "max");
	else
		snprintf(buf, size, "%" PRIu64, v);
}

/* CPUQuota= as CPU time per period, and the period, in microseconds. */
static uint64_t quota_per_period(const struct cg_limits *l, usec_t *period)
{
	*period =
		l->cpu_quota_period ? l->cpu_quota_period : DEFAULT_PERIOD_USEC;
	return (uint64_t)(l->v[CGL_CPU_QUOTA] * *period / USEC_PER_SEC);
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int apply_v2(const struct cg_limits *l, const struct cgroups *cg,
		    const char *name, const char **f)
{
	static const char *const mem_files[] = {
		[CGL_MEMORY_MAX] = "memory.max",
		[CGL_MEMORY_HIGH] = "memory.high",
		[CGL_MEMORY_LOW] = "memory.low",
		[CGL_MEMORY_SWAP_MAX] = "memory.swap.max",
	};
	char buf[64];
	int r = 0;

	for (int k = CGL_MEMORY_MAX; k <= CGL_MEMORY_SWAP_MAX && r == 0; k++)
		if (has(l, k)) {
			v2_count(buf, sizeof(buf), l->v[k]);
			r = put(cg, name, CG_MEMORY, mem_files[k], buf, f);
		}
	if (r == 0 && has(l, CGL_CPU_QUOTA)) {
		usec_t period;
		uint64_t quota = quota_per_period(l, &period);

		snprintf(buf, sizeof(buf), "%" PRIu64 " %" PRIu64, quota,
			 (uint64_t)period);
		r = put(cg, name, CG_CPU, "cpu.max", buf, f);
	}
	if (r == 0 && (has(l, CGL_CPU_WEIGHT) || has(l, CGL_CPU_SHARES))) {
		uint64_t w = has(l, CGL_CPU_WEIGHT)
				     ? l->v[CGL_CPU_WEIGHT]
				     : clamp(l->v[CGL_CPU_SHARES] * 100 / 1024,
					     1, 10000);

		snprintf(buf, sizeof(buf), "%" PRIu64, w);
		r = put(cg, name, CG_CPU, "cpu.weight", buf, f);
	}
	if (r == 0 && has(l, CGL_TASKS_MAX)) {
		v2_count(buf, sizeof(buf), l->v[CGL_TASKS_MAX]);
		r = put(cg, name, CG_PIDS, "pids.max", buf, f);
	}
	if (r == 0 && has(l, CGL_IO_WEIGHT)) {
		snprintf(buf, sizeof(buf), "default %" PRIu64,
			 l->v[CGL_IO_WEIGHT]);
		r = put(cg, name, CG_IO, "io.weight", buf, f);
	}
	if (r == 0 && has(l, CGL_ALLOWED_CPUS))
		r = put(cg, name, CG_CPUSET, "cpuset.cpus", l->allowed_cpus, f);
	return r;
}

static int apply_v1(const struct cg_limits *l, const struct cgroups *cg,
		    const char *name, const char **f)
{
	char buf[64];
	int r = 0;

	if (has(l, CGL_MEMORY_MAX)) {
		if (l->v[CGL_MEMORY_MAX] == CGL_INFINITY)
			snprintf(buf, sizeof(buf), "-1");
		else
			snprintf(buf, sizeof(buf), "%" PRIu64,
				 l->v[CGL_MEMORY_MAX]);
		r = put(cg, name, CG_MEMORY, "memory.limit_in_bytes", buf, f);
	}
	if (r == 0 && has(l, CGL_CPU_QUOTA)) {
		usec_t period;
		uint64_t quota = quota_per_period(l, &period);

		snprintf(buf, sizeof(buf), "%" PRIu64, (uint64_t)period);
		r = put(cg, name, CG_CPU, "cpu.cfs_period_us", buf, f);
		snprintf(buf, sizeof(buf), "%" PRIu64, quota);
		if (r == 0)
			r = put(cg, name, CG_CPU, "cpu.cfs_quota_us", buf, f);
	}
	if (r == 0 && (has(l, CGL_CPU_WEIGHT) || has(l, CGL_CPU_SHARES))) {
		uint64_t s = has(l, CGL_CPU_SHARES)
				     ? l->v[CGL_CPU_SHARES]
				     : clamp(l->v[CGL_CPU_WEIGHT] * 1024 / 100,
					     2, 262144);

		snprintf(buf, sizeof(buf), "%" PRIu64, s);
		r = put(cg, name, CG_CPU, "cpu.shares", buf, f);
	}
	if (r == 0 && has(l, CGL_TASKS_MAX)) {
		v2_count(buf, sizeof(buf), l->v[CGL_TASKS_MAX]);
		r = put(cg, name, CG_PIDS, "pids.max", buf, f);
	}
	if (r == 0 && has(l, CGL_IO_WEIGHT)) {
		/* io's 1-10000 (default 100) onto blkio's 10-1000 (default
		 * 500), 100 landing on 500 as the defaults do. */
		uint64_t w = l->v[CGL_IO_WEIGHT];

		w = w <= 100 ? 10 + (w - 1) * 490 / 99
			     : 500 + (w - 100) * 500 / 9900;
		snprintf(buf, sizeof(buf), "%" PRIu64, clamp(w, 10, 1000));
		r = put(cg, name, CG_IO, "blkio.weight", buf, f);
	}
	if (r == 0 && has(l, CGL_ALLOWED_CPUS)) {
		/* A v1 cpuset takes no task before it has memory nodes:
		 * the parent's (svinit's root), as the v2 default is. */
		char mems[256];
		ssize_t n = cgroups_unit_read(
			cg, NULL, CG_CPUSET, "cpuset.mems", mems, sizeof(mems));

		if (n < 0) {
			*f = "cpuset.mems";
			return (int)n;
		}
		r = put(cg, name, CG_CPUSET, "cpuset.mems", mems, f);
		if (r == 0)
			r = put(cg, name, CG_CPUSET, "cpuset.cpus",
				l->allowed_cpus, f);
	}
	return r;
}

int cglimits_apply(const struct cg_limits *l, const struct cgroups *cg,
		   const char *name, const char **file)
{
	*file = NULL;
	if (!l->set)
		return 0;
	return cg->unified ? apply_v2(l, cg, name, file)
			   : apply_v1(l, cg, name, file);
}

/* A number from a one-value file, or from the line "key N" of a flat
 * keyed file; UINT64_MAX when it cannot be read. */
static uint64_t read_num(const struct cgroups *cg, const char *name,
			 unsigned ctrl, const char *file, const char *key)
{
	char buf[4096];
	const char *p = buf;
	ssize_t n;

	if (ctrl && !(cg->ctrls & ctrl))
		return UINT64_MAX;
	n = cgroups_unit_read(cg, name, ctrl, file, buf, sizeof(buf));
	if (n <= 0)
		return UINT64_MAX;
	if (key) {
		size_t kl = strlen(key);

		for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			if (strncmp(p, key, kl) == 0 && p[kl] == ' ')
				break;
		if (!p)
			return UINT64_MAX;
		p += kl + 1;
	}
	if (*p < '0' || *p > '9')
		return UINT64_MAX;
	return strtoull(p, NULL, 10);
}

/* Lines of a file (cgroup.procs, tasks): how many processes. */
static uint64_t count_lines(const struct cgroups *cg, const char *name,
			    const char *file)
{
	char buf[16384];
	ssize_t n = cgroups_unit_read(cg, name, 0, file, buf, sizeof(buf));
	uint64_t c = 0;

	if (n < 0 || (size_t)n >= sizeof(buf) - 1)
		return UINT64_MAX; /* too many to count this way */
	for (ssize_t i = 0; i < n; i++)
		c += buf[i] == '\n';
	return c;
}

uint64_t cglimits_oom_kills(const struct cgroups *cg, const char *name)
{
	uint64_t n;

	if (!(cg->ctrls & CG_MEMORY))
		return 0;
	n = cg->unified
		    ? read_num(cg, name, CG_MEMORY, "memory.events", "oom_kill")
		    : read_num(cg, name, CG_MEMORY, "memory.oom_control",
			       "oom_kill");
	return n == UINT64_MAX ? 0 : n;
}

void cglimits_stats(const struct cgroups *cg, const char *name,
		    struct cg_stats *st)
{
	bool v2 = cgroups_active(cg) && cg->h[cg->track].v2;

	*st = (struct cg_stats){UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
				0};
	if (!cgroups_active(cg))
		return;
	if (cg->unified) {
		st->memory_current =
			read_num(cg, name, CG_MEMORY, "memory.current", NULL);
		st->memory_peak =
			read_num(cg, name, CG_MEMORY, "memory.peak", NULL);
	} else {
		st->memory_current = read_num(cg, name, CG_MEMORY,
					      "memory.usage_in_bytes", NULL);
		st->memory_peak = read_num(cg, name, CG_MEMORY,
					   "memory.max_usage_in_bytes", NULL);
	}
	/* cpu.stat's usage is kept by every cgroup2, controllers or not. */
	if (v2) {
		uint64_t us = read_num(cg, name, 0, "cpu.stat", "usage_usec");

		st->cpu_usage_nsec = us == UINT64_MAX ? us : us * 1000;
	} else {
		st->cpu_usage_nsec =
			read_num(cg, name, CG_CPUACCT, "cpuacct.usage", NULL);
	}
	st->tasks_current = read_num(cg, name, CG_PIDS, "pids.current", NULL);
	if (st->tasks_current == UINT64_MAX)
		st->tasks_current = count_lines(cg, name, "cgroup.threads");
	if (st->tasks_current == UINT64_MAX)
		st->tasks_current = count_lines(cg, name, "tasks");
	st->oom_kills = cglimits_oom_kills(cg, name);
}
