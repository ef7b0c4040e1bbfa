/*
 * service: the transitions of the per-unit state machine (see service.h;
 * the pure decisions it consults are in service_rules.c).
 *
 * The path of a run, and the event that moves each step:
 *
 *   DEAD/FAILED --svc_start--> START_PRE   (ExecStartPre=, one by one)
 *     --last one exited 0--> START         (ExecStart=: the main process)
 *     --ready (Type=)------> START_POST    (ExecStartPost=)
 *     --last one exited 0--> RUNNING, or EXITED without a main process
 *   RUNNING --svc_reload--> RELOAD --ExecReload= done--> RUNNING
 *   RUNNING --svc_stop, or the main process ended--> STOP (ExecStop=)
 *     --> STOP_SIGTERM (KillSignal=) --deadline--> STOP_SIGKILL
 *     --no process left--> STOP_POST (ExecStopPost=)
 *     --> DEAD or FAILED, or AUTO_RESTART --deadline--> START_PRE
 *
 * A failure on the way up (a command failed, a deadline passed) goes to
 * STOP_SIGTERM with the result set, so every run ends through the same
 * stop path and ExecStopPost= always runs. The first failure of a run
 * decides its result: later ones never overwrite it.
 *
 * Events arrive in any order: a child's exit may come before or after
 * its exec is reported, a deadline may pass while a signal is on its
 * way. Each handler looks at the state it finds, not the one it
 * expected, and ignores what no longer applies.
 */
#include "service_internal.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* The one door: every state change passes here and is reported. */
void svc_set_state(struct svc *s, enum svc_state st)
{
	enum svc_state old = s->state;
	usec_t now = s->ops->now(s->ctx);

	s->state = st;
	s->state_since = now;
	if ((st == SVC_RUNNING || st == SVC_EXITED) && old != SVC_RELOAD)
		s->active_enter = now;
	/* The watchdog runs once the start is complete, as in systemd:
	 * a slow start is TimeoutStartSec='s to judge. */
	if (st == SVC_START_POST)
		svc_watchdog_reset(s);
	else
		svc_watchdog_settle(s);
	s->ops->changed(s->ctx, s, old);
}

/* The unit's one deadline, timeout from now; the daemon calls
 * svc_deadline when it passes. Re-arming replaces the previous one. */
void svc_arm(struct svc *s, usec_t timeout)
{
	s->deadline = timeout == USEC_INFINITY ? USEC_INFINITY
					       : s->ops->now(s->ctx) + timeout;
	s->ops->arm(s->ctx, s, s->deadline);
}

/* A timeout of 0 means none, as in systemd. */
void svc_arm_timeout(struct svc *s, usec_t timeout)
{
	svc_arm(s, timeout == 0 ? USEC_INFINITY : timeout);
}

void svc_init(struct svc *s, const struct unit *u, uint32_t index,
	      const struct svc_ops *ops, void *ctx)
{
	*s = (struct svc){
		.unit = u,
		.ops = ops,
		.ctx = ctx,
		.index = index,
		.state = SVC_DEAD,
		.deadline = USEC_INFINITY,
		.watchdog_deadline = USEC_INFINITY,
		.fail_step = -1,
	};
}

void svc_set_config(struct svc *s, const struct unit *u)
{
	s->unit = u;
}

void svc_set_index(struct svc *s, uint32_t index)
{
	s->index = index;
}

/* The commands a control (or main) process of this kind runs. */
static const struct exec_list *cmd_list(const struct svc *s,
					enum svc_cmd_kind kind)
{
	const struct service_conf *c = &s->unit->svc;

	switch (kind) {
	case CMD_START_PRE:
		return &c->start_pre;
	case CMD_START:
		return &c->start;
	case CMD_START_POST:
		return &c->start_post;
	case CMD_RELOAD:
		return &c->reload;
	case CMD_STOP:
		return &c->stop;
	default:
		return &c->stop_post;
	}
}

