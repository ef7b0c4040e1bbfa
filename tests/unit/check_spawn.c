/* Check suite for spawn and env: real children started the way the daemon
 * starts them (every signal blocked in the parent), their exit status,
 * the step reported on failure, and what the child really got: fds,
 * environment, umask, directory, ids, signal state, session. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "creds.h"
#include "env.h"
#include "spawn.h"
#include "skip.h"
#include "util.h"

/* Like the daemon: everything blocked, and some dispositions the child
 * must not inherit. */
static void daemon_like(void)
{
	sigset_t all;

	sigfillset(&all);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &all, NULL), 0);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGUSR1, SIG_IGN);
}

/* Wait (bounded) for the status pipe to say something, then close it. */
static int wait_result(int fd, int *step, int *err)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int r;

	for (;;) {
		r = spawn_read_result(fd, step, err);
		if (r != -EAGAIN)
			break;
		ck_assert_int_eq(poll(&p, 1, 10000), 1);
	}
	close(fd);
	return r;
}

static int wait_exit(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return st;
}

/* Read fd to its end into buf (NUL-terminated) and close it. */
static void slurp(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t k;

	while (n + 1 < size && (k = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)k;
	buf[n] = '\0';
	close(fd);
}

static void argv3(char **v, const char *a, const char *b, const char *c)
{
	v[0] = (char *)a;
	v[1] = (char *)b;
	v[2] = (char *)c;
	v[3] = NULL;
}

/* Run r with stdout into a pipe; returns the result of the status pipe,
 * the output in out and the wait status in *status. */
static int run_capture(struct spawn_req *r, char *out, size_t size, int *status,
		       int *step, int *err)
{
	int p[2], sfd, res;
	pid_t pid;

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	r->stdout_fd = p[1];
	ck_assert_int_eq(spawn_start(r, &pid, &sfd), 0);
	close(p[1]);
	r->stdout_fd = -1;
	res = wait_result(sfd, step, err);
	slurp(p[0], out, size);
	*status = wait_exit(pid);
	return res;
}

/* A request for /bin/sh -c script. */
static void sh_req(struct spawn_req *r, const char *script)
{
	char *v[4];

	argv3(v, "sh", "-c", script);
	spawn_req_init(r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(r, "/bin/sh", v), 0);
	ck_assert_int_eq(strv_push_dup(&r->envp, "PATH=/usr/bin:/bin"), 0);
}

static char outbuf[65536];

START_TEST(test_exit_status)
{
	struct spawn_req r;
	int st, step, err;

	daemon_like();
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/true", NULL), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	spawn_req_done(&r);

	sh_req(&r, "exit 3");
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 3);
	spawn_req_done(&r);
}
END_TEST

START_TEST(test_exec_failure)
{
	struct spawn_req r;
	int st, step = -1, err = -1;
	char msg[256];

	daemon_like();
	spawn_req_init(&r, "web.service");
	ck_assert_int_eq(
		spawn_req_set_command(&r, "/usr/bin/nope-svinit", NULL), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 0);
	ck_assert_int_eq(step, SPAWN_STEP_EXEC);
	ck_assert_int_eq(err, ENOENT);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 203);
	spawn_format_error(msg, sizeof(msg), r.unit, step, err, r.path);
	ck_assert_str_eq(msg, "web.service: failed at step EXEC "
			      "(/usr/bin/nope-svinit): No such file or "
			      "directory");
	spawn_format_error(msg, sizeof(msg), "a.service", SPAWN_STEP_NAMESPACE,
			   -EPERM, NULL);
	ck_assert_str_eq(msg, "a.service: failed at step NAMESPACE: "
			      "Operation not permitted");
	spawn_req_done(&r);

	/* Not executable. */
	spawn_req_init(&r, "web.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/etc/passwd", NULL), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 0);
	ck_assert_int_eq(step, SPAWN_STEP_EXEC);
	ck_assert_int_eq(err, EACCES);
	spawn_req_done(&r);
}
END_TEST

START_TEST(test_step_names)
{
	ck_assert_str_eq(spawn_step_name(SPAWN_STEP_EXEC), "EXEC");
	ck_assert_str_eq(spawn_step_name(SPAWN_STEP_CHDIR), "CHDIR");
	ck_assert_str_eq(spawn_step_name(SPAWN_STEP_ENVIRONMENT),
			 "ENVIRONMENT");
	ck_assert_str_eq(spawn_step_name(-1), "UNKNOWN");
	ck_assert_str_eq(spawn_step_name(_SPAWN_STEP_MAX), "UNKNOWN");
	for (int s = 0; s < _SPAWN_STEP_MAX; s++)
		ck_assert_str_ne(spawn_step_name(s), "UNKNOWN");
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_CHDIR), 200);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_UID), 217);
	ck_assert_int_eq(spawn_step_exit_status(SPAWN_STEP_NONE), 1);
}
END_TEST

