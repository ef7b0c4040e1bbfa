/*
 * ctlcmd: the daemon's side of svctl's verbs.
 *
 * Owns: the table of verbs and the clients waiting for their jobs to
 * finish. It turns a request into calls on the manager and the job
 * engine and answers through control; what units look like (properties,
 * listings, log lines) is ctlview's, the read-only verbs with options
 * are ctlquery's, the unit-file verbs (enable, mask, ...) ctlinstall's.
 * It keeps no state of its own beyond the waiting clients and, for
 * analyze, the start-up figures it notes from the job ends it observes
 * (ctltiming).
 *
 * What a client is told:
 * - every reply is built in time linear in its size (proto_writer), and
 *   listings of many units are streamed (ctlview);
 * - a job verb answers once the jobs of the units it named have ended,
 *   each judged by its own job only: `stop` of a unit whose start it
 *   cancels succeeds, and the start's waiter is told "canceled";
 * - a failure names the unit and why: an ordering cycle, a unit it
 *   requires that did not start, the service's Result;
 * - a name that cannot be a unit is "invalid unit name" (exit 2), one
 *   that is not loaded "not found" (exit 4); either makes the whole
 *   request do nothing.
 */
#ifndef SVINIT_CTLCMD_H
#define SVINIT_CTLCMD_H

#include <stdbool.h>
#include <stdint.h>

#include "job.h"

struct ctlcmd;
struct mgr;
struct mgr_unit;

/* Open the control socket in m's runtime directory, watch it in m's
 * loop and observe m's job ends. *out is set even on failure (NULL, or
 * a half-open ctlcmd), so that ctlcmd_close can always follow. */
int ctlcmd_open(struct ctlcmd **out, struct mgr *m);
/* Close the socket; waiting clients are dropped unanswered. NULL is
 * allowed. Before mgr_free. */
void ctlcmd_close(struct ctlcmd *c);
/* The job engine's `done` callback (ctx: the ctlcmd): answers the
 * clients that waited. */
void ctlcmd_job_done(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result);

#endif
