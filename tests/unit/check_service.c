/* Check suite for the service state machine, driven through its ops seam
 * with fake processes and a fake clock: no process is started here. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "service.h"

struct fake {
	usec_t now;
	pid_t next_pid;
	pid_t spawned[32];
	enum svc_cmd_kind kinds[32];
	const char *paths[32];
	int n_spawned;
	int spawn_fail; /* fail the next spawn with this errno */
	struct {
		pid_t pid;
		int sig;
		bool group;
	} kills[32];
	int n_kills;
	bool group_alive;
	pid_t pid_file;
	usec_t armed;
	enum svc_state trail[64];
	int n_trail;
};

static int f_spawn(void *ctx, struct svc *s, const struct exec_cmd *cmd,
		   enum svc_cmd_kind kind, pid_t *pid)
{
	struct fake *f = ctx;

	if (f->spawn_fail) {
		int e = f->spawn_fail;

		f->spawn_fail = 0;
		s->fail_step = 1;
		s->fail_errno = e;
		return -e;
	}
	*pid = f->next_pid++;
	f->kinds[f->n_spawned] = kind;
	f->paths[f->n_spawned] = cmd->path;
	f->spawned[f->n_spawned++] = *pid;
	return 0;
}

static void record_kill(struct fake *f, pid_t pid, int sig, bool group)
{
	f->kills[f->n_kills].pid = pid;
	f->kills[f->n_kills].sig = sig;
	f->kills[f->n_kills++].group = group;
}

static void f_kill(void *ctx, struct svc *s, pid_t pid, int sig)
{
	record_kill(ctx, pid, sig, false);
}

/* A control command with what it started: recorded as its group. */
static void f_kill_command(void *ctx, struct svc *s, pid_t pid, int sig)
{
	record_kill(ctx, pid, sig, true);
}

/* The unit's whole process set: recorded with pid 0. */
static void f_set_kill(void *ctx, struct svc *s, int sig)
{
	record_kill(ctx, 0, sig, true);
}

static bool f_set_empty(void *ctx, struct svc *s)
{
	return !((struct fake *)ctx)->group_alive;
}

/* Conditions look at the real file system: the tests name paths that
 * exist on every machine (/, /proc) or cannot. */
static int f_stat(void *ctx, const char *path, struct stat *st)
{
	return stat(path, st);
}

static void f_arm(void *ctx, struct svc *s, usec_t when)
{
	((struct fake *)ctx)->armed = when;
}

static usec_t f_now(void *ctx)
{
	return ((struct fake *)ctx)->now;
}

static int f_pid_file(void *ctx, struct svc *s, pid_t *pid)
{
	struct fake *f = ctx;

	if (!f->pid_file)
		return -ENOENT;
	*pid = f->pid_file;
	return 0;
}

static void f_changed(void *ctx, struct svc *s, enum svc_state old)
{
	struct fake *f = ctx;

	f->trail[f->n_trail++ % 64] = s->state;
}

static const struct svc_ops fake_ops = {
	.spawn = f_spawn,
	.kill = f_kill,
	.kill_command = f_kill_command,
	.set_kill = f_set_kill,
	.set_empty = f_set_empty,
	.stat = f_stat,
	.arm = f_arm,
	.now = f_now,
	.read_pid_file = f_pid_file,
	.changed = f_changed,
};

static struct fake F;
static struct unit *U;
static struct svc S;

static void add_cmd(struct exec_list *l, const char *path, unsigned flags)
{
	l->cmds = realloc(l->cmds, (l->n + 1) * sizeof(*l->cmds));
	memset(&l->cmds[l->n], 0, sizeof(l->cmds[0]));
	l->cmds[l->n].path = strdup(path);
	strv_push_dup(&l->cmds[l->n].argv, path);
	l->cmds[l->n++].flags = flags;
}

static void setup(void)
{
	memset(&F, 0, sizeof(F));
	F.now = 1000 * USEC_PER_SEC;
	F.next_pid = 100;
	U = unit_new("t.service", UNIT_SERVICE);
	add_cmd(&U->svc.start, "/bin/main", 0);
	svc_init(&S, U, 0, &fake_ops, &F);
}

