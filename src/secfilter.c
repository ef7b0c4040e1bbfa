/* secfilter: seccomp filters made at load, installed by the child (see
 * secfilter.h). */
#include "secfilter.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

/* Groups name groups; this deep is far beyond the table's own nesting,
 * and stops a mistake in it from recursing without end. */
#define GROUP_DEPTH_MAX 4

void secfilter_conf_init(struct secfilter_conf *f)
{
	memset(f, 0, sizeof(*f));
	f->ns_allowed = SECFILTER_NS_ALL;
}

static void free_progs(struct secfilter_conf *f)
{
	for (size_t i = 0; i < f->n_progs; i++)
		free(f->progs[i].insns);
	memset(f->progs, 0, sizeof(f->progs));
	f->n_progs = 0;
}

void secfilter_conf_free(struct secfilter_conf *f)
{
	free_progs(f);
	secfilter_conf_init(f);
}

/* One word of a filter into the set, recursing into groups (depth
 * bounded). Calls are kept as native numbers: the filter is only ever
 * written for the native architecture. */
static int word(struct secfilter_conf *f, const char *w, bool add, int depth)
{
	int nr;

	if (w[0] == '@') {
		const char *const *calls = secfilter_group(w);

		if (!calls || depth > GROUP_DEPTH_MAX)
			return -ENOENT;
		for (; *calls; calls++) {
			int r = word(f, *calls, add, depth + 1);

			/* A member this libseccomp does not know yet: the
			 * group is ours, so skipping it is no surprise. */
			if (r == -ENOENT && (*calls)[0] != '@')
				continue;
			if (r < 0)
				return r;
		}
		return 0;
	}
	nr = seccomp_syscall_resolve_name(w);
	if (nr == __NR_SCMP_ERROR)
		return -ENOENT;
	if (nr < 0)
		return 0; /* known, but not a call of this architecture */
	if (nr >= SECFILTER_NR_MAX)
		return -ERANGE;
	if (add)
		f->syscalls[nr / 64] |= 1ULL << (nr % 64);
	else
		f->syscalls[nr / 64] &= ~(1ULL << (nr % 64));
	return 0;
}

int secfilter_syscall_word(struct secfilter_conf *f, const char *w, bool add)
{
	return word(f, w, add, 0);
}

bool secfilter_has_syscall(const struct secfilter_conf *f, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	return nr >= 0 && nr < SECFILTER_NR_MAX &&
	       (f->syscalls[nr / 64] & (1ULL << (nr % 64)));
}

unsigned long secfilter_ns_flag(const char *name)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} ns[] = {
		{"cgroup", CLONE_NEWCGROUP}, {"ipc", CLONE_NEWIPC},
		{"net", CLONE_NEWNET},	     {"mnt", CLONE_NEWNS},
		{"pid", CLONE_NEWPID},	     {"user", CLONE_NEWUSER},
		{"uts", CLONE_NEWUTS},
	};

	for (size_t i = 0; i < ARRAY_SIZE(ns); i++)
		if (strcmp(ns[i].name, name) == 0)
			return ns[i].flag;
	return 0;
}

