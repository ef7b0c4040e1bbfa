/*
 * service_notify: the sd_notify events of the service state machine
 * (service.h) and its watchdog. The daemon has already decided that the
 * sender may speak for the unit (NotifyAccess=); here only the unit's
 * state decides what a message means. A message that does not apply to
 * the state it finds (READY=1 while stopping, RELOADING=1 while
 * starting) is ignored, as systemd does: notifications race with exits
 * and deadlines, and the state the unit is in is the one that counts.
 */
#include "notify.h"
#include "service_internal.h"

#include <errno.h>

/* Whether the unit is up (its start complete) with a main process to
 * watch. */
static bool watchable(const struct svc *s)
{
	switch (s->state) {
	case SVC_START_POST:
	case SVC_RUNNING:
	case SVC_RELOAD:
		return s->main_pid != 0;
	default:
		return false;
	}
}

void svc_watchdog_reset(struct svc *s)
{
	usec_t when = USEC_INFINITY;

	if (!s->ops->arm_watchdog)
		return;
	if (s->watchdog_usec && s->watchdog_usec != USEC_INFINITY &&
	    watchable(s))
		when = s->ops->now(s->ctx) + s->watchdog_usec;
	/* Disarming what is not armed is free: no call at all, so units
	 * without a watchdog never touch a second timer. */
	if (when == USEC_INFINITY && s->watchdog_deadline == USEC_INFINITY)
		return;
	s->watchdog_deadline = when;
	s->ops->arm_watchdog(s->ctx, s, when);
}

void svc_watchdog_settle(struct svc *s)
{
	if (s->watchdog_deadline != USEC_INFINITY && !watchable(s))
		svc_watchdog_reset(s);
}

void svc_watchdog_expired(struct svc *s)
{
	s->watchdog_deadline = USEC_INFINITY;
	if (!watchable(s))
		return;
	/* As systemd: WatchdogSignal= (SIGABRT, so that a hung daemon
	 * leaves a core) where KillMode= sends KillSignal=, with no
	 * ExecStop=; SIGKILL after TimeoutStopSec= (systemd's
	 * TimeoutAbortSec= defaults to it), and Restart= decides after. */
	svc_enter_signal_as(s, SVC_STOP_SIGTERM, RESULT_WATCHDOG,
			    s->unit->svc.watchdog_signal);
}

/* EXTEND_TIMEOUT_USEC=: the deadline of the phase under way moves to at
 * least n from now; never earlier than it was. */
static void extend(struct svc *s, usec_t n)
{
	usec_t now = s->ops->now(s->ctx);

	switch (s->state) {
	case SVC_START_PRE:
	case SVC_START:
	case SVC_START_POST:
	case SVC_RELOAD:
	case SVC_STOP:
	case SVC_STOP_SIGTERM:
	case SVC_STOP_POST:
		if (s->deadline != USEC_INFINITY && now + n > s->deadline)
			svc_arm(s, n);
		return;
	default:
		return;
	}
}

static void ready(struct svc *s)
{
	if (s->state == SVC_START && svc_type_is_notify(s->unit->svc.type))
		svc_advance(s); /* on to ExecStartPost=, then running */
	else if (s->state == SVC_RELOAD && !s->control_pid)
		svc_advance(s); /* a reload by signal or RELOADING=1 */
}

/* RELOADING=1: the service reloads, by svctl reload's signal or of its
 * own accord; READY=1 ends it. */
static void reloading(struct svc *s)
{
	if (s->state != SVC_RUNNING)
		return;
	svc_set_state(s, SVC_RELOAD);
	svc_arm_timeout(s, s->unit->svc.timeout_start);
}

/* STOPPING=1: the service is ending by itself. It is deactivating from
 * now on and gets TimeoutStopSec= to go; nothing is signalled. */
static void stopping(struct svc *s)
{
	if (s->state != SVC_RUNNING && s->state != SVC_RELOAD &&
	    s->state != SVC_START_POST)
		return;
	svc_set_state(s, SVC_STOP_SIGTERM);
	svc_arm_timeout(s, s->unit->svc.timeout_stop);
}

void svc_notify(struct svc *s, const struct notify_msg *m)
{
	if (m->flags & NOTIFY_WATCHDOG_USEC) {
		s->watchdog_usec = m->watchdog_usec;
		svc_watchdog_reset(s);
	}
	if (m->flags & NOTIFY_WATCHDOG)
		svc_watchdog_reset(s);
	if (m->flags & NOTIFY_EXTEND_TIMEOUT)
		extend(s, m->extend_usec);
	/* In systemd's order: a datagram saying both READY=1 and
	 * STOPPING=1 ends stopping; RELOADING=1 with READY=1 is a reload
	 * that is over already. */
	if (m->flags & NOTIFY_RELOADING)
		reloading(s);
	if (m->flags & NOTIFY_READY)
		ready(s);
	if (m->flags & NOTIFY_STOPPING)
		stopping(s);
	if ((m->flags & NOTIFY_WATCHDOG_TRIGGER) && watchable(s))
		svc_watchdog_expired(s);
}

int svc_set_main_pid(struct svc *s, pid_t pid)
{
	switch (s->state) {
	case SVC_START:
	case SVC_START_POST:
	case SVC_RUNNING:
	case SVC_RELOAD:
		break;
	default:
		return -ESRCH;
	}
	if (pid <= 1 || pid == s->control_pid)
		return -EINVAL;
	s->main_pid = pid;
	s->main_code = s->main_status = 0;
	return 0;
}

/* The health check plays READY=1 for ReadinessFromHealth=yes: the start
 * of a simple service waits in START for it (svc_advance). */
void svc_health_passed(struct svc *s)
{
	if (s->state == SVC_START && s->main_pid && svc_waits_health(s->unit))
		svc_advance(s);
}