static void teardown(void)
{
	unit_free(U);
}

/* The main process pid of the last spawn. */
static pid_t last_pid(void)
{
	return F.spawned[F.n_spawned - 1];
}

/* Let the armed deadline pass. */
static void fire(void)
{
	ck_assert_uint_ne(F.armed, USEC_INFINITY);
	F.now = F.armed;
	svc_deadline(&S);
}

START_TEST(test_simple_ready_at_fork)
{
	ck_assert_int_eq(svc_start(&S), 0);
	ck_assert_int_eq(S.state, SVC_RUNNING);
	ck_assert_int_eq(S.main_pid, 100);
	ck_assert_int_eq(svc_active_state(&S), ACTIVE_ACTIVE);
	ck_assert_int_eq(svc_start(&S), -EALREADY);
	/* Stop: SIGTERM to the unit's whole process set (KillMode=
	 * control-group), then dead once the main process is gone. */
	F.group_alive = true;
	ck_assert_int_eq(svc_stop(&S), 0);
	ck_assert_int_eq(S.state, SVC_STOP_SIGTERM);
	/* The set, which reaches the main process. */
	ck_assert_int_eq(F.n_kills, 1);
	ck_assert_int_eq(F.kills[0].sig, SIGTERM);
	ck_assert(F.kills[0].group);
	F.group_alive = false;
	svc_child_exited(&S, 100, CLD_KILLED, SIGTERM);
	ck_assert_int_eq(S.state, SVC_DEAD);
	ck_assert_int_eq(S.result, RESULT_SUCCESS);
	ck_assert_int_eq(S.want, SVC_WANT_DOWN);
}
END_TEST

START_TEST(test_crash_restart_delay_grows)
{
	U->svc.restart = RESTART_ON_FAILURE;
	U->svc.restart_sec = 1 * USEC_PER_SEC;
	U->svc.restart_steps = 3;
	U->svc.restart_max_delay = 8 * USEC_PER_SEC;
	U->start_limit_burst = 100;
	ck_assert_int_eq(svc_start(&S), 0);
	usec_t expect[] = {1, 2, 4, 8, 8};
	for (int i = 0; i < 5; i++) {
		usec_t t0 = F.now;

		svc_child_exited(&S, last_pid(), CLD_EXITED, 1);
		ck_assert_int_eq(S.state, SVC_AUTO_RESTART);
		ck_assert_int_eq(S.result, RESULT_EXIT_CODE);
		/* 1s, 2s, 4s, 8s, then capped at 8s (within rounding). */
		usec_t d = F.armed - t0;
		ck_assert_uint_ge(d + 1, expect[i] * USEC_PER_SEC);
		ck_assert_uint_le(d, expect[i] * USEC_PER_SEC + 1);
		fire();
		ck_assert_int_eq(S.state, SVC_RUNNING);
		ck_assert_uint_eq(S.n_restarts, (unsigned)i + 1);
	}
	/* A clean exit with on-failure: no restart, dead. */
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_DEAD);
}
END_TEST

START_TEST(test_start_limit)
{
	U->svc.restart = RESTART_ALWAYS;
	U->svc.restart_sec = 0;
	U->start_limit_burst = 3;
	U->start_limit_interval = 10 * USEC_PER_SEC;
	ck_assert_int_eq(svc_start(&S), 0); /* start 1 */
	for (int i = 0; i < 2; i++) {	    /* starts 2 and 3 */
		svc_child_exited(&S, last_pid(), CLD_KILLED, SIGKILL);
		ck_assert_int_eq(S.state, SVC_AUTO_RESTART);
		ck_assert_uint_eq(F.armed, F.now); /* RestartSec=0 */
		fire();
		ck_assert_int_eq(S.state, SVC_RUNNING);
	}
	svc_child_exited(&S, last_pid(), CLD_KILLED, SIGKILL);
	fire(); /* start 4 within 10s: refused */
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_START_LIMIT_HIT);
	ck_assert_uint_eq(F.armed, USEC_INFINITY);
	/* After reset-failed it may start again. */
	svc_reset_failed(&S);
	ck_assert_int_eq(S.state, SVC_DEAD);
	ck_assert_int_eq(svc_start(&S), 0);
	ck_assert_int_eq(S.state, SVC_RUNNING);
}
END_TEST

