/*
 * spawn, the child's side: the steps between clone and execve, making the
 * child, and the status pipe's protocol. Preparation (ids, environment,
 * program, directory) is in spawn.c; the contract is in spawn.h.
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

/* Under valgrind the daemon cannot share its fd table with the child:
 * valgrind aborts on clone flags other than a thread's or (v)fork's. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

/* What the child writes to the status pipe: one write of 8 bytes, below
 * PIPE_BUF, so the parent reads all of it or nothing. */
struct spawn_msg {
	int step;
	int err;
};

/* ---- The child --------------------------------------------------- *
 * Everything below until spawn_start runs between fork (or clone) and
 * execve. With SPAWN_VFORK that is in the daemon's own memory (CLONE_VM)
 * while the daemon waits (CLONE_VFORK). So on top of the usual rules
 * (async-signal-safe calls only, no allocation, no stdio, no return to
 * the caller) the child writes no memory but its own stack and the
 * LISTEN_PID= and WATCHDOG_PID= entries the parent copied for it: not the
 * request, not a
 * static, not a lock. The one exception is errno, which then lives in the
 * daemon's thread: the parent never reads it across the clone. Each step
 * sets *step before it acts, so a failure names it. */

/* The entries of envp that get the child's own pid (spawn.h). */
#define PID_ENTRIES 2

/* What the parent hands the child; the child may write pid_entry only. */
struct child_args {
	const struct spawn_req *r;
	char *const *envp; /* what execve gets */
	/* The LISTEN_PID= and WATCHDOG_PID= entries of envp, or NULL. */
	char *pid_entry[PID_ENTRIES];
	long max_fd;
	int status_fd, status_rd; /* the pipe's write and read ends */
	/* The child starts on the daemon's fd table (CLONE_FILES): it must
	 * take its own before it opens, closes or moves any fd. */
	bool shared_fds;
	/* The unit's cgroup2 cgroup.procs, when the child was not born in
	 * that cgroup (clone3 could not be used): the child joins it. */
	int cgroup_procs;
};

/* The kernel's calls, not the C library's wrappers: once a process has
 * had a second thread, glibc makes set*id a handshake with every thread
 * through shared state, which here is the daemon's. The 32-bit systems
 * name the calls that take full-width ids *32. */
#ifdef SYS_setresuid32
#define RAW_SETGROUPS SYS_setgroups32
#define RAW_SETRESGID SYS_setresgid32
#define RAW_SETRESUID SYS_setresuid32
#else
#define RAW_SETGROUPS SYS_setgroups
#define RAW_SETRESGID SYS_setresgid
#define RAW_SETRESUID SYS_setresuid
#endif

static int child_signals(void)
{
	/* The kernel's struct sigaction: the raw call reaches every signal,
	 * including the two real-time ones the C library keeps for itself
	 * and refuses to touch, which a parent may have blocked or ignored. */
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} dfl = {.handler = SIG_DFL};
	uint64_t none = 0;

	/* Dispositions first: with the mask open, a handler inherited from
	 * the daemon could otherwise run in the child, on the daemon's
	 * memory. */
	for (int sig = 1; sig < _NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(none)) <
		    0)
			return -errno;
	}
	if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL,
		    sizeof(none)) < 0)
		return -errno;
	return 0;
}

/* Close every fd from `from` up except keep (keep >= from): close_range
 * when the kernel has it (5.9), else one close per fd number below max_fd,
 * counted in the parent. The child has its own fd table by now (see
 * child_own_fds), so the daemon's fds stay open. */
static int close_others(int from, int keep, long max_fd)
{
	int e = 0;

	if (keep > from && close_range((unsigned)from, (unsigned)keep - 1, 0))
		e = errno;
	if (e == 0 && close_range((unsigned)keep + 1, ~0U, 0) < 0)
		e = errno;
	if (e == 0)
		return 0;
	if (e != ENOSYS)
		return -e;
	for (long fd = from; fd < max_fd; fd++)
		if (fd != keep)
			(void)close((int)fd); /* EBADF: was not open */
	return 0;
}

/*
 * Give the child exactly its fds: 0-2 and the passed ones at 3, 4, ...
 * Sources may sit anywhere, even on a target number, so every source (and
 * the status pipe) is first duplicated above the last target; then the
 * targets are filled from those copies, which nothing can clobber; then
 * everything above the targets except the status pipe is closed.
 */
