/* health: see health.h. */
#include "health.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>


/* systemd-like defaults do not exist for these; Kubernetes' probe
 * defaults (period 10 s, failure threshold 3) with a longer timeout, so
 * that a loaded machine does not fail a slow but working service. */
struct health_conf *health_conf_new(void)
{
	struct health_conf *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->interval = 10 * USEC_PER_SEC;
	c->timeout = 5 * USEC_PER_SEC;
	c->max_failures = 3;
	return c;
}

void health_conf_free(struct health_conf *c)
{
	if (!c)
		return;
	free(c->check);
	free(c->host);
	free(c->path);
	unit_exec_list_free(&c->exec);
	free(c);
}

const char *health_kind_to_string(enum health_kind k)
{
	return k == HEALTH_HTTP ? "http" : k == HEALTH_TCP ? "tcp" : "exec";
}

/* The path goes into the request line as it is: printable, no space. */
#define PATH_MAX_LEN 512

/* HOST:PORT (HOST an IPv4 address, [IPv6] or localhost) into c->addr. */
static int parse_authority(struct health_conf *c, const char *a, size_t n,
			   bool http, const char **why)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)&c->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&c->addr;
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *h = a;
	size_t hl;
	uint16_t port = 80;

	*why = "expected HOST:PORT with HOST an IP address or localhost "
	       "(names are not looked up)";
	if (n && a[0] == '[') {
		const char *end = memchr(a, ']', n);

		if (!end)
			return -EINVAL;
		h = a + 1;
		hl = (size_t)(end - h);
		colon = end + 1 < a + n && end[1] == ':' ? end + 1 : NULL;
		if (end + 1 < a + n && !colon)
			return -EINVAL;
	} else {
		colon = memchr(a, ':', n);
		hl = colon ? (size_t)(colon - a) : n;
	}
	if (colon && str_to_port(colon + 1, (size_t)(a + n - colon - 1),
				&port) < 0) {
		*why = "port out of range 1-65535";
		return -EINVAL;
	}
	if (!colon && !http) {
		*why = "tcp:// needs a port";
		return -EINVAL;
	}
	if (hl == 0 || hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (a[0] == '[' && inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		c->addr_len = sizeof(*in6);
	} else if (a[0] != '[' &&
		   inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		c->addr_len = sizeof(*in4);
	} else {
		return -EINVAL;
	}
	return (c->host = strndup(a, n)) ? 0 : -ENOMEM;
}

int health_parse_url(struct health_conf *c, const char *v, const char **why)
{
	bool http = strncmp(v, "http://", 7) == 0;
	const char *a, *slash;
	int r;

	*why = NULL;
	if (strncmp(v, "https://", 8) == 0) {
		*why = "https is not supported: check the plain HTTP port, or "
		       "use exec: with a client";
		return -EINVAL;
	}
	if (!http && strncmp(v, "tcp://", 6) != 0) {
		*why = "expected http://, tcp:// or exec:";
		return -EINVAL;
	}
	a = v + (http ? 7 : 6);
	slash = strchr(a, '/');
	if (slash && !http) {
		*why = "a tcp:// check has no path";
		return -EINVAL;
	}
	r = parse_authority(c, a, slash ? (size_t)(slash - a) : strlen(a),
			    http, why);
	if (r < 0)
		return r;
	c->kind = http ? HEALTH_HTTP : HEALTH_TCP;
	if (!http)
		return 0;
	if (slash && (strlen(slash) > PATH_MAX_LEN ||
		      strpbrk(slash, " \t\r\n"))) {
		*why = "the path is too long or has white space";
		return -EINVAL;
	}
	c->path = strdup(slash ? slash : "/");
	return c->path ? 0 : -ENOMEM;
}