START_TEST(test_chdir)
{
	char dir[] = "/tmp/check_spawn.XXXXXX", missing[64], sub[64];
	struct spawn_req r;
	int st, step, err;

	daemon_like();
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);

	sh_req(&r, "pwd");
	ck_assert_int_eq(spawn_req_set_cwd(&r, missing, false, false), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 0);
	ck_assert_int_eq(step, SPAWN_STEP_CHDIR);
	ck_assert_int_eq(err, ENOENT);
	ck_assert_int_eq(WEXITSTATUS(st), 200);

	/* `-` prefix: a missing directory falls back to /. */
	ck_assert_int_eq(spawn_req_set_cwd(&r, missing, true, false), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_str_eq(outbuf, "/\n");

	ck_assert_int_eq(spawn_req_set_cwd(&r, sub, false, false), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_int_eq(strncmp(outbuf, sub, strlen(sub)), 0);

	/* No WorkingDirectory=: the root, not the daemon's directory. */
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(spawn_req_set_cwd(&r, NULL, false, false), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_str_eq(outbuf, "/\n");
	ck_assert_int_eq(chdir("/"), 0);
	spawn_req_done(&r);
	rmdir(sub);
	rmdir(dir);
}
END_TEST

START_TEST(test_umask)
{
	struct spawn_req r;
	int st, step, err;

	daemon_like();
	sh_req(&r, "umask");
	r.umask = 0077;
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_str_eq(outbuf, "0077\n");
	r.umask = 0022;
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_str_eq(outbuf, "0022\n");
	spawn_req_done(&r);
}
END_TEST

START_TEST(test_env_exact)
{
	struct spawn_req r;
	int st, step, err;
	char *v[2] = {"env", NULL};

	daemon_like();
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "env", v), 0);
	ck_assert_int_eq(env_set(&r.envp, "A=1"), 0);
	ck_assert_int_eq(env_set(&r.envp, "B=two  words"), 0);
	ck_assert_int_eq(env_set(&r.envp, "EMPTY="), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_str_eq(outbuf, "A=1\nB=two  words\nEMPTY=\n");
	spawn_req_done(&r);
}
END_TEST

START_TEST(test_stdio)
{
	struct spawn_req r;
	int in[2], out[2], errp[2], sfd, step, err;
	pid_t pid;
	char buf[256];

	daemon_like();
	sh_req(&r, "read x; echo got:$x; echo oops >&2; cat");
	ck_assert_int_eq(pipe2(in, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(errp, O_CLOEXEC), 0);
	r.stdin_fd = in[0];
	r.stdout_fd = out[1];
	r.stderr_fd = errp[1];
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	close(in[0]);
	close(out[1]);
	close(errp[1]);
	ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
	ck_assert_int_eq(write(in[1], "hello\n", 6), 6);
	close(in[1]);
	slurp(out[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "got:hello\n");
	slurp(errp[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "oops\n");
	ck_assert_int_eq(wait_exit(pid), 0);

	/* stdin -1 is /dev/null: read gets end of file at once. */
	spawn_req_done(&r);
	sh_req(&r, "cat; echo done");
	ck_assert_int_eq(run_capture(&r, buf, sizeof(buf), &sfd, &step, &err),
			 1);
	ck_assert_str_eq(buf, "done\n");
	spawn_req_done(&r);
}
END_TEST

/* The sources sit on the target numbers, crossed: stdout comes from fd 2
 * and stderr from fd 1. A naive dup2 sequence sends both to one pipe. */
START_TEST(test_stdio_crossed)
{
	struct spawn_req r;
	int a[2], b[2], save1, save2, sfd, step, err;
	pid_t pid;
	char buf[256];

	daemon_like();
	sh_req(&r, "echo to-out; echo to-err >&2");
	ck_assert_int_eq(pipe2(a, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(b, O_CLOEXEC), 0);
	save1 = dup(1);
	save2 = dup(2);
	ck_assert_int_eq(dup2(a[1], 2), 2);
	ck_assert_int_eq(dup2(b[1], 1), 1);
	close(a[1]);
	close(b[1]);
	r.stdout_fd = 2; /* pipe a */
	r.stderr_fd = 1; /* pipe b */
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	ck_assert_int_eq(dup2(save1, 1), 1);
	ck_assert_int_eq(dup2(save2, 2), 2);
	close(save1);
	close(save2);
	ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
	slurp(a[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "to-out\n");
	slurp(b[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "to-err\n");
	ck_assert_int_eq(wait_exit(pid), 0);
	spawn_req_done(&r);
}
END_TEST

/* The fd numbers open in a running process, as a sorted "0 1 2" string. */
static void fds_of(pid_t pid, char *buf, size_t size)
{
	char path[64];
	int seen[1024] = {0};
	struct dirent *de;
	DIR *d;
	size_t n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		ck_assert_int_lt(fd, 1024);
		seen[fd] = 1;
	}
	closedir(d);
	buf[0] = '\0';
	for (int i = 0; i < 1024; i++)
		if (seen[i])
			n += (size_t)snprintf(buf + n, size - n, "%s%d",
					      n ? " " : "", i);
}

/* A child blocked in `cat` on a pipe we hold, inspected through /proc
 * after its exec. Returns the pipe's write end; closing it ends cat. */
static int start_cat(struct spawn_req *r, pid_t *pid)
{
	int in[2], sfd, step, err;

	ck_assert_int_eq(pipe2(in, O_CLOEXEC), 0);
	r->stdin_fd = in[0];
	ck_assert_int_eq(spawn_start(r, pid, &sfd), 0);
	close(in[0]);
	r->stdin_fd = -1;
	ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
	return in[1];
}

/* The fds of pid once they equal want, or as they are after a second.
 * The status pipe reports the exec as soon as its write end closes,
 * which can be before the kernel has closed every other close-on-exec
 * fd of the new program: a listing taken at once may still show one. */
static void fds_settled(pid_t pid, const char *want, char *buf, size_t size)
{
	for (int i = 0; i < 100; i++) {
		fds_of(pid, buf, size);
		if (strcmp(buf, want) == 0)
			return;
		usleep(10000);
	}
}

START_TEST(test_no_fd_leak)
{
	struct spawn_req r;
	int leak, w;
	pid_t pid;
	char buf[256];

	daemon_like();
	/* Deliberately inheritable: the child must still not get it. */
	leak = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(leak, 3);
	ck_assert_int_ge(dup2(leak, 40), 0);
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/cat", NULL), 0);
	w = start_cat(&r, &pid);
	fds_settled(pid, "0 1 2", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0 1 2");
	close(w);
	ck_assert_int_eq(wait_exit(pid), 0);
	close(leak);
	close(40);
	spawn_req_done(&r);
}
END_TEST

/* The daemon's long-lived fds sit at SPAWN_FD_HIGH and up: a child never
 * gets them (with SPAWN_VFORK its table is made without them), even one
 * left inheritable, while the parent keeps them; an fd the child needs
 * that is up there (no shared table then) still reaches it. */
START_TEST(test_high_fds)
{
	struct spawn_req r;
	struct rlimit rl;
	char path[64], buf[256];
	int low, lifted, high, out[2], w, sfd, step, err;
	pid_t pid;

	daemon_like();
	/* Added only when fds up there can be opened (main). */
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = rl.rlim_max;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);

	low = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(low, 3);
	/* Lifted in every build (fds.h), fork builds included. */
	lifted = fds_lift(low);
	ck_assert_int_ge(lifted, SPAWN_FD_HIGH);
	ck_assert_int_eq(fcntl(low, F_GETFD), -1); /* moved, not copied */
	ck_assert_int_eq(fcntl(lifted, F_GETFD), FD_CLOEXEC);
	high = fcntl(lifted, F_DUPFD, SPAWN_FD_HIGH + 7); /* inheritable */
	ck_assert_int_ge(high, SPAWN_FD_HIGH + 7);

	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/cat", NULL), 0);
	for (int i = 0; i < 3; i++) {
		w = start_cat(&r, &pid);
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, high);
		ck_assert_int_eq(access(path, F_OK), -1);
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid,
			 lifted);
		ck_assert_int_eq(access(path, F_OK), -1);
		fds_settled(pid, "0 1 2", buf, sizeof(buf));
		ck_assert_str_eq(buf, "0 1 2");
		close(w);
		ck_assert_int_eq(wait_exit(pid), 0);
		/* The child's closing was in its own table. */
		ck_assert_int_ge(fcntl(high, F_GETFD), 0);
		ck_assert_int_ge(fcntl(lifted, F_GETFD), 0);
	}
	spawn_req_done(&r);

	ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
	ck_assert_int_eq(dup2(out[1], SPAWN_FD_HIGH + 9), SPAWN_FD_HIGH + 9);
	close(out[1]);
	sh_req(&r, "echo high");
	r.stdout_fd = SPAWN_FD_HIGH + 9;
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	close(SPAWN_FD_HIGH + 9);
	ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
	slurp(out[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "high\n");
	ck_assert_int_eq(wait_exit(pid), 0);
	close(high);
	close(lifted);
	spawn_req_done(&r);
}
END_TEST

/* Read "Key:\tvalue" from /proc/pid/status. */
static void proc_status(pid_t pid, const char *key, char *out, size_t size)
{
	char path[64], line[512];
	size_t lk = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	ck_assert_ptr_nonnull(f);
	out[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, lk) == 0 && line[lk] == ':') {
			size_t n;

			snprintf(out, size, "%s", line + lk + 1);
			n = strlen(out);
			/* Kernel versions differ in padding: trim it. */
			while (n > 0 &&
			       (out[n - 1] == '\n' || out[n - 1] == ' ' ||
				out[n - 1] == '\t'))
				out[--n] = '\0';
			memmove(out, out + strspn(out, " \t"),
				strlen(out + strspn(out, " \t")) + 1);
			break;
		}
	}
	fclose(f);
}

START_TEST(test_signals_and_session)
{
	struct spawn_req r;
	char buf[256], path[64];
	int w, pgrp = 0, sid = 0;
	pid_t pid;
	FILE *f;

	daemon_like();
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/cat", NULL), 0);
	w = start_cat(&r, &pid);
	proc_status(pid, "SigBlk", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0000000000000000");
	proc_status(pid, "SigIgn", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0000000000000000");
	/* Its own session, hence its own process group (killpg). */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%*d (%*[^)]) %*c %*d %d %d", &pgrp, &sid),
			 2);
	fclose(f);
	ck_assert_int_eq(pgrp, pid);
	ck_assert_int_eq(sid, pid);
	/* And a default SIGTERM kills it, blocked as it is in the parent. */
	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	{
		int st = wait_exit(pid);

		ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	}
	close(w);
	spawn_req_done(&r);
}
END_TEST

/* The creds of user/group as the loader resolves them. */
static void resolve(struct unit_creds *c, const char *user, const char *group)
{
	bool group_failed;

	ck_assert_int_eq(creds_resolve(user, group, false, c, &group_failed),
			 0);
}

START_TEST(test_user_nobody)
{
	struct unit_creds c;
	struct spawn_req r;
	char buf[256], dir[] = "/tmp/check_spawn.XXXXXX";
	int w, st, step, err;
	pid_t pid;

	daemon_like(); /* added only for root (main) */
	resolve(&c, "nobody", NULL);
	spawn_req_init(&r, "t.service");
	spawn_req_set_creds(&r, &c);
	ck_assert(r.set_uid && r.set_gid);
	ck_assert_int_eq(r.uid, 65534);
	ck_assert_int_eq(r.gid, 65534);
	/* Borrowed, not copied: a spawn allocates nothing for the ids. */
	ck_assert_ptr_eq(r.groups, c.groups);
	ck_assert_ptr_eq(r.user_name, c.user_name);

	/* The user's variables, overridable by Environment=. */
	ck_assert_int_eq(spawn_req_build_env(&r, NULL, NULL, NULL, 0, NULL), 0);
	ck_assert_str_eq(env_get(r.envp, "USER"), "nobody");
	ck_assert_str_eq(env_get(r.envp, "LOGNAME"), "nobody");
	ck_assert_str_eq(env_get(r.envp, "HOME"), "/nonexistent");
	ck_assert_ptr_nonnull(env_get(r.envp, "SHELL"));
	ck_assert_str_eq(env_get(r.envp, "PATH"), SPAWN_DEFAULT_PATH);

	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/cat", NULL), 0);
	w = start_cat(&r, &pid);
	proc_status(pid, "Uid", buf, sizeof(buf));
	ck_assert_str_eq(buf, "65534\t65534\t65534\t65534");
	proc_status(pid, "Gid", buf, sizeof(buf));
	ck_assert_str_eq(buf, "65534\t65534\t65534\t65534");
	proc_status(pid, "Groups", buf, sizeof(buf));
	ck_assert_str_eq(buf, "65534");
	close(w);
	ck_assert_int_eq(wait_exit(pid), 0);

	/* The directory is entered as the user: root's 0700 one is not. */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0700), 0);
	ck_assert_int_eq(spawn_req_set_cwd(&r, dir, false, false), 0);
	ck_assert_int_eq(run_capture(&r, buf, sizeof(buf), &st, &step, &err),
			 0);
	ck_assert_int_eq(step, SPAWN_STEP_CHDIR);
	ck_assert_int_eq(err, EACCES);
	rmdir(dir);
	spawn_req_done(&r);
	unit_creds_clear(&c);

	/* Group= alone: gid set, supplementary groups dropped. */
	resolve(&c, NULL, "nogroup");
	spawn_req_init(&r, "t.service");
	spawn_req_set_creds(&r, &c);
	ck_assert(!r.set_uid && r.set_gid);
	ck_assert_int_eq(r.gid, 65534);
	ck_assert_uint_eq(r.n_groups, 0);
	ck_assert_ptr_null(r.user_name);
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/cat", NULL), 0);
	w = start_cat(&r, &pid);
	proc_status(pid, "Uid", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0\t0\t0\t0");
	proc_status(pid, "Gid", buf, sizeof(buf));
	ck_assert_str_eq(buf, "65534\t65534\t65534\t65534");
	proc_status(pid, "Groups", buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	close(w);
	ck_assert_int_eq(wait_exit(pid), 0);
	spawn_req_done(&r);
	unit_creds_clear(&c);
}
END_TEST

/* creds_resolve: every rule of creds.h, with users every system has. */
START_TEST(test_creds)
{
	struct unit_creds c;
	struct spawn_req r;
	bool group_failed;
	gid_t want[64];
	int n_want = 64;

	ck_assert_int_eq(creds_resolve("no-such-user-svinit", NULL, false, &c,
				       &group_failed),
			 -ESRCH);
	ck_assert(!group_failed);
	ck_assert(!c.has_user && !c.user_name && !c.groups);
	ck_assert_int_eq(creds_resolve("root", "no-such-group-x", false, &c,
				       &group_failed),
			 -ESRCH);
	ck_assert(group_failed);
	ck_assert(!c.has_user && !c.has_group && !c.home);
	ck_assert_int_eq(creds_resolve(NULL, "no-such-group-x", false, &c,
				       &group_failed),
			 -ESRCH);
	ck_assert(group_failed);

	/* User= alone: the passwd entry and getgrouplist's groups. */
	resolve(&c, "root", NULL);
	ck_assert(c.has_user && c.has_group);
	ck_assert_int_eq(c.uid, 0);
	ck_assert_int_eq(c.gid, 0);
	ck_assert_str_eq(c.user_name, "root");
	ck_assert_str_eq(c.home, getpwnam("root")->pw_dir);
	ck_assert_int_ge(getgrouplist("root", 0, want, &n_want), 0);
	ck_assert_uint_eq(c.n_groups, (size_t)n_want);
	for (int i = 0; i < n_want; i++)
		ck_assert_int_eq(c.groups[i], want[i]);
	unit_creds_clear(&c);

	/* Group= overrides the primary group; supplementary ones stay, the
	 * new primary one first. */
	resolve(&c, "nobody", "0");
	ck_assert_int_eq(c.uid, 65534);
	ck_assert_int_eq(c.gid, 0);
	ck_assert_uint_ge(c.n_groups, 1);
	ck_assert_int_eq(c.groups[0], 0);
	unit_creds_clear(&c);

	/* Group= alone: a gid, no user, no supplementary group. */
	resolve(&c, NULL, "nogroup");
	ck_assert(!c.has_user && c.has_group);
	ck_assert_int_eq(c.gid, 65534);
	ck_assert_uint_eq(c.n_groups, 0);
	ck_assert_ptr_null(c.home);
	unit_creds_clear(&c);

	/* A number with no passwd entry: allowed, group of the same id. */
	resolve(&c, "54321", NULL);
	ck_assert_int_eq(c.uid, 54321);
	ck_assert_int_eq(c.gid, 54321);
	ck_assert_str_eq(c.user_name, "54321");
	ck_assert_str_eq(c.home, "/");
	ck_assert_uint_ge(c.n_groups, 1);
	ck_assert_int_eq(c.groups[0], 54321);
	unit_creds_clear(&c);

	/* A number that names a user is that user; `~` is its home. */
	resolve(&c, "0", NULL);
	ck_assert_str_eq(c.user_name, "root");
	spawn_req_init(&r, "t.service");
	spawn_req_set_creds(&r, &c);
	ck_assert_int_eq(spawn_req_set_cwd(&r, NULL, false, true), 0);
	ck_assert_str_eq(r.cwd, c.home);
	spawn_req_done(&r);
	unit_creds_clear(&c);

	/* WorkingDirectory=~ without User=: the daemon's own home, and no
	 * user for the environment or the child. */
	ck_assert_int_eq(creds_resolve(NULL, NULL, true, &c, &group_failed), 0);
	ck_assert(!c.has_user && !c.has_group);
	ck_assert_str_eq(c.home, getpwuid(geteuid())->pw_dir);
	spawn_req_init(&r, "t.service");
	spawn_req_set_creds(&r, &c);
	ck_assert(!r.set_uid && !r.set_gid);
	ck_assert_ptr_null(r.user_name);
	ck_assert_int_eq(spawn_req_set_cwd(&r, NULL, false, true), 0);
	ck_assert_str_eq(r.cwd, c.home);
	spawn_req_done(&r);
	unit_creds_clear(&c);

	/* No creds at all: `~` has no home to go to, and nothing was
	 * forked for it. */
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_cwd(&r, NULL, false, true), -ESRCH);
	ck_assert_int_eq(r.fail_step, SPAWN_STEP_CHDIR);
	ck_assert_str_eq(r.fail_detail, "~");
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	spawn_req_done(&r);
}
END_TEST

START_TEST(test_find_program)
{
	struct spawn_req r;
	char *p = NULL;

	ck_assert_int_eq(spawn_find_program("sh", &p), 0);
	ck_assert(str_has_suffix(p, "/sh"));
	ck_assert_int_eq(access(p, X_OK), 0);
	/* The first directory of the fixed path that has it. */
	ck_assert(str_has_prefix(p, "/usr/local/sbin/") ||
		  str_has_prefix(p, "/usr/local/bin/") ||
		  str_has_prefix(p, "/usr/sbin/") ||
		  str_has_prefix(p, "/usr/bin/") || str_has_prefix(p, "/bin/"));
	free(p);
	ck_assert_int_eq(spawn_find_program("/opt/x/y", &p), 0);
	ck_assert_str_eq(p, "/opt/x/y");
	free(p);
	ck_assert_int_eq(spawn_find_program("no-such-prog-svinit", &p),
			 -ENOENT);
	ck_assert_int_eq(spawn_find_program("bin/sh", &p), -EINVAL);
	ck_assert_int_eq(spawn_find_program("", &p), -EINVAL);
	/* Directories named like a program do not count. */
	ck_assert_int_eq(spawn_find_program("..", &p), -ENOENT);

	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "no-such-prog-svinit", NULL),
			 -ENOENT);
	ck_assert_int_eq(r.fail_step, SPAWN_STEP_EXEC);
	ck_assert_str_eq(r.fail_detail, "no-such-prog-svinit");
	ck_assert_ptr_null(r.path);
	ck_assert_int_eq(spawn_req_set_command(&r, "true", NULL), 0);
	ck_assert(str_has_suffix(r.path, "/true"));
	ck_assert_str_eq(r.argv[0], "true");
	ck_assert_ptr_null(r.argv[1]);
	spawn_req_done(&r);
}
END_TEST

