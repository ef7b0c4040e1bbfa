#include "ctlcmd.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/epoll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "control.h"
#include "ctlinstall.h"
#include "ctlquery.h"
#include "ctltiming.h"
#include "ctlreply.h"
#include "ctlview.h"
#include "manager.h"
#include "parse.h"
#include "proto.h"
#include "slog.h"
#include "spawn.h"

/*
 * ctlcmd: the daemon's side of svctl's verbs (see ctlcmd.h).
 *
 * A request is handled by one verb function, which either answers at
 * once through `struct out` (a proto_writer: replies of any size are
 * built in linear time), hands the answer to a stream (ctlview's
 * listings), or, for job verbs, registers the client as pending and
 * answers when the jobs of the units it named have ended. Nothing here
 * blocks; the only waits are those pending clients, which the job
 * engine ends through ctlcmd_job_done.
 */

/*
 * One unit of a pending request. The request waits for "its" job on the
 * unit: the one the request created or merged into, whose type is known
 * only once the job call has returned (a start merges into a restart; a
 * reload folds into any other job). While the call runs (`issuing`),
 * results for the unit are only remembered: one of them may be the end
 * of our own job (a stop of a unit that is already down ends at once),
 * and the last one is it, since our job is the last one put on the
 * unit; an earlier one is a job ours replaced (the start a stop
 * cancels). Afterwards only the end of a job of type `want` counts, so
 * the canceled start of a unit being stopped is reported to whoever
 * waited for that start, never to the stop.
 */
struct pending_unit {
	enum job_type want; /* the job waited for, once issued */
	bool issuing;
	bool seen; /* a result came while issuing */
	enum job_result seen_result;
	bool done;
};

/* The control side of the daemon: the socket, its place in the loop and
 * the clients waiting for jobs. The manager knows nothing of it. */
struct ctlcmd {
	struct mgr *m;
	struct control *ctl;
	struct loop_io io;
	struct mgr_pending *pending; /* a list */
	struct ctltiming *timing;    /* for analyze */
};

/* A client waiting for the jobs of its request. */
struct mgr_pending {
	struct mgr_pending *next;
	struct mgr *m;
	struct control_client *cl; /* NULL once it hung up */
	size_t n, left;		   /* units named, not done yet */
	bool building;		   /* v_job is still queueing: answer later */
	struct mgr_unit **units;   /* stable across daemon-reload */
	struct pending_unit *pu;
	struct proto_writer errors; /* one line per failed unit */
	size_t n_errors;
};

/* ---- verbs ---- */

/* A verb reads argv (argv[0] is the verb) and answers through o, or
 * sets o->answered when it answered cl itself or will later. */
typedef void verb_fn(struct ctlcmd *c, struct control_client *cl, int argc,
		     char **argv, struct out *o);

static void v_is(struct ctlcmd *c, struct control_client *cl, int argc,
		 char **argv, struct out *o)
{
	struct mgr *m = c->m;
	bool want_failed = strcmp(argv[0], "is-failed") == 0;
	bool all = true;
	int err;

	if (!ctlreply_need_units(argc, o, argv[0]))
		return;
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = ctlview_find(m, argv[i], &err);
		enum svc_active a =
			mu ? svc_active_state(&mu->svc) : ACTIVE_INACTIVE;

		if (err == -EINVAL) {
			ctlreply_fail(o, PROTO_USAGE,
				      "svctl: invalid unit name: %s", argv[i]);
			continue;
		}
		/* systemctl prints "inactive" for an unknown unit. */
		proto_writer_add(&o->w, svc_active_to_string(a));
		if (want_failed ? a != ACTIVE_FAILED
				: a != ACTIVE_ACTIVE && a != ACTIVE_RELOADING)
			all = false;
	}
	if (!(o->flags & PROTO_F_ERROR))
		o->code = all ? PROTO_OK
			      : (want_failed ? PROTO_FAILURE : PROTO_INACTIVE);
}

