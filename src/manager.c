#include "manager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "ctlcmd.h"
#include "load.h"
#include "outpipe.h"
#include "parse.h"
#include "spawn.h"

void mgr_log(const struct mgr *m, int level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (level > m->cfg.log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* One line, one write: lines from svinit never interleave. */
	dprintf(STDERR_FILENO, "svinit: %s\n", buf);
}

static uint64_t unit_fingerprint(const struct unit *u);
static void set_unit(struct mgr_unit *mu, struct unit *u, uint64_t fp);
static void set_log_limits(struct mgr_unit *mu);
static size_t signal_children(struct mgr *m, int sig);
static void shutdown_done(struct mgr *m);

/* Spawn watches: the status pipe of a child until it execs or fails. */

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

static void spawn_watch_ready(struct loop_io *io, uint32_t events)
{
	struct spawn_watch *w = (struct spawn_watch *)io;
	int step, err, r = spawn_read_result(io->fd, &step, &err);

	if (r == -EAGAIN)
		return;
	loop_io_del(&w->m->loop, io);
	close(io->fd);
	watch_unlink(w->m, w);
	if (w->mu) {
		if (r == 1) {
			svc_exec_ok(&w->mu->svc, w->pid);
		} else if (r == 0) {
			char msg[512];

			const char *wd = w->mu->unit->svc.working_directory;

			/* A failed chdir is about the directory. */
			spawn_format_error(msg, sizeof(msg), w->mu->unit->name,
					   step, err,
					   step == SPAWN_STEP_CHDIR && wd
						   ? wd
						   : w->mu->exec_fail_path);
			mgr_log(w->m, 0, "%s", msg);
			svc_exec_failed(&w->mu->svc, w->pid, step, err);
		}
	}
	free(w);
}

/* ---- the ops the service state machine calls ---- */

/* Where stdout or stderr of a command goes; *fd is -1 for /dev/null.
 * Files named by file:/append: are opened here and closed by the caller
 * (*opened is set). */
static int output_fd(struct mgr_unit *mu, enum std_output o, const char *path,
		     struct outpipe *p, int stdout_fd, int *fd, bool *opened)
{
	*opened = false;
	switch (o) {
	case OUT_LOG:
		*fd = outpipe_writer(p);
		if (*fd < 0)
			return *fd;
		*opened = true;
		return 0;
	case OUT_NULL:
		*fd = -1;
		return 0;
	case OUT_INHERIT:
		/* systemd's meaning: stdout takes stdin's file (always
		 * /dev/null here), stderr takes stdout's. */
		*fd = p == &mu->out ? -1 : stdout_fd;
		return 0;
	default:
		*fd = open(path,
			   O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY |
				   (o == OUT_APPEND ? O_APPEND : O_TRUNC),
			   0644);
		if (*fd < 0)
			return -errno;
		*opened = true;
		return 0;
	}
}

static int prepare(struct mgr_unit *mu, const struct exec_cmd *cmd,
		   struct spawn_req *req, bool opened[2])
{
	const struct service_conf *c = &mu->unit->svc;
	char **argv = NULL;
	int r;

	spawn_req_set_creds(req, &c->creds);
	r = spawn_req_build_env(req, NULL, c->environment, c->env_files,
				c->n_env_files, NULL);
	if (r < 0)
		return r;
	if (cmd->flags & EXEC_NO_ENV_EXPAND)
		r = strv_dup(cmd->argv, &argv);
	else
		r = parse_expand_env(cmd->argv, req->envp, &argv);
	if (r < 0)
		return r;
	r = spawn_req_set_command(req, cmd->path, argv);
	strv_free(argv);
	if (r < 0)
		return r;
	r = spawn_req_set_cwd(req, c->working_directory,
			      c->working_directory_optional,
			      c->working_directory_home);
	if (r < 0)
		return r;
	req->umask = c->umask;
	if (mu->m->nofile_raised)
		req->nofile = &mu->m->nofile;
	r = output_fd(mu, c->std_out, c->std_out_path, &mu->out, -1,
		      &req->stdout_fd, &opened[0]);
	if (r >= 0)
		r = output_fd(mu, c->std_err, c->std_err_path, &mu->err,
			      req->stdout_fd, &req->stderr_fd, &opened[1]);
	if (r < 0) {
		req->fail_step = SPAWN_STEP_FDS;
		req->fail_detail = c->std_out_path;
	}
	return r;
}

static int op_spawn(void *ctx, struct svc *s, const struct exec_cmd *cmd,
		    enum svc_cmd_kind kind, pid_t *pid)
{
	struct mgr_unit *mu = ctx;
	struct mgr *m = mu->m;
	struct spawn_watch *w;
	struct spawn_req req;
	bool opened[2] = { false, false };
	int r, status_fd = -1;

	spawn_req_init(&req, mu->unit->name);
	r = prepare(mu, cmd, &req, opened);
	if (r >= 0)
		r = spawn_start(&req, pid, &status_fd);
	if (opened[0])
		close(req.stdout_fd);
	if (opened[1])
		close(req.stderr_fd);
	if (r < 0) {
		char msg[512];

		if (!req.fail_step)
			req.fail_step = SPAWN_STEP_FORK;
		s->fail_step = req.fail_step;
		s->fail_errno = -r;
		spawn_format_error(msg, sizeof(msg), mu->unit->name,
				   req.fail_step, r,
				   req.fail_detail ? req.fail_detail
						   : cmd->path);
		mgr_log(m, 0, "%s", msg);
		spawn_req_done(&req);
		return r;
	}
	free(mu->exec_fail_path);
	mu->exec_fail_path = strdup(req.path);
	spawn_req_done(&req);
	/* Without its pid mapped or its status pipe watched, svinit could
	 * not follow the child: end it and fail the spawn instead. */
	w = calloc(1, sizeof(*w));
	if (!w || pidmap_add(&m->pids, *pid, mu) < 0) {
		r = -ENOMEM;
	} else {
		w->io.fd = status_fd;
		w->io.fn = spawn_watch_ready;
		w->m = m;
		w->mu = mu;
		w->pid = *pid;
		r = loop_io_add(&m->loop, &w->io, EPOLLIN);
		if (r < 0)
			pidmap_take(&m->pids, *pid);
	}
	if (r < 0) {
		free(w);
		close(status_fd);
		kill(*pid, SIGKILL); /* reaped later as an orphan */
		s->fail_step = SPAWN_STEP_FORK;
		s->fail_errno = -r;
		mgr_log(m, 0, "%s: cannot follow %s (pid %d): %s",
			mu->unit->name, cmd->path, (int)*pid, strerror(-r));
		return r;
	}
	w->next = m->watches;
	m->watches = w;
	mgr_log(m, 3, "%s: %s started: %s (pid %d)", mu->unit->name,
		kind == CMD_START ? "main process" : "command",
		mu->exec_fail_path ? mu->exec_fail_path : cmd->path, (int)*pid);
	return 0;
}

static void op_kill(void *ctx, struct svc *s, pid_t pid, int sig, bool group)
{
	struct mgr_unit *mu = ctx;

	if (pid <= 1)
		return;
	if (kill(group ? -pid : pid, sig) < 0 && errno != ESRCH)
		mgr_log(mu->m, 1, "%s: kill %d: %s", mu->unit->name, (int)pid,
			strerror(errno));
}

static bool op_group_alive(void *ctx, struct svc *s, pid_t pgid)
{
	return pgid > 1 && (kill(-pgid, 0) == 0 || errno == EPERM);
}

static void op_arm(void *ctx, struct svc *s, usec_t when)
{
	struct mgr_unit *mu = ctx;

	if (when == USEC_INFINITY)
		loop_timer_cancel(&mu->m->loop, &mu->timer);
	else if (loop_timer_set(&mu->m->loop, &mu->timer, when) < 0)
		/* Cannot happen: index_prepare reserved a slot per unit. */
		mgr_log(mu->m, 0, "%s: cannot arm timer", mu->unit->name);
}

static usec_t op_now(void *ctx)
{
	return now_monotonic();
}

/* The parent of pid, from /proc/PID/stat; -1 when unknown. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd, ppid;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "PID (COMM) STATE PPID ...": COMM may hold anything but is
	 * followed by the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

static int op_read_pid_file(void *ctx, struct svc *s, pid_t *pid)
{
	struct mgr_unit *mu = ctx;
	char buf[32];
	ssize_t n;
	long v;
	char *end;
	int fd = open(mu->unit->svc.pid_file, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || v <= 1 || (*end && *end != '\n'))
		return -EINVAL;
	/* A stale file may name anyone: only a child of svinit (a daemon
	 * whose parent exited was reparented to svinit, its subreaper) can
	 * be the main process, or svinit could never reap it and would
	 * signal a stranger at stop. */
	if ((pid_t)v == getpid() || parent_of((pid_t)v) != getpid())
		return -ESRCH;
	*pid = (pid_t)v;
	return pidmap_add(&mu->m->pids, *pid, mu);
}