/* ExecStart=-...: the main command's failure counts as a clean exit. Only
 * a oneshot has several main commands; the one running is the last one
 * run_next started, and only while the start is still running them. */
static bool main_ignores_failure(const struct svc *s)
{
	const struct exec_list *l = &s->unit->svc.start;
	size_t i = 0;

	if (s->unit->svc.type == SVC_ONESHOT) {
		if (s->state != SVC_START || s->cmd_index == 0)
			return false;
		i = s->cmd_index - 1;
	}
	return i < l->n && (l->cmds[i].flags & EXEC_IGNORE_FAILURE);
}

static bool main_clean(const struct svc *s, int code, int status)
{
	return svc_exit_clean(s->unit, code, status) || main_ignores_failure(s);
}

/* StartLimitBurst= starts within StartLimitIntervalSec= (util.h's fixed
 * window), on the state machine's clock. */
static bool start_limit_hit(struct svc *s)
{
	return ratelimit_hit(&s->start_limit, s->ops->now(s->ctx),
			     s->unit->start_limit_interval,
			     s->unit->start_limit_burst);
}

static void enter_stop_post(struct svc *s, enum svc_result r);

/* Run the next command of `kind`; false when the list is done. A spawn
 * error fails the step unless the command is prefixed `-`. */
static bool run_next(struct svc *s, enum svc_cmd_kind kind, bool *spawn_err)
{
	const struct exec_list *l = cmd_list(s, kind);
	pid_t pid;

	*spawn_err = false;
	while (s->cmd_index < l->n) {
		const struct exec_cmd *cmd = &l->cmds[s->cmd_index++];
		bool main = kind == CMD_START;

		s->fail_step = -1;
		if (s->ops->spawn(s->ctx, s, cmd, kind, &pid) < 0) {
			if (cmd->flags & EXEC_IGNORE_FAILURE)
				continue;
			*spawn_err = true;
			return false;
		}
		s->control_kind = kind;
		if (main) {
			/* A new main process: nothing is known of its end. */
			s->main_pid = pid;
			s->main_code = s->main_status = 0;
			s->watchdog_usec = s->unit->svc.watchdog_usec;
		} else {
			s->control_pid = pid;
		}
		return true;
	}
	return false;
}

/* The end of every run: the stop path is complete and no process of
 * the unit is left. Decides between an automatic restart, dead and
 * failed, and carries out a start that was asked for while stopping. */
static void finish(struct svc *s, enum svc_result r)
{
	const struct unit *u = s->unit;
	bool restart;

	if (s->result == RESULT_SUCCESS)
		s->result = r;
	s->main_pid = s->control_pid = 0;
	svc_arm(s, USEC_INFINITY);
	/* Only a unit still wanted up restarts by itself: a stop that was
	 * asked for set want to DOWN (or RESTART, handled below). */
	restart =
		s->want == SVC_WANT_UP && u->type == UNIT_SERVICE &&
		svc_should_restart(u, s->result, s->main_code, s->main_status);
	if (restart) {
		/* Straight to the wait: a unit that will be restarted is
		 * not failed (OnFailure= waits until restarts give up). */
		svc_arm(s, svc_restart_delay(s));
		svc_set_state(s, SVC_AUTO_RESTART);
		return;
	}
	/* Before the report: the changed callback may start it again. A
	 * pending restart stays visible to the callback (the job engine
	 * must not end a start job on this stop), and the callback may
	 * still cancel it with svc_stop. */
	if (s->want != SVC_WANT_RESTART)
		s->want = SVC_WANT_DOWN;
	svc_set_state(s, s->result == RESULT_SUCCESS ? SVC_DEAD : SVC_FAILED);
	if (s->want == SVC_WANT_RESTART) {
		s->want = SVC_WANT_DOWN;
		svc_start(s);
	}
}

