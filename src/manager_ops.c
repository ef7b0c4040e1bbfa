/*
 * manager_ops: the side effects the service state machine asks for
 * (struct svc_ops), performed for one unit's runtime record: spawning a
 * command and watching its status pipe until exec, signals to a process
 * or to the unit's process set, the unit's deadline, the PID file, and
 * the report of every transition (log, log pipes, pending configuration,
 * job engine, shutdown).
 *
 * Every op gets the mgr_unit as its context. Kernel calls go through the
 * sys seam, so the manager's unit tests can run them against fakes.
 */
#include "manager_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "execprep.h"
#include "nsdirs.h"
#include "pid1.h"
#include "removeipc.h"
#include "slog.h"
#include "spawn.h"
#include "sys.h"

/* A spawned child's status pipe, watched until it execs or fails. */
struct spawn_watch {
	struct loop_io io;
	struct mgr *m;
	struct mgr_unit *mu; /* NULL once the unit is freed */
	pid_t pid;
	struct spawn_watch *next; /* in m->watches */
};

static void watch_unlink(struct mgr *m, struct spawn_watch *w)
{
	for (struct spawn_watch **p = &m->watches; *p; p = &(*p)->next) {
		if (*p == w) {
			*p = w->next;
			return;
		}
	}
}

/* The child reached execve (end of file) or wrote the step it failed
 * at: tell the state machine, then forget the watch. */
static void watch_ready(struct loop_io *io, uint32_t events)
{
	struct spawn_watch *w = (struct spawn_watch *)io;
	int step, err, r = spawn_read_result(io->fd, &step, &err);

	if (r == -EAGAIN)
		return;
	loop_io_del(&w->m->loop, io);
	close(io->fd);
	watch_unlink(w->m, w);
	if (w->mu && r == 1) {
		svc_exec_ok(&w->mu->svc, w->pid);
	} else if (w->mu && r == 0) {
		char msg[512];
		const char *wd = w->mu->unit->svc.working_directory;

		/* A failed chdir is about the directory; the directory
		 * and namespace steps are about the unit's directories
		 * and mounts, not the program. */
		bool not_program = step >= SPAWN_STEP_RUNTIME_DIRECTORY &&
				   step <= SPAWN_STEP_NAMESPACE;
		const char *detail = w->mu->exec_fail_path;

		if (step == SPAWN_STEP_CHDIR && wd)
			detail = wd;
		else if (not_program)
			detail = NULL;
		spawn_format_error(msg, sizeof(msg), w->mu->unit->name, step,
				   err, detail);
		slog(SLOG_ERR, "%s", msg);
		svc_exec_failed(&w->mu->svc, w->pid, step, err);
	}
	free(w);
}

void mgr_watch_flush(struct mgr *m, pid_t pid)
{
	for (struct spawn_watch *w = m->watches; w; w = w->next) {
		if (w->pid == pid) {
			watch_ready(&w->io, EPOLLIN);
			return;
		}
	}
}

void mgr_watch_forget(struct mgr *m, const struct mgr_unit *mu)
{
	for (struct spawn_watch *w = m->watches; w; w = w->next)
		if (w->mu == mu)
			w->mu = NULL;
}

void mgr_watch_free_all(struct mgr *m)
{
	while (m->watches) {
		struct spawn_watch *w = m->watches;

		m->watches = w->next;
		close(w->io.fd);
		free(w);
	}
}

/* Follow a child just started: its pid, its status pipe, its group.
 * Without its pid mapped or its pipe watched svinit could not follow
 * it, so then it is killed and the spawn fails. */
static int follow(struct mgr_unit *mu, pid_t pid, int status_fd)
{
	struct mgr *m = mu->m;
	struct spawn_watch *w = calloc(1, sizeof(*w));
	int r;

	if (!w || pidmap_add(&m->pids, pid, mu) < 0) {
		free(w);
		return -ENOMEM;
	}
	*w = (struct spawn_watch){
		.io = {.fd = status_fd, .fn = watch_ready},
		.m = m,
		.mu = mu,
		.pid = pid,
		.next = m->watches,
	};
	r = loop_io_add(&m->loop, &w->io, EPOLLIN);
	if (r < 0) {
		pidmap_take(&m->pids, pid);
		free(w);
		return r;
	}
	m->watches = w;
	/* Every command leads a group of its own (spawn's setsid): its
	 * children are the unit's until they leave it. */
	if (procset_add_group(&mu->procs, pid) == -ENOSPC)
		slog(SLOG_WARNING, "%s: too many process groups, forgot one",
		     mu->unit->name);
	return 0;
}