static int child_fds(const struct spawn_req *r, int *status_fd, long max_fd)
{
	int lifted[3 + SPAWN_PASS_FDS_MAX];
	int n = 3 + (int)r->n_pass_fds;
	int src[3] = {r->stdin_fd, r->stdout_fd, r->stderr_fd};
	int null_fd = -1, fd;

	if (*status_fd < n) {
		fd = fcntl(*status_fd, F_DUPFD_CLOEXEC, n);
		if (fd < 0)
			return -errno;
		*status_fd = fd;
	}
	if (src[0] < 0 || src[1] < 0 || src[2] < 0) {
		null_fd = open("/dev/null", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (null_fd < 0)
			return -errno;
	}
	for (int t = 0; t < n; t++) {
		int s = t < 3 ? src[t] : r->pass_fds[t - 3];

		lifted[t] = fcntl(s < 0 ? null_fd : s, F_DUPFD_CLOEXEC, n);
		if (lifted[t] < 0)
			return -errno;
	}
	/* dup2 leaves the copy without close-on-exec: it is inherited. */
	for (int t = 0; t < n; t++)
		if (dup2(lifted[t], t) < 0)
			return -errno;
	return close_others(n, *status_fd, max_fd);
}

/* Write the child's pid over the placeholder's zeros (after the `=`), in
 * the entry the parent copied for this child (the request's own stays as
 * it was). */
static void fill_pid(char *entry)
{
	char digits[24], *v = strchr(entry, '=') + 1;
	int nd = 0;
	pid_t pid = getpid();

	do {
		digits[nd++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid > 0);
	for (int k = 0; k < nd; k++)
		v[k] = digits[nd - 1 - k];
	v[nd] = '\0';
}

static char *const empty_env[] = {NULL};

static int child_steps(const struct child_args *a, int *status_fd, int *step)
{
	const struct spawn_req *r = a->r;
	const struct spawn_hooks *h = r->hooks;
	int e;

	*step = SPAWN_STEP_SIGNALS;
	e = child_signals();
	if (e < 0)
		return e;

	*step = SPAWN_STEP_SESSION;
	if (r->new_session && setsid() < 0)
		return -errno;

	/* Before the fds are rearranged: these are the daemon's numbers. */
	*step = SPAWN_STEP_CGROUP;
	if (a->cgroup_procs >= 0 && write(a->cgroup_procs, "0", 1) != 1)
		return -errno;
	for (size_t i = 0; i < r->n_cgroup_fds; i++)
		if (write(r->cgroup_fds[i], "0", 1) != 1)
			return -errno;

	*step = SPAWN_STEP_FDS;
	e = child_fds(r, status_fd, a->max_fd);
	if (e < 0)
		return e;

	if (h && h->privileged) {
		*step = SPAWN_STEP_NAMESPACE;
		e = h->privileged(r->hook_data, step);
		if (e < 0)
			return e;
	}

	if (r->nofile) {
		*step = SPAWN_STEP_LIMITS;
		if (setrlimit(RLIMIT_NOFILE, r->nofile) < 0)
			return -errno;
	}

	*step = SPAWN_STEP_UMASK;
	umask(r->umask);

	if (r->set_gid) {
		*step = SPAWN_STEP_GROUPS;
		if (syscall(RAW_SETGROUPS, r->n_groups, r->groups) < 0)
			return -errno;
		*step = SPAWN_STEP_GID;
		if (syscall(RAW_SETRESGID, r->gid, r->gid, r->gid) < 0)
			return -errno;
	}
	if (r->set_uid) {
		*step = SPAWN_STEP_UID;
		if (syscall(RAW_SETRESUID, r->uid, r->uid, r->uid) < 0)
			return -errno;
	}

	/* As the service's user, not as root: a directory the user may not
	 * enter (or one on root-squashed NFS) fails here, as it would for
	 * the service itself. */
	*step = SPAWN_STEP_CHDIR;
	if (chdir(r->cwd ? r->cwd : "/") < 0) {
		if (!r->cwd_optional || errno != ENOENT || chdir("/") < 0)
			return -errno;
	}

	if (h && h->before_exec) {
		*step = SPAWN_STEP_CAPABILITIES;
		e = h->before_exec(r->hook_data, step);
		if (e < 0)
			return e;
	}

	*step = SPAWN_STEP_EXEC;
	for (int k = 0; k < PID_ENTRIES; k++)
		if (a->pid_entry[k])
			fill_pid(a->pid_entry[k]);
	execve(r->path, r->argv, a->envp);
	return -errno;
}

/*
 * A child born on the daemon's fd table takes a table of its own: with
 * CLOSE_RANGE_UNSHARE and a range up to the top, the kernel copies only
 * the fds below SPAWN_FD_HIGH, so the daemon's many long-lived fds above
 * it are neither copied nor closed one by one. Before Linux 5.9 (no
 * close_range, or no such flag) a whole copy; the FDS step closes the
 * rest either way. Until this succeeds the child must not touch an fd:
 * the daemon's would change.
 */
static int child_own_fds(void)
{
	if (close_range(SPAWN_FD_HIGH, ~0U, CLOSE_RANGE_UNSHARE) == 0)
		return 0;
	if (unshare(CLONE_FILES) == 0)
		return 0;
	return -errno;
}

static _Noreturn void child_main(const struct child_args *a)
{
	struct spawn_msg m = {.step = SPAWN_STEP_FDS};
	int status_fd = a->status_fd, e = 0;

	if (a->shared_fds)
		e = child_own_fds();
	if (e == 0) {
		/* EBADF when it was at or above SPAWN_FD_HIGH: already gone. */
		close(a->status_rd);
		e = child_steps(a, &status_fd, &m.step);
	}
	m.err = e < 0 ? -e : EIO;
	/* If even this fails, the exit code still names the step. */
	while (write(status_fd, &m, sizeof(m)) < 0 && errno == EINTR)
		;
	_exit(spawn_step_exit_status(m.step));
}

/* ---- Back in the parent ------------------------------------------ */

/*
 * How the child is made. By default (SPAWN_VFORK, spawn.h),
 * clone(CLONE_VM | CLONE_VFORK) as
 * posix_spawn does: no copy of the daemon's page tables and no
 * copy-on-write faults in the daemon afterwards, but the daemon sleeps
 * until the child has exec'd or exited (which is also why one stack, made
 * once, serves every child). With CLONE_FILES too, the child starts on
 * the daemon's fd table and takes its own with only the fds below
 * SPAWN_FD_HIGH (child_own_fds): while the daemon's long-lived fds are
 * above it, the child copies and closes a few fds instead of thousands,
 * which is what made the wait cost more than fork (spawn.h). The daemon
 * is asleep in the clone meanwhile, so its table does not change under
 * the child. A fork copies the whole table, as does this clone without
 * CLONE_FILES (some fd the child needs is high, or valgrind). Built with
 * SPAWN_VFORK=0, and under sanitizers, it is fork(): the daemon goes on
 * at once and the child's steps, its closing of the inherited fds and
 * its exec run beside it.
 *
 * AddressSanitizer does not survive CLONE_VM: the child poisons the
 * shadow of its frames on the shared stack and never returns to unpoison
 * them (it execs or exits), so the next child on that stack is reported
 * for stack-use-after-scope; ASan also refuses a stack it did not make
 * ("ignoring __asan_handle_no_return"). Sanitizer builds always fork.
 */
#if SPAWN_VFORK
/* Room for the steps and the hooks; the page below it is a guard, so an
 * overflow kills the child (the daemon sees a child killed before exec)
 * instead of writing over the daemon's memory. */
#define CHILD_STACK_SIZE (64 * 1024)

static char *child_stack_top;

static int child_stack(char **top)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len;
	char *p;

	if (child_stack_top) {
		*top = child_stack_top;
		return 0;
	}
	if (page <= 0)
		page = 4096;
	len = CHILD_STACK_SIZE + (size_t)page;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	/* Stacks grow down on every Linux port svinit builds for. */
	if (mprotect(p, (size_t)page, PROT_NONE) < 0) {
		int e = -errno;

		munmap(p, len);
		return e;
	}
	child_stack_top = p + len;
	*top = child_stack_top;
	return 0;
}

static int child_entry(void *arg)
{
	child_main(arg);
}

/*
 * clone3 with CLONE_INTO_CGROUP: the child is born in the unit's cgroup2
 * cgroup. Joining it afterwards (a write of "0" to cgroup.procs) is a
 * migration, which takes the kernel's cgroup_threadgroup_rwsem for
 * writing and waits for an RCU grace period when it is idle: it costs
 * each start and restart far more than being born there.
 *
 * clone3 has no C library wrapper that runs a function on a new stack
 * (the child of a CLONE_VM clone3 returns from the system call on the
 * stack it was given, where no C frame exists), so on x86-64 a few
 * instructions do what clone(3) does: the child calls fn(arg) and exits
 * with its value (child_entry never returns). Elsewhere, and where the
 * kernel or a seccomp filter refuses clone3, clone() is used and the
 * child joins its cgroup itself.
 */
struct clone3_args { /* struct clone_args of linux/sched.h (5.7) */
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define CLONE3_INTO_CGROUP 0x200000000ULL

#if defined(__x86_64__)
static long clone3_run(struct clone3_args *ca, int (*fn)(void *), void *arg)
{
	register int (*r12)(void *) __asm__("r12") = fn;
	register void *r13 __asm__("r13") = arg;
	long ret;

	/* r12 and r13 reach the child as they are; the kernel points its
	 * stack pointer at stack + stack_size, 16-byte aligned, so the
	 * call leaves it as the ABI wants at the callee's entry. */
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "mov %%r13, %%rdi\n\t"
			 "call *%%r12\n\t"
			 "mov %%eax, %%edi\n\t"
			 "mov $60, %%eax\n\t" /* exit */
			 "syscall\n\t"
			 "hlt\n"
			 "1:"
			 : "=a"(ret)
			 : "0"(435L), "D"(ca), "S"(sizeof(*ca)), "r"(r12),
			   "r"(r13)
			 : "rcx", "r11", "memory");
	return ret;
}
#define HAVE_CLONE3_RUN 1
#else
#define HAVE_CLONE3_RUN 0
#endif

/* Cleared for good when clone3 or its cgroup flag is unknown here. */
static bool clone3_usable = HAVE_CLONE3_RUN;

/* Make the child: born in r->cgroup_dir with clone3 when it can, else
 * with clone(), the child then joining the cgroup through a->cgroup_procs
 * (opened here, closed by the caller). The pid, or -errno. */
static pid_t make_child(struct child_args *a, char *stack, int flags)
{
	const struct spawn_req *r = a->r;
	pid_t child;

	if (r->cgroup_dir >= 0 && clone3_usable) {
#if HAVE_CLONE3_RUN
		struct clone3_args ca = {
			.flags = (uint64_t)flags | CLONE3_INTO_CGROUP,
			.exit_signal = SIGCHLD,
			.stack = (uintptr_t)(stack - CHILD_STACK_SIZE),
			.stack_size = CHILD_STACK_SIZE,
			.cgroup = (uint64_t)r->cgroup_dir,
		};
		long ret = clone3_run(&ca, child_entry, a);

		if (ret > 0)
			return (pid_t)ret;
		/* An old kernel, or a filter that hides clone3: never
		 * again. Any other error: the slow way this time, whose
		 * write says what is wrong at step CGROUP. */
		if (ret == -ENOSYS || ret == -E2BIG)
			clone3_usable = false;
#endif
	}
	if (r->cgroup_dir >= 0) {
		a->cgroup_procs = openat(r->cgroup_dir, "cgroup.procs",
					 O_WRONLY | O_CLOEXEC);
		if (a->cgroup_procs < 0)
			return -errno;
	}
	child = clone(child_entry, stack, flags | SIGCHLD, a);
	return child < 0 ? -errno : child;
}

/* Whether every fd the child keeps is below SPAWN_FD_HIGH, the only ones
 * a shared table lets it have. */
static bool child_fds_low(const struct spawn_req *r, int status_fd)
{
	int std[3] = {r->stdin_fd, r->stdout_fd, r->stderr_fd};

	if (status_fd >= SPAWN_FD_HIGH)
		return false;
	for (size_t i = 0; i < 3; i++)
		if (std[i] >= SPAWN_FD_HIGH)
			return false;
	for (size_t i = 0; i < r->n_pass_fds; i++)
		if (r->pass_fds[i] >= SPAWN_FD_HIGH)
			return false;
	for (size_t i = 0; i < r->n_cgroup_fds; i++)
		if (r->cgroup_fds[i] >= SPAWN_FD_HIGH)
			return false;
	/* The fallback's cgroup.procs is opened after this check, low. */
	return r->cgroup_dir < SPAWN_FD_HIGH;
}
#endif

/* With LISTEN_PID= or WATCHDOG_PID= in envp: a copy of the pointer
 * array (owned by the caller) whose entries point at bufs, copies of the
 * placeholders that the child fills. The request is shared with the
 * child, which must not write it, and may be spawned again. */
static int pid_env(char *const *envp, char bufs[PID_ENTRIES][40], char ***copy,
		   char **entry)
{
	static const char *const keys[PID_ENTRIES] = {"LISTEN_PID=",
						      "WATCHDOG_PID="};
	size_t n = strv_len(envp);

	*copy = NULL;
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < PID_ENTRIES; k++) {
			if (!str_has_prefix(envp[i], keys[k]) || entry[k])
				continue;
			if (strlen(envp[i]) >= sizeof(bufs[k]))
				return -EINVAL;
			if (!*copy) {
				*copy = malloc((n + 1) * sizeof(**copy));
				if (!*copy)
					return -ENOMEM;
				memcpy(*copy, envp, (n + 1) * sizeof(**copy));
			}
			strcpy(bufs[k], envp[i]);
			(*copy)[i] = bufs[k];
			entry[k] = bufs[k];
		}
	}
	return 0;
}