/* Begin a start: called for a wanted start and for an automatic one. */
static int start_now(struct svc *s)
{
	bool err;

	s->result = RESULT_SUCCESS;
	s->main_code = s->main_status = 0;
	s->fail_step = -1;
	s->cmd_index = 0;
	if (start_limit_hit(s)) {
		s->result = RESULT_START_LIMIT_HIT;
		s->want = SVC_WANT_DOWN;
		svc_arm(s, USEC_INFINITY);
		svc_set_state(s, SVC_FAILED);
		return -ECANCELED;
	}
	if (s->unit->type != UNIT_SERVICE) {
		/* No process: a target is active at once, a socket once
		 * it listens (ops->activate), failed when it cannot. */
		int r = s->ops->activate ? s->ops->activate(s->ctx, s) : 0;

		if (r < 0) {
			s->fail_errno = -r;
			s->result = RESULT_RESOURCES;
			s->want = SVC_WANT_DOWN;
		}
		svc_set_state(s, r < 0 ? SVC_FAILED : SVC_EXITED);
		return 0;
	}
	svc_arm_timeout(s, s->unit->svc.timeout_start);
	svc_set_state(s, SVC_START_PRE);
	if (run_next(s, CMD_START_PRE, &err))
		return 0;
	if (err) {
		enter_stop_post(s, RESULT_RESOURCES);
		return 0;
	}
	svc_advance(s);
	return 0;
}

int svc_start(struct svc *s)
{
	/* A placeholder for a file that did not load has nothing to run;
	 * the job engine never asks, but a start queued behind a stop may
	 * find the configuration replaced by one at daemon-reload. */
	if (unit_load_error(s->unit) && svc_is_inactive(s)) {
		s->want = SVC_WANT_DOWN;
		svc_set_state(
			s, s->state); /* so that a waiting job learns of it */
		return -ENOEXEC;
	}
	switch (s->state) {
	case SVC_DEAD:
	case SVC_FAILED:
		break;
	case SVC_AUTO_RESTART:
		svc_arm(s, USEC_INFINITY);
		break;
	case SVC_STOP:
	case SVC_STOP_SIGTERM:
	case SVC_STOP_SIGKILL:
	case SVC_STOP_POST:
		/* Started while stopping: the start comes once the stop
		 * has ended (finish). */
		s->want = SVC_WANT_RESTART;
		return 0;
	default:
		s->want = SVC_WANT_UP;
		return -EALREADY;
	}
	s->want = SVC_WANT_UP;
	if (!svc_conditions_hold(s)) {
		s->want = SVC_WANT_DOWN;
		s->result = RESULT_SUCCESS;
		svc_set_state(s, SVC_DEAD);
		return 1;
	}
	if (s->state != SVC_AUTO_RESTART)
		s->n_consecutive = 0;
	return start_now(s);
}

/* Move on after the commands of the current phase are done: each case
 * names the phase that has just ended and enters the next one. */
void svc_advance(struct svc *s)
{
	const struct unit *u = s->unit;
	bool err;

	switch (s->state) {
	case SVC_START_PRE:
		s->cmd_index = 0;
		svc_set_state(s, SVC_START);
		if (!run_next(s, CMD_START, &err)) {
			if (err) {
				enter_stop_post(s, RESULT_RESOURCES);
				return;
			}
			/* A oneshot without ExecStart. */
			svc_advance(s);
			return;
		}
		/* simple: ready at fork (or at its first passing health
		 * check: svc_health_passed); exec waits for svc_exec_ok;
		 * oneshot and forking wait for the process to exit. */
		if (u->svc.type == SVC_SIMPLE && !svc_waits_health(u))
			svc_advance(s);
		return;
	case SVC_START:
		s->cmd_index = 0;
		svc_set_state(s, SVC_START_POST);
		if (run_next(s, CMD_START_POST, &err))
			return;
		if (err) {
			svc_enter_stop(s, RESULT_RESOURCES);
			return;
		}
		svc_advance(s);
		return;
	case SVC_START_POST:
		svc_arm(s, USEC_INFINITY);
		if (s->main_pid) {
			svc_set_state(s, SVC_RUNNING);
		} else if (s->main_code && u->svc.type != SVC_ONESHOT &&
			   u->svc.type != SVC_FORKING) {
			/* The main process ended during start-post. */
			svc_set_state(s, SVC_RUNNING);
			svc_enter_stop(
				s, main_clean(s, s->main_code, s->main_status)
					   ? RESULT_SUCCESS
					   : svc_exit_result(s->main_code));
		} else if (u->svc.remain_after_exit ||
			   u->svc.type == SVC_FORKING) {
			svc_set_state(s, SVC_EXITED);
		} else {
			/* oneshot done: it was started, and is now dead. */
			s->want = SVC_WANT_DOWN;
			svc_set_state(s, SVC_DEAD);
		}
		return;
	case SVC_RELOAD:
		svc_set_state(s, s->main_pid ? SVC_RUNNING : SVC_EXITED);
		return;
	case SVC_STOP:
		svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_SUCCESS);
		return;
	case SVC_STOP_POST:
		finish(s, RESULT_SUCCESS);
		return;
	default:
		return;
	}
}

