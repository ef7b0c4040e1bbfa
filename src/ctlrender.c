/* ctlrender: svctl's human views of svinit's replies (see ctlrender.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctlrender.h"
#include "util.h"
#include "version.h"

/* Shorter to read in the renderers below. */
#define get ctlrender_get

/* A key of the record [s, e); "" when svinit did not send it, so that an
 * older or newer svinit's record still renders. */
const char *ctlrender_get(const struct proto_msg *r, size_t s, size_t e,
			  const char *key)
{
	const char *v = proto_record_get(r, s, e, key);

	return v ? v : "";
}

void ctlrender_age(char *buf, size_t size, unsigned long long mono)
{
	usec_t now = now_monotonic();
	unsigned long long d =
		mono && mono <= now ? (now - mono) / USEC_PER_SEC : 0;

	if (d < 60)
		snprintf(buf, size, "%llus ago", d);
	else if (d < 3600)
		snprintf(buf, size, "%llumin %llus ago", d / 60, d % 60);
	else if (d < 86400)
		snprintf(buf, size, "%lluh %llumin ago", d / 3600, d / 60 % 60);
	else
		snprintf(buf, size, "%llud %lluh ago", d / 86400,
			 d / 3600 % 24);
}

/* The wall-clock time of a monotonic timestamp, as local time. */
static void format_since(char *buf, size_t size, unsigned long long mono)
{
	usec_t wall = now_realtime() - (now_monotonic() - mono);
	time_t t = (time_t)(wall / USEC_PER_SEC);
	struct tm tm;

	if (!mono || !localtime_r(&t, &tm) ||
	    !strftime(buf, size, "%a %Y-%m-%d %H:%M:%S %Z", &tm))
		snprintf(buf, size, "-");
}

/*
 * status: systemctl's layout, one block per record. Lines whose data is
 * absent or uninteresting (no main PID, no restart pending, nothing
 * dropped) are left out rather than shown empty. Colour only on a
 * terminal, and never with NO_COLOR.
 */
/* Bytes as systemctl writes them: 1.5M, 300K, 12B. */
static void format_bytes(char *buf, size_t size, unsigned long long b)
{
	static const char units[] = "BKMGTP";
	double v = (double)b;
	int u = 0;

	while (v >= 1024 && units[u + 1]) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%lluB", b);
	else
		snprintf(buf, size, "%.1f%c", v, units[u]);
}

/* The processes of the cgroup as a tree, as systemctl draws it: each
 * process under its parent when the parent is in the cgroup too, in the
 * order svinit sent them (the kernel's, oldest first). At most 64 come;
 * depth-first with an explicit stack, no recursion. */
static void render_procs(const struct proto_msg *r, size_t s, size_t e)
{
	struct proc {
		long pid, ppid;
		const char *cmd;
		bool drawn;
	} p[64];
	size_t n = 0, stack[64], depth_of[64], top = 0;
	bool last_at[64] = {0};

	for (size_t i = s; i < e && n < 64; i++) {
		const char *v = proto_kv(r->v[i], "CGroupProc");
		char *end;

		if (!v)
			continue;
		p[n].pid = strtol(v, &end, 10);
		p[n].ppid = strtol(end, &end, 10);
		p[n].cmd = *end == ' ' ? end + 1 : end;
		p[n].drawn = false;
		n++;
	}
	/* Roots: processes whose parent is not in the cgroup, pushed in
	 * reverse so that the first one is drawn first. */
	for (size_t k = n; k-- > 0;) {
		bool parent_in = false;

		for (size_t j = 0; j < n; j++)
			parent_in |= j != k && p[j].pid == p[k].ppid;
		if (!parent_in) {
			stack[top] = k;
			depth_of[top++] = 0;
		}
	}
	while (top > 0) {
		size_t k = stack[--top], d = depth_of[top];
		bool last = true;

		/* The last of its siblings when no sibling waits below it
		 * on the stack at the same depth. */
		for (size_t j = top; j-- > 0 && depth_of[j] >= d;)
			if (depth_of[j] == d) {
				last = false;
				break;
			}
		last_at[d] = last;
		printf("             ");
		for (size_t l = 0; l < d; l++)
			printf("%s", last_at[l] ? "  " : "\u2502 ");
		printf("%s%ld %s\n", last ? "\u2514\u2500" : "\u251c\u2500",
		       p[k].pid, p[k].cmd);
		p[k].drawn = true;
		for (size_t j = n; j-- > 0;)
			if (!p[j].drawn && p[j].ppid == p[k].pid && j != k &&
			    top < 64) {
				stack[top] = j;
				depth_of[top++] = d + 1;
			}
	}
}

