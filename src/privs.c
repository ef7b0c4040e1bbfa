/* privs: a service's process privileges and limits (see privs.h). */
#include "privs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/keyctl.h>
#include <linux/securebits.h>
#include <sched.h>
#include <sys/personality.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spawn.h"
#include "util.h"

/* The kernel's I/O priority encoding (linux/ioprio.h, which older
 * headers lack). */
#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_WHO_PROCESS 1

const struct privs_conf privs_conf_none = {
	.bounding = PRIVS_CAPS_ALL,
	.securebits = -1,
	.cpu_policy = -1,
	.cpu_priority = -1,
	.io_class = -1,
	.io_priority = -1,
	.ioprio = -1,
	.personality = -1,
	.seccomp = {.ns_allowed = SECFILTER_NS_ALL},
};

void privs_conf_init(struct privs_conf *p)
{
	*p = privs_conf_none;
}

void privs_conf_free(struct privs_conf *p)
{
	strv_free(p->supplementary_groups);
	free(p->groups_file);
	free(p->ambient_at.file);
	free(p->cpu_priority_at.file);
	secfilter_conf_free(&p->seccomp);
	for (int k = 0; k < _LSM_MAX; k++)
		free(p->lsm[k].label);
	privs_conf_init(p);
}

bool privs_sets_limit(const struct privs_conf *p, int resource)
{
	return resource >= 0 && resource < PRIVS_RLIMIT_N &&
	       (p->limits_set & (1u << resource));
}

/* The lowest capability in mask, or -1. */
static int first_cap(uint64_t mask)
{
	return mask ? __builtin_ctzll(mask) : -1;
}

static int check_sched(struct privs_conf *p, const char **why)
{
	bool rt;

	if (p->cpu_policy < 0 && p->cpu_priority < 0 && !p->cpu_reset_on_fork)
		return 0;
	/* As systemd: any of the three keys sets the policy, which is
	 * SCHED_OTHER unless named, with priority 0 unless given. */
	if (p->cpu_policy < 0)
		p->cpu_policy = SCHED_OTHER;
	if (p->cpu_priority < 0)
		p->cpu_priority = 0;
	rt = p->cpu_policy == SCHED_FIFO || p->cpu_policy == SCHED_RR;
	if (rt && p->cpu_priority == 0)
		p->cpu_priority = 1;
	if (!rt && p->cpu_priority != 0) {
		*why = "CPUSchedulingPriority= other than 0 needs "
		       "CPUSchedulingPolicy=fifo or rr";
		return -EINVAL;
	}
	return 0;
}

int privs_conf_finish(struct privs_conf *p, char *buf, size_t size,
		      const char **why, const struct privs_origin **at)
{
	uint64_t stray = p->ambient & ~p->bounding;
	int r;

	*at = NULL;
	if (stray) {
		/* The kernel refuses to raise an ambient capability that is
		 * not in the bounding set; say so at load, not at start. */
		const char *n = privs_cap_name((unsigned)first_cap(stray));

		snprintf(buf, size,
			 "AmbientCapabilities= holds %s, which "
			 "CapabilityBoundingSet= removes",
			 n ? n : "a capability");
		*why = buf;
		*at = &p->ambient_at;
		return -EINVAL;
	}
	for (int i = 0; i < PRIVS_RLIMIT_N; i++)
		if ((p->limits_set & (1u << i)) &&
		    p->limits[i].rlim_cur > p->limits[i].rlim_max) {
			*why = "a soft limit above its hard limit";
			return -EINVAL;
		}
	r = check_sched(p, why);
	if (r < 0) {
		*at = &p->cpu_priority_at;
		return r;
	}
	if (p->io_class >= 0 || p->io_priority >= 0) {
		/* systemd's defaults: best-effort, level 4; the idle and
		 * none classes have no levels. */
		int cls = p->io_class >= 0 ? p->io_class : 2;
		int lvl = p->io_priority >= 0 ? p->io_priority : 4;

		if (cls == 0 || cls == 3)
			lvl = 0;
		p->ioprio = (cls << IOPRIO_CLASS_SHIFT) | lvl;
	}
	if (p->has_oom_score_adjust)
		snprintf(p->oom_text, sizeof(p->oom_text), "%d",
			 p->oom_score_adjust);
	p->seccomp.personality =
		p->personality >= 0 ? (unsigned long)p->personality : PER_LINUX;
	return secfilter_build(&p->seccomp, buf, size, why);
}

