/*
 * svctl: svinit's command line, shaped like systemctl.
 *
 * main() splits svctl's own options from the verb and its arguments,
 * sends the verb to svinit over the control socket (ctlclient) and
 * renders the reply: records of Key=Value for status, show and
 * list-units (as a table or --json), plain lines for the rest. The exit
 * status is the one svinit answered (0 ok, 1 failure, 3 inactive, 4 no
 * such unit), 2 for a usage error; every error is one line on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ctlclient.h"
#include "logfile.h"
#include "proto.h"
#include "util.h"
#include "version.h"

struct opts {
	const char *runtime_dir;
	bool json, no_pager, color;
};

/* Kept in step with svctl(1): the same verbs, in the same words. */
static void usage(FILE *out)
{
	fputs("usage: svctl [--runtime-dir DIR] [--json] [--no-pager] "
	      "[--no-block] VERB [ARGS]\n"
	      "       svctl --help | --version\n"
	      "verbs:\n"
	      "  start|stop|restart|reload|try-restart UNIT...\n"
	      "  status [UNIT...]      show UNIT...\n"
	      "  is-active UNIT...     is-failed UNIT...\n"
	      "  list-units            cat UNIT...\n"
	      "  logs UNIT [-n N] [-f] kill UNIT [-s SIGNAL]\n"
	      "  reset-failed [UNIT...]\n"
	      "  set-property UNIT [--persist] KEY=VALUE...\n"
	      "  scale NAME@ COUNT [--persist]  instances of a template\n"
	      "  security [UNIT...]    how exposed each service is\n"
	      "  daemon-reload         exit\n"
	      "  poweroff|reboot|halt  (svinit as the init of a machine)\n",
	      out);
}

/* A key of the record [s, e); "" when svinit did not send it, so that an
 * older or newer svinit's record still renders. */
static const char *get(const struct proto_msg *r, size_t s, size_t e,
		       const char *key)
{
	const char *v = proto_record_get(r, s, e, key);

	return v ? v : "";
}

/* "5min 3s ago" style age of a monotonic timestamp (usec). */
static void format_age(char *buf, size_t size, unsigned long long mono)
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

