/* execprep: a unit's command made ready to spawn (see execprep.h). */
#include "execprep.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "parse.h"
#include "sandbox.h"
#include "sys.h"

/* Where stdout or stderr of a command goes; *fd is -1 for /dev/null.
 * Files named by file:/append: and pipe writers are opened here and
 * closed by execprep_close_fds (*own is set). */
static int output_fd(enum std_output o, const char *path, struct outpipe *p,
		     bool is_stdout, int stdout_fd, int *fd, bool *own)
{
	*own = false;
	switch (o) {
	case OUT_LOG:
		*fd = outpipe_writer(p);
		if (*fd < 0)
			return *fd;
		*own = true;
		return 0;
	case OUT_NULL:
		*fd = -1;
		return 0;
	case OUT_INHERIT:
		/* systemd's meaning: stdout takes stdin's file (always
		 * /dev/null here), stderr takes stdout's. */
		*fd = is_stdout ? -1 : stdout_fd;
		return 0;
	default:
		*fd = open(path,
			   O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY |
				   (o == OUT_APPEND ? O_APPEND : O_TRUNC),
			   0644);
		if (*fd < 0)
			return -errno;
		*own = true;
		return 0;
	}
}

int execprep_request(struct spawn_req *req, const struct unit *u,
		     const struct exec_cmd *cmd, struct outpipe *out,
		     struct outpipe *err, const struct rlimit *nofile,
		     const char *notify_socket, struct execprep_fds *fds)
{
	const struct service_conf *c = &u->svc;
	char **argv = NULL, **extra = NULL;
	int r = 0;

	*fds = (struct execprep_fds){.out = -1, .err = -1};
	spawn_req_set_creds(req, &c->creds);
	/* Before the unit's Environment=, which may override them, as in
	 * systemd: RUNTIME_DIRECTORY= and its kin from the plan made at
	 * load, and NOTIFY_SOCKET=. WATCHDOG_USEC= and WATCHDOG_PID= are
	 * the main process's alone (execprep_watchdog). */
	if (c->ns && c->ns->plan.env)
		r = env_merge(&extra, c->ns->plan.env);
	if (r >= 0 && notify_socket)
		r = env_set_kv(&extra, "NOTIFY_SOCKET", notify_socket);
	if (r >= 0)
		r = spawn_req_build_env(req, extra, c->environment,
					c->env_files, c->n_env_files, NULL);
	strv_free(extra);
	if (r < 0)
		return r;
	/* $VAR expands with the final environment, so that EnvironmentFile=
	 * values reach the command line as in systemd. */
	if (cmd->flags & EXEC_NO_ENV_EXPAND)
		r = strv_dup(cmd->argv, &argv);
	else
		r = parse_expand_env(cmd->argv, req->envp, &argv);
	if (r < 0)
		return r;
	r = spawn_req_set_command(req, cmd->path, argv);
	strv_free(argv);
	if (r < 0)
		return r;
	r = spawn_req_set_cwd(req, c->working_directory,
			      c->working_directory_optional,
			      c->working_directory_home);
	if (r < 0)
		return r;
	req->umask = c->umask;
	/* LimitNOFILE= replaces the daemon's default (the privileged
	 * hook sets it). */
	req->nofile =
		privs_sets_limit(unit_privs(u), RLIMIT_NOFILE) ? NULL : nofile;
	/* `+`: root and no sandbox; `!`: root, sandbox applies (unit.h).
	 * The environment keeps User='s USER, HOME, ..., as in systemd. */
	if (cmd->flags & (EXEC_FULL_PRIVILEGES | EXEC_KEEP_IDS))
		req->set_uid = req->set_gid = false;
	req->hooks = cmd->flags & EXEC_FULL_PRIVILEGES
			     ? &sandbox_full_privileges_hooks
			     : &sandbox_hooks;
	req->hook_data = u;
	r = output_fd(c->std_out, c->std_out_path, out, true, -1, &fds->out,
		      &fds->own_out);
	if (r >= 0)
		r = output_fd(c->std_err, c->std_err_path, err, false, fds->out,
			      &fds->err, &fds->own_err);
	req->stdout_fd = fds->out;
	req->stderr_fd = fds->err;
	if (r < 0) {
		req->fail_step = SPAWN_STEP_FDS;
		req->fail_detail = c->std_out_path;
	}
	return r;
}

int execprep_watchdog(struct spawn_req *req, const struct unit *u)
{
	usec_t w = u->svc.watchdog_usec;

	if (w == 0 || w == USEC_INFINITY)
		return 0;
	return spawn_req_set_watchdog(req, (unsigned long long)w);
}

void execprep_close_fds(struct execprep_fds *fds)
{
	if (fds->own_out)
		close(fds->out);
	if (fds->own_err)
		close(fds->err);
	*fds = (struct execprep_fds){.out = -1, .err = -1};
}

/* The parent of pid, from /proc/PID/stat; -1 when unknown. */
static pid_t parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (sys_read_small_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	/* "PID (COMM) STATE PPID ...": COMM may hold anything but is
	 * followed by the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

int execprep_read_pid_file(const char *path, pid_t *pid)
{
	char buf[32], *end;
	ssize_t n = sys_read_small_file(path, buf, sizeof(buf));
	pid_t self = sys.getpid();
	long v;

	if (n < 0)
		return (int)n;
	if (n == 0)
		return -EINVAL;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || v <= 1 || v > INT32_MAX || (*end && *end != '\n'))
		return -EINVAL;
	if ((pid_t)v == self || parent_of((pid_t)v) != self)
		return -ESRCH;
	*pid = (pid_t)v;
	return 0;
}
