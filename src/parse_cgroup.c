/*
 * parse_cgroup: the resource-control keys of [Service] (cglimits.h), with
 * systemd's value syntax:
 * - Memory*=: bytes with K, M, G or T (powers of 1024), a percentage of
 *   the machine's memory, or infinity;
 * - CPUQuota=: a percentage of one CPU (200% is two CPUs); empty resets;
 * - CPUQuotaPeriodSec=: 1 ms to 1 s;
 * - CPUWeight=, IOWeight=: 1-10000; CPUShares=: 2-262144;
 * - TasksMax=: a number, a percentage of the kernel's pid_max, or
 *   infinity;
 * - AllowedCPUs=: CPU numbers and ranges ("0-3 5,7");
 * - MemoryAccounting=, CPUAccounting=, TasksAccounting=, IOAccounting=:
 *   booleans; only MemoryAccounting= changes anything (the unit joins the
 *   memory hierarchy on cgroup v1, so that its memory can be shown).
 * Whether the running hierarchies can apply a key is checked at load
 * (load.c), since the parser does no I/O beyond the machine's size.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The unit's limits, made at the first key that sets one; NULL on
 * ENOMEM. */
static struct cg_limits *limits_of(struct parse_ctx *c,
				   const struct parse_key *k)
{
	struct cg_limits **pl = parse_key_field(c, k);

	if (!*pl)
		*pl = calloc(1, sizeof(**pl));
	return *pl;
}

/* Record that key k was set here (for load errors). */
static int mark(struct parse_ctx *c, struct cg_limits *l, enum cgl_key k)
{
	char *f = strdup(c->path);

	if (!f)
		return -ENOMEM;
	free(l->file[k]);
	l->file[k] = f;
	l->line[k] = c->line;
	l->set |= 1u << k;
	return 0;
}

static void unset(struct cg_limits *l, enum cgl_key k)
{
	l->set &= ~(1u << k);
	free(l->file[k]);
	l->file[k] = NULL;
}

/* "N%" with N from 0 to max (decimals allowed, as in 12.5%): in
 * hundredths of a percent. */
static int percent(const char *v, uint64_t max, uint64_t *out)
{
	char *end;
	double d;

	if (!*v || v[strlen(v) - 1] != '%')
		return -EINVAL;
	errno = 0;
	d = strtod(v, &end);
	if (errno || end != v + strlen(v) - 1 || d < 0 || d > (double)max)
		return -EINVAL;
	*out = (uint64_t)(d * 100 + 0.5);
	return 0;
}

/* The total of a percentage (in hundredths) of total. */
static uint64_t share_of(uint64_t total, uint64_t hundredths)
{
	return (uint64_t)((long double)total * hundredths / 10000);
}

/* Memory*=: bytes, N%, infinity; empty resets. */
static int k_memory(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	uint64_t b, pct;

	if (!l)
		return -ENOMEM;
	if (!*v) {
		unset(l, k->arg);
		return 0;
	}
	if (strcmp(v, "infinity") == 0) {
		b = CGL_INFINITY;
	} else if (percent(v, 100, &pct) == 0) {
		long pages = sysconf(_SC_PHYS_PAGES),
		     psz = sysconf(_SC_PAGESIZE);

		if (pages <= 0 || psz <= 0)
			return parse_bad(c, k, v,
					 "the machine's memory size "
					 "is unknown");
		b = share_of((uint64_t)pages * (uint64_t)psz, pct);
	} else if (parse_size(v, &b) < 0) {
		return parse_bad(c, k, v,
				 "expected bytes (K, M, G or T suffix), a "
				 "percentage or infinity");
	}
	l->v[k->arg] = b;
	return mark(c, l, k->arg);
}

static int k_cpu_quota(struct parse_ctx *c, const struct parse_key *k,
		       const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	uint64_t pct;

	if (!l)
		return -ENOMEM;
	if (!*v) {
		unset(l, CGL_CPU_QUOTA);
		return 0;
	}
	/* At most every CPU a machine could have, and above 0. */
	if (percent(v, 1000000, &pct) < 0 || pct == 0)
		return parse_bad(c, k, v, "expected a percentage above 0%");
	l->v[CGL_CPU_QUOTA] = pct * 100; /* usec of CPU per second */
	return mark(c, l, CGL_CPU_QUOTA);
}

static int k_quota_period(struct parse_ctx *c, const struct parse_key *k,
			  const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	usec_t t;

	if (!l)
		return -ENOMEM;
	if (!*v) {
		l->cpu_quota_period = 0;
		return 0;
	}
	if (parse_timespan(v, &t) < 0 || t < 1000 || t > USEC_PER_SEC)
		return parse_bad(c, k, v, "expected a time from 1ms to 1s");
	l->cpu_quota_period = t;
	return 0;
}

/* CPUWeight=, IOWeight= (1-10000), CPUShares= (2-262144): arg is the
 * key; the range follows from it. */
