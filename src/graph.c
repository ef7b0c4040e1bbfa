/*
 * graph: see graph.h for the contract. How it is built, in graph_build:
 *   1. resolve: every dependency name to a node once (or NONE), counting
 *      each row's degree, flagging missing hard dependencies;
 *   2. fill: the counts become CSR offsets and every edge is placed, both
 *      directions, in input order;
 *   3. dedup: repeated neighbours go (aliases, After=/Before= pairs);
 *   4. cycles_find: Tarjan's components over GRAPH_AFTER, then one
 *      shortest path reported per uncovered unit of a cyclic component.
 * Every step is linear in units plus edges (the cycle reports are bounded
 * per component), iterative, and allocates a few arrays up front, so that
 * a set of 100,000 units neither recurses nor fragments memory.
 */
#include "graph.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

/* Each dependency kind of a unit file becomes two edges: u -> v in the
 * forward kind, v -> u in the reverse one. Before= is the mirror image of
 * After=, which is how ordering ends up in a single edge set. */
static const struct {
	enum graph_edge fwd, rev;
	bool hard;	/* a missing unit makes the start fail */
	bool keep_self; /* a self reference is meaningful (a cycle) */
} dep_map[_DEP_MAX] = {
	[DEP_REQUIRES] = {GRAPH_REQUIRES, GRAPH_REQUIRED_BY, true, false},
	[DEP_REQUISITE] = {GRAPH_REQUISITE, GRAPH_REQUISITE_OF, true, false},
	[DEP_WANTS] = {GRAPH_WANTS, GRAPH_WANTED_BY, false, false},
	[DEP_BINDS_TO] = {GRAPH_BINDS_TO, GRAPH_BOUND_BY, true, false},
	[DEP_PART_OF] = {GRAPH_PART_OF, GRAPH_HAS_PART, false, false},
	[DEP_CONFLICTS] = {GRAPH_CONFLICTS, GRAPH_CONFLICTED_BY, false, false},
	[DEP_AFTER] = {GRAPH_AFTER, GRAPH_BEFORE, false, true},
	[DEP_BEFORE] = {GRAPH_BEFORE, GRAPH_AFTER, false, true},
	[DEP_ON_FAILURE] = {GRAPH_ON_FAILURE, GRAPH_ON_FAILURE_OF, false,
			    false},
};

static const char *const edge_names[_GRAPH_EDGE_MAX] = {
	[GRAPH_REQUIRES] = "Requires",
	[GRAPH_REQUISITE] = "Requisite",
	[GRAPH_WANTS] = "Wants",
	[GRAPH_BINDS_TO] = "BindsTo",
	[GRAPH_PART_OF] = "PartOf",
	[GRAPH_CONFLICTS] = "Conflicts",
	[GRAPH_ON_FAILURE] = "OnFailure",
	[GRAPH_REQUIRED_BY] = "RequiredBy",
	[GRAPH_REQUISITE_OF] = "RequisiteOf",
	[GRAPH_WANTED_BY] = "WantedBy",
	[GRAPH_BOUND_BY] = "BoundBy",
	[GRAPH_HAS_PART] = "HasPart",
	[GRAPH_CONFLICTED_BY] = "ConflictedBy",
	[GRAPH_ON_FAILURE_OF] = "OnFailureOf",
	[GRAPH_AFTER] = "After",
	[GRAPH_BEFORE] = "Before",
};

const char *graph_edge_to_string(enum graph_edge k)
{
	return (unsigned)k < _GRAPH_EDGE_MAX ? edge_names[k] : NULL;
}

void graph_free(struct graph *g)
{
	free(g->off_mem);
	free(g->adj_mem);
	free(g->flags);
	memset(g, 0, sizeof(*g));
}

size_t graph_edges(const struct graph *g, uint32_t node, enum graph_edge kind,
		   const uint32_t **out)
{
	if (node >= g->n || (unsigned)kind >= _GRAPH_EDGE_MAX) {
		*out = NULL;
		return 0;
	}
	*out = g->adj[kind] + g->off[kind][node];
	return g->off[kind][node + 1] - g->off[kind][node];
}

bool graph_refused(const struct graph *g, uint32_t node)
{
	return node < g->n && (g->flags[node] & GRAPH_F_REFUSED);
}

bool graph_missing_dep(const struct graph *g, uint32_t node)
{
	return node < g->n && (g->flags[node] & GRAPH_F_MISSING_DEP);
}

