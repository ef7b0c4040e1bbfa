/*
 * waiter: the trivial service of the benchmark. It only waits for a signal
 * to end it. Given a FIFO path, it first writes "PID NS\n" there, NS being
 * CLOCK_MONOTONIC at the top of main(), so that restartlat can tell when a
 * restarted instance began to run. No stdio: it stays a few pages.
 */
#include <fcntl.h>
#include <unistd.h>

#include "bench.h"

static char *put_num(char *p, unsigned long long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		int64_t now = bench_now_ns();
		char buf[64], *p = buf;
		int fd;

		p = put_num(p, (unsigned long long)getpid());
		*p++ = ' ';
		p = put_num(p, (unsigned long long)now);
		*p++ = '\n';
		/* One write below PIPE_BUF: the reader gets the line whole. */
		fd = open(argv[1], O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, buf, (size_t)(p - buf)) != p - buf)
			return 1;
		close(fd);
	}
	for (;;)
		pause();
}
