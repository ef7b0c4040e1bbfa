/* control: the control socket server (see control.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"

#define IN_INITIAL   4096
#define ACCEPT_BATCH 16
#define EVENT_BATCH  32
/* An output buffer larger than this is released once sent, so a single
 * big reply (status of many units) does not stay allocated. */
#define OUT_KEEP (64 * 1024)

struct control_client {
	struct control *ctl;
	struct control_client *prev, *next;
	int fd;
	uint32_t events; /* as registered in the epoll set */
	struct ucred cred;
	uint64_t id;
	char *in;
	size_t in_len, in_cap;
	struct proto_buf out;
	size_t out_off; /* bytes of out already sent */
	struct proto_msg req;
	bool has_req; /* req is being handled or pending */
	bool rd_eof;
	bool close_after_flush;
	bool dead; /* disconnected; freed at the end of the dispatch */
};

struct control {
	int epfd, lfd, dirfd;
	int spare_fd; /* given up to accept-and-close when out of fds */
	dev_t sock_dev;
	ino_t sock_ino;
	struct sockaddr_un addr;
	struct control_ops ops;
	void *ctx;
	struct control_client *clients, *graveyard;
	size_t n_clients;
	uint64_t next_id;
	uid_t self_uid;
	bool dispatching;
};

static const char *const read_only_verbs[] = {
	"status", "show", "list-units", "is-active", "is-failed", "cat", "logs",
};

bool control_verb_read_only(const char *verb)
{
	for (size_t i = 0;
	     i < sizeof(read_only_verbs) / sizeof(*read_only_verbs); i++)
		if (strcmp(verb, read_only_verbs[i]) == 0)
			return true;
	return false;
}

/* ---- clients ---- */

static void client_free(struct control_client *cl)
{
	free(cl->in);
	proto_buf_free(&cl->out);
	free(cl);
}

/*
 * Disconnect cl. The struct outlives a dispatch in progress because
 * events of the same batch may still name it; `notify` tells whether a
 * pending request must be reported as gone (not when the daemon itself
 * caused the drop while answering).
 */
static void client_drop(struct control_client *cl, bool notify)
{
	struct control *c = cl->ctl;

	if (cl->dead)
		return;
	cl->dead = true;
	if (notify && cl->has_req && c->ops.on_gone)
		c->ops.on_gone(c->ctx, cl);
	if (cl->has_req)
		proto_msg_free(&cl->req);
	cl->has_req = false;
	(void)epoll_ctl(c->epfd, EPOLL_CTL_DEL, cl->fd, NULL);
	close(cl->fd);
	cl->fd = -1;
	if (cl->prev)
		cl->prev->next = cl->next;
	else
		c->clients = cl->next;
	if (cl->next)
		cl->next->prev = cl->prev;
	c->n_clients--;
	if (c->dispatching) {
		cl->next = c->graveyard;
		c->graveyard = cl;
	} else {
		client_free(cl);
	}
}

static int client_watch(struct control_client *cl, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = cl};

	if (cl->events == events)
		return 0;
	if (epoll_ctl(cl->ctl->epfd, EPOLL_CTL_MOD, cl->fd, &ev) < 0)
		return -errno;
	cl->events = events;
	return 0;
}

static void client_new(struct control *c, int fd)
{
	struct control_client *cl;
	struct epoll_event ev;
	socklen_t len = sizeof(cl->cred);

	cl = calloc(1, sizeof(*cl));
	if (!cl)
		goto fail;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cl->cred, &len) < 0 ||
	    len != sizeof(cl->cred))
		goto fail;
	cl->ctl = c;
	cl->fd = fd;
	cl->id = ++c->next_id;
	cl->events = EPOLLIN;
	ev.events = EPOLLIN;
	ev.data.ptr = cl;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		goto fail;
	cl->next = c->clients;
	if (c->clients)
		c->clients->prev = cl;
	c->clients = cl;
	c->n_clients++;
	return;
fail:
	free(cl);
	close(fd);
}

/* Write as much queued output as the socket takes. */
static int client_flush(struct control_client *cl)
{
	while (cl->out_off < cl->out.len) {
		ssize_t n = send(cl->fd, cl->out.data + cl->out_off,
				 cl->out.len - cl->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -errno;
		}
		cl->out_off += (size_t)n;
	}
	if (cl->out.cap > OUT_KEEP)
		proto_buf_free(&cl->out);
	cl->out.len = 0;
	cl->out_off = 0;
	return 0;
}

