/*
 * sockecho: a socket-activated test server that takes its sockets from
 * the service manager through libsystemd, as a real daemon does (tests
 * only: svinit never links libsystemd).
 *
 *   sockecho TAG [exit-after N] [delay MS] [fail] [listen PORT]
 *
 * At start it prints one line to stdout:
 *   sockecho TAG: fds=N names=A:B pid=PID
 * (from sd_listen_fds_with_names, which returns 0 unless LISTEN_PID= is
 * this process, so fds= also proves LISTEN_PID=), then for each inet
 * socket "fd N: reuseport=0|1 v6only=0|1|-1 freebind=0|1". `fail` then exits 1 at
 * once; `delay` waits MS milliseconds before serving (a slow start; before
 * binding, with `listen`).
 * It serves every descriptor: a stream or seqpacket connection gets one
 * line back, "TAG NAME: LINE" for the first line it sends (NAME is the
 * descriptor's name); a datagram is answered the same way; what a FIFO
 * delivers is printed to stdout. After N answers (`exit-after`), it
 * exits 0. SIGTERM ends it once the connection in hand is answered (a
 * well-behaved server: a restart then loses nothing by the server's own
 * fault). `listen PORT`: without descriptors from the manager, it binds
 * 127.0.0.1:PORT itself, as a server without socket activation does (the
 * benchmark's baseline). Any failed call exits 2 with a message on
 * stderr.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 16

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "sockecho: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* One line (at most size-1 bytes, without its newline) from a
 * connection. */
static ssize_t read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || buf[len] == '\n')
			break;
		len++;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

static void answer_stream(int lfd, const char *tag, const char *name)
{
	char line[256], out[600];
	int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (c < 0)
		die("accept");
	/* A packet is read whole, or its rest is lost. */
	if (sd_is_socket(lfd, AF_UNSPEC, SOCK_SEQPACKET, 1) > 0) {
		ssize_t n = read(c, line, sizeof(line) - 1);

		line[n > 0 ? n : 0] = '\0';
		line[strcspn(line, "\n")] = '\0';
	} else {
		read_line(c, line, sizeof(line));
	}
	snprintf(out, sizeof(out), "%s %s: %s\n", tag, name, line);
	if (write(c, out, strlen(out)) < 0)
		die("write");
	close(c);
}

static void answer_datagram(int fd, const char *tag, const char *name)
{
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	char line[256], out[600];
	ssize_t n = recvfrom(fd, line, sizeof(line) - 1, 0,
			     (struct sockaddr *)&from, &flen);

	if (n < 0)
		die("recvfrom");
	line[n] = '\0';
	line[strcspn(line, "\n")] = '\0';
	snprintf(out, sizeof(out), "%s %s: %s\n", tag, name, line);
	if (flen > 0 && sendto(fd, out, strlen(out), 0,
			       (struct sockaddr *)&from, flen) < 0)
		die("sendto");
}

static void print_fifo(int fd, const char *tag)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n < 0)
		die("read");
	buf[n] = '\0';
	printf("%s fifo: %s", tag, buf);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct pollfd pfd[MAX_FDS];
	char **names = NULL;
	const char *tag = argc > 1 ? argv[1] : "echo";
	long exit_after = -1, delay = 0, served = 0, port = 0;
	int fail = 0, n;
	/* No SA_RESTART: poll() returns EINTR, and the loop sees stopping. */
	struct sigaction sa = {.sa_handler = on_term};

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "exit-after") == 0 && i + 1 < argc)
			exit_after = atol(argv[++i]);
		else if (strcmp(argv[i], "delay") == 0 && i + 1 < argc)
			delay = atol(argv[++i]);
		else if (strcmp(argv[i], "fail") == 0)
			fail = 1;
		else if (strcmp(argv[i], "listen") == 0 && i + 1 < argc)
			port = atol(argv[++i]);
	}
	if (sigaction(SIGTERM, &sa, NULL) < 0)
		die("sigaction");
	n = sd_listen_fds_with_names(0, &names);
	if (n < 0) {
		errno = -n;
		die("sd_listen_fds_with_names");
	}
	/* A slow start (loading its configuration, say) comes before it
	 * binds a port of its own; a socket from the manager listens all
	 * along. */
	if (delay > 0) {
		struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	if (n == 0 && port > 0) {
		struct sockaddr_in a = {.sin_family = AF_INET,
					.sin_port = htons((uint16_t)port),
					.sin_addr.s_addr = htonl(0x7f000001)};
		int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd != SD_LISTEN_FDS_START &&
		    (fd < 0 || dup2(fd, SD_LISTEN_FDS_START) < 0))
			die("socket");
		fd = SD_LISTEN_FDS_START;
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
			       sizeof(one)) < 0 ||
		    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    listen(fd, SOMAXCONN) < 0)
			die("bind");
		names = calloc(2, sizeof(*names));
		if (!names || !(names[0] = strdup("own")))
			die("calloc");
		n = 1;
	}
	printf("sockecho %s: fds=%d names=", tag, n);
	for (int i = 0; i < n; i++)
		printf("%s%s", i ? ":" : "", names[i]);
	printf(" pid=%d\n", (int)getpid());
	/* The options svinit set on each inet socket, for the tests. */
	for (int i = 0; i < n; i++) {
		int fd = SD_LISTEN_FDS_START + i, rp = 0, v6 = -1, fb = 0;
		socklen_t len = sizeof(int);

		if (sd_is_socket_inet(fd, AF_UNSPEC, 0, -1, 0) <= 0)
			continue;
		getsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &rp, &len);
		len = sizeof(int);
		if (getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6, &len) < 0)
			v6 = -1;
		len = sizeof(int);
		getsockopt(fd, IPPROTO_IP, IP_FREEBIND, &fb, &len);
		printf("fd %d: reuseport=%d v6only=%d freebind=%d\n", fd, rp,
		       v6, fb);
	}
	fflush(stdout);
	if (fail)
		return 1;
	if (n == 0 || n > MAX_FDS) {
		fprintf(stderr, "sockecho: %d descriptors\n", n);
		return 3;
	}
	for (int i = 0; i < n; i++)
		pfd[i] = (struct pollfd){.fd = SD_LISTEN_FDS_START + i,
					 .events = POLLIN};
	while (!stopping && (exit_after < 0 || served < exit_after)) {
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (int i = 0; i < n; i++) {
			int fd = pfd[i].fd;

			if (!(pfd[i].revents & POLLIN))
				continue;
			if (sd_is_fifo(fd, NULL) > 0)
				print_fifo(fd, tag);
			else if (sd_is_socket(fd, AF_UNSPEC, SOCK_DGRAM, -1) >
				 0)
				answer_datagram(fd, tag, names[i]);
			else
				answer_stream(fd, tag, names[i]);
			served++;
		}
	}
	return 0;
}
