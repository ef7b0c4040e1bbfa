/*
 * manager_internal: what manager.c, manager_ops.c and manager_reload.c
 * share and nobody else uses (see manager.h for the split).
 */
#ifndef SVINIT_MANAGER_INTERNAL_H
#define SVINIT_MANAGER_INTERNAL_H

#include "manager.h"

/* The side effects the state machine asks for (manager_ops.c). */
extern const struct svc_ops mgr_svc_ops;

/* A new runtime record for u (not yet in the index), or NULL. */
struct mgr_unit *mgr_unit_new(struct mgr *m, struct unit *u);
/* Free mu; its processes, if any, become orphans. NULL is allowed. */
void mgr_unit_free(struct mgr *m, struct mgr_unit *mu);
/* Switch mu to configuration u (owned by the current set) with the
 * fingerprint fp of its files. */
void mgr_unit_set_config(struct mgr_unit *mu, struct unit *u, uint64_t fp);
/* A hash of the files a unit was loaded from, to tell a changed unit. */
uint64_t mgr_unit_fingerprint(const struct unit *u);

/* Read the spawn status pipe of pid now, if it is still watched: called
 * before an exit is judged, so the failed step is known (manager_ops.c). */
void mgr_watch_flush(struct mgr *m, pid_t pid);
/* Stop watching mu's status pipes (mu is being freed). */
void mgr_watch_forget(struct mgr *m, const struct mgr_unit *mu);
/* Close every watch (the daemon is leaving). */
void mgr_watch_free_all(struct mgr *m);

/* Open the notify socket in the runtime dir (manager_notify.c). */
int mgr_notify_open(struct mgr *m);
/* The unit pid belongs to (main or control process, cgroup, or without
 * cgroups its process group), or NULL. */
struct mgr_unit *mgr_unit_of_pid(struct mgr *m, pid_t pid);
/* The descriptor store of mu for a start of its main process: up to max
 * fds (borrowed: mu keeps them) and their names, `:`-separated, in
 * names (size bytes). The count. */
size_t mgr_fdstore_get(const struct mgr_unit *mu, int *fds, size_t max,
		       char *names, size_t size);
/* Close every stored descriptor of mu. */
void mgr_fdstore_release(struct mgr_unit *mu);

/* Socket activation (manager_socket.c). A socket unit starting: open
 * what it listens on (0, or -errno, logged, with nothing left open). */
int mgr_socket_activate(struct mgr_unit *mu);
/* ... stopping: close it all (and remove its files, RemoveOnStop=). */
void mgr_socket_deactivate(struct mgr_unit *mu);
/* Watch the socket's descriptors for traffic or not, as its state, its
 * service's and the service's job say. */
void mgr_socket_update(struct mgr_unit *mu);
/* A service changed (state or job): update the sockets it takes. */
void mgr_socket_service_changed(struct mgr_unit *svc);
/* What mu's main process gets as LISTEN_FDS=: its sockets' descriptors
 * and its store, at most max, borrowed, in fds; *n of them, named in
 * *names (malloc'd, `:`-separated; NULL with none). 0 or -ENOMEM. */
int mgr_listen_fds(struct mgr_unit *mu, int *fds, size_t max, size_t *n,
		   char **names);

/* Health checks (manager_health.c): mu changed state (start or end its
 * checks); pid of mu exited (true when it was an exec check); mu goes. */
void mgr_health_changed(struct mgr_unit *mu);
bool mgr_health_reaped(struct mgr_unit *mu, pid_t pid, int code, int status);
void mgr_health_free(struct mgr_unit *mu);
const char *mgr_health_state(const struct mgr_unit *mu);

/* Write UNITDIR/UNIT.d/50-NAME.conf (UNITDIR: the first unit directory)
 * with text, replacing it atomically; 0 or -errno (manager_limits.c). */
int mgr_dropin_write(const struct mgr *m, const char *unit,
		     const char *name, const char *text);

/* The per-node arrays of a unit set of n units on graph g, allocated
 * before anything is changed so that a reload can still give up; then
 * put in place. */
int mgr_index_prepare(struct mgr *m, size_t n, size_t timers,
		      const struct graph *g, struct svc ***svcs,
		      struct jobs *jobs);
void mgr_index_apply(struct mgr *m, struct svc **svcs, struct jobs *jobs);

#endif
