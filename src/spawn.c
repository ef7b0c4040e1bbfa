/*
 * spawn: the parent's half of starting a command (see spawn.h): the
 * request is filled here, in the daemon, with everything the child will
 * need already computed (path, argv, environment, ids, directory), so
 * that the child's half (spawn_child.c) only makes system calls.
 * Every preparation failure names its step and the name it failed on, so
 * the daemon's message says which user, file or program was wrong.
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env.h"
#include "util.h"

/* The names in messages and in FailedStep=: the enum's, shortened. */
static const char *const step_names[_SPAWN_STEP_MAX] = {
	[SPAWN_STEP_NONE] = "NONE",
	[SPAWN_STEP_ENVIRONMENT] = "ENVIRONMENT",
	[SPAWN_STEP_FORK] = "FORK",
	[SPAWN_STEP_SIGNALS] = "SIGNALS",
	[SPAWN_STEP_SESSION] = "SESSION",
	[SPAWN_STEP_FDS] = "FDS",
	[SPAWN_STEP_CGROUP] = "CGROUP",
	[SPAWN_STEP_RUNTIME_DIRECTORY] = "RUNTIME_DIRECTORY",
	[SPAWN_STEP_STATE_DIRECTORY] = "STATE_DIRECTORY",
	[SPAWN_STEP_CACHE_DIRECTORY] = "CACHE_DIRECTORY",
	[SPAWN_STEP_LOGS_DIRECTORY] = "LOGS_DIRECTORY",
	[SPAWN_STEP_CONFIGURATION_DIRECTORY] = "CONFIGURATION_DIRECTORY",
	[SPAWN_STEP_NAMESPACE] = "NAMESPACE",
	[SPAWN_STEP_CHROOT] = "CHROOT",
	[SPAWN_STEP_LIMITS] = "LIMITS",
	[SPAWN_STEP_NICE] = "NICE",
	[SPAWN_STEP_CPU_SCHEDULING] = "CPU_SCHEDULING",
	[SPAWN_STEP_IO_PRIORITY] = "IO_PRIORITY",
	[SPAWN_STEP_OOM_ADJUST] = "OOM_ADJUST",
	[SPAWN_STEP_PERSONALITY] = "PERSONALITY",
	[SPAWN_STEP_SECUREBITS] = "SECUREBITS",
	[SPAWN_STEP_UMASK] = "UMASK",
	[SPAWN_STEP_GROUPS] = "GROUPS",
	[SPAWN_STEP_GID] = "GID",
	[SPAWN_STEP_UID] = "UID",
	[SPAWN_STEP_CHDIR] = "CHDIR",
	[SPAWN_STEP_USER_NAMESPACE] = "USER_NAMESPACE",
	[SPAWN_STEP_KEYRING] = "KEYRING",
	[SPAWN_STEP_APPARMOR] = "APPARMOR",
	[SPAWN_STEP_SELINUX_CONTEXT] = "SELINUX_CONTEXT",
	[SPAWN_STEP_SMACK_PROCESS_LABEL] = "SMACK_PROCESS_LABEL",
	[SPAWN_STEP_CAPABILITIES] = "CAPABILITIES",
	[SPAWN_STEP_NO_NEW_PRIVILEGES] = "NO_NEW_PRIVILEGES",
	[SPAWN_STEP_SECCOMP] = "SECCOMP",
	[SPAWN_STEP_EXEC] = "EXEC",
};

/* systemd's EXIT_* codes (systemd.exec(5), "Process Exit Codes"), so that
 * `status=203/EXEC` means the same thing under svinit. */
static const unsigned char step_exit[_SPAWN_STEP_MAX] = {
	[SPAWN_STEP_SIGNALS] = 207,
	[SPAWN_STEP_SESSION] = 220,
	[SPAWN_STEP_FDS] = 202,
	[SPAWN_STEP_CGROUP] = 219,
	[SPAWN_STEP_RUNTIME_DIRECTORY] = 233,
	[SPAWN_STEP_STATE_DIRECTORY] = 238,
	[SPAWN_STEP_CACHE_DIRECTORY] = 239,
	[SPAWN_STEP_LOGS_DIRECTORY] = 240,
	[SPAWN_STEP_CONFIGURATION_DIRECTORY] = 241,
	[SPAWN_STEP_NAMESPACE] = 226,
	[SPAWN_STEP_CHROOT] = 210,
	[SPAWN_STEP_LIMITS] = 205,
	[SPAWN_STEP_NICE] = 201,
	[SPAWN_STEP_CPU_SCHEDULING] = 214,
	[SPAWN_STEP_IO_PRIORITY] = 211,
	[SPAWN_STEP_OOM_ADJUST] = 206,
	[SPAWN_STEP_PERSONALITY] = 230,
	[SPAWN_STEP_SECUREBITS] = 213,
	[SPAWN_STEP_GROUPS] = 216,
	[SPAWN_STEP_GID] = 216,
	[SPAWN_STEP_UID] = 217,
	[SPAWN_STEP_CHDIR] = 200,
	[SPAWN_STEP_USER_NAMESPACE] = 217, /* systemd's EXIT_USER */
	[SPAWN_STEP_KEYRING] = 237,
	[SPAWN_STEP_APPARMOR] = 231,
	[SPAWN_STEP_SELINUX_CONTEXT] = 229,
	[SPAWN_STEP_SMACK_PROCESS_LABEL] = 236,
	[SPAWN_STEP_CAPABILITIES] = 218,
	[SPAWN_STEP_NO_NEW_PRIVILEGES] = 227,
	[SPAWN_STEP_SECCOMP] = 228,
	[SPAWN_STEP_EXEC] = 203,
};