/*
 * The unit's cgroup.procs files for a spawn (none without cgroups). The
 * first spawn of a unit since its cgroup was removed makes it and writes
 * its limits; a limit that cannot be written fails the spawn (*file says
 * which), never runs the service without it. Processes found in a cgroup
 * svinit did not make in this run were left by an svinit that died (a
 * crash, a SIGKILL): nobody follows them, and a second copy of the
 * service beside them could fight them for ports and files, so they are
 * killed.
 */
static int cgroup_fds(struct mgr_unit *mu, int *dir, int *fds, size_t max,
		      size_t *n, const char **file)
{
	struct mgr *m = mu->m;
	const char *name = mu->unit->name;
	const struct cg_limits *l = unit_limits(mu->unit);
	unsigned ctrls = cglimits_ctrls(l, &m->cg);
	bool fresh;
	int r;

	*n = 0;
	*dir = -1;
	*file = cgroups_root_path(&m->cg);
	if (!cgroups_active(&m->cg))
		return 0;
	if (!mu->cg_made) {
		r = cgroups_unit_create(&m->cg, name, ctrls);
		if (r < 0)
			return r;
		mu->cg_made = true;
		/* A cgroup made now is empty, with no OOM kill counted: only
		 * one that was there needs looking at. */
		fresh = r == 1;
		if (!fresh && cgroups_unit_populated(&m->cg, name) > 0) {
			slog(SLOG_WARNING,
			     "%s: killing the processes an earlier svinit left "
			     "in its cgroup",
			     name);
			(void)cgroups_unit_kill(&m->cg, name, SIGKILL,
						&mu->cg_killed);
		}
		r = cglimits_apply(l, &m->cg, name, file);
		if (r < 0)
			return r;
		mu->oom_seen = fresh ? 0 : cglimits_oom_kills(&m->cg, name);
	}
	return cgroups_unit_procs_fds(&m->cg, name, ctrls, mu->cg_killed, dir,
				      fds, max, n);
}

static int op_spawn(void *ctx, struct svc *s, const struct exec_cmd *cmd,
		    enum svc_cmd_kind kind, pid_t *pid)
{
	struct mgr_unit *mu = ctx;
	struct mgr *m = mu->m;
	struct execprep_fds fds;
	struct spawn_req req;
	int r, status_fd = -1, cgfds[CG_HIER_MAX], pass[SPAWN_PASS_FDS_MAX];
	size_t n_cgfds = 0;
	char *names = NULL;

