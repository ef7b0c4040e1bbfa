/*
 * manager: the running daemon, wiring the modules to the event loop.
 *
 * Owns: the loaded unit set and its graph, one runtime record per unit
 * (`struct mgr_unit`: the service state machine, its deadline, its
 * process set, its log pipes and log file), the map from pid to unit, the
 * job engine, reaping and signal dispatch. It is spread over three files,
 * one concern each:
 *
 *   manager.c         the core: start-up, the loop's signals, reaping,
 *                     the runtime records, shutdown wiring;
 *   manager_ops.c     the side effects the state machine asks for
 *                     (svc_ops): spawning with its status-pipe watch,
 *                     signals, deadlines, the PID file;
 *   manager_reload.c  daemon-reload: build the new set beside the old,
 *                     swap, keep running units, retire removed ones;
 *   manager_notify.c  the notify socket: which unit a sender belongs
 *                     to, NotifyAccess=, and what the unit keeps of a
 *                     message (STATUS=, ERRNO=, MAINPID=);
 *   manager_socket.c  socket activation: a socket unit's descriptors,
 *                     handed to its service, and the start on traffic;
 *   manager_health.c  [Health]: running the checks, restarting an
 *                     unhealthy unit (rate-limited across units);
 *   manager_scale.c   svctl scale: a template's instance count.
 *
 * A mgr_unit is allocated on its own and keeps its address for its whole
 * life, so that pids, spawn watches and log pipes can point at it across a
 * daemon-reload, which only rebuilds the index (unit set, graph, jobs)
 * around the same records. Policy lives in service and job; the manager
 * performs the side effects they ask for, and only through the state
 * machine's own functions (svc_*), never by writing its fields.
 *
 * The control socket is not the manager's: main() opens it beside the
 * manager (ctlcmd), which observes job ends through mgr_set_job_observer.
 */
#ifndef SVINIT_MANAGER_H
#define SVINIT_MANAGER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "diag.h"
#include "graph.h"
#include "job.h"
#include "load.h"
#include "logfile.h"
#include "loop.h"
#include "notify.h"
#include "outpipe.h"
#include "pidmap.h"
#include "cgroup.h"
#include "pid1.h"
#include "procset.h"
#include "service.h"
#include "shutdown.h"
#include "unit.h"

struct mgr_config {
	char **unit_dirs;
	const char *runtime_dir;
	const char *log_dir;
	const char *target;
	uint64_t log_max_size;	 /* rotation threshold, bytes */
	unsigned log_keep;	 /* rotated files kept */
	const char *cgroup_root; /* --cgroup-root; NULL: svinit's own cgroup */
	bool no_cgroups;	 /* --no-cgroups: process groups only */
	bool machine;		 /* svinit is the init of a machine (pid1.h) */
	bool container;		 /* --container: exit with the essential unit */
	bool notify_parent; /* --notify-parent: READY=1 and STOPPING=1 to
			       the supervisor (parentnotify.h) */
};

struct mgr_unit {
	struct svc svc;
	struct unit *unit;    /* the configuration in force */
	struct unit *pending; /* a changed file, applied at the next start */
	struct loop_timer timer;
	struct loop_timer wd_timer; /* WatchdogSec=, armed only with one */
	struct mgr *m;
	struct procset procs;	 /* every process of the unit */
	struct outpipe out, err; /* stdout and stderr into log */
	struct logfile log;
	bool removed;	   /* gone from the files: dropped once stopped */
	bool cg_made;	   /* its cgroup was made (or found) by this svinit */
	bool cg_killed;	   /* ... and got a cgroup.kill (cgroup.h says why) */
	uint64_t oom_seen; /* its cgroup's OOM kills, last counted */
	bool own_unit;	   /* unit was taken from an old set: free it here */
	uint64_t fingerprint, pending_fingerprint; /* of the files */
	char *exec_fail_path;			   /* for the failure message */
	char *status_text;   /* STATUS= of the service, NULL none */
	int status_errno;    /* ERRNO= of the service, 0 none */
	uint64_t n_rejected; /* notifications NotifyAccess= refused */
	/* The descriptor store (FDSTORE=1), at most FileDescriptorStoreMax=
	 * entries, handed back at each start of the main process and kept
	 * until the unit is down for good (manager_notify.c). */
	struct mgr_fd **fdstore;
	size_t n_fdstore;
	/* A socket unit's open descriptors while it is active, else NULL
	 * (manager_socket.c). */
	struct mgr_socket *sock;
	/* [Health]: its checks' runtime, made at the first run (NULL
	 * without [Health]; manager_health.c). */
	struct mgr_health *health;
};

struct spawn_watch;
struct mgr_fd;
struct mgr_socket;
struct mgr_health;

/* Told of every job that ends (the control side answers its clients). */
typedef void mgr_job_observer(void *ctx, uint32_t node, enum job_type type,
			      enum job_result result);