static void v_logs(struct ctlcmd *c, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	struct mgr *m = c->m;
	struct mgr_unit *mu = NULL;
	size_t n = SIZE_MAX;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			char *end;

			n = strtoul(argv[++i], &end, 10);
			if (*end || !*argv[i]) {
				ctlreply_fail(o, PROTO_USAGE,
					      "svctl: logs: bad line count: %s",
					      argv[i]);
				return;
			}
		} else if (strcmp(argv[i], "-f") == 0) {
			/* svctl follows the file itself */
		} else if (!mu) {
			mu = ctlreply_lookup(m, argv[i], o);
			if (!mu)
				return;
		}
	}
	if (!mu) {
		ctlreply_fail(o, PROTO_USAGE, "svctl: logs: no unit given");
		return;
	}
	r = ctlview_log_tail(m, mu, n, "", &o->w);
	if (r < 0)
		ctlreply_fail(o, PROTO_FAILURE,
			      "svctl: %s: cannot read the log: %s",
			      mu->unit->name, strerror(-r));
}

static void v_kill(struct ctlcmd *c, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	struct mgr *m = c->m;
	int sig = SIGTERM, n = 0;

	/* Every name and the signal checked first: nothing is signalled
	 * when one is wrong. Then each unit named, as systemctl does. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			if (parse_signal(argv[++i], &sig) < 0) {
				ctlreply_fail(o, PROTO_USAGE,
					      "svctl: kill: bad signal: %s",
					      argv[i]);
				return;
			}
		} else if (!ctlreply_lookup(m, argv[i], o)) {
			return;
		} else {
			n++;
		}
	}
	if (n == 0) {
		ctlreply_fail(o, PROTO_USAGE, "svctl: kill: no unit given");
		return;
	}
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu;

		if (strcmp(argv[i], "-s") == 0) {
			i++;
			continue;
		}
		mu = ctlreply_lookup(m, argv[i], o);
		if (svc_kill(&mu->svc, sig) < 0)
			ctlreply_fail(o, PROTO_FAILURE,
				      "svctl: %s: no process to signal",
				      mu->unit->name);
	}
}

/* set-property UNIT [--persist] KEY=VALUE...: all or nothing. */
static void v_set_property(struct ctlcmd *c, struct control_client *cl,
			   int argc, char **argv, struct out *o)
{
	struct mgr_unit *mu = NULL;
	char **assign = calloc((size_t)argc, sizeof(*assign));
	char msg[512] = "";
	bool keep = false;
	size_t n = 0;
	int r;

	if (!assign) {
		o->w.err = -ENOMEM;
		return;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--persist") == 0)
			keep = true;
		else if (!mu && !strchr(argv[i], '='))
			mu = ctlreply_lookup(c->m, argv[i], o);
		else
			assign[n++] = argv[i];
		if (o->flags & PROTO_F_ERROR)
			goto out;
	}
	if (!mu || n == 0) {
		ctlreply_fail(
			o, PROTO_USAGE,
			"svctl: set-property UNIT [--persist] KEY=VALUE...");
		goto out;
	}
	r = mgr_set_property(c->m, mu, assign, n, keep, msg, sizeof(msg));
	if (r == -ENOMEM && !msg[0])
		o->w.err = r;
	else if (r < 0)
		ctlreply_fail(o, r == -EINVAL ? PROTO_USAGE : PROTO_FAILURE,
			      "svctl: set-property %s: %s", mu->unit->name,
			      msg);
out:
	free(assign);
}

/* scale NAME@ N [--persist]: NAME@ stands for NAME@.service. */
static void v_scale(struct ctlcmd *c, struct control_client *cl, int argc,
		    char **argv, struct out *o)
{
	char tmpl[UNIT_NAME_MAX], msg[256], *end;
	const char *name = NULL, *count = NULL;
	struct diag_list dl;
	bool keep = false;
	unsigned long n = 0;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--persist") == 0)
			keep = true;
		else if (!name)
			name = argv[i];
		else if (!count)
			count = argv[i];
		else
			name = NULL, i = argc;
	}
	if (count) {
		errno = 0;
		n = strtoul(count, &end, 10);
	}
	if (!name || !count || errno || *end || !*count || n > 100000) {
		ctlreply_fail(o, PROTO_USAGE,
			      "svctl: scale NAME@ COUNT [--persist]");
		return;
	}
	snprintf(tmpl, sizeof(tmpl), "%s%s", name,
		 name[strlen(name) - 1] == '@' ? ".service" : "");
	diag_init(&dl);
	r = mgr_scale(c->m, tmpl, (unsigned)n, keep, &dl, msg, sizeof(msg));
	diag_free(&dl);
	if (r == -ENOMEM && !msg[0])
		o->w.err = r;
	else if (r < 0)
		ctlreply_fail(o, r == -EINVAL ? PROTO_USAGE : PROTO_FAILURE,
			      "svctl: scale %s: %s", tmpl, msg);
}