	spawn_req_init(&req, mu->unit->name);
	r = execprep_request(&req, mu->unit, cmd, &mu->out, &mu->err,
			     m->nofile_raised ? &m->nofile : NULL,
			     svc_notify_access(mu->unit) != NOTIFY_ACCESS_NONE
				     ? m->notify.path
				     : NULL,
			     &fds);
	if (r >= 0) {
		const char *file;

		r = cgroup_fds(mu, &req.cgroup_dir, cgfds, ARRAY_SIZE(cgfds),
			       &n_cgfds, &file);
		if (r < 0) {
			req.fail_step = SPAWN_STEP_CGROUP;
			req.fail_detail = file;
		}
	}
	req.cgroup_fds = cgfds;
	req.n_cgroup_fds = n_cgfds;
	/* A watchdog is told to the main process, which is to ping it. */
	if (r >= 0 && kind == CMD_START &&
	    svc_notify_access(mu->unit) != NOTIFY_ACCESS_NONE) {
		r = execprep_watchdog(&req, mu->unit);
		if (r < 0)
			req.fail_step = SPAWN_STEP_ENVIRONMENT;
	}
	/* The sockets and the descriptor store go to the main process, as
	 * LISTEN_FDS=; borrowed for the spawn (their units keep them). */
	if (r >= 0 && kind == CMD_START) {
		size_t n;

		r = mgr_listen_fds(mu, pass, ARRAY_SIZE(pass), &n, &names);
		if (r >= 0 && n)
			r = spawn_req_set_listen_fds(&req, pass, n, names);
		if (r < 0)
			req.fail_step = SPAWN_STEP_FDS;
	}
	if (r >= 0)
		r = sys.spawn(&req, pid, &status_fd);
	free(names);
	/* The child has its copies (or there is no child). */
	execprep_close_fds(&fds);
	while (n_cgfds > 0)
		close(cgfds[--n_cgfds]);
	if (req.cgroup_dir >= 0)
		close(req.cgroup_dir);
	if (r < 0) {
		char msg[512];

		if (!req.fail_step)
			req.fail_step = SPAWN_STEP_FORK;
		s->fail_step = req.fail_step;
		s->fail_errno = -r;
		spawn_format_error(
			msg, sizeof(msg), mu->unit->name, req.fail_step, r,
			req.fail_detail ? req.fail_detail : cmd->path);
		slog(SLOG_ERR, "%s", msg);
		spawn_req_done(&req);
		return r;
	}
	free(mu->exec_fail_path);
	mu->exec_fail_path = strdup(req.path);
	spawn_req_done(&req);
	r = follow(mu, *pid, status_fd);
	if (r < 0) {
		close(status_fd);
		sys.kill(*pid, SIGKILL); /* reaped later as an orphan */
		s->fail_step = SPAWN_STEP_FORK;
		s->fail_errno = -r;
		slog(SLOG_ERR, "%s: cannot follow %s (pid %d): %s",
		     mu->unit->name, cmd->path, (int)*pid, strerror(-r));
		return r;
	}
	/* The health checks start with the main process. */
	if (kind == CMD_START)
		mgr_health_changed(mu);
	slog(SLOG_DEBUG, "%s: %s started: %s (pid %d)", mu->unit->name,
	     kind == CMD_START ? "main process" : "command",
	     mu->exec_fail_path ? mu->exec_fail_path : cmd->path, (int)*pid);
	return 0;
}

static void op_kill(void *ctx, struct svc *s, pid_t pid, int sig)
{
	struct mgr_unit *mu = ctx;

	if (pid <= 1)
		return;
	if (sys.kill(pid, sig) < 0 && errno != ESRCH)
		slog(SLOG_WARNING, "%s: kill %d: %s", mu->unit->name, (int)pid,
		     strerror(errno));
}

/* A control command leads its own group (spawn's setsid): signal the
 * group, or the process alone while it has not reached its setsid yet
 * (fork builds). */
static void op_kill_command(void *ctx, struct svc *s, pid_t pid, int sig)
{
	struct mgr_unit *mu = ctx;

	if (pid <= 1)
		return;
	if (sys.kill(-pid, sig) == 0)
		return;
	if (sys.kill(pid, sig) < 0 && errno != ESRCH)
		slog(SLOG_WARNING, "%s: kill %d: %s", mu->unit->name, (int)pid,
		     strerror(errno));
}

/*
 * The set is the unit's cgroup when there are cgroups: nothing a service
 * starts can leave it, setsid or not. Process groups stay recorded
 * beside it and answer when the cgroup cannot: when reading it fails, and
 * when it is empty although the set is signalled (with fork builds a
 * child may not have joined its cgroup yet: its group still reaches it).
 */
static void op_set_kill(void *ctx, struct svc *s, int sig)
{
	struct mgr_unit *mu = ctx;

	if (mu->cg_made && cgroups_unit_kill(&mu->m->cg, mu->unit->name, sig,
					     &mu->cg_killed) > 0)
		return;

	/* A forking daemon may have called setsid after its parent exited:
	 * take the main process's group as it is now. Any other main process
	 * was spawned by svinit and leads a group the set has recorded. */
	if (s->main_pid && mu->unit->svc.type == SVC_FORKING)
		(void)procset_add_process(&mu->procs, s->main_pid);
	procset_kill(&mu->procs, sig, s->main_pid);
}

