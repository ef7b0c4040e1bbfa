#include "job.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *job_type_to_string(enum job_type t)
{
	static const char *const names[] = { "none", "start", "stop",
					      "restart", "reload" };
	return (unsigned)t < ARRAY_SIZE(names) ? names[t] : "?";
}

const char *job_result_to_string(enum job_result r)
{
	static const char *const names[] = { "done",	 "failed",
					      "dependency", "canceled",
					      "skipped",	 "unsupported" };
	return (unsigned)r < ARRAY_SIZE(names) ? names[r] : "?";
}

static size_t edges(const struct jobs *j, uint32_t u, enum graph_edge k,
		    const uint32_t **out)
{
	return graph_edges(j->g, u, k, out);
}

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
	if (!j->job || !j->queue || !j->queued) {
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
	j->job = NULL;
	j->queue = NULL;
	j->queued = NULL;
}

static void enqueue(struct jobs *j, uint32_t u)
{
	if (j->queued[u])
		return;
	j->queued[u] = true;
	j->queue[(j->q_head + j->q_len++) % j->n] = u;
}

static void enqueue_neighbours(struct jobs *j, uint32_t u)
{
	const uint32_t *e;
	size_t n;

	n = edges(j, u, GRAPH_BEFORE, &e);
	for (size_t i = 0; i < n; i++)
		enqueue(j, e[i]);
	n = edges(j, u, GRAPH_AFTER, &e);
	for (size_t i = 0; i < n; i++)
		enqueue(j, e[i]);
}

static void finish(struct jobs *j, uint32_t u, enum job_result r)
{
	enum job_type t = j->job[u].type;

	if (t == JOB_NONE)
		return;
	j->job[u] = (struct job){ 0 };
	j->n_pending--;
	enqueue_neighbours(j, u);
	if (j->done)
		j->done(j->ctx, u, t, r);
}

/* Put a job on u, merging with the one there. */
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
	*jb = (struct job){ .type = t };
	j->n_pending++;
	enqueue(j, u);
}

/* Breadth-first walk over `kinds` from root; calls fn on each node,
 * root included. Iterative: the queue is the visited list itself. */
static int walk(struct jobs *j, uint32_t root, const enum graph_edge *kinds,
		size_t n_kinds, uint32_t **out, size_t *n_out)
{
	uint32_t *list = malloc(j->n * sizeof(*list));
	bool *seen = calloc(j->n, sizeof(*seen));
	size_t n = 0;

	if (!list || !seen) {
		free(list);
		free(seen);
		return -ENOMEM;
	}
	list[n++] = root;
	seen[root] = true;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < n_kinds; k++) {
			const uint32_t *e;
			size_t m = edges(j, list[i], kinds[k], &e);

			for (size_t x = 0; x < m; x++) {
				if (!seen[e[x]]) {
					seen[e[x]] = true;
					list[n++] = e[x];
				}
			}
		}
	}
	free(seen);
	*out = list;
	*n_out = n;
	return 0;
}

static bool is_after(const struct jobs *j, uint32_t u, uint32_t p)
{
	const uint32_t *e;
	size_t n = edges(j, u, GRAPH_AFTER, &e);

	for (size_t i = 0; i < n; i++)
		if (e[i] == p)
			return true;
	return false;
}

/* May the job on u run now? */
static bool ready(const struct jobs *j, uint32_t u)
{
	const struct job *jb = &j->job[u];
	const uint32_t *e;
	size_t n;

	if (jb->type == JOB_START || jb->type == JOB_RESTART) {
		n = edges(j, u, GRAPH_AFTER, &e);
		for (size_t i = 0; i < n; i++)
			if (j->job[e[i]].type != JOB_NONE)
				return false;
	} else if (jb->type == JOB_STOP) {
		n = edges(j, u, GRAPH_BEFORE, &e);
		for (size_t i = 0; i < n; i++)
			if (j->job[e[i]].type == JOB_STOP)
				return false;
	}
	return true;
}

/* A start whose hard dependencies are not there fails: Requisite= must
 * already be active; Requires=/BindsTo= with After= must have started. */
static bool deps_missing(const struct jobs *j, uint32_t u)
{
	static const enum graph_edge hard[] = { GRAPH_REQUIRES,
						GRAPH_BINDS_TO };
	const uint32_t *e;
	size_t n;

	if (graph_missing_dep(j->g, u))
		return true;
	n = edges(j, u, GRAPH_REQUISITE, &e);
	for (size_t i = 0; i < n; i++)
		if (!svc_is_active(j->svcs[e[i]]))
			return true;
	for (size_t k = 0; k < ARRAY_SIZE(hard); k++) {
		n = edges(j, u, hard[k], &e);
		for (size_t i = 0; i < n; i++)
			if (is_after(j, u, e[i]) &&
			    !svc_is_active(j->svcs[e[i]]))
				return true;
	}
	return false;
}

