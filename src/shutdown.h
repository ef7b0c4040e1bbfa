/*
 * shutdown: how the daemon stops everything and leaves.
 *
 * Owns: the phase of a shutdown and the sweep of processes that outlived
 * their units. The phases, in order:
 *
 *   RUNNING  no shutdown asked for.
 *   UNITS    every unit was asked to stop (the job engine stops them in
 *            reverse dependency order, each within its TimeoutStopSec=);
 *            the phase ends when every unit is down and no job is left.
 *   TERM     SIGTERM to every child of svinit still alive: processes
 *            that left their unit (setsid) and were reparented to svinit,
 *            its subreaper. Ends when no child is left, or after
 *            SHUTDOWN_GRACE.
 *   KILL     SIGKILL to every child, again whenever newly orphaned
 *            processes are reaped; ends when no child is left.
 *   DONE     ops->done was called, once.
 *
 * A sweep phase is a row of a small table (signal, grace, next phase),
 * so a PID-1 shutdown can add its own rows (sync, unmount) later.
 *
 * Who calls it: the manager. shutdown_begin once the jobs are queued;
 * shutdown_check after every change that may end the UNITS phase (a unit
 * went down); shutdown_reaped after each reaping pass. Children are
 * listed from /proc/self/task/TID/children and signalled through the sys
 * seam.
 */
#ifndef SVINIT_SHUTDOWN_H
#define SVINIT_SHUTDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

/* How long leftover processes get between SIGTERM and SIGKILL once every
 * unit is down. */
#define SHUTDOWN_GRACE (5 * USEC_PER_SEC)

enum shutdown_phase {
	SHUTDOWN_RUNNING,
	SHUTDOWN_UNITS,
	SHUTDOWN_TERM,
	SHUTDOWN_KILL,
	SHUTDOWN_DONE,
};

struct shutdown_ops {
	/* Every unit is down and no job is pending. */
	bool (*units_down)(void *ctx);
	/* Nothing is left: the daemon may leave (not as PID 1). */
	void (*done)(void *ctx);
};

struct shutdown {
	enum shutdown_phase phase;
	struct loop *loop;
	struct loop_timer timer;
	const struct shutdown_ops *ops;
	void *ctx;
};

void shutdown_init(struct shutdown *sd, struct loop *l,
		   const struct shutdown_ops *ops, void *ctx);
/* RUNNING -> UNITS, and check at once (nothing may be up). */
void shutdown_begin(struct shutdown *sd);
/* In UNITS, move on to the sweep when every unit is down. */
void shutdown_check(struct shutdown *sd);
/* A reaping pass ended: no_children when waitid said ECHILD, orphans
 * when it reaped processes that belonged to no unit. */
void shutdown_reaped(struct shutdown *sd, bool no_children, bool orphans);
static inline bool shutdown_started(const struct shutdown *sd)
{
	return sd->phase != SHUTDOWN_RUNNING;
}
void shutdown_free(struct shutdown *sd);

/* Signal every child of the calling process; how many got it, or -errno
 * when they cannot be listed. */
long shutdown_signal_children(int sig);

#endif
