/* ctlview: the read-only views of units for svctl (see ctlview.h). */
#include <errno.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "control.h"
#include "ctlview.h"
#include "manager.h"
#include "security.h"
#include "spawn.h"
#include "sys.h"
#include "version.h"

struct mgr_unit *ctlview_find(struct mgr *m, const char *name, int *err)
{
	char buf[UNIT_NAME_MAX + 16];
	struct mgr_unit *mu;

	if (!strchr(name, '.')) {
		int n = snprintf(buf, sizeof(buf), "%s.service", name);

		if (n < 0 || (size_t)n >= sizeof(buf)) {
			*err = -EINVAL;
			return NULL;
		}
		name = buf;
	}
	/* Checked first, so that a name that cannot exist is told apart
	 * from one that merely is not loaded. */
	if (!unit_name_is_valid(name)) {
		*err = -EINVAL;
		return NULL;
	}
	mu = mgr_find(m, name);
	*err = mu ? 0 : -ENOENT;
	return mu;
}

/* A target that is up has no process to be "exited": systemctl says
 * "active" there; a socket that is up is "listening", or "running"
 * while the service it activates is. */
const char *ctlview_sub_state(const struct mgr_unit *mu)
{
	const struct mgr_unit *svc;

	if (mu->unit->type == UNIT_TARGET && mu->svc.state == SVC_EXITED)
		return "active";
	if (mu->unit->type == UNIT_SOCKET && mu->svc.state == SVC_EXITED) {
		svc = mu->unit->sock->service
			      ? mgr_find(mu->m, mu->unit->sock->service)
			      : NULL;
		return svc && !svc_is_inactive(&svc->svc) ? "running"
							  : "listening";
	}
	return svc_state_to_string(mu->svc.state);
}

/* What daemon-reload loaded last: the changed file of a running unit
 * waits in pending until the unit restarts, but it is what the user
 * wrote, so its Description is the one to show. */
static const char *description(const struct mgr_unit *mu)
{
	const struct unit *u = mu->pending ? mu->pending : mu->unit;

	return u->description ? u->description : u->name;
}

/* systemd's property names and formats, so that scripts written for
 * `systemctl show` read these; timestamps are monotonic microseconds,
 * which svctl turns into dates. */
/* Why the unit's file did not load, or NULL. A running unit whose file
 * broke at a daemon-reload keeps its old configuration until it stops:
 * the error shown is the new file's, as systemd shows it. */
static const char *load_error(const struct mgr_unit *mu)
{
	return mu->pending ? unit_load_error(mu->pending)
			   : unit_load_error(mu->unit);
}

static const char *load_state(const struct mgr_unit *mu)
{
	return load_error(mu) ? "error" : "loaded";
}

/* A figure or limit as systemctl shows it: "[not set]" when unknown,
 * "infinity" when unlimited (inf says which of the two UINT64_MAX is). */
static void add_u64(struct proto_writer *w, const char *key, uint64_t v,
		    const char *unset)
{
	if (v == UINT64_MAX)
		proto_writer_addf(w, "%s=%s", key, unset);
	else
		proto_writer_addf(w, "%s=%llu", key, (unsigned long long)v);
}

/* The cgroup of a service (empty without one) and its figures, read now
 * from a few small kernel files. */
static void cgroup_figures(const struct mgr *m, const struct mgr_unit *mu,
			   struct proto_writer *w)
{
	struct cg_stats st;

	if (mu->cg_made) {
		proto_writer_addf(w, "ControlGroup=%s/%s",
				  strcmp(cgroups_root_path(&m->cg), "/") == 0
					  ? ""
					  : cgroups_root_path(&m->cg),
				  mu->unit->name);
		cglimits_stats(&m->cg, mu->unit->name, &st);
	} else {
		proto_writer_addf(w, "ControlGroup=");
		cglimits_stats(&(struct cgroups){.track = -1}, NULL, &st);
	}
	add_u64(w, "MemoryCurrent", st.memory_current, "[not set]");
	add_u64(w, "MemoryPeak", st.memory_peak, "[not set]");
	add_u64(w, "CPUUsageNSec", st.cpu_usage_nsec, "[not set]");
	add_u64(w, "TasksCurrent", st.tasks_current, "[not set]");
	proto_writer_addf(w, "NOOMKills=%llu",
			  (unsigned long long)st.oom_kills);
}

