/*
 * health: a service's health check ([Health], svinit's own section), and
 * the network probes that run it inside the event loop.
 *
 * Owns: `struct health_conf` (what to check, how often, what to do about
 * it), the parsing of Check= URLs, and `struct health_probe`, one HTTP or
 * TCP check as a small non-blocking state machine: connect, send the
 * request, read the status line. The caller (manager_health.c) owns the
 * descriptor's place in epoll, the deadline and what a result means; an
 * exec check is a process of the unit, spawned and reaped by the manager
 * like any other command.
 *
 * Addresses are literal (an IPv4 address, an IPv6 one in brackets, or
 * `localhost`, which is 127.0.0.1): the loop never asks a name service,
 * which could block it, and a name resolved once at load could go stale.
 * The checks run from svinit's own network namespace.
 */
#ifndef SVINIT_HEALTH_H
#define SVINIT_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "unit.h"
#include "util.h"

enum health_kind {
	HEALTH_HTTP, /* http://HOST:PORT/PATH: a status 200-399 passes */
	HEALTH_TCP,  /* tcp://HOST:PORT: a connection passes */
	HEALTH_EXEC, /* exec:COMMAND: exit status 0 passes */
};

struct health_conf {
	enum health_kind kind;
	char *check; /* Check= as written (specifiers expanded) */
	unsigned line;
	/* HTTP and TCP: where to connect; HTTP: the Host: header value and
	 * the path (with its query), "/" when the URL has none. */
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char *host, *path;
	struct exec_list exec; /* HEALTH_EXEC: the command (one) */
	usec_t interval;      /* IntervalSec=, default 10 s */
	usec_t timeout;	      /* TimeoutSec=, default 5 s */
	usec_t grace;	      /* GracePeriodSec=, default 0 */
	unsigned max_failures; /* MaxConsecutiveFailures=, default 3 */
	bool readiness;	       /* ReadinessFromHealth= */
};

/* A conf with the defaults and no check; NULL on ENOMEM. */
struct health_conf *health_conf_new(void);
void health_conf_free(struct health_conf *c);

/* Parse an http:// or tcp:// Check= value into c (kind, addr, host,
 * path): 0, -ENOMEM, or -EINVAL with the reason in *why. */
int health_parse_url(struct health_conf *c, const char *v, const char **why);

const char *health_kind_to_string(enum health_kind k);

enum health_step {
	HEALTH_PENDING, /* wait for *events on fd, then step again */
	HEALTH_PASS,
	HEALTH_FAIL, /* why says what went wrong */
};

/* One HTTP or TCP check in flight. */
struct health_probe {
	int fd; /* -1 when idle */
	enum { PROBE_CONNECT, PROBE_SEND, PROBE_READ } phase;
	size_t sent;
	char buf[128]; /* the start of the answer: its status line */
	size_t got;
	char why[96]; /* on HEALTH_FAIL: "connection refused", "status 503" */
	int status;   /* HTTP: the status code, once read */
};

void health_probe_init(struct health_probe *p);
/* Open a non-blocking socket and connect; HEALTH_PENDING with *events,
 * or the outcome at once (a refused connection on loopback, say). */
enum health_step health_probe_start(struct health_probe *p,
				    const struct health_conf *c,
				    uint32_t *events);
/* fd is ready for what was asked: the next step. */
enum health_step health_probe_step(struct health_probe *p,
				   const struct health_conf *c,
				   uint32_t *events);
/* Close the socket (any phase; idle is fine). */
void health_probe_close(struct health_probe *p);

#endif
