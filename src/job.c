/*
 * job: see job.h for the rules. How they are carried out:
 *
 * A request puts jobs on nodes (add) and queues them; dispatch takes
 * nodes off the queue and runs each job whose ordering neighbours let it
 * (ready). When a job ends (finish), its ordering neighbours are queued
 * again, since they may have been waiting on it. So a node is looked at
 * only when something it depends on changed: a start of N independent
 * units costs O(N), a chain O(N) too, and no step rescans every job.
 *
 * What must stay true:
 *  - The queue is a ring of n entries and a node is in it at most once
 *    (queued[]), so it cannot overflow.
 *  - dispatch does not re-enter itself: a service report that arrives
 *    while a job runs only queues (j->dispatching), and the outer loop
 *    picks it up. Stack depth never depends on the graph.
 *  - A job is only taken for ended by check_done, after its call into the
 *    service has returned, and ends once, through finish.
 */
#include "job.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *job_type_to_string(enum job_type t)
{
	static const char *const names[] = {"none", "start", "stop", "restart",
					    "reload"};
	return (unsigned)t < ARRAY_SIZE(names) ? names[t] : "?";
}

const char *job_result_to_string(enum job_result r)
{
	static const char *const names[] = {"done",	  "failed",
					    "dependency", "canceled",
					    "skipped",	  "unsupported"};
	return (unsigned)r < ARRAY_SIZE(names) ? names[r] : "?";
}

/* Every array has one entry per node, allocated here once; afterwards
 * only the closures of a request or of a propagated stop allocate. */
int job_init(struct jobs *j, const struct graph *g, struct svc **svcs,
	     uint32_t n)
{
	memset(j, 0, sizeof(*j));
	j->g = g;
	j->svcs = svcs;
	j->n = n;
	j->job = calloc(n ? n : 1, sizeof(*j->job));
	j->queue = calloc(n ? n : 1, sizeof(*j->queue));
	j->queued = calloc(n ? n : 1, sizeof(*j->queued));
	j->start_ok = calloc(n ? n : 1, sizeof(*j->start_ok));
	j->run_at = calloc(n ? n : 1, sizeof(*j->run_at));
	if (!j->job || !j->queue || !j->queued || !j->start_ok || !j->run_at) {
		job_free(j);
		return -ENOMEM;
	}
	return 0;
}

void job_free(struct jobs *j)
{
	free(j->job);
	free(j->queue);
	free(j->queued);
	free(j->start_ok);
	free(j->run_at);
	j->run_at = NULL;
	j->job = NULL;
	j->queue = NULL;
	j->queued = NULL;
	j->start_ok = NULL;
}

/* The two halves of the ordering rules: a job that takes a unit down, and
 * one that brings it up. A restart is the first, then the second. */
static bool stopping(const struct job *jb)
{
	return jb->type == JOB_STOP ||
	       (jb->type == JOB_RESTART && !jb->restart_starting);
}

static bool starting(const struct job *jb)
{
	return jb->type == JOB_START ||
	       (jb->type == JOB_RESTART && jb->restart_starting);
}

/* Look at u again at the next turn of dispatch. */
static void enqueue(struct jobs *j, uint32_t u)
{
	if (j->queued[u])
		return;
	j->queued[u] = true;
	j->queue[(j->q_head + j->q_len++) % j->n] = u;
}

/* Whoever may be waiting on u's job: its ordering neighbours. */
static void enqueue_neighbours(struct jobs *j, uint32_t u)
{
	const uint32_t *e;
	size_t n;

	n = graph_edges(j->g, u, GRAPH_BEFORE, &e);
	for (size_t i = 0; i < n; i++)
		enqueue(j, e[i]);
	n = graph_edges(j->g, u, GRAPH_AFTER, &e);
	for (size_t i = 0; i < n; i++)
		enqueue(j, e[i]);
}

/* End the job on u with result r, remember whether a start succeeded (a
 * Requires= on a oneshot that ran is met by it), wake whoever waited on
 * it, and tell the daemon. */
static void finish(struct jobs *j, uint32_t u, enum job_result r)
{
	struct job *jb = &j->job[u];
	enum job_type t = jb->type;

	if (t == JOB_NONE)
		return;
	/* A restart canceled in its stop phase says nothing of a start. */
	if (starting(jb))
		j->start_ok[u] = r == JOB_DONE || r == JOB_SKIPPED;
	else if (t == JOB_STOP)
		j->start_ok[u] = false;
	*jb = (struct job){0};
	j->n_pending--;
	enqueue_neighbours(j, u);
	if (j->done)
		j->done(j->ctx, u, t, r);
}