static int k_weight(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	bool shares = k->arg == CGL_CPU_SHARES;
	unsigned lo = shares ? 2 : 1, hi = shares ? 262144 : 10000, n;

	if (!l)
		return -ENOMEM;
	if (!*v) {
		unset(l, k->arg);
		return 0;
	}
	if (parse_unsigned(v, &n) < 0 || n < lo || n > hi) {
		char why[64];

		snprintf(why, sizeof(why), "expected a number from %u to %u",
			 lo, hi);
		return parse_bad(c, k, v, why);
	}
	l->v[k->arg] = n;
	return mark(c, l, k->arg);
}

/* The kernel's pid_max, which TasksMax=N% is a share of (as systemd's
 * is of its own system-wide limit). */
static uint64_t pid_max(void)
{
	FILE *f = fopen("/proc/sys/kernel/pid_max", "re");
	unsigned long long v = 0;

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

static int k_tasks(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	uint64_t n, pct;

	if (!l)
		return -ENOMEM;
	if (!*v) {
		unset(l, CGL_TASKS_MAX);
		return 0;
	}
	if (strcmp(v, "infinity") == 0) {
		n = CGL_INFINITY;
	} else if (percent(v, 100, &pct) == 0) {
		uint64_t max = pid_max();

		if (!max)
			return parse_bad(c, k, v, "pid_max is unknown");
		n = share_of(max, pct);
		if (!n)
			n = 1;
	} else if (parse_size(v, &n) < 0 || strpbrk(v, "KMGT") || n == 0) {
		return parse_bad(c, k, v,
				 "expected a number above 0, a percentage "
				 "or infinity");
	}
	l->v[CGL_TASKS_MAX] = n;
	return mark(c, l, CGL_TASKS_MAX);
}

/* "0-3 5,7" -> "0-3,5,7": numbers and ascending ranges, which the
 * kernel's cpuset list format takes once separated by commas. */
static int k_cpus(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	char *out, *o;

	if (!l)
		return -ENOMEM;
	if (!*v) {
		free(l->allowed_cpus);
		l->allowed_cpus = NULL;
		unset(l, CGL_ALLOWED_CPUS);
		return 0;
	}
	out = o = malloc(strlen(v) + 1);
	if (!out)
		return -ENOMEM;
	for (const char *p = v; *p;) {
		char *end;
		unsigned long a, b;

		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		a = b = strtoul(p, &end, 10);
		if (end == p || a > 8192)
			goto bad;
		if (*end == '-') {
			p = end + 1;
			b = strtoul(p, &end, 10);
			if (end == p || b < a || b > 8192)
				goto bad;
		}
		if (*end && *end != ' ' && *end != ',')
			goto bad;
		o += sprintf(o, o == out ? "%lu" : ",%lu", a);
		if (b != a)
			o += sprintf(o, "-%lu", b);
		p = end;
	}
	if (o == out)
		goto bad;
	free(l->allowed_cpus);
	l->allowed_cpus = out;
	return mark(c, l, CGL_ALLOWED_CPUS);
bad:
	free(out);
	return parse_bad(c, k, v, "expected CPU numbers and ranges (0-3 5)");
}

static int k_accounting(struct parse_ctx *c, const struct parse_key *k,
			const char *v)
{
	struct cg_limits *l = limits_of(c, k);
	bool b;

	if (!l)
		return -ENOMEM;
	if (parse_boolean(v, &b) < 0)
		return parse_bad(c, k, v, NULL);
	if (k->arg)
		l->memory_accounting = b;
	return 0;
}

#define CGL(name, fn, arg) PARSE_SVC_KEY(name, fn, limits, arg)

static const struct parse_key keys[] = {
	CGL("MemoryMax", k_memory, CGL_MEMORY_MAX),
	CGL("MemoryHigh", k_memory, CGL_MEMORY_HIGH),
	CGL("MemoryLow", k_memory, CGL_MEMORY_LOW),
	CGL("MemorySwapMax", k_memory, CGL_MEMORY_SWAP_MAX),
	CGL("CPUQuota", k_cpu_quota, 0),
	CGL("CPUQuotaPeriodSec", k_quota_period, 0),
	CGL("CPUWeight", k_weight, CGL_CPU_WEIGHT),
	CGL("CPUShares", k_weight, CGL_CPU_SHARES),
	CGL("IOWeight", k_weight, CGL_IO_WEIGHT),
	CGL("TasksMax", k_tasks, 0),
	CGL("AllowedCPUs", k_cpus, 0),
	CGL("MemoryAccounting", k_accounting, 1),
	CGL("CPUAccounting", k_accounting, 0),
	CGL("TasksAccounting", k_accounting, 0),
	CGL("IOAccounting", k_accounting, 0),
};

const struct parse_key_table parse_cgroup_keys = PARSE_KEY_TABLE(keys);