/* [Health]: the check, its state and last result. */
static void health_props(const struct mgr_unit *mu, struct proto_writer *w)
{
	struct mgr_health_info hi;

	if (!mgr_health_info(mu, &hi))
		return;
	proto_writer_addf(w, "HealthCheck=%s", hi.check);
	proto_writer_addf(w, "HealthState=%s", hi.state);
	proto_writer_addf(w, "HealthLastResult=%s", hi.last);
	proto_writer_addf(w, "HealthLastTimestampMonotonic=%llu",
			  (unsigned long long)hi.last_time);
	proto_writer_addf(w, "HealthFailures=%u", hi.failures);
	proto_writer_addf(w, "NHealthRestarts=%u", hi.restarts);
}

/* The cgroup of a service: its path and figures, and its limits. */
static void cgroup_props(const struct mgr *m, const struct mgr_unit *mu,
			 struct proto_writer *w)
{
	const struct cg_limits *l = unit_limits(mu->unit);
	static const struct {
		const char *name;
		enum cgl_key k;
	} lim[] = {
		{"MemoryMax", CGL_MEMORY_MAX},
		{"MemoryHigh", CGL_MEMORY_HIGH},
		{"MemoryLow", CGL_MEMORY_LOW},
		{"MemorySwapMax", CGL_MEMORY_SWAP_MAX},
		{"TasksMax", CGL_TASKS_MAX},
		{"CPUWeight", CGL_CPU_WEIGHT},
		{"CPUShares", CGL_CPU_SHARES},
		{"IOWeight", CGL_IO_WEIGHT},
	};

	cgroup_figures(m, mu, w);
	/* The limits: memory and tasks are unlimited when not set, the
	 * weights and shares are the kernel's default. */
	for (size_t i = 0; i < ARRAY_SIZE(lim); i++) {
		bool set = l->set & (1u << lim[i].k);
		bool weight =
			lim[i].k >= CGL_CPU_WEIGHT && lim[i].k != CGL_TASKS_MAX;

		add_u64(w, lim[i].name, set ? l->v[lim[i].k] : UINT64_MAX,
			weight && !set ? "[not set]" : "infinity");
	}
	if (l->set & (1u << CGL_CPU_QUOTA))
		proto_writer_addf(w, "CPUQuotaPerSecUSec=%llu",
				  (unsigned long long)l->v[CGL_CPU_QUOTA]);
	else
		proto_writer_addf(w, "CPUQuotaPerSecUSec=infinity");
	proto_writer_addf(w, "AllowedCPUs=%s",
			  l->allowed_cpus ? l->allowed_cpus : "");
}

/* At most this many processes of a cgroup are shown in status. */
#define PROCS_SHOWN 64

/* "CGroupProc=PID PPID COMMAND LINE" for the processes of the unit's
 * cgroup (up to PROCS_SHOWN), from /proc: svctl draws the tree. A process
 * gone meanwhile is left out. */
static void cgroup_procs(const struct mgr *m, const struct mgr_unit *mu,
			 struct proto_writer *w)
{
	char pids[8192], path[64], buf[512];
	int shown = 0;