/* The cgroup's lines of status: tasks, memory, CPU, the cgroup itself;
 * a figure svinit does not know is left out. */
static void render_cgroup(const struct proto_msg *r, size_t s, size_t e)
{
	const char *tasks = get(r, s, e, "TasksCurrent");
	const char *mem = get(r, s, e, "MemoryCurrent");
	const char *cpu = get(r, s, e, "CPUUsageNSec");
	const char *max = get(r, s, e, "MemoryMax");
	const char *tmax = get(r, s, e, "TasksMax");
	char a[32], b[32];

	if (!*get(r, s, e, "ControlGroup"))
		return;
	if (*tasks >= '0' && *tasks <= '9') {
		printf("      Tasks: %s", tasks);
		if (*tmax >= '0' && *tmax <= '9')
			printf(" (limit: %s)", tmax);
		putchar('\n');
	}
	if (*mem >= '0' && *mem <= '9') {
		format_bytes(a, sizeof(a), strtoull(mem, NULL, 10));
		printf("     Memory: %s", a);
		if (*max >= '0' && *max <= '9') {
			format_bytes(b, sizeof(b), strtoull(max, NULL, 10));
			printf(" (max: %s)", b);
		}
		putchar('\n');
	}
	if (*cpu >= '0' && *cpu <= '9') {
		unsigned long long ns = strtoull(cpu, NULL, 10);

		if (ns >= 1000000000ULL)
			printf("        CPU: %.3fs\n", ns / 1e9);
		else
			printf("        CPU: %llums\n", ns / 1000000);
	}
	printf("     CGroup: %s\n", get(r, s, e, "ControlGroup"));
	render_procs(r, s, e);
}

