/*
 * manager: the core of the running daemon (see manager.h): start-up, the
 * loop's signals, reaping, the runtime records and the wiring of
 * shutdown. The state machine's side effects are in manager_ops.c,
 * daemon-reload in manager_reload.c.
 */
#include "manager_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "parentnotify.h"
#include "slog.h"
#include "sys.h"

/* ---- runtime records ---- */

static void timer_fired(struct loop_timer *t)
{
	struct mgr_unit *mu =
		(struct mgr_unit *)((char *)t -
				    offsetof(struct mgr_unit, timer));

	svc_deadline(&mu->svc);
}

static void watchdog_fired(struct loop_timer *t)
{
	struct mgr_unit *mu =
		(struct mgr_unit *)((char *)t -
				    offsetof(struct mgr_unit, wd_timer));

	slog(SLOG_WARNING, "%s: watchdog timeout", mu->unit->name);
	svc_watchdog_expired(&mu->svc);
}

/* The unit's own rotation limits, or the daemon's. */
static void set_log_limits(struct mgr_unit *mu)
{
	const struct service_conf *c = &mu->unit->svc;

	logfile_set_limits(
		&mu->log,
		c->log_max_size == UNIT_LOG_DEFAULT ? mu->m->cfg.log_max_size
						    : c->log_max_size,
		c->log_keep == UNIT_LOG_DEFAULT ? mu->m->cfg.log_keep
						: (unsigned)c->log_keep);
}

struct mgr_unit *mgr_unit_new(struct mgr *m, struct unit *u)
{
	struct mgr_unit *mu = calloc(1, sizeof(*mu));

	if (!mu)
		return NULL;
	mu->m = m;
	mu->unit = u;
	outpipe_init(&mu->out, &m->loop, &mu->log, LOGBUF_STDOUT);
	outpipe_init(&mu->err, &m->loop, &mu->log, LOGBUF_STDERR);
	loop_timer_init(&mu->timer, timer_fired);
	loop_timer_init(&mu->wd_timer, watchdog_fired);
	if (logfile_init(&mu->log, m->logdir_fd, u->name, 0, 0) < 0) {
		free(mu);
		return NULL;
	}
	svc_init(&mu->svc, u, 0, &mgr_svc_ops, mu);
	set_log_limits(mu);
	mu->fingerprint = mgr_unit_fingerprint(u);
	return mu;
}

void mgr_unit_free(struct mgr *m, struct mgr_unit *mu)
{
	if (!mu)
		return;
	loop_timer_cancel(&m->loop, &mu->timer);
	loop_timer_cancel(&m->loop, &mu->wd_timer);
	/* A process of its may still exit later: then it is an orphan. */
	pidmap_forget(&m->pids, mu);
	mgr_watch_forget(m, mu);
	outpipe_close(&mu->out);
	outpipe_close(&mu->err);
	logfile_close(&mu->log);
	free(mu->exec_fail_path);
	free(mu->status_text);
	mgr_fdstore_release(mu);
	mgr_socket_deactivate(mu);
	mgr_health_free(mu);
	/* An empty cgroup goes with the unit; one still holding a process
	 * (KillMode=process leftovers) stays, as does the process. */
	if (mu->cg_made)
		(void)cgroups_unit_remove(&m->cg, mu->unit->name);
	if (mu->own_unit)
		unit_free(mu->unit);
	free(mu);
}

void mgr_unit_set_config(struct mgr_unit *mu, struct unit *u, uint64_t fp)
{
	if (mu->own_unit && mu->unit != u)
		unit_free(mu->unit);
	mu->own_unit = false;
	mu->unit = u;
	logfile_set_unit(&mu->log, u->name);
	svc_set_config(&mu->svc, u);
	mu->fingerprint = fp;
	set_log_limits(mu);
}

/* ---- reaping ---- */