/* Read once; the caller knows no whole frame is buffered yet. */
static int client_read(struct control_client *cl)
{
	ssize_t want =
		proto_frame_len(cl->in, cl->in_len, PROTO_MAX_REQUEST_BODY);
	size_t cap;
	ssize_t n;

	if (want < 0)
		return (int)want;
	cap = (size_t)want > IN_INITIAL ? (size_t)want : IN_INITIAL;
	if (cap > cl->in_cap) {
		char *p = realloc(cl->in, cap);

		if (!p)
			return -ENOMEM;
		cl->in = p;
		cl->in_cap = cap;
	}
	n = read(cl->fd, cl->in + cl->in_len, cl->in_cap - cl->in_len);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (n == 0)
		cl->rd_eof = true;
	cl->in_len += (size_t)n;
	return 0;
}

static bool client_privileged(const struct control_client *cl)
{
	return cl->cred.uid == 0 || cl->cred.uid == cl->ctl->self_uid;
}

static int queue_reply(struct control_client *cl, unsigned code, unsigned flags,
		       char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return proto_encode(&cl->out, PROTO_REPLY, flags, code,
			    (const char *const *)v, n);
}

/* Decode the frame of flen bytes at the head of the input and act. */
static void client_frame(struct control_client *cl, size_t flen)
{
	struct control *c = cl->ctl;
	int r = proto_decode(cl->in, flen, &cl->req);

	memmove(cl->in, cl->in + flen, cl->in_len - flen);
	cl->in_len -= flen;
	if (r == -EPROTONOSUPPORT) {
		char msg[64];
		char *v[] = {msg, NULL};

		snprintf(msg, sizeof(msg), "protocol version %u not supported",
			 cl->req.version);
		cl->close_after_flush = true;
		if (queue_reply(cl, PROTO_FAILURE, PROTO_F_ERROR, v) < 0)
			client_drop(cl, false);
		return;
	}
	if (r < 0 || cl->req.kind != PROTO_REQUEST) {
		if (r == 0)
			proto_msg_free(&cl->req);
		client_drop(cl, false);
		return;
	}
	cl->has_req = true;
	if (!client_privileged(cl) && !control_verb_read_only(cl->req.v[0])) {
		control_reply_error(cl, PROTO_FAILURE, "permission denied");
		return;
	}
	r = c->ops.request(c->ctx, cl, &cl->req);
	if (r < 0 && !cl->dead && cl->has_req)
		control_reply_error(cl, PROTO_FAILURE, "%s", strerror(-r));
}

/*
 * Move cl forward as far as it goes without blocking: send the pending
 * reply, then handle the next buffered request, until it must wait for
 * the socket or for the daemon. Then register exactly what it waits for,
 * so a level-triggered set never reports what cannot be acted on.
 */
static void client_progress(struct control_client *cl)
{
	uint32_t want;
	ssize_t flen;

	for (;;) {
		if (cl->dead)
			return;
		if (cl->out_off < cl->out.len) {
			if (client_flush(cl) < 0) {
				client_drop(cl, true);
				return;
			}
			if (cl->out_off < cl->out.len) {
				want = EPOLLOUT;
				break;
			}
		}
		if (cl->close_after_flush) {
			client_drop(cl, true);
			return;
		}
		if (cl->has_req) {
			/* Pending: only a hangup (always reported) matters. */
			want = 0;
			break;
		}
		flen = proto_frame_len(cl->in, cl->in_len,
				       PROTO_MAX_REQUEST_BODY);
		if (flen < 0) {
			client_drop(cl, false);
			return;
		}
		if ((size_t)flen <= cl->in_len) {
			client_frame(cl, (size_t)flen);
			continue;
		}
		if (cl->rd_eof) {
			client_drop(cl, false);
			return;
		}
		want = EPOLLIN;
		break;
	}
	if (client_watch(cl, want) < 0)
		client_drop(cl, true);
}