static void render_status(const struct ctlrender_opts *o,
			  const struct proto_msg *r)
{
	size_t pos = 0, s, e;
	bool first = true;

	while (proto_record_next(r, &pos, &s, &e)) {
		const char *active = get(r, s, e, "ActiveState");
		const char *result = get(r, s, e, "Result");
		bool failed = *result && strcmp(result, "success") != 0;
		const char *color = "", *reset = "";
		unsigned long long since =
			strtoull(get(r, s, e, "StateChangeTimestampMonotonic"),
				 NULL, 10);
		unsigned long long next =
			strtoull(get(r, s, e, "NextRestartUSec"), NULL, 10);
		char when[64], age[64];

		if (o->color) {
			reset = "\033[0m";
			if (strcmp(active, "active") == 0)
				color = "\033[1;32m";
			else if (strcmp(active, "failed") == 0)
				color = "\033[1;31m";
			else if (strcmp(active, "inactive") != 0)
				color = "\033[1;33m";
		}
		if (!first)
			putchar('\n');
		first = false;
		format_since(when, sizeof(when), since);
		ctlrender_age(age, sizeof(age), since);
		printf("%s●%s %s - %s\n", color, reset, get(r, s, e, "Id"),
		       get(r, s, e, "Description"));
		/* As systemctl: a unit that did not load says why. */
		if (*get(r, s, e, "LoadError"))
			printf("     Loaded: %s (%s)\n",
			       get(r, s, e, "LoadState"),
			       get(r, s, e, "LoadError"));
		else
			printf("     Loaded: %s (%s)\n",
			       get(r, s, e, "LoadState"),
			       *get(r, s, e, "FragmentPath")
				       ? get(r, s, e, "FragmentPath")
				       : "built in");
		/* As systemctl: a failed unit shows why it failed where
		 * the sub-state would only say "failed" again; a unit
		 * waiting to restart shows both. */
		if (strcmp(active, "failed") == 0)
			printf("     Active: %s%s (Result: %s)%s", color,
			       active, result, reset);
		else
			printf("     Active: %s%s (%s)%s%s%s%s", color, active,
			       get(r, s, e, "SubState"), reset,
			       failed ? " (Result: " : "", failed ? result : "",
			       failed ? ")" : "");
		if (since)
			printf(" since %s; %s", when, age);
		putchar('\n');
		/* A socket: what it listens on and what it starts. */
		for (size_t i = s; i < e; i++)
			if (proto_kv(r->v[i], "Listen"))
				printf("     Listen: %s\n",
				       proto_kv(r->v[i], "Listen"));
		if (*get(r, s, e, "Triggers"))
			printf("   Triggers: %s\n", get(r, s, e, "Triggers"));
		if (atoi(get(r, s, e, "MainPID")) > 0)
			printf("   Main PID: %s\n", get(r, s, e, "MainPID"));
		if (*get(r, s, e, "StatusText"))
			printf("     Status: \"%s\"\n",
			       get(r, s, e, "StatusText"));
		if (*get(r, s, e, "FailedStep"))
			printf("     Failed: at step %s (%s): %s\n",
			       get(r, s, e, "FailedStep"),
			       get(r, s, e, "FailedCommand"),
			       strerror(atoi(get(r, s, e, "StatusErrno"))));
		if (*get(r, s, e, "HealthState")) {
			unsigned long long t = strtoull(
				get(r, s, e, "HealthLastTimestampMonotonic"),
				NULL, 10);

			ctlrender_age(age, sizeof(age), t);
			printf("     Health: %s (%s",
			       get(r, s, e, "HealthState"),
			       get(r, s, e, "HealthCheck"));
			if (t)
				printf("; last: %s, %s",
				       get(r, s, e, "HealthLastResult"), age);
			printf(")\n");
		}
		if (*get(r, s, e, "Type"))
			printf("   Restarts: %s%s", get(r, s, e, "NRestarts"),
			       next ? "" : "\n");
		if (next)
			printf(" (next restart in %.1fs)\n", next / 1e6);
		render_cgroup(r, s, e);
		if (strcmp(get(r, s, e, "NeedDaemonReload"), "yes") == 0)
			printf("    Warning: the unit file changed; restart "
			       "to apply it\n");
		if (strcmp(get(r, s, e, "LogBytesDropped"), "0") != 0 &&
		    *get(r, s, e, "LogBytesDropped"))
			printf("       Logs: %s bytes dropped\n",
			       get(r, s, e, "LogBytesDropped"));
		if (*get(r, s, e, "LogError"))
			printf("       Logs: cannot read them: %s\n",
			       get(r, s, e, "LogError"));
		bool logs = false;
		for (size_t i = s; i < e; i++) {
			const char *l = proto_kv(r->v[i], "LogLine");

			if (!l)
				continue;
			if (!logs)
				putchar('\n');
			logs = true;
			printf("%s\n", l);
		}
	}
}

/* list-units: a table whose first column is as wide as the longest name
 * (two passes over the records). */
static void render_list(const struct proto_msg *r)
{
	size_t pos = 0, s, e, n = 0;
	int w = 4;

	while (proto_record_next(r, &pos, &s, &e)) {
		int len = (int)strlen(get(r, s, e, "Id"));

		if (len > w)
			w = len;
	}
	printf("%-*s %-6s %-10s %-12s %s\n", w, "UNIT", "LOAD", "ACTIVE", "SUB",
	       "DESCRIPTION");
	for (pos = 0; proto_record_next(r, &pos, &s, &e); n++)
		printf("%-*s %-6s %-10s %-12s %s\n", w, get(r, s, e, "Id"),
		       get(r, s, e, "LoadState"), get(r, s, e, "ActiveState"),
		       get(r, s, e, "SubState"), get(r, s, e, "Description"));
	printf("\n%zu units listed.\n", n);
}

/* status without a unit: the manager as a whole, as systemctl shows the
 * system, then the failed units by name. */
