/*
 * job: start and stop requests spread over the dependency graph.
 *
 * Owns: at most one pending job per unit (start, stop, restart, reload),
 * the rules that turn one request into jobs for the units it pulls in
 * (Requires=, Wants=, BindsTo=, targets' wants) or pushes out
 * (Conflicts=, and on stop the units that Require, BindsTo or are PartOf
 * the stopped one), and the order in which jobs run: a start waits for the
 * jobs of the units it is After=, a stop for the stops of the units that
 * are After= it. Independent jobs run at once, so a start is parallel.
 *
 * Propagation uses explicit queues; nothing recurses over the graph. When
 * a job runs, it only changes the wanted state of a service (svc_start,
 * svc_stop); it learns the outcome from job_unit_changed, which the
 * daemon calls from every service transition.
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
	JOB_DEPENDENCY, /* a required unit did not start */
	JOB_CANCELED, /* replaced by an opposite job */
	JOB_SKIPPED, /* a condition did not hold */
	JOB_UNSUPPORTED, /* reload without ExecReload= */
};

struct job {
	enum job_type type;
	bool running; /* dispatched to the service */
	bool restart_stopping; /* JOB_RESTART in its stop phase */
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
	/* A job ended. */
	void (*done)(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result);
	void *ctx;
	bool dispatching;
};

int job_init(struct jobs *j, const struct graph *g, struct svc **svcs,
	     uint32_t n);
void job_free(struct jobs *j);

/* Requests. 0 or -errno (-ENOMEM, -ELOOP for a unit refused by the
 * graph). Each runs what it can at once and queues the rest. */
int job_start(struct jobs *j, uint32_t node);
int job_stop(struct jobs *j, uint32_t node);
int job_restart(struct jobs *j, uint32_t node, bool only_if_active);
int job_reload(struct jobs *j, uint32_t node);
/* Stop every unit that is not inactive (shutdown). */
int job_stop_all(struct jobs *j);

/* A service changed state: finish its job if it reached the end, start
 * what was waiting on it, and apply BindsTo= and OnFailure=. */
void job_unit_changed(struct jobs *j, uint32_t node, enum svc_state old);

const char *job_type_to_string(enum job_type t);
const char *job_result_to_string(enum job_result r);

#endif
