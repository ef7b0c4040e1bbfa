/*
 * restartlat: restart latency after kill -9, measured from the service's
 * side, so it times the same thing for svinit and for minisup.
 *
 *     restartlat FIFO COUNT [SETTLE_MS]
 *
 * The supervised program is `waiter FIFO`: each instance writes "PID NS"
 * to FIFO as soon as it runs. restartlat reads the first instance, then
 * COUNT times: waits SETTLE_MS (default 20) so the supervisor is back in
 * its steady state, takes the time, sends SIGKILL to the current pid and
 * reads the next instance's line. Latency = the new instance's NS minus
 * the time of the kill: it covers the death, the supervisor seeing it,
 * deciding, fork, exec and the start of the new program's main().
 *
 * Prints "median_us=... p90_us=... min_us=... max_us=... last_pid=...".
 * Exit 1 if an instance does not show up within 5 s.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

struct reader {
	int fd;
	char buf[4096];
	size_t len;
};

/* Read one "PID NS\n" line within timeout_ms; 0 or -1. */
static int read_instance(struct reader *r, long *pid, long long *ns,
			 int timeout_ms)
{
	int64_t deadline = bench_now_ns() + (int64_t)timeout_ms * 1000000;

	for (;;) {
		char *nl = memchr(r->buf, '\n', r->len);

		if (nl) {
			*nl = '\0';
			int ok = sscanf(r->buf, "%ld %lld", pid, ns) == 2;
			size_t used = (size_t)(nl + 1 - r->buf);

			memmove(r->buf, nl + 1, r->len - used);
			r->len -= used;
			return ok ? 0 : -1;
		}
		int64_t left = (deadline - bench_now_ns()) / 1000000;
		struct pollfd pfd = {.fd = r->fd, .events = POLLIN};

		if (left <= 0 || r->len == sizeof(r->buf))
			return -1;
		int n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n <= 0)
			continue;
		ssize_t got =
			read(r->fd, r->buf + r->len, sizeof(r->buf) - r->len);
		if (got < 0 && errno != EINTR && errno != EAGAIN)
			return -1;
		if (got > 0)
			r->len += (size_t)got;
	}
}

/* Nearest-rank percentile of a sorted array. */
static long long pct(const long long *v, long n, int p)
{
	long rank = (n * p + 99) / 100;

	return v[rank > 0 ? rank - 1 : 0];
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct reader r = {.len = 0};
	long count, settle_ms, pid;
	long long ns, *lat;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: restartlat FIFO COUNT [SETTLE_MS]\n");
		return 2;
	}
	count = strtol(argv[2], NULL, 10);
	settle_ms = argc > 3 ? strtol(argv[3], NULL, 10) : 20;
	lat = calloc(count > 0 ? (size_t)count : 1, sizeof(*lat));
	/* O_RDWR: there is always a writer, so no EOF between instances. */
	r.fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (count <= 0 || !lat || r.fd < 0) {
		fprintf(stderr, "restartlat: bad count or fifo %s\n", argv[1]);
		return 1;
	}
	if (read_instance(&r, &pid, &ns, 10000) < 0) {
		fprintf(stderr, "restartlat: no first instance\n");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		struct timespec st = {.tv_sec = settle_ms / 1000,
				      .tv_nsec = (settle_ms % 1000) * 1000000};
		long npid;

		nanosleep(&st, NULL);
		int64_t t = bench_now_ns();
		if (kill((pid_t)pid, SIGKILL) < 0) {
			fprintf(stderr, "restartlat: kill %ld: %s\n", pid,
				strerror(errno));
			return 1;
		}
		if (read_instance(&r, &npid, &ns, 5000) < 0) {
			fprintf(stderr,
				"restartlat: no restart after kill %d\n",
				(int)i + 1);
			return 1;
		}
		if (npid == pid) {
			fprintf(stderr, "restartlat: same pid %ld again\n",
				pid);
			return 1;
		}
		lat[i] = ns - t;
		pid = npid;
	}
	qsort(lat, (size_t)count, sizeof(*lat), cmp_ll);
	printf("median_us=%.1f p90_us=%.1f min_us=%.1f max_us=%.1f "
	       "last_pid=%ld\n",
	       pct(lat, count, 50) / 1e3, pct(lat, count, 90) / 1e3,
	       lat[0] / 1e3, lat[count - 1] / 1e3, pid);
	return 0;
}
