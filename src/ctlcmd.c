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
#include "manager.h"
#include "parse.h"
#include "proto.h"
#include "slog.h"
#include "spawn.h"

/* A client waiting for the jobs of its request. */
struct mgr_pending {
	struct mgr_pending *next;
	struct control_client *cl;
	size_t n, left;
	bool building; /* v_job is still queueing: answer later */
	struct mgr_unit **units; /* stable across daemon-reload */
	bool *done;
	char **errors;
};

/* Output collected for one reply. */
struct out {
	char **v;
	int code;
	unsigned flags;
	int oom;
};

static void add(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0 || strv_push(&o->v, s) < 0)
		o->oom = 1;
	va_end(ap);
}

/* An error line for stderr: the reply becomes an error reply. */
static void fail(struct out *o, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct out *o, int code, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (!(o->flags & PROTO_F_ERROR)) {
		strv_free(o->v);
		o->v = NULL;
	}
	o->flags |= PROTO_F_ERROR;
	if (o->code == 0 || code == PROTO_NO_UNIT)
		o->code = code;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0 || strv_push(&o->v, s) < 0)
		o->oom = 1;
	va_end(ap);
}

static void send_out(struct control_client *cl, struct out *o)
{
	size_t n = strv_len(o->v);

	(void)n;
	if (o->oom)
		control_reply_error(cl, PROTO_FAILURE, "svctl: out of memory");
	else
		control_reply(cl, (unsigned)o->code, o->flags, o->v);
	strv_free(o->v);
	o->v = NULL;
}

/* "web" means "web.service", as with systemctl. */
static struct mgr_unit *lookup(struct mgr *m, const char *name)
{
	char buf[UNIT_NAME_MAX + 16];
	struct mgr_unit *mu = mgr_find(m, name);

	if (mu || strchr(name, '.'))
		return mu;
	snprintf(buf, sizeof(buf), "%s.service", name);
	return mgr_find(m, buf);
}

static const char *sub_state(const struct mgr_unit *mu)
{
	if (mu->unit->type == UNIT_TARGET && mu->svc.state == SVC_EXITED)
		return "active";
	return svc_state_to_string(mu->svc.state);
}

