/*
 * manager: the running daemon, wiring the modules to the event loop.
 *
 * Owns: the loaded unit set and its graph, one runtime record per unit
 * (`struct mgr_unit`: the service state machine, its deadline, its log
 * pipes and log file), the map from pid to unit, the job engine, the
 * control socket, reaping, daemon-reload and shutdown.
 *
 * A mgr_unit is allocated on its own and keeps its address for its whole
 * life, so that pids, spawn watches and log pipes can point at it across a
 * daemon-reload, which only rebuilds the index (unit set, graph, jobs)
 * around the same records. Policy lives in service and job; the manager
 * performs the side effects they ask for.
 */
#ifndef SVINIT_MANAGER_H
#define SVINIT_MANAGER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "graph.h"
#include "job.h"
#include "logbuf.h"
#include "outpipe.h"
#include "pidmap.h"
#include "logfile.h"
#include "loop.h"
#include "service.h"
#include "unit.h"
#include "diag.h"

struct control;
struct control_client;

struct mgr_config {
	char **unit_dirs;
	const char *runtime_dir;
	const char *log_dir;
	const char *target;
	uint64_t log_max_size; /* rotation threshold, bytes */
	unsigned log_keep; /* rotated files kept */
	int log_level; /* 0 err, 1 warning, 2 info, 3 debug */
};

struct mgr_unit {
	struct svc svc;
	struct unit *unit; /* the configuration in force */
	struct unit *pending; /* a changed file, applied at the next start */
	struct loop_timer timer;
	struct mgr *m;
	struct outpipe out, err; /* stdout and stderr into log */
	struct logfile log;
	bool removed; /* gone from the files: dropped once stopped */
	bool own_unit; /* unit was taken from an old set: free it here */
	uint64_t fingerprint, pending_fingerprint; /* of the files */
	char *exec_fail_path; /* for the failure message */
};

struct mgr_pending;

/* How long leftover processes get between SIGTERM and SIGKILL once every
 * unit is down. */
#define MGR_FINAL_GRACE (5 * USEC_PER_SEC)
struct spawn_watch;

struct mgr {
	struct loop loop;
	struct mgr_config cfg;
	struct unitset units;
	struct graph graph;
	struct mgr_unit **mu; /* by graph node */
	struct svc **svcs; /* &mu[i]->svc, for the job engine */
	uint32_t n;
	struct mgr_unit **retired; /* removed units still stopping */
	size_t n_retired;
	struct jobs jobs;
	struct pidmap pids; /* main and control pids -> mgr_unit */
	struct control *ctl;
	struct loop_io ctl_io;
	int logdir_fd;
	struct mgr_pending *pending; /* clients waiting for jobs */
	struct spawn_watch *watches; /* status pipes not read yet, a list */
	struct rlimit nofile; /* the limit svinit started with */
	bool nofile_raised; /* services get nofile back */
	bool shutting_down;
	int final_phase; /* 0 running, 1 leftovers got TERM, 2 KILL,
			    3 done (PID 1 stays up) */
	struct loop_timer final_timer;
};

int mgr_init(struct mgr *m, const struct mgr_config *cfg);
/* Run until shutdown is complete; 0, or 1 when the loop failed. */
int mgr_run(struct mgr *m);
void mgr_free(struct mgr *m);

/* daemon-reload: load the files again and apply them. -EINVAL with the
 * errors in dl when the files are bad (nothing changes then), -EBUSY
 * while jobs run. *lines gets "added NAME", "removed NAME", ... */
int mgr_reload(struct mgr *m, struct diag_list *dl, char ***lines);
/* Stop every unit, then leave the loop. */
void mgr_shutdown(struct mgr *m);

/* Find a unit's runtime by name (aliases too); NULL when unknown. */
struct mgr_unit *mgr_find(struct mgr *m, const char *name);

/* svinit's own log lines: "svinit: UNIT: message" on stderr. */
void mgr_log(const struct mgr *m, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
