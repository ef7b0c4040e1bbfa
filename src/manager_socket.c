/*
 * manager_socket: the daemon's side of socket activation (see manager.h).
 *
 * A socket unit, once started, holds its listening descriptors here
 * (socket.h opens them) until it stops: through every stop, crash and
 * restart of its service, so that a client connecting meanwhile waits in
 * the kernel's backlog instead of being refused. The service's main
 * process gets them (and its descriptor store after them) as fds 3, 4,
 * ... with LISTEN_FDS=, LISTEN_FDNAMES= and LISTEN_PID=.
 *
 * On-demand start: while the socket is up and the service it activates
 * is down with no job, each descriptor is watched for input (EPOLLIN,
 * level-triggered); the first connection or datagram starts the service
 * through the job engine, as `svctl start` would, and the watch is
 * dropped until the service is down again (svinit never accepts or
 * reads: the service does). Whether to watch is worked out again at
 * every change of the socket, of its service and of the service's jobs
 * (mgr_socket_update), never polled.
 *
 * A service that cannot stay up would be started again by every waiting
 * connection: TriggerLimitBurst= starts in TriggerLimitIntervalSec= fail
 * the socket (trigger-limit-hit), and so does the service hitting its
 * own start limit (service-start-limit-hit), as in systemd.
 */
#include "manager_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "slog.h"

/* One open descriptor of a socket unit. */
struct mgr_sock_fd {
	struct loop_io io; /* io.fd: the descriptor */
	struct mgr_unit *mu;
	bool watched;
};

struct mgr_socket {
	struct mgr_sock_fd *fds; /* one per Listen*= line, in order */
	size_t n;
	struct ratelimit trigger; /* TriggerLimit*= */
};

/* The service a socket unit activates, or NULL when it is not loaded. */
static struct mgr_unit *service_of(struct mgr_unit *mu)
{
	const struct socket_conf *sc = mu->unit->sock;
	struct mgr_unit *svc;

	if (!sc || !sc->service)
		return NULL;
	svc = mgr_find(mu->m, sc->service);
	return svc && svc->unit->type == UNIT_SERVICE ? svc : NULL;
}

/* Whether traffic on mu should start svc: the socket is up, svinit is
 * not shutting down, and the service is down with no job. */
static bool waits_for_traffic(struct mgr_unit *mu, struct mgr_unit *svc)
{
	return svc && mu->svc.state == SVC_EXITED &&
	       !mgr_shutting_down(mu->m) && svc_is_inactive(&svc->svc) &&
	       mu->m->jobs.job[svc->svc.index].type == JOB_NONE;
}

/* Traffic while the service is down: start it. */
static void trigger(struct mgr_unit *mu, struct mgr_unit *svc)
{
	struct mgr *m = mu->m;
	int r;

	/* TriggerLimitBurst= starts in TriggerLimitIntervalSec=. */
	if (ratelimit_hit(&mu->sock->trigger, now_monotonic(),
			  mu->unit->sock->trigger_interval,
			  mu->unit->sock->trigger_burst)) {
		slog(SLOG_ERR,
		     "%s: started %s more than %u times in %llu ms: "
		     "giving up (trigger-limit-hit)",
		     mu->unit->name, svc->unit->name,
		     mu->unit->sock->trigger_burst,
		     (unsigned long long)(mu->unit->sock->trigger_interval /
					  USEC_PER_MSEC));
		svc_give_up(&mu->svc, RESULT_TRIGGER_LIMIT_HIT);
		return;
	}
	slog(SLOG_INFO, "%s: incoming traffic, starting %s", mu->unit->name,
	     svc->unit->name);
	r = job_start(&m->jobs, svc->svc.index);
	if (r < 0) {
		slog(SLOG_ERR, "%s: cannot start %s: %s", mu->unit->name,
		     svc->unit->name, strerror(-r));
		svc_give_up(&mu->svc, RESULT_RESOURCES);
	} else if (svc->svc.state == SVC_FAILED &&
		   svc->svc.result == RESULT_START_LIMIT_HIT) {
		svc_give_up(&mu->svc, RESULT_SERVICE_START_LIMIT_HIT);
	}
}

static void on_input(struct loop_io *io, uint32_t events)
{
	struct mgr_sock_fd *f = (struct mgr_sock_fd *)io;
	struct mgr_unit *mu = f->mu;
	struct mgr_unit *svc = service_of(mu);

	(void)events;
	/* Checked again: a job may have been queued since the watch was
	 * armed. */
	if (waits_for_traffic(mu, svc))
		trigger(mu, svc);
	mgr_socket_update(mu);
}