static int push_kv(char ***v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int push_kv(char ***v, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *val, *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&val, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	r = asprintf(&s, "%s=%s", key, val);
	free(val);
	if (r < 0)
		return -ENOMEM;
	return strv_push(v, s);
}

int ctlcmd_unit_props(const struct mgr *m, const struct mgr_unit *mu,
		      char ***v)
{
	const struct svc *s = &mu->svc;
	const struct unit *u = mu->unit;
	usec_t now = now_monotonic();
	usec_t next = s->state == SVC_AUTO_RESTART && s->deadline > now
			      ? s->deadline - now
			      : 0;
	int code = s->main_code == CLD_EXITED	? 1
		   : s->main_code == CLD_KILLED ? 2
		   : s->main_code == CLD_DUMPED ? 3
						: 0;
	int r = 0;

	r |= push_kv(v, "Id", "%s", u->name);
	r |= push_kv(v, "Description", "%s",
		     u->description ? u->description : u->name);
	r |= push_kv(v, "LoadState", "loaded");
	r |= push_kv(v, "ActiveState", "%s",
		     svc_active_to_string(svc_active_state(s)));
	r |= push_kv(v, "SubState", "%s", sub_state(mu));
	r |= push_kv(v, "Result", "%s", svc_result_to_string(s->result));
	r |= push_kv(v, "MainPID", "%d", (int)s->main_pid);
	r |= push_kv(v, "ControlPID", "%d", (int)s->control_pid);
	r |= push_kv(v, "ExecMainCode", "%d", code);
	r |= push_kv(v, "ExecMainStatus", "%d", s->main_status);
	r |= push_kv(v, "NRestarts", "%u", s->n_restarts);
	r |= push_kv(v, "StateChangeTimestampMonotonic", "%llu",
		     (unsigned long long)s->state_since);
	r |= push_kv(v, "ActiveEnterTimestampMonotonic", "%llu",
		     (unsigned long long)s->active_enter);
	r |= push_kv(v, "NextRestartUSec", "%llu", (unsigned long long)next);
	r |= push_kv(v, "NeedDaemonReload", "%s",
		     mgr_unit_needs_reload(mu) ? "yes" : "no");
	r |= push_kv(v, "FragmentPath", "%s", u->path ? u->path : "");
	r |= push_kv(v, "LogPath", "%s/%s.log", m->cfg.log_dir, u->name);
	r |= push_kv(v, "LogBytesDropped", "%llu",
		     (unsigned long long)logfile_dropped(&mu->log));
	if (u->type == UNIT_SERVICE) {
		r |= push_kv(v, "Type", "%s", svc_type_to_string(u->svc.type));
		r |= push_kv(v, "Restart", "%s",
			     restart_policy_to_string(u->svc.restart));
	}
	if (s->fail_step >= 0) {
		r |= push_kv(v, "FailedStep", "%s",
			     spawn_step_name(s->fail_step));
		r |= push_kv(v, "StatusErrno", "%d", s->fail_errno);
		if (mu->exec_fail_path)
			r |= push_kv(v, "FailedCommand", "%s",
				     mu->exec_fail_path);
	}
	return r ? -ENOMEM : 0;
}

/* Last n log lines of mu as "LogLine=" entries (status) or plain lines. */
static void add_log_tail(struct mgr *m, struct mgr_unit *mu, size_t n,
			 const char *prefix, struct out *o)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		o->oom = 1;
		return;
	}
	int r = logfile_tail(m->logdir_fd, mu->unit->name, n, f);

	fclose(f);
	if (r < 0 && r != -ENOENT)
		fail(o, PROTO_FAILURE, "svctl: %s: cannot read the log: %s",
		     mu->unit->name, strerror(-r));
	for (line = strtok_r(buf, "\n", &save); line && r >= 0;
	     line = strtok_r(NULL, "\n", &save))
		add(o, "%s%s", prefix, line);
	free(buf);
}

/* ---- verbs ---- */

typedef void verb_fn(struct mgr *m, struct control_client *cl, int argc,
		     char **argv, struct out *o);

static bool need_units(int argc, struct out *o, const char *verb)
{
	if (argc >= 2)
		return true;
	fail(o, PROTO_USAGE, "svctl: %s: no unit given", verb);
	return false;
}

static void v_show(struct mgr *m, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = lookup(m, argv[i]);

		if (!mu) {
			fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			     argv[i]);
			continue;
		}
		if (o->flags & PROTO_F_ERROR)
			continue;
		if (i > 1)
			add(o, "%s", "");
		if (ctlcmd_unit_props(m, mu, &o->v) < 0)
			o->oom = 1;
	}
	if (argc < 2)
		fail(o, PROTO_USAGE, "svctl: show: no unit given");
}

static void v_status(struct mgr *m, struct control_client *cl, int argc,
		     char **argv, struct out *o)
{
	bool first = true;
	int code = PROTO_OK;

	for (int i = 1; i < argc || (argc == 1 && i <= (int)m->n); i++) {
		struct mgr_unit *mu = argc > 1 ? lookup(m, argv[i])
					       : m->mu[i - 1];

		if (!mu) {
			fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			     argv[i]);
			continue;
		}
		if (o->flags & PROTO_F_ERROR)
			continue;
		if (!first)
			add(o, "%s", "");
		first = false;
		if (ctlcmd_unit_props(m, mu, &o->v) < 0)
			o->oom = 1;
		if (argc > 1)
			add_log_tail(m, mu, 10, "LogLine=", o);
		if (!svc_is_active(&mu->svc))
			code = PROTO_INACTIVE;
	}
	if (!(o->flags & PROTO_F_ERROR))
		o->code = argc > 1 ? code : PROTO_OK;
}

static void v_list_units(struct mgr *m, struct control_client *cl, int argc,
			 char **argv, struct out *o)
{
	for (uint32_t i = 0; i < m->n; i++) {
		const struct mgr_unit *mu = m->mu[i];

		if (i)
			add(o, "%s", "");
		add(o, "Id=%s", mu->unit->name);
		add(o, "LoadState=loaded");
		add(o, "ActiveState=%s",
		    svc_active_to_string(svc_active_state(&mu->svc)));
		add(o, "SubState=%s", sub_state(mu));
		add(o, "Description=%s",
		    mu->unit->description ? mu->unit->description
					  : mu->unit->name);
	}
}

