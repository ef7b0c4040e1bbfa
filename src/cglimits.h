/*
 * cglimits: the resource limits of a unit's cgroup, with systemd's keys,
 * and their translation to the files of the hierarchy svinit runs on.
 *
 * Owns: what MemoryMax=, MemoryHigh=, MemoryLow=, MemorySwapMax=,
 * CPUQuota=, CPUQuotaPeriodSec=, CPUWeight=, CPUShares=, TasksMax=,
 * IOWeight= and AllowedCPUs= ask for (parsed by parse_cgroup.c), which
 * controllers that needs, whether the hierarchies can do it at all
 * (checked at load: a key with no equivalent is a load error, never a
 * limit silently dropped), and the writes that apply it (when the unit's
 * cgroup is made, and live with set-property). Also the figures read back
 * for status (memory, CPU time, tasks, OOM kills).
 *
 * The translation, v2 / v1:
 *   MemoryMax      memory.max        / memory.limit_in_bytes
 *   MemoryHigh     memory.high       / (none: a load error)
 *   MemoryLow      memory.low        / (none)
 *   MemorySwapMax  memory.swap.max   / (none)
 *   CPUQuota       cpu.max           / cpu.cfs_quota_us + cpu.cfs_period_us
 *   CPUWeight      cpu.weight        / cpu.shares (weight * 1024 / 100)
 *   CPUShares      cpu.weight (shares * 100 / 1024) / cpu.shares
 *   TasksMax       pids.max          / pids.max
 *   IOWeight       io.weight         / blkio.weight (scaled to 10-1000)
 *   AllowedCPUs    cpuset.cpus       / cpuset.cpus (and cpuset.mems from
 *                                      the parent, which v1 requires)
 */
#ifndef SVINIT_CGLIMITS_H
#define SVINIT_CGLIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup.h"
#include "util.h"

enum cgl_key {
	CGL_MEMORY_MAX,
	CGL_MEMORY_HIGH,
	CGL_MEMORY_LOW,
	CGL_MEMORY_SWAP_MAX,
	CGL_CPU_QUOTA,
	CGL_CPU_WEIGHT,
	CGL_CPU_SHARES,
	CGL_TASKS_MAX,
	CGL_IO_WEIGHT,
	CGL_ALLOWED_CPUS,
	_CGL_MAX,
};

/* A byte or task count without a limit. */
#define CGL_INFINITY UINT64_MAX

struct cg_limits {
	uint32_t set; /* 1 << cgl_key for each key given */
	/* Bytes (memory), tasks, weights and shares; CPUQuota as
	 * microseconds of CPU per second (20% = 200000). */
	uint64_t v[_CGL_MAX];
	usec_t cpu_quota_period; /* CPUQuotaPeriodSec=; 0: 100 ms */
	char *allowed_cpus;	 /* "0-3,5" */
	bool memory_accounting;	 /* MemoryAccounting=yes */
	/* Where each key was set, for load errors (owned copies). */
	char *file[_CGL_MAX];
	unsigned line[_CGL_MAX];
};

/* No limit at all. */
extern const struct cg_limits cglimits_none;

/* "MemoryMax", ... */
const char *cglimits_key_name(enum cgl_key k);
void cglimits_free(struct cg_limits *l);

/* The controllers (CG_*) the unit's cgroups need on cg's hierarchies. */
unsigned cglimits_ctrls(const struct cg_limits *l, const struct cgroups *cg);
/* The first key of l the hierarchies cannot apply, with why ("cgroup v1
 * has no memory.high"); -1 when all can be. */
int cglimits_unsupported(const struct cg_limits *l, const struct cgroups *cg,
			 const char **why);
/* Write every limit into the unit's cgroups. 0, or -errno with *file set
 * to the file that could not be written. */
int cglimits_apply(const struct cg_limits *l, const struct cgroups *cg,
		   const char *name, const char **file);

/* Figures of the unit's cgroups for status; UINT64_MAX when unknown. */
struct cg_stats {
	uint64_t memory_current, memory_peak, cpu_usage_nsec, tasks_current;
	uint64_t oom_kills;
};
void cglimits_stats(const struct cgroups *cg, const char *name,
		    struct cg_stats *st);
/* The number of OOM kills in the unit's cgroup so far (0 when the
 * hierarchies cannot tell). */
uint64_t cglimits_oom_kills(const struct cgroups *cg, const char *name);

#endif