static void mgr_check_shutdown(struct mgr *m);

static void op_changed(void *ctx, struct svc *s, enum svc_state old)
{
	struct mgr_unit *mu = ctx;
	struct mgr *m = mu->m;

	if (s->state == SVC_FAILED)
		mgr_log(m, 1, "%s: failed (result: %s)", mu->unit->name,
			svc_result_to_string(s->result));
	else if (s->state == SVC_AUTO_RESTART)
		mgr_log(m, 2, "%s: %s, restarting in %llu ms", mu->unit->name,
			svc_result_to_string(s->result),
			(unsigned long long)(s->deadline - s->state_since) /
				1000);
	else
		mgr_log(m, 3, "%s: %s -> %s", mu->unit->name,
			svc_state_to_string(old), svc_state_to_string(s->state));
	if (svc_is_inactive(s) || s->state == SVC_AUTO_RESTART) {
		/* No process left: its last lines are complete, and must not
		 * be joined to the first ones of a next run. */
		outpipe_flush(&mu->out);
		outpipe_flush(&mu->err);
	}
	if (svc_is_inactive(s)) {
		/* A changed file takes effect once the unit is down. */
		if (mu->pending) {
			set_unit(mu, mu->pending, mu->pending_fingerprint);
			mu->pending = NULL;
		}
	}
	if (!mu->removed)
		job_unit_changed(&m->jobs, s->index, old);
	mgr_check_shutdown(m);
}