/*
 * Reap every child that has exited, known or not, until none is left
 * waiting: one SIGCHLD may stand for many exits. A known pid goes to its
 * unit's state machine (after its status pipe is read, so the failed
 * step is known); an unknown one is an orphan that was reparented to
 * svinit, and may have been the last process of a stopping unit's set.
 */
static void reap(struct mgr *m)
{
	bool orphans = false, no_children = false;

	/* Notifications first: a daemon that said MAINPID= and READY=1
	 * and then let its parent exit must be judged by what it said,
	 * whichever of the two events epoll listed first. */
	notify_drain(&m->notify);

	for (;;) {
		siginfo_t si = {0};
		struct mgr_unit *mu;

		if (sys.waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
			no_children = errno == ECHILD;
			break;
		}
		if (si.si_pid == 0)
			break;
		mu = pidmap_take(&m->pids, si.si_pid);
		if (!mu) {
			orphans = true;
			continue;
		}
		slog(SLOG_DEBUG, "%s: pid %d exited (%s %d)", mu->unit->name,
		     (int)si.si_pid,
		     si.si_code == CLD_EXITED ? "status" : "signal",
		     si.si_status);
		mgr_watch_flush(m, si.si_pid);
		if (!mgr_health_reaped(mu, si.si_pid, si.si_code,
				       si.si_status))
			svc_child_exited(&mu->svc, si.si_pid, si.si_code,
					 si.si_status);
		/* Before the loop goes on, so that a group that is gone is
		 * never signalled once its id could be someone else's. */
		procset_prune(&mu->procs);
	}
	if (orphans) {
		for (uint32_t i = 0; i < m->n; i++) {
			procset_prune(&m->mu[i]->procs);
			svc_check_empty(&m->mu[i]->svc);
		}
		for (size_t i = 0; i < m->n_retired; i++) {
			procset_prune(&m->retired[i]->procs);
			svc_check_empty(&m->retired[i]->svc);
		}
	}
	shutdown_reaped(&m->sd, no_children, orphans);
}

/* ---- shutdown ---- */

static bool units_down(void *ctx)
{
	struct mgr *m = ctx;

	return m->n_busy == 0 && m->jobs.n_pending == 0;
}

/* Every unit is down and no child is left: leave the loop, and the
 * caller frees everything and, as the init of a machine, does m->action
 * (pid1.h). As process 1 of anything else (a PID namespace, a container:
 * `--container` is not implemented yet) svinit must not exit, or every
 * process of the namespace would be killed with it: it stays up,
 * reaping what comes. */
static void shutdown_complete(void *ctx)
{
	struct mgr *m = ctx;

	if (sys.getpid() != 1 || m->action != PID1_EXIT || m->cfg.container) {
		loop_quit(&m->loop);
		return;
	}
	slog(SLOG_ERR, "all units are stopped; as process 1 of a namespace "
		       "svinit stays up");
}

void mgr_shutdown_for(struct mgr *m, enum pid1_action action)
{
	if (shutdown_started(&m->sd))
		return;
	m->action = action;
	slog(SLOG_INFO, "stopping all units to %s", pid1_action_name(action));
	mgr_shutdown(m);
}

void mgr_shutdown(struct mgr *m)
{
	if (shutdown_started(&m->sd))
		return;
	slog(SLOG_INFO, "stopping all units");
	if (m->cfg.notify_parent)
		(void)parentnotify_send("STOPPING=1\nSTATUS=Stopping all units");
	job_stop_all(&m->jobs);
	for (size_t i = 0; i < m->n_retired; i++)
		svc_stop(&m->retired[i]->svc);
	shutdown_begin(&m->sd);
}

/* A container's init passes SIGUSR1, SIGUSR2 and SIGWINCH on to the
 * main process of each essential unit, as tini does for its child. */
static void forward_to_essential(struct mgr *m, int sig)
{
	for (uint32_t i = 0; i < m->n; i++) {
		const struct svc *s = &m->mu[i]->svc;

		if (m->mu[i]->unit->svc.essential && s->main_pid > 1)
			(void)sys.kill(s->main_pid, sig);
	}
}