static void v_is(struct mgr *m, struct control_client *cl, int argc,
		 char **argv, struct out *o)
{
	bool want_failed = strcmp(argv[0], "is-failed") == 0;
	bool all = true;

	if (!need_units(argc, o, argv[0]))
		return;
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = lookup(m, argv[i]);
		enum svc_active a = mu ? svc_active_state(&mu->svc)
				       : ACTIVE_INACTIVE;

		/* systemctl prints "inactive" for an unknown unit. */
		add(o, "%s", svc_active_to_string(a));
		if (want_failed ? a != ACTIVE_FAILED
				: a != ACTIVE_ACTIVE && a != ACTIVE_RELOADING)
			all = false;
	}
	o->code = all ? PROTO_OK : (want_failed ? PROTO_FAILURE : PROTO_INACTIVE);
}

static void add_file(struct out *o, const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	add(o, "# %s", path);
	if (!f) {
		add(o, "# (cannot read: %s)", strerror(errno));
		return;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		add(o, "%s", line);
	}
	free(line);
	fclose(f);
}

static void v_cat(struct mgr *m, struct control_client *cl, int argc,
		  char **argv, struct out *o)
{
	if (!need_units(argc, o, "cat"))
		return;
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = lookup(m, argv[i]);

		if (!mu) {
			fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			     argv[i]);
			continue;
		}
		if (i > 1)
			add(o, "%s", "");
		if (!mu->unit->path)
			add(o, "# %s is built in: it has no file",
			    mu->unit->name);
		else
			add_file(o, mu->unit->path);
		for (char **d = mu->unit->dropins; d && *d; d++) {
			add(o, "%s", "");
			add_file(o, *d);
		}
	}
}

static void v_logs(struct mgr *m, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	struct mgr_unit *mu = NULL;
	size_t n = SIZE_MAX;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			char *end;

			n = strtoul(argv[++i], &end, 10);
			if (*end) {
				fail(o, PROTO_USAGE,
				     "svctl: logs: bad line count: %s",
				     argv[i]);
				return;
			}
		} else if (strcmp(argv[i], "-f") == 0) {
			/* svctl follows the file itself */
		} else if (!mu) {
			mu = lookup(m, argv[i]);
			if (!mu) {
				fail(o, PROTO_NO_UNIT,
				     "svctl: Unit %s not found.", argv[i]);
				return;
			}
		}
	}
	if (!mu) {
		fail(o, PROTO_USAGE, "svctl: logs: no unit given");
		return;
	}
	add_log_tail(m, mu, n, "", o);
}

static void v_kill(struct mgr *m, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	int sig = SIGTERM;
	struct mgr_unit *mu = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			if (parse_signal(argv[++i], &sig) < 0) {
				fail(o, PROTO_USAGE,
				     "svctl: kill: bad signal: %s", argv[i]);
				return;
			}
		} else if (!(mu = lookup(m, argv[i]))) {
			fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			     argv[i]);
			return;
		}
	}
	if (!mu) {
		fail(o, PROTO_USAGE, "svctl: kill: no unit given");
		return;
	}
	if (svc_kill(&mu->svc, sig) < 0)
		fail(o, PROTO_FAILURE, "svctl: %s: no process to signal",
		     mu->unit->name);
}

static void v_reset_failed(struct mgr *m, struct control_client *cl,
			   int argc, char **argv, struct out *o)
{
	if (argc == 1) {
		for (uint32_t i = 0; i < m->n; i++)
			svc_reset_failed(&m->mu[i]->svc);
		return;
	}
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = lookup(m, argv[i]);

		if (!mu)
			fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			     argv[i]);
		else
			svc_reset_failed(&mu->svc);
	}
}