/* Without a unit: every unit, as systemctl does. */
static void v_reset_failed(struct ctlcmd *c, struct control_client *cl,
			   int argc, char **argv, struct out *o)
{
	struct mgr *m = c->m;
	if (argc == 1) {
		for (uint32_t i = 0; i < m->n; i++)
			svc_reset_failed(&m->mu[i]->svc);
		return;
	}
	if (!ctlreply_all_found(m, argc, argv, o))
		return;
	for (int i = 1; i < argc; i++)
		svc_reset_failed(&ctlreply_lookup(m, argv[i], o)->svc);
}

/* The problems found in the files come first; with errors (-EINVAL)
 * they are the answer, on stderr, and nothing changed. */
static void v_daemon_reload(struct ctlcmd *c, struct control_client *cl,
			    int argc, char **argv, struct out *o)
{
	struct mgr *m = c->m;
	struct diag_list dl;
	struct strv_builder lines = {0};
	char buf[1024];
	int r;

	diag_init(&dl);
	r = mgr_reload(m, &dl, &lines);
	for (size_t i = 0; i < dl.n; i++) {
		diag_format(&dl.items[i], buf, sizeof(buf));
		if (r == -EINVAL)
			ctlreply_fail(o, PROTO_FAILURE, "%s", buf);
		else
			proto_writer_add(&o->w, buf);
	}
	diag_free(&dl);
	if (r == -EINVAL)
		ctlreply_fail(
			o, PROTO_FAILURE,
			"svctl: daemon-reload: the unit files have errors and "
			"loaded units are missing from them; nothing was "
			"changed");
	else if (r == -EBUSY)
		ctlreply_fail(
			o, PROTO_FAILURE,
			"svctl: daemon-reload: jobs are running; try again "
			"when they are done");
	else if (r < 0)
		ctlreply_fail(o, PROTO_FAILURE, "svctl: daemon-reload: %s",
			      strerror(-r));
	else
		for (char **l = lines.v; l && *l; l++)
			proto_writer_add(&o->w, *l);
	strv_free(lines.v);
}

/* analyze: the figures ctltiming keeps (verify is svctl's own). */
static void v_analyze(struct ctlcmd *c, struct control_client *cl, int argc,
		      char **argv, struct out *o)
{
	ctltiming_analyze(c->timing, c->m, argc, argv, o);
}

static void v_exit(struct ctlcmd *c, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	struct mgr *m = c->m;
	mgr_shutdown(m);
}

/* poweroff, reboot, halt: only for the init of a machine; elsewhere
 * `exit` is the way out (systemctl refuses them in a container too). */
static void v_power(struct ctlcmd *c, struct control_client *cl, int argc,
		    char **argv, struct out *o)
{
	enum pid1_action a = strcmp(argv[0], "poweroff") == 0 ? PID1_POWEROFF
			     : strcmp(argv[0], "reboot") == 0 ? PID1_REBOOT
							      : PID1_HALT;

	if (!c->m->cfg.machine) {
		ctlreply_fail(
			o, PROTO_FAILURE,
			"svctl: %s: svinit is not the init of this machine "
			"(svctl exit stops it)",
			argv[0]);
		return;
	}
	mgr_shutdown_for(c->m, a);
}

/* ---- jobs and the clients that wait for them ---- */

