/*
 * manager_notify: the daemon's side of sd_notify (see manager.h). The
 * notify module reads and parses datagrams; here a sender becomes a
 * unit, NotifyAccess= decides whether it may speak for it, and the
 * message goes to the unit's record (STATUS=, ERRNO=, MAINPID=) and its
 * state machine (svc_notify).
 *
 * Which unit a process belongs to: its main or control pid (the pid map,
 * O(1)); else, with cgroups, the cgroup the kernel lists for it in
 * /proc/PID/cgroup (ROOT/UNIT-NAME: nothing a service starts can leave
 * it); without cgroups, its process group among the groups each unit
 * recorded (procset.h), which a process can leave by setsid. A sender
 * of no unit is ignored and counted; a sender NotifyAccess= refuses is
 * ignored and counted on its unit (NNotifyRejected= in svctl show).
 *
 * The descriptor store (FDSTORE=1, FileDescriptorStoreMax=) is kept here
 * too: descriptors a service hands over to get them back at its next
 * start, named by FDNAME=, each watched for a hang-up (unless FDPOLL=0)
 * so that a dead connection is not handed back. The store lives as long
 * as the unit is wanted up: through restarts, not past a stop.
 */
#include "manager_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kcmp.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slog.h"
#include "sys.h"

/* The unit whose cgroup holds pid, from /proc/PID/cgroup: the first line
 * whose path is below svinit's root names it. */
static struct mgr_unit *by_cgroup(struct mgr *m, pid_t pid)
{
	const char *root = cgroups_root_path(&m->cg);
	size_t rlen = root ? strlen(root) : 0;
	char path[64], text[4096];
	char *line, *save = NULL;

	if (!root)
		return NULL;
	/* "/" as the root: a unit's cgroup is "/NAME". */
	if (rlen == 1)
		rlen = 0;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (sys_read_small_file(path, text, sizeof(text)) < 0)
		return NULL;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = strchr(line, ':');
		char *name, *slash;

		p = p ? strchr(p + 1, ':') : NULL;
		if (!p || strncmp(p + 1, root, rlen) != 0 || p[1 + rlen] != '/')
			continue;
		name = p + 2 + rlen;
		slash = strchr(name, '/');
		if (slash)
			*slash = '\0';
		return mgr_find(m, name);
	}
	return NULL;
}

/* The unit that recorded pid's process group (no cgroups). */
static struct mgr_unit *by_group(struct mgr *m, pid_t pid)
{
	pid_t pgid = sys.getpgid(pid);

	if (pgid <= 1)
		return NULL;
	for (uint32_t i = 0; i < m->n; i++) {
		const struct procset *p = &m->mu[i]->procs;

		for (unsigned k = 0; k < p->n; k++)
			if (p->groups[k] == pgid)
				return m->mu[i];
	}
	return NULL;
}

struct mgr_unit *mgr_unit_of_pid(struct mgr *m, pid_t pid)
{
	struct mgr_unit *mu = pidmap_get(&m->pids, pid);

	if (mu)
		return mu;
	return cgroups_active(&m->cg) ? by_cgroup(m, pid) : by_group(m, pid);
}

/* NotifyAccess= against the sender. */
static bool allowed(const struct mgr_unit *mu, pid_t pid)
{
	const struct svc *s = &mu->svc;

	switch (svc_notify_access(mu->unit)) {
	case NOTIFY_ACCESS_MAIN:
		return pid == s->main_pid;
	case NOTIFY_ACCESS_EXEC:
		return pid == s->main_pid || pid == s->control_pid;
	case NOTIFY_ACCESS_ALL:
		return true;
	default:
		return false;
	}
}

/* MAINPID=: only a process of the unit itself may become its main
 * process, or a service could make svinit signal anyone at its stop. */
