/* ctltiming: start-up figures for svctl analyze (see ctltiming.h). */
#include "ctltiming.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "manager.h"
#include "nametab.h"

struct timing {
	char *name;
	usec_t start, ready;
};

struct ctltiming {
	struct nametab idx; /* name -> index in v */
	struct timing *v;
	size_t n, cap;
	usec_t t0;
};

struct ctltiming *ctltiming_new(usec_t t0)
{
	struct ctltiming *t = calloc(1, sizeof(*t));

	if (t)
		t->t0 = t0;
	return t;
}

void ctltiming_free(struct ctltiming *t)
{
	if (!t)
		return;
	nametab_free(&t->idx);
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	free(t);
}

void ctltiming_note(struct ctltiming *t, const char *name, usec_t start,
		    usec_t ready)
{
	long i;

	if (!t || !start)
		return; /* a start with no dispatch time is not timed */
	i = nametab_get(&t->idx, name);
	if (i < 0) {
		struct timing *v = t->v;

		if (t->n == t->cap &&
		    !(v = realloc(t->v, (t->cap * 2 + 16) * sizeof(*v))))
			return; /* out of memory: this start goes untimed */
		t->v = v;
		if (t->n == t->cap)
			t->cap = t->cap * 2 + 16;
		v[t->n].name = strdup(name);
		if (!v[t->n].name || nametab_put(&t->idx, v[t->n].name, t->n)) {
			free(v[t->n].name);
			return;
		}
		i = (long)t->n++;
	}
	t->v[i].start = start;
	t->v[i].ready = ready < start ? start : ready;
}

static const struct timing *find(const struct ctltiming *t, const char *name)
{
	long i = t ? nametab_get(&t->idx, name) : -1;

	return i < 0 ? NULL : &t->v[i];
}

static void unit_record(struct out *o, const struct mgr_unit *mu,
			const struct timing *tm, long depth)
{
	proto_writer_add(&o->w, "");
	if (depth >= 0)
		ctlreply_add(o, "Depth=%ld", depth);
	ctlreply_add(o, "Id=%s", mu->unit->name);
	ctlreply_add(o, "StartMonotonic=%llu", (unsigned long long)tm->start);
	ctlreply_add(o, "ReadyMonotonic=%llu", (unsigned long long)tm->ready);
	ctlreply_add(o, "ActiveState=%s",
		     svc_active_to_string(svc_active_state(&mu->svc)));
}

/* The chain of After= that set root's start time, root first. */
static void critical_chain(const struct ctltiming *t, struct mgr *m,
			   const struct mgr_unit *root, struct out *o)
{
	bool *seen = calloc((size_t)m->n + 1, sizeof(*seen));
	uint32_t u = root->svc.index;
	long depth = 0;

	if (!seen) {
		o->w.err = -ENOMEM;
		return;
	}
	for (;;) {
		const struct timing *tu = find(t, m->mu[u]->unit->name);
		const uint32_t *e;
		size_t n;
		long best = -1;
		usec_t best_ready = 0;

		if (!tu)
			break;
		unit_record(o, m->mu[u], tu, depth++);
		seen[u] = true;
		n = graph_edges(&m->graph, u, GRAPH_AFTER, &e);
		/* The predecessor ready last, no later than u started:
		 * the one u waited for. */
		for (size_t i = 0; i < n; i++) {
			const struct timing *tp;

			if (e[i] >= m->n || seen[e[i]])
				continue;
			tp = find(t, m->mu[e[i]]->unit->name);
			if (tp && tp->ready <= tu->start &&
			    tp->ready >= best_ready) {
				best = e[i];
				best_ready = tp->ready;
			}
		}
		if (best < 0)
			break;
		u = (uint32_t)best;
	}
	free(seen);
}

void ctltiming_analyze(const struct ctltiming *t, struct mgr *m, int argc,
		       char **argv, struct out *o)
{
	const char *what = argc > 1 ? argv[1] : "blame";
	const struct mgr_unit *root;

	if (strcmp(what, "critical-chain") == 0) {
		if (argc > 3) {
			ctlreply_fail(o, PROTO_USAGE,
				      "svctl: analyze critical-chain [UNIT]");
			return;
		}
		root = ctlreply_lookup(m, argc == 3 ? argv[2] : m->cfg.target,
				       o);
		if (!root)
			return;
		ctlreply_add(o, "Analyze=%s", what);
		ctlreply_add(o, "T0Monotonic=%llu",
			     (unsigned long long)(t ? t->t0 : 0));
		critical_chain(t, m, root, o);
		return;
	}
	if ((strcmp(what, "blame") != 0 && strcmp(what, "plot") != 0) ||
	    argc > 2) {
		ctlreply_fail(o, PROTO_USAGE,
			      "svctl: analyze [blame|critical-chain [UNIT]|"
			      "plot|verify FILE...]");
		return;
	}
	ctlreply_add(o, "Analyze=%s", what);
	ctlreply_add(o, "T0Monotonic=%llu",
		     (unsigned long long)(t ? t->t0 : 0));
	for (uint32_t i = 0; i < m->n; i++) {
		const struct timing *tm = find(t, m->mu[i]->unit->name);

		if (tm)
			unit_record(o, m->mu[i], tm, -1);
	}
}