static char **parse_text(const char *text, unsigned *bad)
{
	char **env = NULL;

	*bad = 0;
	ck_assert_int_eq(env_parse(text, strlen(text), &env, bad), 0);
	return env;
}

START_TEST(test_env_parse)
{
	unsigned bad;
	char **e;

	e = parse_text("# comment\n"
		       "  ; another\n"
		       "\n"
		       "A=1\n"
		       "  B = spaced value  \n"
		       "C=\"double \\\"q\\\" \\$x \\n\"\n"
		       "D='single \\n $x'\n"
		       "E=a\\ b\\\\c\n"
		       "F=\"multi\nline\"\n"
		       "G=joined \\\n"
		       "line\n"
		       "H=\n"
		       "I=x#notacomment\n"
		       "A=2\n"
		       "J=\"  kept  \"  \n"
		       "K=a\"b c\"d'e f'\n"
		       "L=last",
		       &bad);
	ck_assert_uint_eq(bad, 0);
	ck_assert_str_eq(env_get(e, "A"), "2");
	ck_assert_str_eq(env_get(e, "B"), "spaced value");
	ck_assert_str_eq(env_get(e, "C"), "double \"q\" $x \\n");
	ck_assert_str_eq(env_get(e, "D"), "single \\n $x");
	ck_assert_str_eq(env_get(e, "E"), "a b\\c");
	ck_assert_str_eq(env_get(e, "F"), "multi\nline");
	ck_assert_str_eq(env_get(e, "G"), "joined line");
	ck_assert_str_eq(env_get(e, "H"), "");
	ck_assert_str_eq(env_get(e, "I"), "x#notacomment");
	ck_assert_str_eq(env_get(e, "J"), "  kept  ");
	ck_assert_str_eq(env_get(e, "K"), "ab cde f");
	ck_assert_str_eq(env_get(e, "L"), "last");
	/* A re-set key keeps its first place. */
	ck_assert(str_has_prefix(e[0], "A="));
	ck_assert_uint_eq(strv_len(e), 12);
	strv_free(e);

	e = parse_text("no equals sign\n"
		       "1BAD=x\n"
		       "sp ace=x\n"
		       "=x\n"
		       "OK=yes\n"
		       "Q=\"unterminated\n",
		       &bad);
	ck_assert_uint_eq(bad, 5);
	ck_assert_uint_eq(strv_len(e), 1);
	ck_assert_str_eq(env_get(e, "OK"), "yes");
	strv_free(e);

	e = NULL;
	ck_assert_int_eq(env_parse("A=1\0B=2", 7, &e, NULL), -EINVAL);
	ck_assert_ptr_null(e);
}
END_TEST