/* Whether the unit has any process left that a stop must wait for.
 * KillMode=process and none leave the rest of the unit's processes
 * alone, so only the main and control processes count then. */
static bool processes_left(struct svc *s)
{
	enum kill_mode m = s->unit->svc.kill_mode;

	if (s->main_pid || s->control_pid)
		return true;
	return m != KILL_PROCESS && m != KILL_NONE &&
	       !s->ops->set_empty(s->ctx, s);
}

/* The main process by its pid (or, with the whole set, through it: the
 * set reaches the main process however it is kept), and the control
 * command with what it started. */
static void signal_unit(struct svc *s, int sig, bool whole_set)
{
	if (whole_set)
		s->ops->set_kill(s->ctx, s, sig);
	else if (s->main_pid)
		s->ops->kill(s->ctx, s, s->main_pid, sig);
	if (s->control_pid)
		s->ops->kill_command(s->ctx, s, s->control_pid, sig);
}

/* Signal what KillMode= says: the whole set for control-group (and for
 * mixed once it comes to SIGKILL), else the main and control processes
 * alone. KillMode=none sends nothing but the final SIGKILL. */
static void send_signal(struct svc *s, int sig)
{
	enum kill_mode m = s->unit->svc.kill_mode;

	if (m == KILL_NONE && sig != SIGKILL)
		return;
	signal_unit(s, sig,
		    m == KILL_CONTROL_GROUP ||
			    (m == KILL_MIXED && sig == SIGKILL));
}

/* KillMode=mixed sends KillSignal= to the main process only; once it is
 * gone, what is left of the unit is meant to get SIGKILL (systemd's
 * final SIGKILL), not to be waited for until TimeoutStopSec=. */
static bool mixed_rest_left(struct svc *s)
{
	return s->unit->svc.kill_mode == KILL_MIXED &&
	       s->unit->svc.send_sigkill && !s->main_pid && !s->control_pid &&
	       processes_left(s);
}

/* Signal the unit's processes (st is STOP_SIGTERM or STOP_SIGKILL) with
 * sig, or when 0 KillSignal= or SIGKILL by st, and wait for them, up to
 * TimeoutStopSec=; straight on to ExecStopPost= when nothing is left. */
void svc_enter_signal_as(struct svc *s, enum svc_state st, enum svc_result r,
			 int sig)
{
	if (s->result == RESULT_SUCCESS)
		s->result = r;
	if (!processes_left(s)) {
		enter_stop_post(s, RESULT_SUCCESS);
		return;
	}
	if (st == SVC_STOP_SIGTERM && mixed_rest_left(s))
		st = SVC_STOP_SIGKILL;
	svc_set_state(s, st);
	if (st == SVC_STOP_SIGKILL || !sig)
		sig = st == SVC_STOP_SIGTERM ? s->unit->svc.kill_signal
					     : SIGKILL;
	send_signal(s, sig);
	/* Signals can make the processes exit before we look again. */
	svc_arm_timeout(s, s->unit->svc.timeout_stop);
}