static void set_main_pid(struct mgr_unit *mu, pid_t pid)
{
	struct mgr *m = mu->m;
	pid_t old = mu->svc.main_pid;

	/* The control process stays what it is: its exit ends a command. */
	if (pid == old || pid == mu->svc.control_pid)
		return;
	if (mgr_unit_of_pid(m, pid) != mu) {
		slog(SLOG_WARNING,
		     "%s: MAINPID=%d is not a process of the unit",
		     mu->unit->name, (int)pid);
		return;
	}
	if (pidmap_add(&m->pids, pid, mu) < 0) {
		slog(SLOG_ERR, "%s: MAINPID=%d: out of memory", mu->unit->name,
		     (int)pid);
		return;
	}
	if (svc_set_main_pid(&mu->svc, pid) < 0) {
		(void)pidmap_take(&m->pids, pid);
		return;
	}
	/* The old main process, if it lives on, is no longer followed by
	 * pid (its exit must not end the unit); its group stays recorded. */
	if (old)
		(void)pidmap_take(&m->pids, old);
	(void)procset_add_process(&mu->procs, pid);
	slog(SLOG_DEBUG, "%s: main process is now %d", mu->unit->name,
	     (int)pid);
}

/* One stored descriptor; allocated alone, so that its loop_io keeps
 * its address while the store's array grows. */
struct mgr_fd {
	struct loop_io io; /* io.fd: the descriptor */
	struct mgr_unit *mu;
	bool polled;
	char name[NOTIFY_FDNAME_MAX + 1];
};

static void fd_drop(struct mgr_unit *mu, size_t i)
{
	struct mgr_fd *f = mu->fdstore[i];

	if (f->polled)
		loop_io_del(&mu->m->loop, &f->io);
	close(f->io.fd);
	free(f);
	mu->fdstore[i] = mu->fdstore[--mu->n_fdstore];
}

/* A stored descriptor hung up or failed (its peer is gone): it would be
 * of no use to the next run. */
static void fd_hangup(struct loop_io *io, uint32_t events)
{
	struct mgr_fd *f = (struct mgr_fd *)io;
	struct mgr_unit *mu = f->mu;

	for (size_t i = 0; i < mu->n_fdstore; i++) {
		if (mu->fdstore[i] == f) {
			slog(SLOG_DEBUG,
			     "%s: stored fd \"%s\" hung up: dropped",
			     mu->unit->name, f->name);
			fd_drop(mu, i);
			return;
		}
	}
}

void mgr_fdstore_release(struct mgr_unit *mu)
{
	while (mu->n_fdstore > 0)
		fd_drop(mu, mu->n_fdstore - 1);
	free(mu->fdstore);
	mu->fdstore = NULL;
}

/* Whether mu stores the file fd refers to already (the same open
 * file, as systemd compares them): a second copy is not kept. */
static bool fd_stored(const struct mgr_unit *mu, int fd)
{
	for (size_t i = 0; i < mu->n_fdstore; i++) {
		int r = (int)syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE,
				     fd, mu->fdstore[i]->io.fd);

		if (r == 0)
			return true;
	}
	return false;
}

/* FDSTORE=1: keep the descriptors, up to FileDescriptorStoreMax=. */
static void fd_store(struct mgr_unit *mu, const struct notify_msg *msg,
		     int *fds, size_t n_fds)
{
	const char *name = msg->flags & NOTIFY_FDNAME ? msg->fdname : "stored";
	size_t i = 0;

	for (; i < n_fds; i++) {
		struct mgr_fd *f, **grown;

		if (fd_stored(mu, fds[i])) {
			close(fds[i]);
			continue;
		}
		if (mu->n_fdstore >= mu->unit->svc.fdstore_max)
			break;
		f = calloc(1, sizeof(*f));
		grown = f ? realloc(mu->fdstore,
				    (mu->n_fdstore + 1) * sizeof(*grown))
			  : NULL;
		if (!grown) {
			free(f);
			break;
		}
		mu->fdstore = grown;
		*f = (struct mgr_fd){.io = {.fd = fds[i], .fn = fd_hangup},
				     .mu = mu};
		snprintf(f->name, sizeof(f->name), "%s", name);
		/* No events asked: epoll reports hang-ups and errors
		 * always. A regular file cannot be watched (EPERM) and
		 * never hangs up. */
		f->polled = !(msg->flags & NOTIFY_FDPOLL_OFF) &&
			    loop_io_add(&mu->m->loop, &f->io, 0) == 0;
		mu->fdstore[mu->n_fdstore++] = f;
	}
	if (i < n_fds)
		slog(SLOG_WARNING,
		     "%s: descriptor store full (FileDescriptorStoreMax=%u): "
		     "%zu descriptor(s) closed",
		     mu->unit->name, mu->unit->svc.fdstore_max, n_fds - i);
	for (; i < n_fds; i++)
		close(fds[i]);
}