START_TEST(test_env_ops)
{
	char **e = NULL;

	ck_assert(env_name_is_valid("foo.bar", 7));
	ck_assert(!env_name_is_valid("9x", 2));
	ck_assert(!env_name_is_valid("", 0));
	ck_assert(!env_assignment_is_valid("NOEQUALS"));
	ck_assert_int_eq(env_set(&e, "X=1"), 0);
	ck_assert_int_eq(env_set(&e, "XY=2"), 0);
	ck_assert_int_eq(env_set(&e, "X=3"), 0);
	ck_assert_int_eq(env_set(&e, "bad"), -EINVAL);
	ck_assert_int_eq(env_set_kv(&e, "A=B", "c"), -EINVAL);
	ck_assert_str_eq(env_get(e, "X"), "3");
	ck_assert_str_eq(env_get(e, "XY"), "2");
	ck_assert_ptr_null(env_get(e, "Z"));
	ck_assert_uint_eq(strv_len(e), 2);
	strv_free(e);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_env_files)
{
	char dir[] = "/tmp/check_spawn.XXXXXX", f1[64], f2[64], glob[64],
	     missing[64];
	struct env_file files[3];
	struct spawn_req r;
	char *environment[] = {"A=from-unit", "B=from-unit", "PATH=/x", NULL};
	char *extra[] = {"NOTIFY_SOCKET=/run/n", "B=from-daemon", NULL};
	char **e = NULL;
	unsigned bad = 0;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(f1, sizeof(f1), "%s/a.env", dir);
	snprintf(f2, sizeof(f2), "%s/b.env", dir);
	snprintf(glob, sizeof(glob), "%s/*.env", dir);
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	write_file(f1, "A=from-file\nC=1\nbroken line\n");
	write_file(f2, "C=2\n");

	ck_assert_int_eq(env_load(missing, true, &e, NULL), 0);
	ck_assert_int_eq(env_load(missing, false, &e, NULL), -ENOENT);
	ck_assert_int_eq(env_load(glob, false, &e, &bad), 0);
	ck_assert_uint_eq(bad, 1);
	ck_assert_str_eq(env_get(e, "C"), "2"); /* sorted: b after a */
	strv_free(e);
	e = NULL;
	snprintf(glob, sizeof(glob), "%s/*.none", dir);
	ck_assert_int_eq(env_load(glob, false, &e, NULL), -ENOENT);
	ck_assert_int_eq(env_load(glob, true, &e, NULL), 0);
	ck_assert_ptr_null(e);

	/* Order: default PATH < daemon's extra < Environment= < files. */
	spawn_req_init(&r, "t.service");
	files[0] = (struct env_file){.path = missing, .optional = true};
	files[1] = (struct env_file){.path = f1, .optional = false};
	ck_assert_int_eq(
		spawn_req_build_env(&r, extra, environment, files, 2, &bad), 0);
	ck_assert_str_eq(env_get(r.envp, "A"), "from-file");
	ck_assert_str_eq(env_get(r.envp, "B"), "from-unit");
	ck_assert_str_eq(env_get(r.envp, "C"), "1");
	ck_assert_str_eq(env_get(r.envp, "PATH"), "/x");
	ck_assert_str_eq(env_get(r.envp, "NOTIFY_SOCKET"), "/run/n");
	ck_assert_ptr_null(env_get(r.envp, "USER")); /* no User= */

	/* A required file that is missing fails the ENVIRONMENT step. */
	files[0].optional = false;
	ck_assert_int_eq(
		spawn_req_build_env(&r, extra, environment, files, 2, NULL),
		-ENOENT);
	ck_assert_int_eq(r.fail_step, SPAWN_STEP_ENVIRONMENT);
	ck_assert_str_eq(r.fail_detail, missing);
	/* The previous environment is untouched. */
	ck_assert_str_eq(env_get(r.envp, "A"), "from-file");
	spawn_req_done(&r);

	/* Without anything: just the default PATH. */
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_build_env(&r, NULL, NULL, NULL, 0, NULL), 0);
	ck_assert_uint_eq(strv_len(r.envp), 1);
	ck_assert_str_eq(r.envp[0], "PATH=" SPAWN_DEFAULT_PATH);
	spawn_req_done(&r);

	unlink(f1);
	unlink(f2);
	rmdir(dir);
}
END_TEST