static void client_event(struct control_client *cl, uint32_t events)
{
	if (events & EPOLLERR || (events & EPOLLHUP && cl->has_req)) {
		client_drop(cl, true);
		return;
	}
	/* Reading only when nothing is queued or pending: see progress. */
	if (events & (EPOLLIN | EPOLLHUP) && !cl->has_req &&
	    cl->out_off == cl->out.len && !cl->rd_eof) {
		if (client_read(cl) < 0) {
			client_drop(cl, false);
			return;
		}
	}
	client_progress(cl);
}

/* ---- replies ---- */

int control_reply(struct control_client *cl, unsigned code, unsigned flags,
		  char *const *v)
{
	int r, r2 = 0;

	if (cl->dead)
		return -ENOTCONN;
	if (!cl->has_req)
		return -EALREADY;
	/* Encoded before the request is freed: v may point into it. */
	r = queue_reply(cl, code, flags, v);
	proto_msg_free(&cl->req);
	cl->has_req = false;
	if (r < 0) {
		/* Never leave svctl waiting for an answer that cannot come. */
		char msg[96];
		char *ev[] = {msg, NULL};

		snprintf(msg, sizeof(msg), "svinit: cannot send the reply: %s",
			 strerror(-r));
		r2 = queue_reply(cl, PROTO_FAILURE, PROTO_F_ERROR, ev);
	}
	if (r2 < 0 || client_watch(cl, EPOLLOUT) < 0)
		client_drop(cl, false);
	return r;
}

int control_reply_error(struct control_client *cl, unsigned code,
			const char *fmt, ...)
{
	char msg[512];
	char *v[] = {msg, NULL};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return control_reply(cl, code, PROTO_F_ERROR, v);
}

/* ---- listening socket ---- */

static void accept_clients(struct control *c)
{
	for (int i = 0; i < ACCEPT_BATCH; i++) {
		int fd = accept4(c->lfd, NULL, NULL,
				 SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if ((errno == EMFILE || errno == ENFILE) &&
			    c->spare_fd >= 0) {
				/* Free one fd to take the connection off the
				 * backlog; otherwise it would wake us forever.
				 */
				close(c->spare_fd);
				fd = accept4(c->lfd, NULL, NULL, SOCK_CLOEXEC);
				if (fd >= 0)
					close(fd);
				c->spare_fd =
					fcntl(c->epfd, F_DUPFD_CLOEXEC, 0);
				continue;
			}
			return;
		}
		if (c->n_clients >= CONTROL_MAX_CLIENTS) {
			close(fd);
			continue;
		}
		client_new(c, fd);
	}
}

void control_dispatch(struct control *c)
{
	struct epoll_event ev[EVENT_BATCH];
	int n;

	if (c->spare_fd < 0)
		c->spare_fd = fcntl(c->epfd, F_DUPFD_CLOEXEC, 0);
	n = epoll_wait(c->epfd, ev, EVENT_BATCH, 0);
	c->dispatching = true;
	for (int i = 0; i < n; i++) {
		struct control_client *cl = ev[i].data.ptr;

		if (!cl)
			accept_clients(c);
		else if (!cl->dead)
			client_event(cl, ev[i].events);
	}
	c->dispatching = false;
	while (c->graveyard) {
		struct control_client *cl = c->graveyard;

		c->graveyard = cl->next;
		client_free(cl);
	}
}

/* The runtime directory: ours, real, and only writable by us. */
static int open_runtime_dir(const char *dir)
{
	struct stat st;
	bool created = false;
	int fd, r;

	if (mkdir(dir, 0755) == 0)
		created = true;
	else if (errno != EEXIST)
		return -errno;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		goto fail_errno;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail_errno;
	}
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		goto fail_errno;
	}
	if (created) {
		/* The umask may have narrowed it; readers must reach it. */
		if (fchmod(fd, 0755) < 0)
			goto fail_errno;
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		errno = EPERM;
		goto fail_errno;
	}
	return fd;
fail_errno:
	r = -errno;
	close(fd);
	return r;
}

/*
 * The socket's address. Through /proc/self/fd the path goes via the
 * directory we checked, so a directory swapped for a symlink after the
 * check cannot redirect the bind, and a long runtime dir still fits in
 * sun_path. Without /proc (very early boot), the plain path.
 */
