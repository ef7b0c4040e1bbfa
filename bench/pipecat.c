/*
 * pipecat: the baseline for log capture: the same service writing into a
 * plain pipe, read by a plain loop that copies every read into a file.
 *
 *     pipecat OUTFILE PROGRAM [ARG...]
 *
 * Times from just before the fork of PROGRAM until the last byte was
 * written to OUTFILE (EOF on the pipe). No line framing, no timestamps, no
 * fsync (svinit does not fsync either). Prints "ns=... bytes=...".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

int main(int argc, char **argv)
{
	static char buf[65536];
	long long total = 0;
	int p[2], out, st;
	int64_t t0, t1;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: pipecat OUTFILE PROGRAM [ARG...]\n");
		return 2;
	}
	out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (out < 0 || pipe2(p, O_CLOEXEC) < 0) {
		perror("pipecat");
		return 1;
	}
	t0 = bench_now_ns();
	pid = fork();
	if (pid < 0) {
		perror("pipecat: fork");
		return 1;
	}
	if (pid == 0) {
		if (dup2(p[1], STDOUT_FILENO) < 0)
			_exit(126);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof(buf));

		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("pipecat: read");
			return 1;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w < 0 && errno != EINTR) {
				perror("pipecat: write");
				return 1;
			}
			if (w > 0)
				off += w;
		}
		total += n;
	}
	t1 = bench_now_ns();
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0) {
		fprintf(stderr, "pipecat: %s failed\n", argv[2]);
		return 1;
	}
	printf("ns=%lld bytes=%lld\n", (long long)(t1 - t0), total);
	return 0;
}
