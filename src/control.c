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
#include <stddef.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "ctlsock.h"
#include "timeoutq.h"

#define IN_INITIAL   4096
#define ACCEPT_BATCH 16
#define EVENT_BATCH  32
/* An output buffer larger than this is released once sent, so a single
 * big reply does not stay allocated; a stream's parts fit under it and
 * reuse one buffer. */
#define OUT_KEEP (4 * CONTROL_STREAM_PART)

/* The epoll tags of control's own fds; a client's tag is its pointer. */
#define TAG_LISTENER NULL
#define TAG_TIMER    ((void *)&timer_tag)
static const char timer_tag;

struct control_client {
	struct control *ctl;
	struct control_client *prev, *next; /* every client */
	struct timeoutq_node tq; /* linked while the peer owes progress */
	int fd;
	uint32_t events; /* as registered in the epoll set */
	struct ucred cred;
	bool privileged;
	uint64_t id;
	char *in;
	size_t in_len, in_cap;
	struct proto_buf out;
	size_t out_off; /* bytes of out already sent */
	struct proto_msg req;
	bool has_req;		       /* req handed over, no reply yet */
	struct control_stream *stream; /* answering in parts; req kept */
	bool rd_eof;
	bool close_after_flush;
	bool dead; /* disconnected; freed at the end of the dispatch */
};

struct control {
	struct ctlsock sock;
	int epfd;
	int spare_fd; /* given up to accept-and-close when out of fds */
	struct control_ops ops;
	void *ctx;
	struct control_client *clients, *graveyard;
	struct timeoutq tq; /* the deadlines of clients */
	size_t n_clients;
	uint64_t next_id;
	uid_t self_uid;
	bool dispatching;
};

static const char *const read_only_verbs[] = {
	"status",
	"show",
	"list-units",
	"is-active",
	"is-failed",
	"cat",
	"logs",
	"security",
	"is-enabled",
	"list-unit-files",
	"list-dependencies",
	"graph",
	"analyze",
};

bool control_verb_read_only(const char *verb)
{
	for (size_t i = 0; i < ARRAY_SIZE(read_only_verbs); i++)
		if (strcmp(verb, read_only_verbs[i]) == 0)
			return true;
	return false;
}

/* ---- deadlines ---- */

static struct control_client *timed_client(struct timeoutq_node *n)
{
	return (struct control_client *)((char *)n -
					 offsetof(struct control_client, tq));
}

/* cl made progress, or owes some from now on. */
static void timed_touch(struct control_client *cl)
{
	timeoutq_touch(&cl->ctl->tq, &cl->tq);
}

/* Only the daemon owes cl something (or it is gone): no deadline. */
static void timed_remove(struct control_client *cl)
{
	timeoutq_remove(&cl->ctl->tq, &cl->tq);
}

static void client_drop(struct control_client *cl, bool notify);

/* The timer fired: drop every client whose deadline has passed. A
 * pending client is never timed, so on_gone is not called from here. */
static void timer_expire(struct control *c)
{
	struct timeoutq_node *n;
	usec_t now = now_monotonic();

	timeoutq_fired(&c->tq);
	while ((n = timeoutq_due(&c->tq, now)))
		client_drop(timed_client(n), true);
	timeoutq_arm(&c->tq);
}

void control_set_timeout(struct control *c, usec_t timeout)
{
	c->tq.timeout = timeout;
}

/* ---- clients ---- */

static void client_free(struct control_client *cl)
{
	free(cl->in);
	proto_buf_free(&cl->out);
	free(cl);
}

/* The stream is over (last part queued, failed, or the peer left): let
 * the producer go, then the request it may have pointed into. */
static void stream_end(struct control_client *cl)
{
	struct control_stream *s = cl->stream;

	if (!s)
		return;
	cl->stream = NULL;
	s->release(s);
	proto_msg_free(&cl->req);
}

