/*
 * Check suite for sd_notify: the datagram parser (every message, the
 * bounds, garbage), the socket (real datagrams from this process:
 * oversized ones, ones with descriptors, garbage, each dropped and
 * counted), and the daemon's handling of a message: the real manager over
 * fake processes (the sys seam, as in check_manager.c), the message
 * handed in as the socket would hand it, with a fake sender pid.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "manager.h"
#include "notify.h"
#include "spawn.h"
#include "sys.h"

/* ---- the parser ---- */

/* Parse text (a copy with the spare byte the parser may use). */
static int parse(const char *text, struct notify_msg *m)
{
	static char buf[NOTIFY_DGRAM_MAX + 1];
	size_t len = strlen(text);

	ck_assert_uint_le(len, NOTIFY_DGRAM_MAX);
	memcpy(buf, text, len);
	return notify_parse(buf, len, m);
}

START_TEST(test_parse_every_message)
{
	struct notify_msg m;

	ck_assert_int_eq(parse("READY=1\nSTATUS=serving 3 clients\n"
			       "MAINPID=4321\nERRNO=5\nEXTEND_TIMEOUT_USEC=7\n"
			       "WATCHDOG_USEC=9\nMONOTONIC_USEC=11\n"
			       "RELOADING=1\nSTOPPING=1\nWATCHDOG=1\n"
			       "FDSTORE=1\nFDSTOREREMOVE=1\nFDNAME=x\n"
			       "FDPOLL=0\nX_UNKNOWN=whatever\n",
			       &m),
			 0);
	ck_assert_uint_eq(m.flags,
			  NOTIFY_READY | NOTIFY_STATUS | NOTIFY_MAINPID |
				  NOTIFY_ERRNO | NOTIFY_EXTEND_TIMEOUT |
				  NOTIFY_WATCHDOG_USEC | NOTIFY_MONOTONIC |
				  NOTIFY_RELOADING | NOTIFY_STOPPING |
				  NOTIFY_WATCHDOG | NOTIFY_FDSTORE |
				  NOTIFY_FDSTOREREMOVE | NOTIFY_FDNAME |
				  NOTIFY_FDPOLL_OFF);
	ck_assert_str_eq(m.fdname, "x");
	ck_assert_str_eq(m.status, "serving 3 clients");
	ck_assert_int_eq(m.main_pid, 4321);
	ck_assert_int_eq(m.errno_value, 5);
	ck_assert_uint_eq(m.extend_usec, 7);
	ck_assert_uint_eq(m.watchdog_usec, 9);
	ck_assert_uint_eq(m.monotonic_usec, 11);
	ck_assert_uint_eq(m.n_bad, 0);

	ck_assert_int_eq(parse("WATCHDOG=trigger", &m), 0);
	ck_assert_uint_eq(m.flags, NOTIFY_WATCHDOG_TRIGGER);
	/* The last line may lack its newline; the last STATUS= wins; an
	 * empty one is allowed (it clears the text). */
	ck_assert_int_eq(parse("STATUS=a\nSTATUS=b", &m), 0);
	ck_assert_str_eq(m.status, "b");
	ck_assert_int_eq(parse("STATUS=", &m), 0);
	ck_assert_str_eq(m.status, "");
	/* Empty lines are nothing. */
	ck_assert_int_eq(parse("\n\nREADY=1\n\n", &m), 0);
	ck_assert_uint_eq(m.flags, NOTIFY_READY);
}
END_TEST