/* Put a job of type t on u, merging with the one there: the same type is
 * one job, an opposite one is canceled and replaced. */
static void add(struct jobs *j, uint32_t u, enum job_type t)
{
	struct job *jb = &j->job[u];

	if (jb->type == t)
		return;
	if (jb->type != JOB_NONE) {
		/* A restart already includes a start; a reload on a unit
		 * with another job pending is folded into it. */
		if ((jb->type == JOB_RESTART && t == JOB_START) ||
		    t == JOB_RELOAD)
			return;
		finish(j, u, JOB_CANCELED);
	}
	if (++j->next_id == 0)
		j->next_id = 1;
	*jb = (struct job){.type = t, .id = j->next_id};
	j->n_pending++;
	enqueue(j, u);
}

static bool is_after(const struct jobs *j, uint32_t u, uint32_t p)
{
	const uint32_t *e;
	size_t n = graph_edges(j->g, u, GRAPH_AFTER, &e);

	for (size_t i = 0; i < n; i++)
		if (e[i] == p)
			return true;
	return false;
}

/* May the job on u run now? A stop waits for the stops of what is After
 * u; a start for every job of what u is After, and, since a stop goes
 * before a start whichever way they are ordered, for the stops of what is
 * After u. */
static bool ready(const struct jobs *j, uint32_t u)
{
	const struct job *jb = &j->job[u];
	const uint32_t *e;
	size_t n;

	/* A unit on an ordering cycle has no order: its stop (of a unit
	 * that never started) must not wait on the rest of the cycle. */
	if ((!stopping(jb) && !starting(jb)) || graph_refused(j->g, u))
		return true;
	n = graph_edges(j->g, u, GRAPH_BEFORE, &e);
	for (size_t i = 0; i < n; i++)
		if (stopping(&j->job[e[i]]))
			return false;
	if (starting(jb)) {
		n = graph_edges(j->g, u, GRAPH_AFTER, &e);
		for (size_t i = 0; i < n; i++)
			if (j->job[e[i]].type != JOB_NONE)
				return false;
	}
	return true;
}

/* Did the unit a Requires= names come up? A oneshot that ran is dead,
 * but its start succeeded. */
static bool came_up(const struct jobs *j, uint32_t v)
{
	const struct svc *s = j->svcs[v];

	return svc_is_active(s) || (s->state == SVC_DEAD && j->start_ok[v]);
}

/* A start whose hard dependencies are not there fails. */
static bool deps_missing(const struct jobs *j, uint32_t u)
{
	const uint32_t *e;
	size_t n;

	if (graph_missing_dep(j->g, u))
		return true;
	n = graph_edges(j->g, u, GRAPH_REQUISITE, &e);
	for (size_t i = 0; i < n; i++)
		if (!graph_startable(j->g, e[i]) ||
		    !svc_is_active(j->svcs[e[i]]))
			return true;
	n = graph_edges(j->g, u, GRAPH_REQUIRES, &e);
	for (size_t i = 0; i < n; i++)
		if (!graph_startable(j->g, e[i]) ||
		    (is_after(j, u, e[i]) && !came_up(j, e[i])))
			return true;
	n = graph_edges(j->g, u, GRAPH_BINDS_TO, &e);
	for (size_t i = 0; i < n; i++)
		if (!graph_startable(j->g, e[i]) ||
		    (is_after(j, u, e[i]) && !svc_is_active(j->svcs[e[i]])))
			return true;
	return false;
}

/* Has the dispatched job on u reached its end? Called after every
 * transition of u and once after the job's call into the service. */
