/*
 * spawn: start one process for one service command.
 *
 * Owns: `struct spawn_req`, everything the child needs computed in the
 * parent (program path, argv, envp, ids, groups, directory, fds), the
 * child's fixed sequence of steps between clone and execve, and the
 * status pipe that reports how far the child got.
 *
 * Use, from the daemon's loop (every signal blocked):
 *
 *	spawn_req_init(&r, unit->name);
 *	spawn_req_set_creds(&r, &svc->creds);
 *	spawn_req_build_env(&r, extra, svc->environment, svc->env_files, n);
 *	(expand $VAR in argv with r.envp: parse_expand_env)
 *	spawn_req_set_command(&r, cmd->path, expanded_argv);
 *	spawn_req_set_cwd(&r, dir, optional, home);
 *	r.stdout_fd = ...; r.umask = svc->umask;
 *	spawn_start(&r, &pid, &status_fd);  (then watch status_fd)
 *	spawn_req_done(&r);
 *
 * A preparation failure starts nothing: the function returns -errno and
 * leaves the step (ENVIRONMENT, EXEC, CHDIR, ...) and the name it failed on
 * in r.fail_step / r.fail_detail for the message. User and group names are
 * not looked up here: the loader resolved them (creds.h), so an unknown
 * user is a load error and a spawn never waits for the name service.
 *
 * The child never allocates, locks, prints or writes memory it shares
 * with the daemon (not even the request): it only makes the system calls
 * of its steps, in the order of enum spawn_step. On the first failure it
 * writes `{step, errno}` to the status pipe and exits with systemd's exit
 * code for that step (203 for EXEC, 200 for CHDIR, ...), so the status is
 * meaningful even to someone who only sees the exit code. The pipe's
 * write end is close-on-exec, so a successful execve closes it and the
 * parent reads end-of-file: that is Type=exec readiness.
 *
 * How the child is made (SPAWN_VFORK below):
 * - By default clone(CLONE_VM | CLONE_VFORK | CLONE_FILES), like
 *   posix_spawn plus a shared fd table (see below). The child runs in the
 *   daemon's memory on one stack made once (so only one thread may call
 *   spawn_start at a time), with its own signal dispositions, ids,
 *   session, umask and directory (no CLONE_SIGHAND, CLONE_FS or
 *   CLONE_THREAD), and spawn_start returns once the child has exec'd or
 *   failed: a failure is then already in the pipe (the end of file of an
 *   exec may come a moment later). No page table is copied, but the
 *   daemon waits for each child's steps and exec; a step that blocks (a
 *   hook, a directory or program on a hung network file system) holds the
 *   daemon. Without CLONE_FILES (before the long-lived fds were moved
 *   high) this was 2-5x slower than fork for starting 1,000 services on a
 *   2-CPU VM: each child copied and closed 4,000 fds while the daemon
 *   waited. With them high, measured on that VM with 1,000 services:
 *   start 240-360 ms against 420-515 ms with fork, restart after kill -9
 *   0.6-1.05 ms against 1.4-1.6 ms.
 * - Built with -DSPAWN_VFORK=0, and always under AddressSanitizer:
 *   fork(). spawn_start returns at once and the child's steps and exec
 *   run beside the daemon. The status pipe is non-blocking and is read
 *   with spawn_read_result when the loop says it is readable.
 * Either way the child is reaped by the daemon's SIGCHLD handling.
 *
 * The daemon's fd table: a fork copies all of it and the child must close
 * every copy (close_range then flushes each file: filp_flush, locks, ...),
 * thousands of fds with many units. So the fds that live long and exist
 * per unit (log pipes, log files) are moved to SPAWN_FD_HIGH and up with
 * fds_lift, and the fds a child needs (stdio, passed fds, the status
 * pipe), made right before a spawn, stay below it. With SPAWN_VFORK the
 * child shares the daemon's table (CLONE_FILES) for a moment: its first
 * act is close_range(SPAWN_FD_HIGH, ~0U, CLOSE_RANGE_UNSHARE), which gives
 * it a table of its own holding only the fds below SPAWN_FD_HIGH, so the
 * high ones are neither copied nor closed. A spawn whose fds are not all
 * below SPAWN_FD_HIGH, or a daemon run under valgrind (which refuses that
 * clone), copies the whole table as fork does.
 */
