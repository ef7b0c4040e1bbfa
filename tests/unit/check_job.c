/* Check suite for the job engine: real unit sets, graphs and service state
 * machines, with fake processes and a fake clock behind struct svc_ops. No
 * process is started here. Events (exec done, exit) are fed by the tests,
 * so every readiness is a separate step whose order the tests control. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "graph.h"
#include "job.h"
#include "service.h"
#include "unit.h"

/* What one node saw. Sequence numbers come from one counter shared by all
 * nodes, so they order events across units. */
struct rec {
	unsigned n_spawn;	 /* main processes (ExecStart=) */
	unsigned long spawn_seq; /* of the last one */
	unsigned n_control;	 /* other commands */
	unsigned n_kill;	 /* signals to the main process itself */
	unsigned long kill_seq;	 /* of the last one */
	unsigned n_done;
	enum job_type first_type; /* of the first job that ended */
	enum job_result first_result;
	enum job_type done_type; /* of the last job */
	enum job_result done_result;
	unsigned long done_seq;
};

static struct {
	struct unitset set;
	struct graph g;
	struct svc *svc;
	struct svc **svcs;
	struct rec *rec;
	struct jobs jobs;
	uint32_t n;
	bool built;
	usec_t now;
	pid_t next_pid;
	unsigned long seq;
} W;

static int f_spawn(void *ctx, struct svc *s, const struct exec_cmd *cmd,
		   enum svc_cmd_kind kind, pid_t *pid)
{
	struct rec *r = &W.rec[s->index];

	*pid = W.next_pid++;
	if (kind == CMD_START) {
		r->n_spawn++;
		r->spawn_seq = ++W.seq;
	} else {
		r->n_control++;
	}
	return 0;
}

static void f_kill(void *ctx, struct svc *s, pid_t pid, int sig)
{
	struct rec *r = &W.rec[s->index];

	r->n_kill++;
	r->kill_seq = ++W.seq;
}

/* KillMode=control-group signals the set, which reaches the main
 * process: one kill too. */
static void f_set_kill(void *ctx, struct svc *s, int sig)
{
	f_kill(ctx, s, 0, sig);
}

static void f_kill_command(void *ctx, struct svc *s, pid_t pid, int sig)
{
}

static bool f_set_empty(void *ctx, struct svc *s)
{
	return true;
}

static int f_stat(void *ctx, const char *path, struct stat *st)
{
	return stat(path, st);
}

static void f_arm(void *ctx, struct svc *s, usec_t when)
{
}

static usec_t f_now(void *ctx)
{
	return W.now;
}

static int f_pid_file(void *ctx, struct svc *s, pid_t *pid)
{
	return -ENOENT;
}

