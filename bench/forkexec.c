/*
 * forkexec: the baseline for starting and stopping N services.
 *
 *     forkexec N PROGRAM [hold|hold-pipes]
 *
 * A plain loop of fork()+execv(PROGRAM) N times, timed until every child
 * has exec'd. The signal is the one svinit uses for Type=exec: each child
 * inherits the write end of one O_CLOEXEC pipe, which its exec closes, so
 * read() on the other end returns EOF once all N have exec'd. A child
 * whose exec fails writes one byte before it exits, so a failure cannot
 * pass for success. Then it reads its own PSS while holding the N
 * children, and times SIGTERM to all of them plus reaping them all.
 *
 * Prints one line: "start_ns=... pss_kb=... stop_ns=...". Exit 1 on any
 * failure, after killing what it started.
 *
 * With `hold`, it prints "start_ns=... pss_kb=..." once all have exec'd
 * and then holds them until it gets SIGTERM, when it sends SIGTERM to all
 * of them, reaps them all and exits: the least a supervisor can do to
 * stop N services, timed from outside exactly as svinit's stop is (from
 * the SIGTERM to the supervisor until it has exited).
 *
 * `hold-pipes` is `hold` for a supervisor that captures logs: each child
 * gets a pipe for stdout and one for stderr, whose read ends the parent
 * holds; after reaping it reads each to end of file and closes it. Those
 * 2N pipe teardowns are the least that log capture adds to a stop.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static long self_pss_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "re");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pss: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void kill_all(pid_t *pids, long n)
{
	for (long i = 0; i < n; i++)
		if (kill(pids[i], SIGTERM) < 0)
			perror("forkexec: kill");
}

/* Reap n children; 0, or -1 if one ended otherwise than by SIGTERM. */
static int reap_all(long n)
{
	int rc = 0;

	while (n > 0) {
		int st;
		pid_t p = waitpid(-1, &st, 0);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			perror("forkexec: waitpid");
			return -1;
		}
		if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
			rc = -1;
		n--;
	}
	return rc;
}

int main(int argc, char **argv)
{
	char *const cargv[] = {argc > 2 ? argv[2] : NULL, NULL};
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	int64_t t0, t1, t2, t3;
	pid_t *pids;
	long started = 0;
	int p[2], failed = 0;
	char c;
	ssize_t r;

	bool pipes = argc == 4 && strcmp(argv[3], "hold-pipes") == 0;
	bool hold = pipes || (argc == 4 && strcmp(argv[3], "hold") == 0);
	int *logfd = NULL;
	sigset_t term;

	if ((argc != 3 && !hold) || n <= 0) {
		fprintf(stderr, "usage: forkexec N PROGRAM [hold|hold-pipes]\n");
		return 2;
	}
	/* Blocked from the start, so that an early SIGTERM waits for us;
	 * the children get the mask back before exec. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	if (hold)
		sigprocmask(SIG_BLOCK, &term, NULL);
	pids = calloc((size_t)n, sizeof(*pids));
	if (!pids || pipe2(p, O_CLOEXEC) < 0) {
		perror("forkexec");
		return 1;
	}
	if (pipes) {
		/* 2N read ends held at once, as svinit holds them. */
		struct rlimit rl;

		logfd = calloc(2 * (size_t)n, sizeof(*logfd));
		if (!logfd || getrlimit(RLIMIT_NOFILE, &rl) < 0) {
			perror("forkexec");
			return 1;
		}
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
			perror("forkexec: setrlimit");
			return 1;
		}
	}

	t0 = bench_now_ns();
	for (; started < n; started++) {
		int out[2] = {-1, -1}, err[2] = {-1, -1};
		pid_t pid;

		if (pipes && (pipe2(out, O_CLOEXEC) < 0 ||
			      pipe2(err, O_CLOEXEC) < 0)) {
			perror("forkexec: pipe2");
			failed = 1;
			break;
		}
		pid = fork();

		if (pid < 0) {
			perror("forkexec: fork");
			failed = 1;
			break;
		}
		if (pid == 0) {
			sigprocmask(SIG_UNBLOCK, &term, NULL);
			if (pipes && (dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0))
				_exit(125);
			execv(cargv[0], cargv);
			c = 'x';
			if (write(p[1], &c, 1) < 0)
				_exit(126);
			_exit(127);
		}
		pids[started] = pid;
		if (pipes) {
			close(out[1]);
			close(err[1]);
			logfd[2 * started] = out[0];
			logfd[2 * started + 1] = err[0];
		}
	}
	close(p[1]);
	while ((r = read(p[0], &c, 1)) < 0 && errno == EINTR)
		;
	t1 = bench_now_ns();
	if (r != 0) {
		fprintf(stderr, "forkexec: a child could not exec %s\n",
			cargv[0]);
		failed = 1;
	}

	long pss = self_pss_kb();

	if (hold && !failed) {
		int sig;

		printf("start_ns=%lld pss_kb=%ld\n", (long long)(t1 - t0), pss);
		fflush(stdout);
		sigwait(&term, &sig);
	}
	t2 = bench_now_ns();
	kill_all(pids, started);
	if (reap_all(started) < 0 && !failed) {
		fprintf(stderr, "forkexec: a child did not end by SIGTERM\n");
		failed = 1;
	}
	for (long i = 0; logfd && i < 2 * started; i++) {
		while (read(logfd[i], &c, 1) > 0)
			;
		close(logfd[i]);
	}
	t3 = bench_now_ns();
	if (failed)
		return 1;
	if (hold)
		return 0;
	printf("start_ns=%lld pss_kb=%ld stop_ns=%lld\n", (long long)(t1 - t0),
	       pss, (long long)(t3 - t2));
	return 0;
}
