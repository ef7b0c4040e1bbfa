/*
 * sys: the seam between the daemon's runtime and the kernel.
 *
 * Owns: one table of function pointers, `sys`, through which the manager,
 * the process sets and the exec preparation make the system calls that
 * decide behaviour: creating processes, signalling, reaping, reading the
 * clock, opening and reading files (PID files, /proc), stat
 * (conditions) and the one name-service call whose answer can change
 * under a loaded unit (a user deleted). By default the
 * table holds the real calls; a unit test replaces entries with fakes
 * (fake processes, a fake clock, a fake /proc) and puts the defaults back
 * with sys_reset. In the spirit of dinit's baseproc-sys.h: the code under
 * test is the daemon's own, only the kernel is pretended.
 *
 * Rules: every entry keeps the calling convention of the call it stands
 * for (-1 and errno), so that code reads as if it called the kernel; the
 * table is only written by tests, before the code under test runs. The
 * child side of spawn does not go through it (a child makes real calls
 * or none).
 */
#ifndef SVINIT_SYS_H
#define SVINIT_SYS_H

#include <pwd.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "util.h"

struct spawn_req;

struct sys_ops {
	/* spawn_start: process creation is a kernel matter too, so tests
	 * can hand out fake children (a pid and a status pipe). */
	int (*spawn)(const struct spawn_req *r, pid_t *pid, int *status_fd);
	int (*kill)(pid_t pid, int sig);
	int (*waitid)(idtype_t type, id_t id, siginfo_t *info, int options);
	pid_t (*getpgid)(pid_t pid);
	pid_t (*getpid)(void);
	/* CLOCK_MONOTONIC in microseconds (no errno: it cannot fail). */
	usec_t (*now)(void);
	int (*open)(const char *path, int flags, mode_t mode);
	ssize_t (*read)(int fd, void *buf, size_t n);
	int (*close)(int fd);
	int (*stat)(const char *path, struct stat *st);
	/* creds' lookup of User= by name, at load and reload. */
	int (*getpwnam_r)(const char *name, struct passwd *pw, char *buf,
			  size_t size, struct passwd **res);
};

extern struct sys_ops sys;

/* Put the real calls back (tests, after faking some). */
void sys_reset(void);

/* Read at most size - 1 bytes of a small file (a PID file, a /proc
 * entry) into buf and NUL-terminate it: the length read, or -errno. */
ssize_t sys_read_small_file(const char *path, char *buf, size_t size);

#endif