	if (!mu->cg_made ||
	    cgroups_unit_read(&m->cg, mu->unit->name, 0, "cgroup.procs", pids,
			      sizeof(pids)) <= 0)
		return;
	for (char *p = pids, *nl; (nl = strchr(p, '\n')) && shown < PROCS_SHOWN;
	     p = nl + 1) {
		long pid = strtol(p, NULL, 10), ppid = 0;
		ssize_t n;
		char *close_paren;

		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		if (pid <= 0 || sys_read_small_file(path, buf, sizeof(buf)) < 0)
			continue;
		/* "PID (COMM) STATE PPID ...": COMM may hold anything. */
		close_paren = strrchr(buf, ')');
		if (!close_paren ||
		    sscanf(close_paren + 1, " %*c %ld", &ppid) != 1)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		n = sys_read_small_file(path, buf, 121);
		if (n <= 0) {
			/* A kernel thread or a zombie: its name. */
			snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
			n = sys_read_small_file(path, buf, 64);
			if (n > 0 && buf[n - 1] == '\n')
				buf[--n] = '\0';
		}
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0' || buf[i] == '\n')
				buf[i] = ' ';
		while (n > 0 && buf[n - 1] == ' ')
			buf[--n] = '\0';
		proto_writer_addf(w, "CGroupProc=%ld %ld %s", pid, ppid,
				  n > 0 ? buf : "?");
		shown++;
	}
}

void ctlview_security(const struct mgr_unit *mu, struct proto_writer *w)
{
	struct security_item it[SECURITY_ITEMS];
	unsigned t = security_assess(mu->unit, it);

	proto_writer_addf(w, "Id=%s", mu->unit->name);
	proto_writer_addf(w, "Exposure=%u", t);
	proto_writer_addf(w, "Rating=%s", security_rating(t));
	for (size_t i = 0; i < SECURITY_ITEMS; i++)
		proto_writer_addf(w, "Setting=%d %u %s %s", it[i].exposed,
				  it[i].weight, it[i].setting,
				  it[i].explanation);
}

void ctlview_security_table(const struct mgr *m, struct proto_writer *w)
{
	struct security_item it[SECURITY_ITEMS];
	bool first = true;

	for (uint32_t i = 0; i < m->n; i++) {
		const struct unit *u = m->mu[i]->unit;
		unsigned t;

		if (u->type != UNIT_SERVICE || unit_load_error(u))
			continue;
		t = security_assess(u, it);
		if (!first)
			proto_writer_add(w, "");
		first = false;
		proto_writer_addf(w, "Id=%s", u->name);
		proto_writer_addf(w, "Exposure=%u", t);
		proto_writer_addf(w, "Rating=%s", security_rating(t));
	}
}

/* Whether word is one of the comma-separated list. */
static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

bool ctlview_match(struct mgr *m, const struct mgr_unit *mu,
		   const struct ctlview_filter *f)
{
	const char *active = svc_active_to_string(svc_active_state(&mu->svc));
	bool ok;
	int err;

	if (!f)
		return true;
	if (f->types && !(f->types & (1u << mu->unit->type)))
		return false;
	ok = f->n_states == 0;
	for (size_t i = 0; i < f->n_states && !ok; i++)
		ok = in_list(f->states[i], load_state(mu)) ||
		     in_list(f->states[i], active) ||
		     in_list(f->states[i], ctlview_sub_state(mu));
	if (!ok)
		return false;
	ok = f->n_patterns == 0;
	for (size_t i = 0; i < f->n_patterns && !ok; i++) {
		const char *pat = f->patterns[i];

		if (strpbrk(pat, "*?["))
			ok = fnmatch(pat, mu->unit->name, 0) == 0;
		else
			ok = ctlview_find(m, pat, &err) == mu;
	}
	return ok;
}

