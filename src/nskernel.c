/* nskernel: capabilities and the syslog rule (see nskernel.h). */
#include "nskernel.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <unistd.h>
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

/* Write buf to a /proc/self file. */
static int write_proc(const char *path, const char *buf, size_t n)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, buf, n) != (ssize_t)n)
		e = errno ? -errno : -EIO;
	close(fd);
	return e;
}

/* "ID ID 1\n" into buf (at least 32 bytes): its length. No stdio in the
 * child. */
static size_t map_line(char *buf, unsigned long id)
{
	char digits[24];
	size_t nd = 0, n = 0;

	do
		digits[nd++] = (char)('0' + id % 10);
	while ((id /= 10) > 0);
	for (int rep = 0; rep < 2; rep++) {
		for (size_t k = nd; k-- > 0;)
			buf[n++] = digits[k];
		buf[n++] = ' ';
	}
	buf[n++] = '1';
	buf[n++] = '\n';
	return n;
}

int nskernel_private_users(void)
{
	unsigned long uid = (unsigned long)syscall(SYS_geteuid);
	unsigned long gid = (unsigned long)syscall(SYS_getegid);
	char line[64];
	int e;

	/* setresuid made the process undumpable, which makes its /proc
	 * files root's: its own again, so that it can write its maps. The
	 * execve that follows sets it as for any program. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return -errno;
	if (unshare(CLONE_NEWUSER) < 0)
		return -errno;
	e = write_proc("/proc/self/uid_map", line, map_line(line, uid));
	if (e == 0)
		e = write_proc("/proc/self/setgroups", "deny", 4);
	if (e == 0)
		e = write_proc("/proc/self/gid_map", line, map_line(line, gid));
	return e;
}

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
