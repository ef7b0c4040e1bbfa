/*
 * Check suite for the manager: the real daemon core (loop, reaping,
 * shutdown, daemon-reload, the svc ops and the process sets) over fake
 * processes. The sys seam hands out fake children: a pid, a process
 * group, and a status pipe already at end of file (the exec succeeded).
 * Signals to them are recorded and, unless a process is told to ignore
 * SIGTERM, make it exit; their exits are reaped through a fake waitid,
 * which the manager calls when a real SIGCHLD (raised by the test)
 * reaches its signalfd. /proc/self/task/TID/children lists the fake
 * processes that are still alive. Unit files are real, in a temporary
 * directory.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctlclient.h"
#include "ctlcmd.h"
#include "manager.h"
#include "spawn.h"
#include "sys.h"

#define MAXP 64

static struct {
	struct fproc {
		pid_t pid, pgid;
		bool alive, ignore_term;
		char path[64];
	} p[MAXP];
	int n;
	struct {
		pid_t pid;
		int code, status;
	} exits[MAXP];
	int n_exits;
	struct {
		pid_t target;
		int sig;
	} kills[256];
	int n_kills;
	pid_t next_pid;
} F;

static char dir[64], units[96], logs[96];
static struct mgr M;

static struct fproc *fproc_find(pid_t pid)
{
	for (int i = 0; i < F.n; i++)
		if (F.p[i].pid == pid)
			return &F.p[i];
	return NULL;
}

/* A new fake process; it is alive and in group pgid (0: its own). */
static struct fproc *fproc_new(pid_t pgid, const char *path)
{
	struct fproc *p = &F.p[F.n++];

	ck_assert_int_le(F.n, MAXP);
	*p = (struct fproc){.pid = F.next_pid++, .alive = true};
	p->pgid = pgid ? pgid : p->pid;
	snprintf(p->path, sizeof(p->path), "%s", path ? path : "");
	return p;
}

/* p ends: its exit is waiting to be reaped. */
static void fproc_exit(struct fproc *p, int code, int status)
{
	p->alive = false;
	F.exits[F.n_exits].pid = p->pid;
	F.exits[F.n_exits].code = code;
	F.exits[F.n_exits++].status = status;
}

static int fake_spawn(const struct spawn_req *r, pid_t *pid, int *status_fd)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	close(fds[1]); /* end of file: the exec succeeded */
	*pid = fproc_new(0, r->path)->pid;
	*status_fd = fds[0];
	return 0;
}

static void deliver(struct fproc *p, int sig)
{
	if (!p->alive || sig == 0 || (sig == SIGTERM && p->ignore_term))
		return;
	fproc_exit(p, CLD_KILLED, sig);
}

static int fake_kill(pid_t pid, int sig)
{
	int hit = 0;

	F.kills[F.n_kills].target = pid;
	F.kills[F.n_kills++].sig = sig;
	ck_assert_int_lt(F.n_kills, 256);
	for (int i = 0; i < F.n; i++) {
		struct fproc *p = &F.p[i];

		if (!p->alive || (pid > 0 ? p->pid != pid : p->pgid != -pid))
			continue;
		hit++;
		deliver(p, sig);
	}
	if (!hit) {
		errno = ESRCH;
		return -1;
	}
	return 0;
}

static pid_t fake_getpgid(pid_t pid)
{
	struct fproc *p = pid ? fproc_find(pid) : NULL;

	if (pid == 0)
		return getpgid(0);
	if (!p || !p->alive) {
		errno = ESRCH;
		return -1;
	}
	return p->pgid;
}

static int fake_waitid(idtype_t type, id_t id, siginfo_t *si, int options)
{
	bool any = false;

	if (F.n_exits > 0) {
		si->si_pid = F.exits[0].pid;
		si->si_code = F.exits[0].code;
		si->si_status = F.exits[0].status;
		memmove(F.exits, F.exits + 1, --F.n_exits * sizeof(F.exits[0]));
		return 0;
	}
	for (int i = 0; i < F.n; i++)
		any |= F.p[i].alive;
	if (!any) {
		errno = ECHILD;
		return -1;
	}
	si->si_pid = 0;
	return 0;
}

