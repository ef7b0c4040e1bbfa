/* ctlclient: blocking request/reply over the control socket. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctlclient.h"

/* The request, whole: svctl has nothing else to do meanwhile, so this
 * blocks. MSG_NOSIGNAL: a daemon that went away is an error, not a
 * SIGPIPE that kills svctl before it can say so. */
static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Fill buf up to len bytes; -ECONNRESET on an early end of stream. */
static int read_full(int fd, char *buf, size_t have, size_t len)
{
	while (have < len) {
		ssize_t n = read(fd, buf + have, len - have);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -ECONNRESET;
		have += (size_t)n;
	}
	return 0;
}

/*
 * Read one reply: frames until one without PROTO_F_MORE, put together
 * by proto_collect. Each frame is bounded from its header before its
 * body is allocated, and the whole by the collector.
 */
static int read_reply(int fd, struct proto_msg *reply)
{
	struct proto_collector col = {0};
	char head[PROTO_HEADER_SIZE];
	char *frame = NULL;
	size_t cap = 0;
	ssize_t flen;
	int r;

	do {
		r = read_full(fd, head, 0, sizeof(head));
		if (r < 0)
			break;
		flen = proto_frame_len(head, sizeof(head),
				       PROTO_MAX_REPLY_BODY);
		if (flen < 0) {
			r = (int)flen;
			break;
		}
		if ((size_t)flen > cap) {
			char *p = realloc(frame, (size_t)flen);

			if (!p) {
				r = -ENOMEM;
				break;
			}
			frame = p;
			cap = (size_t)flen;
		}
		memcpy(frame, head, sizeof(head));
		r = read_full(fd, frame, sizeof(head), (size_t)flen);
		if (r >= 0)
			r = proto_collect(&col, frame, (size_t)flen, reply);
	} while (r == 1);
	proto_collector_free(&col);
	free(frame);
	return r;
}

/* One connection per call: svinit handles one request at a time per
 * connection, and svctl makes one call (logs -f makes two). */
int ctlclient_call(const char *sock_path, const char *const *argv, size_t argc,
		   struct proto_msg *reply)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct proto_buf b = {0};
	int fd, r;

	memset(reply, 0, sizeof(*reply));
	if (strlen(sock_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, sock_path);
	r = proto_encode(&b, PROTO_REQUEST, 0, 0, argv, argc);
	if (r < 0)
		return r;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		r = -errno;
	else
		r = write_all(fd, b.data, b.len);
	/* A peer refused at accept wrote why before it closed; the request
	 * then meets a closed socket, and the answer is still there. */
	if (r >= 0 || r == -EPIPE || r == -ECONNRESET) {
		int rr = read_reply(fd, reply);

		r = rr >= 0 || r >= 0 ? rr : r;
	}
	close(fd);
out:
	proto_buf_free(&b);
	return r;
}