void health_probe_init(struct health_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

void health_probe_close(struct health_probe *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

static enum health_step fail(struct health_probe *p, const char *what, int err)
{
	if (err)
		snprintf(p->why, sizeof(p->why), "%s: %s", what,
			 strerror(err));
	else
		snprintf(p->why, sizeof(p->why), "%s", what);
	health_probe_close(p);
	return HEALTH_FAIL;
}

/* The answer's status line, once it is complete (or the peer is done). */
static enum health_step judge(struct health_probe *p)
{
	int st;

	p->buf[p->got] = '\0';
	if (sscanf(p->buf, "HTTP/1.%*[01] %3d", &st) != 1 || st < 100 ||
	    st > 999)
		return fail(p, "not an HTTP answer", 0);
	p->status = st;
	if (st < 200 || st > 399) {
		snprintf(p->why, sizeof(p->why), "status %d", st);
		health_probe_close(p);
		return HEALTH_FAIL;
	}
	health_probe_close(p);
	return HEALTH_PASS;
}

/* The request, sent from p->sent on: built again at each call (it is
 * small and fixed), so the probe keeps no buffer for it. HTTP/1.0 with
 * Connection: close, so that the server ends the answer by closing. */
static enum health_step do_send(struct health_probe *p,
				const struct health_conf *c, uint32_t *events)
{
	char req[PATH_MAX_LEN + 300];
	int len = snprintf(req, sizeof(req),
			   "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: "
			   "svinit-health\r\nConnection: close\r\n\r\n",
			   c->path, c->host);

	while (p->sent < (size_t)len) {
		ssize_t n = send(p->fd, req + p->sent, (size_t)len - p->sent,
				 MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			*events = EPOLLOUT;
			return HEALTH_PENDING;
		}
		if (n < 0)
			return fail(p, "send", errno);
		p->sent += (size_t)n;
	}
	p->phase = PROBE_READ;
	*events = EPOLLIN;
	return HEALTH_PENDING;
}

/* A non-blocking connect: on loopback it usually completes (or is
 * refused) at once, which is judged here; otherwise the caller waits for
 * EPOLLOUT and calls health_probe_step. */
enum health_step health_probe_start(struct health_probe *p,
				    const struct health_conf *c,
				    uint32_t *events)
{
	health_probe_close(p);
	health_probe_init(p);
	p->fd = socket(c->addr.ss_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0)
		return fail(p, "socket", errno);
	p->phase = PROBE_CONNECT;
	*events = EPOLLOUT;
	if (connect(p->fd, (const struct sockaddr *)&c->addr, c->addr_len) ==
	    0)
		return health_probe_step(p, c, events);
	if (errno == EINPROGRESS)
		return HEALTH_PENDING;
	return fail(p, "connect", errno);
}

/* One step per readiness: connect's outcome (SO_ERROR), the request,
 * then the answer until its status line is complete. Every exit but
 * HEALTH_PENDING has closed the socket. */
enum health_step health_probe_step(struct health_probe *p,
				   const struct health_conf *c,
				   uint32_t *events)
{
	int err = 0;
	socklen_t len = sizeof(err);

	switch (p->phase) {
	case PROBE_CONNECT:
		if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err)
			return fail(p, "connect", err);
		if (c->kind == HEALTH_TCP) {
			health_probe_close(p);
			return HEALTH_PASS;
		}
		p->phase = PROBE_SEND;
		/* fall through */
	case PROBE_SEND:
		return do_send(p, c, events);
	case PROBE_READ:
		for (;;) {
			ssize_t n = recv(p->fd, p->buf + p->got,
					 sizeof(p->buf) - 1 - p->got, 0);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EAGAIN) {
				*events = EPOLLIN;
				return HEALTH_PENDING;
			}
			if (n < 0)
				return fail(p, "recv", errno);
			p->got += (size_t)n;
			/* The status line is all that matters. */
			if (n == 0 || memchr(p->buf, '\n', p->got) ||
			    p->got == sizeof(p->buf) - 1)
				return judge(p);
		}
	}
	return fail(p, "bad state", 0);
}
