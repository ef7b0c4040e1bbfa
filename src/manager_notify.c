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
 */
#include "manager_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

void mgr_notify_deliver(struct mgr *m, pid_t pid, const struct notify_msg *msg)
{
	struct mgr_unit *mu = mgr_unit_of_pid(m, pid);

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
	/* Before READY=1: a daemon that forks says who its main process
	 * is in the same datagram as its readiness. */
	if (msg->flags & NOTIFY_MAINPID)
		set_main_pid(mu, msg->main_pid);
	svc_notify(&mu->svc, msg);
}

static void received(void *ctx, pid_t pid, const struct notify_msg *msg)
{
	mgr_notify_deliver(ctx, pid, msg);
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
