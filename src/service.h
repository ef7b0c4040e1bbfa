/*
 * service: the per-unit state machine.
 *
 * Owns: what a unit is doing right now (its state, main and control
 * process, result, restart count and pending restart) and what is wanted
 * of it (up or down). Users and the job engine change only the wanted
 * state (svc_start, svc_stop); kernel events (a child exited, exec
 * succeeded, a deadline passed) change the actual state. Every transition
 * goes through one setter, which reports it through ops->changed so the
 * daemon logs it and the job engine learns of it.
 *
 * The module does no I/O of its own: processes, signals, timers and the
 * clock go through `struct svc_ops`, so the tests drive it with fake
 * processes and a fake clock. Targets use the same machine with no
 * processes: they are active as soon as they are started.
 */
#ifndef SVINIT_SERVICE_H
#define SVINIT_SERVICE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "unit.h"

enum svc_state {
	SVC_DEAD,
	SVC_START_PRE,
	SVC_START,
	SVC_START_POST,
	SVC_RUNNING,
	SVC_EXITED, /* active with no process (RemainAfterExit, targets) */
	SVC_RELOAD,
	SVC_STOP,
	SVC_STOP_SIGTERM,
	SVC_STOP_SIGKILL,
	SVC_STOP_POST,
	SVC_FAILED,
	SVC_AUTO_RESTART,
	_SVC_STATE_MAX,
};

/* systemd's ActiveState, derived from the state. */
enum svc_active {
	ACTIVE_INACTIVE,
	ACTIVE_ACTIVATING,
	ACTIVE_ACTIVE,
	ACTIVE_RELOADING,
	ACTIVE_DEACTIVATING,
	ACTIVE_FAILED,
};

enum svc_result {
	RESULT_SUCCESS,
	RESULT_RESOURCES, /* spawn failed before exec: fork, pipe, user */
	RESULT_TIMEOUT,
	RESULT_EXIT_CODE,
	RESULT_SIGNAL,
	RESULT_CORE_DUMP,
	RESULT_START_LIMIT_HIT,
	RESULT_PROTOCOL, /* forking: PID file missing or wrong */
	_RESULT_MAX,
};

struct svc;

/* Which command is running as the control process. */
enum svc_cmd_kind {
	CMD_START_PRE,
	CMD_START,
	CMD_START_POST,
	CMD_RELOAD,
	CMD_STOP,
	CMD_STOP_POST,
};

struct svc_ops {
	/* Start cmd for s; 0 and *pid, or -errno (with s->fail_step set by
	 * the callee when it knows the step). */
	int (*spawn)(void *ctx, struct svc *s, const struct exec_cmd *cmd,
		     enum svc_cmd_kind kind, pid_t *pid);
	/* Send sig to pid, or to its process group when group. */
	void (*kill)(void *ctx, struct svc *s, pid_t pid, int sig, bool group);
	/* Are there processes left in pid's group? */
	bool (*group_alive)(void *ctx, struct svc *s, pid_t pgid);
	/* Arm s's single deadline; USEC_INFINITY disarms. */
	void (*arm)(void *ctx, struct svc *s, usec_t when);
	usec_t (*now)(void *ctx);
	/* Read the main pid from the PID file; 0 and *pid or -errno. */
	int (*read_pid_file)(void *ctx, struct svc *s, pid_t *pid);
	/* Called after every transition, with the state it left. */
	void (*changed)(void *ctx, struct svc *s, enum svc_state old);
};

struct svc {
	const struct unit *unit; /* configuration; replaced on reload */
	const struct svc_ops *ops;
	void *ctx;
	uint32_t index; /* in the unitset and graph */

	enum svc_state state;
	bool want_up; /* wanted state */
	enum svc_result result;
	usec_t state_since; /* monotonic time of the last transition */
	usec_t active_enter; /* last time it became active; 0 never */
	usec_t deadline; /* armed deadline or USEC_INFINITY */

	pid_t main_pid, control_pid;
	pid_t main_pgid; /* group of the main process (its session) */
	enum svc_cmd_kind control_kind;
	size_t cmd_index; /* next command in the list being run */
	bool main_exited;
	int main_code, main_status; /* CLD_EXITED/KILLED/DUMPED and value */
	bool exec_ok; /* the main process passed execve */

	int fail_step; /* spawn step that failed, -1 none */
	int fail_errno;

	unsigned n_restarts; /* NRestarts: automatic restarts */
	unsigned n_consecutive; /* restarts since the last manual start */
	usec_t limit_begin; /* start limit window */
	unsigned limit_count;
	bool stop_requested; /* the current stop is wanted, not a crash */
	bool restart_after_stop; /* restart job: start when down */
	bool changed_on_disk; /* set by daemon-reload */
};

void svc_init(struct svc *s, const struct unit *u, uint32_t index,
	      const struct svc_ops *ops, void *ctx);

/* Wanted state. svc_start returns -EALREADY when already active or
 * starting; a failed condition leaves the unit dead and returns 1. */
int svc_start(struct svc *s);
int svc_stop(struct svc *s);
int svc_reload(struct svc *s);
void svc_reset_failed(struct svc *s);
/* Send sig to the unit's processes as KillMode= says (svctl kill). */
int svc_kill(struct svc *s, int sig);

/* Events. */
void svc_child_exited(struct svc *s, pid_t pid, int code, int status);
/* The spawn status pipe of pid closed: exec succeeded. */
void svc_exec_ok(struct svc *s, pid_t pid);
/* The child of pid failed at a spawn step before exec. */
void svc_exec_failed(struct svc *s, pid_t pid, int step, int err);
void svc_deadline(struct svc *s);
/* Processes were reaped: re-check whether a stopping group is empty. */
void svc_group_maybe_empty(struct svc *s);

enum svc_active svc_active_state(const struct svc *s);
bool svc_is_active(const struct svc *s); /* active or reloading */
bool svc_is_inactive(const struct svc *s); /* dead or failed */
const char *svc_state_to_string(enum svc_state st); /* SubState */
const char *svc_active_to_string(enum svc_active a);
const char *svc_result_to_string(enum svc_result r);
/* The delay before the next automatic restart. */
usec_t svc_restart_delay(const struct svc *s);
/* Whether policy p restarts after the main process ended this way. */
bool svc_should_restart(const struct unit *u, enum svc_result r, int code,
			int status);

#endif
