/*
 * execprep: one command of a unit, made ready to be spawned; and the PID
 * file of a forking daemon, read and checked.
 *
 * Owns: the translation of a unit's configuration (User=, Environment=,
 * WorkingDirectory=, UMask=, StandardOutput=, ...) and one of its exec
 * commands into a `struct spawn_req`, with the output fds the child gets;
 * and the rule for trusting a PID file. It knows nothing of the state
 * machine or of the daemon's tables: the manager calls it from its spawn
 * and PID-file ops and keeps the bookkeeping.
 *
 * I/O: opening the files of StandardOutput=file:/append: and making the
 * unit's log pipe writers, at spawn time; the PID file and /proc through
 * the sys seam. No name lookups: users and groups are resolved at load.
 */
#ifndef SVINIT_EXECPREP_H
#define SVINIT_EXECPREP_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "outpipe.h"
#include "spawn.h"
#include "unit.h"

/* The stdout and stderr fds of one spawn; the ones execprep opened are
 * closed by execprep_close_fds once the child has them. */
struct execprep_fds {
	int out, err;
	bool own_out, own_err;
};

/*
 * Fill req (spawn_req_init'ed by the caller) to run cmd of u: ids,
 * environment, $VAR expansion of the arguments, program path, directory,
 * umask, the open-files limit (nofile, NULL to keep the daemon's),
 * NOTIFY_SOCKET= when notify_socket is not NULL, and
 * stdout/stderr into the unit's log pipes (out, err) or files. 0, or
 * -errno with req->fail_step/fail_detail saying where it failed; fds is
 * set either way and must be passed to execprep_close_fds.
 */
int execprep_request(struct spawn_req *req, const struct unit *u,
		     const struct exec_cmd *cmd, struct outpipe *out,
		     struct outpipe *err, const struct rlimit *nofile,
		     const char *notify_socket, struct execprep_fds *fds);
void execprep_close_fds(struct execprep_fds *fds);

/*
 * For the main process (ExecStart=) only, as in systemd: WATCHDOG_USEC=
 * and WATCHDOG_PID= (the child's own pid) when the unit has WatchdogSec=;
 * after execprep_request, so they win over Environment=. 0 or -ENOMEM.
 */
int execprep_watchdog(struct spawn_req *req, const struct unit *u);

/*
 * The main pid a forking daemon wrote to path: 0 and *pid, -errno when
 * the file cannot be read, -EINVAL when it holds no pid > 1, -ESRCH when
 * the process is not a child of svinit. A stale file may name anyone:
 * only a child of svinit (a daemon whose parent exited is reparented to
 * svinit, its subreaper) can be the main process, or svinit could never
 * reap it and would signal a stranger at stop.
 */
int execprep_read_pid_file(const char *path, pid_t *pid);

#endif