static bool op_set_empty(void *ctx, struct svc *s)
{
	struct mgr_unit *mu = ctx;
	int r = mu->cg_made ? cgroups_unit_populated(&mu->m->cg, mu->unit->name)
			    : -1;

	if (r >= 0)
		return r == 0;
	return procset_empty(&mu->procs);
}

/* The OOM kill counter of the unit's cgroup moved since last asked. */
static bool op_oom_killed(void *ctx, struct svc *s)
{
	struct mgr_unit *mu = ctx;
	uint64_t n;

	if (!mu->cg_made)
		return false;
	n = cglimits_oom_kills(&mu->m->cg, mu->unit->name);
	if (n <= mu->oom_seen)
		return false;
	mu->oom_seen = n;
	return true;
}

static void op_arm(void *ctx, struct svc *s, usec_t when)
{
	struct mgr_unit *mu = ctx;

	if (when == USEC_INFINITY)
		loop_timer_cancel(&mu->m->loop, &mu->timer);
	else if (loop_timer_set(&mu->m->loop, &mu->timer, when) < 0)
		/* Cannot happen: the index reserved a slot per unit. */
		slog(SLOG_ERR, "%s: cannot arm timer", mu->unit->name);
}

static void op_arm_watchdog(void *ctx, struct svc *s, usec_t when)
{
	struct mgr_unit *mu = ctx;

	if (when == USEC_INFINITY)
		loop_timer_cancel(&mu->m->loop, &mu->wd_timer);
	else if (loop_timer_set(&mu->m->loop, &mu->wd_timer, when) < 0)
		/* Cannot happen either: two slots per unit are reserved. */
		slog(SLOG_ERR, "%s: cannot arm the watchdog", mu->unit->name);
}

static usec_t op_now(void *ctx)
{
	return sys.now();
}

static int op_read_pid_file(void *ctx, struct svc *s, pid_t *pid)
{
	struct mgr_unit *mu = ctx;
	int r = execprep_read_pid_file(mu->unit->svc.pid_file, pid);

	if (r < 0)
		return r;
	(void)procset_add_process(&mu->procs, *pid);
	return pidmap_add(&mu->m->pids, *pid, mu);
}

static int op_stat(void *ctx, const char *path, struct stat *st)
{
	return sys.stat(path, st);
}

static void log_transition(const struct mgr_unit *mu, enum svc_state old)
{
	const struct svc *s = &mu->svc;

	if (s->state == SVC_FAILED)
		slog(SLOG_WARNING, "%s: failed (result: %s)", mu->unit->name,
		     svc_result_to_string(s->result));
	else if (s->state == SVC_AUTO_RESTART)
		slog(SLOG_INFO, "%s: %s, restarting in %llu ms", mu->unit->name,
		     svc_result_to_string(s->result),
		     (unsigned long long)(s->deadline - s->state_since) / 1000);
	else
		slog(SLOG_DEBUG, "%s: %s -> %s", mu->unit->name,
		     svc_state_to_string(old), svc_state_to_string(s->state));
}

static bool state_inactive(enum svc_state st)
{
	return st == SVC_DEAD || st == SVC_FAILED;
}

static bool state_active(enum svc_state st)
{
	return st == SVC_RUNNING || st == SVC_EXITED;
}

/* The console's progress lines, as systemd prints them at boot: a unit
 * that became active, one that failed, one that stopped. */
static void show_status(const struct mgr_unit *mu, enum svc_state old)
{
	const struct svc *s = &mu->svc;
	const struct unit *u = mu->unit;
	const char *desc = u->description ? u->description : u->name;

	if (state_active(s->state) && !state_active(old))
		slog_status("[  OK  ] %s %s - %s",
			    u->type == UNIT_TARGET ? "Reached target"
						   : "Started",
			    u->name, desc);
	else if (s->state == SVC_FAILED)
		slog_status("[FAILED] Failed to start %s: %s (see svctl "
			    "status %s)",
			    u->name, svc_result_to_string(s->result), u->name);
	else if (s->state == SVC_DEAD && !state_inactive(old) &&
		 u->type == UNIT_SERVICE)
		slog_status("[  OK  ] Stopped %s - %s", u->name, desc);
}

