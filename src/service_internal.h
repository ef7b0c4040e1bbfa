/*
 * service_internal: the transitions service.c shares with
 * service_notify.c (the sd_notify events), and nobody else uses. Both
 * files are the one state machine of service.h: every state change still
 * goes through svc_set_state.
 */
#ifndef SVINIT_SERVICE_INTERNAL_H
#define SVINIT_SERVICE_INTERNAL_H

#include "service.h"

/* The one door: every state change passes here and is reported. */
void svc_set_state(struct svc *s, enum svc_state st);
/* Arm the unit's one deadline timeout from now (USEC_INFINITY: disarm);
 * svc_arm_timeout takes 0 as none too, as systemd's timeouts do. */
void svc_arm(struct svc *s, usec_t timeout);
void svc_arm_timeout(struct svc *s, usec_t timeout);
/* The commands of the current phase are done: enter the next one. */
void svc_advance(struct svc *s);
/* Stop the service (ExecStop=, signals, ExecStopPost=) with result r
 * unless one is set already. */
void svc_enter_stop(struct svc *s, enum svc_result r);
/* Signal the unit's processes (st: STOP_SIGTERM or STOP_SIGKILL). */
void svc_enter_signal_as(struct svc *s, enum svc_state st, enum svc_result r,
			 int sig);
static inline void svc_enter_signal(struct svc *s, enum svc_state st,
				    enum svc_result r)
{
	svc_enter_signal_as(s, st, r, 0);
}
/* (Re)arm the watchdog for a full period from now, or disarm it when the
 * unit has none or is not up: start-post, running or reloading with a
 * main process (service_notify.c). */
void svc_watchdog_reset(struct svc *s);
/* Disarm the watchdog when the unit has nothing left to watch (after
 * every transition). */
void svc_watchdog_settle(struct svc *s);

/* Whether a start of u waits in START for its first passing health
 * check (ReadinessFromHealth=yes). */
bool svc_waits_health(const struct unit *u);
/* service_rules.c: whether every Condition*= of s holds now. */
bool svc_conditions_hold(const struct svc *s);

#endif