/*
 * Disconnect cl. The struct outlives a dispatch in progress because
 * events of the same batch may still name it; `notify` tells whether a
 * pending request must be reported as gone (not when the daemon itself
 * caused the drop while answering). A stream is released either way:
 * its producer is told by release, never by on_gone.
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
	stream_end(cl);
	timed_remove(cl);
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

/*
 * Why a new peer with these credentials may not connect, or NULL when it
 * may. Privileged peers only meet the total; the others also leave the
 * reserve free and stay under the per-uid cap. Counting is a walk over
 * at most CONTROL_MAX_CLIENTS clients, at accept only.
 */
static const char *client_refusal(const struct control *c,
				  const struct ucred *cred, bool privileged)
{
	size_t same = 0;

	if (c->n_clients >= CONTROL_MAX_CLIENTS)
		return "too many connections";
	if (privileged)
		return NULL;
	if (c->n_clients >= CONTROL_MAX_CLIENTS - CONTROL_RESERVED)
		return "too many connections (the rest are kept for root)";
	for (const struct control_client *cl = c->clients; cl; cl = cl->next)
		same += cl->cred.uid == cred->uid;
	if (same >= CONTROL_MAX_PER_UID)
		return "too many connections from this user";
	return NULL;
}

/* Tell a refused peer why, in one frame written without blocking into
 * its empty socket buffer (best effort), then close it. */
static void refuse(int fd, const char *why)
{
	struct proto_buf b = {0};
	char msg[96];
	const char *v[] = {msg};

	snprintf(msg, sizeof(msg), "svinit: %s", why);
	if (proto_encode(&b, PROTO_REPLY, PROTO_F_ERROR, PROTO_FAILURE, v, 1) ==
	    0)
		(void)send(fd, b.data, b.len, MSG_NOSIGNAL | MSG_DONTWAIT);
	proto_buf_free(&b);
	close(fd);
}

static void client_new(struct control *c, int fd)
{
	struct control_client *cl;
	struct epoll_event ev;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	bool privileged;
	const char *why;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    len != sizeof(cred)) {
		close(fd);
		return;
	}
	privileged = cred.uid == 0 || cred.uid == c->self_uid;
	why = client_refusal(c, &cred, privileged);
	if (why) {
		refuse(fd, why);
		return;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		refuse(fd, "out of memory");
		return;
	}
	cl->ctl = c;
	cl->fd = fd;
	cl->cred = cred;
	cl->privileged = privileged;
	cl->id = ++c->next_id;
	cl->events = EPOLLIN;
	ev.events = EPOLLIN;
	ev.data.ptr = cl;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		free(cl);
		close(fd);
		return;
	}
	cl->next = c->clients;
	if (c->clients)
		c->clients->prev = cl;
	c->clients = cl;
	c->n_clients++;
	/* It owes a request from now on. */
	timed_touch(cl);
}

/* Write as much queued output as the socket takes; any byte taken is
 * progress. 0 (all sent, or the socket is full) or -errno. */
static int client_flush(struct control_client *cl)
{
	size_t before = cl->out_off;

	while (cl->out_off < cl->out.len) {
		ssize_t n = send(cl->fd, cl->out.data + cl->out_off,
				 cl->out.len - cl->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -errno;
		}
		cl->out_off += (size_t)n;
	}
	if (cl->out_off > before)
		timed_touch(cl);
	if (cl->out_off < cl->out.len)
		return 0;
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
	else
		timed_touch(cl);
	cl->in_len += (size_t)n;
	return 0;
}

/*
 * Queue a whole frame: taken over without a copy when nothing else is
 * queued (always, as one reply is answered at a time: only the refusal
 * of a version could come first), appended otherwise. *frame is left
 * empty either way. 0 or -ENOMEM.
 */