int secfilter_af_from_name(const char *name)
{
#define AF(x)                                                                  \
	{                                                                      \
#x, x                                                          \
	}
	static const struct {
		const char *name;
		int af;
	} afs[] = {
		AF(AF_UNIX),	   AF(AF_LOCAL),     AF(AF_INET),
		AF(AF_AX25),	   AF(AF_IPX),	     AF(AF_APPLETALK),
		AF(AF_NETROM),	   AF(AF_BRIDGE),    AF(AF_ATMPVC),
		AF(AF_X25),	   AF(AF_INET6),     AF(AF_ROSE),
		AF(AF_DECnet),	   AF(AF_NETBEUI),   AF(AF_SECURITY),
		AF(AF_KEY),	   AF(AF_NETLINK),   AF(AF_PACKET),
		AF(AF_ASH),	   AF(AF_ECONET),    AF(AF_ATMSVC),
		AF(AF_RDS),	   AF(AF_SNA),	     AF(AF_IRDA),
		AF(AF_PPPOX),	   AF(AF_WANPIPE),   AF(AF_LLC),
		AF(AF_IB),	   AF(AF_MPLS),	     AF(AF_CAN),
		AF(AF_TIPC),	   AF(AF_BLUETOOTH), AF(AF_IUCV),
		AF(AF_RXRPC),	   AF(AF_ISDN),	     AF(AF_PHONET),
		AF(AF_IEEE802154), AF(AF_CAIF),	     AF(AF_ALG),
		AF(AF_NFC),	   AF(AF_VSOCK),     AF(AF_KCM),
		AF(AF_QIPCRTR),	   AF(AF_SMC),	     AF(AF_XDP),
	};
#undef AF

	for (size_t i = 0; i < ARRAY_SIZE(afs); i++)
		if (strcmp(afs[i].name, name) == 0)
			return afs[i].af < SECFILTER_AF_MAX ? afs[i].af : -1;
	return -1;
}

/* The C library's own names (glibc 2.32 and later), so that every errno
 * the system knows can be named without a table of ours. */
int secfilter_errno_from_name(const char *name)
{
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return -1;
}

/* ---- Building ---------------------------------------------------- */

/* A rule on a call by name; a call this architecture lacks has nothing
 * to filter. */
static int rule(scmp_filter_ctx ctx, uint32_t action, const char *call,
		unsigned n, const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(call);

	if (nr < 0)
		return 0;
	return seccomp_rule_add_array(ctx, action, nr, n, cmp);
}

#define CMP_HAS(arg, bits) SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, bits, bits)

/* RestrictNamespaces=: a flag that is not allowed fails clone, unshare
 * and setns with EPERM; clone3 hides its flags in memory the filter
 * cannot read, so it fails with ENOSYS and the C library falls back to
 * clone; setns with type 0 (any) could enter anything, so it fails. */
static int add_namespaces(scmp_filter_ctx ctx, unsigned long denied)
{
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	struct scmp_arg_cmp any = SCMP_A1(SCMP_CMP_EQ, 0);
	int r = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL);

	if (r == 0)
		r = rule(ctx, eperm, "setns", 1, &any);
	for (int bit = 0; r == 0 && bit < 64; bit++) {
		unsigned long fl = 1UL << bit;
		struct scmp_arg_cmp a0 = CMP_HAS(0, fl), a1 = CMP_HAS(1, fl);

		if (!(denied & fl))
			continue;
		r = rule(ctx, eperm, "unshare", 1, &a0);
		if (r == 0)
			r = rule(ctx, eperm, "clone", 1, &a0);
		if (r == 0)
			r = rule(ctx, eperm, "setns", 1, &a1);
	}
	return r;
}

/* RestrictRealtime=: the real-time and deadline policies fail with
 * EPERM (SCHED_RESET_ON_FORK masked off); sched_setattr, whose policy
 * is in memory, fails always. */
static int add_realtime(scmp_filter_ctx ctx)
{
	static const int rt[] = {SCHED_FIFO, SCHED_RR, 6 /* DEADLINE */};
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	int r = rule(ctx, eperm, "sched_setattr", 0, NULL);

	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(rt); i++) {
		struct scmp_arg_cmp c =
			SCMP_A1(SCMP_CMP_MASKED_EQ,
				~(uint32_t)SCHED_RESET_ON_FORK, rt[i]);

		r = rule(ctx, eperm, "sched_setscheduler", 1, &c);
	}
	return r;
}

/* RestrictSUIDSGID=: making a file set-user-ID or set-group-ID fails
 * with EPERM, by chmod, by mknod or by creating it so; openat2 hides
 * its mode in memory and fails with ENOSYS (the C library falls back). */