bool graph_load_error(const struct graph *g, uint32_t node)
{
	return node < g->n && (g->flags[node] & GRAPH_F_LOAD_ERROR);
}

bool graph_startable(const struct graph *g, uint32_t node)
{
	return node < g->n &&
	       !(g->flags[node] & (GRAPH_F_REFUSED | GRAPH_F_LOAD_ERROR));
}

const char *graph_unmet_dep(const struct graph *g, const struct unitset *s,
			    uint32_t node)
{
	if (node >= g->n || node >= s->n)
		return NULL;
	for (int d = 0; d < _DEP_MAX; d++) {
		char **names = s->units[node]->deps[d];

		if (!dep_map[d].hard)
			continue;
		for (size_t j = 0; names && names[j]; j++) {
			long v = unitset_index(s, names[j]);

			if (v < 0 || ((uint32_t)v != node &&
				      !graph_startable(g, (uint32_t)v)))
				return names[j];
		}
	}
	return NULL;
}

/*
 * Resolve every name once into res[] (in unit, kind, name order; NONE
 * for a name that yields no edge) and count each row's degree into
 * off[k][row]. Flags missing hard dependencies on the way.
 */
static void resolve(struct graph *g, const struct unitset *s, uint32_t *res,
		    struct diag_list *dl)
{
	size_t t = 0;

	for (uint32_t u = 0; u < g->n; u++) {
		const struct unit *unit = s->units[u];

		if (unit->load_error)
			g->flags[u] |= GRAPH_F_LOAD_ERROR;
		for (int d = 0; d < _DEP_MAX; d++) {
			char **names = unit->deps[d];

			for (size_t j = 0; names && names[j]; j++) {
				long v = unitset_index(s, names[j]);

				res[t] = NONE;
				t++;
				if (v < 0) {
					if (!dep_map[d].hard)
						continue;
					g->flags[u] |= GRAPH_F_MISSING_DEP;
					if (dl)
						diag_add(
							dl, DIAG_WARNING,
							unit->path, 0,
							"%s: %s=%s: no such "
							"unit",
							unit->name,
							unit_dep_kind_to_string(
								d),
							names[j]);
					continue;
				}
				if ((uint32_t)v == u && !dep_map[d].keep_self)
					continue;
				res[t - 1] = (uint32_t)v;
				g->off[dep_map[d].fwd][u]++;
				g->off[dep_map[d].rev][v]++;
			}
		}
	}
}

/*
 * Turn the degree counts into CSR rows. Offsets become inclusive prefix
 * sums, then every edge is placed by decrementing its row's offset; going
 * over the input backwards leaves each row in input order and each offset
 * at its row's start.
 */
static void fill(struct graph *g, const struct unitset *s, const uint32_t *res,
		 size_t t)
{
	size_t base = 0;

	for (int k = 0; k < _GRAPH_EDGE_MAX; k++) {
		uint32_t sum = 0;

		for (uint32_t r = 0; r < g->n; r++) {
			sum += g->off[k][r];
			g->off[k][r] = sum;
		}
		g->off[k][g->n] = sum;
		g->adj[k] = g->adj_mem + base;
		base += sum;
	}
	for (uint32_t u = g->n; u-- > 0;) {
		const struct unit *unit = s->units[u];

		for (int d = _DEP_MAX; d-- > 0;) {
			size_t len = strv_len(unit->deps[d]);

			while (len-- > 0) {
				uint32_t v = res[--t];
				enum graph_edge f = dep_map[d].fwd;
				enum graph_edge r = dep_map[d].rev;

				if (v == NONE)
					continue;
				g->adj[f][--g->off[f][u]] = v;
				g->adj[r][--g->off[r][v]] = u;
			}
		}
	}
}

/*
 * Drop repeated neighbours from every row, keeping the first. seen[v]
 * holds the last row (plus one) v was seen in. Rows only shrink, so the
 * kinds are packed towards the front of adj_mem as they are scanned.
 */
