/*
 * service_rules: the pure decisions of the service state machine (see
 * service.h): what a state is called and which ActiveState it shows,
 * which ends of a process are clean, whether Restart= restarts after an
 * end, and how long the restart waits. No state is changed here: the
 * transitions are service.c's.
 */
#include <math.h>
#include <signal.h>
#include <sys/wait.h>

#include "service.h"
#include "service_internal.h"
#include "health.h"

bool svc_waits_health(const struct unit *u)
{
	return u->health && u->health->readiness &&
	       u->svc.type == SVC_SIMPLE;
}

/* Condition*=: every one must hold; the file system is asked through
 * the ops, like every other question about the world outside. */
bool svc_conditions_hold(const struct svc *s)
{
	const struct unit *u = s->unit;

	for (size_t i = 0; i < u->n_conds; i++) {
		const struct condition *c = &u->conds[i];
		struct stat st;
		bool ok = s->ops->stat(s->ctx, c->path, &st) == 0;

		if (ok && c->kind == COND_PATH_IS_DIRECTORY)
			ok = S_ISDIR(st.st_mode);
		else if (ok && c->kind == COND_FILE_NOT_EMPTY)
			ok = S_ISREG(st.st_mode) && st.st_size > 0;
		if (ok == c->negate)
			return false;
	}
	return true;
}


static const char *const state_names[_SVC_STATE_MAX] = {
	[SVC_DEAD] = "dead",
	[SVC_START_PRE] = "start-pre",
	[SVC_START] = "start",
	[SVC_START_POST] = "start-post",
	[SVC_RUNNING] = "running",
	[SVC_EXITED] = "exited",
	[SVC_RELOAD] = "reload",
	[SVC_STOP] = "stop",
	[SVC_STOP_SIGTERM] = "stop-sigterm",
	[SVC_STOP_SIGKILL] = "stop-sigkill",
	[SVC_STOP_POST] = "stop-post",
	[SVC_FAILED] = "failed",
	[SVC_AUTO_RESTART] = "auto-restart",
};

const char *svc_state_to_string(enum svc_state st)
{
	return (unsigned)st < _SVC_STATE_MAX ? state_names[st] : "?";
}

const char *svc_active_to_string(enum svc_active a)
{
	static const char *const names[] = {"inactive",	    "activating",
					    "active",	    "reloading",
					    "deactivating", "failed"};
	return (unsigned)a < ARRAY_SIZE(names) ? names[a] : "?";
}

const char *svc_result_to_string(enum svc_result r)
{
	static const char *const names[_RESULT_MAX] = {
		[RESULT_SUCCESS] = "success",
		[RESULT_RESOURCES] = "resources",
		[RESULT_TIMEOUT] = "timeout",
		[RESULT_EXIT_CODE] = "exit-code",
		[RESULT_SIGNAL] = "signal",
		[RESULT_CORE_DUMP] = "core-dump",
		[RESULT_START_LIMIT_HIT] = "start-limit-hit",
		[RESULT_PROTOCOL] = "protocol",
		[RESULT_OOM_KILL] = "oom-kill",
		[RESULT_WATCHDOG] = "watchdog",
		[RESULT_TRIGGER_LIMIT_HIT] = "trigger-limit-hit",
		[RESULT_SERVICE_START_LIMIT_HIT] = "service-start-limit-hit",
	};
	return (unsigned)r < _RESULT_MAX ? names[r] : "?";
}

/* systemd's ActiveState is derived, never stored, so it cannot
 * disagree with the state: the auto-restart wait counts as activating,
 * every step of a stop as deactivating. */
enum svc_active svc_active_state(const struct svc *s)
{
	switch (s->state) {
	case SVC_DEAD:
		return ACTIVE_INACTIVE;
	case SVC_START_PRE:
	case SVC_START:
	case SVC_START_POST:
	case SVC_AUTO_RESTART:
		return ACTIVE_ACTIVATING;
	case SVC_RUNNING:
	case SVC_EXITED:
		return ACTIVE_ACTIVE;
	case SVC_RELOAD:
		return ACTIVE_RELOADING;
	case SVC_FAILED:
		return ACTIVE_FAILED;
	default:
		return ACTIVE_DEACTIVATING;
	}
}

