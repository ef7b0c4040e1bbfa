/*
 * nskernel: the parts of ProtectKernelModules=, ProtectKernelLogs=,
 * ProtectClock= and PrivateDevices= that are not mounts.
 *
 * Owns: dropping capabilities from the bounding set (CAP_SYS_MODULE,
 * CAP_SYSLOG, CAP_SYS_TIME and CAP_WAKE_ALARM, CAP_MKNOD and
 * CAP_SYS_RAWIO, as the plan of ns.h says) and the one seccomp rule
 * svinit adds on its own: syslog(2) fails with EPERM under
 * ProtectKernelLogs=, because the capability alone does not stop it when
 * kernel.dmesg_restrict is 0. Everything else those keys forbid needs
 * the dropped capability, so svinit relies on it where systemd adds
 * seccomp rules.
 *
 * Runs in the child, as root, after the mounts: system calls only
 * (spawn.h). A capability leaves the bounding set now, and the
 * permitted set at execve, so the service never has it.
 */
#ifndef SVINIT_NSKERNEL_H
#define SVINIT_NSKERNEL_H

#include <stdbool.h>

#include "ns.h"

/* Whether this build can filter syslog(2) (a known architecture). */
bool nskernel_can_filter_syslog(void);

/* 0 or -errno. */
int nskernel_apply(const struct ns_plan *p);

/*
 * PrivateUsers=: after the ids changed, a user namespace of its own in
 * which the process's user and group (and nobody else) map to
 * themselves: every other id, root's included unless the service runs as
 * root, is the overflow id (nobody). The process maps only itself, which
 * the kernel allows any process: mapping root as well, as systemd does,
 * would take a helper process in the parent namespace, which the child
 * cannot make (spawn.h). setgroups(2) is denied in it (the kernel's
 * condition for such a map). Creating the namespace gives a full
 * bounding set and resets the securebits: the caller takes them again
 * (privs_after_user_namespace). 0 or -errno.
 */
int nskernel_private_users(void);

#endif