static const struct svc_ops mgr_ops = {
	.spawn = op_spawn,
	.kill = op_kill,
	.group_alive = op_group_alive,
	.arm = op_arm,
	.now = op_now,
	.read_pid_file = op_read_pid_file,
	.changed = op_changed,
};

static void timer_fired(struct loop_timer *t)
{
	struct mgr_unit *mu =
		(struct mgr_unit *)((char *)t - offsetof(struct mgr_unit, timer));

	svc_deadline(&mu->svc);
}

static struct mgr_unit *mu_new(struct mgr *m, struct unit *u)
{
	struct mgr_unit *mu = calloc(1, sizeof(*mu));

	if (!mu)
		return NULL;
	mu->m = m;
	mu->unit = u;
	outpipe_init(&mu->out, &m->loop, &mu->log, LOGBUF_STDOUT);
	outpipe_init(&mu->err, &m->loop, &mu->log, LOGBUF_STDERR);
	loop_timer_init(&mu->timer, timer_fired);
	if (logfile_init(&mu->log, m->logdir_fd, u->name, 0, 0) < 0) {
		free(mu);
		return NULL;
	}
	svc_init(&mu->svc, u, 0, &mgr_ops, mu);
	set_log_limits(mu);
	mu->fingerprint = unit_fingerprint(u);
	return mu;
}

static void mu_free(struct mgr *m, struct mgr_unit *mu)
{
	if (!mu)
		return;
	loop_timer_cancel(&m->loop, &mu->timer);
	/* A process of its may still exit later: then it is an orphan. */
	pidmap_forget(&m->pids, mu);
	for (struct spawn_watch *w = m->watches; w; w = w->next)
		if (w->mu == mu)
			w->mu = NULL;
	outpipe_close(&mu->out);
	outpipe_close(&mu->err);
	logfile_close(&mu->log);
	free(mu->exec_fail_path);
	if (mu->own_unit)
		unit_free(mu->unit);
	free(mu);
}

/* ---- reaping ---- */

/* A child writes its failed step before it exits, and an exec closes the
 * pipe: once the child is reaped, its status pipe holds the answer. Read
 * it before the exit is judged, whichever event epoll reported first,
 * so the unit knows the failed step (FailedStep=) when it fails. */