static int add_suid_sgid(scmp_filter_ctx ctx)
{
	static const struct {
		const char *call;
		int mode_arg, flags_arg; /* -1: none */
	} calls[] = {
		{"chmod", 1, -1}, {"fchmod", 1, -1},  {"fchmodat", 2, -1},
		{"mknod", 1, -1}, {"mknodat", 2, -1}, {"creat", 1, -1},
		{"open", 2, 1},	  {"openat", 3, 2},
	};
	static const unsigned bits[] = {S_ISUID, S_ISGID};
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	int r = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "openat2", 0, NULL);

	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(calls); i++)
		for (size_t b = 0; r == 0 && b < ARRAY_SIZE(bits); b++) {
			struct scmp_arg_cmp c[2] = {
				CMP_HAS((unsigned)calls[i].mode_arg, bits[b]),
				CMP_HAS((unsigned)calls[i].flags_arg, O_CREAT),
			};

			r = rule(ctx, eperm, calls[i].call,
				 calls[i].flags_arg >= 0 ? 2 : 1, c);
		}
	return r;
}

/* MemoryDenyWriteExecute=: no mapping both writable and executable, and
 * nothing made executable later. */
static int add_mdwe(scmp_filter_ctx ctx)
{
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	struct scmp_arg_cmp wx = CMP_HAS(2, PROT_WRITE | PROT_EXEC),
			    x = CMP_HAS(2, PROT_EXEC),
			    shx = CMP_HAS(2, SHM_EXEC);
	int r = rule(ctx, eperm, "mmap", 1, &wx);

	if (r == 0)
		r = rule(ctx, eperm, "mprotect", 1, &x);
	if (r == 0)
		r = rule(ctx, eperm, "pkey_mprotect", 1, &x);
	if (r == 0)
		r = rule(ctx, eperm, "shmat", 1, &shx);
	return r;
}

/* RestrictAddressFamilies=: socket() of a family not allowed fails with
 * EAFNOSUPPORT, as if the kernel lacked it. */
static int add_families(scmp_filter_ctx ctx, const struct secfilter_conf *f)
{
	uint32_t act = SCMP_ACT_ERRNO(EAFNOSUPPORT);
	struct scmp_arg_cmp beyond = SCMP_A0(SCMP_CMP_GE, SECFILTER_AF_MAX);
	int r = f->af_allow_list ? rule(ctx, act, "socket", 1, &beyond) : 0;

	for (int af = 0; r == 0 && af < SECFILTER_AF_MAX; af++) {
		bool in = f->families & (1ULL << af);
		struct scmp_arg_cmp c = SCMP_A0(SCMP_CMP_EQ, (unsigned)af);

		if (in != f->af_allow_list)
			r = rule(ctx, act, "socket", 1, &c);
	}
	return r;
}

/* The program of ctx, exported by libseccomp into a memfd and read back
 * (this libseccomp cannot export into memory). */
static int export_prog(scmp_filter_ctx ctx, struct secfilter_prog *p)
{
	int fd = memfd_create("svinit-seccomp", MFD_CLOEXEC);
	off_t size;
	void *buf;
	int r;

	if (fd < 0)
		return -errno;
	r = seccomp_export_bpf(ctx, fd);
	size = r == 0 ? lseek(fd, 0, SEEK_END) : -1;
	if (r == 0 && size < 0)
		r = -errno;
	if (r == 0 && (size == 0 || size % sizeof(struct sock_filter) ||
		       size / sizeof(struct sock_filter) > BPF_MAXINSNS))
		r = -E2BIG;
	buf = r == 0 ? malloc((size_t)size) : NULL;
	if (r == 0 && !buf)
		r = -ENOMEM;
	if (r == 0 && pread(fd, buf, (size_t)size, 0) != size)
		r = -EIO;
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	p->insns = buf;
	p->len = (unsigned short)(size / sizeof(struct sock_filter));
	return 0;
}

/* A context for the native architecture that kills a process calling
 * in another one (secfilter.h says why). */