/* SIGHUP: daemon-reload, as systemd does, its report in svinit's log. */
static void reload_on_signal(struct mgr *m)
{
	struct strv_builder lines = {0};
	struct diag_list dl;
	int r;

	diag_init(&dl);
	r = mgr_reload(m, &dl, &lines);
	for (size_t i = 0; i < dl.n; i++) {
		char line[1024];

		diag_format(&dl.items[i], line, sizeof(line));
		slog(SLOG_WARNING, "%s", line);
	}
	for (size_t i = 0; lines.v && lines.v[i]; i++)
		slog(SLOG_INFO, "reload: %s", lines.v[i]);
	if (r < 0)
		slog(SLOG_ERR, "SIGHUP: reload failed: %s", strerror(-r));
	strv_free(lines.v);
	diag_free(&dl);
}

/*
 * The signals of an init (svinit(8) SIGNALS): on a machine SIGTERM and
 * SIGINT (ctrl-alt-del) reboot, SIGUSR1 halts, SIGUSR2 and SIGPWR power
 * off; anywhere else SIGTERM and SIGINT stop everything and leave.
 * SIGHUP reloads the unit files.
 */
static void on_signal(void *data, const struct signalfd_siginfo *si)
{
	struct mgr *m = data;
	bool machine = m->cfg.machine;

	switch (si->ssi_signo) {
	case SIGCHLD:
		reap(m);
		break;
	case SIGTERM:
	case SIGINT:
		mgr_shutdown_for(m, machine ? PID1_REBOOT : PID1_EXIT);
		break;
	case SIGUSR1:
		if (machine)
			mgr_shutdown_for(m, PID1_HALT);
		else if (m->cfg.container)
			forward_to_essential(m, SIGUSR1);
		break;
	case SIGUSR2:
	case SIGPWR:
		if (machine)
			mgr_shutdown_for(m, PID1_POWEROFF);
		else if (m->cfg.container && si->ssi_signo == SIGUSR2)
			forward_to_essential(m, SIGUSR2);
		break;
	case SIGWINCH:
		if (m->cfg.container)
			forward_to_essential(m, SIGWINCH);
		break;
	case SIGHUP:
		reload_on_signal(m);
		break;
	default:
		break;
	}
}

/* ---- loading ---- */

int mgr_load(char *const *dirs, const struct cgroups *cg,
	     const struct load_scales *scales, struct unitset *set,
	     struct graph *g, struct diag_list *dl)
{
	int r;

	unitset_init(set);
	memset(g, 0, sizeof(*g));
	r = load_units(dirs, set, dl, cg, scales);
	if (r >= 0)
		r = unit_link_sockets(set, dl);
	if (r >= 0)
		r = unit_add_default_deps(set);
	if (r >= 0)
		r = graph_build(g, set, dl);
	if (r < 0) {
		graph_free(g);
		unitset_free(set);
	}
	return r;
}

int mgr_index_prepare(struct mgr *m, size_t n, size_t timers,
		      const struct graph *g, struct svc ***svcs,
		      struct jobs *jobs)
{
	/* Two deadlines for each unit that can be armed at once (its
	 * own and its watchdog's): arming then never allocates, so it
	 * never fails. */
	if (loop_timer_reserve(&m->loop, 2 * timers) < 0)
		return -ENOMEM;
	*svcs = calloc(n ? n : 1, sizeof(**svcs));
	if (!*svcs)
		return -ENOMEM;
	if (job_init(jobs, g, *svcs, (uint32_t)n) < 0) {
		free(*svcs);
		return -ENOMEM;
	}
	return 0;
}

/* --notify-parent: the start of the target has ended, well or not (as
 * systemd reports its own start-up). */
static void report_ready(struct mgr *m, enum job_result result)
{
	char msg[UNIT_NAME_MAX + 64];

	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=Start of %s: %s",
		 m->cfg.target, job_result_to_string(result));
	m->ready_unit = NULL;
	if (parentnotify_send(msg) < 0)
		slog(SLOG_WARNING, "--notify-parent: cannot send READY=1");
}