/* ---- The child -------------------------------------------------- *
 * Below: system calls only, on data computed at load (privs.h). */

static int set_limits(const struct privs_conf *p)
{
	for (int i = 0; i < PRIVS_RLIMIT_N; i++)
		if ((p->limits_set & (1u << i)) &&
		    setrlimit((__rlimit_resource_t)i, &p->limits[i]) < 0)
			return -errno;
	return 0;
}

static int set_oom_score(const struct privs_conf *p)
{
	size_t n = strlen(p->oom_text);
	int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, p->oom_text, n);
	if (w < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	close(fd);
	return (size_t)w == n ? 0 : -EIO;
}

/* Drop every capability the bounding set does not keep, while
 * CAP_SETPCAP is still effective. EINVAL marks the first number past
 * the kernel's last capability: the rest do not exist either. */
static int drop_bounding(uint64_t keep)
{
	for (int cap = 0; cap < 64; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				return 0;
			return -errno;
		}
	}
	return 0;
}

int privs_apply_resources(const struct privs_conf *p, int *step)
{
	int e;

	*step = SPAWN_STEP_LIMITS;
	e = set_limits(p);
	if (e < 0)
		return e;
	*step = SPAWN_STEP_NICE;
	if (p->has_nice && setpriority(PRIO_PROCESS, 0, p->nice) < 0)
		return -errno;
	*step = SPAWN_STEP_CPU_SCHEDULING;
	if (p->cpu_policy >= 0) {
		struct sched_param sp = {.sched_priority = p->cpu_priority};
		int pol = p->cpu_policy |
			  (p->cpu_reset_on_fork ? SCHED_RESET_ON_FORK : 0);

		if (sched_setscheduler(0, pol, &sp) < 0)
			return -errno;
	}
	*step = SPAWN_STEP_IO_PRIORITY;
	if (p->ioprio >= 0 &&
	    syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, p->ioprio) < 0)
		return -errno;
	*step = SPAWN_STEP_OOM_ADJUST;
	if (p->has_oom_score_adjust) {
		e = set_oom_score(p);
		if (e < 0)
			return e;
	}
	*step = SPAWN_STEP_PERSONALITY;
	if (p->personality >= 0 &&
	    personality((unsigned long)p->personality) < 0)
		return -errno;
	return 0;
}

int privs_apply_privileged(const struct privs_conf *p, bool drops_root,
			   int *step)
{
	int e = privs_apply_resources(p, step);

	if (e < 0)
		return e;
	*step = SPAWN_STEP_SECUREBITS;
	if (p->securebits >= 0 || (p->ambient && drops_root)) {
		/* keep-caps lets the permitted set through setresuid, so
		 * that before_exec can raise the ambient set; execve clears
		 * it again. */
		int bits = p->securebits >= 0 ? p->securebits : 0;

		if (p->ambient && drops_root)
			bits |= SECBIT_KEEP_CAPS;
		if (prctl(PR_SET_SECUREBITS, (unsigned long)bits, 0, 0, 0) < 0)
			return -errno;
	}
	*step = SPAWN_STEP_CAPABILITIES;
	if (p->bounding != PRIVS_CAPS_ALL) {
		e = drop_bounding(p->bounding);
		if (e < 0)
			return e;
	}
	return 0;
}

/* capget/capset on the calling process, as the raw system calls. */
static int caps_get(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};

	return syscall(SYS_capget, &h, d) < 0 ? -errno : 0;
}

static int caps_set(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};

	return syscall(SYS_capset, &h, d) < 0 ? -errno : 0;
}

/*
 * Ambient capabilities must be in the permitted set (kept through
 * setresuid by keep-caps) and the inheritable one: add them to the
 * inheritable set, then raise each. After execve a non-root service has
 * exactly them as permitted and effective capabilities.
 */