static void enter_stop_post(struct svc *s, enum svc_result r)
{
	bool err; /* a failing ExecStopPost= does not change the result */

	if (s->result == RESULT_SUCCESS)
		s->result = r;
	s->cmd_index = 0;
	svc_set_state(s, SVC_STOP_POST);
	svc_arm_timeout(s, s->unit->svc.timeout_stop);
	if (!run_next(s, CMD_STOP_POST, &err))
		finish(s, RESULT_SUCCESS);
}

/* Stop the running service: ExecStop= when it got to be active, then
 * signals, then ExecStopPost=. */
void svc_enter_stop(struct svc *s, enum svc_result r)
{
	bool err, was_active = svc_is_active(s);

	if (s->result == RESULT_SUCCESS)
		s->result = r;
	s->cmd_index = 0;
	if (was_active) {
		svc_set_state(s, SVC_STOP);
		svc_arm_timeout(s, s->unit->svc.timeout_stop);
		if (run_next(s, CMD_STOP, &err))
			return;
	}
	svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_SUCCESS);
}

int svc_stop(struct svc *s)
{
	s->want = SVC_WANT_DOWN;
	switch (s->state) {
	case SVC_DEAD:
	case SVC_FAILED:
		return -EALREADY;
	case SVC_AUTO_RESTART:
		/* Giving up the pending restart is what was asked for: the
		 * unit ends inactive (as in systemd), not failed, so no
		 * OnFailure= runs. Result keeps how the last run ended. */
		svc_arm(s, USEC_INFINITY);
		svc_set_state(s, SVC_DEAD);
		return 0;
	case SVC_STOP:
	case SVC_STOP_SIGTERM:
	case SVC_STOP_SIGKILL:
	case SVC_STOP_POST:
		return 0;
	case SVC_EXITED:
		if (s->unit->type != UNIT_SERVICE) {
			svc_set_state(s, SVC_DEAD);
			return 0;
		}
		break;
	default:
		break;
	}
	svc_enter_stop(s, RESULT_SUCCESS);
	return 0;
}

int svc_reload(struct svc *s)
{
	bool err;

	if (s->state != SVC_RUNNING && s->state != SVC_EXITED)
		return -ESRCH;
	if (s->unit->svc.type == SVC_NOTIFY_RELOAD && s->main_pid) {
		/* ReloadSignal= asks; RELOADING=1 then READY=1 answer
		 * (service_notify.c), or the start timeout ends it. */
		svc_set_state(s, SVC_RELOAD);
		svc_arm_timeout(s, s->unit->svc.timeout_start);
		s->ops->kill(s->ctx, s, s->main_pid,
			     s->unit->svc.reload_signal);
		return 0;
	}
	if (s->unit->svc.reload.n == 0)
		return -EOPNOTSUPP;
	s->cmd_index = 0;
	svc_set_state(s, SVC_RELOAD);
	svc_arm_timeout(s, s->unit->svc.timeout_start);
	if (!run_next(s, CMD_RELOAD, &err)) {
		svc_arm(s, USEC_INFINITY);
		svc_advance(s);
		return err ? -EIO : 0;
	}
	return 0;
}

void svc_give_up(struct svc *s, enum svc_result r)
{
	if (s->unit->type == UNIT_SERVICE || s->state != SVC_EXITED)
		return;
	s->result = r;
	s->want = SVC_WANT_DOWN;
	svc_set_state(s, SVC_FAILED);
}

void svc_reset_failed(struct svc *s)
{
	if (s->state == SVC_FAILED) {
		s->result = RESULT_SUCCESS;
		svc_set_state(s, SVC_DEAD);
	}
	s->start_limit.count = 0;
}

int svc_kill(struct svc *s, int sig)
{
	if (svc_is_inactive(s))
		return -ESRCH;
	signal_unit(s, sig, s->unit->svc.kill_mode == KILL_CONTROL_GROUP);
	return 0;
}