int spawn_start(const struct spawn_req *r, pid_t *pid, int *status_fd)
{
	char pid_bufs[PID_ENTRIES][40]; /* "WATCHDOG_PID=" and 20 digits */
	struct child_args a = {
		.r = r,
		.envp = r->envp ? r->envp : empty_env,
		.max_fd = sysconf(_SC_OPEN_MAX),
		.cgroup_procs = -1,
	};
	char **env_copy = NULL;
	int p[2], e;
	pid_t child = -1;

	if (!r->path || !r->argv || !r->argv[0] ||
	    r->n_pass_fds > SPAWN_PASS_FDS_MAX ||
	    (r->n_pass_fds > 0 && !r->pass_fds))
		return -EINVAL;
	if (a.max_fd <= 0 || a.max_fd > INT_MAX)
		a.max_fd = 65536;
	if ((r->fill_listen_pid || r->fill_watchdog_pid) && r->envp) {
		e = pid_env(r->envp, pid_bufs, &env_copy, a.pid_entry);
		if (e < 0) {
			free(env_copy);
			return e;
		}
		if (env_copy)
			a.envp = env_copy;
	}
	/* Non-blocking for both ends: the parent's read must never wait,
	 * and the child's single small write always fits. */
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
		e = -errno;
		free(env_copy);
		return e;
	}
	a.status_fd = p[1];
	a.status_rd = p[0];
