/*
 * ctlgraph: the views of svctl that follow the dependency graph:
 * list-dependencies and graph.
 *
 * Owns nothing: it reads the manager's graph (graph.h) and the units'
 * states and writes records (proto.h) for svctl to draw. Iterative, with
 * an explicit stack, so that the depth of the graph never decides the
 * depth of svinit's stack; every unit is expanded at most once, so the
 * output is bounded by the graph's edges, whatever its shape. Pure
 * reading; called by ctlcmd only.
 */
#ifndef SVINIT_CTLGRAPH_H
#define SVINIT_CTLGRAPH_H

#include <stdbool.h>

#include "proto.h"

struct mgr;
struct mgr_unit;

/*
 * list-dependencies UNIT: one record per node of the tree, depth first,
 * each with Depth (0 for root), Id, ActiveState and SubState. The
 * children of a unit are what it Requires, Requisite, Wants, BindsTo
 * and its parts (ConsistsOf), or with reverse the units that need it
 * that way (RequiredBy, RequisiteOf, WantedBy, BoundBy, PartOf), sorted
 * by name, as systemctl lists them. Like systemctl, only targets are
 * expanded further unless all; a unit is expanded at its first place in
 * the tree only, and never below itself (a cycle). 0 or -ENOMEM.
 */
int ctlgraph_deps(struct mgr *m, const struct mgr_unit *root, bool reverse,
		  bool all, struct proto_writer *w);

/*
 * graph [UNIT]: the graph as records for svctl to draw in Graphviz dot:
 * "Node=NAME ACTIVESTATE" for each unit, then "Edge=KIND FROM TO" for
 * each dependency between two of them, KIND one of requires, requisite,
 * binds-to, wants, after (FROM starts after TO) and conflicts. With
 * root, the units it pulls in or is ordered after, transitively, and the
 * units they conflict with; without, every unit. 0 or -ENOMEM.
 */
int ctlgraph_edges(struct mgr *m, const struct mgr_unit *root,
		   struct proto_writer *w);

#endif