static void pending_free(struct mgr_pending *p)
{
	free(p->units);
	free(p->pu);
	proto_writer_free(&p->errors);
	free(p);
}

/* Every unit of p is done: answer its client, if it is still there,
 * with the failures or with nothing, and forget p. */
static void pending_answer(struct ctlcmd *c, struct mgr_pending *p)
{
	struct mgr_pending **pp;

	for (pp = &c->pending; *pp && *pp != p; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = p->next;
	if (p->cl)
		control_reply_writer(p->cl, &p->errors,
				     p->n_errors ? PROTO_FAILURE : PROTO_OK,
				     p->n_errors ? PROTO_F_ERROR : 0);
	pending_free(p);
}

/* Unit i of p is done; a failure is one line for the client's stderr. */
static void pending_finish(struct mgr_pending *p, size_t i, const char *msg)
{
	if (p->pu[i].done)
		return;
	p->pu[i].done = true;
	p->left--;
	if (msg) {
		proto_writer_add(&p->errors, msg);
		p->n_errors++;
	}
}

/*
 * Why the job of unit i ended as it did, in words a user can act on, or
 * NULL when it did not fail. A start refused by the graph ends "failed"
 * with the service untouched (its Result still "success"), so the cycle
 * is named instead of a result that says nothing.
 */
static void pending_result(struct mgr *m, struct mgr_pending *p, size_t i,
			   enum job_result r)
{
	const struct mgr_unit *mu = p->units[i];
	const char *name = mu->unit->name;
	char msg[1024];

	switch (r) {
	case JOB_DONE:
	case JOB_SKIPPED:
		pending_finish(p, i, NULL);
		return;
	case JOB_FAILED:
		if (graph_refused(&m->graph, mu->svc.index))
			snprintf(msg, sizeof(msg),
				 "svctl: %s is on an ordering cycle and cannot "
				 "start; see svinit's log or svinit --verify",
				 name);
		else
			snprintf(msg, sizeof(msg),
				 "svctl: job for %s failed (result: %s)", name,
				 svc_result_to_string(mu->svc.result));
		break;
	case JOB_CANCELED:
		/* Replaced by an opposite request, which is told its own
		 * result. */
		snprintf(msg, sizeof(msg),
			 "svctl: job for %s was canceled (result: canceled)",
			 name);
		break;
	default:
		/* "dependency": a unit it requires did not start;
		 * "unsupported": a reload without ExecReload=. */
		snprintf(msg, sizeof(msg),
			 "svctl: job for %s failed (result: %s)", name,
			 job_result_to_string(r));
		break;
	}
	pending_finish(p, i, msg);
}

/* A job of `type` on unit i of p ended with r: see struct pending_unit
 * for which ends count. */
static void pending_mark(struct mgr_pending *p, size_t i, enum job_type type,
			 enum job_result r)
{
	struct pending_unit *pu = &p->pu[i];

	if (pu->done)
		return;
	if (pu->issuing) {
		pu->seen = true;
		pu->seen_result = r;
		return;
	}
	if (type == pu->want)
		pending_result(p->m, p, i, r);
}

void ctlcmd_job_done(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result)
{
	struct ctlcmd *c = ctx;
	struct mgr_unit *mu = c->m->mu[node];

	if ((type == JOB_START || type == JOB_RESTART) && result == JOB_DONE)
		ctltiming_note(c->timing, mu->unit->name,
			       c->m->jobs.run_at[node], now_monotonic());

	for (struct mgr_pending *p = c->pending, *next; p; p = next) {
		next = p->next;
		for (size_t i = 0; i < p->n; i++)
			if (p->units[i] == mu)
				pending_mark(p, i, type, result);
		if (p->left == 0 && !p->building)
			pending_answer(c, p);
	}
}

/* The job call of verb on node; its errors are the engine's. */
static int issue(struct mgr *m, const char *verb, uint32_t node)
{
	if (strcmp(verb, "start") == 0)
		return job_start(&m->jobs, node);
	if (strcmp(verb, "stop") == 0)
		return job_stop(&m->jobs, node);
	if (strcmp(verb, "reload") == 0)
		return job_reload(&m->jobs, node);
	return job_restart(&m->jobs, node, strcmp(verb, "try-restart") == 0);
}

/*
 * start, stop, restart, try-restart, reload: a job per named unit, and
 * the client waits until each of them has ended (--no-block: only until
 * they are queued). Nothing is done when one name is wrong.
 */
static void v_job(struct ctlcmd *c, struct control_client *cl, int argc,
		  char **argv, struct out *o)
{
	struct mgr *m = c->m;
	const char *verb = argv[0];
	bool no_block = false;
	struct mgr_pending *p;
	size_t n = 0;

	p = calloc(1, sizeof(*p));
	if (p) {
		p->units = calloc((size_t)argc, sizeof(*p->units));
		p->pu = calloc((size_t)argc, sizeof(*p->pu));
	}
	if (!p || !p->units || !p->pu) {
		if (p)
			pending_free(p);
		o->w.err = -ENOMEM;
		return;
	}
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu;

		if (strcmp(argv[i], "--no-block") == 0) {
			no_block = true;
			continue;
		}
		mu = ctlreply_lookup(m, argv[i], o);
		if (mu)
			p->units[n++] = mu;
	}
	if (n == 0 && !(o->flags & PROTO_F_ERROR))
		ctlreply_fail(o, PROTO_USAGE, "svctl: %s: no unit given", verb);
	if (!(o->flags & PROTO_F_ERROR) && mgr_shutting_down(m))
		ctlreply_fail(o, PROTO_FAILURE,
			      "svctl: %s: svinit is shutting down", verb);
	if (o->flags & PROTO_F_ERROR) {
		pending_free(p);
		return;
	}
	p->m = m;
	p->n = p->left = n;
	p->building = true;
	p->cl = cl;
	p->next = c->pending;
	c->pending = p;
	for (size_t i = 0; i < n; i++) {
		struct pending_unit *pu = &p->pu[i];
		uint32_t node = p->units[i]->svc.index;
		char msg[1024];
		int r;

		pu->issuing = true;
		pu->seen = false;
		r = issue(m, verb, node);
		pu->issuing = false;
		if (m->jobs.job[node].type != JOB_NONE) {
			/* Queued, or merged: the job to wait for. */
			pu->want = m->jobs.job[node].type;
		} else if (r == -ENOEXEC) {
			/* The unit's file did not load: say why. */
			snprintf(msg, sizeof(msg),
				 "svctl: %s %s: the unit failed to load: %s",
				 verb, p->units[i]->unit->name,
				 unit_load_error(p->units[i]->unit));
			pending_finish(p, i, msg);
		} else if (r == -ELOOP) {
			/* Refused by the graph: pending_result names the
			 * cycle. */
			pending_result(m, p, i, JOB_FAILED);
		} else if (r < 0) {
			snprintf(msg, sizeof(msg), "svctl: %s %s: %s", verb,
				 p->units[i]->unit->name, strerror(-r));
			pending_finish(p, i, msg);
		} else {
			/* Ended during the call (the last result seen is
			 * ours), or nothing to do (try-restart of an
			 * inactive unit). */
			pending_result(m, p, i,
				       pu->seen ? pu->seen_result : JOB_DONE);
		}
	}
	p->building = false;
	if (no_block) {
		/* Answer now with what is known; the jobs go on. */
		for (size_t i = 0; i < n; i++)
			pending_finish(p, i, NULL);
	}
	if (p->left == 0)
		pending_answer(c, p);
	o->answered = true; /* now, or when the jobs end */
}

