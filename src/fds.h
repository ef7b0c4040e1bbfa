/*
 * fds: where the daemon keeps its long-lived file descriptors.
 *
 * Owns: the rule that the fds which live long and exist per unit (log
 * pipes, log files, status pipes of children not yet exec'd) sit at
 * FDS_HIGH and up, and the fds a child needs (its stdio, passed fds),
 * made right before a spawn, stay below. A child then takes its own fd
 * table with only the fds below FDS_HIGH (spawn.h), so the thousands of
 * per-unit fds are neither copied nor closed by each child.
 *
 * Who calls it: every module that opens such an fd (outpipe, logfile,
 * spawn), right after opening it.
 */
#ifndef SVINIT_FDS_H
#define SVINIT_FDS_H

/* Low enough for the usual hard limits on open files, which svinit
 * raises its soft limit to, and high enough for the fds of a burst of
 * spawns below. */
#define FDS_HIGH 1024

/*
 * Move fd, close-on-exec, to the lowest free number >= FDS_HIGH and close
 * fd; returns the new number. Returns fd itself, still open, when it is
 * already there or cannot be moved (the open-files limit is too low or
 * reached): a low fd is only slower to spawn beside, never wrong.
 */
int fds_lift(int fd);

#endif