/* Every job end: the observer (the control side) answers its clients,
 * and a socket learns that its service has no job any more. */
static void job_done(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result)
{
	struct mgr *m = ctx;

	if (m->job_observer)
		m->job_observer(m->job_observer_ctx, node, type, result);
	if (m->ready_unit && node < m->n && m->mu[node] == m->ready_unit &&
	    type == JOB_START)
		report_ready(m, result);
	if (node < m->n && m->mu[node]->unit->svc.sockets)
		mgr_socket_service_changed(m->mu[node]);
}

/* Put the runtime records in graph order, with the arrays made by
 * mgr_index_prepare, and map their pids again. */
void mgr_index_apply(struct mgr *m, struct svc **svcs, struct jobs *jobs)
{
	free(m->svcs);
	job_free(&m->jobs);
	m->svcs = svcs;
	m->jobs = *jobs;
	m->jobs.g = &m->graph; /* prepared on the reload's own copy */
	m->jobs.done = job_done;
	m->jobs.ctx = m;
	for (uint32_t i = 0; i < m->n; i++) {
		struct mgr_unit *mu = m->mu[i];

		svcs[i] = &mu->svc;
		svc_set_index(&mu->svc, i);
		/* No memory for an entry: its exit is reaped as an orphan's,
		 * and the unit learns of it when its set is found empty. */
		if (mu->svc.main_pid)
			(void)pidmap_add(&m->pids, mu->svc.main_pid, mu);
		if (mu->svc.control_pid)
			(void)pidmap_add(&m->pids, mu->svc.control_pid, mu);
	}
}

void mgr_set_job_observer(struct mgr *m, mgr_job_observer *fn, void *ctx)
{
	m->job_observer = fn;
	m->job_observer_ctx = ctx;
}

/* Two log pipes and a log file per unit pass a soft limit of 1024 long
 * before 1,000 units: take the hard limit, and give services the soft
 * one back (select() breaks on fds past 1024). */
static void raise_nofile(struct mgr *m)
{
	struct rlimit raised;

	if (getrlimit(RLIMIT_NOFILE, &m->nofile) < 0 ||
	    m->nofile.rlim_cur >= m->nofile.rlim_max)
		return;
	raised = (struct rlimit){m->nofile.rlim_max, m->nofile.rlim_max};
	if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
		m->nofile_raised = true;
	else
		slog(SLOG_WARNING, "cannot raise the open files limit: %s",
		     strerror(errno));
}

/* The cgroups, unless turned off. Without them (none mounted, or not
 * writable: svinit runs as a user) the units are tracked by process
 * groups, and a unit that asks for a limit cannot start. */
static void open_cgroups(struct mgr *m)
{
	int r;

	if (m->cfg.no_cgroups)
		return;
	r = cgroups_open(&m->cg, m->cfg.cgroup_root);
	if (r < 0)
		slog(SLOG_WARNING,
		     "cannot use cgroups (%s): tracking services by process "
		     "groups",
		     strerror(-r));
	else if (cgroups_active(&m->cg))
		slog(SLOG_INFO, "cgroups: %s, units under %s",
		     cgroups_mode(&m->cg), cgroups_root_path(&m->cg));
	else
		slog(SLOG_INFO, "no cgroup file system: tracking services by "
				"process groups");
}

static const struct shutdown_ops shutdown_ops = {
	.units_down = units_down,
	.done = shutdown_complete,
};

