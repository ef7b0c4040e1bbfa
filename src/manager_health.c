/*
 * manager_health: running the health checks of [Health] (health.h) and
 * acting on them (see manager.h).
 *
 * A unit's checks run while its main process does (from the moment it
 * starts, so that ReadinessFromHealth= can end the start): the first one
 * second after the main process started (or IntervalSec= if shorter),
 * then every IntervalSec=; while a unit still waits for its first passing
 * check to be ready, every second, and its failures do not count (its
 * TimeoutStartSec= bounds the wait). One check is in flight at a time,
 * bounded by TimeoutSec=: an HTTP or TCP probe in the loop (health.h), or
 * an exec check, a process of the unit spawned like its commands (so in
 * its cgroup and sandbox) and reaped like them.
 *
 * A failure within GracePeriodSec= of the main process's start does not
 * count; MaxConsecutiveFailures= counted failures in a row restart the
 * unit, as `svctl restart` would. Such restarts are limited across all
 * units (HEALTH_RESTART_BURST in HEALTH_RESTART_WINDOW): when the whole
 * machine stalls (a frozen disk, heavy swapping), every check fails at
 * once, and restarting everything would make it worse. A restart that
 * the limit holds back is tried again at the next failed check.
 */
#include "manager_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "health.h"
#include "slog.h"
#include "sys.h"

#define HEALTH_RESTART_BURST  3
#define HEALTH_RESTART_WINDOW (30 * USEC_PER_SEC)
/* The period while a unit waits for its first passing check. */
#define HEALTH_READY_PERIOD (1 * USEC_PER_SEC)

struct mgr_health {
	struct loop_io io; /* the probe's socket while one is in flight */
	struct loop_timer timer; /* the next check, or the one in flight's
				    deadline */
	struct mgr_unit *mu;
	struct health_probe probe;
	bool in_flight, watched;
	pid_t exec_pid; /* an exec check running, 0 none */
	usec_t since;	/* the main process started: grace from here */
	unsigned failures; /* counted, in a row */
	bool has_result, last_ok;
	usec_t last_time;
	char last[112];
	unsigned n_restarts;
};

static const struct health_conf *conf(const struct mgr_health *h)
{
	return h->mu->unit->health;
}

static bool waiting_ready(const struct mgr_health *h)
{
	return h->mu->svc.state == SVC_START && h->mu->unit->health->readiness;
}

static usec_t next_period(const struct mgr_health *h)
{
	usec_t p = conf(h)->interval;

	return waiting_ready(h) && p > HEALTH_READY_PERIOD ? HEALTH_READY_PERIOD
							   : p;
}

static void unwatch(struct mgr_health *h)
{
	if (h->watched)
		loop_io_del(&h->mu->m->loop, &h->io);
	h->watched = false;
}

/* Whatever is in flight ends without a result. */
static void abort_check(struct mgr_health *h)
{
	unwatch(h);
	health_probe_close(&h->probe);
	if (h->exec_pid > 0)
		(void)sys.kill(h->exec_pid, SIGKILL); /* reaped as usual */
	h->in_flight = false;
}

static void restart_unhealthy(struct mgr_health *h)
{
	struct mgr_unit *mu = h->mu;
	struct mgr *m = mu->m;
	int r;

	if (mgr_shutting_down(m) || mu->removed)
		return;
	if (ratelimit_hit(&m->health_restarts, now_monotonic(),
			  HEALTH_RESTART_WINDOW, HEALTH_RESTART_BURST)) {
		slog(SLOG_WARNING,
		     "%s: unhealthy (%u failed checks: %s), restart held "
		     "back: already %d health restarts in %llu s",
		     mu->unit->name, h->failures, h->last,
		     HEALTH_RESTART_BURST,
		     (unsigned long long)(HEALTH_RESTART_WINDOW /
					  USEC_PER_SEC));
		return;
	}
	slog(SLOG_WARNING, "%s: unhealthy (%u failed checks: %s), restarting",
	     mu->unit->name, h->failures, h->last);
	h->n_restarts++;
	h->failures = 0;
	r = job_restart(&m->jobs, mu->svc.index, true);
	if (r < 0)
		slog(SLOG_ERR, "%s: cannot restart: %s", mu->unit->name,
		     strerror(-r));
}

