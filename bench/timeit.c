/*
 * timeit: run a command and print how long it took, in nanoseconds, on
 * stdout (the command's own stdout goes to stderr, so that stdout is only
 * the figure). Exits with the command's status. With -t SECONDS the command
 * is killed (SIGKILL) if it runs longer, so that a hung daemon cannot hang
 * the bench; the timer costs nothing while it does not fire.
 *
 *     timeit [-t SECONDS] PROGRAM [ARG...]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static volatile pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	if (child > 0)
		kill(child, SIGKILL);
}

int main(int argc, char **argv)
{
	unsigned secs = 0;
	int64_t t0, t1;
	pid_t pid;
	int st;

	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		secs = (unsigned)strtoul(argv[2], NULL, 10);
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fprintf(stderr,
			"usage: timeit [-t SECONDS] PROGRAM [ARG...]\n");
		return 2;
	}
	if (secs) {
		struct sigaction sa = {.sa_handler = on_alarm};

		sigaction(SIGALRM, &sa, NULL);
	}
	fflush(stdout);
	t0 = bench_now_ns();
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 1;
	}
	if (pid == 0) {
		if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(126);
		execvp(argv[1], argv + 1);
		perror("timeit: exec");
		_exit(127);
	}
	child = pid;
	alarm(secs);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("timeit: waitpid");
			return 1;
		}
	t1 = bench_now_ns();
	printf("%lld\n", (long long)(t1 - t0));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