void ctlview_overview(struct mgr *m, struct proto_writer *w)
{
	uint32_t active = 0, failed = 0;
	const char *state;

	for (uint32_t i = 0; i < m->n; i++) {
		enum svc_active a = svc_active_state(&m->mu[i]->svc);

		active += a == ACTIVE_ACTIVE || a == ACTIVE_RELOADING;
		failed += a == ACTIVE_FAILED;
	}
	/* systemd's words for the system's state. */
	state = mgr_shutting_down(m)	? "stopping"
		: failed		? "degraded"
		: m->jobs.n_pending > 0 ? "starting"
					: "running";
	proto_writer_addf(w, "SystemState=%s", state);
	proto_writer_addf(w, "Version=%s", SVINIT_VERSION);
	proto_writer_addf(w, "NUnits=%u", m->n);
	proto_writer_addf(w, "NActive=%u", active);
	proto_writer_addf(w, "NFailed=%u", failed);
	proto_writer_addf(w, "NJobs=%u", m->jobs.n_pending);
	for (uint32_t i = 0; i < m->n; i++)
		if (svc_active_state(&m->mu[i]->svc) == ACTIVE_FAILED)
			proto_writer_addf(w, "FailedUnit=%s",
					  m->mu[i]->unit->name);
}

void ctlview_props(const struct mgr *m, const struct mgr_unit *mu,
		   struct proto_writer *w)
{
	const struct svc *s = &mu->svc;
	const struct unit *u = mu->unit;
	usec_t now = now_monotonic();
	usec_t next = s->state == SVC_AUTO_RESTART && s->deadline > now
			      ? s->deadline - now
			      : 0;
	/* systemd's ExecMainCode: the si_code of the main process's end. */
	int code = s->main_code == CLD_EXITED	? 1
		   : s->main_code == CLD_KILLED ? 2
		   : s->main_code == CLD_DUMPED ? 3
						: 0;

	proto_writer_addf(w, "Id=%s", u->name);
	proto_writer_addf(w, "Description=%s", description(mu));
	proto_writer_addf(w, "LoadState=%s", load_state(mu));
	if (load_error(mu))
		proto_writer_addf(w, "LoadError=%s", load_error(mu));
	proto_writer_addf(w, "ActiveState=%s",
			  svc_active_to_string(svc_active_state(s)));
	proto_writer_addf(w, "SubState=%s", ctlview_sub_state(mu));
	proto_writer_addf(w, "Result=%s", svc_result_to_string(s->result));
	proto_writer_addf(w, "MainPID=%d", (int)s->main_pid);
	proto_writer_addf(w, "ControlPID=%d", (int)s->control_pid);
	proto_writer_addf(w, "ExecMainCode=%d", code);
	proto_writer_addf(w, "ExecMainStatus=%d", s->main_status);
	proto_writer_addf(w, "NRestarts=%u", s->n_restarts);
	proto_writer_addf(w, "StateChangeTimestampMonotonic=%llu",
			  (unsigned long long)s->state_since);
	proto_writer_addf(w, "ActiveEnterTimestampMonotonic=%llu",
			  (unsigned long long)s->active_enter);
	proto_writer_addf(w, "NextRestartUSec=%llu", (unsigned long long)next);
	proto_writer_addf(w, "NeedDaemonReload=%s",
			  mgr_unit_needs_reload(mu) ? "yes" : "no");
	proto_writer_addf(w, "FragmentPath=%s", u->path ? u->path : "");
	proto_writer_addf(w, "LogPath=%s/%s.log", m->cfg.log_dir, u->name);
	proto_writer_addf(w, "LogBytesDropped=%llu",
			  (unsigned long long)logfile_dropped(&mu->log));
	for (size_t i = 0; u->sock && i < u->sock->n_listen; i++)
		proto_writer_addf(
			w, "Listen=%s (%s)", u->sock->listen[i].text,
			socket_kind_to_string(u->sock->listen[i].kind));
	if (u->sock && u->sock->service)
		proto_writer_addf(w, "Triggers=%s", u->sock->service);
	health_props(mu, w);
	if (u->type == UNIT_SERVICE) {
		proto_writer_addf(w, "Type=%s",
				  unit_svc_type_to_string(u->svc.type));
		proto_writer_addf(
			w, "Restart=%s",
			unit_restart_policy_to_string(u->svc.restart));
		proto_writer_addf(
			w, "NotifyAccess=%s",
			unit_notify_access_names[svc_notify_access(u)]);
		/* The period of the run, which WATCHDOG_USEC= may have
		 * changed; between runs, the configured one. */
		proto_writer_addf(
			w, "WatchdogUSec=%llu",
			(unsigned long long)(svc_is_inactive(s)
						     ? u->svc.watchdog_usec
						     : s->watchdog_usec));
		proto_writer_addf(w, "NNotifyRejected=%llu",
				  (unsigned long long)mu->n_rejected);
		proto_writer_addf(w, "FileDescriptorStoreMax=%u",
				  u->svc.fdstore_max);
		proto_writer_addf(
			w, "FileDescriptorStorePreserve=%s",
			unit_fdstore_preserve_names[u->svc.fdstore_preserve]);
		proto_writer_addf(w, "NFileDescriptorStore=%zu", mu->n_fdstore);
		/* A number, as systemd's show prints it. */
		proto_writer_addf(w, "WatchdogSignal=%d",
				  u->svc.watchdog_signal);
		if (mu->status_text)
			proto_writer_addf(w, "StatusText=%s", mu->status_text);
		/* ERRNO= of the service, unless a failed spawn step says
		 * its own errno below. */
		if (mu->status_errno && s->fail_step < 0)
			proto_writer_addf(w, "StatusErrno=%d",
					  mu->status_errno);
		cgroup_props(m, mu, w);
	}
	if (s->fail_step >= 0) {
		proto_writer_addf(w, "FailedStep=%s",
				  spawn_step_name(s->fail_step));
		proto_writer_addf(w, "StatusErrno=%d", s->fail_errno);
		if (mu->exec_fail_path)
			proto_writer_addf(w, "FailedCommand=%s",
					  mu->exec_fail_path);
	}
}