static void watch_flush(struct mgr *m, pid_t pid)
{
	for (struct spawn_watch *w = m->watches; w; w = w->next) {
		if (w->pid == pid) {
			spawn_watch_ready(&w->io, EPOLLIN);
			return;
		}
	}
}

static void reap(struct mgr *m)
{
	bool unknown = false;

	for (;;) {
		siginfo_t si = { 0 };
		struct mgr_unit *mu;

		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
			/* No child at all: the final sweep is done. */
			if (errno == ECHILD && m->final_phase)
				shutdown_done(m);
			break;
		}
		if (si.si_pid == 0)
			break;
		mu = pidmap_take(&m->pids, si.si_pid);
		if (!mu) {
			unknown = true; /* an orphan: reaped quietly */
			continue;
		}
		mgr_log(m, 3, "%s: pid %d exited (%s %d)", mu->unit->name,
			(int)si.si_pid,
			si.si_code == CLD_EXITED ? "status" : "signal",
			si.si_status);
		watch_flush(m, si.si_pid);
		svc_child_exited(&mu->svc, si.si_pid, si.si_code, si.si_status);
	}
	/* Newly orphaned processes may have come in during the sweep. */
	if (unknown && m->final_phase == 2)
		signal_children(m, SIGKILL);
	/* An orphan may have been the last process of a stopping group. */
	if (unknown) {
		for (uint32_t i = 0; i < m->n; i++)
			svc_group_maybe_empty(&m->mu[i]->svc);
		for (size_t i = 0; i < m->n_retired; i++)
			svc_group_maybe_empty(&m->retired[i]->svc);
	}
}

/* ---- shutdown ---- */

static bool all_down(const struct mgr *m)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (!svc_is_inactive(&m->mu[i]->svc))
			return false;
	for (size_t i = 0; i < m->n_retired; i++)
		if (!svc_is_inactive(&m->retired[i]->svc))
			return false;
	return true;
}

/* Every unit is down and no child is left: leave the loop. As PID 1,
 * svinit must never exit (the kernel would panic), and the PID-1 duties
 * (sync, unmount, reboot) are not implemented yet: it stays up, reaping
 * what comes. */
static void shutdown_done(struct mgr *m)
{
	if (getpid() != 1) {
		loop_quit(&m->loop);
		return;
	}
	if (m->final_phase != 3)
		mgr_log(m, 0, "all units are stopped; as PID 1 svinit stays "
			      "up (reboot and poweroff are not implemented)");
	m->final_phase = 3;
}

/* Signal every child of svinit; returns how many there were. After the
 * last unit is down, the only children left are processes that escaped
 * their unit's process group (setsid) and were reparented to svinit, its
 * subreaper. */
static size_t signal_children(struct mgr *m, int sig)
{
	char path[64], buf[8192];
	size_t n = 0;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
		 (int)getpid());
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		mgr_log(m, 1, "cannot list leftover processes: %s",
			strerror(errno));
		return 0;
	}
	while ((len = read(fd, buf, sizeof(buf) - 1)) > 0) {
		char *p = buf, *end;

		buf[len] = '\0';
		for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end) {
			if (kill((pid_t)pid, sig) == 0)
				n++;
		}
	}
	close(fd);
	return n;
}

/* Once every unit is down: TERM what is left, KILL it after a grace
 * period, and leave when svinit has no child (reap() sees ECHILD). */
static void final_sweep(struct mgr *m, int sig)
{
	size_t n = signal_children(m, sig);

	if (n == 0) {
		shutdown_done(m);
		return;
	}
	mgr_log(m, 1, "%zu leftover process%s: sending %s", n,
		n == 1 ? "" : "es", sig == SIGKILL ? "SIGKILL" : "SIGTERM");
	if (sig != SIGKILL)
		loop_timer_set(&m->loop, &m->final_timer,
			       now_monotonic() + MGR_FINAL_GRACE);
}

static void final_timer_fired(struct loop_timer *t)
{
	struct mgr *m = (struct mgr *)((char *)t -
				       offsetof(struct mgr, final_timer));

	m->final_phase = 2;
	final_sweep(m, SIGKILL);
}

static void mgr_check_shutdown(struct mgr *m)
{
	if (m->shutting_down && m->final_phase == 0 &&
	    m->jobs.n_pending == 0 && all_down(m)) {
		m->final_phase = 1;
		final_sweep(m, SIGTERM);
	}
}