static int make_addr(struct control *c, const char *dir)
{
	int n;

	c->addr.sun_family = AF_UNIX;
	if (access("/proc/self/fd", F_OK) == 0)
		n = snprintf(c->addr.sun_path, sizeof(c->addr.sun_path),
			     "/proc/self/fd/%d/%s", c->dirfd,
			     PROTO_SOCKET_NAME);
	else
		n = snprintf(c->addr.sun_path, sizeof(c->addr.sun_path),
			     "%s/%s", dir, PROTO_SOCKET_NAME);
	return n < 0 || (size_t)n >= sizeof(c->addr.sun_path) ? -ENAMETOOLONG
							      : 0;
}

/* Remove a socket file nobody listens on; refuse anything else. */
static int remove_stale(struct control *c)
{
	struct stat st;
	int s, r;

	if (fstatat(c->dirfd, PROTO_SOCKET_NAME, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0)
		return -errno;
	r = connect(s, (struct sockaddr *)&c->addr, sizeof(c->addr));
	r = r == 0 ? -EADDRINUSE : -errno;
	close(s);
	if (r == -EAGAIN || r == -EINPROGRESS)
		return -EADDRINUSE; /* alive, only busy */
	if (r != -ECONNREFUSED)
		return r;
	if (unlinkat(c->dirfd, PROTO_SOCKET_NAME, 0) < 0)
		return -errno;
	return 0;
}

static int listen_socket(struct control *c)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	struct stat st;

	c->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->lfd < 0)
		return -errno;
	if (bind(c->lfd, (struct sockaddr *)&c->addr, sizeof(c->addr)) < 0)
		return -errno;
	if (fstatat(c->dirfd, PROTO_SOCKET_NAME, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	c->sock_dev = st.st_dev;
	c->sock_ino = st.st_ino;
	/* Anyone may connect: each request is authorized by its uid. */
	if (fchmodat(c->dirfd, PROTO_SOCKET_NAME, 0666, 0) < 0)
		return -errno;
	if (listen(c->lfd, CONTROL_BACKLOG) < 0)
		return -errno;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0)
		return -errno;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->lfd, &ev) < 0)
		return -errno;
	c->spare_fd = fcntl(c->epfd, F_DUPFD_CLOEXEC, 0);
	return c->spare_fd < 0 ? -errno : 0;
}

int control_open(struct control **out, const char *runtime_dir,
		 const struct control_ops *ops, void *ctx)
{
	struct control *c;
	int r;

	*out = NULL;
	if (!ops || !ops->request)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->epfd = c->lfd = c->spare_fd = -1;
	c->ops = *ops;
	c->ctx = ctx;
	c->self_uid = geteuid();
	c->dirfd = open_runtime_dir(runtime_dir);
	if (c->dirfd < 0) {
		r = c->dirfd;
		goto fail;
	}
	r = make_addr(c, runtime_dir);
	if (r >= 0)
		r = remove_stale(c);
	if (r >= 0)
		r = listen_socket(c);
	if (r < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	control_close(c);
	return r;
}

void control_close(struct control *c)
{
	struct stat st;

	if (!c)
		return;
	while (c->clients)
		client_drop(c->clients, true);
	if (c->lfd >= 0) {
		/* Only our own socket: a successor may have replaced it. */
		if (c->sock_ino &&
		    fstatat(c->dirfd, PROTO_SOCKET_NAME, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_dev == c->sock_dev && st.st_ino == c->sock_ino)
			(void)unlinkat(c->dirfd, PROTO_SOCKET_NAME, 0);
		close(c->lfd);
	}
	if (c->spare_fd >= 0)
		close(c->spare_fd);
	if (c->epfd >= 0)
		close(c->epfd);
	if (c->dirfd >= 0)
		close(c->dirfd);
	free(c);
}

int control_fd(const struct control *c)
{
	return c->epfd;
}

/* ---- accessors ---- */

const struct proto_msg *control_client_request(const struct control_client *cl)
{
	return cl->has_req ? &cl->req : NULL;
}

uid_t control_client_uid(const struct control_client *cl)
{
	return cl->cred.uid;
}

pid_t control_client_pid(const struct control_client *cl)
{
	return cl->cred.pid;
}

uint64_t control_client_id(const struct control_client *cl)
{
	return cl->id;
}

struct control_client *control_client_by_id(struct control *c, uint64_t id)
{
	for (struct control_client *cl = c->clients; cl; cl = cl->next)
		if (cl->id == id)
			return cl;
	return NULL;
}

size_t control_n_clients(const struct control *c)
{
	return c->n_clients;
}