/* The init of a machine says once how long the boot took: from the
 * kernel's start (CLOCK_BOOTTIME counts from there) to its target
 * reached, every unit it pulls in started, and svinit's own part, from
 * the start of its set-up (bench/boot reads both). */
static void boot_finished(const struct mgr_unit *mu)
{
	static bool said;
	struct timespec t;
	double now, start;

	if (said || !mu->m->cfg.machine || !mu->m->cfg.target ||
	    strcmp(mu->unit->name, mu->m->cfg.target) != 0 ||
	    !state_active(mu->svc.state))
		return;
	said = true;
	clock_gettime(CLOCK_BOOTTIME, &t);
	now = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
	start = pid1_setup_started();
	if (start < 0)
		slog(SLOG_INFO,
		     "startup finished: %s reached %.3f s after the kernel "
		     "started",
		     mu->unit->name, now);
	else
		slog(SLOG_INFO,
		     "startup finished: %s reached %.3f s after the kernel "
		     "started, %.2f s after svinit's start",
		     mu->unit->name, now, now - start);
}

/* RuntimeDirectory= goes when the unit stops, as RuntimeDirectoryPreserve=
 * says: at every stop (no), at a stop but not an automatic restart
 * (restart), never (yes). With the configuration the unit ran with, before
 * a pending one replaces it. */
static void remove_runtime_dirs(struct mgr_unit *mu, bool down)
{
	const struct ns_conf *ns = mu->unit->svc.ns;
	int r;

	if (!ns || !ns->plan.runtime_paths ||
	    ns->runtime_preserve == NS_PRESERVE_YES ||
	    (!down && ns->runtime_preserve == NS_PRESERVE_RESTART))
		return;
	r = nsdirs_remove(ns->plan.runtime_paths);
	if (r < 0)
		slog(SLOG_WARNING,
		     "%s: cannot remove its runtime directory: %s",
		     mu->unit->name, strerror(-r));
}

/* RemoveIPC=: once the last unit running as the user is down, as in
 * systemd (its units share the objects while any of them runs). */
static void remove_ipc(struct mgr_unit *mu)
{
	const struct unit_creds *cr = &mu->unit->svc.creds;
	struct mgr *m = mu->m;
	uid_t uid = cr->has_user ? cr->uid : 0;
	gid_t gid = cr->has_group ? cr->gid : 0;
	int r;

	if (!mu->unit->svc.remove_ipc || (uid == 0 && gid == 0))
		return;
	for (uint32_t i = 0; i < m->n; i++) {
		const struct unit_creds *o = &m->mu[i]->unit->svc.creds;

		if (m->mu[i] != mu && !svc_is_inactive(&m->mu[i]->svc) &&
		    ((uid && o->has_user && o->uid == uid) ||
		     (gid && o->has_group && o->gid == gid)))
			return;
	}
	r = removeipc_owned(uid, gid);
	if (r < 0)
		slog(SLOG_WARNING, "%s: RemoveIPC=: %s", mu->unit->name,
		     strerror(-r));
	else if (r > 0)
		slog(SLOG_DEBUG, "%s: RemoveIPC=: %d objects removed",
		     mu->unit->name, r);
}

/*
 * An essential unit of a container ended for good (its restart policy
 * gave up, or it had none; or everything is being stopped): svinit stops
 * the rest and exits with the unit's status, the main process's exit
 * code or 128 + the signal that killed it, as a shell reports it. The
 * first one to end decides.
 */
static void essential_ended(struct mgr_unit *mu)
{
	struct mgr *m = mu->m;
	const struct svc *s = &mu->svc;

	if (m->essential_ended)
		return;
	m->essential_ended = true;
	if (s->main_code == CLD_EXITED)
		m->exit_status = s->main_status;
	else if (s->main_code == CLD_KILLED || s->main_code == CLD_DUMPED)
		m->exit_status = 128 + s->main_status;
	else /* it never ran (a spawn failure): a failure */
		m->exit_status = s->state == SVC_FAILED ? 1 : 0;
	slog(SLOG_INFO, "%s: essential unit ended (status %d): stopping all",
	     mu->unit->name, m->exit_status);
	mgr_shutdown(m);
}

