/*
 * minisup: the baseline for restart latency, the least a supervisor can
 * do: fork, exec, block in waitpid, and fork again at once.
 *
 *     minisup PROGRAM [ARG...]
 *
 * Runs until SIGTERM, then kills and reaps its current child and exits,
 * so that the bench leaves nothing behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	if (argc < 2) {
		fprintf(stderr, "usage: minisup PROGRAM [ARG...]\n");
		return 2;
	}
	/* No SA_RESTART: SIGTERM must break the blocking waitpid. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	if (sigaction(SIGTERM, &sa, NULL) < 0) {
		perror("minisup: sigaction");
		return 1;
	}
	while (!stop) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("minisup: fork");
			return 1;
		}
		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);
			execv(argv[1], argv + 1);
			_exit(127);
		}
		while (waitpid(pid, NULL, 0) < 0) {
			if (errno != EINTR) {
				perror("minisup: waitpid");
				return 1;
			}
			if (stop) {
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
				return 0;
			}
		}
	}
	return 0;
}