static void render_status(const struct opts *o, const struct proto_msg *r)
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
		format_age(age, sizeof(age), since);
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

			format_age(age, sizeof(age), t);
			printf("     Health: %s (%s", get(r, s, e, "HealthState"),
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

/* A JSON string: the quote, the backslash and control bytes escaped;
 * other bytes pass as they are (svinit sends UTF-8 or escapes it). */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *const list_keys[] = {"Id", "LoadState", "ActiveState",
					"SubState", "Description"};
static const char *const figure_keys[] = {"MemoryCurrent", "CPUUsageNSec",
					  "TasksCurrent"};
static const char *const figure_names[] = {"memory_current", "cpu_usage_nsec",
					   "tasks_current"};

/* list-units: a table whose first column is as wide as the longest name
 * (two passes over the records), or --json: an array of objects with
 * systemctl's JSON keys. */
static void render_list(const struct opts *o, const struct proto_msg *r)
{
	size_t pos = 0, s, e, n = 0;
	int w = 4;

	if (o->json) {
		static const char *const names[] = {"unit", "load", "active",
						    "sub", "description"};
		bool first = true;

		putchar('[');
		while (proto_record_next(r, &pos, &s, &e)) {
			printf("%s{", first ? "" : ",");
			first = false;
			for (size_t k = 0; k < ARRAY_SIZE(list_keys); k++) {
				printf("%s\"%s\":", k ? "," : "", names[k]);
				json_string(get(r, s, e, list_keys[k]));
			}
			/* The cgroup's figures: numbers, or null when the
			 * unit has no cgroup or the figure is not kept. */
			for (size_t k = 0; k < ARRAY_SIZE(figure_keys); k++) {
				const char *v = get(r, s, e, figure_keys[k]);

				printf(",\"%s\":", figure_names[k]);
				if (*v >= '0' && *v <= '9')
					printf("%s", v);
				else
					printf("null");
			}
			/* The health check's state, null without one. */
			printf(",\"health\":");
			if (*get(r, s, e, "HealthState"))
				json_string(get(r, s, e, "HealthState"));
			else
				printf("null");
			printf(",\"cgroup\":");
			if (*get(r, s, e, "ControlGroup"))
				json_string(get(r, s, e, "ControlGroup"));
			else
				printf("null");
			putchar('}');
		}
		puts("]");
		return;
	}
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

/* Whatever the file has beyond the read position; a read error ends it
 * like end of file (the next inotify event tries again). */
static void copy_out(int fd)
{
	char buf[65536];
	ssize_t n;

	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
}

/* The name of the log file at rotation position k: path itself for 0,
 * else path.k. */
static const char *rotated_name(char *buf, size_t size, const char *path,
				unsigned k)
{
	if (k)
		snprintf(buf, size, "%s.%u", path, k);
	else
		snprintf(buf, size, "%s", path);
	return buf;
}

/* stat, with st_ino 0 when there is nothing (or nothing readable). */
static void stat_or_zero(const char *name, struct stat *st)
{
	if (stat(name, st) < 0)
		st->st_ino = 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino && a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* The rotation position of the file cur (0 path, K path.K), or -1 when it
 * is none of them any more; *oldest gets the highest K that exists. Every
 * name is tried: a rotation in progress leaves a gap for a moment. */
static int rotated_position(const char *path, const struct stat *cur,
			    unsigned *oldest)
{
	char name[PATH_MAX];
	struct stat st;

	*oldest = 0;
	for (unsigned k = 0; k <= LOGFILE_KEEP_MAX; k++) {
		stat_or_zero(rotated_name(name, sizeof(name), path, k), &st);
		if (st.st_ino)
			*oldest = k;
		if (same_file(&st, cur))
			return (int)k;
	}
	return -1;
}

/* A file's bytes up to end (-1: all of it), read with pread. */
static int slurp(int fd, off_t end, char **data, size_t *len)
{
	size_t cap = 0;
	ssize_t n;

	*data = NULL;
	*len = 0;
	for (;;) {
		size_t want = 65536;

		if (end >= 0 && (off_t)*len + (off_t)want > end)
			want = (size_t)(end - (off_t)*len);
		if (want == 0)
			return 0;
		if (*len + want > cap) {
			char *d = realloc(*data, cap = *len + want + cap);

			if (!d)
				return -ENOMEM;
			*data = d;
		}
		n = pread(fd, *data + *len, want, (off_t)*len);
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
}

/*
 * logs -f: the last n lines (SIZE_MAX: all) written before byte `end` of
 * the live file fd, then the rotated files' lines before them. Printed
 * from the same fd that follow() then reads on from `end`, so no line
 * falls between the two.
 */
static int print_history(const char *path, int fd, off_t end, size_t n)
{
	struct {
		char *data;
		size_t len;
	} c[LOGFILE_KEEP_MAX + 1];
	size_t nc = 0, lines = 0, start = 0;
	char name[PATH_MAX];
	int r = 0;

	for (unsigned k = 0; k <= LOGFILE_KEEP_MAX && lines < n; k++) {
		int f = k ? open(rotated_name(name, sizeof(name), path, k),
				 O_RDONLY | O_CLOEXEC)
			  : fd;
		size_t t = 0;

		if (f < 0 && k == 0)
			continue; /* no live file yet: the rotated ones */
		if (f < 0)
			break;
		r = slurp(f, k ? -1 : end, &c[nc].data, &c[nc].len);
		if (k)
			close(f);
		if (r < 0) {
			free(c[nc].data);
			break;
		}
		for (size_t i = 0; i < c[nc].len; i++)
			t += c[nc].data[i] == '\n';
		start = 0;
		if (lines + t > n) {
			/* Skip the lines of this file beyond the n wanted. */
			for (size_t skip = lines + t - n; skip > 0; start++)
				skip -= c[nc].data[start] == '\n';
		}
		lines += t;
		nc++;
	}
	for (size_t i = nc; i-- > 0;) {
		size_t from = i == nc - 1 ? start : 0;

		fwrite(c[i].data + from, 1, c[i].len - from, stdout);
		free(c[i].data);
	}
	fflush(stdout);
	return r;
}

/*
 * logs -f: print what is appended to the unit's log as it comes. Waits in
 * read() on inotify for any change in the log directory. When the file
 * being read has been rotated away, the rest of it is printed, then the
 * file that came after it, found by its new name (UNIT.log.K is followed by
 * UNIT.log.K-1), and so on up to UNIT.log: several rotations between two
 * wakeups lose nothing, unless svinit deleted a whole file meanwhile.
 */
static int follow(const char *path, int fd)
{
	char dir[PATH_MAX], *slash;
	int in;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	in = inotify_init1(IN_CLOEXEC);
	if (in < 0 ||
	    inotify_add_watch(in, dir, IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0)
		return -errno;
	/* What came after the history, before the watch existed. */
	copy_out(fd);
	fflush(stdout);
	for (;;) {
		char ev[4096] __attribute__((aligned(8)));
		ssize_t n = read(in, ev, sizeof(ev));

		if (n <= 0)
			return n < 0 ? -errno : 0;
		copy_out(fd);
		for (;;) {
			char name[PATH_MAX];
			struct stat cur = {0}, st;
			unsigned oldest;
			int pos, nfd;
			bool ok;

			if (fd >= 0 && fstat(fd, &cur) < 0)
				return -errno;
			pos = rotated_position(path, &cur, &oldest);
			if (fd >= 0 && pos == 0)
				break; /* still the live file */
			/* After pos comes pos-1; when there was no file, or
			 * it was rotated out, the oldest one there is. */
			nfd = open(rotated_name(name, sizeof(name), path,
						pos > 0 ? (unsigned)pos - 1
							: oldest),
				   O_RDONLY | O_CLOEXEC);
			if (nfd < 0)
				break; /* not created yet: wait */
			/* Names only move up: if cur is still at pos (or
			 * nfd still the oldest), nfd is the right one. */
			if (pos > 0) {
				stat_or_zero(rotated_name(name, sizeof(name),
							  path, (unsigned)pos),
					     &st);
				ok = same_file(&st, &cur);
			} else {
				ok = fstat(nfd, &st) == 0;
				if (ok)
					pos = rotated_position(path, &st,
							       &oldest);
				ok = ok && pos == (int)oldest;
			}
			if (!ok) {
				close(nfd);
				continue;
			}
			if (fd >= 0)
				close(fd);
			fd = nfd;
			copy_out(fd);
		}
		fflush(stdout);
	}
}

/* One request to svinit; a failure to talk to it is reported here, with
 * the socket's path, since it is the usual first mistake. */
static int call(const struct opts *o, const char *const *argv, size_t argc,
		struct proto_msg *reply)
{
	char sock[PATH_MAX];
	int r;

	snprintf(sock, sizeof(sock), "%s/%s", o->runtime_dir,
		 PROTO_SOCKET_NAME);
	r = ctlclient_call(sock, argv, argc, reply);
	if (r < 0)
		fprintf(stderr, "svctl: cannot talk to svinit at %s: %s\n",
			sock, strerror(-r));
	return r;
}

/* logs UNIT [-n N] -f: svinit names the file (and checks the unit), then
 * svctl reads and follows it itself. */
static int logs_follow(const struct opts *o, const char **args, size_t n)
{
	const char *show[] = {"show", NULL};
	const char *path = NULL;
	struct proto_msg reply = {0};
	size_t lines = SIZE_MAX;
	off_t end = 0;
	int r, fd;

	for (size_t i = 1; i < n; i++) {
		if (strcmp(args[i], "-n") == 0 && i + 1 < n)
			lines = strtoul(args[++i], NULL, 10);
		else if (args[i][0] != '-')
			show[1] = args[i];
	}
	if (!show[1]) {
		fprintf(stderr, "svctl: logs: no unit given\n");
		return 2;
	}
	if (call(o, show, 2, &reply) < 0)
		return 1;
	if (reply.flags & PROTO_F_ERROR) {
		for (size_t i = 0; i < reply.n; i++)
			fprintf(stderr, "%s\n", reply.v[i]);
		r = reply.code ? (int)reply.code : 1;
		proto_msg_free(&reply);
		return r;
	}
	for (size_t i = 0; i < reply.n; i++)
		if (proto_kv(reply.v[i], "LogPath"))
			path = proto_kv(reply.v[i], "LogPath");
	r = path ? 0 : -ENOENT;
	/* The live file first: the history ends where following starts. */
	fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0 && (end = lseek(fd, 0, SEEK_END)) < 0)
		r = -errno;
	if (r == 0)
		r = print_history(path, fd, end, lines);
	if (r == 0)
		r = follow(path, fd);
	if (r < 0)
		fprintf(stderr, "svctl: cannot follow %s: %s\n", show[1],
			strerror(-r));
	proto_msg_free(&reply);
	return r < 0 ? 1 : 0;
}

/*
 * svctl's own options may come anywhere; everything else is the verb and
 * its arguments, passed to svinit as they are (svinit checks them). The
 * exit status is the reply's code: svinit decides it, so that svctl and
 * svinit never disagree on what a status means.
 */
int main(int argc, char **argv)
{
	struct opts o = {.runtime_dir = getenv("SVINIT_RUNTIME_DIR")};
	const char **args = calloc((size_t)argc + 1, sizeof(*args));
	struct proto_msg reply = {0};
	size_t n = 0;
	bool follow_log = false;
	const char *verb;
	int r;

	if (!args) {
		fprintf(stderr, "svctl: out of memory\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--runtime-dir") == 0 && i + 1 < argc)
			o.runtime_dir = argv[++i];
		else if (str_has_prefix(argv[i], "--runtime-dir="))
			o.runtime_dir = argv[i] + strlen("--runtime-dir=");
		else if (strcmp(argv[i], "--json") == 0)
			o.json = true;
		else if (strcmp(argv[i], "--no-pager") == 0)
			o.no_pager = true;
		else if (strcmp(argv[i], "-h") == 0 ||
			 strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			r = 0;
			goto out;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("svctl %s\n", SVINIT_VERSION);
			r = 0;
			goto out;
		} else {
			if (strcmp(argv[i], "-f") == 0)
				follow_log = true;
			args[n++] = argv[i];
		}
	}
	if (n == 0) {
		fprintf(stderr, "svctl: no verb given (see --help)\n");
		r = 2;
		goto out;
	}
	if (!o.runtime_dir || !*o.runtime_dir)
		o.runtime_dir = "/run/svinit";
	o.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	verb = args[0];
	if (strcmp(verb, "--no-block") == 0 && n > 1) {
		/* an option before the verb: move it after */
		args[0] = args[1];
		args[1] = "--no-block";
		verb = args[0];
	}
	if (strcmp(verb, "logs") == 0 && follow_log) {
		r = logs_follow(&o, args, n);
		goto out;
	}
	if (call(&o, args, n, &reply) < 0) {
		r = 1;
		goto out;
	}
	if (reply.flags & PROTO_F_ERROR) {
		/* Errors are lines for stderr; an error reply with code 0
		 * would read as success, so it is 1 at least. */
		for (size_t i = 0; i < reply.n; i++)
			fprintf(stderr, "%s\n", reply.v[i]);
		r = reply.code ? (int)reply.code : 1;
		proto_msg_free(&reply);
		goto out;
	}
	if (strcmp(verb, "status") == 0)
		render_status(&o, &reply);
	else if (strcmp(verb, "list-units") == 0)
		render_list(&o, &reply);
	else
		for (size_t i = 0; i < reply.n; i++)
			printf("%s\n", reply.v[i]);
	r = (int)reply.code;
	proto_msg_free(&reply);
	fflush(stdout);
out:
	free(args);
	return r;
}
