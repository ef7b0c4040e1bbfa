/*
 * graph: the dependency graph of one unit set, resolved to indices.
 *
 * Owns: for every unit of a `struct unitset`, its dependencies as node
 * indices, in both directions, stored as one CSR array (row offsets plus
 * a flat list of uint32_t) per edge kind; the per-node flags "refused"
 * (on an ordering cycle), "failed to load" and "missing a hard
 * dependency"; and the algorithms over it: cycle detection, and the
 * closures of what a start pulls in and what a stop pushes out, which the
 * job engine uses (the order itself is the job engine's: each job waits
 * for its ordering neighbours, so no global order is computed).
 *
 * Who calls it: the loader builds one graph right after a unit set loads
 * (boot, daemon-reload, --verify) and prints or returns the diagnostics;
 * the job engine then reads edges, flags and closures; `svctl graph` and
 * `analyze` read edges. The module is pure: no I/O, no logging. Problems
 * go into the caller's diag_list.
 *
 * Invariants:
 *  - Node i is s->units[i]: indices are those of the unit set the graph was
 *    built from, and the graph is only meaningful alongside that set. It
 *    keeps no pointer into the set, so it may outlive it, but must be
 *    rebuilt whenever the set changes.
 *  - Every row lists each neighbour once (aliases and the After/Before
 *    pairs that say the same thing are merged), in the order the names
 *    first appear, forward kinds in unit-file order.
 *  - Ordering is normalised: `a After=b` and `b Before=a` are the same
 *    edge, found as b in GRAPH_AFTER of a and as a in GRAPH_BEFORE of b.
 *    GRAPH_AFTER lists a node's ordering predecessors (what must be up
 *    before it starts), GRAPH_BEFORE its successors.
 *  - Self references are dropped for every kind except ordering (a unit
 *    Requiring itself means nothing, but `a After=a` is a cycle and is
 *    reported as one).
 *  - A name that is not in the set produces no edge. For Requires=,
 *    Requisite= and BindsTo= the node is flagged (graph_missing_dep) and a
 *    warning is added; for every other kind the name is ignored silently,
 *    as systemd does.
 *  - A unit that failed to load (a placeholder, unit.h) is flagged
 *    (graph_load_error) and has no edges of its own; edges from other
 *    units to it are kept, so that what Requires= it can be failed and
 *    what is ordered against it still is.
 *  - Every node of a strongly connected component of the ordering graph
 *    (with more than one node, or a self-loop) is refused. Nothing else is:
 *    a unit merely ordered after, or requiring, a refused unit is not
 *    refused here. Like systemd, the job engine still starts it; if it
 *    Requires a refused unit that start fails with result "dependency".
 *  - Every algorithm is iterative, with explicit queues or stacks: stack
 *    depth never depends on the input.
 *
 * Cycles are reported following the After direction: in the message
 * `ordering cycle: a.service -> b.service -> a.service`, each arrow reads
 * "is ordered after" (a starts after b, b starts after a), whichever of
 * After= or Before= the files used. The path starts at the cycle's unit
 * that comes first in the set. Every unit on a cycle appears in at least
 * one reported path (at most GRAPH_CYCLE_REPORTS per group of units
 * cycling together; a final message counts any others), and a path longer
 * than GRAPH_CYCLE_PATH_MAX units is shortened in the middle.
 */
#ifndef SVINIT_GRAPH_H
#define SVINIT_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "unit.h"

#define GRAPH_CYCLE_REPORTS  16
#define GRAPH_CYCLE_PATH_MAX 64

/* Edge kinds: the forward ones as written in the files, their reverses,
 * and the normalised ordering pair. */
