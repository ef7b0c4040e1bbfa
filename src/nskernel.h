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

#endif