/* Check whether the running job on u has reached its end. */
static void check_done(struct jobs *j, uint32_t u)
{
	struct job *jb = &j->job[u];
	struct svc *s = j->svcs[u];

	if (!jb->running)
		return;
	switch (jb->type) {
	case JOB_RESTART:
		if (jb->restart_stopping) {
			if (!svc_is_inactive(s))
				return;
			jb->restart_stopping = false;
			if (svc_start(s) == 1) {
				finish(j, u, JOB_SKIPPED);
				return;
			}
		}
		/* now it is a start */
		__attribute__((fallthrough));
	case JOB_START:
		if (svc_is_active(s))
			finish(j, u, JOB_DONE);
		else if (s->state == SVC_FAILED ||
			 s->state == SVC_AUTO_RESTART)
			finish(j, u, s->result == RESULT_DEPENDENCY
					     ? JOB_DEPENDENCY
					     : JOB_FAILED);
		else if (s->state == SVC_DEAD && !s->want_up)
			/* oneshot finished, condition false, or stopped */
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

static void run(struct jobs *j, uint32_t u)
{
	struct job *jb = &j->job[u];
	struct svc *s = j->svcs[u];
	int r;

	if (graph_refused(j->g, u)) {
		finish(j, u, JOB_FAILED);
		return;
	}
	jb->running = true;
	switch (jb->type) {
	case JOB_START:
		if (deps_missing(j, u)) {
			finish(j, u, JOB_DEPENDENCY);
			return;
		}
		r = svc_start(s);
		if (r == 1) {
			finish(j, u, JOB_SKIPPED);
			return;
		}
		break;
	case JOB_STOP:
		svc_stop(s);
		break;
	case JOB_RESTART:
		jb->restart_stopping = true;
		svc_stop(s);
		break;
	case JOB_RELOAD:
		r = svc_reload(s);
		if (r < 0) {
			finish(j, u, r == -EOPNOTSUPP ? JOB_UNSUPPORTED
						      : JOB_FAILED);
			return;
		}
		break;
	default:
		return;
	}
	check_done(j, u);
}

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

int job_start(struct jobs *j, uint32_t node)
{
	static const enum graph_edge pull[] = { GRAPH_REQUIRES, GRAPH_WANTS,
						GRAPH_BINDS_TO };
	static const enum graph_edge conflict[] = { GRAPH_CONFLICTS,
						    GRAPH_CONFLICTED_BY };
	uint32_t *list;
	size_t n;
	int r;

	if (graph_refused(j->g, node))
		return -ELOOP;
	r = walk(j, node, pull, ARRAY_SIZE(pull), &list, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		uint32_t u = list[i];
		const uint32_t *e;
		size_t m;

		/* Units already up need no job, unless asked for directly. */
		if (u != node && svc_is_active(j->svcs[u]) &&
		    j->job[u].type == JOB_NONE)
			continue;
		if (graph_refused(j->g, u))
			continue;
		add(j, u, JOB_START);
		for (size_t k = 0; k < ARRAY_SIZE(conflict); k++) {
			m = edges(j, u, conflict[k], &e);
			for (size_t x = 0; x < m; x++)
				if (!svc_is_inactive(j->svcs[e[x]]))
					add(j, e[x], JOB_STOP);
		}
	}
	free(list);
	dispatch(j);
	return 0;
}

/* The units a stop or restart of node reaches. */
static int stop_set(struct jobs *j, uint32_t node, uint32_t **list, size_t *n)
{
	static const enum graph_edge push[] = { GRAPH_REQUIRED_BY,
						GRAPH_REQUISITE_OF,
						GRAPH_BOUND_BY,
						GRAPH_HAS_PART };

	return walk(j, node, push, ARRAY_SIZE(push), list, n);
}

int job_stop(struct jobs *j, uint32_t node)
{
	uint32_t *list;
	size_t n;
	int r = stop_set(j, node, &list, &n);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if (list[i] == node || !svc_is_inactive(j->svcs[list[i]]) ||
		    j->job[list[i]].type != JOB_NONE)
			add(j, list[i], JOB_STOP);
	free(list);
	dispatch(j);
	return 0;
}

int job_restart(struct jobs *j, uint32_t node, bool only_if_active)
{
	uint32_t *list;
	size_t n;
	int r;

	if (svc_is_inactive(j->svcs[node]) &&
	    j->svcs[node]->state != SVC_AUTO_RESTART) {
		if (only_if_active)
			return 0;
		return job_start(j, node);
	}
	r = stop_set(j, node, &list, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if (list[i] == node || !svc_is_inactive(j->svcs[list[i]]))
			add(j, list[i], JOB_RESTART);
	free(list);
	dispatch(j);
	return 0;
}

int job_reload(struct jobs *j, uint32_t node)
{
	add(j, node, JOB_RELOAD);
	dispatch(j);
	return 0;
}

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
	struct svc *s = j->svcs[node];
	bool was_up = old != SVC_DEAD && old != SVC_FAILED &&
		      old != SVC_AUTO_RESTART;
	const uint32_t *e;
	size_t n;

	check_done(j, node);
	/* A unit that went down takes down what is bound to it. */
	if (was_up && (svc_is_inactive(s) || s->state == SVC_AUTO_RESTART)) {
		n = edges(j, node, GRAPH_BOUND_BY, &e);
		for (size_t i = 0; i < n; i++)
			if (!svc_is_inactive(j->svcs[e[i]]))
				add(j, e[i], JOB_STOP);
	}
	if (s->state == SVC_FAILED && old != SVC_FAILED) {
		n = edges(j, node, GRAPH_ON_FAILURE, &e);
		for (size_t i = 0; i < n; i++)
			if (!svc_is_active(j->svcs[e[i]]))
				add(j, e[i], JOB_START);
	}
	dispatch(j);
}