static void check_done(struct jobs *j, uint32_t u)
{
	struct job *jb = &j->job[u];
	struct svc *s = j->svcs[u];

	if (!jb->running)
		return;
	if (jb->type == JOB_RESTART && !jb->restart_starting) {
		if (!svc_is_inactive(s))
			return;
		/* Down: the start phase queues like a start. */
		jb->running = false;
		jb->restart_starting = true;
		enqueue(j, u);
		enqueue_neighbours(j, u);
		return;
	}
	switch (jb->type) {
	case JOB_START:
	case JOB_RESTART:
		/* Started while stopping: the start comes when the stop
		 * ends, and how the stop ended is not its outcome. */
		if (s->want == SVC_WANT_RESTART)
			return;
		if (svc_is_active(s))
			finish(j, u, JOB_DONE);
		else if (s->state == SVC_FAILED || s->state == SVC_AUTO_RESTART)
			finish(j, u, JOB_FAILED);
		else if (s->state == SVC_DEAD && unit_load_error(s->unit))
			/* restarted into a file that no longer loads */
			finish(j, u, JOB_FAILED);
		else if (s->state == SVC_DEAD && s->want != SVC_WANT_UP)
			/* a oneshot finished, or it was stopped */
			finish(j, u, JOB_DONE);
		return;
	case JOB_STOP:
		if (svc_is_inactive(s))
			finish(j, u, JOB_DONE);
		return;
	case JOB_RELOAD:
		if (s->state != SVC_RELOAD)
			finish(j, u, svc_is_active(s) ? JOB_DONE : JOB_FAILED);
		return;
	default:
		return;
	}
}

/*
 * Hand the job on u to its service. The service reports each transition
 * while it runs, but the job is marked running only once the call has
 * returned: a state passed on the way (a skipped unit is dead, a unit
 * being started again may be failed for a moment) is not its outcome.
 */
static void run(struct jobs *j, uint32_t u)
{
	struct job *jb = &j->job[u];
	struct svc *s = j->svcs[u];
	uint32_t id = jb->id;
	bool start = starting(jb);
	int r = 0;

	if (start) {
		/* job_start and pull never put a start here; a job merged
		 * from before is still refused. */
		if (!graph_startable(j->g, u)) {
			finish(j, u, JOB_FAILED);
			return;
		}
		if (deps_missing(j, u)) {
			finish(j, u, JOB_DEPENDENCY);
			return;
		}
		/* On the service's clock, for svctl analyze. */
		j->run_at[u] = s->ops && s->ops->now ? s->ops->now(s->ctx) : 0;
		r = svc_start(s);
	} else if (stopping(jb)) {
		svc_stop(s);
	} else {
		r = svc_reload(s);
	}
	/* Replaced while the service was running our call. */
	if (jb->id != id)
		return;
	if (start && r == 1) {
		finish(j, u, JOB_SKIPPED);
		return;
	}
	if (jb->type == JOB_RELOAD && r < 0) {
		finish(j, u, r == -EOPNOTSUPP ? JOB_UNSUPPORTED : JOB_FAILED);
		return;
	}
	jb->running = true;
	check_done(j, u);
}

/* Run every queued job that is ready; see the top of this file for why
 * it never re-enters. */
static void dispatch(struct jobs *j)
{
	if (j->dispatching)
		return;
	j->dispatching = true;
	while (j->q_len > 0) {
		uint32_t u = j->queue[j->q_head];

		j->q_head = (j->q_head + 1) % j->n;
		j->q_len--;
		j->queued[u] = false;
		if (j->job[u].type != JOB_NONE && !j->job[u].running &&
		    ready(j, u))
			run(j, u);
	}
	j->dispatching = false;
}

/* Stop node and what a stop of it reaches, transitively. Units already
 * down are left alone unless they have a job (a start to cancel), and so
 * is node unless `always`. */
static int push_stop(struct jobs *j, uint32_t node, bool always)
{
	uint32_t *list;
	size_t n;
	int r;

	/* Nothing to stop: what requires it was dealt with when it went. */
	if (!always && svc_is_inactive(j->svcs[node]) &&
	    j->job[node].type == JOB_NONE)
		return 0;
	/* What a stop reaches: the units that Require it, are Requisite of
	 * it (as in systemd), BindsTo it or are PartOf it, transitively. */
	r = graph_stop_closure(j->g, node, &list, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		uint32_t u = list[i];

		if ((u == node && always) || !svc_is_inactive(j->svcs[u]) ||
		    j->job[u].type != JOB_NONE)
			add(j, u, JOB_STOP);
	}
	free(list);
	return 0;
}

/* Put root_type on node and a start on what it pulls in (Requires=,
 * Wants=, BindsTo=) that is not up; stop what they conflict with. */