/* logfile_tail writes to a FILE; a memory stream gives it one without a
 * temporary file, and the lines are split in one pass afterwards. */
int ctlview_log_tail(const struct mgr *m, const struct mgr_unit *mu, size_t n,
		     const char *prefix, struct proto_writer *w)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int r;

	if (!f)
		return -ENOMEM;
	r = logfile_tail(m->logdir_fd, mu->unit->name, n, f);
	if (fclose(f) != 0 && r >= 0)
		r = -ENOMEM;
	if (r == -ENOENT)
		r = 0; /* never written to: no lines */
	/* One pass over the text: strtok_r never rescans what it passed. */
	for (line = strtok_r(buf, "\n", &save); line && r >= 0;
	     line = strtok_r(NULL, "\n", &save))
		proto_writer_addf(w, "%s%s", prefix, line);
	free(buf);
	return r < 0 ? r : 0;
}

/* ---- listings ---- */

struct listing {
	struct control_stream s; /* first: control hands this back */
	struct mgr *m;
	enum ctlview_kind kind;
	char *const *names; /* the units asked for, or NULL: every unit */
	size_t n_names;
	struct ctlview_filter filter; /* of every unit, when no names */
	bool has_filter;
	bool detail; /* status of named units: processes, log lines */
	bool judge;  /* status: code 3 when a unit shown is inactive */
	size_t next; /* index in names, or in m->mu */
	/* The name of m->mu[next] when the last part ended, to find the
	 * place again should a daemon-reload have replaced the set. */
	char resume[UNIT_NAME_MAX];
	bool started;	   /* a record was written: separate the next */
	bool any_inactive; /* status of named units exits 3 then */
};

/* Back at the place the last part ended: by index when the unit set is
 * the same, by name when a reload replaced it; a unit removed meanwhile
 * leaves the index where it was. */
static void listing_resume(struct listing *l)
{
	struct mgr *m = l->m;
	struct mgr_unit *mu;

	if (l->names || !l->resume[0])
		return;
	if (l->next < m->n &&
	    strcmp(m->mu[l->next]->unit->name, l->resume) == 0)
		return;
	mu = mgr_find(m, l->resume);
	if (mu)
		l->next = mu->svc.index;
}