void mgr_shutdown(struct mgr *m)
{
	if (m->shutting_down)
		return;
	m->shutting_down = true;
	mgr_log(m, 2, "stopping all units");
	job_stop_all(&m->jobs);
	for (size_t i = 0; i < m->n_retired; i++)
		svc_stop(&m->retired[i]->svc);
	mgr_check_shutdown(m);
}

static void on_signal(void *data, const struct signalfd_siginfo *si)
{
	struct mgr *m = data;

	switch (si->ssi_signo) {
	case SIGCHLD:
		reap(m);
		break;
	case SIGTERM:
	case SIGINT:
		mgr_shutdown(m);
		break;
	default:
		break;
	}
}

/* ---- loading ---- */

/* Load the files into a fresh set and graph; the running state is not
 * touched. Errors are left in dl. */
static int build(struct mgr *m, struct unitset *set, struct graph *g,
		 struct diag_list *dl)
{
	int r;

	unitset_init(set);
	r = load_units(m->cfg.unit_dirs, set, dl);
	if (r >= 0)
		r = unit_add_default_deps(set);
	if (r >= 0)
		r = graph_build(g, set, dl);
	if (r < 0)
		unitset_free(set);
	return r;
}

/* The per-node arrays of a unit set of n units on graph g: allocated
 * before anything is changed, so that a reload can still give up. */