static void render_overview(const struct ctlrender_opts *o,
			    const struct proto_msg *r)
{
	size_t s = 0, e = r->n;
	const char *state = get(r, s, e, "SystemState");
	bool bad = strcmp(state, "running") != 0;
	const char *color = o->color ? (bad ? "\033[1;31m" : "\033[1;32m") : "";
	const char *reset = o->color ? "\033[0m" : "";

	printf("%s●%s svinit\n", color, reset);
	printf("    State: %s%s%s\n", color, state, reset);
	printf("    Units: %s loaded, %s active, %s failed\n",
	       get(r, s, e, "NUnits"), get(r, s, e, "NActive"),
	       get(r, s, e, "NFailed"));
	printf("     Jobs: %s queued\n", get(r, s, e, "NJobs"));
	printf("   Failed: %s units\n", get(r, s, e, "NFailed"));
	for (size_t i = s; i < e; i++)
		if (proto_kv(r->v[i], "FailedUnit"))
			printf("           %s●%s %s\n",
			       o->color ? "\033[1;31m" : "", reset,
			       proto_kv(r->v[i], "FailedUnit"));
	printf("  Version: %s\n", get(r, s, e, "Version"));
}

/*
 * list-dependencies: systemctl's tree. Each record is a node with its
 * Depth, in depth-first order; a node is the last of its siblings when
 * no node of the same depth follows before a shallower one, which one
 * backward pass finds. A bullet, green when the unit is active.
 */
static void render_deps(const struct ctlrender_opts *o,
			const struct proto_msg *r)
{
	size_t pos = 0, s, e, n = 0, i;
	size_t *depth = calloc(r->n + 2, sizeof(*depth));
	bool *last = calloc(r->n + 2, sizeof(*last));
	bool *seen = calloc(r->n + 2, sizeof(*seen));
	bool *last_at = calloc(r->n + 2, sizeof(*last_at));
	size_t maxd = 0;

	if (!depth || !last || !seen || !last_at)
		goto out;
	while (proto_record_next(r, &pos, &s, &e)) {
		depth[n] = strtoul(get(r, s, e, "Depth"), NULL, 10);
		if (depth[n] > r->n)
			depth[n] = r->n; /* a bad reply draws badly, no more */
		n++;
	}
	for (i = n; i-- > 0;) {
		last[i] = !seen[depth[i]];
		seen[depth[i]] = true;
		for (size_t d = depth[i] + 1; d <= maxd; d++)
			seen[d] = false;
		if (depth[i] > maxd)
			maxd = depth[i];
	}
	for (pos = 0, i = 0; proto_record_next(r, &pos, &s, &e); i++) {
		const char *active = get(r, s, e, "ActiveState");
		const char *color = "", *reset = "";

		if (depth[i] == 0) {
			printf("%s\n", get(r, s, e, "Id"));
			continue;
		}
		if (o->color) {
			reset = "\033[0m";
			color = strcmp(active, "active") == 0	? "\033[1;32m"
				: strcmp(active, "failed") == 0 ? "\033[1;31m"
								: "";
		}
		last_at[depth[i]] = last[i];
		printf("%s●%s ", color, reset);
		for (size_t d = 1; d < depth[i]; d++)
			printf("%s", last_at[d] ? "  " : "\u2502 ");
		printf("%s%s\n", last[i] ? "\u2514\u2500" : "\u251c\u2500",
		       get(r, s, e, "Id"));
	}
out:
	free(depth);
	free(last);
	free(seen);
	free(last_at);
}

/* cat: "# PATH" before each file, an empty line between files, as
 * systemctl cat prints them. */
static void render_cat(const struct proto_msg *r)
{
	bool first_unit = true, first_file = true;
	const char *id = "";

	for (size_t i = 0; i < r->n; i++) {
		const char *v;

		if ((v = proto_kv(r->v[i], "Id"))) {
			if (!first_unit)
				putchar('\n');
			first_unit = false;
			first_file = true;
			id = v;
		} else if ((v = proto_kv(r->v[i], "File"))) {
			if (!first_file)
				putchar('\n');
			first_file = false;
			if (*v)
				printf("# %s\n", v);
			else
				printf("# %s is built in: it has no file\n",
				       id);
		} else if ((v = proto_kv(r->v[i], "FileError"))) {
			printf("# (cannot read: %s)\n", v);
		} else if ((v = proto_kv(r->v[i], "Line"))) {
			printf("%s\n", v);
		}
	}
}