static void f_changed(void *ctx, struct svc *s, enum svc_state old)
{
	job_unit_changed(&W.jobs, s->index, old);
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

static void on_done(void *ctx, uint32_t node, enum job_type type,
		    enum job_result result)
{
	struct rec *r = &W.rec[node];

	if (r->n_done++ == 0) {
		r->first_type = type;
		r->first_result = result;
	}
	r->done_type = type;
	r->done_result = result;
	r->done_seq = ++W.seq;
}

static void setup(void)
{
	memset(&W, 0, sizeof(W));
	unitset_init(&W.set);
	W.now = 1000 * USEC_PER_SEC;
	W.next_pid = 100;
}

static void teardown(void)
{
	if (W.built) {
		job_free(&W.jobs);
		graph_free(&W.g);
	}
	free(W.svc);
	free(W.svcs);
	free(W.rec);
	unitset_free(&W.set);
}

static void add_cmd(struct exec_list *l, const char *path)
{
	struct exec_cmd *c = realloc(l->cmds, (l->n + 1) * sizeof(*l->cmds));

	ck_assert_ptr_nonnull(c);
	l->cmds = c;
	memset(&c[l->n], 0, sizeof(c[0]));
	c[l->n].path = strdup(path);
	ck_assert_int_eq(strv_push_dup(&c[l->n].argv, path), 0);
	l->n++;
}

static struct unit *service(const char *name, enum svc_type type)
{
	struct unit *u = unit_new(name, UNIT_SERVICE);

	ck_assert_ptr_nonnull(u);
	u->svc.type = type;
	add_cmd(&u->svc.start, "/bin/main");
	ck_assert_int_eq(unitset_add(&W.set, u), 0);
	return u;
}

static struct unit *target(const char *name)
{
	struct unit *u = unit_new(name, UNIT_TARGET);

	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(unitset_add(&W.set, u), 0);
	return u;
}

static void dep(struct unit *u, enum dep_kind k, const char *name)
{
	ck_assert_int_eq(strv_push_dup(&u->deps[k], name), 0);
}

/* The daemon's steps after loading: implicit deps, graph, one svc each. */
static void build(void)
{
	ck_assert_int_eq(unit_add_default_deps(&W.set), 0);
	ck_assert_int_eq(graph_build(&W.g, &W.set, NULL), 0);
	W.n = W.g.n;
	W.svc = calloc(W.n, sizeof(*W.svc));
	W.svcs = calloc(W.n, sizeof(*W.svcs));
	W.rec = calloc(W.n, sizeof(*W.rec));
	ck_assert(W.svc && W.svcs && W.rec);
	for (uint32_t i = 0; i < W.n; i++) {
		svc_init(&W.svc[i], W.set.units[i], i, &fake_ops, NULL);
		W.svcs[i] = &W.svc[i];
	}
	ck_assert_int_eq(job_init(&W.jobs, &W.g, W.svcs, W.n), 0);
	W.jobs.done = on_done;
	W.built = true;
}

static uint32_t id(const char *name)
{
	long i = unitset_index(&W.set, name);

	ck_assert_msg(i >= 0, "no unit %s", name);
	return (uint32_t)i;
}

static struct svc *S(const char *name)
{
	return &W.svc[id(name)];
}

static struct rec *R(const char *name)
{
	return &W.rec[id(name)];
}

/* Events from the fake kernel. */
static void exec_ok(const char *name)
{
	struct svc *s = S(name);

	ck_assert_int_ne(s->main_pid, 0);
	svc_exec_ok(s, s->main_pid);
}

static void main_exit(const char *name, int status)
{
	struct svc *s = S(name);

	ck_assert_int_ne(s->main_pid, 0);
	svc_child_exited(s, s->main_pid, CLD_EXITED, status);
}

/* The main process dies of the SIGTERM a stop sent. */
static void main_killed(const char *name)
{
	struct svc *s = S(name);

	ck_assert_int_ne(s->main_pid, 0);
	ck_assert_uint_gt(R(name)->n_kill, 0);
	svc_child_exited(s, s->main_pid, CLD_KILLED, SIGTERM);
}

static void control_exit(const char *name, int status)
{
	struct svc *s = S(name);

	ck_assert_int_ne(s->control_pid, 0);
	svc_child_exited(s, s->control_pid, CLD_EXITED, status);
}

/* Exactly one job ended on name, of this type and result. */
static void done_once(const char *name, enum job_type t, enum job_result r)
{
	struct rec *c = R(name);

	ck_assert_msg(c->n_done == 1, "%s: %u jobs ended, expected 1", name,
		      c->n_done);
	ck_assert_msg(c->done_type == t && c->done_result == r,
		      "%s: job %s ended %s, expected %s %s", name,
		      job_type_to_string(c->done_type),
		      job_result_to_string(c->done_result),
		      job_type_to_string(t), job_result_to_string(r));
}

static void state_is(const char *name, enum svc_state st)
{
	ck_assert_msg(S(name)->state == st, "%s: state %s, expected %s", name,
		      svc_state_to_string(S(name)->state),
		      svc_state_to_string(st));
}

static void no_job(const char *name)
{
	ck_assert_int_eq(W.jobs.job[id(name)].type, JOB_NONE);
}

START_TEST(test_pull_closure)
{
	struct unit *t = target("t.target");
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *b = service("b.service", SVC_SIMPLE);

	service("c.service", SVC_SIMPLE);
	service("d.service", SVC_SIMPLE);
	service("e.service", SVC_SIMPLE);
	service("f.service", SVC_SIMPLE);
	dep(t, DEP_WANTS, "a.service");
	dep(a, DEP_REQUIRES, "b.service");
	dep(b, DEP_WANTS, "c.service");
	dep(b, DEP_BINDS_TO, "d.service");
	dep(b, DEP_REQUISITE, "f.service"); /* checks, does not pull */
	build();
	/* b's Requisite= is not up: b fails; what b pulls in still starts,
	 * and so does a, which is not After= b. */
	ck_assert_int_eq(job_start(&W.jobs, id("t.target")), 0);
	ck_assert_uint_eq(R("f.service")->n_spawn, 0);
	done_once("b.service", JOB_START, JOB_DEPENDENCY);
	ck_assert_uint_eq(R("b.service")->n_spawn, 0);
	ck_assert_uint_eq(R("a.service")->n_spawn, 1);
	ck_assert_uint_eq(R("c.service")->n_spawn, 1);
	ck_assert_uint_eq(R("d.service")->n_spawn, 1);
	ck_assert_uint_eq(R("e.service")->n_spawn, 0);
	state_is("a.service", SVC_RUNNING);
	state_is("c.service", SVC_RUNNING);
	state_is("d.service", SVC_RUNNING);
	state_is("e.service", SVC_DEAD);
	ck_assert(svc_is_active(S("t.target")));
	done_once("t.target", JOB_START, JOB_DONE);
	done_once("a.service", JOB_START, JOB_DONE);
	done_once("c.service", JOB_START, JOB_DONE);
	done_once("d.service", JOB_START, JOB_DONE);
	ck_assert_uint_eq(R("e.service")->n_done, 0);
	ck_assert_uint_eq(R("f.service")->n_done, 0);

	/* Start f and ask again: only b is missing, and only t, asked for
	 * directly, and b get a job. */
	ck_assert_int_eq(job_start(&W.jobs, id("f.service")), 0);
	memset(W.rec, 0, W.n * sizeof(*W.rec));
	ck_assert_int_eq(job_start(&W.jobs, id("t.target")), 0);
	ck_assert_uint_eq(R("b.service")->n_spawn, 1);
	state_is("b.service", SVC_RUNNING);
	done_once("t.target", JOB_START, JOB_DONE);
	done_once("b.service", JOB_START, JOB_DONE);
	for (int i = 0; i < 4; i++) {
		const char *up[] = {"a.service", "c.service", "d.service",
				    "f.service"};

		ck_assert_uint_eq(R(up[i])->n_done, 0);
		ck_assert_uint_eq(R(up[i])->n_spawn, 0);
	}
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A After B: A is spawned only when B is ready, for both readiness kinds
 * that are later events (exec done, oneshot exit). */
START_TEST(test_order_waits_for_readiness)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *c = service("c.service", SVC_SIMPLE);

	service("b.service", SVC_EXEC);
	service("d.service", SVC_ONESHOT);
	dep(a, DEP_WANTS, "b.service");
	dep(a, DEP_AFTER, "b.service");
	dep(c, DEP_REQUIRES, "d.service");
	dep(c, DEP_AFTER, "d.service");
	build();

	ck_assert_int_eq(job_start(&W.jobs, id("a.service")), 0);
	ck_assert_uint_eq(R("b.service")->n_spawn, 1);
	state_is("b.service", SVC_START);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	exec_ok("b.service");
	state_is("b.service", SVC_RUNNING);
	ck_assert_uint_eq(R("a.service")->n_spawn, 1);
	ck_assert_uint_gt(R("a.service")->spawn_seq, R("b.service")->done_seq);
	done_once("a.service", JOB_START, JOB_DONE);
	done_once("b.service", JOB_START, JOB_DONE);

	/* A oneshot is ready when it exits 0; it is dead then, and a
	 * Requires= on it is still met. */
	ck_assert_int_eq(job_start(&W.jobs, id("c.service")), 0);
	ck_assert_uint_eq(R("d.service")->n_spawn, 1);
	ck_assert_uint_eq(R("c.service")->n_spawn, 0);
	main_exit("d.service", 0);
	state_is("d.service", SVC_DEAD);
	done_once("d.service", JOB_START, JOB_DONE);
	ck_assert_uint_eq(R("c.service")->n_spawn, 1);
	state_is("c.service", SVC_RUNNING);
	done_once("c.service", JOB_START, JOB_DONE);
}
END_TEST

/* Independent units are all spawned by the one job_start; the target that
 * wants them is reached only when the last one is up. */
/* Whether every ordering predecessor of name is up. */
static bool preds_up(const char *name)
{
	const uint32_t *e;
	size_t n = graph_edges(&W.g, id(name), GRAPH_AFTER, &e);

	for (size_t i = 0; i < n; i++)
		if (!svc_is_active(&W.svc[e[i]]))
			return false;
	return true;
}

/* The start order of a small graph written with After= and Before= both
 * ways: what has no predecessor starts at once, in parallel, and every
 * unit starts only once all it is After= is up; the stop of everything
 * goes the other way round. */
START_TEST(test_order_dag)
{
	static const char *const names[] = {"a.service", "b.service",
					    "c.service", "d.service",
					    "f.service"};
	struct unit *t = target("e.target");
	struct unit *u[5];
	unsigned ready = 0;

	for (int i = 0; i < 5; i++) {
		u[i] = service(names[i], SVC_EXEC);
		dep(t, DEP_WANTS, names[i]);
	}
	dep(u[1], DEP_AFTER, "a.service"); /* b After a */
	dep(u[2], DEP_AFTER, "b.service"); /* c After b, a */
	dep(u[2], DEP_AFTER, "a.service");
	dep(u[3], DEP_BEFORE, "c.service"); /* d Before c */
	dep(t, DEP_AFTER, "c.service");
	dep(u[4], DEP_WANTS, "e.target"); /* no ordering meaning */
	build();
	ck_assert_int_eq(job_start(&W.jobs, id("e.target")), 0);
	/* The first wave: a, d and f, which wait for nothing. */
	ck_assert_uint_eq(R("a.service")->n_spawn, 1);
	ck_assert_uint_eq(R("d.service")->n_spawn, 1);
	ck_assert_uint_eq(R("f.service")->n_spawn, 1);
	ck_assert_uint_eq(R("b.service")->n_spawn, 0);
	ck_assert_uint_eq(R("c.service")->n_spawn, 0);
	/* Each one that started had its predecessors up: make them ready in
	 * name order until all are. */
	while (ready < 5) {
		unsigned before = ready;

		for (int i = 0; i < 5; i++) {
			if (R(names[i])->n_spawn != 1 ||
			    svc_is_active(S(names[i])))
				continue;
			ck_assert_msg(preds_up(names[i]),
				      "%s started before what it is After=",
				      names[i]);
			exec_ok(names[i]);
			ready++;
		}
		ck_assert_msg(ready > before, "no progress");
	}
	ck_assert_uint_gt(R("c.service")->spawn_seq, R("b.service")->done_seq);
	ck_assert_uint_gt(R("c.service")->spawn_seq, R("d.service")->done_seq);
	done_once("e.target", JOB_START, JOB_DONE);
	ck_assert_uint_gt(R("e.target")->done_seq, R("c.service")->done_seq);
	ck_assert_uint_eq(W.jobs.n_pending, 0);

	/* Stop: c goes only after the target, b after c, a after b and c;
	 * d, f and the target are stopped at once. */
	ck_assert_int_eq(job_stop_all(&W.jobs), 0);
	state_is("e.target", SVC_DEAD);
	ck_assert_uint_eq(R("c.service")->n_kill, 1);
	ck_assert_uint_eq(R("f.service")->n_kill, 1);
	ck_assert_uint_eq(R("b.service")->n_kill, 0);
	ck_assert_uint_eq(R("d.service")->n_kill, 0);
	main_killed("c.service");
	ck_assert_uint_eq(R("b.service")->n_kill, 1);
	ck_assert_uint_eq(R("d.service")->n_kill, 1);
	ck_assert_uint_eq(R("a.service")->n_kill, 0);
	main_killed("b.service");
	ck_assert_uint_eq(R("a.service")->n_kill, 1);
	main_killed("a.service");
	main_killed("d.service");
	main_killed("f.service");
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

START_TEST(test_parallel_and_target)
{
	struct unit *t = target("t.target");
	const char *names[] = {"a.service", "b.service", "c.service"};

	for (int i = 0; i < 3; i++) {
		service(names[i], SVC_EXEC);
		dep(t, DEP_WANTS, names[i]);
	}
	build();
	ck_assert_int_eq(job_start(&W.jobs, id("t.target")), 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(R(names[i])->n_spawn, 1);
		state_is(names[i], SVC_START);
	}
	ck_assert(!svc_is_active(S("t.target")));
	exec_ok("c.service");
	exec_ok("a.service");
	ck_assert(!svc_is_active(S("t.target")));
	ck_assert_uint_eq(R("t.target")->n_done, 0);
	exec_ok("b.service");
	ck_assert(svc_is_active(S("t.target")));
	done_once("t.target", JOB_START, JOB_DONE);
	for (int i = 0; i < 3; i++)
		done_once(names[i], JOB_START, JOB_DONE);
	ck_assert_uint_gt(R("t.target")->done_seq, R("b.service")->done_seq);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A target's wanted unit that fails does not keep the target down. */
START_TEST(test_target_wanted_unit_fails)
{
	struct unit *t = target("t.target");

	service("a.service", SVC_EXEC);
	dep(t, DEP_WANTS, "a.service");
	build();
	job_start(&W.jobs, id("t.target"));
	ck_assert(!svc_is_active(S("t.target")));
	main_exit("a.service", 1);
	state_is("a.service", SVC_FAILED);
	done_once("a.service", JOB_START, JOB_FAILED);
	ck_assert(svc_is_active(S("t.target")));
	done_once("t.target", JOB_START, JOB_DONE);
}
END_TEST

START_TEST(test_requires_failure)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *c = service("c.service", SVC_SIMPLE);

	service("b.service", SVC_EXEC);
	dep(a, DEP_REQUIRES, "b.service");
	dep(a, DEP_AFTER, "b.service");
	dep(c, DEP_REQUIRES, "a.service");
	dep(c, DEP_AFTER, "a.service");
	build();
	ck_assert_int_eq(job_start(&W.jobs, id("c.service")), 0);
	ck_assert_uint_eq(R("b.service")->n_spawn, 1);
	main_exit("b.service", 1); /* before exec: a failed start */
	state_is("b.service", SVC_FAILED);
	done_once("b.service", JOB_START, JOB_FAILED);
	done_once("a.service", JOB_START, JOB_DEPENDENCY);
	done_once("c.service", JOB_START, JOB_DEPENDENCY);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	ck_assert_uint_eq(R("c.service")->n_spawn, 0);
	state_is("a.service", SVC_DEAD);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

START_TEST(test_wants_failure)
{
	struct unit *a = service("a.service", SVC_SIMPLE);

	service("b.service", SVC_EXEC);
	dep(a, DEP_WANTS, "b.service");
	dep(a, DEP_AFTER, "b.service");
	build();
	job_start(&W.jobs, id("a.service"));
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	main_exit("b.service", 1);
	done_once("b.service", JOB_START, JOB_FAILED);
	ck_assert_uint_eq(R("a.service")->n_spawn, 1);
	done_once("a.service", JOB_START, JOB_DONE);
}
END_TEST

START_TEST(test_requisite)
{
	struct unit *a = service("a.service", SVC_SIMPLE);

	service("b.service", SVC_SIMPLE);
	dep(a, DEP_REQUISITE, "b.service");
	dep(a, DEP_AFTER, "b.service");
	build();
	ck_assert_int_eq(job_start(&W.jobs, id("a.service")), 0);
	done_once("a.service", JOB_START, JOB_DEPENDENCY);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	ck_assert_uint_eq(R("b.service")->n_spawn, 0); /* not pulled in */
	ck_assert_uint_eq(R("b.service")->n_done, 0);
	/* With b up, the same start succeeds. */
	job_start(&W.jobs, id("b.service"));
	memset(W.rec, 0, W.n * sizeof(*W.rec));
	job_start(&W.jobs, id("a.service"));
	done_once("a.service", JOB_START, JOB_DONE);
	state_is("a.service", SVC_RUNNING);
}
END_TEST

START_TEST(test_missing_requires)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *b = service("b.service", SVC_SIMPLE);

	dep(a, DEP_REQUIRES, "nope.service");
	dep(b, DEP_WANTS, "nope.service"); /* ignored */
	build();
	ck_assert(graph_missing_dep(&W.g, id("a.service")));
	ck_assert(!graph_missing_dep(&W.g, id("b.service")));
	ck_assert_int_eq(job_start(&W.jobs, id("a.service")), 0);
	done_once("a.service", JOB_START, JOB_DEPENDENCY);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	state_is("a.service", SVC_DEAD);
	job_start(&W.jobs, id("b.service"));
	done_once("b.service", JOB_START, JOB_DONE);
}
END_TEST

/* A condition that does not hold skips the unit: its job says so, and a
 * unit that Requires it still starts (as in systemd). */
START_TEST(test_condition_skipped)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *b = service("b.service", SVC_SIMPLE);

	b->conds = calloc(1, sizeof(*b->conds));
	ck_assert_ptr_nonnull(b->conds);
	b->conds[0].kind = COND_PATH_EXISTS;
	b->conds[0].path = strdup("/nonexistent/svinit-check-job");
	b->n_conds = 1;
	dep(a, DEP_REQUIRES, "b.service");
	dep(a, DEP_AFTER, "b.service");
	build();
	job_start(&W.jobs, id("a.service"));
	ck_assert_uint_eq(R("b.service")->n_spawn, 0);
	state_is("b.service", SVC_DEAD);
	done_once("b.service", JOB_START, JOB_SKIPPED);
	done_once("a.service", JOB_START, JOB_DONE);
	state_is("a.service", SVC_RUNNING);
}
END_TEST

START_TEST(test_binds_to)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *c = service("c.service", SVC_SIMPLE);
	struct unit *d = service("d.service", SVC_SIMPLE);

	service("b.service", SVC_SIMPLE);
	dep(a, DEP_BINDS_TO, "b.service");
	dep(a, DEP_AFTER, "b.service");
	dep(c, DEP_WANTS, "b.service");
	dep(c, DEP_AFTER, "b.service");
	dep(d, DEP_REQUIRES, "a.service"); /* a's stop reaches d */
	build();
	job_start(&W.jobs, id("a.service"));
	job_start(&W.jobs, id("c.service"));
	job_start(&W.jobs, id("d.service"));
	state_is("a.service", SVC_RUNNING);
	state_is("b.service", SVC_RUNNING);
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	/* b's main process ends cleanly, Restart=no: b is dead. */
	main_exit("b.service", 0);
	state_is("b.service", SVC_DEAD);
	ck_assert_uint_eq(R("a.service")->n_kill, 1);
	ck_assert_uint_eq(R("d.service")->n_kill, 1);
	state_is("a.service", SVC_STOP_SIGTERM);
	ck_assert_uint_eq(R("c.service")->n_kill, 0);
	main_killed("a.service");
	main_killed("d.service");
	state_is("a.service", SVC_DEAD);
	state_is("d.service", SVC_DEAD);
	done_once("a.service", JOB_STOP, JOB_DONE);
	done_once("d.service", JOB_STOP, JOB_DONE);
	state_is("c.service", SVC_RUNNING);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* Stopping b first stops what Requires, BindsTo or is PartOf b; those are
 * After b, so their stops go out before b's. Wants= is not followed. */
START_TEST(test_stop_propagation)
{
	const char *deps[] = {"a.service", "c.service", "d.service"};
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *c = service("c.service", SVC_SIMPLE);
	struct unit *d = service("d.service", SVC_SIMPLE);
	struct unit *e = service("e.service", SVC_SIMPLE);

	service("b.service", SVC_SIMPLE);
	dep(a, DEP_REQUIRES, "b.service");
	dep(c, DEP_BINDS_TO, "b.service");
	dep(d, DEP_PART_OF, "b.service");
	dep(e, DEP_WANTS, "b.service");
	for (int i = 0; i < 3; i++)
		dep(W.set.units[id(deps[i])], DEP_AFTER, "b.service");
	dep(e, DEP_AFTER, "b.service");
	build();
	job_start(&W.jobs, id("a.service"));
	job_start(&W.jobs, id("c.service"));
	job_start(&W.jobs, id("d.service"));
	job_start(&W.jobs, id("e.service"));
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	ck_assert_int_eq(job_stop(&W.jobs, id("b.service")), 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(R(deps[i])->n_kill, 1);
		state_is(deps[i], SVC_STOP_SIGTERM);
	}
	ck_assert_uint_eq(R("b.service")->n_kill, 0);
	ck_assert_uint_eq(R("e.service")->n_kill, 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_eq(R("b.service")->n_kill, 0);
		main_killed(deps[i]);
	}
	ck_assert_uint_eq(R("b.service")->n_kill, 1);
	state_is("b.service", SVC_STOP_SIGTERM);
	main_killed("b.service");
	state_is("b.service", SVC_DEAD);
	done_once("b.service", JOB_STOP, JOB_DONE);
	for (int i = 0; i < 3; i++) {
		done_once(deps[i], JOB_STOP, JOB_DONE);
		state_is(deps[i], SVC_DEAD);
		ck_assert_uint_lt(R(deps[i])->kill_seq,
				  R("b.service")->kill_seq);
	}
	state_is("e.service", SVC_RUNNING);
	ck_assert_uint_eq(R("e.service")->n_done, 0);
}
END_TEST

START_TEST(test_on_failure)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *b = service("b.service", SVC_SIMPLE);

	service("f.service", SVC_SIMPLE);
	service("g.service", SVC_SIMPLE);
	dep(a, DEP_ON_FAILURE, "f.service");
	dep(b, DEP_ON_FAILURE, "g.service");
	b->svc.restart = RESTART_ON_FAILURE;
	b->svc.restart_sec = 0;
	b->start_limit_burst = 1; /* the first automatic restart is refused */
	build();

	job_start(&W.jobs, id("a.service"));
	ck_assert_uint_eq(R("f.service")->n_spawn, 0);
	main_exit("a.service", 1);
	state_is("a.service", SVC_FAILED);
	ck_assert_uint_eq(R("f.service")->n_spawn, 1);
	state_is("f.service", SVC_RUNNING);
	done_once("f.service", JOB_START, JOB_DONE);

	job_start(&W.jobs, id("b.service"));
	main_exit("b.service", 1);
	state_is("b.service", SVC_AUTO_RESTART);
	ck_assert_uint_eq(R("g.service")->n_spawn, 0);
	svc_deadline(S("b.service")); /* restart: start limit hit */
	state_is("b.service", SVC_FAILED);
	ck_assert_int_eq(S("b.service")->result, RESULT_START_LIMIT_HIT);
	ck_assert_uint_eq(R("g.service")->n_spawn, 1);
	done_once("g.service", JOB_START, JOB_DONE);
}
END_TEST