static int pull(struct jobs *j, uint32_t node, enum job_type root_type)
{
	static const enum graph_edge conflict[] = {GRAPH_CONFLICTS,
						   GRAPH_CONFLICTED_BY};
	uint32_t *list;
	size_t n;
	int r = graph_pull_closure(j->g, node, &list, &n);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n && r == 0; i++) {
		uint32_t u = list[i];

		if (u == node) {
			add(j, u, root_type);
		} else {
			/* Up already, or never startable (Wants= of it
			 * is harmless, a Requires= fails the one that
			 * requires it): no job, unless asked for
			 * directly. */
			if (!graph_startable(j->g, u) ||
			    (svc_is_active(j->svcs[u]) &&
			     j->job[u].type == JOB_NONE))
				continue;
			add(j, u, JOB_START);
		}
		for (size_t k = 0; k < ARRAY_SIZE(conflict) && r == 0; k++) {
			const uint32_t *e;
			size_t m = graph_edges(j->g, u, conflict[k], &e);

			for (size_t x = 0; x < m && r == 0; x++)
				r = push_stop(j, e[x], false);
		}
	}
	free(list);
	return r;
}

int job_start(struct jobs *j, uint32_t node)
{
	int r;

	if (node >= j->n)
		return -EINVAL;
	if (graph_refused(j->g, node))
		return -ELOOP;
	if (graph_load_error(j->g, node))
		return -ENOEXEC;
	r = pull(j, node, JOB_START);
	dispatch(j);
	return r;
}

int job_stop(struct jobs *j, uint32_t node)
{
	int r;

	if (node >= j->n)
		return -EINVAL;
	r = push_stop(j, node, true);
	dispatch(j);
	return r;
}

int job_restart(struct jobs *j, uint32_t node, bool only_if_active)
{
	uint32_t *list;
	size_t n;
	int r;

	if (node >= j->n)
		return -EINVAL;
	if (svc_is_inactive(j->svcs[node])) {
		if (only_if_active)
			return 0;
		return job_start(j, node);
	}
	/* Running from before a daemon-reload that found its files broken:
	 * it could be stopped but not started again, so leave it alone. */
	if (graph_load_error(j->g, node))
		return -ENOEXEC;
	/* What a stop of node would stop is restarted with it. */
	r = graph_stop_closure(j->g, node, &list, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if (list[i] == node || !svc_is_inactive(j->svcs[list[i]]))
			add(j, list[i], JOB_RESTART);
	free(list);
	/* Its start phase needs what a start of it pulls in. */
	r = pull(j, node, JOB_RESTART);
	dispatch(j);
	return r;
}

int job_reload(struct jobs *j, uint32_t node)
{
	if (node >= j->n)
		return -EINVAL;
	add(j, node, JOB_RELOAD);
	dispatch(j);
	return 0;
}

/* Every unit at once: the order comes from ready(), as for any stop. */
int job_stop_all(struct jobs *j)
{
	for (uint32_t u = 0; u < j->n; u++)
		if (!svc_is_inactive(j->svcs[u]) || j->job[u].type != JOB_NONE)
			add(j, u, JOB_STOP);
	dispatch(j);
	return 0;
}

void job_unit_changed(struct jobs *j, uint32_t node, enum svc_state old)
{
	struct svc *s;
	bool was_up;
	const uint32_t *e;
	size_t n;

	if (node >= j->n)
		return;
	s = j->svcs[node];
	was_up =
		old != SVC_DEAD && old != SVC_FAILED && old != SVC_AUTO_RESTART;
	check_done(j, node);
	/* A unit that went down takes down what is bound to it, and what
	 * a stop of that reaches. -ENOMEM here leaves them up. */
	if (was_up && (svc_is_inactive(s) || s->state == SVC_AUTO_RESTART)) {
		n = graph_edges(j->g, node, GRAPH_BOUND_BY, &e);
		for (size_t i = 0; i < n; i++)
			if (!svc_is_inactive(j->svcs[e[i]]))
				push_stop(j, e[i], false);
	}
	if (s->state == SVC_FAILED && old != SVC_FAILED) {
		n = graph_edges(j->g, node, GRAPH_ON_FAILURE, &e);
		for (size_t i = 0; i < n; i++)
			if (graph_startable(j->g, e[i]) &&
			    !svc_is_active(j->svcs[e[i]]))
				pull(j, e[i], JOB_START);
	}
	dispatch(j);
}