int mgr_init(struct mgr *m, const struct mgr_config *cfg)
{
	struct diag_list dl;
	struct svc **svcs;
	struct jobs jobs;
	int r;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->logdir_fd = -1;
	cgroups_init(&m->cg);
	notify_init(&m->notify);
	r = loop_init(&m->loop, on_signal, m);
	if (r < 0)
		return r;
	shutdown_init(&m->sd, &m->loop, &shutdown_ops, m);
	/* Orphans of our services are reparented to us, so we see every
	 * exit of a service's processes and reap them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		slog(SLOG_WARNING, "cannot become a subreaper: %s",
		     strerror(errno));
	raise_nofile(m);
	open_cgroups(m);

	r = mgr_notify_open(m);
	if (r < 0) {
		slog(SLOG_ERR, "cannot open the notify socket in %s: %s",
		     cfg->runtime_dir, strerror(-r));
		return r;
	}
	if (mkdir(cfg->log_dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	m->logdir_fd = open(cfg->log_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->logdir_fd < 0)
		return -errno;

	diag_init(&dl);
	r = mgr_load(cfg->unit_dirs, &m->cg, &m->scales, &m->units, &m->graph,
		     &dl);
	for (size_t i = 0; i < dl.n; i++) {
		char line[1024];

		diag_format(&dl.items[i], line, sizeof(line));
		slog(dl.items[i].level == DIAG_ERROR ? SLOG_ERR : SLOG_WARNING,
		     "%s", line);
	}
	diag_free(&dl);
	if (r < 0)
		return r;
	m->n = (uint32_t)m->units.n;
	m->mu = calloc(m->n ? m->n : 1, sizeof(*m->mu));
	if (!m->mu)
		return -ENOMEM;
	for (uint32_t i = 0; i < m->n; i++) {
		m->mu[i] = mgr_unit_new(m, m->units.units[i]);
		if (!m->mu[i])
			return -ENOMEM;
	}
	r = mgr_index_prepare(m, m->n, m->n + 1, &m->graph, &svcs, &jobs);
	if (r < 0)
		return r;
	mgr_index_apply(m, svcs, &jobs);
	slog(SLOG_INFO, "%u units loaded", m->n);
	return 0;
}

struct mgr_unit *mgr_find(struct mgr *m, const char *name)
{
	long i = unitset_index(&m->units, name);

	return i < 0 ? NULL : m->mu[i];
}

int mgr_run(struct mgr *m)
{
	struct mgr_unit *target = mgr_find(m, m->cfg.target);
	int r;

	if (!target) {
		slog(SLOG_ERR, "target %s not found", m->cfg.target);
	} else {
		if (m->cfg.notify_parent)
			m->ready_unit = target;
		r = job_start(&m->jobs, target->svc.index);
		if (r < 0)
			slog(SLOG_ERR, "cannot start %s: %s", m->cfg.target,
			     r == -ENOEXEC ? unit_load_error(target->unit)
					   : strerror(-r));
		/* No job (or it ended at once): nothing will end later. */
		if (r < 0 && m->ready_unit)
			report_ready(m, JOB_FAILED);
	}
	if (!target && m->cfg.notify_parent)
		(void)parentnotify_send("READY=1\nSTATUS=No target to start");
	r = loop_run(&m->loop);
	if (r < 0)
		slog(SLOG_ERR, "event loop failed: %s", strerror(-r));
	return r < 0 ? 1 : 0;
}

void mgr_free(struct mgr *m)
{
	/* First the pid map: nothing is reaped any more, and each unit's
	 * free would otherwise scan it for its pids. */
	pidmap_free(&m->pids);
	for (uint32_t i = 0; i < m->n; i++)
		mgr_unit_free(m, m->mu[i]);
	for (size_t i = 0; i < m->n_retired; i++)
		mgr_unit_free(m, m->retired[i]);
	free(m->mu);
	free(m->svcs);
	free(m->retired);
	job_free(&m->jobs);
	graph_free(&m->graph);
	unitset_free(&m->units);
	mgr_watch_free_all(m);
	shutdown_free(&m->sd);
	notify_close(&m->notify);
	cgroups_close(&m->cg);
	mgr_scales_free(m);
	if (m->logdir_fd >= 0)
		close(m->logdir_fd);
	loop_done(&m->loop);
}