void mgr_socket_update(struct mgr_unit *mu)
{
	struct mgr *m = mu->m;
	bool want;

	if (!mu->sock)
		return;
	want = waits_for_traffic(mu, service_of(mu));
	for (size_t i = 0; i < mu->sock->n; i++) {
		struct mgr_sock_fd *f = &mu->sock->fds[i];
		int r;

		if (want == f->watched)
			continue;
		if (!want) {
			loop_io_del(&m->loop, &f->io);
			f->watched = false;
			continue;
		}
		r = loop_io_add(&m->loop, &f->io, EPOLLIN);
		if (r < 0)
			slog(SLOG_WARNING,
			     "%s: cannot watch %s: %s (no start on demand)",
			     mu->unit->name, mu->unit->sock->listen[i].text,
			     strerror(-r));
		f->watched = r >= 0;
	}
}

void mgr_socket_service_changed(struct mgr_unit *svc)
{
	char *const *names = svc->unit->svc.sockets;

	for (size_t i = 0; names && names[i]; i++) {
		struct mgr_unit *mu = mgr_find(svc->m, names[i]);

		if (mu)
			mgr_socket_update(mu);
	}
}

int mgr_socket_activate(struct mgr_unit *mu)
{
	const struct socket_conf *sc = mu->unit->sock;
	struct mgr_socket *s;
	const char *step;
	int r = 0;

	if (!sc || mu->sock)
		return 0;
	if (!service_of(mu)) {
		slog(SLOG_ERR,
		     "%s: cannot start: it activates %s, which is not a "
		     "loaded service",
		     mu->unit->name, sc->service ? sc->service : "nothing");
		return -ENOENT;
	}
	s = calloc(1, sizeof(*s));
	if (s)
		s->fds = calloc(sc->n_listen, sizeof(*s->fds));
	if (!s || !s->fds) {
		free(s);
		return -ENOMEM;
	}
	mu->sock = s;
	for (; s->n < sc->n_listen; s->n++) {
		const struct socket_listen *l = &sc->listen[s->n];
		struct mgr_sock_fd *f = &s->fds[s->n];

		r = socket_listen_open(sc, l, &f->io.fd, &step);
		if (r < 0) {
			slog(SLOG_ERR, "%s: cannot listen on %s (%s): %s: %s",
			     mu->unit->name, l->text,
			     socket_kind_to_string(l->kind), step,
			     strerror(-r));
			break;
		}
		f->io.fn = on_input;
		f->mu = mu;
	}
	if (r < 0) {
		mgr_socket_deactivate(mu);
		return r;
	}
	return 0;
}

void mgr_socket_deactivate(struct mgr_unit *mu)
{
	struct mgr_socket *s = mu->sock;

	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		if (s->fds[i].watched)
			loop_io_del(&mu->m->loop, &s->fds[i].io);
		close(s->fds[i].io.fd);
		socket_listen_remove(mu->unit->sock,
				     &mu->unit->sock->listen[i]);
	}
	free(s->fds);
	free(s);
	mu->sock = NULL;
}

/* Append name to the `:`-separated list in b (of size bytes, len used). */
static void add_name(char *b, size_t size, size_t *len, const char *name)
{
	int w = snprintf(b + *len, size - *len, "%s%s", *len ? ":" : "", name);

	if (w > 0 && (size_t)w < size - *len)
		*len += (size_t)w;
}

int mgr_listen_fds(struct mgr_unit *mu, int *fds, size_t max, size_t *n,
		   char **names)
{
	char *const *socks = mu->unit->svc.sockets;
	size_t size = 1, len = 0;
	char *b;

	*n = 0;
	*names = NULL;
	/* Room for every name: each at most NOTIFY_FDNAME_MAX and a `:`. */
	for (size_t i = 0; socks && socks[i]; i++) {
		struct mgr_unit *s = mgr_find(mu->m, socks[i]);

		if (s && s->sock)
			size += s->sock->n * (NOTIFY_FDNAME_MAX + 1);
	}
	size += mu->n_fdstore * (NOTIFY_FDNAME_MAX + 1);
	if (size == 1)
		return 0;
	b = calloc(1, size);
	if (!b)
		return -ENOMEM;
	/* The sockets first, in Sockets= order, then the store: as
	 * systemd does. */
	for (size_t i = 0; socks && socks[i]; i++) {
		struct mgr_unit *s = mgr_find(mu->m, socks[i]);
		const char *name;

		if (!s || !s->sock)
			continue;
		name = s->unit->sock->fd_name ? s->unit->sock->fd_name
					      : s->unit->name;
		for (size_t k = 0; k < s->sock->n && *n < max; k++) {
			fds[(*n)++] = s->sock->fds[k].io.fd;
			add_name(b, size, &len, name);
		}
	}
	if (mu->n_fdstore && *n < max) {
		char *store = b + len + (len ? 1 : 0);
		size_t got = mgr_fdstore_get(mu, fds + *n, max - *n, store,
					     size - len - 1);

		if (got && len)
			b[len] = ':';
		*n += got;
	}
	*names = b;
	return 0;
}