START_TEST(test_restart_policies)
{
	struct unit *u = unit_new("p.service", UNIT_SERVICE);
	struct {
		enum restart_policy p;
		bool ok, code, sig, timeout;
	} t[] = {
		{RESTART_NO, 0, 0, 0, 0},
		{RESTART_ALWAYS, 1, 1, 1, 1},
		{RESTART_ON_SUCCESS, 1, 0, 0, 0},
		{RESTART_ON_FAILURE, 0, 1, 1, 1},
		{RESTART_ON_ABNORMAL, 0, 0, 1, 1},
		{RESTART_ON_ABORT, 0, 0, 1, 0},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		u->svc.restart = t[i].p;
		ck_assert_int_eq(
			svc_should_restart(u, RESULT_SUCCESS, CLD_EXITED, 0),
			t[i].ok);
		ck_assert_int_eq(
			svc_should_restart(u, RESULT_EXIT_CODE, CLD_EXITED, 3),
			t[i].code);
		ck_assert_int_eq(svc_should_restart(u, RESULT_SIGNAL,
						    CLD_KILLED, SIGSEGV),
				 t[i].sig);
		ck_assert_int_eq(svc_should_restart(u, RESULT_TIMEOUT, 0, 0),
				 t[i].timeout);
	}
	u->svc.restart = RESTART_ALWAYS;
	unit_exit_set_add_status(&u->svc.restart_prevent, 3);
	unit_exit_set_add_signal(&u->svc.restart_prevent, SIGUSR1);
	ck_assert(!svc_should_restart(u, RESULT_EXIT_CODE, CLD_EXITED, 3));
	ck_assert(svc_should_restart(u, RESULT_EXIT_CODE, CLD_EXITED, 4));
	ck_assert(!svc_should_restart(u, RESULT_SIGNAL, CLD_KILLED, SIGUSR1));
	ck_assert(!svc_should_restart(u, RESULT_START_LIMIT_HIT, 0, 0));
	unit_free(u);
}
END_TEST

START_TEST(test_success_exit_status)
{
	U->svc.restart = RESTART_ON_FAILURE;
	unit_exit_set_add_status(&U->svc.success, 42);
	svc_start(&S);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 42);
	ck_assert_int_eq(S.state, SVC_DEAD);
	ck_assert_int_eq(S.result, RESULT_SUCCESS);
}
END_TEST

START_TEST(test_oneshot_sequence)
{
	U->svc.type = SVC_ONESHOT;
	add_cmd(&U->svc.start, "/bin/second", 0);
	add_cmd(&U->svc.start_pre, "/bin/pre", 0);
	add_cmd(&U->svc.start_post, "/bin/post", 0);
	svc_start(&S);
	ck_assert_int_eq(S.state, SVC_START_PRE);
	ck_assert_str_eq(F.paths[0], "/bin/pre");
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_START);
	ck_assert_str_eq(F.paths[1], "/bin/main");
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_START);
	ck_assert_str_eq(F.paths[2], "/bin/second");
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_START_POST);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	/* Without RemainAfterExit a finished oneshot is dead, not failed. */
	ck_assert_int_eq(S.state, SVC_DEAD);
	ck_assert_int_eq(S.result, RESULT_SUCCESS);
}
END_TEST

START_TEST(test_oneshot_remain)
{
	U->svc.type = SVC_ONESHOT;
	U->svc.remain_after_exit = true;
	svc_start(&S);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_EXITED);
	ck_assert(svc_is_active(&S));
	ck_assert_int_eq(svc_stop(&S), 0);
	ck_assert_int_eq(S.state, SVC_DEAD);
}
END_TEST

