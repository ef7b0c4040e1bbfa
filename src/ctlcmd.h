/*
 * ctlcmd: the daemon's side of svctl's verbs.
 *
 * Owns: the table of verbs, the properties a unit shows (systemctl's
 * Key=Value names), and the clients waiting for their jobs to finish.
 * It turns a request into calls on the manager and the job engine and
 * answers through control; it keeps no state of its own beyond the
 * waiting clients.
 */
#ifndef SVINIT_CTLCMD_H
#define SVINIT_CTLCMD_H

#include <stdbool.h>
#include <stdint.h>

#include "job.h"

struct mgr;
struct mgr_unit;

/* Open the control socket in the runtime directory and watch it. */
int ctlcmd_open(struct mgr *m);
void ctlcmd_close(struct mgr *m);
/* The job engine's `done` callback: answers the clients that waited. */
void ctlcmd_job_done(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result);

/* Append the unit's properties ("Key=Value") to *v. 0 or -ENOMEM. */
int ctlcmd_unit_props(const struct mgr *m, const struct mgr_unit *mu,
		      char ***v);

#endif