/* The next unit to show, or NULL at the end. A named unit that a reload
 * removed since the request is left out. */
static struct mgr_unit *listing_unit(struct listing *l)
{
	int err;

	if (!l->names) {
		/* The units the filter leaves out cost a test each; a part
		 * is cut at the same size whatever they are. */
		while (l->next < l->m->n) {
			struct mgr_unit *mu = l->m->mu[l->next++];

			if (!l->has_filter ||
			    ctlview_match(l->m, mu, &l->filter))
				return mu;
		}
		return NULL;
	}
	while (l->next < l->n_names) {
		struct mgr_unit *mu =
			ctlview_find(l->m, l->names[l->next++], &err);

		if (mu)
			return mu;
	}
	return NULL;
}

static bool listing_more(const struct listing *l)
{
	return l->next < (l->names ? l->n_names : l->m->n);
}

/* One unit's record of a listing. */
static void listing_record(struct listing *l, const struct mgr_unit *mu,
			   struct proto_writer *w)
{
	if (l->started)
		proto_writer_add(w, "");
	l->started = true;
	if (l->kind == CTLVIEW_LIST) {
		proto_writer_addf(w, "Id=%s", mu->unit->name);
		proto_writer_addf(w, "LoadState=%s", load_state(mu));
		proto_writer_addf(
			w, "ActiveState=%s",
			svc_active_to_string(svc_active_state(&mu->svc)));
		proto_writer_addf(w, "SubState=%s", ctlview_sub_state(mu));
		proto_writer_addf(w, "Description=%s", description(mu));
		/* The figures of the units that have a cgroup now: a few
		 * small reads each, none for the units that are down. */
		if (mu->cg_made)
			cgroup_figures(l->m, mu, w);
		health_props(mu, w);
		return;
	}
	ctlview_props(l->m, mu, w);
	if (l->detail) {
		/* Named units show their processes and last lines, as
		 * systemctl does. */
		cgroup_procs(l->m, mu, w);
		int r = ctlview_log_tail(l->m, mu, 10, "LogLine=", w);

		if (r < 0)
			proto_writer_addf(w, "LogError=%s", strerror(-r));
	}
	if (!svc_is_active(&mu->svc))
		l->any_inactive = true;
}

/* control_stream.next: the units that fit in one part. */
static int listing_next(struct control_stream *s, struct proto_writer *w)
{
	struct listing *l = (struct listing *)s;
	struct mgr_unit *mu;

	listing_resume(l);
	while (proto_writer_len(w) < CONTROL_STREAM_PART &&
	       (mu = listing_unit(l)))
		listing_record(l, mu, w);
	if (w->err)
		return w->err;
	if (listing_more(l)) {
		if (!l->names)
			snprintf(l->resume, sizeof(l->resume), "%s",
				 l->m->mu[l->next]->unit->name);
		return 1;
	}
	l->s.flags = 0;
	l->s.code = l->judge && l->any_inactive ? PROTO_INACTIVE : PROTO_OK;
	return 0;
}

/* The listing points into the manager and the request, owns neither. */
static void listing_release(struct control_stream *s)
{
	free(s);
}

int ctlview_stream(struct mgr *m, struct control_client *cl,
		   enum ctlview_kind kind, char *const *names, size_t n,
		   const struct ctlview_filter *f)
{
	struct listing *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	l->s.next = listing_next;
	l->s.release = listing_release;
	l->m = m;
	l->kind = kind;
	l->names = n ? names : NULL;
	l->n_names = n;
	if (f && !n) {
		l->filter = *f;
		l->has_filter = true;
	}
	/* Patterns may match thousands of units: their status is the
	 * quick one, without reading each unit's log and processes. */
	l->detail = kind == CTLVIEW_STATUS && n > 0;
	l->judge =
		kind == CTLVIEW_STATUS && (n > 0 || (f && f->n_patterns > 0));
	/* Released by control on every path, an error included. */
	return control_reply_stream(cl, &l->s);
}