/* "E W NAME EXPLANATION" of a Setting= line of security; name has 64
 * bytes. */
static bool split_setting(const char *v, int *exposed, unsigned *weight,
			  char *name, const char **expl)
{
	int off = 0;

	if (sscanf(v, "%d %u %63s %n", exposed, weight, name, &off) < 3 || !off)
		return false;
	*expl = v + off;
	return true;
}

/* security: the table of every service, or each unit's settings and its
 * overall exposure, as systemd-analyze security words them. */
static void render_security(const struct proto_msg *r)
{
	size_t pos = 0, s, e;
	bool table = true, first = true;

	for (size_t i = 0; i < r->n; i++)
		if (proto_kv(r->v[i], "Setting"))
			table = false;
	if (table)
		printf("%-40s %8s %s\n", "UNIT", "EXPOSURE", "PREDICATE");
	while (proto_record_next(r, &pos, &s, &e)) {
		unsigned t = (unsigned)atoi(get(r, s, e, "Exposure"));

		if (table) {
			printf("%-40s %6u.%u %s\n", get(r, s, e, "Id"), t / 10,
			       t % 10, get(r, s, e, "Rating"));
			continue;
		}
		if (!first)
			putchar('\n');
		first = false;
		printf("  %-26s %6s  %s\n", "SETTING", "WEIGHT",
		       "WHAT IT LEAVES OPEN");
		for (size_t i = s; i < e; i++) {
			const char *v = proto_kv(r->v[i], "Setting"), *expl;
			char name[64];
			unsigned w;
			int x;

			if (v && split_setting(v, &x, &w, name, &expl))
				printf("%s %-26s %6u  %s\n",
				       x ? "\u2717" : "\u2713", name, w,
				       x ? expl : "-");
		}
		printf("\u2192 Overall exposure level for %s: %u.%u %s\n",
		       get(r, s, e, "Id"), t / 10, t % 10,
		       get(r, s, e, "Rating"));
	}
}

/* list-unit-files: systemctl's two columns. */
static void render_unit_files(const struct proto_msg *r)
{
	size_t pos = 0, s, e, n = 0;
	int w = 9;

	while (proto_record_next(r, &pos, &s, &e)) {
		int len = (int)strlen(get(r, s, e, "Id"));

		if (len > w)
			w = len;
	}
	printf("%-*s %s\n", w, "UNIT FILE", "STATE");
	for (pos = 0; proto_record_next(r, &pos, &s, &e); n++)
		printf("%-*s %s\n", w, get(r, s, e, "Id"),
		       get(r, s, e, "UnitFileState"));
	printf("\n%zu unit files listed.\n", n);
}

bool ctlrender_reply(const char *verb, const struct ctlrender_opts *o,
		     const struct proto_msg *r)
{
	bool overview = r->n > 0 && proto_kv(r->v[0], "SystemState");

	if (strcmp(verb, "status") == 0) {
		if (o->json)
			(overview ? ctljson_overview : ctljson_units)(r);
		else if (overview)
			render_overview(o, r);
		else
			render_status(o, r);
	} else if (strcmp(verb, "show") == 0) {
		if (o->json)
			ctljson_units(r);
		else
			return false; /* Key=Value lines as they came */
	} else if (strcmp(verb, "list-units") == 0) {
		(o->json ? ctljson_list : render_list)(r);
	} else if (strcmp(verb, "list-dependencies") == 0) {
		if (o->json)
			ctljson_deps(r);
		else
			render_deps(o, r);
	} else if (strcmp(verb, "analyze") == 0) {
		ctlpicture_analyze(o, r);
	} else if (strcmp(verb, "graph") == 0) {
		ctlpicture_dot(r);
	} else if (strcmp(verb, "list-unit-files") == 0) {
		(o->json ? ctljson_unit_files : render_unit_files)(r);
	} else if (strcmp(verb, "cat") == 0) {
		(o->json ? ctljson_cat : render_cat)(r);
	} else if (strcmp(verb, "security") == 0) {
		(o->json ? ctljson_security : render_security)(r);
	} else {
		return false;
	}
	return true;
}