static void schedule(struct mgr_health *h, usec_t delay)
{
	(void)loop_timer_set(&h->mu->m->loop, &h->timer,
			     now_monotonic() + delay);
}

/* One check ended: pass, or fail with why. */
static void result(struct mgr_health *h, bool ok, const char *why)
{
	const struct health_conf *c = conf(h);
	usec_t now = now_monotonic();
	bool counted;

	h->in_flight = false;
	unwatch(h);
	h->has_result = true;
	h->last_ok = ok;
	h->last_time = now;
	snprintf(h->last, sizeof(h->last), "%s", ok ? "passed" : why);
	if (ok) {
		if (h->failures)
			slog(SLOG_INFO, "%s: healthy again", h->mu->unit->name);
		h->failures = 0;
		schedule(h, c->interval);
		svc_health_passed(&h->mu->svc); /* may end its start */
		return;
	}
	counted = !waiting_ready(h) && now - h->since >= c->grace;
	slog(SLOG_DEBUG, "%s: health check failed%s: %s", h->mu->unit->name,
	     counted ? "" : " (not counted)", why);
	schedule(h, next_period(h));
	if (counted && ++h->failures >= c->max_failures)
		restart_unhealthy(h);
}

static void on_probe_io(struct loop_io *io, uint32_t events)
{
	struct mgr_health *h = (struct mgr_health *)io;
	uint32_t want = 0;
	enum health_step st = health_probe_step(&h->probe, conf(h), &want);

	(void)events;
	if (st == HEALTH_PENDING) {
		/* The same socket, other events: the loop has no "modify". */
		unwatch(h);
		h->io.fd = h->probe.fd;
		if (loop_io_add(&h->mu->m->loop, &h->io, want) < 0) {
			abort_check(h);
			result(h, false, "cannot watch the probe");
			return;
		}
		h->watched = true;
		return;
	}
	result(h, st == HEALTH_PASS, h->probe.why);
}

/* Begin one check and arm its deadline (TimeoutSec=). An exec check is
 * spawned like the unit's commands, so in its cgroup, with its user and
 * sandbox; its end comes through the reaper (mgr_health_reaped). */
static void start_check(struct mgr_health *h)
{
	const struct health_conf *c = conf(h);
	struct mgr_unit *mu = h->mu;
	uint32_t want = 0;
	enum health_step st;

	h->in_flight = true;
	if (c->kind == HEALTH_EXEC) {
		pid_t pid = 0;
		int r = mgr_svc_ops.spawn(mu, &mu->svc, &c->exec.cmds[0],
					  CMD_HEALTH, &pid);

		if (r < 0) {
			char why[96];

			snprintf(why, sizeof(why), "cannot run: %s",
				 strerror(-r));
			result(h, false, why);
			return;
		}
		h->exec_pid = pid;
	} else {
		st = health_probe_start(&h->probe, c, &want);
		if (st != HEALTH_PENDING) {
			result(h, st == HEALTH_PASS, h->probe.why);
			return;
		}
		h->io.fd = h->probe.fd;
		if (loop_io_add(&mu->m->loop, &h->io, want) < 0) {
			abort_check(h);
			result(h, false, "cannot watch the probe");
			return;
		}
		h->watched = true;
	}
	(void)loop_timer_set(&mu->m->loop, &h->timer,
			     now_monotonic() + c->timeout);
}

/* The one timer of a unit's checks: the next check when none is in
 * flight, else the deadline of the one in flight. */
