/*
 * job: start and stop requests spread over the dependency graph.
 *
 * Owns: at most one pending job per unit (start, stop, restart, reload),
 * the rules that turn one request into jobs for the units it pulls in
 * (Requires=, Wants=, BindsTo=, targets' wants) or pushes out
 * (Conflicts=, and on stop the units that Require, are Requisite of,
 * BindsTo or are PartOf the stopped one), and the order in which jobs run:
 * a start waits for every job of the units it is After=, and for the
 * stops of the units that are After= it; a stop waits for the stops of the
 * units that are After= it. Independent jobs run at once, so a start is
 * parallel. A restart is a stop phase ordered like a stop, then a start
 * phase ordered like a start: what is After= the restarted unit stops
 * before it and starts after it.
 *
 * A unit on an ordering cycle or that failed to load is never started:
 * a request for it is refused (no job), a Wants= of it is ignored. A start
 * fails with "dependency", without touching the service, when a
 * Requires=, Requisite= or BindsTo= names no unit, a unit that failed to
 * load or an ordering-cycle unit (graph_unmet_dep names it), when a
 * Requisite= is not active, or when a Requires=/BindsTo= it is
 * After= did not come up: a Requires= is met by a unit that is active or
 * whose last start job ended done or skipped (a finished oneshot), a
 * BindsTo= only by an active one. A condition that does not hold ends the
 * start "skipped", which does not fail the units that require it.
 *
 * Propagation uses explicit queues; nothing recurses over the graph. When
 * a job runs, it only changes the wanted state of a service (svc_start,
 * svc_stop, svc_reload); it learns the outcome from job_unit_changed,
 * which the daemon calls from every service transition (the `changed`
 * callback), and looks at the state only once the call into the service
 * has returned, so a state passed on the way is never taken for the end.
 * Every job ends exactly once, through `done`.
 *
 * Jobs run from inside those reports: a unit's report may start or stop
 * other units, and the report of a restarted unit going down starts it
 * again. So the service must not change a unit's wanted state after it
 * has reported a transition (service.c sets `want` to SVC_WANT_DOWN before
 * it reports dead or failed, unless a restart is pending).
 */
#ifndef SVINIT_JOB_H
#define SVINIT_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "graph.h"
#include "service.h"

enum job_type {
	JOB_NONE,
	JOB_START,
	JOB_STOP,
	JOB_RESTART, /* a stop, then a start */
	JOB_RELOAD,
};

enum job_result {
	JOB_DONE,
	JOB_FAILED,
	JOB_DEPENDENCY,	 /* a required unit did not start */
	JOB_CANCELED,	 /* replaced by an opposite job */
	JOB_SKIPPED,	 /* a condition did not hold */
	JOB_UNSUPPORTED, /* reload without ExecReload= */
};

struct job {
	enum job_type type;
	bool running;	       /* dispatched to the service (this phase) */
	bool restart_starting; /* JOB_RESTART past its stop phase */
	uint32_t id;	       /* tells a job from the one that replaced it */
};

struct jobs {
	const struct graph *g;
	struct svc **svcs; /* one per graph node */
	uint32_t n;
	struct job *job; /* one per node */
	uint32_t n_pending;
	uint32_t *queue; /* nodes to look at, a ring of n entries */
	uint32_t q_head, q_len;
	bool *queued;
	bool *start_ok; /* the last start job ended done or skipped */
	/* When the last start job of each unit was dispatched to its
	 * service (its dependencies were up), monotonic usec by the
	 * service's clock; 0 never. Kept after the job ends, so that the
	 * observer of `done` reads how long the start took (svctl
	 * analyze). */
	usec_t *run_at;
	uint32_t next_id;
	/* A job ended. */
	void (*done)(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result);
	void *ctx;
	bool dispatching;
};

int job_init(struct jobs *j, const struct graph *g, struct svc **svcs,
	     uint32_t n);
void job_free(struct jobs *j);

/* Requests. 0 or -errno (-EINVAL for a node out of range, -ENOMEM; for a
 * start, -ELOOP for a unit on an ordering cycle and -ENOEXEC for one that
 * failed to load, whose unit_load_error says why: no job then). Each runs what
 * it can at once and queues the rest. A request merges with a pending job of
 * the same kind (one job, one `done`) and replaces an opposite one, which
 * ends "canceled". A restart of an inactive unit is a start; a try-restart
 * (only_if_active) of one makes no job and returns 0; a restart of a unit
 * that failed to load is refused even when it runs (-ENOEXEC: it could not
 * start again). A reload on a unit
 * with another job pending is folded into that job. */
int job_start(struct jobs *j, uint32_t node);
int job_stop(struct jobs *j, uint32_t node);
int job_restart(struct jobs *j, uint32_t node, bool only_if_active);
int job_reload(struct jobs *j, uint32_t node);
/* Stop every unit that is not inactive, or has a job (shutdown), in
 * reverse order. */
int job_stop_all(struct jobs *j);

/* A service changed state: finish its job if it reached the end, start
 * what was waiting on it, and apply BindsTo= and OnFailure=. */
void job_unit_changed(struct jobs *j, uint32_t node, enum svc_state old);

const char *job_type_to_string(enum job_type t);
const char *job_result_to_string(enum job_result r);

#endif
