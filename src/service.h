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
#include <sys/stat.h>
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
	RESULT_OOM_KILL, /* the OOM killer ended a process of the unit */
	RESULT_WATCHDOG, /* WatchdogSec= passed without a WATCHDOG=1 */
	/* A socket's: it started its service too often (TriggerLimit*=),
	 * or the service hit its own start limit. */
	RESULT_TRIGGER_LIMIT_HIT,
	RESULT_SERVICE_START_LIMIT_HIT,
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
	/* Not the state machine's: an exec health check the daemon runs
	 * beside the unit's processes (manager_health.c), through the
	 * same spawn so that it gets the unit's cgroup and sandbox. */
	CMD_HEALTH,
};

struct svc_ops {
	/* Start cmd for s; 0 and *pid, or -errno (with s->fail_step set by
	 * the callee when it knows the step). */
	int (*spawn)(void *ctx, struct svc *s, const struct exec_cmd *cmd,
		     enum svc_cmd_kind kind, pid_t *pid);
	/* Send sig to one process: the main process. */
	void (*kill)(void *ctx, struct svc *s, pid_t pid, int sig);
	/* Send sig to a control command and what it started in turn, as far
	 * as the daemon can tell (its process group today): a hung
	 * ExecStopPost= or ExecReload= must not leave its children. */
	void (*kill_command)(void *ctx, struct svc *s, pid_t pid, int sig);
	/* Send sig to every process of the unit, wherever it went (its
	 * cgroup, or without cgroups its process groups: procset.h), the
	 * main process included even when the set does not hold it yet. */
	void (*set_kill)(void *ctx, struct svc *s, int sig);
	/* Whether no process of the unit is left. */
	bool (*set_empty)(void *ctx, struct svc *s);
	/* Arm s's single deadline; USEC_INFINITY disarms. */
	void (*arm)(void *ctx, struct svc *s, usec_t when);
	usec_t (*now)(void *ctx);
	/* Read the main pid from the PID file; 0 and *pid or -errno. The
	 * callee adds the process to the unit's set. */
	int (*read_pid_file)(void *ctx, struct svc *s, pid_t *pid);
	/* stat(2), for Condition*= (the module does no I/O of its own). */
	int (*stat)(void *ctx, const char *path, struct stat *st);
	/* Called after every transition, with the state it left. */
	void (*changed)(void *ctx, struct svc *s, enum svc_state old);
	/* Whether the kernel's OOM killer killed a process of the unit
	 * since the last time this was asked (may be NULL: never). */
	bool (*oom_killed)(void *ctx, struct svc *s);
	/* Arm s's watchdog deadline, apart from the one above, for
	 * svc_watchdog_expired; USEC_INFINITY disarms. Only units with a
	 * watchdog ever arm it. May be NULL: no watchdog. */
	void (*arm_watchdog)(void *ctx, struct svc *s, usec_t when);
	/* A unit without processes is starting: a socket unit opens what it
	 * listens on. 0, or -errno and the unit fails (result resources).
	 * May be NULL: nothing to open (targets). */
	int (*activate)(void *ctx, struct svc *s);
};

/*
 * What is wanted of a unit, apart from what it is doing. Only svc_start
 * and svc_stop (users, the job engine) change it; kernel events never do,
 * except that a unit that ends for good is no longer wanted up.
 */
enum svc_want {
	SVC_WANT_DOWN,
	SVC_WANT_UP,
	/* Up again once the stop under way has ended (a start asked for
	 * while stopping: a restart, or a stop then a start). */
	SVC_WANT_RESTART,
};

struct svc {
	const struct unit *unit; /* configuration; replaced on reload */
	const struct svc_ops *ops;
	void *ctx;
	uint32_t index; /* in the unitset and graph */

	enum svc_state state; /* what it is doing: only events change it */
	enum svc_want want;   /* what is wanted of it */
	enum svc_result result;
	usec_t state_since;  /* monotonic time of the last transition */
	usec_t active_enter; /* last time it became active; 0 never */
	usec_t deadline;     /* armed deadline or USEC_INFINITY */

	/* The live main and control processes; 0 when there is none. The
	 * main process of this run has exited when main_pid is 0 and
	 * main_code is not: main_code/main_status say how (CLD_EXITED,
	 * CLD_KILLED or CLD_DUMPED, and the status or signal). A failed
	 * ExecStartPre=/ExecStartPost= also leaves its end there, for
	 * ExecMainStatus=, as systemd shows it. */
	pid_t main_pid, control_pid;
	int main_code, main_status;
	enum svc_cmd_kind control_kind;
	size_t cmd_index; /* next command in the list being run */