START_TEST(test_pre_failure_and_ignore)
{
	add_cmd(&U->svc.start_pre, "/bin/ignored", EXEC_IGNORE_FAILURE);
	add_cmd(&U->svc.start_pre, "/bin/fails", 0);
	add_cmd(&U->svc.stop_post, "/bin/cleanup", 0);
	svc_start(&S);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 1); /* ignored */
	ck_assert_int_eq(S.state, SVC_START_PRE);
	ck_assert_str_eq(F.paths[1], "/bin/fails");
	svc_child_exited(&S, last_pid(), CLD_EXITED, 2);
	/* The main process never ran; ExecStopPost= still does. */
	ck_assert_int_eq(S.state, SVC_STOP_POST);
	ck_assert_str_eq(F.paths[2], "/bin/cleanup");
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_EXIT_CODE);
	ck_assert_int_eq(F.n_spawned, 3);
}
END_TEST

START_TEST(test_spawn_failure)
{
	F.spawn_fail = ENOENT;
	svc_start(&S);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_RESOURCES);
	ck_assert_int_eq(S.fail_errno, ENOENT);
}
END_TEST

/* A hung ExecStopPost= is killed with what it started (its group) when
 * the stop times out. */
START_TEST(test_stop_post_deadline_kills_command)
{
	add_cmd(&U->svc.stop_post, "/bin/post", 0);
	U->svc.timeout_stop = 5 * USEC_PER_SEC;
	svc_start(&S);
	svc_stop(&S);
	svc_child_exited(&S, 100, CLD_KILLED, SIGTERM);
	ck_assert_int_eq(S.state, SVC_STOP_POST);
	pid_t post = last_pid();
	fire();
	ck_assert_int_eq(F.kills[F.n_kills - 1].pid, post);
	ck_assert_int_eq(F.kills[F.n_kills - 1].sig, SIGKILL);
	ck_assert(F.kills[F.n_kills - 1].group);
	ck_assert_int_eq(S.result, RESULT_TIMEOUT);
}
END_TEST

START_TEST(test_stop_timeout_sigkill)
{
	add_cmd(&U->svc.stop, "/bin/stopper", 0);
	U->svc.timeout_stop = 5 * USEC_PER_SEC;
	svc_start(&S);
	pid_t main = last_pid();
	F.group_alive = true;
	svc_stop(&S);
	ck_assert_int_eq(S.state, SVC_STOP);
	ck_assert_str_eq(F.paths[1], "/bin/stopper");
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_STOP_SIGTERM);
	ck_assert_uint_eq(F.armed, F.now + 5 * USEC_PER_SEC);
	/* The service ignores SIGTERM: after TimeoutStopSec, SIGKILL. */
	fire();
	ck_assert_int_eq(S.state, SVC_STOP_SIGKILL);
	ck_assert_int_eq(F.kills[F.n_kills - 1].sig, SIGKILL);
	F.group_alive = false;
	svc_child_exited(&S, main, CLD_KILLED, SIGKILL);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_TIMEOUT);
}
END_TEST

START_TEST(test_start_timeout)
{
	U->svc.type = SVC_EXEC;
	U->svc.timeout_start = 2 * USEC_PER_SEC;
	svc_start(&S);
	ck_assert_int_eq(S.state, SVC_START);
	fire();
	ck_assert_int_eq(S.state, SVC_STOP_SIGTERM);
	svc_child_exited(&S, last_pid(), CLD_KILLED, SIGTERM);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_TIMEOUT);
}
END_TEST

START_TEST(test_exec_type_waits_for_exec)
{
	U->svc.type = SVC_EXEC;
	svc_start(&S);
	ck_assert_int_eq(S.state, SVC_START);
	svc_exec_ok(&S, last_pid());
	ck_assert_int_eq(S.state, SVC_RUNNING);
}
END_TEST

START_TEST(test_exec_type_exec_failure)
{
	U->svc.type = SVC_EXEC;
	svc_start(&S);
	svc_exec_failed(&S, last_pid(), 7, ENOENT);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 127);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.fail_step, 7);
	ck_assert_int_eq(S.fail_errno, ENOENT);
}
END_TEST

START_TEST(test_forking_pid_file)
{
	U->svc.type = SVC_FORKING;
	U->svc.pid_file = strdup("/run/x.pid");
	svc_start(&S);
	ck_assert_int_eq(S.state, SVC_START);
	F.pid_file = 4242;
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_RUNNING);
	ck_assert_int_eq(S.main_pid, 4242);
	/* The daemon dies: failure. */
	svc_child_exited(&S, 4242, CLD_KILLED, SIGSEGV);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_SIGNAL);
}
END_TEST

