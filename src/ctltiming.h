/*
 * ctltiming: how long each unit took to start, for svctl analyze.
 *
 * Owns: for every unit name whose start job ended done, the time that
 * job was dispatched to the service (its dependencies were up: jobs'
 * run_at) and the time it ended (the unit was ready: active, or a
 * oneshot that exited 0), monotonic usec; and t0, when svinit began
 * (the control side opened, just before the first jobs). Each later
 * start of a unit replaces its figures, so analyze describes the last
 * start of each unit. Kept by name, not by graph node, so that a
 * daemon-reload does not lose them; the table only grows with the names
 * of units ever started (a few dozen bytes each).
 *
 * Fed by ctlcmd's job observer; read by the analyze verb. No I/O.
 */
#ifndef SVINIT_CTLTIMING_H
#define SVINIT_CTLTIMING_H

#include "ctlreply.h"
#include "util.h"

struct ctltiming;
struct mgr;

/* NULL on ENOMEM (analyze then has nothing to show). */
struct ctltiming *ctltiming_new(usec_t t0);
void ctltiming_free(struct ctltiming *t);
/* A start of name dispatched at start ended done at ready. */
void ctltiming_note(struct ctltiming *t, const char *name, usec_t start,
		    usec_t ready);

/*
 * analyze blame|critical-chain [UNIT]|plot: a first record with
 * Analyze=VERB and T0Monotonic, then a record per unit: Id,
 * StartMonotonic, ReadyMonotonic, ActiveState (and Depth for the
 * critical chain, root first). blame and plot list every loaded unit
 * that has figures; the critical chain follows, from UNIT (default: the
 * default target), the After= predecessor that was ready last before
 * each unit started, as systemd-analyze does.
 */
void ctltiming_analyze(const struct ctltiming *t, struct mgr *m, int argc,
		       char **argv, struct out *o);

#endif