START_TEST(test_parse_bad_values_ignored_alone)
{
	static const char *const bad[] = {
		"READY=2",
		"READY=",
		"MAINPID=1",
		"MAINPID=0",
		"MAINPID=abc",
		"MAINPID=12x",
		"MAINPID=99999999999",
		"MAINPID=-5",
		"ERRNO=-1",
		"ERRNO=2147483648",
		"EXTEND_TIMEOUT_USEC=18446744073709551615",
		"EXTEND_TIMEOUT_USEC=99999999999999999999999",
		"WATCHDOG_USEC= 5",
		"WATCHDOG=2",
		"STATUS=tab\there",
		"STATUS=esc\033[2J",
		"RELOADING=yes",
		"FDNAME=a:b",
		"FDNAME=with space",
		"FDNAME=caf\xc3\xa9",
		"FDPOLL=2",
	};
	struct notify_msg m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[128];

		snprintf(text, sizeof(text), "%s\nREADY=1\n", bad[i]);
		ck_assert_int_eq(parse(bad[i], &m), 0);
		ck_assert_msg(m.flags == 0 && m.n_bad == 1, "%s", bad[i]);
		/* The rest of the datagram still counts. */
		if (strncmp(bad[i], "READY", 5) != 0) {
			ck_assert_int_eq(parse(text, &m), 0);
			ck_assert_msg(m.flags == NOTIFY_READY, "%s", text);
		}
	}
}
END_TEST

START_TEST(test_parse_garbage_refused)
{
	static const char *const garbage[] = {
		"READY", "=1", "READY=1\nhello\n", "\x01\x02\x03", "just text",
	};
	struct notify_msg m;
	char nul[] = "READY=1\0STATUS=x";

	for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		ck_assert_int_eq(parse(garbage[i], &m), -EBADMSG);
		/* Nothing of it is acted on, not even what came first. */
		ck_assert_uint_eq(m.flags, 0);
	}
	ck_assert_int_eq(notify_parse(nul, sizeof(nul) - 1, &m), -EBADMSG);
	ck_assert_int_eq(notify_parse(nul, 0, &m), -EBADMSG);
}
END_TEST

/* ---- the socket ---- */

static struct {
	int calls;
	pid_t pid;
	unsigned flags;
	size_t n_fds;
} got;

static void on_msg(void *ctx, pid_t pid, const struct notify_msg *m, int *fds,
		   size_t n_fds)
{
	got.calls++;
	got.pid = pid;
	got.flags = m->flags;
	got.n_fds = n_fds;
	for (size_t i = 0; i < n_fds; i++)
		close(fds[i]);
}