START_TEST(test_forking_missing_pid_file)
{
	U->svc.type = SVC_FORKING;
	U->svc.pid_file = strdup("/run/x.pid");
	svc_start(&S);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_FAILED);
	ck_assert_int_eq(S.result, RESULT_PROTOCOL);
}
END_TEST

START_TEST(test_conditions)
{
	struct condition c = {.kind = COND_PATH_EXISTS,
			      .path = strdup("/nonexistent/svinit-test")};

	U->conds = calloc(1, sizeof(*U->conds));
	U->conds[0] = c;
	U->n_conds = 1;
	ck_assert_int_eq(svc_start(&S), 1);
	ck_assert_int_eq(S.state, SVC_DEAD);
	ck_assert_int_eq(F.n_spawned, 0);
	U->conds[0].negate = true;
	ck_assert_int_eq(svc_start(&S), 0);
	ck_assert_int_eq(S.state, SVC_RUNNING);
	svc_stop(&S);
	U->conds[0].negate = false;
	U->conds[0].kind = COND_PATH_IS_DIRECTORY;
	free(U->conds[0].path);
	U->conds[0].path = strdup("/");
	ck_assert_int_eq(svc_start(&S), 0);
}
END_TEST

START_TEST(test_stop_during_auto_restart)
{
	U->svc.restart = RESTART_ALWAYS;
	svc_start(&S);
	svc_child_exited(&S, last_pid(), CLD_EXITED, 0);
	ck_assert_int_eq(S.state, SVC_AUTO_RESTART);
	svc_stop(&S);
	ck_assert_int_eq(S.state, SVC_DEAD);
	ck_assert_uint_eq(F.armed, USEC_INFINITY);
}
END_TEST

START_TEST(test_restart_while_stopping)
{
	F.group_alive = true;
	svc_start(&S);
	pid_t main = last_pid();
	svc_stop(&S);
	ck_assert_int_eq(S.state, SVC_STOP_SIGTERM);
	/* A start while stopping waits for the stop, then starts. */
	ck_assert_int_eq(svc_start(&S), 0);
	F.group_alive = false;
	svc_child_exited(&S, main, CLD_KILLED, SIGTERM);
	ck_assert_int_eq(S.state, SVC_RUNNING);
	ck_assert_int_ne(S.main_pid, main);
}
END_TEST

START_TEST(test_target)
{
	struct unit *t = unit_new("x.target", UNIT_TARGET);
	struct svc ts;

	svc_init(&ts, t, 1, &fake_ops, &F);
	ck_assert_int_eq(svc_start(&ts), 0);
	ck_assert(svc_is_active(&ts));
	ck_assert_int_eq(F.n_spawned, 0);
	svc_stop(&ts);
	ck_assert_int_eq(ts.state, SVC_DEAD);
	unit_free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("service");
	TCase *tc = tcase_create("state machine");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_simple_ready_at_fork);
	tcase_add_test(tc, test_crash_restart_delay_grows);
	tcase_add_test(tc, test_start_limit);
	tcase_add_test(tc, test_restart_policies);
	tcase_add_test(tc, test_success_exit_status);
	tcase_add_test(tc, test_oneshot_sequence);
	tcase_add_test(tc, test_oneshot_remain);
	tcase_add_test(tc, test_pre_failure_and_ignore);
	tcase_add_test(tc, test_spawn_failure);
	tcase_add_test(tc, test_stop_timeout_sigkill);
	tcase_add_test(tc, test_stop_post_deadline_kills_command);
	tcase_add_test(tc, test_start_timeout);
	tcase_add_test(tc, test_exec_type_waits_for_exec);
	tcase_add_test(tc, test_exec_type_exec_failure);
	tcase_add_test(tc, test_forking_pid_file);
	tcase_add_test(tc, test_forking_missing_pid_file);
	tcase_add_test(tc, test_conditions);
	tcase_add_test(tc, test_stop_during_auto_restart);
	tcase_add_test(tc, test_restart_while_stopping);
	tcase_add_test(tc, test_target);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
