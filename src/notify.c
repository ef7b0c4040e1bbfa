/*
 * notify: the sd_notify socket and its datagram parser (see notify.h).
 */
#include "notify.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* A decimal number without sign, spaces or overflow. */
static bool parse_u64(const char *v, uint64_t *out)
{
	uint64_t n = 0;

	if (!*v)
		return false;
	for (; *v; v++) {
		unsigned d = (unsigned)(*v - '0');

		if (d > 9 || n > (UINT64_MAX - d) / 10)
			return false;
		n = n * 10 + d;
	}
	*out = n;
	return true;
}

/* STATUS= is shown to users as it is: no control characters (a
 * terminal escape in `svctl status` would be the sender's to write). */
static bool printable(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return false;
	return true;
}

/* One KEY=VALUE of a datagram into m; false when the value is not one
 * the key takes (the caller counts it). */
static bool assign(struct notify_msg *m, const char *k, const char *v)
{
	uint64_t n;

	if (strcmp(k, "READY") == 0 || strcmp(k, "RELOADING") == 0 ||
	    strcmp(k, "STOPPING") == 0 || strcmp(k, "FDSTORE") == 0 ||
	    strcmp(k, "FDSTOREREMOVE") == 0) {
		unsigned f = k[0] == 'R'   ? (k[2] == 'A' ? NOTIFY_READY
							  : NOTIFY_RELOADING)
			     : k[0] == 'S' ? NOTIFY_STOPPING
			     : k[7] == 'R' ? NOTIFY_FDSTOREREMOVE
					   : NOTIFY_FDSTORE;

		if (strcmp(v, "1") != 0)
			return false;
		m->flags |= f;
	} else if (strcmp(k, "STATUS") == 0) {
		if (!printable(v))
			return false;
		m->flags |= NOTIFY_STATUS;
		m->status = v;
	} else if (strcmp(k, "FDNAME") == 0) {
		/* It goes into LISTEN_FDNAMES=, `:`-separated. */
		if (!printable(v) || strlen(v) > NOTIFY_FDNAME_MAX ||
		    strchr(v, ':'))
			return false;
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p > 0x7e || *p == ' ')
				return false;
		m->flags |= NOTIFY_FDNAME;
		m->fdname = v;
	} else if (strcmp(k, "FDPOLL") == 0) {
		if (strcmp(v, "0") == 0)
			m->flags |= NOTIFY_FDPOLL_OFF;
		else if (strcmp(v, "1") != 0)
			return false;
	} else if (strcmp(k, "MAINPID") == 0) {
		if (!parse_u64(v, &n) || n < 2 || n > INT32_MAX)
			return false;
		m->flags |= NOTIFY_MAINPID;
		m->main_pid = (pid_t)n;
	} else if (strcmp(k, "ERRNO") == 0) {
		if (!parse_u64(v, &n) || n > INT32_MAX)
			return false;
		m->flags |= NOTIFY_ERRNO;
		m->errno_value = (int)n;
	} else if (strcmp(k, "WATCHDOG") == 0) {
		if (strcmp(v, "1") == 0)
			m->flags |= NOTIFY_WATCHDOG;
		else if (strcmp(v, "trigger") == 0)
			m->flags |= NOTIFY_WATCHDOG_TRIGGER;
		else
			return false;
	} else if (strcmp(k, "EXTEND_TIMEOUT_USEC") == 0 ||
		   strcmp(k, "WATCHDOG_USEC") == 0 ||
		   strcmp(k, "MONOTONIC_USEC") == 0) {
		/* USEC_INFINITY is "none" everywhere in svinit: a sender
		 * cannot ask for it by number. */
		if (!parse_u64(v, &n) || n >= USEC_INFINITY)
			return false;
		if (k[0] == 'E') {
			m->flags |= NOTIFY_EXTEND_TIMEOUT;
			m->extend_usec = n;
		} else if (k[0] == 'W') {
			m->flags |= NOTIFY_WATCHDOG_USEC;
			m->watchdog_usec = n;
		} else {
			m->flags |= NOTIFY_MONOTONIC;
			m->monotonic_usec = n;
		}
	}
	/* Keys of later versions: nothing to do. */
	return true;
}

int notify_parse(char *buf, size_t len, struct notify_msg *m)
{
	char *p = buf, *end = buf + len;

	*m = (struct notify_msg){0};
	if (len == 0 || memchr(buf, '\0', len))
		return -EBADMSG;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line_end = nl ? nl : end;
		char *eq = memchr(p, '=', (size_t)(line_end - p));

		/* Empty lines are allowed (libsystemd ends with one); the
		 * last line may lack its newline: the byte after the buffer
		 * is the caller's spare one, so it can hold the NUL. */
		if (line_end > p) {
			if (!eq || eq == p) {
				*m = (struct notify_msg){0};
				return -EBADMSG;
			}
			*eq = '\0';
			*line_end = '\0';
			if (!assign(m, p, eq + 1))
				m->n_bad++;
		}
		p = line_end + 1;
	}
	return 0;
}