/* Whether the descriptor store goes now, by FileDescriptorStorePreserve=
 * as in systemd: `restart` (the default) once the unit is down for good,
 * not between the stop and the start of a restart (a start is pending
 * then; asked after the job engine had its say: it may have started the
 * unit again already); `no` whenever the service's processes are gone,
 * before an automatic restart too; `yes` only when the unit is unloaded:
 * removed by a daemon-reload (once stopped; mgr_reload for one already
 * down) or freed when svinit exits. */
static bool fdstore_goes(struct mgr_unit *mu, struct svc *s)
{
	const struct job *j = &mu->m->jobs.job[s->index];

	switch (mu->unit->svc.fdstore_preserve) {
	case FDSTORE_PRESERVE_YES:
		return mu->removed && svc_is_inactive(s);
	case FDSTORE_PRESERVE_NO:
		return svc_is_inactive(s) || s->state == SVC_AUTO_RESTART;
	default:
		return svc_is_inactive(s) && s->want != SVC_WANT_RESTART &&
		       (mu->removed ||
			(j->type != JOB_START && j->type != JOB_RESTART));
	}
}

static void op_changed(void *ctx, struct svc *s, enum svc_state old)
{
	struct mgr_unit *mu = ctx;
	struct mgr *m = mu->m;
	bool down = svc_is_inactive(s);

	log_transition(mu, old);
	show_status(mu, old);
	boot_finished(mu);
	if (down && !state_inactive(old) && m->cfg.container &&
	    mu->unit->svc.essential)
		essential_ended(mu);
	/* A new run says its own STATUS= and ERRNO=. */
	if (s->state == SVC_START_PRE && old != SVC_START_PRE) {
		free(mu->status_text);
		mu->status_text = NULL;
		mu->status_errno = 0;
	}
	/* n_busy counts the units that are not inactive, so that shutdown
	 * learns "all down" without a scan per transition. */
	if (down != state_inactive(old))
		m->n_busy += down ? -1u : 1u;
	/* A socket unit listens while it is active, and only then. */
	if (mu->sock && s->state != SVC_EXITED)
		mgr_socket_deactivate(mu);
	if (down || s->state == SVC_AUTO_RESTART) {
		/* No process left: its last lines are complete, and must not
		 * be joined to the first ones of a next run. */
		outpipe_flush(&mu->out);
		outpipe_flush(&mu->err);
		remove_runtime_dirs(mu, down);
	}
	if (down && !state_inactive(old))
		remove_ipc(mu);
	/* An empty cgroup is removed once the unit is down; the next start
	 * makes it again. */
	if (down && mu->cg_made &&
	    cgroups_unit_remove(&m->cg, mu->unit->name) == 0)
		mu->cg_made = mu->cg_killed = false;
	/* A changed file takes effect once the unit is down. */
	if (down && mu->pending) {
		mgr_unit_set_config(mu, mu->pending, mu->pending_fingerprint);
		mu->pending = NULL;
	}
	if (!mu->removed)
		job_unit_changed(&m->jobs, s->index, old);
	mgr_health_changed(mu);
	/* Whether a socket watches for traffic depends on both ends. */
	if (mu->sock)
		mgr_socket_update(mu);
	else if (mu->unit->svc.sockets && !mu->removed)
		mgr_socket_service_changed(mu);
	if (mu->n_fdstore && fdstore_goes(mu, s))
		mgr_fdstore_release(mu);
	shutdown_check(&m->sd);
}

static int op_activate(void *ctx, struct svc *s)
{
	return mgr_socket_activate(ctx);
}

const struct svc_ops mgr_svc_ops = {
	.spawn = op_spawn,
	.kill = op_kill,
	.kill_command = op_kill_command,
	.set_kill = op_set_kill,
	.set_empty = op_set_empty,
	.arm = op_arm,
	.now = op_now,
	.read_pid_file = op_read_pid_file,
	.stat = op_stat,
	.changed = op_changed,
	.oom_killed = op_oom_killed,
	.arm_watchdog = op_arm_watchdog,
	.activate = op_activate,
};
