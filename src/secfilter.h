/*
 * secfilter: a service's seccomp filters, built with libseccomp at load.
 *
 * Owns: `struct secfilter_conf`, what the unit asks (SystemCallFilter=,
 * SystemCallErrorNumber=, SystemCallArchitectures=, RestrictNamespaces=,
 * RestrictRealtime=, RestrictSUIDSGID=, LockPersonality=,
 * MemoryDenyWriteExecute=, RestrictAddressFamilies=) and the BPF programs
 * made from it; the table of syscall groups (@system-service, @mount,
 * ..., secfilter_groups.c); and the child's one call that installs the
 * programs.
 *
 * The rules, as in systemd unless said:
 * - SystemCallFilter=: the first non-empty assignment decides: a list is
 *   an allow list (every other call fails; @default is always allowed,
 *   so that a program can start and exit), `~list` a deny list. Later
 *   assignments of the same kind add to the set, of the other kind take
 *   away from it. An empty assignment forgets everything.
 * - A name libseccomp does not know is refused (an error at load, where
 *   systemd logs and ignores it): in a deny list ignoring it would allow
 *   what was denied. A known call that this architecture lacks is
 *   ignored: there is nothing to filter. Inside a group, names this
 *   libseccomp does not know are skipped, as the group is ours.
 * - Every filter svinit installs covers the native architecture only and
 *   kills a process that makes a system call of another one (32-bit
 *   calls on x86-64): the rules are only written for the native one.
 *   So any filter implies SystemCallArchitectures=native, which is
 *   stricter, never weaker, than systemd's default.
 * - The filters are built by secfilter_build after every file was read
 *   and kept as BPF; the child installs them with seccomp(2), last,
 *   right before execve (privs.h).
 */
#ifndef SVINIT_SECFILTER_H
#define SVINIT_SECFILTER_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Syscall numbers of the native architecture below this fit the set. */
#define SECFILTER_NR_MAX 1024
/* At most this many programs: the syscall filter, and one for the
 * argument checks of the Restrict*= keys and their kin. */
#define SECFILTER_PROGS_MAX 2
/* Address families below this fit the set (AF_MAX is 46 on Linux 6.1). */
#define SECFILTER_AF_MAX 64

struct secfilter_prog {
	void *insns; /* struct sock_filter[len] */
	unsigned short len;
};

struct secfilter_conf {
	/* SystemCallFilter=: set when a non-empty assignment was read. */
	bool filter_set;
	bool allow_list;
	uint64_t syscalls[SECFILTER_NR_MAX / 64];
	/* SystemCallErrorNumber=: 0 kills the process (the default). */
	int error_number;
	bool arch_native; /* SystemCallArchitectures=native */

	/* RestrictNamespaces=: the CLONE_NEW* flags a service may use;
	 * SECFILTER_NS_ALL (the default) restricts nothing. */
	unsigned long ns_allowed;
	bool restrict_realtime;
	bool restrict_suid_sgid;
	bool lock_personality;
	unsigned long personality; /* the one it keeps: Personality= or Linux */
	bool memory_deny_write_execute;

	/* RestrictAddressFamilies=: like SystemCallFilter= (first
	 * assignment decides; `none` is an empty allow list). */
	bool af_set;
	bool af_allow_list;
	uint64_t families; /* bit AF_X */

	/* Made by secfilter_build; owned. */
	struct secfilter_prog progs[SECFILTER_PROGS_MAX];
	size_t n_progs;
};

/* The namespace flags RestrictNamespaces= knows: cgroup ipc net mnt pid
 * user uts. */
#define SECFILTER_NS_ALL                                                       \
	(CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS |         \
	 CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWUTS)

void secfilter_conf_init(struct secfilter_conf *f);
void secfilter_conf_free(struct secfilter_conf *f);

/*
 * One word of SystemCallFilter=: a call name or an @group, added to the
 * set when add is true, else taken away. -ENOENT for a name libseccomp
 * does not know or an unknown group; -ERANGE for a call number beyond
 * SECFILTER_NR_MAX.
 */
int secfilter_syscall_word(struct secfilter_conf *f, const char *word,
			   bool add);
/* Whether the native call name is in the set (for tests); false for a
 * name that does not resolve. */
bool secfilter_has_syscall(const struct secfilter_conf *f, const char *name);

/* "cgroup" -> CLONE_NEWCGROUP ...; 0 for an unknown name. */
unsigned long secfilter_ns_flag(const char *name);
/* "AF_INET" -> AF_INET; -1 for an unknown name. */
int secfilter_af_from_name(const char *name);
/* "EPERM" -> EPERM (1..4095); -1 for an unknown name. */
int secfilter_errno_from_name(const char *name);

/*
 * Make the BPF programs from what was parsed (replacing earlier ones).
 * 0; -EINVAL with *why (a static string or one in buf) when libseccomp
 * refuses the filter; -ENOMEM.
 */
int secfilter_build(struct secfilter_conf *f, char *buf, size_t size,
		    const char **why);

/* In the child: install every program, in order. 0 or -errno. */
int secfilter_apply(const struct secfilter_conf *f);

/* secfilter_groups.c: the names (calls and @groups) of group name
 * ("@mount"), NULL-terminated, or NULL for an unknown group. */
const char *const *secfilter_group(const char *name);
/* The group names, NULL-terminated, for man pages and tests. */
extern const char *const secfilter_group_names[];

#endif
