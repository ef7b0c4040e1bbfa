/*
 * nsmount: the system calls that put a service in the namespaces and
 * mounts its unit asks for (the plan of ns.h).
 *
 * Owns: the child's NAMESPACE step, and the one file the daemon prepares
 * for it at start-up (the empty, mode 0000 file that InaccessiblePaths=
 * binds over a file; a directory gets a fresh empty tmpfs instead).
 *
 * nsmount_apply runs in the service's child under spawn.h's rules: no
 * allocation, no locks, no writes to the daemon's memory, async-signal-
 * safe calls only, a small stack. It unshares the namespaces, makes the
 * whole mount tree a slave of the daemon's (so no mount of the service
 * propagates back, while the daemon's later mounts still reach the
 * service), then walks the plan in order. The sources of BindPaths= and
 * the pieces of the host's /dev that PrivateDevices= keeps are taken
 * before the first mount, so they come from the tree as the daemon sees
 * it, whatever the plan hides later.
 */
#ifndef SVINIT_NSMOUNT_H
#define SVINIT_NSMOUNT_H

#include "ns.h"

/*
 * In the daemon, once, before any service starts: create DIR/inaccessible
 * (an empty regular file, mode 0000) and remember its path (dir must stay
 * alive). 0 or -errno; on failure a unit that hides a file fails to start
 * at step NAMESPACE, never runs with the file visible.
 */
int nsmount_prepare(const char *dir);

/* In the child: apply p. 0, or -errno (the caller reports step
 * NAMESPACE). A plan with nothing to do makes no system call. */
int nsmount_apply(const struct ns_plan *p);

#endif
