/*
 * lsm: the security module labels a service asks for: AppArmorProfile=,
 * SELinuxContext=, SmackProcessLabel=.
 *
 * Owns: the label of each module and whether it is optional (a leading
 * `-`), and the child's step that asks the kernel for it at exec. As in
 * systemd: a label for a module the machine does not run fails the start
 * (step APPARMOR, SELINUX_CONTEXT or SMACK_PROCESS_LABEL, "Operation not
 * supported"), unless it is optional, when it is skipped; a label the
 * module refuses (no such profile, say) fails the start likewise unless
 * optional. Never weaker than asked: a service that asked for a profile
 * never runs without it.
 */
#ifndef SVINIT_LSM_H
#define SVINIT_LSM_H

#include <stdbool.h>

enum lsm_kind {
	LSM_APPARMOR,
	LSM_SELINUX,
	LSM_SMACK,
	_LSM_MAX,
};

struct lsm_label {
	char *label; /* NULL: none asked for */
	bool optional;
};

/* In the child (async-signal-safe: open, read, write, close): each label
 * of labels[_LSM_MAX] for the coming exec, in module order; 0, or -errno
 * with *step set to the module's spawn step. */
int lsm_apply(const struct lsm_label *labels, int *step);
/* The key that sets kind ("AppArmorProfile", ...). */
const char *lsm_key(enum lsm_kind kind);

#endif