START_TEST(test_conflicts)
{
	struct unit *a = service("a.service", SVC_SIMPLE);

	service("b.service", SVC_SIMPLE);
	dep(a, DEP_CONFLICTS, "b.service");
	build();
	job_start(&W.jobs, id("b.service"));
	state_is("b.service", SVC_RUNNING);
	/* Starting a stops b ... */
	job_start(&W.jobs, id("a.service"));
	state_is("a.service", SVC_RUNNING);
	state_is("b.service", SVC_STOP_SIGTERM);
	main_killed("b.service");
	state_is("b.service", SVC_DEAD);
	ck_assert_uint_eq(R("b.service")->n_done, 2);
	ck_assert_int_eq(R("b.service")->done_type, JOB_STOP);
	ck_assert_int_eq(R("b.service")->done_result, JOB_DONE);
	/* ... and starting b stops a: the conflict works both ways. */
	ck_assert_uint_eq(R("a.service")->n_kill, 0);
	job_start(&W.jobs, id("b.service"));
	state_is("b.service", SVC_RUNNING);
	ck_assert_uint_eq(R("a.service")->n_kill, 1);
	main_killed("a.service");
	state_is("a.service", SVC_DEAD);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A conflicting unit that is not up yet but has a start queued loses that
 * start: both cannot end up running. */
START_TEST(test_conflicts_pending_start)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *c = service("c.service", SVC_SIMPLE);

	service("b.service", SVC_EXEC);
	dep(a, DEP_WANTS, "b.service");
	dep(a, DEP_AFTER, "b.service");
	dep(c, DEP_CONFLICTS, "a.service");
	build();
	job_start(&W.jobs, id("a.service")); /* waits for b */
	ck_assert_int_eq(W.jobs.job[id("a.service")].type, JOB_START);
	job_start(&W.jobs, id("c.service"));
	state_is("c.service", SVC_RUNNING);
	/* a's start was replaced by a stop, which ends at once: a is down. */
	ck_assert_uint_eq(R("a.service")->n_done, 2);
	ck_assert_int_eq(R("a.service")->first_type, JOB_START);
	ck_assert_int_eq(R("a.service")->first_result, JOB_CANCELED);
	ck_assert_int_eq(R("a.service")->done_type, JOB_STOP);
	ck_assert_int_eq(R("a.service")->done_result, JOB_DONE);
	exec_ok("b.service");
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	state_is("c.service", SVC_RUNNING);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A stop goes before a start whichever way the two are ordered: a is After
 * b, a is stopping, and b's start waits until a is down. */
START_TEST(test_stop_before_start)
{
	struct unit *a = service("a.service", SVC_SIMPLE);

	service("b.service", SVC_SIMPLE);
	dep(a, DEP_AFTER, "b.service");
	build();
	job_start(&W.jobs, id("a.service")); /* b is not pulled in */
	state_is("a.service", SVC_RUNNING);
	state_is("b.service", SVC_DEAD);
	job_stop(&W.jobs, id("a.service"));
	state_is("a.service", SVC_STOP_SIGTERM);
	job_start(&W.jobs, id("b.service"));
	ck_assert_uint_eq(R("b.service")->n_spawn, 0);
	main_killed("a.service");
	ck_assert_uint_eq(R("b.service")->n_spawn, 1);
	ck_assert_uint_gt(R("b.service")->spawn_seq, R("a.service")->done_seq);
	done_once("b.service", JOB_START, JOB_DONE);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

START_TEST(test_stop_all)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	struct unit *b = service("b.service", SVC_SIMPLE);
	struct unit *t = target("t.target");

	service("c.service", SVC_SIMPLE);
	service("d.service", SVC_SIMPLE);
	dep(t, DEP_WANTS, "a.service");
	dep(a, DEP_WANTS, "b.service");
	dep(a, DEP_AFTER, "b.service");
	dep(b, DEP_WANTS, "c.service");
	dep(b, DEP_AFTER, "c.service");
	build();
	job_start(&W.jobs, id("t.target"));
	ck_assert(svc_is_active(S("t.target")));
	state_is("c.service", SVC_RUNNING);
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	ck_assert_int_eq(job_stop_all(&W.jobs), 0);
	/* The target is After a: it goes first, then a, b, c in turn. */
	state_is("t.target", SVC_DEAD);
	done_once("t.target", JOB_STOP, JOB_DONE);
	ck_assert_uint_eq(R("a.service")->n_kill, 1);
	ck_assert_uint_eq(R("b.service")->n_kill, 0);
	main_killed("a.service");
	ck_assert_uint_eq(R("b.service")->n_kill, 1);
	ck_assert_uint_eq(R("c.service")->n_kill, 0);
	main_killed("b.service");
	ck_assert_uint_eq(R("c.service")->n_kill, 1);
	main_killed("c.service");
	for (int i = 0; i < 3; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%c.service", 'a' + i);
		state_is(name, SVC_DEAD);
		done_once(name, JOB_STOP, JOB_DONE);
	}
	ck_assert_uint_eq(R("d.service")->n_done, 0); /* was never up */
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

START_TEST(test_restart)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	pid_t first;

	a->svc.restart = RESTART_ALWAYS;
	build();
	job_start(&W.jobs, id("a.service"));
	first = S("a.service")->main_pid;
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	ck_assert_int_eq(job_restart(&W.jobs, id("a.service"), false), 0);
	state_is("a.service", SVC_STOP_SIGTERM);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	main_killed("a.service");
	state_is("a.service", SVC_RUNNING);
	ck_assert_int_ne(S("a.service")->main_pid, first);
	ck_assert_uint_eq(R("a.service")->n_spawn, 1);
	done_once("a.service", JOB_RESTART, JOB_DONE);
	/* It is wanted up again: a crash is restarted automatically. */
	ck_assert_int_eq(S("a.service")->want, SVC_WANT_UP);
	main_exit("a.service", 1);
	state_is("a.service", SVC_AUTO_RESTART);
}
END_TEST

/* Restarting b, which a Requires and is After: a stops before b, and
 * starts again after b. */
START_TEST(test_restart_order)
{
	struct unit *a = service("a.service", SVC_SIMPLE);

	service("b.service", SVC_EXEC);
	dep(a, DEP_REQUIRES, "b.service");
	dep(a, DEP_AFTER, "b.service");
	build();
	job_start(&W.jobs, id("a.service"));
	exec_ok("b.service");
	state_is("a.service", SVC_RUNNING);
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	job_restart(&W.jobs, id("b.service"), false);
	ck_assert_uint_eq(R("a.service")->n_kill, 1);
	ck_assert_uint_eq(R("b.service")->n_kill, 0);
	state_is("b.service", SVC_RUNNING);
	main_killed("a.service");
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	ck_assert_uint_eq(R("b.service")->n_kill, 1);
	main_killed("b.service");
	ck_assert_uint_eq(R("b.service")->n_spawn, 1);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0); /* b not ready yet */
	exec_ok("b.service");
	ck_assert_uint_eq(R("a.service")->n_spawn, 1);
	state_is("a.service", SVC_RUNNING);
	state_is("b.service", SVC_RUNNING);
	done_once("a.service", JOB_RESTART, JOB_DONE);
	done_once("b.service", JOB_RESTART, JOB_DONE);
}
END_TEST