static int raise_ambient(uint64_t amb)
{
	struct __user_cap_data_struct d[2];
	int e = caps_get(d);

	if (e < 0)
		return e;
	d[0].inheritable |= (uint32_t)amb;
	d[1].inheritable |= (uint32_t)(amb >> 32);
	e = caps_set(d);
	if (e < 0)
		return e;
	for (int cap = 0; cap < 64; cap++)
		if ((amb & (1ULL << cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
			  (unsigned long)cap, 0, 0) < 0)
			return -errno;
	return 0;
}

/* Whether CAP_SYS_ADMIN is effective now: without it the kernel only
 * takes a seccomp filter under no_new_privs. */
static bool has_sys_admin(void)
{
	struct __user_cap_data_struct d[2];

	return caps_get(d) == 0 && (d[0].effective & (1u << CAP_SYS_ADMIN));
}

/* A new anonymous session keyring, owned by the user the process now
 * runs as; with shared, that user's keyring is linked into it, so keys
 * the user shares are found through the session. */
static int join_keyring(int mode)
{
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0)
		return -errno;
	if (mode == PRIVS_KEYRING_SHARED &&
	    syscall(SYS_keyctl, KEYCTL_LINK, KEY_SPEC_USER_KEYRING,
		    KEY_SPEC_SESSION_KEYRING) < 0)
		return -errno;
	return 0;
}

int privs_after_user_namespace(const struct privs_conf *p, uint64_t drop)
{
	if (p->securebits >= 0 &&
	    prctl(PR_SET_SECUREBITS, (unsigned long)p->securebits, 0, 0, 0) < 0)
		return -errno;
	return drop_bounding(p->bounding & ~drop);
}

int privs_apply_before_exec(const struct privs_conf *p, bool drops_root,
			    int *step)
{
	bool nnp = p->no_new_privileges;
	int e;

	(void)drops_root;
	*step = SPAWN_STEP_KEYRING;
	if (p->keyring_mode != PRIVS_KEYRING_INHERIT) {
		e = join_keyring(p->keyring_mode);
		if (e < 0)
			return e;
	}
	e = lsm_apply(p->lsm, step);
	if (e < 0)
		return e;
	*step = SPAWN_STEP_CAPABILITIES;
	if (p->ambient) {
		e = raise_ambient(p->ambient);
		if (e < 0)
			return e;
	}
	/* As systemd: a filter on a service without CAP_SYS_ADMIN implies
	 * NoNewPrivileges=yes, which is the only way the kernel takes it. */
	if (!nnp && p->seccomp.n_progs > 0 && !has_sys_admin())
		nnp = true;
	*step = SPAWN_STEP_NO_NEW_PRIVILEGES;
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	*step = SPAWN_STEP_SECCOMP;
	return secfilter_apply(&p->seccomp);
}

/* Indexed by capability number: the names of linux/capability.h, in the
 * lower case systemd and libcap print. */
static const char *const cap_names[] = {
	"cap_chown",
	"cap_dac_override",
	"cap_dac_read_search",
	"cap_fowner",
	"cap_fsetid",
	"cap_kill",
	"cap_setgid",
	"cap_setuid",
	"cap_setpcap",
	"cap_linux_immutable",
	"cap_net_bind_service",
	"cap_net_broadcast",
	"cap_net_admin",
	"cap_net_raw",
	"cap_ipc_lock",
	"cap_ipc_owner",
	"cap_sys_module",
	"cap_sys_rawio",
	"cap_sys_chroot",
	"cap_sys_ptrace",
	"cap_sys_pacct",
	"cap_sys_admin",
	"cap_sys_boot",
	"cap_sys_nice",
	"cap_sys_resource",
	"cap_sys_time",
	"cap_sys_tty_config",
	"cap_mknod",
	"cap_lease",
	"cap_audit_write",
	"cap_audit_control",
	"cap_setfcap",
	"cap_mac_override",
	"cap_mac_admin",
	"cap_syslog",
	"cap_wake_alarm",
	"cap_block_suspend",
	"cap_audit_read",
	"cap_perfmon",
	"cap_bpf",
	"cap_checkpoint_restore",
};

const char *privs_cap_name(unsigned cap)
{
	return cap < ARRAY_SIZE(cap_names) ? cap_names[cap] : NULL;
}
