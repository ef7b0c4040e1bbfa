/* ctlgraph: list-dependencies over the manager's graph (see ctlgraph.h). */
#include "ctlgraph.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctlview.h"
#include "manager.h"
#include "util.h"

static const enum graph_edge forward_kinds[] = {
	GRAPH_REQUIRES, GRAPH_REQUISITE, GRAPH_WANTS,
	GRAPH_BINDS_TO, GRAPH_HAS_PART,
};
static const enum graph_edge reverse_kinds[] = {
	GRAPH_REQUIRED_BY, GRAPH_REQUISITE_OF, GRAPH_WANTED_BY,
	GRAPH_BOUND_BY,	   GRAPH_PART_OF,
};

/* qsort's comparison by unit name needs the manager: it is set around
 * the one call (svinit has one thread). */
static const struct mgr *sort_m;

static int by_name(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(sort_m->mu[x]->unit->name, sort_m->mu[y]->unit->name);
}

/* One unit of the path from the root being walked. */
struct frame {
	uint32_t *kids;
	size_t n, next;
};

/* The children of node: its neighbours over the kinds, each once, by
 * name; seen is scratch, all false before and after. */
static int children(const struct mgr *m, uint32_t node, bool reverse,
		    bool *seen, struct frame *f)
{
	const enum graph_edge *kinds = reverse ? reverse_kinds : forward_kinds;
	size_t total = 0;

	for (size_t k = 0; k < ARRAY_SIZE(forward_kinds); k++) {
		const uint32_t *e;

		total += graph_edges(&m->graph, node, kinds[k], &e);
	}
	f->n = f->next = 0;
	f->kids = malloc((total ? total : 1) * sizeof(*f->kids));
	if (!f->kids)
		return -ENOMEM;
	for (size_t k = 0; k < ARRAY_SIZE(forward_kinds); k++) {
		const uint32_t *e;
		size_t n = graph_edges(&m->graph, node, kinds[k], &e);

		for (size_t i = 0; i < n; i++)
			if (!seen[e[i]] && e[i] < m->n) {
				seen[e[i]] = true;
				f->kids[f->n++] = e[i];
			}
	}
	for (size_t i = 0; i < f->n; i++)
		seen[f->kids[i]] = false;
	sort_m = m;
	qsort(f->kids, f->n, sizeof(*f->kids), by_name);
	return 0;
}

static void node_record(const struct mgr *m, uint32_t node, size_t depth,
			struct proto_writer *w)
{
	const struct mgr_unit *mu = m->mu[node];

	if (depth > 0)
		proto_writer_add(w, "");
	proto_writer_addf(w, "Depth=%zu", depth);
	proto_writer_addf(w, "Id=%s", mu->unit->name);
	proto_writer_addf(w, "ActiveState=%s",
			  svc_active_to_string(svc_active_state(&mu->svc)));
	proto_writer_addf(w, "SubState=%s", ctlview_sub_state(mu));
}

int ctlgraph_deps(struct mgr *m, const struct mgr_unit *root, bool reverse,
		  bool all, struct proto_writer *w)
{
	/* The path is at most every unit once: a unit on it is never
	 * expanded again. */
	struct frame *path = calloc((size_t)m->n + 1, sizeof(*path));
	bool *expanded = calloc((size_t)m->n + 1, sizeof(*expanded));
	bool *seen = calloc((size_t)m->n + 1, sizeof(*seen));
	size_t depth = 0;
	int r = -ENOMEM;

	if (!path || !expanded || !seen)
		goto out;
	node_record(m, root->svc.index, 0, w);
	expanded[root->svc.index] = true;
	r = children(m, root->svc.index, reverse, seen, &path[0]);
	while (r == 0) {
		struct frame *f = &path[depth];
		uint32_t kid;

		if (f->next == f->n) {
			free(f->kids);
			f->kids = NULL;
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		kid = f->kids[f->next++];
		node_record(m, kid, depth + 1, w);
		if (expanded[kid] || depth + 1 >= m->n ||
		    (!all && m->mu[kid]->unit->type != UNIT_TARGET))
			continue;
		expanded[kid] = true;
		depth++;
		r = children(m, kid, reverse, seen, &path[depth]);
	}
	for (size_t i = 0; path && i <= depth; i++)
		free(path[i].kids);
	if (r == 0)
		r = w->err;
out:
	free(path);
	free(expanded);
	free(seen);
	return r;
}

/* The kinds svctl graph draws, with the names its records carry. */
static const struct {
	enum graph_edge kind;
	const char *name;
} dot_kinds[] = {
	{GRAPH_REQUIRES, "requires"}, {GRAPH_REQUISITE, "requisite"},
	{GRAPH_BINDS_TO, "binds-to"}, {GRAPH_WANTS, "wants"},
	{GRAPH_AFTER, "after"},	      {GRAPH_CONFLICTS, "conflicts"},
};

int ctlgraph_edges(struct mgr *m, const struct mgr_unit *root,
		   struct proto_writer *w)
{
	static const enum graph_edge pull[] = {GRAPH_REQUIRES, GRAPH_REQUISITE,
					       GRAPH_WANTS, GRAPH_BINDS_TO,
					       GRAPH_AFTER};
	bool *in = calloc((size_t)m->n + 1, sizeof(*in));
	uint32_t *nodes = NULL;
	size_t n = 0;
	int r = 0;

	if (!in)
		return -ENOMEM;
	/* The units root needs, and what they are ordered after; a unit
	 * that conflicts with one of them, either way, is drawn too. */
	if (root) {
		r = graph_closure(&m->graph, root->svc.index, pull,
				  ARRAY_SIZE(pull), &nodes, &n);
		for (size_t i = 0; r == 0 && i < n; i++)
			in[nodes[i]] = true;
		for (size_t i = 0; r == 0 && i < n; i++)
			for (int d = 0; d < 2; d++) {
				const uint32_t *e;
				size_t k = graph_edges(&m->graph, nodes[i],
						       d ? GRAPH_CONFLICTED_BY
							 : GRAPH_CONFLICTS,
						       &e);

				for (size_t j = 0; j < k; j++)
					in[e[j]] = true;
			}
	} else {
		for (uint32_t i = 0; i < m->n; i++)
			in[i] = true;
	}
	for (uint32_t i = 0; r == 0 && i < m->n; i++)
		if (in[i])
			proto_writer_addf(w, "Node=%s %s", m->mu[i]->unit->name,
					  svc_active_to_string(svc_active_state(
						  &m->mu[i]->svc)));
	for (uint32_t i = 0; r == 0 && i < m->n; i++) {
		if (!in[i])
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(dot_kinds); k++) {
			const uint32_t *e;
			size_t ne = graph_edges(&m->graph, i, dot_kinds[k].kind,
						&e);

			for (size_t j = 0; j < ne; j++)
				if (e[j] < m->n && in[e[j]])
					proto_writer_addf(
						w, "Edge=%s %s %s",
						dot_kinds[k].name,
						m->mu[i]->unit->name,
						m->mu[e[j]]->unit->name);
		}
	}
	free(nodes);
	free(in);
	return r < 0 ? r : w->err;
}