/* FDSTOREREMOVE=1 with FDNAME=: close the stored descriptors of that
 * name. */
static void fd_remove(struct mgr_unit *mu, const char *name)
{
	for (size_t i = mu->n_fdstore; i-- > 0;)
		if (strcmp(mu->fdstore[i]->name, name) == 0)
			fd_drop(mu, i);
}

size_t mgr_fdstore_get(const struct mgr_unit *mu, int *fds, size_t max,
		       char *names, size_t size)
{
	size_t n = 0, len = 0;

	if (size > 0)
		names[0] = '\0';
	for (; n < mu->n_fdstore && n < max; n++) {
		int w = snprintf(names + len, size - len, "%s%s", n ? ":" : "",
				 mu->fdstore[n]->name);

		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
		fds[n] = mu->fdstore[n]->io.fd;
	}
	return n;
}

void mgr_notify_deliver(struct mgr *m, pid_t pid, const struct notify_msg *msg,
			int *fds, size_t n_fds)
{
	struct mgr_unit *mu = mgr_unit_of_pid(m, pid);

	/* Whatever is not stored below is closed: fds are ours. */
	if (!mu || !allowed(mu, pid) || svc_is_inactive(&mu->svc) ||
	    mu->unit->svc.fdstore_max == 0) {
		for (size_t i = 0; i < n_fds; i++)
			close(fds[i]);
		n_fds = 0;
	}
	if (!mu) {
		m->notify_unknown++;
		slog(SLOG_DEBUG, "notification from pid %d of no unit ignored",
		     (int)pid);
		return;
	}
	if (!allowed(mu, pid)) {
		mu->n_rejected++;
		slog(SLOG_DEBUG,
		     "%s: notification from pid %d refused "
		     "(NotifyAccess=%s)",
		     mu->unit->name, (int)pid,
		     unit_notify_access_names[svc_notify_access(mu->unit)]);
		return;
	}
	if (msg->flags & NOTIFY_STATUS) {
		char *t = strdup(msg->status);

		/* Out of memory: the old text stays, which is only stale. */
		if (t) {
			free(mu->status_text);
			mu->status_text = t;
		}
	}
	if (msg->flags & NOTIFY_ERRNO)
		mu->status_errno = msg->errno_value;
	if ((msg->flags & NOTIFY_FDSTOREREMOVE) && (msg->flags & NOTIFY_FDNAME))
		fd_remove(mu, msg->fdname);
	if (msg->flags & NOTIFY_FDSTORE)
		fd_store(mu, msg, fds, n_fds);
	/* Before READY=1: a daemon that forks says who its main process
	 * is in the same datagram as its readiness. */
	if (msg->flags & NOTIFY_MAINPID)
		set_main_pid(mu, msg->main_pid);
	svc_notify(&mu->svc, msg);
}

static void received(void *ctx, pid_t pid, const struct notify_msg *msg,
		     int *fds, size_t n_fds)
{
	mgr_notify_deliver(ctx, pid, msg, fds, n_fds);
}

int mgr_notify_open(struct mgr *m)
{
	char path[4096];
	int r;

	/* Made here first (the control socket comes later): readable by
	 * all whatever the umask, so that services of every user reach
	 * the socket. */
	if (mkdir(m->cfg.runtime_dir, 0755) == 0) {
		if (chmod(m->cfg.runtime_dir, 0755) < 0)
			return -errno;
	} else if (errno != EEXIST) {
		return -errno;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/notify.sock",
			     m->cfg.runtime_dir) >= sizeof(path))
		return -ENAMETOOLONG;
	r = notify_open(&m->notify, &m->loop, path, received, m);
	if (r < 0)
		return r;
	/* Services of any user send to it; the kernel's credentials, not
	 * the file's mode, decide what a datagram may do. */
	if (chmod(path, 0777) < 0) {
		r = -errno;
		notify_close(&m->notify);
		return r;
	}
	return 0;
}