/* The name service, as far as User=svghost goes: the user exists while
 * ghost_exists is set; every other name is asked of the real one. */
static bool ghost_exists;

static int fake_getpwnam_r(const char *name, struct passwd *pw, char *buf,
			   size_t size, struct passwd **res)
{
	if (strcmp(name, "svghost") != 0)
		return getpwnam_r(name, pw, buf, size, res);
	*res = NULL;
	if (!ghost_exists)
		return 0; /* not found */
	ck_assert_uint_ge(size, 32);
	strcpy(buf, "svghost");
	strcpy(buf + 8, "/");
	strcpy(buf + 10, "/bin/sh");
	*pw = (struct passwd){.pw_name = buf,
			      .pw_passwd = buf + 7,
			      .pw_uid = 4242,
			      .pw_gid = 4242,
			      .pw_gecos = buf + 7,
			      .pw_dir = buf + 8,
			      .pw_shell = buf + 10};
	*res = pw;
	return 0;
}

/* The children file lists the fake processes alive, and /proc/PID/stat
 * of one names svinit (the test) as its parent; other paths are real. */
static int fake_open(const char *path, int flags, mode_t mode)
{
	char buf[4096];
	size_t len = 0;
	int fd, pid;
	struct fproc *p;

	if (sscanf(path, "/proc/%d/stat", &pid) == 1 && (p = fproc_find(pid)) &&
	    p->alive) {
		len = (size_t)snprintf(buf, sizeof(buf), "%d (fake) S %d 0",
				       pid, (int)getpid());
	} else if (strstr(path, "/children")) {
		for (int i = 0; i < F.n; i++)
			if (F.p[i].alive)
				len += (size_t)snprintf(buf + len,
							sizeof(buf) - len,
							"%d ", (int)F.p[i].pid);
	} else {
		return open(path, flags, mode);
	}
	fd = memfd_create("fake", MFD_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", units, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	memset(&F, 0, sizeof(F));
	F.next_pid = 5000;
	snprintf(dir, sizeof(dir), "/tmp/check_manager.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(units, sizeof(units), "%s/units", dir);
	snprintf(logs, sizeof(logs), "%s/logs", dir);
	ck_assert_int_eq(mkdir(units, 0755), 0);
	sys.spawn = fake_spawn;
	sys.kill = fake_kill;
	sys.getpgid = fake_getpgid;
	sys.waitid = fake_waitid;
	sys.open = fake_open;
	sys.getpwnam_r = fake_getpwnam_r;
	ghost_exists = false;
}

static void teardown(void)
{
	char cmd[128];

	mgr_free(&M);
	sys_reset();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void start_mgr(void)
{
	static char *dirs[2];
	struct mgr_config cfg = {
		.unit_dirs = dirs,
		.runtime_dir = dir,
		.log_dir = logs,
		.target = "default.target",
		.log_max_size = 1 << 20,
		.log_keep = 1,
		.no_cgroups = true, /* fake processes have no cgroup */
	};

	dirs[0] = units;
	ck_assert_int_eq(mgr_init(&M, &cfg), 0);
}

static struct mgr_unit *U(const char *name)
{
	struct mgr_unit *mu = mgr_find(&M, name);

	ck_assert_msg(mu != NULL, "%s not loaded", name);
	return mu;
}

/* Run the loop until cond holds (at most a few seconds of events). */
#define RUN_UNTIL(cond)                                                        \
	do {                                                                   \
		for (int i_ = 0; i_ < 200 && !(cond); i_++)                    \
			ck_assert_int_eq(loop_run_once(&M.loop), 0);           \
		ck_assert_msg((cond), "never: %s", #cond);                     \
	} while (0)

/* Let the manager reap what exited: a real SIGCHLD to its signalfd. */
static void sigchld(void)
{
	ck_assert_int_eq(raise(SIGCHLD), 0);
}

static void start_unit(const char *name)
{
	ck_assert_int_eq(job_start(&M.jobs, U(name)->svc.index), 0);
}

static bool running(const char *name)
{
	return U(name)->svc.state == SVC_RUNNING;
}

static int kills_of(pid_t target, int sig)
{
	int n = 0;

	for (int i = 0; i < F.n_kills; i++)
		n += F.kills[i].target == target && F.kills[i].sig == sig;
	return n;
}

START_TEST(test_reap_exit_fails_unit)
{
	write_file("a.service", "[Service]\nType=exec\nExecStart=/bin/a\n");
	start_mgr();
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));
	pid_t pid = U("a.service")->svc.main_pid;
	ck_assert_int_eq(pid, 5000);
	/* An orphan and the main process exit in one SIGCHLD. */
	fproc_exit(fproc_new(0, NULL), CLD_EXITED, 0);
	fproc_exit(fproc_find(pid), CLD_EXITED, 3);
	sigchld();
	RUN_UNTIL(U("a.service")->svc.state == SVC_FAILED);
	ck_assert_int_eq(U("a.service")->svc.result, RESULT_EXIT_CODE);
	ck_assert_int_eq(U("a.service")->svc.main_status, 3);
	ck_assert_int_eq(F.n_exits, 0); /* both reaped */
}
END_TEST

/* KillMode=control-group: the stop waits until the unit's last process,
 * a child left in the main process's group, is gone, although the main
 * process exited at once. */
START_TEST(test_stop_waits_for_the_set)
{
	write_file("a.service", "[Service]\nExecStart=/bin/a\n");
	start_mgr();
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));
	pid_t main = U("a.service")->svc.main_pid;
	struct fproc *child = fproc_new(main, NULL);

	child->ignore_term = true;
	ck_assert_int_eq(job_stop(&M.jobs, U("a.service")->svc.index), 0);
	ck_assert_int_eq(kills_of(-main, SIGTERM), 1);
	sigchld();
	RUN_UNTIL(F.n_exits == 0);
	/* The main process is gone, its child is not. */
	ck_assert_int_eq(U("a.service")->svc.state, SVC_STOP_SIGTERM);
	fproc_exit(child, CLD_EXITED, 0);
	sigchld();
	RUN_UNTIL(U("a.service")->svc.state == SVC_DEAD);
}
END_TEST