static void on_timer(struct loop_timer *t)
{
	struct mgr_health *h =
		(struct mgr_health *)((char *)t -
				      offsetof(struct mgr_health, timer));
	char why[64];

	if (!h->in_flight) {
		start_check(h);
		return;
	}
	abort_check(h);
	snprintf(why, sizeof(why), "no answer within %llu ms",
		 (unsigned long long)(conf(h)->timeout / USEC_PER_MSEC));
	result(h, false, why);
}

bool mgr_health_reaped(struct mgr_unit *mu, pid_t pid, int code, int status)
{
	struct mgr_health *h = mu->health;
	char why[64];

	if (!h || pid != h->exec_pid)
		return false;
	h->exec_pid = 0;
	if (!h->in_flight)
		return true; /* killed at a timeout or an end: judged then */
	if (code == CLD_EXITED && status == 0) {
		result(h, true, NULL);
		return true;
	}
	if (code == CLD_EXITED)
		snprintf(why, sizeof(why), "exit status %d", status);
	else
		snprintf(why, sizeof(why), "killed by signal %d", status);
	result(h, false, why);
	return true;
}

/* The main process runs (or is starting: op_spawn calls in once it is
 * spawned, before the state machine records its pid): the checks run. */
static bool checking(const struct svc *s)
{
	switch (s->state) {
	case SVC_START:
		return true;
	case SVC_START_POST:
	case SVC_RUNNING:
	case SVC_RELOAD:
		return s->main_pid != 0;
	default:
		return false;
	}
}

void mgr_health_changed(struct mgr_unit *mu)
{
	const struct health_conf *c = mu->unit->health;
	struct mgr_health *h = mu->health;
	struct mgr *m = mu->m;

	if (!c || !c->check)
		return;
	if (!checking(&mu->svc)) {
		if (h && (h->in_flight || h->timer.heap_index != SIZE_MAX)) {
			abort_check(h);
			loop_timer_cancel(&m->loop, &h->timer);
		}
		return;
	}
	if (h && (h->in_flight || h->timer.heap_index != SIZE_MAX))
		return; /* already running for this run */
	if (!h) {
		/* One more timer may be armed: reserved now, so that
		 * arming it never allocates. */
		if (loop_timer_reserve(&m->loop, m->loop.cap_heap + 1) < 0 ||
		    !(h = calloc(1, sizeof(*h)))) {
			slog(SLOG_ERR, "%s: no memory for its health check",
			     mu->unit->name);
			return;
		}
		h->mu = mu;
		h->io.fn = on_probe_io;
		health_probe_init(&h->probe);
		loop_timer_init(&h->timer, on_timer);
		mu->health = h;
	}
	h->since = now_monotonic();
	h->failures = 0;
	h->has_result = false;
	schedule(h, c->interval < HEALTH_READY_PERIOD ? c->interval
						      : HEALTH_READY_PERIOD);
}

void mgr_health_free(struct mgr_unit *mu)
{
	struct mgr_health *h = mu->health;

	if (!h)
		return;
	abort_check(h);
	loop_timer_cancel(&mu->m->loop, &h->timer);
	free(h);
	mu->health = NULL;
}

const char *mgr_health_state(const struct mgr_unit *mu)
{
	const struct mgr_health *h = mu->health;
	const struct health_conf *c = mu->unit->health;

	if (!c || !h || !checking(&mu->svc))
		return c ? "unknown" : "";
	if (h->has_result && h->last_ok)
		return "healthy";
	if (now_monotonic() - h->since < c->grace || waiting_ready(h))
		return "in-grace";
	return h->has_result ? "unhealthy" : "unknown";
}

bool mgr_health_info(const struct mgr_unit *mu, struct mgr_health_info *out)
{
	const struct mgr_health *h = mu->health;

	if (!mu->unit->health || !mu->unit->health->check)
		return false;
	*out = (struct mgr_health_info){
		.check = mu->unit->health->check,
		.state = mgr_health_state(mu),
		.last = h && h->has_result ? h->last : "",
		.last_time = h ? h->last_time : 0,
		.failures = h ? h->failures : 0,
		.restarts = h ? h->n_restarts : 0,
	};
	return true;
}