START_TEST(test_env_file_too_big)
{
	char path[] = "/tmp/check_spawn_big.XXXXXX";
	int fd = mkstemp(path);
	char **e = NULL;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, ENV_FILE_MAX + 1), 0);
	close(fd);
	ck_assert_int_eq(env_read_file(path, &e, NULL), -EFBIG);
	ck_assert_ptr_null(e);
	unlink(path);
}
END_TEST

START_TEST(test_listen_fds)
{
	struct spawn_req r;
	int p[2], st, step, err;
	char want[128], *v[4];
	unsigned a, b;

	daemon_like();
	sh_req(&r, "echo $LISTEN_FDS $LISTEN_FDNAMES $LISTEN_PID $$; cat <&3;"
		   " ls /proc/self/fd | wc -l");
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	ck_assert_int_eq(write(p[1], "passed\n", 7), 7);
	close(p[1]);
	ck_assert_int_eq(spawn_req_set_listen_fds(&r, &p[0], 1, "web"), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	ck_assert_int_eq(sscanf(outbuf, "1 web %u %u\n", &a, &b), 2);
	ck_assert_uint_eq(a, b);
	/* cat saw the passed pipe at fd 3; ls saw 0-3 plus its own. */
	snprintf(want, sizeof(want), "1 web %u %u\npassed\n5\n", a, b);
	ck_assert_str_eq(outbuf, want);
	/* The child filled its own copy: the request still has the
	 * placeholder, and the next start gets the next child's pid. */
	ck_assert_str_eq(env_get(r.envp, "LISTEN_PID"), "00000000000000000000");
	argv3(v, "sh", "-c", "echo $LISTEN_PID $$");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/sh", v), 0);
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_int_eq(sscanf(outbuf, "%u %u\n", &a, &b), 2);
	ck_assert_uint_eq(a, b);
	close(p[0]);
	spawn_req_done(&r);
}
END_TEST

/* Runs after FDS: the passed fd is already at 3, inheritable. */
static int hook_fd3(const void *data, int *step)
{
	int fl = fcntl(3, F_GETFD);

	if (fl < 0)
		return -errno;
	return fl & FD_CLOEXEC ? -EBADF : 0;
}

/* Blocks the child until the test writes to the passed fd 3. */
static int hook_wait(const void *data, int *step)
{
	char c;

	return read(3, &c, 1) == 1 ? 0 : -EIO;
}

static int hook_fail(const void *data, int *step)
{
	*step = *(const int *)data;
	return -EPERM;
}

/* A probe that breaks the hooks' rule on purpose: it writes a variable of
 * the parent. Only a child that shares the parent's memory changes the
 * parent's copy. */
static volatile pid_t hook_saw;

static int hook_probe(const void *data, int *step)
{
	hook_saw = getpid();
	return 0;
}

START_TEST(test_hooks)
{
	struct spawn_req r;
	struct spawn_hooks h = {.privileged = hook_fd3};
	int p[2], sfd, step, err, st;
	int which = SPAWN_STEP_NAMESPACE;
	pid_t pid;

	daemon_like();
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/true", NULL), 0);
	r.pass_fds = &p[0];
	r.n_pass_fds = 1;
	r.hooks = &h;
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
	ck_assert_int_eq(wait_exit(pid), 0);

	/* With fork the daemon does not wait for the child: a child stuck in
	 * a step leaves spawn_start and the status pipe free. (With
	 * SPAWN_VFORK this would hang: the daemon waits for the child.) */
	if (!SPAWN_VFORK) {
		h = (struct spawn_hooks){.privileged = hook_wait};
		ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
		ck_assert_int_eq(spawn_read_result(sfd, &step, &err), -EAGAIN);
		ck_assert_int_eq(write(p[1], "x", 1), 1);
		ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
		ck_assert_int_eq(wait_exit(pid), 0);
	}

	h = (struct spawn_hooks){.before_exec = hook_fail};
	r.hook_data = &which;
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	ck_assert_int_eq(wait_result(sfd, &step, &err), 0);
	ck_assert_int_eq(step, SPAWN_STEP_NAMESPACE);
	ck_assert_int_eq(err, EPERM);
	st = wait_exit(pid);
	ck_assert_int_eq(WEXITSTATUS(st), 226);
	close(p[0]);
	close(p[1]);
	spawn_req_done(&r);
}
END_TEST

/* With SPAWN_VFORK the child ran in this process's memory, and was done
 * before spawn_start returned. With fork (the default, and sanitizer
 * builds) the probe stays in the child's copy. */
START_TEST(test_shared_memory_and_wait)
{
	struct spawn_req r;
	struct spawn_hooks h = {.privileged = hook_probe};
	int sfd, step, err;
	pid_t pid;

	daemon_like();
	hook_saw = 0;
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/true", NULL), 0);
	r.hooks = &h;
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	if (SPAWN_VFORK)
		ck_assert_int_eq(hook_saw, pid);
	else
		ck_assert_int_eq(hook_saw, 0);
	ck_assert_int_eq(wait_result(sfd, &step, &err), 1);
	ck_assert_int_eq(wait_exit(pid), 0);
	spawn_req_done(&r);
}
END_TEST

/* With SPAWN_VFORK a failure is in the pipe when spawn_start returns: read
 * at once, without waiting. (A success's end of file may lag: the kernel
 * releases the parent before it closes the close-on-exec fds.) */
START_TEST(test_result_ready_at_return)
{
	char dir[] = "/tmp/check_spawn.XXXXXX", missing[64];
	struct spawn_req r;
	struct pollfd pf = {.events = POLLIN};
	int sfd, step = -1, err = -1;
	pid_t pid;

	daemon_like(); /* added only with SPAWN_VFORK (main) */
	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(
		spawn_req_set_command(&r, "/usr/bin/nope-svinit", NULL), 0);
	for (int i = 0; i < 50; i++) {
		ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
		pf.fd = sfd;
		ck_assert_int_eq(poll(&pf, 1, 0), 1);
		ck_assert_int_eq(spawn_read_result(sfd, &step, &err), 0);
		ck_assert_int_eq(step, SPAWN_STEP_EXEC);
		ck_assert_int_eq(err, ENOENT);
		close(sfd);
		ck_assert_int_eq(WEXITSTATUS(wait_exit(pid)), 203);
	}
	spawn_req_done(&r);

	/* An earlier step, the same. */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(missing, sizeof(missing), "%s/missing", dir);
	sh_req(&r, "exit 0");
	ck_assert_int_eq(spawn_req_set_cwd(&r, missing, false, false), 0);
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
	ck_assert_int_eq(spawn_read_result(sfd, &step, &err), 0);
	ck_assert_int_eq(step, SPAWN_STEP_CHDIR);
	ck_assert_int_eq(err, ENOENT);
	close(sfd);
	ck_assert_int_eq(WEXITSTATUS(wait_exit(pid)), 200);
	spawn_req_done(&r);
	rmdir(dir);
}
END_TEST

/* The child's per-process state is its own: the parent keeps its umask,
 * directory, fds, session, signal mask and dispositions. */
START_TEST(test_parent_untouched)
{
	char dir[] = "/tmp/check_spawn.XXXXXX", cwd[256];
	struct spawn_req r;
	struct sigaction sa;
	sigset_t only, now;
	int keep, st, step, err;
	pid_t sid = getsid(0);
	mode_t old;

	/* Not daemon_like: a partial mask, to see it restored exactly. */
	sigemptyset(&only);
	sigaddset(&only, SIGUSR2);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &only, NULL), 0);
	signal(SIGUSR1, SIG_IGN);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	old = umask(0022);
	keep = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(keep, 3);

	sh_req(&r, "umask; pwd");
	r.umask = 0077;
	ck_assert_int_eq(
		run_capture(&r, outbuf, sizeof(outbuf), &st, &step, &err), 1);
	ck_assert_str_eq(outbuf, "0077\n/\n");

	ck_assert_int_eq(umask(old), 0022);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_str_eq(cwd, dir);
	ck_assert_int_ge(fcntl(keep, F_GETFD), 0);
	ck_assert_int_eq(getsid(0), sid);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, NULL, &now), 0);
	ck_assert(sigismember(&now, SIGUSR2));
	ck_assert(!sigismember(&now, SIGTERM));
	ck_assert(!sigismember(&now, SIGCHLD));
	ck_assert_int_eq(sigaction(SIGUSR1, NULL, &sa), 0);
	ck_assert_ptr_eq(sa.sa_handler, SIG_IGN);
	close(keep);
	ck_assert_int_eq(chdir("/"), 0);
	rmdir(dir);
	spawn_req_done(&r);
}
END_TEST