/* A forking unit whose parent wrote pidfile and exited; the daemon it
 * names is a new fake process, still in the parent's group, or, without
 * one, svinit itself. Returns the daemon's pid. */
static pid_t forking_parent_exits(const char *pidfile, bool daemon)
{
	char text[512];
	FILE *f;
	pid_t parent = F.next_pid, d;

	snprintf(text, sizeof(text),
		 "[Service]\nType=forking\nPIDFile=%s\nExecStart=/bin/d\n",
		 pidfile);
	write_file("d.service", text);
	start_mgr();
	start_unit("d.service");
	RUN_UNTIL(U("d.service")->svc.main_pid == parent);
	d = daemon ? fproc_new(parent, NULL)->pid : getpid();
	f = fopen(pidfile, "w");
	fprintf(f, "%d\n", (int)d);
	fclose(f);
	fproc_exit(fproc_find(parent), CLD_EXITED, 0);
	sigchld();
	return d;
}

/* The daemon is the main process. It calls setsid once it runs (after
 * svinit read the PID file): svctl kill still reaches its new group. */
START_TEST(test_forking_daemon_group_followed)
{
	char pidfile[160];
	pid_t daemon;

	snprintf(pidfile, sizeof(pidfile), "%s/d.pid", dir);
	daemon = forking_parent_exits(pidfile, true);
	RUN_UNTIL(running("d.service"));
	ck_assert_int_eq(U("d.service")->svc.main_pid, daemon);
	fproc_find(daemon)->pgid = daemon; /* setsid */
	/* It ignores SIGTERM, so that it is still there for the stop. */
	fproc_find(daemon)->ignore_term = true;
	ck_assert_int_eq(svc_kill(&U("d.service")->svc, SIGTERM), 0);
	ck_assert_int_eq(kills_of(-daemon, SIGTERM), 1);
	/* Its group was reached: not signalled a second time by pid. */
	ck_assert_int_eq(kills_of(daemon, SIGTERM), 0);
	fproc_find(daemon)->ignore_term = false;
	ck_assert_int_eq(job_stop(&M.jobs, U("d.service")->svc.index), 0);
	ck_assert_int_eq(kills_of(-daemon, SIGTERM), 2);
	sigchld();
	RUN_UNTIL(U("d.service")->svc.state == SVC_DEAD);
}
END_TEST