/* The main process ended: what that means depends on where the unit
 * is. During START it may be the expected end (oneshot, the parent of a
 * forking daemon) or a failure; while running it starts the stop path;
 * while stopping it only counts towards "no process left". */
static void main_exited(struct svc *s, int code, int status)
{
	const struct unit *u = s->unit;
	bool clean = main_clean(s, code, status);
	enum svc_result r = clean ? RESULT_SUCCESS : svc_exit_result(code);

	/* Killed by the OOM killer (it was the main process, or another
	 * process of the unit, after which the main process failed). */
	if (!clean && s->ops->oom_killed && s->ops->oom_killed(s->ctx, s))
		r = RESULT_OOM_KILL;
	s->main_pid = 0;
	s->main_code = code;
	s->main_status = status;
	switch (s->state) {
	case SVC_START:
		if (!clean) {
			svc_enter_signal(s, SVC_STOP_SIGTERM, r);
			return;
		}
		if (svc_type_is_notify(u->svc.type)) {
			/* It ended before READY=1: it never got ready. */
			svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_PROTOCOL);
			return;
		}
		if (u->svc.type == SVC_ONESHOT) {
			bool err;

			if (run_next(s, CMD_START, &err))
				return;
			if (err) {
				svc_enter_signal(s, SVC_STOP_SIGTERM,
						 RESULT_RESOURCES);
				return;
			}
		}
		if (u->svc.type == SVC_FORKING) {
			/* The parent is done: the daemon it left behind, when
			 * a PID file names it, is the main process now. */
			pid_t pid = 0;

			if (u->svc.pid_file &&
			    s->ops->read_pid_file(s->ctx, s, &pid) < 0) {
				svc_enter_signal(s, SVC_STOP_SIGTERM,
						 RESULT_PROTOCOL);
				return;
			}
			s->main_pid = pid;
		}
		if (u->svc.type == SVC_EXEC) {
			/* Still in START, so svc_exec_ok never came: the
			 * daemon reads a child's status pipe before it
			 * judges its exit, and success would have moved the
			 * unit on. It ended before reaching execve. */
			svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_EXIT_CODE);
			return;
		}
		svc_advance(s);
		return;
	case SVC_START_PRE:
	case SVC_START_POST:
		/* Main exit during start-post is handled when it ends. */
		return;
	case SVC_RUNNING:
	case SVC_RELOAD:
		if (clean && u->svc.remain_after_exit && !s->control_pid) {
			svc_set_state(s, SVC_EXITED);
			return;
		}
		svc_enter_stop(s, r);
		return;
	case SVC_STOP_SIGTERM:
	case SVC_STOP_SIGKILL:
		/* How the main process ends during a stop does not change
		 * the result: a stop that was asked for succeeds however the
		 * service takes it, and a stop caused by a failure has its
		 * result already (the main process was gone, or a timeout or
		 * a failed command set it). */
		svc_check_empty(s);
		return;
	default:
		/* STOP: ExecStop is running; its end moves on. */
		return;
	}
}

/* A control process (ExecStartPre=, ExecStartPost=, ExecReload=,
 * ExecStop=, ExecStopPost=) ended: run the next command of its list, or
 * move on when the list is done. A failure stops the start (ExecStart*
 * lists), is only reported (ExecReload=), or is ignored (the stop lists,
 * and any command written with `-`). */