static int queue_frame(struct control_client *cl, struct proto_buf *frame)
{
	int r = 0;

	if (cl->out_off == cl->out.len) {
		proto_buf_free(&cl->out);
		cl->out = *frame;
		cl->out_off = 0;
	} else {
		r = proto_buf_append(&cl->out, frame->data, frame->len);
		proto_buf_free(frame);
	}
	*frame = (struct proto_buf){0};
	return r;
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

/* An error reply in place of one that could not be built or sent; never
 * leave svctl waiting for an answer that cannot come. */
static int queue_failure(struct control_client *cl, int err)
{
	char msg[96];
	char *v[] = {msg, NULL};

	snprintf(msg, sizeof(msg), "svinit: cannot send the reply: %s",
		 strerror(-err));
	return queue_reply(cl, PROTO_FAILURE, PROTO_F_ERROR, v);
}

/*
 * The next part of cl's stream, into cl->out, which is empty: the
 * writer borrows its buffer, so parts reuse one allocation. A producer
 * error or a part that cannot be framed ends the reply with an error
 * frame (which, per proto, voids the parts before it). -errno only when
 * not even that frame can be queued: the caller then drops cl.
 */
static int stream_part(struct control_client *cl)
{
	struct control_stream *s = cl->stream;
	struct proto_writer w = {.buf = cl->out};
	int r, f;

	cl->out = (struct proto_buf){0};
	cl->out_off = 0;
	proto_writer_reset(&w);
	r = s->next(s, &w);
	if (r > 0)
		f = proto_writer_finish(&w, PROTO_REPLY, PROTO_F_MORE, 0);
	else if (r == 0)
		f = proto_writer_finish(&w, PROTO_REPLY, s->flags, s->code);
	else
		f = r;
	if (f < 0) {
		proto_writer_reset(&w);
		cl->out = w.buf;
		stream_end(cl);
		return queue_failure(cl, f);
	}
	cl->out = w.buf;
	if (r == 0)
		stream_end(cl);
	return 0;
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
	if (!cl->privileged && !control_verb_read_only(cl->req.v[0])) {
		control_reply_error(cl, PROTO_FAILURE, "permission denied");
		return;
	}
	r = c->ops.request(c->ctx, cl, &cl->req);
	if (r < 0 && !cl->dead && cl->has_req)
		control_reply_error(cl, PROTO_FAILURE, "%s", strerror(-r));
}

/*
 * Move cl forward as far as it goes without blocking: send the queued
 * output, produce the next part of a stream (one per call, so that one
 * client cannot keep the loop: the next part waits for the next
 * dispatch), then handle the next buffered request, until it must wait
 * for the socket or for the daemon. Then register exactly what it waits
 * for, so a level-triggered set never reports what cannot be acted on,
 * and take it off the timed list while only the daemon owes it.
 */
static void client_progress(struct control_client *cl)
{
	bool produced = false;
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
		if (cl->stream) {
			if (produced) {
				want = EPOLLOUT; /* writable: next round */
				break;
			}
			produced = true;
			if (stream_part(cl) < 0) {
				client_drop(cl, true);
				return;
			}
			continue;
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
	if (want == 0)
		timed_remove(cl);
	else if (!cl->tq.linked)
		timed_touch(cl);
	if (client_watch(cl, want) < 0)
		client_drop(cl, true);
}

static void client_event(struct control_client *cl, uint32_t events)
{
	if (events & EPOLLERR ||
	    (events & EPOLLHUP && (cl->has_req || cl->stream))) {
		client_drop(cl, true);
		return;
	}
	/* Reading only when nothing is queued or pending: see progress. */
	if (events & (EPOLLIN | EPOLLHUP) && !cl->has_req && !cl->stream &&
	    cl->out_off == cl->out.len && !cl->rd_eof) {
		if (client_read(cl) < 0) {
			client_drop(cl, false);
			return;
		}
	}
	client_progress(cl);
}

/* ---- replies ---- */

/* cl's request is answered: it is no longer pending, it owes svinit a
 * read from now on, and its output is written when the socket takes it
 * (at the next dispatch when answered from outside one). */
static void reply_queued(struct control_client *cl)
{
	if (!cl->stream)
		proto_msg_free(&cl->req);
	cl->has_req = false;
	timed_touch(cl);
	if (client_watch(cl, EPOLLOUT) < 0)
		client_drop(cl, false);
}

/* The common end of every reply: r is how queueing the answer went. */
static int reply_end(struct control_client *cl, int r)
{
	if (r < 0 && queue_failure(cl, r) < 0) {
		client_drop(cl, false);
		return r;
	}
	reply_queued(cl);
	return r;
}

int control_reply(struct control_client *cl, unsigned code, unsigned flags,
		  char *const *v)
{
	if (cl->dead)
		return -ENOTCONN;
	if (!cl->has_req)
		return -EALREADY;
	/* Encoded before the request is freed: v may point into it. */
	return reply_end(cl, queue_reply(cl, code, flags, v));
}

int control_reply_writer(struct control_client *cl, struct proto_writer *w,
			 unsigned code, unsigned flags)
{
	int r;

	if (cl->dead)
		return -ENOTCONN;
	if (!cl->has_req)
		return -EALREADY;
	r = proto_writer_finish(w, PROTO_REPLY, flags, code);
	if (r == 0)
		r = queue_frame(cl, &w->buf);
	proto_writer_reset(w);
	return reply_end(cl, r);
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

int control_reply_stream(struct control_client *cl, struct control_stream *s)
{
	if (cl->dead || !cl->has_req || cl->stream) {
		s->release(s);
		return cl->dead ? -ENOTCONN : -EALREADY;
	}
	/* The request stays: the producer may point into it. */
	cl->stream = s;
	reply_queued(cl);
	return 0;
}

/* ---- listening socket ---- */

static void accept_clients(struct control *c)
{
	for (int i = 0; i < ACCEPT_BATCH; i++) {
		int fd = accept4(c->sock.lfd, NULL, NULL,
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
				fd = accept4(c->sock.lfd, NULL, NULL,
					     SOCK_CLOEXEC);
				if (fd >= 0)
					close(fd);
				c->spare_fd =
					fcntl(c->epfd, F_DUPFD_CLOEXEC, 0);
				continue;
			}
			return;
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

		if (ev[i].data.ptr == TAG_LISTENER)
			accept_clients(c);
		else if (ev[i].data.ptr == TAG_TIMER)
			timer_expire(c);
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

/* Control's own fds: its epoll set with the listener and the timer in
 * it, and the spare fd for accept at the fd limit. */
static int control_fds(struct control *c)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = TAG_LISTENER};
	struct epoll_event tev = {.events = EPOLLIN, .data.ptr = TAG_TIMER};

	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0)
		return -errno;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->sock.lfd, &ev) < 0)
		return -errno;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, timeoutq_fd(&c->tq), &tev) < 0)
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
	c->epfd = c->spare_fd = -1;
	c->sock = (struct ctlsock){.dirfd = -1, .lfd = -1};
	c->tq.fd = -1;
	c->ops = *ops;
	c->ctx = ctx;
	c->self_uid = geteuid();
	r = timeoutq_init(&c->tq, CONTROL_TIMEOUT);
	if (r >= 0)
		r = ctlsock_open(&c->sock, runtime_dir);
	if (r >= 0)
		r = control_fds(c);
	if (r < 0) {
		control_close(c);
		return r;
	}
	*out = c;
	return 0;
}

void control_close(struct control *c)
{
	if (!c)
		return;
	while (c->clients)
		client_drop(c->clients, true);
	ctlsock_close(&c->sock);
	if (c->spare_fd >= 0)
		close(c->spare_fd);
	timeoutq_done(&c->tq);
	if (c->epfd >= 0)
		close(c->epfd);
	free(c);
}

int control_fd(const struct control *c)
{
	return c->epfd;
}

/* ---- accessors ---- */

const struct proto_msg *control_client_request(const struct control_client *cl)
{
	return cl->has_req || cl->stream ? &cl->req : NULL;
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