static void v_daemon_reload(struct mgr *m, struct control_client *cl,
			    int argc, char **argv, struct out *o)
{
	struct diag_list dl;
	char **lines = NULL;
	char buf[1024];
	int r;

	diag_init(&dl);
	r = mgr_reload(m, &dl, &lines);
	for (size_t i = 0; i < dl.n; i++) {
		diag_format(&dl.items[i], buf, sizeof(buf));
		if (r == -EINVAL)
			fail(o, PROTO_FAILURE, "%s", buf);
		else
			add(o, "%s", buf);
	}
	diag_free(&dl);
	if (r == -EINVAL)
		fail(o, PROTO_FAILURE,
		     "svctl: daemon-reload: the unit files have errors; "
		     "nothing was changed");
	else if (r == -EBUSY)
		fail(o, PROTO_FAILURE,
		     "svctl: daemon-reload: jobs are running; try again "
		     "when they are done");
	else if (r < 0)
		fail(o, PROTO_FAILURE, "svctl: daemon-reload: %s",
		     strerror(-r));
	else
		for (char **l = lines; l && *l; l++)
			add(o, "%s", *l);
	strv_free(lines);
}

static void v_exit(struct mgr *m, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	mgr_shutdown(m);
}

/* ---- jobs and the clients that wait for them ---- */

static void pending_free(struct mgr_pending *p)
{
	free(p->units);
	free(p->done);
	strv_free(p->errors);
	free(p);
}

static void pending_answer(struct mgr *m, struct mgr_pending *p)
{
	struct mgr_pending **pp;

	for (pp = &m->pending; *pp && *pp != p; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = p->next;
	if (p->cl) {
		size_t n = strv_len(p->errors);

		control_reply(p->cl, n ? PROTO_FAILURE : PROTO_OK,
			      n ? PROTO_F_ERROR : 0, p->errors);
	}
	pending_free(p);
}

static void pending_mark(struct mgr_pending *p, size_t i, enum job_result r)
{
	char *s;

	if (p->done[i])
		return;
	p->done[i] = true;
	p->left--;
	if (r != JOB_DONE && r != JOB_SKIPPED) {
		struct svc *sv = &p->units[i]->svc;

		if (asprintf(&s, "svctl: job for %s failed (result: %s)",
			     p->units[i]->unit->name,
			     r == JOB_FAILED
				     ? svc_result_to_string(sv->result)
				     : job_result_to_string(r)) >= 0)
			strv_push(&p->errors, s);
	}
}

void ctlcmd_job_done(void *ctx, uint32_t node, enum job_type type,
		     enum job_result result)
{
	struct mgr *m = ctx;
	struct mgr_unit *mu = m->mu[node];

	for (struct mgr_pending *p = m->pending, *next; p; p = next) {
		next = p->next;
		for (size_t i = 0; i < p->n; i++)
			if (p->units[i] == mu)
				pending_mark(p, i, result);
		if (p->left == 0 && !p->building)
			pending_answer(m, p);
	}
}

static void v_job(struct mgr *m, struct control_client *cl, int argc,
		  char **argv, struct out *o)
{
	const char *verb = argv[0];
	bool no_block = false;
	struct mgr_pending *p;
	size_t n = 0;

	p = calloc(1, sizeof(*p));
	if (p) {
		p->units = calloc((size_t)argc, sizeof(*p->units));
		p->done = calloc((size_t)argc, sizeof(*p->done));
	}
	if (!p || !p->units || !p->done) {
		if (p)
			pending_free(p);
		o->oom = 1;
		return;
	}
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu;

		if (strcmp(argv[i], "--no-block") == 0) {
			no_block = true;
			continue;
		}
		mu = lookup(m, argv[i]);
		if (!mu) {
			fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			     argv[i]);
			continue;
		}
		p->units[n++] = mu;
	}
	if (n == 0 && !(o->flags & PROTO_F_ERROR))
		fail(o, PROTO_USAGE, "svctl: %s: no unit given", verb);
	if (o->flags & PROTO_F_ERROR) {
		/* Nothing is done when one name is wrong. */
		pending_free(p);
		return;
	}
	if (mgr_shutting_down(m)) {
		pending_free(p);
		fail(o, PROTO_FAILURE, "svctl: %s: svinit is shutting down",
		     verb);
		return;
	}
	p->n = p->left = n;
	p->building = true;
	p->cl = cl;
	p->next = m->pending;
	m->pending = p;
	for (size_t i = 0; i < n; i++) {
		uint32_t node = p->units[i]->svc.index;
		int r;

		if (strcmp(verb, "start") == 0)
			r = job_start(&m->jobs, node);
		else if (strcmp(verb, "stop") == 0)
			r = job_stop(&m->jobs, node);
		else if (strcmp(verb, "reload") == 0)
			r = job_reload(&m->jobs, node);
		else
			r = job_restart(&m->jobs, node,
					strcmp(verb, "try-restart") == 0);
		/* No job was queued (refused, or try-restart of an
		 * inactive unit): answer for it now. */
		if (m->jobs.job[node].type == JOB_NONE)
			pending_mark(p, i, r < 0 ? JOB_FAILED : JOB_DONE);
	}
	p->building = false;
	if (no_block) {
		/* Answer now; the jobs go on. */
		p->left = 0;
		for (size_t i = 0; i < n; i++)
			p->done[i] = true;
	}
	if (p->left == 0)
		pending_answer(m, p);
	o->code = -1; /* answered, or will be */
}