bool svc_is_active(const struct svc *s)
{
	enum svc_active a = svc_active_state(s);

	return a == ACTIVE_ACTIVE || a == ACTIVE_RELOADING;
}

bool svc_is_inactive(const struct svc *s)
{
	return s->state == SVC_DEAD || s->state == SVC_FAILED;
}

bool svc_exit_clean(const struct unit *u, int code, int status)
{
	const struct exit_set *ok = &u->svc.success;

	if (code == CLD_EXITED)
		return status == 0 || unit_exit_set_has_status(ok, status);
	return status == SIGHUP || status == SIGINT || status == SIGTERM ||
	       status == SIGPIPE || unit_exit_set_has_signal(ok, status);
}

/* The failure an unclean end of a process is reported as. */
enum svc_result svc_exit_result(int code)
{
	if (code == CLD_EXITED)
		return RESULT_EXIT_CODE;
	return code == CLD_DUMPED ? RESULT_CORE_DUMP : RESULT_SIGNAL;
}

/* systemd's table of Restart= against the way the run ended, after
 * RestartPreventExitStatus=; a start limit that was hit never restarts
 * (that is its point). */
bool svc_should_restart(const struct unit *u, enum svc_result r, int code,
			int status)
{
	const struct exit_set *prevent = &u->svc.restart_prevent;

	if (r == RESULT_START_LIMIT_HIT)
		return false;
	if (code == CLD_EXITED && unit_exit_set_has_status(prevent, status))
		return false;
	if (code != CLD_EXITED && code != 0 &&
	    unit_exit_set_has_signal(prevent, status))
		return false;
	switch (u->svc.restart) {
	case RESTART_ALWAYS:
		return true;
	case RESTART_ON_SUCCESS:
		return r == RESULT_SUCCESS;
	case RESTART_ON_FAILURE:
		return r != RESULT_SUCCESS;
	case RESTART_ON_ABNORMAL:
		return r == RESULT_SIGNAL || r == RESULT_CORE_DUMP ||
		       r == RESULT_OOM_KILL || r == RESULT_TIMEOUT ||
		       r == RESULT_WATCHDOG;
	case RESTART_ON_ABORT:
		/* An OOM kill is an unclean signal (SIGKILL), as in
		 * systemd's table. */
		return r == RESULT_SIGNAL || r == RESULT_CORE_DUMP ||
		       r == RESULT_OOM_KILL;
	case RESTART_ON_WATCHDOG:
		return r == RESULT_WATCHDOG;
	default: /* no */
		return false;
	}
}

enum notify_access svc_notify_access(const struct unit *u)
{
	if (u->svc.notify_access != NOTIFY_ACCESS_DEFAULT)
		return u->svc.notify_access;
	/* systemd turns the socket on for whatever needs it: the notify
	 * types, a watchdog to ping, a descriptor store to fill. */
	return svc_type_is_notify(u->svc.type) || u->svc.watchdog_usec ||
			       u->svc.fdstore_max
		       ? NOTIFY_ACCESS_MAIN
		       : NOTIFY_ACCESS_NONE;
}

usec_t svc_restart_delay(const struct svc *s)
{
	const struct service_conf *c = &s->unit->svc;
	double base = (double)c->restart_sec, max, step;

	if (c->restart_steps == 0 || c->restart_max_delay == USEC_INFINITY ||
	    c->restart_max_delay <= c->restart_sec || c->restart_sec == 0)
		return c->restart_sec;
	/* Grow geometrically from RestartSec to RestartMaxDelaySec over
	 * RestartSteps restarts, then stay at the maximum. */
	max = (double)c->restart_max_delay;
	step = s->n_consecutive < c->restart_steps ? s->n_consecutive
						   : c->restart_steps;
	return (usec_t)(base * pow(max / base, step / c->restart_steps));
}