START_TEST(test_try_restart_inactive)
{
	service("a.service", SVC_SIMPLE);
	service("b.service", SVC_SIMPLE);
	build();
	ck_assert_int_eq(job_restart(&W.jobs, id("a.service"), true), 0);
	ck_assert_uint_eq(R("a.service")->n_spawn, 0);
	ck_assert_uint_eq(R("a.service")->n_done, 0);
	no_job("a.service");
	state_is("a.service", SVC_DEAD);
	/* On an active unit it restarts. */
	job_start(&W.jobs, id("b.service"));
	memset(W.rec, 0, W.n * sizeof(*W.rec));
	ck_assert_int_eq(job_restart(&W.jobs, id("b.service"), true), 0);
	main_killed("b.service");
	ck_assert_uint_eq(R("b.service")->n_spawn, 1);
	done_once("b.service", JOB_RESTART, JOB_DONE);
}
END_TEST

START_TEST(test_reload)
{
	struct unit *b;

	service("a.service", SVC_SIMPLE);
	b = service("b.service", SVC_SIMPLE);
	add_cmd(&b->svc.reload, "/bin/reload");
	build();
	job_start(&W.jobs, id("a.service"));
	job_start(&W.jobs, id("b.service"));
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	ck_assert_int_eq(job_reload(&W.jobs, id("a.service")), 0);
	done_once("a.service", JOB_RELOAD, JOB_UNSUPPORTED);
	state_is("a.service", SVC_RUNNING);

	ck_assert_int_eq(job_reload(&W.jobs, id("b.service")), 0);
	state_is("b.service", SVC_RELOAD);
	ck_assert_uint_eq(R("b.service")->n_control, 1);
	ck_assert_uint_eq(R("b.service")->n_done, 0);
	control_exit("b.service", 0);
	state_is("b.service", SVC_RUNNING);
	done_once("b.service", JOB_RELOAD, JOB_DONE);
}
END_TEST