/* A stale PID file naming a process that is not svinit's child (here
 * svinit itself) is not trusted: the start fails with "protocol". */
START_TEST(test_stale_pid_file_refused)
{
	char pidfile[160];

	snprintf(pidfile, sizeof(pidfile), "%s/d.pid", dir);
	forking_parent_exits(pidfile, false);
	RUN_UNTIL(svc_is_inactive(&U("d.service")->svc));
	ck_assert_int_eq(U("d.service")->svc.state, SVC_FAILED);
	ck_assert_int_eq(U("d.service")->svc.result, RESULT_PROTOCOL);
}
END_TEST

START_TEST(test_shutdown_sweeps_leftovers)
{
	write_file("a.service", "[Service]\nExecStart=/bin/a\n"
				"[Install]\nWantedBy=multi-user.target\n");
	write_file("b.service", "[Service]\nExecStart=/bin/b\n"
				"[Install]\nWantedBy=multi-user.target\n");
	start_mgr();
	start_unit("default.target");
	RUN_UNTIL(running("a.service") && running("b.service"));
	/* A process that left its unit (setsid) and ignores SIGTERM. */
	struct fproc *stray = fproc_new(0, NULL);
	stray->ignore_term = true;
	mgr_shutdown(&M);
	ck_assert(mgr_shutting_down(&M));
	sigchld();
	RUN_UNTIL(M.n_busy == 0);
	/* Every unit is down: the stray got SIGTERM from the sweep. */
	ck_assert_int_eq(kills_of(stray->pid, SIGTERM), 1);
	ck_assert_int_eq(M.sd.phase, SHUTDOWN_TERM);
	ck_assert(!M.loop.quit);
	/* After the grace period: SIGKILL, then nothing left, then quit. */
	loop_timer_set(&M.loop, &M.sd.timer, now_monotonic());
	RUN_UNTIL(M.sd.phase == SHUTDOWN_KILL);
	ck_assert_int_eq(kills_of(stray->pid, SIGKILL), 1);
	sigchld();
	RUN_UNTIL(M.loop.quit);
	ck_assert_int_eq(M.sd.phase, SHUTDOWN_DONE);
}
END_TEST

START_TEST(test_shutdown_no_leftovers_quits)
{
	write_file("a.service", "[Service]\nExecStart=/bin/a\n");
	start_mgr();
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));
	mgr_shutdown(&M);
	sigchld();
	RUN_UNTIL(M.loop.quit);
	ck_assert_int_eq(M.sd.phase, SHUTDOWN_DONE);
	ck_assert_int_eq(M.n_busy, 0);
}
END_TEST

static bool has_line(char **lines, const char *want)
{
	for (char **l = lines; l && *l; l++)
		if (strcmp(*l, want) == 0)
			return true;
	return false;
}