static scmp_filter_ctx new_ctx(uint32_t def)
{
	scmp_filter_ctx ctx = seccomp_init(def);

	if (ctx && seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				    SCMP_ACT_KILL_PROCESS) < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

/* SystemCallFilter=: an allow list denies by default and allows each call
 * of the set; a deny list allows by default. Denied means killed, or the
 * SystemCallErrorNumber= errno. With only SystemCallArchitectures= the
 * set is empty and the program only checks the architecture. */
static int build_syscalls(struct secfilter_conf *f, scmp_filter_ctx *out)
{
	uint32_t deny = f->error_number ? SCMP_ACT_ERRNO(f->error_number)
					: SCMP_ACT_KILL_PROCESS;
	bool allow = f->filter_set && f->allow_list;
	scmp_filter_ctx ctx = new_ctx(allow ? deny : SCMP_ACT_ALLOW);
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	for (int nr = 0; r == 0 && f->filter_set && nr < SECFILTER_NR_MAX; nr++)
		if (f->syscalls[nr / 64] & (1ULL << (nr % 64)))
			r = seccomp_rule_add(ctx, allow ? SCMP_ACT_ALLOW : deny,
					     nr, 0);
	*out = ctx;
	return r;
}

/* The argument checks of the Restrict*= keys and their kin, all in one
 * program that allows by default: each rule fails one call with given
 * arguments. */
static int build_restrictions(struct secfilter_conf *f, scmp_filter_ctx *out)
{
	scmp_filter_ctx ctx = new_ctx(SCMP_ACT_ALLOW);
	unsigned long denied = SECFILTER_NS_ALL & ~f->ns_allowed;
	struct scmp_arg_cmp other = SCMP_A0(SCMP_CMP_NE, f->personality);
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	if (denied)
		r = add_namespaces(ctx, denied);
	if (r == 0 && f->restrict_realtime)
		r = add_realtime(ctx);
	if (r == 0 && f->restrict_suid_sgid)
		r = add_suid_sgid(ctx);
	/* LockPersonality=: only the service's own personality may be set
	 * (Personality=, else Linux's). */
	if (r == 0 && f->lock_personality)
		r = rule(ctx, SCMP_ACT_ERRNO(EPERM), "personality", 1, &other);
	if (r == 0 && f->memory_deny_write_execute)
		r = add_mdwe(ctx);
	if (r == 0 && f->af_set)
		r = add_families(ctx, f);
	*out = ctx;
	return r;
}

/*
 * libseccomp takes about 3 ms to compile a filter such as
 * @system-service, so 1,000 hardened units would add seconds to every
 * load and daemon-reload. Units of one template, or written from one
 * model, ask for the same filters: the last few programs made are kept
 * (in the daemon only, bounded, never freed: reachable until exit) and
 * copied for an identical request. The key is what the program depends
 * on, in zeroed memory so that padding never makes two equal requests
 * differ.
 */
#define CACHE_SLOTS 8

union prog_key {
	struct {
		uint64_t syscalls[SECFILTER_NR_MAX / 64];
		int error_number;
		bool filter_set, allow_list, arch_native;
	} calls;
	struct {
		uint64_t families;
		unsigned long ns_allowed;
		unsigned long personality;
		bool realtime, suid_sgid, lock_personality, mdwe, af_set,
			af_allow;
	} limits;
};

static struct {
	bool used;
	int kind; /* 0: syscalls, 1: restrictions */
	union prog_key key;
	struct secfilter_prog prog;
} cache[CACHE_SLOTS];
static unsigned cache_next;

static void make_key(const struct secfilter_conf *f, int kind,
		     union prog_key *k)
{
	memset(k, 0, sizeof(*k));
	if (kind == 0) {
		memcpy(k->calls.syscalls, f->syscalls, sizeof(f->syscalls));
		k->calls.error_number = f->error_number;
		k->calls.filter_set = f->filter_set;
		k->calls.allow_list = f->allow_list;
		k->calls.arch_native = f->arch_native;
	} else {
		k->limits.families = f->families;
		k->limits.ns_allowed = f->ns_allowed;
		k->limits.realtime = f->restrict_realtime;
		k->limits.suid_sgid = f->restrict_suid_sgid;
		k->limits.lock_personality = f->lock_personality;
		k->limits.personality = f->personality;
		k->limits.mdwe = f->memory_deny_write_execute;
		k->limits.af_set = f->af_set;
		k->limits.af_allow = f->af_allow_list;
	}
}

static int copy_prog(const struct secfilter_prog *from,
		     struct secfilter_prog *to)
{
	size_t n = (size_t)from->len * sizeof(struct sock_filter);

	to->insns = malloc(n);
	if (!to->insns)
		return -ENOMEM;
	memcpy(to->insns, from->insns, n);
	to->len = from->len;
	return 0;
}

/* 0 with *out a copy of a cached program, -ENOENT, -ENOMEM. */
static int cache_get(int kind, const union prog_key *k,
		     struct secfilter_prog *out)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].used && cache[i].kind == kind &&
		    memcmp(&cache[i].key, k, sizeof(*k)) == 0)
			return copy_prog(&cache[i].prog, out);
	return -ENOENT;
}