/* A verb is a function of the ctlcmd (fn), or of the manager only (q,
 * ctlquery.h). */
static const struct verb {
	const char *name;
	verb_fn *fn;
	ctlquery_fn *q;
} verbs[] = {
	{"status", NULL, ctlquery_view},
	{"show", NULL, ctlquery_view},
	{"list-units", NULL, ctlquery_view},
	{"list-dependencies", NULL, ctlquery_list_deps},
	{"graph", NULL, ctlquery_graph},
	{"analyze", v_analyze, NULL},
	{"enable", NULL, ctlinstall_change},
	{"disable", NULL, ctlinstall_change},
	{"mask", NULL, ctlinstall_change},
	{"unmask", NULL, ctlinstall_change},
	{"is-enabled", NULL, ctlinstall_is_enabled},
	{"list-unit-files", NULL, ctlinstall_list},
	{"is-active", v_is, NULL},
	{"is-failed", v_is, NULL},
	{"cat", NULL, ctlquery_cat},
	{"logs", v_logs, NULL},
	{"start", v_job, NULL},
	{"stop", v_job, NULL},
	{"restart", v_job, NULL},
	{"try-restart", v_job, NULL},
	{"reload", v_job, NULL},
	{"kill", v_kill, NULL},
	{"set-property", v_set_property, NULL},
	{"scale", v_scale, NULL},
	{"security", NULL, ctlquery_security},
	{"reset-failed", v_reset_failed, NULL},
	{"daemon-reload", v_daemon_reload, NULL},
	{"exit", v_exit, NULL},
	{"poweroff", v_power, NULL},
	{"reboot", v_power, NULL},
	{"halt", v_power, NULL},
};