static void dedup(struct graph *g, uint32_t *seen)
{
	size_t w = 0;

	for (int k = 0; k < _GRAPH_EDGE_MAX; k++) {
		const uint32_t *in = g->adj[k];
		uint32_t *out = g->adj_mem + w;
		uint32_t kw = 0;

		memset(seen, 0, g->n * sizeof(*seen));
		for (uint32_t r = 0; r < g->n; r++) {
			uint32_t start = g->off[k][r], end = g->off[k][r + 1];

			g->off[k][r] = kw;
			for (uint32_t e = start; e < end; e++) {
				uint32_t v = in[e];

				if (seen[v] == r + 1)
					continue;
				seen[v] = r + 1;
				out[kw++] = v;
			}
		}
		g->off[k][g->n] = kw;
		g->adj[k] = out;
		w += kw;
	}
}

/*
 * Strongly connected components of the ordering graph (over GRAPH_AFTER),
 * by Tarjan's algorithm with an explicit call stack: frame i visits
 * cs_node[i] and has looked at its edges up to cs_pos[i]. A node is on
 * Tarjan's stack exactly while it has an index but no component yet.
 */
static int scc_find(const struct graph *g, uint32_t *comp, uint32_t *n_comp)
{
	const uint32_t *off = g->off[GRAPH_AFTER], *adj = g->adj[GRAPH_AFTER];
	uint32_t *mem = malloc(((size_t)g->n * 5 + 1) * sizeof(uint32_t));
	uint32_t *idx, *low, *stack, *cs_node, *cs_pos;
	uint32_t counter = 0, sp = 0, csp = 0;

	if (!mem)
		return -ENOMEM;
	idx = mem;
	low = idx + g->n;
	stack = low + g->n;
	cs_node = stack + g->n;
	cs_pos = cs_node + g->n;
	*n_comp = 0;
	for (uint32_t v = 0; v < g->n; v++) {
		idx[v] = NONE;
		comp[v] = NONE;
	}
	for (uint32_t root = 0; root < g->n; root++) {
		if (idx[root] != NONE)
			continue;
		idx[root] = low[root] = counter++;
		stack[sp++] = root;
		cs_node[csp] = root;
		cs_pos[csp++] = off[root];
		while (csp > 0) {
			uint32_t v = cs_node[csp - 1];

			if (cs_pos[csp - 1] < off[v + 1]) {
				uint32_t w = adj[cs_pos[csp - 1]++];

				if (idx[w] == NONE) {
					idx[w] = low[w] = counter++;
					stack[sp++] = w;
					cs_node[csp] = w;
					cs_pos[csp++] = off[w];
				} else if (comp[w] == NONE && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			csp--;
			if (low[v] == idx[v]) {
				uint32_t w;

				do {
					w = stack[--sp];
					comp[w] = *n_comp;
				} while (w != v);
				(*n_comp)++;
			}
			if (csp > 0 && low[v] < low[cs_node[csp - 1]])
				low[cs_node[csp - 1]] = low[v];
		}
	}
	free(mem);
	return 0;
}

/* Workspace for the cycle reports, one allocation. */
struct cyc {
	const uint32_t *comp;
	uint32_t *mark, *parent, *queue, *path;
	uint32_t stamp;
};

/*
 * A shortest cycle through start inside its component, breadth-first
 * over After edges. Fills path[0] = start .. path[len - 1], the node
 * whose After edge closes the cycle back to start; returns len, 0 if
 * start is on no cycle (cannot happen for a cyclic component).
 */
static uint32_t cycle_through(const struct graph *g, struct cyc *c,
			      uint32_t start)
{
	uint32_t head = 0, tail = 0, end = NONE, len = 0;

	c->stamp++;
	c->mark[start] = c->stamp;
	c->queue[tail++] = start;
	while (head < tail && end == NONE) {
		uint32_t v = c->queue[head++];
		const uint32_t *adj;
		size_t na = graph_edges(g, v, GRAPH_AFTER, &adj);

		for (size_t i = 0; i < na; i++) {
			uint32_t w = adj[i];

			if (c->comp[w] != c->comp[start])
				continue;
			if (w == start) {
				end = v;
				break;
			}
			if (c->mark[w] == c->stamp)
				continue;
			c->mark[w] = c->stamp;
			c->parent[w] = v;
			c->queue[tail++] = w;
		}
	}
	if (end == NONE)
		return 0;
	for (uint32_t v = end; v != start; v = c->parent[v])
		c->path[len++] = v;
	c->path[len++] = start;
	for (uint32_t i = 0; i < len / 2; i++) {
		uint32_t tmp = c->path[i];

		c->path[i] = c->path[len - 1 - i];
		c->path[len - 1 - i] = tmp;
	}
	return len;
}

/* "a -> b -> a": the len path nodes and start again, the middle left out
 * when longer than GRAPH_CYCLE_PATH_MAX so that one message stays
 * readable (and bounded) whatever the cycle. */
static int cycle_report(const struct unitset *s, const uint32_t *path,
			uint32_t len, struct diag_list *dl)
{
	const uint32_t total = len + 1, half = GRAPH_CYCLE_PATH_MAX / 2;
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return -ENOMEM;
	for (uint32_t i = 0; i < total; i++) {
		uint32_t v = i < len ? path[i] : path[0];

		if (total > GRAPH_CYCLE_PATH_MAX && i == half) {
			fprintf(f, " -> ... (%u more) ...", total - 2 * half);
			i = total - half - 1;
			continue;
		}
		fprintf(f, "%s%s", i > 0 ? " -> " : "", s->units[v]->name);
	}
	/* A failed write shows at the flush that fclose does. */
	if (fclose(f) != 0) {
		free(text);
		return -ENOMEM;
	}
	if (dl)
		diag_add(dl, DIAG_ERROR, NULL, 0, "ordering cycle: %s", text);
	free(text);
	return 0;
}

/*
 * Refuse every node of a cyclic component and explain why: walk the nodes
 * in set order and report a cycle through each one that no reported path
 * covers yet, at most GRAPH_CYCLE_REPORTS per component, which bounds the
 * work to that many breadth-first searches of the component.
 */
static int cycles_find(struct graph *g, const struct unitset *s,
		       struct diag_list *dl)
{
	size_t n = g->n;
	uint32_t *mem = malloc((n * 8 + 1) * sizeof(uint32_t));
	uint32_t *comp, *reports, *rest, *first, n_comp = 0;
	uint8_t *covered = NULL;
	struct cyc c = {0};
	int r = -ENOMEM;

	if (!mem)
		return -ENOMEM;
	comp = mem;
	reports = comp + n; /* per component; NONE: not cyclic */
	rest = reports + n;
	first = rest + n;
	c.mark = first + n;
	c.parent = c.mark + n;
	c.queue = c.parent + n;
	c.path = c.queue + n;
	c.comp = comp;
	covered = calloc(n + 1, 1);
	if (!covered)
		goto out;
	r = scc_find(g, comp, &n_comp);
	if (r < 0)
		goto out;

	memset(rest, 0, n * sizeof(*rest));
	memset(c.mark, 0, n * sizeof(*c.mark));
	for (uint32_t i = 0; i < n_comp; i++) {
		reports[i] = NONE;
		first[i] = NONE;
	}
	/* A component is cyclic if it has two nodes (rest[] counts them
	 * for now) or a self-loop. */
	for (uint32_t v = 0; v < n; v++) {
		const uint32_t *adj;
		size_t na = graph_edges(g, v, GRAPH_AFTER, &adj);

		if (reports[comp[v]] == NONE && rest[comp[v]]++ > 0)
			reports[comp[v]] = 0;
		for (size_t i = 0; i < na; i++)
			if (adj[i] == v)
				reports[comp[v]] = 0;
	}
	memset(rest, 0, n * sizeof(*rest));

	for (uint32_t v = 0; v < n; v++) {
		uint32_t k = comp[v], len;

		if (reports[k] == NONE)
			continue;
		if (!(g->flags[v] & GRAPH_F_REFUSED)) {
			g->flags[v] |= GRAPH_F_REFUSED;
			g->n_refused++;
		}
		if (first[k] == NONE)
			first[k] = v;
		if (covered[v])
			continue;
		if (reports[k] >= GRAPH_CYCLE_REPORTS) {
			rest[k]++;
			continue;
		}
		len = cycle_through(g, &c, v);
		if (!len)
			continue;
		for (uint32_t i = 0; i < len; i++)
			covered[c.path[i]] = 1;
		r = cycle_report(s, c.path, len, dl);
		if (r < 0)
			goto out;
		reports[k]++;
		g->n_cycles++;
	}
	for (uint32_t v = 0; v < n; v++) {
		uint32_t k = comp[v];

		if (reports[k] != NONE && first[k] == v && rest[k] && dl)
			diag_add(dl, DIAG_ERROR, NULL, 0,
				 "ordering cycle: %u more units are on cycles "
				 "with %s",
				 rest[k], s->units[v]->name);
	}
	r = 0;
out:
	free(covered);
	free(mem);
	return r;
}

int graph_build(struct graph *g, const struct unitset *s, struct diag_list *dl)
{
	size_t t = 0, rows;
	uint32_t *res = NULL, *seen = NULL;
	int r = -ENOMEM;

	memset(g, 0, sizeof(*g));
	if (s->n >= UINT32_MAX ||
	    s->n > (SIZE_MAX / sizeof(uint32_t) - 1) / _GRAPH_EDGE_MAX)
		return -E2BIG;
	for (size_t u = 0; u < s->n; u++)
		for (int d = 0; d < _DEP_MAX; d++)
			t += strv_len(s->units[u]->deps[d]);
	/* Each name gives two edges; a kind's offsets must fit uint32_t. */
	if (t >= UINT32_MAX || t > SIZE_MAX / (2 * sizeof(uint32_t)))
		return -E2BIG;

	g->n = (uint32_t)s->n;
	rows = (size_t)g->n + 1;
	g->off_mem = calloc(rows * _GRAPH_EDGE_MAX, sizeof(uint32_t));
	g->adj_mem = malloc((2 * t + 1) * sizeof(uint32_t));
	g->flags = calloc(rows, 1);
	res = malloc((t + 1) * sizeof(uint32_t));
	seen = malloc(rows * sizeof(uint32_t));
	if (!g->off_mem || !g->adj_mem || !g->flags || !res || !seen)
		goto fail;
	for (int k = 0; k < _GRAPH_EDGE_MAX; k++)
		g->off[k] = g->off_mem + (size_t)k * rows;

	resolve(g, s, res, dl);
	fill(g, s, res, t);
	dedup(g, seen);
	r = cycles_find(g, s, dl);
	if (r < 0)
		goto fail;
	free(res);
	free(seen);
	return 0;
fail:
	free(res);
	free(seen);
	graph_free(g);
	return r;
}

/* Breadth-first, with the result array as its own queue and one bit per
 * node for "seen": each node is queued once, so the array never holds
 * more than n and the walk is linear in the edges followed. The job
 * engine calls this for every request, so it allocates exactly twice. */
int graph_closure(const struct graph *g, uint32_t root,
		  const enum graph_edge *kinds, size_t n_kinds, uint32_t **out,
		  size_t *n)
{
	uint64_t *seen;
	uint32_t *q;
	size_t head = 0, tail = 0;

	*out = NULL;
	*n = 0;
	if (root >= g->n)
		return -EINVAL;
	for (size_t i = 0; i < n_kinds; i++)
		if ((unsigned)kinds[i] >= _GRAPH_EDGE_MAX)
			return -EINVAL;
	seen = calloc(((size_t)g->n + 63) / 64, sizeof(*seen));
	q = malloc((size_t)g->n * sizeof(*q));
	if (!seen || !q) {
		free(seen);
		free(q);
		return -ENOMEM;
	}
	seen[root / 64] |= 1ULL << (root % 64);
	q[tail++] = root;
	while (head < tail) {
		uint32_t v = q[head++];

		for (size_t k = 0; k < n_kinds; k++) {
			const uint32_t *adj;
			size_t na = graph_edges(g, v, kinds[k], &adj);

			for (size_t i = 0; i < na; i++) {
				uint32_t w = adj[i];

				if (seen[w / 64] & (1ULL << (w % 64)))
					continue;
				seen[w / 64] |= 1ULL << (w % 64);
				q[tail++] = w;
			}
		}
	}
	free(seen);
	*out = q;
	*n = tail;
	return 0;
}

int graph_pull_closure(const struct graph *g, uint32_t root, uint32_t **out,
		       size_t *n)
{
	static const enum graph_edge kinds[] = {GRAPH_REQUIRES, GRAPH_WANTS,
						GRAPH_BINDS_TO};

	return graph_closure(g, root, kinds, ARRAY_SIZE(kinds), out, n);
}

int graph_stop_closure(const struct graph *g, uint32_t root, uint32_t **out,
		       size_t *n)
{
	static const enum graph_edge kinds[] = {GRAPH_REQUIRED_BY,
						GRAPH_REQUISITE_OF,
						GRAPH_BOUND_BY, GRAPH_HAS_PART};

	return graph_closure(g, root, kinds, ARRAY_SIZE(kinds), out, n);
}