START_TEST(test_reload_changed_added_removed)
{
	struct diag_list dl;
	struct strv_builder lines = {0};
	char path[256];

	write_file("a.service", "[Unit]\nDescription=old\n"
				"[Service]\nExecStart=/bin/a\n");
	write_file("gone.service", "[Service]\nExecStart=/bin/g\n");
	write_file("idle.service", "[Service]\nExecStart=/bin/i\n");
	start_mgr();
	start_unit("a.service");
	start_unit("gone.service");
	RUN_UNTIL(running("a.service") && running("gone.service"));
	struct mgr_unit *a = U("a.service"), *gone = U("gone.service");

	write_file("a.service", "[Unit]\nDescription=new\n"
				"[Service]\nExecStart=/bin/a2\n");
	write_file("idle.service", "[Service]\nExecStart=/bin/i2\n");
	write_file("new.service", "[Service]\nExecStart=/bin/n\n");
	snprintf(path, sizeof(path), "%s/gone.service", units);
	unlink(path);
	diag_init(&dl);
	ck_assert_int_eq(mgr_reload(&M, &dl, &lines), 0);
	diag_free(&dl);
	ck_assert(has_line(lines.v, "changed (restart needed) a.service"));
	ck_assert(has_line(lines.v, "changed idle.service"));
	ck_assert(has_line(lines.v, "added new.service"));
	ck_assert(has_line(lines.v, "removed gone.service"));
	strv_free(lines.v);
	/* The running unit keeps its record and its old configuration. */
	ck_assert_ptr_eq(U("a.service"), a);
	ck_assert(mgr_unit_needs_reload(a));
	ck_assert_str_eq(a->unit->description, "old");
	ck_assert_ptr_null(mgr_find(&M, "gone.service"));
	ck_assert_int_eq(gone->svc.state, SVC_STOP_SIGTERM);
	/* Once a is down, the new file applies. */
	ck_assert_int_eq(job_stop(&M.jobs, a->svc.index), 0);
	sigchld();
	RUN_UNTIL(a->svc.state == SVC_DEAD && gone->svc.state == SVC_DEAD);
	ck_assert(!mgr_unit_needs_reload(a));
	ck_assert_str_eq(a->unit->description, "new");
	/* The log file borrows the unit's name: from the new copy now (the
	 * old one is freed; ASan would see a read of it). */
	ck_assert_ptr_eq(a->log.unit, a->unit->name);
	ck_assert_int_eq(logfile_reopen(&a->log), 0);
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));
	ck_assert(strstr(fproc_find(a->svc.main_pid)->path, "/bin/a2"));
}
END_TEST

/* daemon-reload with the diagnostics dropped; its report in *lines. */
static int reload(struct strv_builder *lines)
{
	struct diag_list dl;
	int r;

	diag_init(&dl);
	r = mgr_reload(&M, &dl, lines);
	diag_free(&dl);
	return r;
}

/* The files of a running unit are unchanged but no longer load (its user
 * was deleted): it runs on, on the configuration it was started with;
 * once stopped it cannot start; when the user is back, the next reload
 * makes it startable at once. */
START_TEST(test_reload_unloadable_running_unit_kept)
{
	struct strv_builder lines = {0};
	struct mgr_unit *a;

	ghost_exists = true;
	write_file("a.service", "[Service]\nUser=svghost\nExecStart=/bin/a\n");
	start_mgr();
	a = U("a.service");
	ck_assert_ptr_null(unit_load_error(a->unit));
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));

	ghost_exists = false;
	ck_assert_int_eq(reload(&lines), 0);
	ck_assert(has_line(lines.v, "changed (restart needed) a.service"));
	strv_free(lines.v);
	lines = (struct strv_builder){0};
	ck_assert(running("a.service"));
	ck_assert_ptr_null(unit_load_error(a->unit));
	ck_assert_int_eq(a->unit->svc.creds.uid, 4242);
	ck_assert(mgr_unit_needs_reload(a));

	/* Stopped, it takes the configuration that does not load. */
	ck_assert_int_eq(job_stop(&M.jobs, a->svc.index), 0);
	sigchld();
	RUN_UNTIL(a->svc.state == SVC_DEAD);
	ck_assert_ptr_nonnull(unit_load_error(a->unit));
	ck_assert_ptr_nonnull(strstr(unit_load_error(a->unit), "svghost"));
	ck_assert_int_eq(job_start(&M.jobs, a->svc.index), -ENOEXEC);

	/* The user is back: the same files load again. */
	ghost_exists = true;
	ck_assert_int_eq(reload(&lines), 0);
	strv_free(lines.v);
	ck_assert_ptr_null(unit_load_error(a->unit));
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));
}
END_TEST

