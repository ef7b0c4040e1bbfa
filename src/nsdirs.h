/*
 * nsdirs: the service's own directories (RuntimeDirectory=,
 * StateDirectory=, CacheDirectory=, LogsDirectory=,
 * ConfigurationDirectory=), made before a service starts and the runtime
 * ones removed after it stops.
 *
 * Owns: the system calls for the plan's directory list (ns.h). Creation
 * runs in the service's child, as root, before its namespaces (so the
 * directories are made in svinit's tree, and a read-only ProtectSystem=
 * view cannot get in the way), under spawn.h's rules: system calls only.
 * Every command of the unit makes them again, which is cheap (the
 * directories exist) and fixes a mode or owner changed in between, as
 * systemd does at each start. Removal runs in the daemon (see
 * nsdirs_remove).
 */
#ifndef SVINIT_NSDIRS_H
#define SVINIT_NSDIRS_H

#include <stdbool.h>
#include <sys/types.h>

#include "ns.h"

/*
 * In the child: make every directory of p, in order: a missing parent
 * with mode 0755, the innermost of each name with its kind's mode and
 * owned by uid:gid (but a ConfigurationDirectory=, which stays root's).
 * An existing innermost directory gets the mode and owner too; one that
 * is not a directory (or is a symbolic link) is -ENOTDIR. 0, or -errno
 * with *kind (an enum ns_dir_kind) saying which kind failed.
 */
int nsdirs_make(const struct ns_plan *p, uid_t uid, gid_t gid, int *kind);

/*
 * In the daemon, when a unit stops: remove each directory of paths
 * (the plan's runtime_paths) with everything in it, never following a
 * symbolic link or crossing into another mount. This is file system work
 * in the daemon's thread; it is bounded by what the service left in /run,
 * a tmpfs, so it takes no disk I/O. 0, or the first -errno (a directory
 * already gone is not one); it goes on after a failure.
 */
int nsdirs_remove(char *const *paths);

#endif