#ifndef SVINIT_SPAWN_H
#define SVINIT_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "fds.h"
#include "unit.h"

/* Where a bare program name is looked up (systemd's fixed search path),
 * and the PATH a service gets when its unit sets none. */
#define SPAWN_DEFAULT_PATH                                                     \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* At most this many fds are passed (socket activation); they become fds
 * 3, 4, ... in the child. */
#define SPAWN_PASS_FDS_MAX 256

enum spawn_step {
	SPAWN_STEP_NONE,
	/* In the parent, before the clone: nothing was started. */
	SPAWN_STEP_ENVIRONMENT,
	SPAWN_STEP_FORK,
	/* In the child, in this order. */
	SPAWN_STEP_SIGNALS, /* default dispositions, empty mask */
	SPAWN_STEP_SESSION, /* setsid: own session and process group */
	SPAWN_STEP_CGROUP,  /* "0" to each of cgroup_fds: born inside */
	SPAWN_STEP_FDS,	    /* stdio, passed fds, close the rest */
	/* Reserved for hooks->privileged (sandbox), in this order;
	 * RuntimeDirectory= and its kin first (nsdirs.h). */
	SPAWN_STEP_RUNTIME_DIRECTORY,
	SPAWN_STEP_STATE_DIRECTORY,
	SPAWN_STEP_CACHE_DIRECTORY,
	SPAWN_STEP_LOGS_DIRECTORY,
	SPAWN_STEP_CONFIGURATION_DIRECTORY,
	SPAWN_STEP_NAMESPACE,
	SPAWN_STEP_CHROOT,
	SPAWN_STEP_LIMITS,
	SPAWN_STEP_NICE,
	SPAWN_STEP_CPU_SCHEDULING, /* sched_setscheduler */
	SPAWN_STEP_IO_PRIORITY,	   /* ioprio_set */
	SPAWN_STEP_OOM_ADJUST,
	SPAWN_STEP_PERSONALITY,
	SPAWN_STEP_SECUREBITS, /* before the ids change: keep-caps */
	/* Then: */
	SPAWN_STEP_UMASK,
	SPAWN_STEP_GROUPS, /* setgroups */
	SPAWN_STEP_GID,	   /* setresgid */
	SPAWN_STEP_UID,	   /* setresuid */
	SPAWN_STEP_CHDIR,  /* as the service's user: its rights decide */
	/* Reserved for hooks->before_exec, in this order. */
	SPAWN_STEP_USER_NAMESPACE, /* PrivateUsers= */
	SPAWN_STEP_KEYRING,	   /* a session keyring of the service's user */
	SPAWN_STEP_APPARMOR,	   /* lsm.h: labels for the exec */
	SPAWN_STEP_SELINUX_CONTEXT,
	SPAWN_STEP_SMACK_PROCESS_LABEL,
	SPAWN_STEP_CAPABILITIES,
	SPAWN_STEP_NO_NEW_PRIVILEGES,
	SPAWN_STEP_SECCOMP,
	/* Last: */
	SPAWN_STEP_EXEC,
	_SPAWN_STEP_MAX,
};

/* 1 (the default): make the child with clone(CLONE_VM | CLONE_VFORK |
 * CLONE_FILES) and return once it has exec'd or failed; 0: fork.
 * AddressSanitizer builds always fork (spawn_child.c says why). */
#ifndef SPAWN_VFORK
#define SPAWN_VFORK 1
#endif
#if defined(__SANITIZE_ADDRESS__)
#undef SPAWN_VFORK
#define SPAWN_VFORK 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#undef SPAWN_VFORK
#define SPAWN_VFORK 0
#endif
#endif