void notify_init(struct notify_sock *n)
{
	memset(n, 0, sizeof(*n));
	n->io.fd = -1;
}

/* Take the descriptors SCM_RIGHTS brought into fds (at most max; the
 * rest are closed): how many came in all. */
static size_t take_fds(struct msghdr *mh, int *fds, size_t max, size_t *n)
{
	size_t all = 0;

	*n = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (*n < max)
				fds[(*n)++] = fd;
			else
				close(fd);
			all++;
		}
	}
	return all;
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
}

static const struct ucred *find_creds(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
			return (const struct ucred *)CMSG_DATA(c);
	return NULL;
}

/* Read one datagram and hand it on unless it is dropped. false when
 * nothing more is waiting (or reading failed: the next event retries). */
static bool receive_one(struct notify_sock *n)
{
	/* Room for the credentials and a few descriptors: more of them
	 * than fit sets MSG_CTRUNC, and the kernel closes what did not. */
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(struct ucred)) +
		       CMSG_SPACE(sizeof(int) * NOTIFY_FDS_MAX)];
	} ctl;
	struct iovec iov = {n->buf, NOTIFY_DGRAM_MAX + 1};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = &ctl,
			    .msg_controllen = sizeof(ctl)};
	const struct ucred *cred;
	struct notify_msg m;
	int fds[NOTIFY_FDS_MAX];
	size_t n_fds, all;
	ssize_t len = recvmsg(n->io.fd, &mh,
			      MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);

	if (len < 0)
		return errno == EINTR;
	n->stats.received++;
	all = take_fds(&mh, fds, NOTIFY_FDS_MAX, &n_fds);
	/* Descriptors the kernel could not hand over (MSG_CTRUNC) it
	 * closed; the ones that came are ours to close from here on
	 * unless the callee takes them. */
	if (all > n_fds || (mh.msg_flags & MSG_CTRUNC)) {
		n->stats.with_fds++;
		goto drop;
	}
	/* MSG_TRUNC makes recvmsg return the datagram's real length. */
	if ((size_t)len > NOTIFY_DGRAM_MAX) {
		n->stats.oversized++;
		goto drop;
	}
	cred = find_creds(&mh);
	if (!cred || cred->pid <= 0) {
		n->stats.no_creds++;
		goto drop;
	}
	if (notify_parse(n->buf, (size_t)len, &m) < 0) {
		n->stats.garbage++;
		goto drop;
	}
	/* Only the descriptor store asks for descriptors. */
	if (n_fds > 0 && !(m.flags & NOTIFY_FDSTORE)) {
		n->stats.with_fds++;
		goto drop;
	}
	n->fn(n->ctx, cred->pid, &m, fds, n_fds);
	return true;
drop:
	close_all(fds, n_fds);
	return true;
}

void notify_drain(struct notify_sock *n)
{
	/* Bounded per event, so that a flood from one service cannot keep
	 * the loop from everything else; the fd stays readable and the
	 * next round goes on. */
	for (int i = 0; i < 64 && n->io.fd >= 0; i++)
		if (!receive_one(n))
			return;
}

static void on_readable(struct loop_io *io, uint32_t events)
{
	notify_drain((struct notify_sock *)io);
}

int notify_open(struct notify_sock *n, struct loop *l, const char *path,
		notify_fn *fn, void *ctx)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int one = 1, r, fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* A socket left by an svinit that died would make bind fail. */
	if (unlink(path) < 0 && errno != ENOENT)
		goto fail;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
		goto fail;
	n->path = strdup(path);
	if (!n->path) {
		errno = ENOMEM;
		goto fail_unlink;
	}
	n->io = (struct loop_io){.fd = fd, .fn = on_readable};
	n->loop = l;
	n->fn = fn;
	n->ctx = ctx;
	r = loop_io_add(l, &n->io, EPOLLIN);
	if (r < 0) {
		free(n->path);
		notify_init(n);
		errno = -r;
		goto fail_unlink;
	}
	return 0;
fail_unlink:
	unlink(path);
fail:
	r = -errno;
	close(fd);
	return r;
}

void notify_close(struct notify_sock *n)
{
	if (n->io.fd >= 0) {
		loop_io_del(n->loop, &n->io);
		close(n->io.fd);
		if (n->path)
			unlink(n->path);
	}
	free(n->path);
	notify_init(n);
}