static void control_exited(struct svc *s, int code, int status)
{
	const struct exec_list *l = cmd_list(s, s->control_kind);
	bool ignore = s->cmd_index > 0 && s->cmd_index <= l->n &&
		      (l->cmds[s->cmd_index - 1].flags & EXEC_IGNORE_FAILURE);
	bool ok = (code == CLD_EXITED && status == 0) || ignore;
	bool err;

	s->control_pid = 0;
	if (!ok && (s->state == SVC_START_PRE || s->state == SVC_START_POST)) {
		s->main_code = code;
		s->main_status = status;
		if (s->state == SVC_START_PRE)
			enter_stop_post(s, svc_exit_result(code));
		else
			svc_enter_signal(s, SVC_STOP_SIGTERM,
					 svc_exit_result(code));
		return;
	}
	if (!ok && s->state == SVC_RELOAD) {
		svc_advance(s);
		return;
	}
	if (s->state == SVC_STOP_SIGTERM || s->state == SVC_STOP_SIGKILL) {
		svc_check_empty(s);
		return;
	}
	if (run_next(s, s->control_kind, &err))
		return;
	if (err && (s->state == SVC_START_PRE || s->state == SVC_START_POST)) {
		svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_RESOURCES);
		return;
	}
	svc_advance(s);
}

void svc_child_exited(struct svc *s, pid_t pid, int code, int status)
{
	if (pid <= 0)
		return;
	if (pid == s->main_pid)
		main_exited(s, code, status);
	else if (pid == s->control_pid)
		control_exited(s, code, status);
	else if (s->state == SVC_STOP_SIGTERM || s->state == SVC_STOP_SIGKILL)
		svc_check_empty(s);
}

void svc_exec_ok(struct svc *s, pid_t pid)
{
	if (pid <= 0 || pid != s->main_pid)
		return;
	if (s->state == SVC_START && s->unit->svc.type == SVC_EXEC)
		svc_advance(s);
}

void svc_exec_failed(struct svc *s, pid_t pid, int step, int err)
{
	/* The child exits right after reporting; its exit moves the
	 * state. Keep the step for status and messages. */
	if (pid == s->main_pid || pid == s->control_pid) {
		s->fail_step = step;
		s->fail_errno = err;
	}
}

void svc_check_empty(struct svc *s)
{
	if (s->state == SVC_STOP_SIGTERM && mixed_rest_left(s)) {
		svc_enter_signal(s, SVC_STOP_SIGKILL, RESULT_SUCCESS);
		return;
	}
	if ((s->state == SVC_STOP_SIGTERM || s->state == SVC_STOP_SIGKILL) &&
	    !processes_left(s))
		enter_stop_post(s, RESULT_SUCCESS);
}

/* The unit's deadline passed: a start, reload or stop took too long,
 * or an automatic restart is due. */
void svc_deadline(struct svc *s)
{
	s->deadline = USEC_INFINITY;
	switch (s->state) {
	case SVC_START_PRE:
	case SVC_START:
	case SVC_START_POST:
		svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_TIMEOUT);
		return;
	case SVC_RELOAD:
		/* A reload that hangs: kill the reload command only; a
		 * service that never said READY=1 after its reload signal
		 * keeps running, as before it. */
		if (s->control_pid)
			s->ops->kill_command(s->ctx, s, s->control_pid,
					     SIGKILL);
		else
			svc_advance(s);
		return;
	case SVC_STOP:
		svc_enter_signal(s, SVC_STOP_SIGTERM, RESULT_TIMEOUT);
		return;
	case SVC_STOP_SIGTERM:
		if (s->unit->svc.send_sigkill) {
			svc_enter_signal(s, SVC_STOP_SIGKILL, RESULT_TIMEOUT);
			return;
		}
		enter_stop_post(s, RESULT_TIMEOUT);
		return;
	case SVC_STOP_SIGKILL:
		/* Processes that survive SIGKILL (D state): give up on
		 * them rather than hang the stop forever. */
		s->main_pid = s->control_pid = 0;
		enter_stop_post(s, RESULT_TIMEOUT);
		return;
	case SVC_STOP_POST:
		if (s->control_pid)
			s->ops->kill_command(s->ctx, s, s->control_pid,
					     SIGKILL);
		s->control_pid = 0;
		finish(s, RESULT_TIMEOUT);
		return;
	case SVC_AUTO_RESTART:
		s->n_restarts++;
		s->n_consecutive++;
		start_now(s);
		return;
	default:
		return;
	}
}