static const struct verb *verb_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

/* control's request handler: the verb's function, then its answer
 * unless it answered (or will answer) itself. */
static int on_request(void *ctx, struct control_client *cl,
		      const struct proto_msg *req)
{
	struct ctlcmd *c = ctx;
	const struct verb *v = verb_find(req->v[0]);
	struct out o = {0};

	if (!v)
		return control_reply_error(
			cl, PROTO_USAGE, "svctl: unknown verb: %s", req->v[0]);
	slog(SLOG_DEBUG, "request %s from uid %d", req->v[0],
	     (int)control_client_uid(cl));
	if (v->fn)
		v->fn(c, cl, (int)req->n, req->v, &o);
	else
		v->q(c->m, cl, (int)req->n, req->v, &o);
	if (!o.answered)
		control_reply_writer(cl, &o.w, (unsigned)o.code, o.flags);
	proto_writer_free(&o.w);
	return 0;
}

/* A waiting client hung up: its jobs go on, nobody is told. */
static void on_gone(void *ctx, struct control_client *cl)
{
	struct ctlcmd *c = ctx;

	for (struct mgr_pending *p = c->pending; p; p = p->next)
		if (p->cl == cl)
			p->cl = NULL;
}

static void control_ready(struct loop_io *io, uint32_t events)
{
	struct ctlcmd *c =
		(struct ctlcmd *)((char *)io - offsetof(struct ctlcmd, io));

	control_dispatch(c->ctl);
}

int ctlcmd_open(struct ctlcmd **out, struct mgr *m)
{
	static const struct control_ops ops = {
		.request = on_request,
		.on_gone = on_gone,
	};
	struct ctlcmd *c = calloc(1, sizeof(*c));
	int r;

	*out = c;
	if (!c)
		return -ENOMEM;
	c->m = m;
	c->io.fd = -1;
	/* svinit's start, for analyze: the first jobs come after this. */
	c->timing = ctltiming_new(now_monotonic());
	r = control_open(&c->ctl, m->cfg.runtime_dir, &ops, c);
	if (r < 0)
		return r;
	c->io.fd = control_fd(c->ctl);
	c->io.fn = control_ready;
	r = loop_io_add(&m->loop, &c->io, EPOLLIN);
	if (r < 0)
		return r;
	mgr_set_job_observer(m, ctlcmd_job_done, c);
	return 0;
}

void ctlcmd_close(struct ctlcmd *c)
{
	if (!c)
		return;
	mgr_set_job_observer(c->m, NULL, NULL);
	if (c->ctl) {
		loop_io_del(&c->m->loop, &c->io);
		control_close(c->ctl);
	}
	ctltiming_free(c->timing);
	while (c->pending) {
		struct mgr_pending *p = c->pending;

		c->pending = p->next;
		pending_free(p);
	}
	free(c);
}