struct mgr {
	struct loop loop;
	struct mgr_config cfg;
	struct unitset units;
	struct graph graph;
	struct mgr_unit **mu; /* by graph node */
	struct svc **svcs;    /* &mu[i]->svc, for the job engine */
	uint32_t n;
	struct mgr_unit **retired; /* removed units still stopping */
	size_t n_retired;
	uint32_t n_busy; /* units (retired too) that are not inactive */
	struct jobs jobs;
	mgr_job_observer *job_observer;
	void *job_observer_ctx;
	struct pidmap pids; /* main and control pids -> mgr_unit */
	int logdir_fd;
	struct spawn_watch *watches; /* status pipes not read yet, a list */
	struct rlimit nofile;	     /* the limit svinit started with */
	bool nofile_raised;	     /* services get nofile back */
	struct shutdown sd;
	struct cgroups cg;	 /* inactive: tracking by process groups */
	enum pid1_action action; /* what the shutdown under way is for */
	/* A container: the status svinit exits with, set by the first
	 * Essential=yes unit that ended (0 until then). */
	int exit_status;
	bool essential_ended;
	struct notify_sock notify;
	uint64_t notify_unknown; /* from a process of no unit: ignored */
	/* --notify-parent: the target whose start job's end is READY=1;
	 * NULL once said (or never asked). */
	struct mgr_unit *ready_unit;
	/* Restarts for failed health checks in the current window, for
	 * the limit across units (manager_health.c). */
	struct ratelimit health_restarts;
	/* svctl scale's instance counts, kept across daemon-reloads (every
	 * load uses them: load.h). */
	struct load_scales scales;
};

int mgr_init(struct mgr *m, const struct mgr_config *cfg);
/* Run until shutdown is complete; 0, or 1 when the loop failed. */
int mgr_run(struct mgr *m);
void mgr_free(struct mgr *m);

/* The one observer of job ends (NULL for none). */
void mgr_set_job_observer(struct mgr *m, mgr_job_observer *fn, void *ctx);

/* daemon-reload: load the files again and apply them, units that fail
 * to load as placeholders (manager_reload.c says why). -EINVAL with the
 * errors in dl when the files have errors and a loaded unit is missing
 * from them (nothing changes then), -EBUSY while jobs run. lines gets
 * "added NAME", "removed NAME", ...; -ENOMEM when a line could not be
 * stored (the reload itself was applied). */
int mgr_reload(struct mgr *m, struct diag_list *dl, struct strv_builder *lines);
/* set-property: assign holds n "KEY=VALUE" resource limits for mu
 * (manager_limits.c says how they apply); keep also writes them as
 * drop-ins. 0, or -errno with a message for the user in msg. */
int mgr_set_property(struct mgr *m, struct mgr_unit *mu, char *const *assign,
		     size_t n, bool keep, char *msg, size_t size);
/* svctl scale: n instances of the template tmpl ("web@.service"), kept
 * across daemon-reloads and, with keep, written as a drop-in; applied by a
 * daemon-reload (problems in dl) and a start of the instances that are
 * down (manager_scale.c). 0, or -errno with a message for the user in
 * msg. */
int mgr_scale(struct mgr *m, const char *tmpl, unsigned n, bool keep,
	      struct diag_list *dl, char *msg, size_t size);
void mgr_scales_free(struct mgr *m);
/* Stop every unit, then leave the loop to do action (a machine's init
 * powers off, reboots or halts once the loop is left; pid1.h). */
void mgr_shutdown_for(struct mgr *m, enum pid1_action action);
/* Stop every unit, then leave the loop. */
void mgr_shutdown(struct mgr *m);
static inline bool mgr_shutting_down(const struct mgr *m)
{
	return shutdown_started(&m->sd);
}

/* A notification from pid, as the notify socket hands it on (tests call
 * it with fake pids): checked against the sender's unit and its
 * NotifyAccess=, then applied (manager_notify.c). */
void mgr_notify_deliver(struct mgr *m, pid_t pid, const struct notify_msg *msg,
			int *fds, size_t n_fds);

/* A unit's health check, as svctl shows it. */
struct mgr_health_info {
	const char *check; /* Check= */
	/* "healthy", "unhealthy", "in-grace" (failures do not count yet)
	 * or "unknown" (no result in this run, or not running) */
	const char *state;
	const char *last; /* "passed", or why the last check failed */
	usec_t last_time; /* monotonic; 0 none */
	unsigned failures, restarts;
};
/* false when mu has no [Health]. */
bool mgr_health_info(const struct mgr_unit *mu, struct mgr_health_info *out);

/* Find a unit's runtime by name (aliases too); NULL when unknown. */
struct mgr_unit *mgr_find(struct mgr *m, const char *name);
/* Whether the unit's file changed on disk since it was started. */
static inline bool mgr_unit_needs_reload(const struct mgr_unit *mu)
{
	return mu->pending != NULL;
}

/* The unit set, graph and diagnostics a load of dirs gives (the daemon's
 * start, daemon-reload and --verify share it), limits checked against cg:
 * 0 or -errno, the problems in dl. On failure set is empty and g is
 * freed. */
int mgr_load(char *const *dirs, const struct cgroups *cg,
	     const struct load_scales *scales, struct unitset *set,
	     struct graph *g, struct diag_list *dl);

#endif
