/*
 * removeipc: RemoveIPC=, the System V and POSIX IPC objects of a user
 * removed when the last unit running as that user stops, as systemd
 * does.
 *
 * Owns: finding the objects owned by a uid or gid (/proc/sysvipc/shm, sem
 * and msg, and the entries of /dev/shm and /dev/mqueue) and removing them
 * (IPC_RMID, unlink). The caller decides when (manager_ops.c: the unit is
 * down and no other unit that is not inactive runs as the same user).
 *
 * I/O: reads /proc and the two directories, synchronously, in the
 * daemon's loop; each holds few entries on a normal machine. Only the
 * daemon's IPC namespace is cleaned: a service with PrivateIPC= had its
 * own, gone with its last process.
 */
#ifndef SVINIT_REMOVEIPC_H
#define SVINIT_REMOVEIPC_H

#include <sys/types.h>

/* Remove what uid or gid owns; root's (0) is never touched. The number of
 * objects removed, or -errno of the first failure (the rest is still
 * tried). */
int removeipc_owned(uid_t uid, gid_t gid);

#endif