START_TEST(test_read_result)
{
	struct {
		int step, err;
	} m = {SPAWN_STEP_CHDIR, EACCES};
	int p[2], step = -1, err = -1;

	/* Nothing yet: no wait, -EAGAIN; a torn message is -EIO. */
	ck_assert_int_eq(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	ck_assert_int_eq(spawn_read_result(p[0], &step, &err), -EAGAIN);
	ck_assert_int_eq(write(p[1], &m, sizeof(m)), sizeof(m));
	ck_assert_int_eq(spawn_read_result(p[0], &step, &err), 0);
	ck_assert_int_eq(step, SPAWN_STEP_CHDIR);
	ck_assert_int_eq(err, EACCES);
	ck_assert_int_eq(write(p[1], &m, 3), 3);
	ck_assert_int_eq(spawn_read_result(p[0], &step, &err), -EIO);
	close(p[1]);
	ck_assert_int_eq(spawn_read_result(p[0], &step, &err), 1);
	close(p[0]);
}
END_TEST

START_TEST(test_bad_requests)
{
	struct spawn_req r;
	pid_t pid;
	int sfd, fds[1] = {0};

	spawn_req_init(&r, "t.service");
	ck_assert_int_eq(spawn_start(&r, &pid, &sfd), -EINVAL); /* no path */
	ck_assert_int_eq(
		spawn_req_set_listen_fds(&r, fds, SPAWN_PASS_FDS_MAX + 1, NULL),
		-E2BIG);
	/* A passed fd that is not open fails the FDS step. */
	ck_assert_int_eq(spawn_req_set_command(&r, "/bin/true", NULL), 0);
	fds[0] = 1000;
	r.pass_fds = fds;
	r.n_pass_fds = 1;
	{
		int step, err;

		ck_assert_int_eq(spawn_start(&r, &pid, &sfd), 0);
		ck_assert_int_eq(wait_result(sfd, &step, &err), 0);
		ck_assert_int_eq(step, SPAWN_STEP_FDS);
		ck_assert_int_eq(err, EBADF);
		ck_assert_int_eq(WEXITSTATUS(wait_exit(pid)), 202);
	}
	spawn_req_done(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	struct rlimit rl;
	int failed;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_exec_failure);
	tcase_add_test(tc, test_step_names);
	tcase_add_test(tc, test_chdir);
	tcase_add_test(tc, test_umask);
	tcase_add_test(tc, test_env_exact);
	tcase_add_test(tc, test_stdio);
	tcase_add_test(tc, test_stdio_crossed);
	tcase_add_test(tc, test_no_fd_leak);
	tcase_add_test_if(tc, test_high_fds,
			  getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
				  rl.rlim_max >= SPAWN_FD_HIGH + 64,
			  "the hard limit on open files is below "
			  "SPAWN_FD_HIGH + 64");
	tcase_add_test_if(tc, test_signals_and_session, !under_qemu_user(),
			  QEMU_USER_SKIPS ": its own signal");
	tcase_add_test_if(tc, test_user_nobody, geteuid() == 0,
			  "needs root to change user ids");
	tcase_add_test(tc, test_creds);
	tcase_add_test(tc, test_find_program);
	tcase_add_test(tc, test_env_parse);
	tcase_add_test(tc, test_env_ops);
	tcase_add_test(tc, test_env_files);
	tcase_add_test(tc, test_env_file_too_big);
	tcase_add_test(tc, test_listen_fds);
	tcase_add_test(tc, test_hooks);
	tcase_add_test(tc, test_shared_memory_and_wait);
	tcase_add_test_if(tc, test_result_ready_at_return, SPAWN_VFORK,
			  "this build spawns with fork(), which does not wait "
			  "for the child");
	tcase_add_test(tc, test_parent_untouched);
	tcase_add_test(tc, test_read_result);
	tcase_add_test(tc, test_bad_requests);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	skip_summary("spawn");
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