const char *spawn_step_name(int step)
{
	if (step < 0 || step >= _SPAWN_STEP_MAX || !step_names[step])
		return "UNKNOWN";
	return step_names[step];
}

int spawn_step_exit_status(int step)
{
	if (step < 0 || step >= _SPAWN_STEP_MAX || step_exit[step] == 0)
		return 1;
	return step_exit[step];
}

int spawn_format_error(char *buf, size_t size, const char *unit, int step,
		       int err, const char *detail)
{
	const char *what = strerror(err < 0 ? -err : err);

	if (detail)
		return snprintf(buf, size, "%s: failed at step %s (%s): %s",
				unit, spawn_step_name(step), detail, what);
	return snprintf(buf, size, "%s: failed at step %s: %s", unit,
			spawn_step_name(step), what);
}

/* ---- Preparation, in the parent ---------------------------------- */

void spawn_req_init(struct spawn_req *r, const char *unit)
{
	*r = (struct spawn_req){
		.unit = unit,
		.stdin_fd = -1,
		.stdout_fd = -1,
		.stderr_fd = -1,
		.cgroup_dir = -1,
		.umask = 0022,
		.new_session = true,
	};
}

void spawn_req_done(struct spawn_req *r)
{
	free(r->path);
	strv_free(r->argv);
	strv_free(r->envp);
	free(r->cwd);
	r->path = r->cwd = NULL;
	r->argv = r->envp = NULL;
}

/* Record where a preparation failed, for the caller's message, and
 * hand back the error. */
static int fail(struct spawn_req *r, int step, const char *detail, int err)
{
	r->fail_step = step;
	r->fail_detail = detail;
	return err;
}

/* Ids come resolved from the unit (creds.h): nothing here asks the
 * name service, which could stall the daemon's loop. */
void spawn_req_set_creds(struct spawn_req *r, const struct unit_creds *c)
{
	bool root = geteuid() == 0;

	r->uid = c->uid;
	r->gid = c->gid;
	r->groups = c->groups;
	r->n_groups = c->n_groups;
	r->user_name = c->has_user ? c->user_name : NULL;
	r->home = c->home;
	r->shell = c->shell;
	/* An unprivileged daemon can still run services as itself: then
	 * nothing is changed (setgroups would fail for no reason). */
	r->set_uid = c->has_user &&
		     (root || c->uid != geteuid() || c->gid != getegid());
	r->set_gid = r->set_uid || (c->has_group && !c->has_user &&
				    (root || c->gid != getegid()));
}

/* A property of the process, as slog's level: set once by svinit's
 * main before the first unit starts, read by every start. */
static char **base_env;

void spawn_set_base_env(char **env)
{
	base_env = env;
}

/* Built from nothing: a service never inherits svinit's own
 * environment, only what its unit and the daemon give it, in the order
 * of spawn.h (later entries win). Files are read now, at each start, as
 * systemd does, so that an edited EnvironmentFile= applies at the next
 * restart without a daemon-reload. */
int spawn_req_build_env(struct spawn_req *r, char *const *extra,
			char *const *environment, const struct env_file *files,
			size_t n_files, unsigned *n_bad)
{
	char **env = NULL;
	int e = env_set_kv(&env, "PATH", SPAWN_DEFAULT_PATH);

	if (e >= 0)
		e = env_merge(&env, base_env);
	if (e >= 0 && r->user_name) {
		e = env_set_kv(&env, "USER", r->user_name);
		if (e >= 0)
			e = env_set_kv(&env, "LOGNAME", r->user_name);
		if (e >= 0)
			e = env_set_kv(&env, "HOME", r->home);
		if (e >= 0)
			e = env_set_kv(&env, "SHELL", r->shell);
	}
	if (e >= 0)
		e = env_merge(&env, extra);
	if (e >= 0)
		e = env_merge(&env, environment);
	if (e < 0) {
		strv_free(env);
		return fail(r, SPAWN_STEP_ENVIRONMENT, NULL, e);
	}
	for (size_t i = 0; i < n_files; i++) {
		e = env_load(files[i].path, files[i].optional, &env, n_bad);
		if (e < 0) {
			strv_free(env);
			return fail(r, SPAWN_STEP_ENVIRONMENT, files[i].path,
				    e);
		}
	}
	strv_free(r->envp);
	r->envp = env;
	return 0;
}