static int index_prepare(struct mgr *m, size_t n, size_t timers,
			 const struct graph *g, struct svc ***svcs,
			 struct jobs *jobs)
{
	/* One deadline for each unit that can be armed at once: arming
	 * then never allocates, so it never fails. */
	if (loop_timer_reserve(&m->loop, timers) < 0)
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

/* Put the runtime records in graph order, with the arrays made by
 * index_prepare, and map their pids again. */
static void index_apply(struct mgr *m, struct svc **svcs, struct jobs *jobs)
{
	free(m->svcs);
	job_free(&m->jobs);
	m->svcs = svcs;
	m->jobs = *jobs;
	m->jobs.g = &m->graph; /* prepared on the reload's own copy */
	m->jobs.done = ctlcmd_job_done;
	m->jobs.ctx = m;
	for (uint32_t i = 0; i < m->n; i++) {
		struct mgr_unit *mu = m->mu[i];

		svcs[i] = &mu->svc;
		mu->svc.index = i;
		/* No memory for an entry: its exit is reaped as an orphan's,
		 * and the unit learns of it when its group is found empty. */
		if (mu->svc.main_pid)
			(void)pidmap_add(&m->pids, mu->svc.main_pid, mu);
		if (mu->svc.control_pid)
			(void)pidmap_add(&m->pids, mu->svc.control_pid, mu);
	}
}

int mgr_init(struct mgr *m, const struct mgr_config *cfg)
{
	struct diag_list dl;
	int r;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->logdir_fd = -1;
	loop_timer_init(&m->final_timer, final_timer_fired);
	r = loop_init(&m->loop, on_signal, m);
	if (r < 0)
		return r;
	/* Orphans of our services are reparented to us, so we see every
	 * exit of a service's processes and reap them. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		mgr_log(m, 1, "cannot become a subreaper: %s", strerror(errno));

	/* Two log pipes and a log file per unit pass a soft limit of 1024
	 * long before 1,000 units: take the hard limit, and give services
	 * the soft one back (select() breaks on fds past 1024). */
	if (getrlimit(RLIMIT_NOFILE, &m->nofile) == 0 &&
	    m->nofile.rlim_cur < m->nofile.rlim_max) {
		struct rlimit raised = { m->nofile.rlim_max,
					 m->nofile.rlim_max };

		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			m->nofile_raised = true;
		else
			mgr_log(m, 1, "cannot raise the open files limit: %s",
				strerror(errno));
	}

	if (mkdir(cfg->log_dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	m->logdir_fd = open(cfg->log_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->logdir_fd < 0)
		return -errno;

	diag_init(&dl);
	r = build(m, &m->units, &m->graph, &dl);
	for (size_t i = 0; i < dl.n; i++) {
		char line[1024];

		diag_format(&dl.items[i], line, sizeof(line));
		mgr_log(m, dl.items[i].level == DIAG_ERROR ? 0 : 1, "%s", line);
	}
	diag_free(&dl);
	if (r < 0)
		return r;
	m->n = (uint32_t)m->units.n;
	m->mu = calloc(m->n ? m->n : 1, sizeof(*m->mu));
	if (!m->mu)
		return -ENOMEM;
	for (uint32_t i = 0; i < m->n; i++) {
		m->mu[i] = mu_new(m, m->units.units[i]);
		if (!m->mu[i])
			return -ENOMEM;
	}
	{
		struct svc **svcs;
		struct jobs jobs;

		r = index_prepare(m, m->n, m->n + 1, &m->graph, &svcs,
				  &jobs);
		if (r < 0)
			return r;
		index_apply(m, svcs, &jobs);
	}
	r = ctlcmd_open(m);
	if (r < 0)
		return r;
	mgr_log(m, 2, "%u units loaded", m->n);
	return 0;
}

/* ---- daemon-reload ---- */

/* A hash of the files a unit was loaded from, to tell a changed unit. */
static uint64_t unit_fingerprint(const struct unit *u)
{
	uint64_t h = 1469598103934665603ULL;
	char buf[4096];

	for (size_t i = 0; i <= strv_len(u->dropins); i++) {
		const char *path = i == 0 ? u->path : u->dropins[i - 1];
		int fd;
		ssize_t n;

		if (!path)
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			for (ssize_t k = 0; k < n; k++) {
				h ^= (unsigned char)buf[k];
				h *= 1099511628211ULL;
			}
		close(fd);
		h ^= str_hash(path);
	}
	return h;
}

/* The unit's own rotation limits, or the daemon's. */
static void set_log_limits(struct mgr_unit *mu)
{
	const struct service_conf *c = &mu->unit->svc;

	logfile_set_limits(&mu->log,
			   c->log_max_size == UNIT_LOG_DEFAULT
				   ? mu->m->cfg.log_max_size
				   : c->log_max_size,
			   c->log_keep == UNIT_LOG_DEFAULT
				   ? mu->m->cfg.log_keep
				   : (unsigned)c->log_keep);
}

/* Switch mu to configuration u (owned by the current set). */
static void set_unit(struct mgr_unit *mu, struct unit *u, uint64_t fp)
{
	if (mu->own_unit && mu->unit != u)
		unit_free(mu->unit);
	mu->own_unit = false;
	mu->unit = u;
	mu->svc.unit = u;
	mu->svc.changed_on_disk = false;
	mu->fingerprint = fp;
	set_log_limits(mu);
}

static int report(char ***lines, const char *what, const char *name)
{
	char *line;

	if (asprintf(&line, "%s %s", what, name) < 0)
		return -ENOMEM;
	return strv_push(lines, line);
}

/* The old unit named like nu (not an alias of another), or -1. */
static long old_index(const struct mgr *m, const struct unit *nu)
{
	long old = unitset_index(&m->units, nu->name);

	return old >= 0 && m->units.units[old] &&
			       strcmp(m->units.units[old]->name, nu->name) == 0
		       ? old
		       : -1;
}

/* Removed units that have stopped since the last reload go now. */
static void retired_sweep(struct mgr *m)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n_retired; i++) {
		if (svc_is_inactive(&m->retired[i]->svc))
			mu_free(m, m->retired[i]);
		else
			m->retired[k++] = m->retired[i];
	}
	m->n_retired = k;
}

int mgr_reload(struct mgr *m, struct diag_list *dl, char ***lines)
{
	struct unitset set;
	struct graph g;
	struct mgr_unit **nmu, **rt;
	struct svc **svcs = NULL;
	struct jobs jobs;
	bool *kept;
	size_t n_removed = 0;
	uint64_t fp;
	int r;

	if (m->jobs.n_pending > 0)
		return -EBUSY;
	retired_sweep(m);
	r = build(m, &set, &g, dl);
	if (r < 0)
		return r;
	if (dl->n_errors > 0) {
		/* A bad set of files leaves the running set untouched. */
		graph_free(&g);
		unitset_free(&set);
		return -EINVAL;
	}
	/* First everything that can fail, so that running units are only
	 * touched once the new set is certain to be applied. */
	nmu = calloc(set.n ? set.n : 1, sizeof(*nmu));
	kept = calloc(m->n ? m->n : 1, sizeof(*kept));
	r = nmu && kept ? 0 : -ENOMEM;
	for (size_t i = 0; r == 0 && i < set.n; i++) {
		long old = old_index(m, set.units[i]);

		if (old >= 0)
			kept[old] = true;
		else if (!(nmu[i] = mu_new(m, set.units[i])))
			r = -ENOMEM;
	}
	for (uint32_t i = 0; r == 0 && i < m->n; i++)
		n_removed += !kept[i];
	if (r == 0 && n_removed) {
		rt = realloc(m->retired,
			     (m->n_retired + n_removed) * sizeof(*rt));
		if (rt)
			m->retired = rt;
		else
			r = -ENOMEM;
	}
	if (r == 0)
		r = index_prepare(m, set.n,
				  /* new, retired and about to be, the sweep */
				  set.n + m->n_retired + n_removed + 1, &g,
				  &svcs, &jobs);
	if (r < 0) {
		for (size_t i = 0; nmu && i < set.n; i++)
			mu_free(m, nmu[i]);
		free(nmu);
		free(kept);
		graph_free(&g);
		unitset_free(&set);
		return r;
	}
	for (size_t i = 0; i < set.n; i++) {
		struct unit *nu = set.units[i];
		long old = old_index(m, nu);
		struct mgr_unit *mu;

		if (old < 0) {
			report(lines, "added", nu->name);
			continue;
		}
		mu = nmu[i] = m->mu[old];
		mu->pending = NULL; /* it belonged to the set being replaced */
		fp = unit_fingerprint(nu);
		if (mu->fingerprint == fp || svc_is_inactive(&mu->svc)) {
			if (mu->fingerprint != fp)
				report(lines, "changed", nu->name);
			set_unit(mu, nu, fp);
			continue;
		}
		/* Changed while running: keep the old configuration, which
		 * the running processes were started with, until the unit
		 * stops; the new one applies at the next start. */
		if (!mu->own_unit) {
			mu->own_unit = true;
			m->units.units[old] = NULL;
		}
		mu->pending = nu;
		mu->pending_fingerprint = fp;
		mu->svc.changed_on_disk = true;
		report(lines, "changed (restart needed)", nu->name);
	}
	for (uint32_t i = 0; i < m->n; i++) {
		struct mgr_unit *mu = m->mu[i];

		if (kept[i])
			continue;
		report(lines, "removed", mu->unit->name);
		if (!mu->own_unit) {
			mu->own_unit = true;
			m->units.units[i] = NULL;
		}
		mu->removed = true;
		mu->pending = NULL; /* of the set being replaced */
		/* Freed at a later reload once it is down: a process of its
		 * may still be on its way out even when it is inactive. */
		m->retired[m->n_retired++] = mu;
		svc_stop(&mu->svc);
	}
	free(kept);
	graph_free(&m->graph);
	unitset_free(&m->units);
	free(m->mu);
	m->units = set;
	m->graph = g;
	m->mu = nmu;
	m->n = (uint32_t)set.n;
	index_apply(m, svcs, &jobs);
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
		mgr_log(m, 0, "target %s not found", m->cfg.target);
	} else {
		r = job_start(&m->jobs, target->svc.index);
		if (r < 0)
			mgr_log(m, 0, "cannot start %s: %s", m->cfg.target,
				r == -ENOEXEC ? unit_load_error(target->unit)
					      : strerror(-r));
	}
	r = loop_run(&m->loop);
	if (r < 0)
		mgr_log(m, 0, "event loop failed: %s", strerror(-r));
	return r < 0 ? 1 : 0;
}

void mgr_free(struct mgr *m)
{
	ctlcmd_close(m);
	for (uint32_t i = 0; i < m->n; i++)
		mu_free(m, m->mu[i]);
	for (size_t i = 0; i < m->n_retired; i++)
		mu_free(m, m->retired[i]);
	free(m->mu);
	free(m->svcs);
	free(m->retired);
	job_free(&m->jobs);
	graph_free(&m->graph);
	unitset_free(&m->units);
	pidmap_free(&m->pids);
	while (m->watches) {
		struct spawn_watch *w = m->watches;

		m->watches = w->next;
		close(w->io.fd);
		free(w);
	}
	if (m->logdir_fd >= 0)
		close(m->logdir_fd);
	loop_done(&m->loop);
}