#if SPAWN_VFORK
	{
		/* Every signal blocked, the C library's own included, until
		 * the child has reset its dispositions: a handler must not
		 * run in the child on the daemon's memory. The daemon blocks
		 * them all anyway; this makes it true for any caller. */
		uint64_t all = ~(uint64_t)0, old;
		char *stack = NULL;

		e = child_stack(&stack);
		if (e == 0 && syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all,
				      &old, sizeof(all)) < 0)
			e = -errno;
		a.shared_fds =
			child_fds_low(r, a.status_fd) && !UNDER_VALGRIND();
		if (e == 0) {
			child = make_child(
				&a, stack,
				CLONE_VM | CLONE_VFORK |
					(a.shared_fds ? CLONE_FILES : 0));
			if (child < 0)
				e = child;
			/* Cannot fail: the mask is the one the kernel gave. */
			(void)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old,
				      NULL, sizeof(old));
		}
	}
#else
	/* fork() and then the child joins its cgroup: sanitizers follow a
	 * fork, not a raw clone3. */
	if (r->cgroup_dir >= 0) {
		a.cgroup_procs = openat(r->cgroup_dir, "cgroup.procs",
					O_WRONLY | O_CLOEXEC);
		if (a.cgroup_procs < 0) {
			e = -errno;
			close(p[0]);
			close(p[1]);
			free(env_copy);
			return e;
		}
	}
	child = fork();
	if (child == 0)
		child_main(&a);
	e = child < 0 ? -errno : 0;
#endif
	if (a.cgroup_procs >= 0)
		close(a.cgroup_procs);
	free(env_copy);
	close(p[1]);
	if (e < 0) {
		close(p[0]);
		return e;
	}
	*pid = child;
	/* It may stay open a while (until the loop reads it), and thousands
	 * may be open during a mass start: out of the way of the next
	 * children. */
	*status_fd = fds_lift(p[0]);
	return 0;
}

int spawn_read_result(int fd, int *step, int *err)
{
	struct spawn_msg m;
	ssize_t k;

	do
		k = read(fd, &m, sizeof(m));
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return errno == EAGAIN ? -EAGAIN : -errno;
	if (k == 0)
		return 1;
	if ((size_t)k != sizeof(m) || m.err <= 0)
		return -EIO;
	*step = m.step;
	*err = m.err;
	return 0;
}
