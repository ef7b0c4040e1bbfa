/*
 * lines: the log-throughput service. Writes lines 0..N-1 (bench.h says
 * their shape) to stdout as fast as it can, in writes of 64 KiB worth of
 * whole lines, as a program with a full stdio buffer would, then exits.
 *
 *     lines N
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define BATCH (65536 / BENCH_LINE_LEN)

static int write_all(const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[BATCH * BENCH_LINE_LEN];
	unsigned long n = argc == 2 ? strtoul(argv[1], NULL, 10) : 0;

	if (argc != 2) {
		fprintf(stderr, "usage: lines N\n");
		return 2;
	}
	for (unsigned long i = 0; i < n;) {
		size_t k = 0;

		for (; k < BATCH && i < n; k++, i++)
			bench_line(buf + k * BENCH_LINE_LEN, i, 1);
		if (write_all(buf, k * BENCH_LINE_LEN) < 0) {
			perror("lines: write");
			return 1;
		}
	}
	return 0;
}
