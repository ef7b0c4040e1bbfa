/*
 * procset: every process of one unit, as a set that can be signalled and
 * asked whether it is empty.
 *
 * The service state machine does not know how a unit's processes are
 * tracked: it asks the daemon to signal "the unit's processes" and whether
 * any is left (svc_ops set_kill / set_empty). This module is what answers
 * today: the process groups the unit's processes were started in. The
 * cgroup backend will answer the same two questions from the unit's cgroup
 * without the state machine changing.
 *
 * Process groups: every command svinit starts leads a session and a
 * process group of its own (spawn calls setsid), and its children stay in
 * that group unless they call setsid or setpgid themselves. So the set
 * records the group of every process it is told about: each spawned
 * command (its pid is its group) and a daemon named by a PID file or, at
 * signalling time, the main process's current group (a forking daemon
 * may call setsid after its parent exited). What leaves all of these
 * groups escapes the set; cgroups close that gap.
 *
 * Bounds: at most PROCSET_MAX groups. Groups found empty are dropped after
 * each reap (procset_prune) and when room is needed, so a unit that runs many
 * commands in turn (ExecStartPre, ExecReload) never fills it; if every group is
 * still alive, the oldest is forgotten and -ENOSPC says so. No allocation.
 *
 * Every kill and liveness check goes through the sys seam.
 */
#ifndef SVINIT_PROCSET_H
#define SVINIT_PROCSET_H

#include <stdbool.h>
#include <sys/types.h>

#define PROCSET_MAX 8

struct procset {
	pid_t groups[PROCSET_MAX]; /* process group ids, > 1 */
	unsigned n;
};

/* A zeroed struct is an empty set. */
void procset_clear(struct procset *p);
/* Record process group pgid (a spawned command's pid: it leads its own
 * group from its first step). 0, or -ENOSPC when the oldest live group
 * was forgotten to make room. Groups 0 and 1 and svinit's own group are
 * never recorded: signalling them would hit init or svinit itself. */
int procset_add_group(struct procset *p, pid_t pgid);
/* Record the group pid is in now (a daemon named by a PID file, a main
 * process that may have called setsid). -ESRCH when pid is gone, else as
 * procset_add_group. */
int procset_add_process(struct procset *p, pid_t pid);
/* Signal every recorded group, and the process `also` (the main
 * process; 0 for none) by its pid unless one of those groups was its own:
 * a child that has not reached its setsid (fork builds), or whose group
 * a full set forgot, still gets it, without a second signal in the
 * common case. Returns how many groups and processes got it. */
unsigned procset_kill(struct procset *p, int sig, pid_t also);
/* Forget the groups that have no process left. Called after every reap
 * of a process of the unit (and of an orphan): a group id can be taken
 * again only once its last member is gone, and the last member of a
 * unit's group is reaped by svinit (it is svinit's child, or an orphan
 * reparented to it, its subreaper), so a forgotten-in-time group is
 * never a recycled id belonging to someone else. */
void procset_prune(struct procset *p);
/* No recorded group has a process left. Forgets the empty ones. */
bool procset_empty(struct procset *p);

#endif