/* A fixed search path, not the service's PATH=, as systemd does: what
 * runs must not depend on an environment file. The lookup is a stat and
 * an access per directory, on local directories in practice. */
int spawn_find_program(const char *name, char **out)
{
	const char *dir = SPAWN_DEFAULT_PATH;
	size_t ln = strlen(name);
	int result = -ENOENT;

	if (ln == 0)
		return -EINVAL;
	if (name[0] == '/') {
		*out = strdup(name);
		return *out ? 0 : -ENOMEM;
	}
	if (strchr(name, '/'))
		return -EINVAL;
	while (*dir) {
		size_t ld = strcspn(dir, ":");
		char *p = malloc(ld + ln + 2);
		struct stat st;

		if (!p)
			return -ENOMEM;
		memcpy(p, dir, ld);
		p[ld] = '/';
		memcpy(p + ld + 1, name, ln + 1);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(p, X_OK) == 0) {
				*out = p;
				return 0;
			}
			/* Keep looking, but say why if nothing better. */
			result = -EACCES;
		}
		free(p);
		dir += ld;
		if (*dir == ':')
			dir++;
	}
	return result;
}

/* Found before the clone, so that a missing program fails the start
 * with step EXEC and its name, without a child to reap. */
int spawn_req_set_command(struct spawn_req *r, const char *program,
			  char *const *argv)
{
	char *path = NULL, **args = NULL;
	int e = spawn_find_program(program, &path);

	if (e < 0)
		return fail(r, SPAWN_STEP_EXEC, program, e);
	if (argv && argv[0])
		e = strv_dup(argv, &args);
	else
		e = strv_push_dup(&args, program);
	if (e < 0) {
		free(path);
		return fail(r, SPAWN_STEP_EXEC, program, e);
	}
	free(r->path);
	strv_free(r->argv);
	r->path = path;
	r->argv = args;
	return 0;
}

int spawn_req_set_cwd(struct spawn_req *r, const char *dir, bool optional,
		      bool home)
{
	char *copy = NULL;

	/* The home was resolved with the ids: the user's, or without User=
	 * the daemon's, which it may lack. */
	if (home && !r->home)
		return fail(r, SPAWN_STEP_CHDIR, "~", -ESRCH);
	if (home || dir)
		copy = strdup(home ? r->home : dir);
	if ((home || dir) && !copy)
		return fail(r, SPAWN_STEP_CHDIR, home ? "~" : dir, -ENOMEM);
	free(r->cwd);
	r->cwd = copy;
	r->cwd_optional = optional;
	return 0;
}

/* Room for any pid: each child overwrites the zeros of its own copy
 * (spawn_start makes it), never the request's. */
#define LISTEN_PID_PLACEHOLDER	 "LISTEN_PID=00000000000000000000"
#define WATCHDOG_PID_PLACEHOLDER "WATCHDOG_PID=00000000000000000000"

int spawn_req_set_watchdog(struct spawn_req *r, unsigned long long usec)
{
	char num[32];
	int e;

	snprintf(num, sizeof(num), "%llu", usec);
	e = env_set_kv(&r->envp, "WATCHDOG_USEC", num);
	if (e >= 0)
		e = env_set(&r->envp, WATCHDOG_PID_PLACEHOLDER);
	if (e < 0)
		return e;
	r->fill_watchdog_pid = true;
	return 0;
}

int spawn_req_set_listen_fds(struct spawn_req *r, const int *fds, size_t n,
			     const char *names)
{
	char num[32];
	int e;

	if (n > SPAWN_PASS_FDS_MAX)
		return -E2BIG;
	snprintf(num, sizeof(num), "%zu", n);
	e = env_set_kv(&r->envp, "LISTEN_FDS", num);
	if (e >= 0 && names)
		e = env_set_kv(&r->envp, "LISTEN_FDNAMES", names);
	if (e >= 0)
		e = env_set(&r->envp, LISTEN_PID_PLACEHOLDER);
	if (e < 0)
		return e;
	r->pass_fds = fds;
	r->n_pass_fds = n;
	r->fill_listen_pid = true;
	return 0;
}