START_TEST(test_reload_refused_while_jobs_run)
{
	struct diag_list dl;
	struct strv_builder lines = {0};

	write_file("a.service", "[Service]\nType=exec\nExecStart=/bin/a\n");
	start_mgr();
	start_unit("a.service");
	/* The start job is pending until the exec is reported. */
	diag_init(&dl);
	ck_assert_int_eq(mgr_reload(&M, &dl, &lines), -EBUSY);
	diag_free(&dl);
	RUN_UNTIL(running("a.service"));
}
END_TEST

/* The group of an ExecStartPre= that has ended is forgotten when it is
 * reaped: its id may be taken by an unrelated process group later, which
 * the unit's stop must not signal. */
START_TEST(test_ended_group_forgotten)
{
	write_file("a.service", "[Service]\nExecStartPre=/bin/pre\n"
				"ExecStart=/bin/a\n");
	start_mgr();
	pid_t pre = F.next_pid;
	start_unit("a.service");
	ck_assert_ptr_nonnull(fproc_find(pre));
	fproc_exit(fproc_find(pre), CLD_EXITED, 0);
	sigchld();
	RUN_UNTIL(running("a.service"));
	/* Someone else's group now has the old id. */
	fproc_new(0, NULL)->pgid = pre;
	ck_assert_int_eq(job_stop(&M.jobs, U("a.service")->svc.index), 0);
	sigchld();
	RUN_UNTIL(U("a.service")->svc.state == SVC_DEAD);
	ck_assert_int_eq(kills_of(-pre, SIGTERM), 0);
	ck_assert_int_eq(kills_of(-pre, SIGKILL), 0);
}
END_TEST

/* A client in a child process asks for argv; the test pumps the daemon's
 * loop (raising SIGCHLD, so that fake exits are reaped and the loop never
 * waits long) until the client has its answer. Returns the reply's
 * strings joined by newlines, and its code in *code. */
struct asking {
	pid_t pid;
	int fd; /* the client's reply, as text */
};

static struct asking ask_begin(const char *const *argv, size_t argc)
{
	char path[160];
	int p[2];
	pid_t pid;

	snprintf(path, sizeof(path), "%s/control.sock", dir);
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct proto_msg m;
		int r = ctlclient_call(path, argv, argc, &m);

		close(p[0]);
		if (r < 0)
			_exit(200);
		for (size_t i = 0; i < m.n; i++)
			if (write(p[1], m.v[i], strlen(m.v[i])) < 0 ||
			    write(p[1], "\n", 1) < 0)
				_exit(201);
		_exit((int)m.code);
	}
	close(p[1]);
	return (struct asking){pid, p[0]};
}

/* Pump the loop for up to usec (bounded by time, not turns: a turn can
 * take no time at all) or until the client has its answer; true then,
 * with its reply in *out (static) and its code in *code. */
static bool ask_wait(struct asking *a, usec_t usec, char **out, int *code)
{
	static char text[8192];
	int st = 0;
	pid_t w = 0;
	ssize_t n;

	for (usec_t end = now_monotonic() + usec;
	     w == 0 && now_monotonic() < end;) {
		sigchld();
		ck_assert_int_eq(loop_run_once(&M.loop), 0);
		w = waitpid(a->pid, &st, WNOHANG);
	}
	if (w == 0)
		return false;
	ck_assert_int_eq(w, a->pid);
	ck_assert(WIFEXITED(st));
	*code = WEXITSTATUS(st);
	n = read(a->fd, text, sizeof(text) - 1);
	text[n > 0 ? n : 0] = '\0';
	close(a->fd);
	*out = text;
	return true;
}