static void send_dgram(const char *path, const void *buf, size_t len, int fd)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct iovec iov = {(void *)buf, len};
	union {
		struct cmsghdr align;
		char b[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr mh = {.msg_name = &sa,
			    .msg_namelen = sizeof(sa),
			    .msg_iov = &iov,
			    .msg_iovlen = 1};
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(s, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd >= 0) {
		struct cmsghdr *c;

		mh.msg_control = &ctl;
		mh.msg_controllen = sizeof(ctl);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	}
	ck_assert_int_eq(sendmsg(s, &mh, 0), (ssize_t)len);
	close(s);
}

START_TEST(test_socket_drops_and_counts)
{
	char dir[] = "/tmp/check_notify.XXXXXX", path[64];
	static char big[NOTIFY_DGRAM_MAX + 100];
	struct notify_sock n;
	struct loop l;
	int p[2];
	char c;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify.sock", dir);
	ck_assert_int_eq(loop_init(&l, NULL, NULL), 0);
	notify_init(&n);
	memset(&got, 0, sizeof(got));
	ck_assert_int_eq(notify_open(&n, &l, path, on_msg, NULL), 0);
	ck_assert_int_ne(fcntl(n.io.fd, F_GETFD) & FD_CLOEXEC, 0);

	send_dgram(path, "READY=1\n", 8, -1);
	notify_drain(&n);
	ck_assert_int_eq(got.calls, 1);
	ck_assert_int_eq(got.pid, getpid()); /* the kernel's word */
	ck_assert_uint_eq(got.flags, NOTIFY_READY);

	/* Longer than the bound: dropped whole, although it starts well. */
	memset(big, 'x', sizeof(big));
	memcpy(big, "READY=1\nSTATUS=", 15);
	send_dgram(path, big, sizeof(big), -1);
	/* Exactly the bound is fine. */
	send_dgram(path, big, NOTIFY_DGRAM_MAX, -1);
	notify_drain(&n);
	ck_assert_uint_eq(n.stats.oversized, 1);
	ck_assert_int_eq(got.calls, 2);

	/* A descriptor nobody asked for: closed, and the datagram
	 * dropped. Once svinit's copy is closed and ours too, the pipe's
	 * reader sees the end. */
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	send_dgram(path, "READY=1", 7, p[1]);
	close(p[1]);
	notify_drain(&n);
	ck_assert_uint_eq(n.stats.with_fds, 1);
	ck_assert_int_eq(got.calls, 2);
	ck_assert_int_eq(read(p[0], &c, 1), 0);
	close(p[0]);

	/* With FDSTORE=1 the descriptor is asked for: handed on. */
	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	send_dgram(path, "FDSTORE=1", 9, p[1]);
	close(p[1]);
	notify_drain(&n);
	ck_assert_int_eq(got.calls, 3);
	ck_assert_uint_eq(got.n_fds, 1);
	ck_assert_int_eq(read(p[0], &c, 1), 0); /* and on_msg closed it */
	close(p[0]);

	send_dgram(path, "not a notification", 18, -1);
	notify_drain(&n);
	ck_assert_uint_eq(n.stats.garbage, 1);
	ck_assert_int_eq(got.calls, 3);
	ck_assert_uint_eq(n.stats.received, 6);

	notify_close(&n);
	ck_assert_int_ne(access(path, F_OK), 0); /* unlinked */
	loop_done(&l);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* ---- the daemon: fake processes, as in check_manager.c ---- */

#define MAXP 32

static struct {
	struct fproc {
		pid_t pid, pgid;
		bool alive;
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
	} kills[128];
	int n_kills;
	pid_t next_pid;
	bool env_notify, env_watchdog; /* of the last spawn */
	size_t n_pass_fds;	       /* of the last spawn */
	char fdnames[256];
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

static struct fproc *fproc_new(pid_t pgid)
{
	struct fproc *p = &F.p[F.n++];

	ck_assert_int_le(F.n, MAXP);
	*p = (struct fproc){.pid = F.next_pid++, .alive = true};
	p->pgid = pgid ? pgid : p->pid;
	return p;
}

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
	close(fds[1]);
	F.env_notify = F.env_watchdog = false;
	F.n_pass_fds = r->n_pass_fds;
	F.fdnames[0] = '\0';
	for (char **e = r->envp; e && *e; e++) {
		if (strncmp(*e, "LISTEN_FDNAMES=", 15) == 0)
			snprintf(F.fdnames, sizeof(F.fdnames), "%s", *e + 15);
		F.env_notify |= strncmp(*e, "NOTIFY_SOCKET=/", 15) == 0;
		F.env_watchdog |= strcmp(*e, "WATCHDOG_USEC=200000") == 0;
	}
	*pid = fproc_new(0)->pid;
	*status_fd = fds[0];
	return 0;
}

static int fake_kill(pid_t pid, int sig)
{
	int hit = 0;

	F.kills[F.n_kills].target = pid;
	F.kills[F.n_kills++].sig = sig;
	ck_assert_int_lt(F.n_kills, 128);
	for (int i = 0; i < F.n; i++) {
		struct fproc *p = &F.p[i];

		if (!p->alive || (pid > 0 ? p->pid != pid : p->pgid != -pid))
			continue;
		hit++;
		/* It dies, and svinit hears of it as of a real death. */
		if (sig == SIGTERM || sig == SIGKILL || sig == SIGABRT) {
			fproc_exit(p, CLD_KILLED, sig);
			ck_assert_int_eq(raise(SIGCHLD), 0);
		}
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
	if (F.n_exits > 0) {
		si->si_pid = F.exits[0].pid;
		si->si_code = F.exits[0].code;
		si->si_status = F.exits[0].status;
		memmove(F.exits, F.exits + 1, --F.n_exits * sizeof(F.exits[0]));
		return 0;
	}
	si->si_pid = 0;
	return 0;
}

static void write_unit(const char *name, const char *text)
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
	F.next_pid = 7000;
	snprintf(dir, sizeof(dir), "/tmp/check_notify.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(units, sizeof(units), "%s/units", dir);
	snprintf(logs, sizeof(logs), "%s/logs", dir);
	ck_assert_int_eq(mkdir(units, 0755), 0);
	sys.spawn = fake_spawn;
	sys.kill = fake_kill;
	sys.getpgid = fake_getpgid;
	sys.waitid = fake_waitid;
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
		.no_cgroups = true,
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

#define RUN_UNTIL(cond)                                                        \
	do {                                                                   \
		for (int i_ = 0; i_ < 200 && !(cond); i_++)                    \
			ck_assert_int_eq(loop_run_once(&M.loop), 0);           \
		ck_assert_msg((cond), "never: %s", #cond);                     \
	} while (0)

static int kills_of(pid_t target, int sig)
{
	int n = 0;

	for (int i = 0; i < F.n_kills; i++)
		n += F.kills[i].target == target && F.kills[i].sig == sig;
	return n;
}

/* Hand text to the daemon as if pid had sent it. */
static void say(pid_t pid, const char *text)
{
	struct notify_msg m;

	ck_assert_int_eq(parse(text, &m), 0);
	mgr_notify_deliver(&M, pid, &m, NULL, 0);
}

/* The same with descriptors. */
static void say_fds(pid_t pid, const char *text, int *fds, size_t n)
{
	struct notify_msg m;

	ck_assert_int_eq(parse(text, &m), 0);
	mgr_notify_deliver(&M, pid, &m, fds, n);
}

/* Start a.service with the [Service] lines given; its main pid. */
static pid_t start_a(const char *service)
{
	char text[512];

	snprintf(text, sizeof(text), "[Service]\nExecStart=/bin/a\n%s",
		 service);
	write_unit("a.service", text);
	start_mgr();
	ck_assert_int_eq(job_start(&M.jobs, U("a.service")->svc.index), 0);
	RUN_UNTIL(U("a.service")->svc.main_pid != 0);
	return U("a.service")->svc.main_pid;
}

#define A (&U("a.service")->svc)

START_TEST(test_ready_ends_the_start)
{
	pid_t main = start_a("Type=notify\n");

	ck_assert(F.env_notify);
	/* Its exec succeeded (the status pipe was read): a notify unit
	 * still waits. */
	RUN_UNTIL(M.watches == NULL);
	ck_assert_int_eq(A->state, SVC_START);
	ck_assert_int_eq(svc_active_state(A), ACTIVE_ACTIVATING);
	say(main, "STATUS=warming up\nERRNO=11");
	ck_assert_int_eq(A->state, SVC_START);
	ck_assert_str_eq(U("a.service")->status_text, "warming up");
	ck_assert_int_eq(U("a.service")->status_errno, 11);
	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
	/* READY=1 again changes nothing. */
	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
}
END_TEST

START_TEST(test_simple_gets_no_socket)
{
	start_a("");
	ck_assert(!F.env_notify);
	ck_assert_int_eq(svc_notify_access(U("a.service")->unit),
			 NOTIFY_ACCESS_NONE);
}
END_TEST

START_TEST(test_main_exit_before_ready_fails)
{
	pid_t main = start_a("Type=notify\n");

	fproc_exit(fproc_find(main), CLD_EXITED, 0);
	ck_assert_int_eq(raise(SIGCHLD), 0);
	RUN_UNTIL(A->state == SVC_FAILED);
	ck_assert_int_eq(A->result, RESULT_PROTOCOL);
}
END_TEST

START_TEST(test_access_main_refuses_others)
{
	pid_t main = start_a("Type=notify\n");
	pid_t child = fproc_new(main)->pid; /* in the main's group */

	say(child, "READY=1\nSTATUS=child");
	ck_assert_int_eq(A->state, SVC_START);
	ck_assert_uint_eq(U("a.service")->n_rejected, 1);
	ck_assert_ptr_null(U("a.service")->status_text);
	/* A process of no unit: ignored, counted apart. */
	say(fproc_new(0)->pid, "READY=1");
	ck_assert_uint_eq(M.notify_unknown, 1);
	ck_assert_int_eq(A->state, SVC_START);
	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
}
END_TEST

START_TEST(test_access_all_and_none)
{
	pid_t main = start_a("Type=notify\nNotifyAccess=all\n");

	say(fproc_new(main)->pid, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
	mgr_free(&M);
	memset(&M, 0, sizeof(M));
	main = start_a("Type=notify\nNotifyAccess=none\nTimeoutStartSec=1\n");
	ck_assert(!F.env_notify);
	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_START);
	ck_assert_uint_eq(U("a.service")->n_rejected, 1);
}
END_TEST

START_TEST(test_mainpid_moves_within_the_unit)
{
	pid_t main = start_a("Type=notify\n");
	pid_t stranger = fproc_new(0)->pid;
	pid_t child = fproc_new(main)->pid;

	/* Not a process of the unit: refused, or svinit would signal it. */
	say(main, "MAINPID=" /* stranger */ "7001");
	ck_assert_int_eq(stranger, 7001);
	ck_assert_int_eq(A->main_pid, main);
	say(main, "MAINPID=7002\nREADY=1");
	ck_assert_int_eq(child, 7002);
	ck_assert_int_eq(A->main_pid, child);
	ck_assert_int_eq(A->state, SVC_RUNNING);
	/* The old main process ends: the unit runs on. */
	fproc_exit(fproc_find(main), CLD_EXITED, 0);
	ck_assert_int_eq(raise(SIGCHLD), 0);
	RUN_UNTIL(F.n_exits == 0);
	ck_assert_int_eq(A->state, SVC_RUNNING);
	/* The new one ends: the unit stops. */
	fproc_exit(fproc_find(child), CLD_EXITED, 1);
	ck_assert_int_eq(raise(SIGCHLD), 0);
	RUN_UNTIL(A->state == SVC_FAILED);
	ck_assert_int_eq(A->result, RESULT_EXIT_CODE);
}
END_TEST

/* The control process is the unit's too, but never its main process:
 * its exit must still end its command. */
START_TEST(test_mainpid_never_the_control_process)
{
	pid_t main = start_a("Type=notify\nExecStartPost=/bin/post\n");
	char text[64];
	pid_t post;

	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_START_POST);
	post = A->control_pid;
	ck_assert_int_gt(post, 0);
	snprintf(text, sizeof(text), "MAINPID=%d", (int)post);
	say(main, text);
	ck_assert_int_eq(A->main_pid, main);
	fproc_exit(fproc_find(post), CLD_EXITED, 0);
	ck_assert_int_eq(raise(SIGCHLD), 0);
	RUN_UNTIL(A->state == SVC_RUNNING);
	ck_assert_int_eq(A->main_pid, main);
}
END_TEST

START_TEST(test_stopping_signals_nothing)
{
	pid_t main = start_a("Type=notify\n");

	say(main, "READY=1");
	say(main, "STOPPING=1");
	ck_assert_int_eq(svc_active_state(A), ACTIVE_DEACTIVATING);
	ck_assert_int_eq(kills_of(main, SIGTERM) + kills_of(-main, SIGTERM), 0);
	fproc_exit(fproc_find(main), CLD_EXITED, 0);
	ck_assert_int_eq(raise(SIGCHLD), 0);
	RUN_UNTIL(A->state == SVC_DEAD);
	ck_assert_int_eq(A->result, RESULT_SUCCESS);
}
END_TEST

START_TEST(test_extend_timeout)
{
	pid_t main = start_a("Type=notify\nTimeoutStartSec=1\n");
	usec_t before = A->deadline;

	say(main, "EXTEND_TIMEOUT_USEC=30000000");
	ck_assert_uint_ge(A->deadline, before + 28000000);
	/* Never earlier than it was. */
	say(main, "EXTEND_TIMEOUT_USEC=1");
	ck_assert_uint_ge(A->deadline, before + 28000000);
}
END_TEST

START_TEST(test_notify_reload)
{
	pid_t main = start_a("Type=notify-reload\nReloadSignal=SIGUSR1\n");

	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
	ck_assert_int_eq(svc_reload(A), 0);
	ck_assert_int_eq(kills_of(main, SIGUSR1), 1);
	ck_assert_int_eq(svc_active_state(A), ACTIVE_RELOADING);
	say(main, "RELOADING=1\nMONOTONIC_USEC=5");
	ck_assert_int_eq(A->state, SVC_RELOAD);
	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
	/* Of its own accord. */
	say(main, "RELOADING=1");
	ck_assert_int_eq(A->state, SVC_RELOAD);
	say(main, "READY=1");
	ck_assert_int_eq(A->state, SVC_RUNNING);
}
END_TEST

START_TEST(test_watchdog)
{
	pid_t main = start_a("Type=notify\nWatchdogSec=200ms\n"
			     "Restart=on-watchdog\nRestartSec=10s\n");
	usec_t d0;

	ck_assert(F.env_watchdog);
	/* Not while starting: that is TimeoutStartSec='s. */
	ck_assert_uint_eq(A->watchdog_deadline, USEC_INFINITY);
	say(main, "WATCHDOG=1");
	ck_assert_uint_eq(A->watchdog_deadline, USEC_INFINITY);
	say(main, "READY=1");
	d0 = A->watchdog_deadline;
	ck_assert_uint_ne(d0, USEC_INFINITY);
	usleep(2000);
	say(main, "WATCHDOG=1");
	ck_assert_uint_gt(A->watchdog_deadline, d0);
	/* No more pings: the deadline passes, WatchdogSignal= (SIGABRT by
	 * default) goes where KillSignal= would, and on-watchdog restarts. */
	RUN_UNTIL(A->state == SVC_AUTO_RESTART);
	ck_assert_int_eq(A->result, RESULT_WATCHDOG);
	ck_assert_int_ge(kills_of(-main, SIGABRT) + kills_of(main, SIGABRT), 1);
	ck_assert_int_eq(kills_of(-main, SIGTERM) + kills_of(main, SIGTERM), 0);
	ck_assert_uint_eq(A->watchdog_deadline, USEC_INFINITY);
}
END_TEST

START_TEST(test_watchdog_trigger_and_usec)
{
	pid_t main = start_a("Type=notify\nRestart=no\n");

	say(main, "READY=1");
	ck_assert_uint_eq(A->watchdog_deadline, USEC_INFINITY);
	say(main, "WATCHDOG_USEC=60000000");
	ck_assert_uint_ne(A->watchdog_deadline, USEC_INFINITY);
	say(main, "WATCHDOG=trigger");
	RUN_UNTIL(A->state == SVC_FAILED);
	ck_assert_int_eq(A->result, RESULT_WATCHDOG);
}
END_TEST

/* Whether fd is still open here. */
static bool open_fd(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

START_TEST(test_fdstore)
{
	pid_t main = start_a("Type=notify\nFileDescriptorStoreMax=2\n"
			     "Restart=always\nRestartSec=1ms\n");
	int a[2], b[2], c[2], fds[2];

	ck_assert_int_eq(pipe2(a, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(b, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(c, O_CLOEXEC), 0);
	say(main, "READY=1");
	/* Without FDSTORE=1 the manager is never handed descriptors (the
	 * socket drops them); with it, the store keeps them. The same
	 * open file twice is kept once. */
	fds[0] = a[0];
	fds[1] = dup(a[0]);
	say_fds(main, "FDSTORE=1\nFDNAME=one", fds, 2);
	ck_assert_uint_eq(U("a.service")->n_fdstore, 1);
	ck_assert(!open_fd(fds[1]));
	/* Full at two: the third is closed. */
	fds[0] = b[0];
	fds[1] = c[0];
	say_fds(main, "FDSTORE=1\nFDNAME=two\nFDPOLL=0", fds, 2);
	ck_assert_uint_eq(U("a.service")->n_fdstore, 2);
	ck_assert(open_fd(b[0]));
	ck_assert(!open_fd(c[0]));
	/* A sender NotifyAccess= refuses stores nothing. */
	fds[0] = c[1];
	say_fds(fproc_new(main)->pid, "FDSTORE=1", fds, 1);
	ck_assert(!open_fd(c[1]));
	ck_assert_uint_eq(U("a.service")->n_fdstore, 2);

	/* The main process dies: the restart gets them back. */
	fproc_exit(fproc_find(main), CLD_KILLED, SIGKILL);
	ck_assert_int_eq(raise(SIGCHLD), 0);
	RUN_UNTIL(A->n_restarts == 1 && A->main_pid != 0);
	ck_assert_uint_eq(F.n_pass_fds, 2);
	ck_assert_str_eq(F.fdnames, "one:two");

	/* A hang-up drops a watched one (the pipe's writer is gone); the
	 * one with FDPOLL=0 is not watched. */
	close(a[1]);
	close(b[1]);
	RUN_UNTIL(U("a.service")->n_fdstore == 1);
	ck_assert(!open_fd(a[0]));
	ck_assert(open_fd(b[0]));

	/* FDSTOREREMOVE=1 by name. */
	say(A->main_pid, "FDSTOREREMOVE=1\nFDNAME=two");
	ck_assert_uint_eq(U("a.service")->n_fdstore, 0);
	ck_assert(!open_fd(b[0]));
}
END_TEST

START_TEST(test_fdstore_released_at_stop)
{
	pid_t main = start_a("Type=notify\nFileDescriptorStoreMax=4\n");
	int p[2];

	ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
	say(main, "READY=1");
	say_fds(main, "FDSTORE=1", &p[0], 1);
	ck_assert_uint_eq(U("a.service")->n_fdstore, 1);
	/* A restart keeps the store: its start is pending at the stop. */
	ck_assert_int_eq(job_restart(&M.jobs, A->index, false), 0);
	RUN_UNTIL(A->main_pid != 0 && A->main_pid != main);
	ck_assert_uint_eq(U("a.service")->n_fdstore, 1);
	ck_assert_uint_eq(F.n_pass_fds, 1);
	ck_assert_str_eq(F.fdnames, "stored");
	/* A stop ends it. */
	ck_assert_int_eq(job_stop(&M.jobs, A->index), 0);
	RUN_UNTIL(A->state == SVC_DEAD);
	ck_assert_uint_eq(U("a.service")->n_fdstore, 0);
	ck_assert(!open_fd(p[0]));
	close(p[1]);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tp = tcase_create("parse");
	TCase *tm = tcase_create("manager");

	tcase_add_test(tp, test_parse_every_message);
	tcase_add_test(tp, test_parse_bad_values_ignored_alone);
	tcase_add_test(tp, test_parse_garbage_refused);
	tcase_add_test(tp, test_socket_drops_and_counts);
	suite_add_tcase(s, tp);
	tcase_add_checked_fixture(tm, setup, teardown);
	tcase_add_test(tm, test_ready_ends_the_start);
	tcase_add_test(tm, test_simple_gets_no_socket);
	tcase_add_test(tm, test_main_exit_before_ready_fails);
	tcase_add_test(tm, test_access_main_refuses_others);
	tcase_add_test(tm, test_access_all_and_none);
	tcase_add_test(tm, test_mainpid_moves_within_the_unit);
	tcase_add_test(tm, test_mainpid_never_the_control_process);
	tcase_add_test(tm, test_stopping_signals_nothing);
	tcase_add_test(tm, test_extend_timeout);
	tcase_add_test(tm, test_notify_reload);
	tcase_add_test(tm, test_watchdog);
	tcase_add_test(tm, test_watchdog_trigger_and_usec);
	tcase_add_test(tm, test_fdstore);
	tcase_add_test(tm, test_fdstore_released_at_stop);
	suite_add_tcase(s, tm);
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
