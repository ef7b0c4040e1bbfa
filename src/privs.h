/*
 * privs: what a service may do as a process: capabilities, no_new_privs,
 * securebits, resource limits (rlimits), nice, OOM score and scheduling,
 * and the seccomp filters (secfilter.h).
 *
 * Owns: `struct privs_conf`, the unit's settings in the form the child
 * applies them (bit masks, struct rlimit values, ready BPF programs), and
 * the child's system calls for them. The parser (parse_privs.c) fills the
 * struct and privs_conf_finish checks it once every file of the unit was
 * read; nothing is computed at spawn.
 *
 * The two apply functions run in the service's child (spawn.h: no
 * allocation, no locks, no writes but to the own stack, async-signal-safe
 * calls only). Capabilities go through raw prctl and capset, never
 * libcap, whose functions allocate. Order, which the kernel dictates:
 *   privs_apply_privileged (still root, before the ids change):
 *     LIMITS, NICE and scheduling, OOM_ADJUST; then CAPABILITIES: the
 *     bounding set is dropped while CAP_SETPCAP is still effective, and
 *     with AmbientCapabilities= for a non-root user the permitted set is
 *     kept across setresuid (keep-caps securebit, cleared by execve);
 *   privs_apply_before_exec (after setresuid and chdir):
 *     KEYRING, as the service's user so that it owns the keyring;
 *     CAPABILITIES: the inheritable and ambient sets; NO_NEW_PRIVILEGES;
 *     SECCOMP last, so that the filters never see svinit's own calls.
 */
#ifndef SVINIT_PRIVS_H
#define SVINIT_PRIVS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "lsm.h"
#include "secfilter.h"

/* The rlimits svinit knows (RLIMIT_CPU .. RLIMIT_RTTIME). */
#define PRIVS_RLIMIT_N 16

/* Where a key was set (file owned, line), for a message about it after
 * every file was read; file NULL: not set. */
struct privs_origin {
	char *file;
	unsigned line;
};

/* KeyringMode=: keep the daemon's session keyring (inherit, svinit's
 * default), a new one (private), or a new one with the user's keyring
 * linked in (shared). */
enum {
	PRIVS_KEYRING_INHERIT,
	PRIVS_KEYRING_PRIVATE,
	PRIVS_KEYRING_SHARED,
};

/* A capability set as a mask of bits 1 << CAP_X. */
#define PRIVS_CAPS_ALL UINT64_MAX

struct privs_conf {
	bool no_new_privileges;
	/* CapabilityBoundingSet=: the capabilities kept. PRIVS_CAPS_ALL
	 * (the default) changes nothing. */
	uint64_t bounding;
	/* AmbientCapabilities=; 0 is none. */
	uint64_t ambient;
	struct privs_origin ambient_at;
	/* SecureBits=: SECBIT_* flags; -1 when unset. */
	int securebits;

	/* SupplementaryGroups= as written; the loader resolves them
	 * (creds.h) and names this file and line for an unknown one. */
	char **supplementary_groups;
	char *groups_file;
	unsigned groups_line;

	/* Limit*=: limits[RLIMIT_X] is set when bit RLIMIT_X is. */
	uint32_t limits_set;
	struct rlimit limits[PRIVS_RLIMIT_N];

	/* KeyringMode=: PRIVS_KEYRING_*. */
	int keyring_mode;
	/* AppArmorProfile=, SELinuxContext=, SmackProcessLabel= (lsm.h). */
	struct lsm_label lsm[_LSM_MAX];

	/* Personality=: PER_LINUX or PER_LINUX32; -1 when unset. */
	long personality;

	bool has_nice;
	int nice;
	/* OOMScoreAdjust=, as the decimal text written to
	 * /proc/self/oom_score_adj (formatted at load, not in the child). */
	bool has_oom_score_adjust;
	int oom_score_adjust;
	char oom_text[12];

	/* CPUSchedulingPolicy= (SCHED_*; -1 unset), CPUSchedulingPriority=
	 * (-1 unset), CPUSchedulingResetOnFork=. */
	int cpu_policy;
	int cpu_priority;
	struct privs_origin cpu_priority_at;
	bool cpu_reset_on_fork;
	/* IOSchedulingClass= (-1 unset) and IOSchedulingPriority= (-1
	 * unset), combined into ioprio at finish (-1: nothing to set). */
	int io_class;
	int io_priority;
	int ioprio;

	struct secfilter_conf seccomp;
};

/* systemd's defaults: nothing restricted, nothing set. A unit without
 * any key of this area has no struct of its own and reads this one. */
extern const struct privs_conf privs_conf_none;
void privs_conf_init(struct privs_conf *p);
/* Frees what p holds (not p) and leaves the defaults. */
void privs_conf_free(struct privs_conf *p);

/*
 * Checks across keys once all files of a unit were read, and what is
 * computed from several keys (the I/O priority, the seccomp programs).
 * On a problem: -EINVAL with a message in why (a static string or one
 * in buf) and *at the setting it belongs to (NULL: the unit). -ENOMEM.
 */
int privs_conf_finish(struct privs_conf *p, char *buf, size_t size,
		      const char **why, const struct privs_origin **at);

/*
 * Whether LimitNOFILE= was set: then it replaces the limit the daemon
 * gives services by default (spawn.h, `nofile`).
 */
bool privs_sets_limit(const struct privs_conf *p, int resource);

/*
 * In the child, still with the daemon's ids: privs_apply_resources, then
 * the securebits and the bounding set. drops_root: the service runs as
 * a user other than root (User=), so ambient capabilities need the
 * permitted set kept across setresuid. 0, or -errno with *step set.
 */
int privs_apply_privileged(const struct privs_conf *p, bool drops_root,
			   int *step);
/* Only the limits, nice, scheduling, OOM score and personality: what a
 * command with the `+` prefix (full privileges) still gets, as in
 * systemd. */
int privs_apply_resources(const struct privs_conf *p, int *step);
/* In the child, after setresuid and chdir, right before execve. */
/* After a user namespace was made (PrivateUsers=): the bounding set
 * (CapabilityBoundingSet= and also drop, the capabilities the namespace
 * keys take away) and SecureBits= again, which the namespace reset. 0 or
 * -errno. */
int privs_after_user_namespace(const struct privs_conf *p, uint64_t drop);
int privs_apply_before_exec(const struct privs_conf *p, bool drops_root,
			    int *step);

/* The name of a capability for messages ("cap_net_admin"), or NULL. */
const char *privs_cap_name(unsigned cap);

#endif
