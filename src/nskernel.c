/* nskernel: capabilities and the syslog rule (see nskernel.h). */
#include "nskernel.h"

#include <errno.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* The architectures whose syslog(2) the filter knows. On x86-64 the
 * i386 and x32 entry points share its number (103, x32 with bit 30). */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define COMPAT_ARCH AUDIT_ARCH_I386
#define SYSLOG_MASK (~0x40000000u)
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

bool nskernel_can_filter_syslog(void)
{
#ifdef NATIVE_ARCH
	return true;
#else
	return false;
#endif
}

#ifdef NATIVE_ARCH
/*
 * syslog(2) -> EPERM, everything else allowed. A call from an
 * architecture the filter does not know is refused too: it could be a
 * syslog under another number.
 */
static int deny_syslog(void)
{
	const unsigned ret_errno = SECCOMP_RET_ERRNO | (EPERM & 0xffff);
	/* An unknown architecture jumps to the last return. */
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
#ifdef COMPAT_ARCH
		/* Native or compat: the same number. */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, COMPAT_ARCH, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_STMT(BPF_ALU | BPF_AND | BPF_K, SYSLOG_MASK),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_STMT(BPF_ALU | BPF_OR | BPF_K, 0), /* keeps the jumps */
#endif
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_syslog, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret_errno),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, ret_errno),
	};
	struct sock_fprog prog = {.len = sizeof(f) / sizeof(f[0]), .filter = f};

	/* Root with CAP_SYS_ADMIN may add a filter without no_new_privs;
	 * the service's own settings decide that flag later. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return -errno;
	return 0;
}
#endif

int nskernel_apply(const struct ns_plan *p)
{
	for (int cap = 0; cap < 64; cap++) {
		if (!(p->capbset_drop >> cap & 1))
			continue;
		/* EINVAL: a capability this kernel does not have. */
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return -errno;
	}
	if (p->deny_syslog) {
#ifdef NATIVE_ARCH
		return deny_syslog();
#else
		return -EOPNOTSUPP;
#endif
	}
	return 0;
}