static const struct verb {
	const char *name;
	verb_fn *fn;
} verbs[] = {
	{ "status", v_status },
	{ "show", v_show },
	{ "list-units", v_list_units },
	{ "is-active", v_is },
	{ "is-failed", v_is },
	{ "cat", v_cat },
	{ "logs", v_logs },
	{ "start", v_job },
	{ "stop", v_job },
	{ "restart", v_job },
	{ "try-restart", v_job },
	{ "reload", v_job },
	{ "kill", v_kill },
	{ "reset-failed", v_reset_failed },
	{ "daemon-reload", v_daemon_reload },
	{ "exit", v_exit },
};

static const struct verb *verb_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

static int on_request(void *ctx, struct control_client *cl,
		      const struct proto_msg *req)
{
	struct mgr *m = ctx;
	const struct verb *v = verb_find(req->v[0]);
	struct out o = { 0 };

	if (!v)
		return control_reply_error(cl, PROTO_USAGE,
					   "svctl: unknown verb: %s",
					   req->v[0]);
	slog(SLOG_DEBUG, "request %s from uid %d", req->v[0],
	     (int)control_client_uid(cl));
	v->fn(m, cl, (int)req->n, req->v, &o);
	if (o.code == -1) /* a job verb: answered already or later */
		strv_free(o.v);
	else
		send_out(cl, &o);
	return 0;
}

/* A waiting client hung up: its jobs go on, nobody is told. */
static void on_gone(void *ctx, struct control_client *cl)
{
	struct mgr *m = ctx;

	for (struct mgr_pending *p = m->pending; p; p = p->next)
		if (p->cl == cl)
			p->cl = NULL;
}

static void control_ready(struct loop_io *io, uint32_t events)
{
	struct mgr *m = (struct mgr *)((char *)io - offsetof(struct mgr, ctl_io));

	control_dispatch(m->ctl);
}

int ctlcmd_open(struct mgr *m)
{
	static const struct control_ops ops = {
		.request = on_request,
		.on_gone = on_gone,
	};
	int r = control_open(&m->ctl, m->cfg.runtime_dir, &ops, m);

	if (r < 0)
		return r;
	m->ctl_io.fd = control_fd(m->ctl);
	m->ctl_io.fn = control_ready;
	r = loop_io_add(&m->loop, &m->ctl_io, EPOLLIN);
	if (r < 0)
		return r;
	mgr_set_job_observer(m, ctlcmd_job_done, m);
	return 0;
}

void ctlcmd_close(struct mgr *m)
{
	if (!m->ctl)
		return;
	mgr_set_job_observer(m, NULL, NULL);
	loop_io_del(&m->loop, &m->ctl_io);
	control_close(m->ctl);
	m->ctl = NULL;
	while (m->pending) {
		struct mgr_pending *p = m->pending;

		m->pending = p->next;
		pending_free(p);
	}
}