START_TEST(test_cycle_refused)
{
	struct unit *t = target("t.target");
	struct unit *x = service("x.service", SVC_SIMPLE);
	struct unit *y = service("y.service", SVC_SIMPLE);
	struct unit *w = service("w.service", SVC_SIMPLE);

	service("z.service", SVC_SIMPLE);
	dep(x, DEP_AFTER, "y.service");
	dep(y, DEP_AFTER, "x.service");
	dep(w, DEP_REQUIRES, "x.service"); /* no After=: w is not on it */
	dep(t, DEP_WANTS, "x.service");
	dep(t, DEP_WANTS, "y.service");
	dep(t, DEP_WANTS, "z.service");
	build();
	ck_assert(graph_refused(&W.g, id("x.service")));
	ck_assert(graph_refused(&W.g, id("y.service")));
	ck_assert(!graph_refused(&W.g, id("w.service")));
	ck_assert(!graph_refused(&W.g, id("t.target")));

	ck_assert_int_eq(job_start(&W.jobs, id("x.service")), -ELOOP);
	ck_assert_uint_eq(R("x.service")->n_spawn, 0);
	ck_assert_uint_eq(R("x.service")->n_done, 0);
	no_job("x.service");

	ck_assert_int_eq(job_start(&W.jobs, id("t.target")), 0);
	state_is("z.service", SVC_RUNNING);
	ck_assert(svc_is_active(S("t.target")));
	done_once("t.target", JOB_START, JOB_DONE);
	ck_assert_uint_eq(R("x.service")->n_spawn, 0);
	ck_assert_uint_eq(R("y.service")->n_spawn, 0);

	/* Units that were running before a daemon-reload put them on a
	 * cycle still stop at shutdown, though each is After the other. */
	ck_assert_int_eq(svc_start(S("x.service")), 0);
	ck_assert_int_eq(svc_start(S("y.service")), 0);
	ck_assert_int_eq(job_stop_all(&W.jobs), 0);
	state_is("x.service", SVC_STOP_SIGTERM);
	state_is("y.service", SVC_STOP_SIGTERM);
	main_killed("x.service");
	main_killed("y.service");
	main_killed("z.service");
	done_once("x.service", JOB_STOP, JOB_DONE);
	done_once("y.service", JOB_STOP, JOB_DONE);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
	memset(W.rec, 0, W.n * sizeof(*W.rec));

	/* Requiring a refused unit fails the start (graph.h). */
	ck_assert_int_eq(job_start(&W.jobs, id("w.service")), 0);
	done_once("w.service", JOB_START, JOB_DEPENDENCY);
	ck_assert_uint_eq(R("w.service")->n_spawn, 0);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A placeholder for a unit that failed to load, as the loader makes it:
 * a name, a reason, no command. */
static void broken(const char *name)
{
	struct unit *u = unit_new(name, unit_type_from_name(name));

	ck_assert_ptr_nonnull(u);
	u->load_error = strdup("/etc/svinit/x:3: invalid Type=: \"bogus\"");
	ck_assert_int_eq(unitset_add(&W.set, u), 0);
}

/* A unit that failed to load is never started: asked for directly it is
 * refused with -ENOEXEC (no job); Requires=/Requisite=/BindsTo= on it fail
 * with "dependency" without running anything; Wants= of it and OnFailure=
 * naming it are harmless. */
START_TEST(test_load_error)
{
	struct unit *t = target("t.target");
	struct unit *req = service("req.service", SVC_SIMPLE);
	struct unit *bind = service("bind.service", SVC_SIMPLE);
	struct unit *need = service("need.service", SVC_SIMPLE);
	struct unit *want = service("want.service", SVC_SIMPLE);

	broken("bad.service");
	dep(req, DEP_REQUIRES, "bad.service");
	dep(req, DEP_AFTER, "bad.service");
	dep(bind, DEP_BINDS_TO, "bad.service"); /* not After=: still fails */
	dep(need, DEP_REQUISITE, "bad.service");
	dep(want, DEP_WANTS, "bad.service");
	dep(want, DEP_AFTER, "bad.service");
	dep(want, DEP_ON_FAILURE, "bad.service");
	dep(t, DEP_WANTS, "bad.service");
	dep(t, DEP_WANTS, "want.service");
	build();
	ck_assert(graph_load_error(&W.g, id("bad.service")));
	ck_assert(!graph_startable(&W.g, id("bad.service")));
	ck_assert(!graph_refused(&W.g, id("bad.service")));
	ck_assert_str_eq(graph_unmet_dep(&W.g, &W.set, id("req.service")),
			 "bad.service");
	ck_assert_ptr_null(graph_unmet_dep(&W.g, &W.set, id("want.service")));

	ck_assert_int_eq(job_start(&W.jobs, id("bad.service")), -ENOEXEC);
	ck_assert_int_eq(job_restart(&W.jobs, id("bad.service"), false),
			 -ENOEXEC);
	ck_assert_int_eq(job_restart(&W.jobs, id("bad.service"), true), 0);
	no_job("bad.service");
	ck_assert_uint_eq(R("bad.service")->n_done, 0);

	ck_assert_int_eq(job_start(&W.jobs, id("req.service")), 0);
	ck_assert_int_eq(job_start(&W.jobs, id("bind.service")), 0);
	ck_assert_int_eq(job_start(&W.jobs, id("need.service")), 0);
	done_once("req.service", JOB_START, JOB_DEPENDENCY);
	done_once("bind.service", JOB_START, JOB_DEPENDENCY);
	done_once("need.service", JOB_START, JOB_DEPENDENCY);
	ck_assert_uint_eq(R("req.service")->n_spawn, 0);
	ck_assert_uint_eq(R("bind.service")->n_spawn, 0);
	ck_assert_uint_eq(R("need.service")->n_spawn, 0);
	no_job("bad.service");

	/* Wanted by a target and by a service: both come up without it. */
	ck_assert_int_eq(job_start(&W.jobs, id("t.target")), 0);
	state_is("want.service", SVC_RUNNING);
	done_once("want.service", JOB_START, JOB_DONE);
	done_once("t.target", JOB_START, JOB_DONE);
	state_is("bad.service", SVC_DEAD);
	ck_assert_uint_eq(R("bad.service")->n_done, 0);

	/* want.service fails: its OnFailure= names the broken unit, which
	 * is not started (and nothing breaks). */
	main_exit("want.service", 1);
	state_is("want.service", SVC_FAILED);
	state_is("bad.service", SVC_DEAD);
	ck_assert_uint_eq(R("bad.service")->n_spawn, 0);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* Every job ends once: merged requests share a job, a replaced job ends
 * canceled, the replacement ends on its own. */
START_TEST(test_done_once)
{
	service("a.service", SVC_EXEC);
	service("b.service", SVC_EXEC);
	build();
	job_start(&W.jobs, id("a.service"));
	job_start(&W.jobs, id("a.service"));
	ck_assert_uint_eq(R("a.service")->n_done, 0);
	ck_assert_uint_eq(W.jobs.n_pending, 1);
	exec_ok("a.service");
	done_once("a.service", JOB_START, JOB_DONE);
	exec_ok("a.service"); /* a late duplicate event changes nothing */
	ck_assert_uint_eq(R("a.service")->n_done, 1);

	job_start(&W.jobs, id("b.service"));
	job_stop(&W.jobs, id("b.service"));
	done_once("b.service", JOB_START, JOB_CANCELED);
	state_is("b.service", SVC_STOP_SIGTERM);
	main_killed("b.service");
	ck_assert_uint_eq(R("b.service")->n_done, 2);
	ck_assert_int_eq(R("b.service")->done_type, JOB_STOP);
	ck_assert_int_eq(R("b.service")->done_result, JOB_DONE);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
	/* A stop of a unit that is down ends at once, done. */
	memset(W.rec, 0, W.n * sizeof(*W.rec));
	job_stop(&W.jobs, id("b.service"));
	done_once("b.service", JOB_STOP, JOB_DONE);
}
END_TEST

/* A start that replaces a stop waits for the stop to end; a stop that
 * ends in failure (here a stop timeout) is not the start's outcome. */
START_TEST(test_start_while_stopping)
{
	struct unit *a = service("a.service", SVC_SIMPLE);
	pid_t first;

	a->svc.timeout_stop = 5 * USEC_PER_SEC;
	build();
	job_start(&W.jobs, id("a.service"));
	first = S("a.service")->main_pid;
	memset(W.rec, 0, W.n * sizeof(*W.rec));
	job_stop(&W.jobs, id("a.service"));
	state_is("a.service", SVC_STOP_SIGTERM);
	job_start(&W.jobs, id("a.service"));
	done_once("a.service", JOB_STOP, JOB_CANCELED);
	state_is("a.service", SVC_STOP_SIGTERM);
	/* SIGTERM ignored: the deadline sends SIGKILL. */
	svc_deadline(S("a.service"));
	state_is("a.service", SVC_STOP_SIGKILL);
	ck_assert_uint_eq(R("a.service")->n_done, 1);
	svc_child_exited(S("a.service"), first, CLD_KILLED, SIGKILL);
	state_is("a.service", SVC_RUNNING);
	ck_assert_int_ne(S("a.service")->main_pid, first);
	ck_assert_uint_eq(R("a.service")->n_done, 2);
	ck_assert_int_eq(R("a.service")->done_type, JOB_START);
	ck_assert_int_eq(R("a.service")->done_result, JOB_DONE);
}
END_TEST

START_TEST(test_bad_node)
{
	service("a.service", SVC_SIMPLE);
	build();
	ck_assert_int_eq(job_start(&W.jobs, W.n), -EINVAL);
	ck_assert_int_eq(job_stop(&W.jobs, W.n), -EINVAL);
	ck_assert_int_eq(job_restart(&W.jobs, W.n, false), -EINVAL);
	ck_assert_int_eq(job_reload(&W.jobs, W.n + 7), -EINVAL);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* No recursion over the graph: a chain of 10,000 units, each After and
 * Requiring the next, starts from its head in order, one readiness event
 * at a time; then stop_all takes it down in the reverse order. */
#define CHAIN 10000

START_TEST(test_long_chain)
{
	char name[32];

	for (int i = 0; i < CHAIN; i++) {
		struct unit *u;

		snprintf(name, sizeof(name), "a%05d.service", i);
		u = service(name, SVC_EXEC);
		if (i + 1 < CHAIN) {
			snprintf(name, sizeof(name), "a%05d.service", i + 1);
			dep(u, DEP_REQUIRES, name);
			dep(u, DEP_AFTER, name);
		}
	}
	build();
	ck_assert_int_eq(job_start(&W.jobs, 0), 0);
	ck_assert_uint_eq(W.jobs.n_pending, CHAIN);
	for (uint32_t i = CHAIN; i-- > 0;) {
		/* Exactly the next one is spawned, and nothing before it. */
		ck_assert_uint_eq(W.rec[i].n_spawn, 1);
		if (i > 0)
			ck_assert_uint_eq(W.rec[i - 1].n_spawn, 0);
		ck_assert_int_eq(W.svc[i].state, SVC_START);
		svc_exec_ok(&W.svc[i], W.svc[i].main_pid);
		ck_assert_int_eq(W.svc[i].state, SVC_RUNNING);
		ck_assert_uint_eq(W.rec[i].n_done, 1);
		ck_assert_int_eq(W.rec[i].done_result, JOB_DONE);
	}
	ck_assert_uint_eq(W.jobs.n_pending, 0);

	ck_assert_int_eq(job_stop_all(&W.jobs), 0);
	for (uint32_t i = 0; i < CHAIN; i++) {
		ck_assert_uint_eq(W.rec[i].n_kill, 1);
		if (i + 1 < CHAIN)
			ck_assert_uint_eq(W.rec[i + 1].n_kill, 0);
		svc_child_exited(&W.svc[i], W.svc[i].main_pid, CLD_KILLED,
				 SIGTERM);
		ck_assert_int_eq(W.svc[i].state, SVC_DEAD);
	}
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A target wanting 10,000 independent units: all are spawned by the one
 * job_start, and the target is reached with the last readiness. */
START_TEST(test_wide_target)
{
	struct unit *t = target("t.target");
	char name[32];

	for (int i = 0; i < CHAIN; i++) {
		snprintf(name, sizeof(name), "w%05d.service", i);
		service(name, SVC_EXEC);
		dep(t, DEP_WANTS, name);
	}
	build();
	ck_assert_int_eq(job_start(&W.jobs, id("t.target")), 0);
	for (uint32_t i = 1; i <= CHAIN; i++)
		ck_assert_uint_eq(W.rec[i].n_spawn, 1);
	for (uint32_t i = 1; i <= CHAIN; i++) {
		ck_assert(!svc_is_active(S("t.target")));
		svc_exec_ok(&W.svc[i], W.svc[i].main_pid);
	}
	ck_assert(svc_is_active(S("t.target")));
	done_once("t.target", JOB_START, JOB_DONE);
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

/* A failure at the end of a long chain fails every start above it, still
 * without recursion. */
START_TEST(test_long_chain_failure)
{
	char name[32];

	for (int i = 0; i < CHAIN; i++) {
		struct unit *u;

		snprintf(name, sizeof(name), "a%05d.service", i);
		u = service(name, SVC_EXEC);
		if (i + 1 < CHAIN) {
			snprintf(name, sizeof(name), "a%05d.service", i + 1);
			dep(u, DEP_REQUIRES, name);
			dep(u, DEP_AFTER, name);
		}
	}
	build();
	job_start(&W.jobs, 0);
	svc_child_exited(&W.svc[CHAIN - 1], W.svc[CHAIN - 1].main_pid,
			 CLD_EXITED, 1);
	for (uint32_t i = 0; i + 1 < CHAIN; i++) {
		ck_assert_uint_eq(W.rec[i].n_done, 1);
		ck_assert_int_eq(W.rec[i].done_result, JOB_DEPENDENCY);
		ck_assert_uint_eq(W.rec[i].n_spawn, 0);
	}
	ck_assert_uint_eq(W.jobs.n_pending, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("job");
	TCase *tc = tcase_create("engine");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pull_closure);
	tcase_add_test(tc, test_order_waits_for_readiness);
	tcase_add_test(tc, test_order_dag);
	tcase_add_test(tc, test_parallel_and_target);
	tcase_add_test(tc, test_target_wanted_unit_fails);
	tcase_add_test(tc, test_requires_failure);
	tcase_add_test(tc, test_wants_failure);
	tcase_add_test(tc, test_requisite);
	tcase_add_test(tc, test_missing_requires);
	tcase_add_test(tc, test_condition_skipped);
	tcase_add_test(tc, test_binds_to);
	tcase_add_test(tc, test_stop_propagation);
	tcase_add_test(tc, test_on_failure);
	tcase_add_test(tc, test_conflicts);
	tcase_add_test(tc, test_conflicts_pending_start);
	tcase_add_test(tc, test_stop_before_start);
	tcase_add_test(tc, test_stop_all);
	tcase_add_test(tc, test_restart);
	tcase_add_test(tc, test_restart_order);
	tcase_add_test(tc, test_try_restart_inactive);
	tcase_add_test(tc, test_reload);
	tcase_add_test(tc, test_cycle_refused);
	tcase_add_test(tc, test_load_error);
	tcase_add_test(tc, test_done_once);
	tcase_add_test(tc, test_start_while_stopping);
	tcase_add_test(tc, test_bad_node);
	tcase_add_test(tc, test_long_chain);
	tcase_add_test(tc, test_long_chain_failure);
	tcase_add_test(tc, test_wide_target);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