/*
 * Extension points for the modules that isolate a service. Both run in the
 * child, so they obey the child's rule: async-signal-safe calls only, no
 * allocation, no writes to any memory but their own stack (with
 * SPAWN_VFORK they run in the daemon's memory, on a 64 KiB stack, while
 * the daemon waits for them). They return 0, or -errno with *step set to
 * one of their reserved steps.
 */
struct spawn_hooks {
	/* After FDS, still with the daemon's ids and capabilities. */
	int (*privileged)(const void *data, int *step);
	/* After UID and CHDIR, right before execve. */
	int (*before_exec)(const void *data, int *step);
};

struct spawn_req {
	const char *unit; /* borrowed: the unit name, for messages */
	char *path;	  /* the absolute program path */
	char **argv;
	char **envp;

	/* Borrowed fds; -1 is /dev/null. They may be any numbers, even 0-2
	 * or each other: the child moves them out of the way first. */
	int stdin_fd, stdout_fd, stderr_fd;
	const int *pass_fds; /* borrowed; become 3, 4, ... in order */
	size_t n_pass_fds;
	/* Borrowed: the unit's cgroup2 directory (O_PATH), -1 for none. The
	 * child is born in it (clone3 CLONE_INTO_CGROUP) or, where that
	 * cannot be, joins it first thing. */
	int cgroup_dir;
	/* Borrowed: the cgroup.procs files of the unit's other (v1)
	 * cgroups, which the child joins before its other steps, so that
	 * nothing it does or starts is ever outside them. */
	const int *cgroup_fds;
	size_t n_cgroup_fds;
	bool fill_listen_pid;	/* write the child's pid into LISTEN_PID= */
	bool fill_watchdog_pid; /* and into WATCHDOG_PID= */

	/* From spawn_req_set_creds; the pointers are borrowed from the
	 * unit's creds, which outlive the request. */
	bool set_uid, set_gid; /* groups[] are applied with the gid */
	uid_t uid;
	gid_t gid;
	const gid_t *groups; /* supplementary groups */
	size_t n_groups;
	const char *user_name; /* User=, for the environment; NULL: none */
	const char *home, *shell;

	char *cwd;	   /* NULL: "/" */
	bool cwd_optional; /* a missing directory falls back to "/" */
	mode_t umask;	   /* default 0022 */
	/* RLIMIT_NOFILE for the service (step LIMITS): the daemon raises its
	 * own soft limit to manage many units and gives services the limit
	 * it started with. Borrowed; NULL keeps the daemon's. */
	const struct rlimit *nofile;
	bool new_session;		 /* default true: setsid */
	const struct spawn_hooks *hooks; /* borrowed; NULL for none */
	const void *hook_data;		 /* borrowed: the hooks' data */

	/* Set by a failing spawn_req_* call; fail_detail is borrowed from
	 * that call's argument (user, group, file or program name). */
	int fail_step;
	const char *fail_detail;
};

/* Defaults: fds -1, umask 0022, a new session, cwd "/", no ids. */
void spawn_req_init(struct spawn_req *r, const char *unit);
/* Free what the request owns; the borrowed fds stay open. */
void spawn_req_done(struct spawn_req *r);

/*
 * User= and Group= as the loader resolved them (creds.h): the ids, the
 * supplementary groups and, with User=, the name, home and shell for the
 * environment. c is borrowed and must outlive the request. When the
 * daemon is not root and the ids are already its own, nothing is changed
 * in the child (setgroups would fail for no reason). Cannot fail.
 */
void spawn_req_set_creds(struct spawn_req *r, const struct unit_creds *c);

/*
 * Variables every service gets right after PATH (before the rest below,
 * which may override them): the init of a machine sets TERM and the
 * locale here once at start (pid1_service_env). Elsewhere there are none.
 * The vector is kept, not copied; NULL clears it.
 */
void spawn_set_base_env(char **env);

