/*
 * ctlquery: svctl's read-only verbs that are more than a lookup: the
 * listings and their filters (status, show, list-units), the dependency
 * tree (list-dependencies), the files of a unit (cat) and its exposure
 * (security). Each reads the request's arguments, checks them (a usage
 * error or an unknown unit fails o and does nothing) and answers through
 * o, or hands the answer to a stream (ctlview) and sets o->answered.
 * Pure reading of the manager; called by ctlcmd's verb table only.
 */
#ifndef SVINIT_CTLQUERY_H
#define SVINIT_CTLQUERY_H

#include "ctlreply.h"

struct control_client;

/* A verb that needs the manager only. argv[0] is the verb; argv is the
 * request's and may be reordered (list-units moves its patterns). */
typedef void ctlquery_fn(struct mgr *m, struct control_client *cl, int argc,
			 char **argv, struct out *o);

/* status [UNIT|PATTERN...], show UNIT..., list-units [options]
 * [PATTERN...] */
ctlquery_fn ctlquery_view;
/* list-dependencies [--reverse] [--all] [UNIT] */
ctlquery_fn ctlquery_list_deps;
/* cat UNIT...: Id=, File=, FileError=, Line= strings */
ctlquery_fn ctlquery_cat;
/* graph [UNIT]: Node= and Edge= strings (ctlgraph.h) */
ctlquery_fn ctlquery_graph;
/* security [UNIT...] */
ctlquery_fn ctlquery_security;

#endif