	int fail_step; /* spawn step that failed, -1 none */
	int fail_errno;

	/* The watchdog period in force (WatchdogSec=, or what the service
	 * asked for with WATCHDOG_USEC=; 0 none) and its armed deadline. */
	usec_t watchdog_usec;
	usec_t watchdog_deadline;

	unsigned n_restarts;	/* NRestarts: automatic restarts */
	unsigned n_consecutive; /* restarts since the last manual start */
	struct ratelimit start_limit; /* StartLimit*= */
};

void svc_init(struct svc *s, const struct unit *u, uint32_t index,
	      const struct svc_ops *ops, void *ctx);
/* daemon-reload: the configuration u replaces the unit's (the daemon
 * calls it only while the unit is inactive, or for an unchanged file),
 * and the unit's place in the new unit set and graph. */
void svc_set_config(struct svc *s, const struct unit *u);
void svc_set_index(struct svc *s, uint32_t index);

/* Wanted state. svc_start returns -EALREADY when already active or
 * starting; a failed condition leaves the unit dead and returns 1. */
int svc_start(struct svc *s);
int svc_stop(struct svc *s);
int svc_reload(struct svc *s);
void svc_reset_failed(struct svc *s);
/* An active unit without processes (a socket) fails with result r: the
 * daemon gave up on it. Nothing for a service or an inactive unit. */
void svc_give_up(struct svc *s, enum svc_result r);
/* Send sig to the unit's processes as KillMode= says (svctl kill). */
int svc_kill(struct svc *s, int sig);

/* Events. */
void svc_child_exited(struct svc *s, pid_t pid, int code, int status);
/* The spawn status pipe of pid closed: exec succeeded. */
void svc_exec_ok(struct svc *s, pid_t pid);
/* The child of pid failed at a spawn step before exec. */
void svc_exec_failed(struct svc *s, pid_t pid, int step, int err);
void svc_deadline(struct svc *s);
/* sd_notify (service_notify.c): a notification the daemon has checked
 * against NotifyAccess=, as far as the state machine is concerned. READY=1
 * ends the start of a Type=notify unit and a reload; RELOADING=1 enters
 * a reload; STOPPING=1 the stop path (no signal is sent: the service
 * is on its way out); EXTEND_TIMEOUT_USEC= pushes the deadline of a
 * start, reload or stop to at least that far from now; WATCHDOG=1 pings
 * the watchdog, WATCHDOG=trigger fails it at once, WATCHDOG_USEC= sets
 * its period. MAINPID= is svc_set_main_pid. */
struct notify_msg;
void svc_notify(struct svc *s, const struct notify_msg *m);
/* The daemon checked pid belongs to the unit: it is the main process
 * now (MAINPID=). -ESRCH when the unit is not starting or up. */
int svc_set_main_pid(struct svc *s, pid_t pid);
/* A unit with ReadinessFromHealth= passed its first health check: ready
 * (a start waiting for it completes). */
void svc_health_passed(struct svc *s);
/* The watchdog deadline passed without a ping. */
void svc_watchdog_expired(struct svc *s);
/* NotifyAccess= in force: the one written, or by Type= (main for the
 * notify types, none otherwise), as in systemd. */
enum notify_access svc_notify_access(const struct unit *u);
static inline bool svc_type_is_notify(enum svc_type t)
{
	return t == SVC_NOTIFY || t == SVC_NOTIFY_RELOAD;
}
/* Processes of the unit may have gone (orphans were reaped): re-check
 * whether a stopping unit has none left. */
void svc_check_empty(struct svc *s);

enum svc_active svc_active_state(const struct svc *s);
bool svc_is_active(const struct svc *s);	    /* active or reloading */
bool svc_is_inactive(const struct svc *s);	    /* dead or failed */
const char *svc_state_to_string(enum svc_state st); /* SubState */
const char *svc_active_to_string(enum svc_active a);
const char *svc_result_to_string(enum svc_result r);
/* Whether a process that ended so (CLD_EXITED/KILLED/DUMPED and the
 * status or signal) ended cleanly: exit 0, SIGHUP, SIGINT, SIGTERM or
 * SIGPIPE, or what SuccessExitStatus= adds, as in systemd. */
bool svc_exit_clean(const struct unit *u, int code, int status);
/* The result an unclean end is reported as: exit-code, signal or
 * core-dump. */
enum svc_result svc_exit_result(int code);
/* The delay before the next automatic restart. */
usec_t svc_restart_delay(const struct svc *s);
/* Whether policy p restarts after the main process ended this way. */
bool svc_should_restart(const struct unit *u, enum svc_result r, int code,
			int status);

#endif