static char *ask(const char *const *argv, size_t argc, int *code)
{
	struct asking a = ask_begin(argv, argc);
	char *out;

	ck_assert_msg(ask_wait(&a, 10 * USEC_PER_SEC, &out, code),
		      "no answer to %s", argv[0]);
	return out;
}

/* The control side, wired beside the manager as main() does: a stop
 * answers once the unit is down, with success, and not before: the main
 * process ignores SIGTERM, so the client waits until it exits. */
START_TEST(test_ctlcmd_stop_answers_when_down)
{
	const char *stop[] = {"stop", "a.service"};
	struct ctlcmd *c = NULL;
	struct asking q;
	char *out;
	int code;

	write_file("a.service", "[Service]\nExecStart=/bin/a\n");
	start_mgr();
	ck_assert_int_eq(ctlcmd_open(&c, &M), 0);
	start_unit("a.service");
	RUN_UNTIL(running("a.service"));
	struct fproc *main = fproc_find(U("a.service")->svc.main_pid);

	main->ignore_term = true;
	q = ask_begin(stop, 2);
	ck_assert(!ask_wait(&q, USEC_PER_SEC / 2, &out, &code));
	ck_assert_int_eq(U("a.service")->svc.state, SVC_STOP_SIGTERM);
	ck_assert_int_eq(kills_of(-main->pid, SIGTERM), 1);
	fproc_exit(main, CLD_EXITED, 0);
	ck_assert(ask_wait(&q, 10 * USEC_PER_SEC, &out, &code));
	ck_assert_int_eq(code, 0);
	ck_assert_int_eq(U("a.service")->svc.state, SVC_DEAD);
	ctlcmd_close(c);
}
END_TEST

/* A unit whose file does not load is shown with its reason, and a start
 * of it is refused with that reason. */
START_TEST(test_ctlcmd_load_error_shown)
{
	const char *show[] = {"show", "bad.service"};
	const char *start[] = {"start", "bad.service"};
	struct ctlcmd *c = NULL;
	const char *out;
	int code;

	write_file("bad.service", "[Service]\nExecStart=/bin/a\nbogus\n");
	start_mgr();
	ck_assert_int_eq(ctlcmd_open(&c, &M), 0);
	out = ask(show, 2, &code);
	ck_assert_int_eq(code, 0);
	ck_assert_ptr_nonnull(strstr(out, "LoadState=error\n"));
	ck_assert_ptr_nonnull(strstr(out, "LoadError="));
	ck_assert_ptr_nonnull(strstr(out, "bad.service:3:"));
	out = ask(start, 2, &code);
	ck_assert_int_eq(code, 1);
	ck_assert_ptr_nonnull(strstr(out, "failed to load"));
	ck_assert(svc_is_inactive(&U("bad.service")->svc));
	ck_assert_int_eq(F.n, 0); /* nothing was spawned */
	ctlcmd_close(c);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("manager");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_reap_exit_fails_unit);
	tcase_add_test(tc, test_stop_waits_for_the_set);
	tcase_add_test(tc, test_ended_group_forgotten);
	tcase_add_test(tc, test_forking_daemon_group_followed);
	tcase_add_test(tc, test_stale_pid_file_refused);
	tcase_add_test(tc, test_shutdown_sweeps_leftovers);
	tcase_add_test(tc, test_shutdown_no_leftovers_quits);
	tcase_add_test(tc, test_reload_changed_added_removed);
	tcase_add_test(tc, test_reload_unloadable_running_unit_kept);
	tcase_add_test(tc, test_reload_refused_while_jobs_run);
	tcase_add_test(tc, test_ctlcmd_stop_answers_when_down);
	tcase_add_test(tc, test_ctlcmd_load_error_shown);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