/*
 * The environment, later entries winning: PATH=SPAWN_DEFAULT_PATH; the
 * base environment (spawn_set_base_env); USER,
 * LOGNAME, HOME and SHELL when User= was set (call spawn_req_set_creds
 * first); extra (the daemon's: NOTIFY_SOCKET, ...); Environment=; then each
 * EnvironmentFile= in order (env_load rules). A file that fails sets step
 * ENVIRONMENT with the file as detail. *n_bad (may be NULL) counts the
 * lines of the files that were skipped.
 */
int spawn_req_build_env(struct spawn_req *r, char *const *extra,
			char *const *environment, const struct env_file *files,
			size_t n_files, unsigned *n_bad);

/*
 * The program: an absolute path is used as it is; a bare name is looked up
 * in SPAWN_DEFAULT_PATH (the first regular executable file wins); a
 * relative path with a `/` is -EINVAL. argv is copied; NULL or empty means
 * { program }. Step EXEC on failure (-ENOENT, -EACCES, -EINVAL).
 */
int spawn_find_program(const char *name, char **out);
int spawn_req_set_command(struct spawn_req *r, const char *program,
			  char *const *argv);

/* WorkingDirectory=: dir, or with home the home from spawn_req_set_creds
 * (the user's, or without User= the daemon's). optional is the `-`
 * prefix. Step CHDIR with -ESRCH when there is no home. */
int spawn_req_set_cwd(struct spawn_req *r, const char *dir, bool optional,
		      bool home);

/* Socket activation: pass fds as 3, 4, ... and set LISTEN_FDS,
 * LISTEN_FDNAMES (when names is not NULL, `:`-separated) and LISTEN_PID,
 * which the child fills with its own pid. Call after build_env. fds is
 * borrowed. -E2BIG beyond SPAWN_PASS_FDS_MAX. */
int spawn_req_set_listen_fds(struct spawn_req *r, const int *fds, size_t n,
			     const char *names);

/* WatchdogSec= of the main process: set WATCHDOG_USEC=usec and
 * WATCHDOG_PID, which the child fills with its own pid, as systemd does
 * (libsystemd's sd_watchdog_enabled then answers only in that process).
 * Call after build_env. */
int spawn_req_set_watchdog(struct spawn_req *r, unsigned long long usec);

/*
 * Start the child (with SPAWN_VFORK: and wait until it has exec'd or
 * failed). 0 with *pid and
 * *status_fd (the read end of the status pipe, O_CLOEXEC | O_NONBLOCK,
 * owned by the caller), or -errno when the pipe, the child's stack or the
 * fork or clone failed (step FORK; nothing was started). r is only read, so it
 * may be started again.
 */
int spawn_start(const struct spawn_req *r, pid_t *pid, int *status_fd);

/* Where the daemon's long-lived fds go (fds.h; see the top of this
 * file for why a child cares). */
#define SPAWN_FD_HIGH FDS_HIGH

/*
 * Read the status pipe once it is readable: 1 when the child reached
 * execve (end of file), 0 with *step and *err (a positive errno) when it
 * failed before, -EAGAIN when there is nothing yet, -EIO for a malformed
 * message. After 0 or 1 the caller closes the fd. End of file also comes
 * when the child was killed before execve; its exit status, reaped
 * separately, tells the two apart.
 */
int spawn_read_result(int fd, int *step, int *err);

/* "EXEC", "CHDIR", ...; "UNKNOWN" out of range. */
const char *spawn_step_name(int step);
/* systemd's exit code for a failure at step (203 for EXEC, ...); 1 for a
 * step that has none. */
int spawn_step_exit_status(int step);

/*
 * "web.service: failed at step EXEC (/usr/bin/nope): No such file or
 * directory"; without " (detail)" when detail is NULL. err is an errno,
 * either sign. Returns what snprintf returns.
 */
int spawn_format_error(char *buf, size_t size, const char *unit, int step,
		       int err, const char *detail);

#endif