/* Keep a copy of p; without memory, simply keep nothing. */
static void cache_put(int kind, const union prog_key *k,
		      const struct secfilter_prog *p)
{
	struct secfilter_prog copy;

	if (copy_prog(p, &copy) < 0)
		return;
	free(cache[cache_next].prog.insns);
	cache[cache_next].used = true;
	cache[cache_next].kind = kind;
	cache[cache_next].key = *k;
	cache[cache_next].prog = copy;
	cache_next = (cache_next + 1) % CACHE_SLOTS;
}

static int build_prog(struct secfilter_conf *f, int kind,
		      struct secfilter_prog *out)
{
	scmp_filter_ctx ctx = NULL;
	union prog_key key;
	int r;

	make_key(f, kind, &key);
	r = cache_get(kind, &key, out);
	if (r != -ENOENT)
		return r;
	r = kind == 0 ? build_syscalls(f, &ctx) : build_restrictions(f, &ctx);
	if (r == 0)
		r = export_prog(ctx, out);
	seccomp_release(ctx);
	if (r == 0)
		cache_put(kind, &key, out);
	return r;
}

int secfilter_build(struct secfilter_conf *f, char *buf, size_t size,
		    const char **why)
{
	bool limits = f->ns_allowed != SECFILTER_NS_ALL ||
		      f->restrict_realtime || f->restrict_suid_sgid ||
		      f->lock_personality || f->memory_deny_write_execute ||
		      f->af_set;
	bool calls = f->filter_set || f->arch_native;
	int r = 0;

	free_progs(f);
	/* The restrictions first: the SystemCallFilter= program may not
	 * allow seccomp(2) itself (@system-service minus @privileged does
	 * not), and nothing can be loaded after it. systemd also applies
	 * it last. */
	for (int k = 1; r == 0 && k >= 0; k--) {
		if (!(k == 0 ? calls : limits))
			continue;
		r = build_prog(f, k, &f->progs[f->n_progs]);
		if (r == 0)
			f->n_progs++;
	}
	if (r == 0 || r == -ENOMEM)
		return r;
	free_progs(f);
	snprintf(buf, size, "cannot build the seccomp filter: %s",
		 strerror(-r));
	*why = buf;
	return -EINVAL;
}

/* In the child: one seccomp(2) per program; the kernel runs all of them
 * on every call and the strictest answer wins. */
int secfilter_apply(const struct secfilter_conf *f)
{
	for (size_t i = 0; i < f->n_progs; i++) {
		struct sock_fprog p = {
			.len = f->progs[i].len,
			.filter = f->progs[i].insns,
		};

		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) < 0)
			return -errno;
	}
	return 0;
}