enum graph_edge {
	GRAPH_REQUIRES,
	GRAPH_REQUISITE,
	GRAPH_WANTS,
	GRAPH_BINDS_TO,
	GRAPH_PART_OF,
	GRAPH_CONFLICTS,
	GRAPH_ON_FAILURE,
	GRAPH_REQUIRED_BY, /* units that Require this one */
	GRAPH_REQUISITE_OF,
	GRAPH_WANTED_BY,
	GRAPH_BOUND_BY,	     /* units that BindsTo this one */
	GRAPH_HAS_PART,	     /* units that are PartOf this one */
	GRAPH_CONFLICTED_BY, /* units that list this one in Conflicts= */
	GRAPH_ON_FAILURE_OF,
	GRAPH_AFTER,  /* ordering predecessors: they start first */
	GRAPH_BEFORE, /* ordering successors: they start after */
	_GRAPH_EDGE_MAX,
};

struct graph {
	uint32_t n; /* nodes: the unit set's n */
	/* Row r of kind k: adj[k][off[k][r] .. off[k][r + 1]). */
	uint32_t *off[_GRAPH_EDGE_MAX]; /* n + 1 entries each */
	uint32_t *adj[_GRAPH_EDGE_MAX];
	uint8_t *flags; /* GRAPH_F_*, one byte per node */
	uint32_t n_refused;
	uint32_t n_cycles; /* cycle paths reported */
	/* One allocation each for all offsets and all edges. */
	uint32_t *off_mem, *adj_mem;
};

#define GRAPH_F_REFUSED	    (1u << 0)
#define GRAPH_F_MISSING_DEP (1u << 1)
#define GRAPH_F_LOAD_ERROR  (1u << 2)

/* Build g from s, adding warnings (missing hard dependencies, file = the
 * unit's path) and errors (cycles, no file) to dl. Cycles do not make it
 * fail: the graph is usable, with the cycles' units refused. 0, -ENOMEM,
 * or -E2BIG (more units or edges than uint32_t can index). dl may be NULL
 * to drop the diagnostics. On failure g is left empty; graph_free is
 * always safe after graph_build. */
int graph_build(struct graph *g, const struct unitset *s, struct diag_list *dl);
void graph_free(struct graph *g);

/* Neighbours of node of one kind: sets *out (valid until graph_free) and
 * returns how many. 0 for an out-of-range node or kind. */
size_t graph_edges(const struct graph *g, uint32_t node, enum graph_edge kind,
		   const uint32_t **out);
/* Whether node is on an ordering cycle and must not start. */
bool graph_refused(const struct graph *g, uint32_t node);
/* Whether a Requires=, Requisite= or BindsTo= of node names no unit. */
bool graph_missing_dep(const struct graph *g, uint32_t node);
/* Whether node's unit failed to load: it must not start (job.h). */
bool graph_load_error(const struct graph *g, uint32_t node);
/* Whether node may be started at all: neither on an ordering cycle nor
 * failed to load. */
bool graph_startable(const struct graph *g, uint32_t node);
/* The first Requires=, Requisite= or BindsTo= of node that can never be
 * met, borrowed from s (the set g was built from), or NULL: a name of no
 * unit, of a unit that failed to load, or of one on an ordering cycle.
 * For the runtime's message when a start fails with "dependency"
 * (unit_load_error of that unit says more). */
const char *graph_unmet_dep(const struct graph *g, const struct unitset *s,
			    uint32_t node);

/* Nodes reachable from root over the given kinds, root first, then in
 * breadth-first order, each once. Refused nodes are included and followed:
 * the caller decides what to do with them. *out is malloc'd. 0, -EINVAL
 * (bad root or kind) or -ENOMEM. */
int graph_closure(const struct graph *g, uint32_t root,
		  const enum graph_edge *kinds, size_t n_kinds, uint32_t **out,
		  size_t *n);
/* What starting root pulls in: Requires=, Wants=, BindsTo=, transitively.
 * Requisite= is not followed: it only checks. */
int graph_pull_closure(const struct graph *g, uint32_t root, uint32_t **out,
		       size_t *n);
/* What stopping root stops: units that Require, are Requisite of (as in
 * systemd), BindsTo or are PartOf it, transitively. */
int graph_stop_closure(const struct graph *g, uint32_t root, uint32_t **out,
		       size_t *n);

/* "Requires", "RequiredBy", ... "After", "Before"; NULL if out of range. */
const char *graph_edge_to_string(enum graph_edge k);

#endif
