/*
 * unit: see unit.h. The model's defaults, the freeing of everything a
 * unit owns, unit names, the names of enum values, the unit set, and
 * systemd's implicit dependencies.
 *
 * What must stay true: unit_new sets every default systemd has for a
 * key svinit reads (the parser only overrides what a file says), and
 * unit_free frees every string and list of struct unit and service_conf
 * (a field added there must be freed here).
 */
#include "unit.h"

#include "diag.h"
#include "deploy.h"
#include "health.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Exit sets are bitmaps: 256 statuses in four words, 64 signals in one,
 * so that checking an exit is O(1) and the set needs no allocation. */
bool unit_exit_set_has_status(const struct exit_set *s, int status)
{
	return status >= 0 && status < 256 &&
	       (s->status[status / 64] >> (status % 64)) & 1;
}

bool unit_exit_set_has_signal(const struct exit_set *s, int sig)
{
	return sig >= 1 && sig <= 64 && (s->signals >> (sig - 1)) & 1;
}

void unit_exit_set_add_status(struct exit_set *s, int status)
{
	if (status >= 0 && status < 256)
		s->status[status / 64] |= 1ULL << (status % 64);
}

void unit_exit_set_add_signal(struct exit_set *s, int sig)
{
	if (sig >= 1 && sig <= 64)
		s->signals |= 1ULL << (sig - 1);
}

bool unit_exit_set_empty(const struct exit_set *s)
{
	return !(s->status[0] | s->status[1] | s->status[2] | s->status[3] |
		 s->signals);
}

/* systemd's defaults (systemd.service(5), systemd.unit(5)), except
 * LogMaxSize=/LogKeep=, which are svinit's and default to the daemon's. */
struct unit *unit_new(const char *name, enum unit_type type)
{
	struct unit *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->name = strdup(name);
	if (!u->name) {
		free(u);
		return NULL;
	}
	u->type = type;
	u->start_limit_interval = 10 * USEC_PER_SEC;
	u->start_limit_burst = 5;
	u->default_dependencies = true;

	u->svc.type = SVC_SIMPLE;
	u->svc.restart = RESTART_NO;
	u->svc.restart_sec = 100 * USEC_PER_MSEC;
	u->svc.restart_max_delay = USEC_INFINITY;
	u->svc.timeout_start = 90 * USEC_PER_SEC;
	u->svc.timeout_stop = 90 * USEC_PER_SEC;
	u->svc.kill_signal = SIGTERM;
	u->svc.kill_mode = KILL_CONTROL_GROUP;
	u->svc.send_sigkill = true;
	u->svc.notify_access = NOTIFY_ACCESS_DEFAULT;
	u->svc.reload_signal = SIGHUP;
	u->svc.watchdog_signal = SIGABRT;
	u->svc.umask = 0022;
	u->svc.std_out = OUT_LOG;
	u->svc.std_err = OUT_LOG;
	u->svc.log_max_size = UNIT_LOG_DEFAULT;
	u->svc.log_keep = UNIT_LOG_DEFAULT;
	if (type == UNIT_SOCKET && !(u->sock = socket_conf_new())) {
		unit_free(u);
		return NULL;
	}
	return u;
}

void unit_exec_list_free(struct exec_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->cmds[i].path);
		strv_free(l->cmds[i].argv);
	}
	free(l->cmds);
	l->cmds = NULL;
	l->n = 0;
}

/* Cleared, not only freed: a failed resolution leaves no half set ids. */
void unit_creds_clear(struct unit_creds *c)
{
	free(c->groups);
	free(c->user_name);
	free(c->home);
	free(c->shell);
	memset(c, 0, sizeof(*c));
}

static void service_conf_free(struct service_conf *c)
{
	unit_exec_list_free(&c->start_pre);
	unit_exec_list_free(&c->start);
	unit_exec_list_free(&c->start_post);
	unit_exec_list_free(&c->reload);
	unit_exec_list_free(&c->stop);
	unit_exec_list_free(&c->stop_post);
	free(c->pid_file);
	free(c->user);
	free(c->group);
	free(c->user_at.file);
	free(c->group_at.file);
	unit_creds_clear(&c->creds);
	if (c->privs)
		privs_conf_free(c->privs);
	free(c->privs);
	if (c->limits)
		cglimits_free(c->limits);
	free(c->limits);
	free(c->working_directory);
	strv_free(c->environment);
	for (size_t i = 0; i < c->n_env_files; i++)
		free(c->env_files[i].path);
	free(c->env_files);
	free(c->std_out_path);
	free(c->std_err_path);
	strv_free(c->sockets);
	if (c->ns)
		ns_conf_free(c->ns);
	free(c->ns);
}

void unit_free(struct unit *u)
{
	if (!u)
		return;
	free(u->name);
	free(u->path);
	strv_free(u->dropins);
	free(u->template_name);
	free(u->instance);
	free(u->load_error);
	free(u->description);
	strv_free(u->documentation);
	for (int k = 0; k < _DEP_MAX; k++)
		strv_free(u->deps[k]);
	for (size_t i = 0; i < u->n_conds; i++)
		free(u->conds[i].path);
	free(u->conds);
	strv_free(u->wanted_by);
	strv_free(u->required_by);
	strv_free(u->alias);
	service_conf_free(&u->svc);
	socket_conf_free(u->sock);
	health_conf_free(u->health);
	deploy_conf_free(u->deploy);
	free(u);
}

const char *unit_load_error(const struct unit *u)
{
	return u->load_error;
}

static const char *const type_suffix[_UNIT_TYPE_MAX] = {
	[UNIT_SERVICE] = ".service",
	[UNIT_TARGET] = ".target",
	[UNIT_SOCKET] = ".socket",
};

/* The suffix decides the type, and needs a stem: ".service" is no name. */
int unit_type_from_name(const char *name)
{
	for (int t = 0; t < _UNIT_TYPE_MAX; t++)
		if (str_has_suffix(name, type_suffix[t]) &&
		    strlen(name) > strlen(type_suffix[t]))
			return t;
	return -EINVAL;
}

/* systemd's character set for names; `\` appears in escaped instances
 * ("foo@a\x2db.service"). */
bool unit_name_is_valid(const char *name)
{
	size_t len = strlen(name);
	int ats = 0;

	if (len == 0 || len >= UNIT_NAME_MAX || unit_type_from_name(name) < 0)
		return false;
	for (const char *p = name; *p; p++) {
		if (*p == '@')
			ats++;
		else if (!((*p >= 'a' && *p <= 'z') ||
			   (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || strchr(":_.-\\", *p)))
			return false;
	}
	/* "@.service" has no prefix: not a valid template. */
	return ats <= 1 && name[0] != '@';
}

bool unit_name_is_other_type(const char *name)
{
	static const char *const types[] = {
		".timer", ".path",  ".mount",  ".automount", ".swap",
		".slice", ".scope", ".device", ".busname",
	};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (str_has_suffix(name, types[i]) &&
		    strlen(name) > strlen(types[i]))
			return true;
	return false;
}

/* "a@.service" is a template, "a@b.service" an instance of it; a name
 * without `@` is neither. unit_name_is_valid has already allowed at most
 * one `@`. */
bool unit_name_is_template(const char *name)
{
	const char *at = strchr(name, '@');

	return at && at[1] == '.';
}

bool unit_name_is_instance(const char *name)
{
	const char *at = strchr(name, '@');

	return at && at[1] != '.' && at[1] != '\0';
}

const char *unit_type_to_string(enum unit_type t)
{
	static const char *const names[_UNIT_TYPE_MAX] = {
		[UNIT_SERVICE] = "service",
		[UNIT_TARGET] = "target",
		[UNIT_SOCKET] = "socket",
	};
	return (unsigned)t < _UNIT_TYPE_MAX ? names[t] : "?";
}

const char *unit_dep_kind_to_string(enum dep_kind k)
{
	static const char *const names[_DEP_MAX] = {
		[DEP_REQUIRES] = "Requires",	[DEP_REQUISITE] = "Requisite",
		[DEP_WANTS] = "Wants",		[DEP_BINDS_TO] = "BindsTo",
		[DEP_PART_OF] = "PartOf",	[DEP_CONFLICTS] = "Conflicts",
		[DEP_AFTER] = "After",		[DEP_BEFORE] = "Before",
		[DEP_ON_FAILURE] = "OnFailure",
	};
	return (unsigned)k < _DEP_MAX ? names[k] : "?";
}

/* Indexed by value, so a new enum value without a name shows as "?" in
 * svctl rather than as another value's name. */
const char *const unit_svc_type_names[] = {
	[SVC_SIMPLE] = "simple",
	[SVC_EXEC] = "exec",
	[SVC_ONESHOT] = "oneshot",
	[SVC_FORKING] = "forking",
	[SVC_NOTIFY] = "notify",
	[SVC_NOTIFY_RELOAD] = "notify-reload",
	NULL,
};

const char *const unit_restart_names[] = {
	[RESTART_NO] = "no",
	[RESTART_ON_SUCCESS] = "on-success",
	[RESTART_ON_FAILURE] = "on-failure",
	[RESTART_ON_ABNORMAL] = "on-abnormal",
	[RESTART_ON_ABORT] = "on-abort",
	[RESTART_ON_WATCHDOG] = "on-watchdog",
	[RESTART_ALWAYS] = "always",
	NULL,
};

const char *const unit_notify_access_names[] = {
	[NOTIFY_ACCESS_NONE] = "none",
	[NOTIFY_ACCESS_MAIN] = "main",
	[NOTIFY_ACCESS_EXEC] = "exec",
	[NOTIFY_ACCESS_ALL] = "all",
	NULL,
};

const char *const unit_fdstore_preserve_names[] = {
	[FDSTORE_PRESERVE_RESTART] = "restart",
	[FDSTORE_PRESERVE_NO] = "no",
	[FDSTORE_PRESERVE_YES] = "yes",
	NULL,
};

const char *const unit_kill_mode_names[] = {
	[KILL_CONTROL_GROUP] = "control-group",
	[KILL_PROCESS] = "process",
	[KILL_MIXED] = "mixed",
	[KILL_NONE] = "none",
	NULL,
};

/* names[i], or "?" past the end of a NULL-terminated table. */
static const char *enum_name(const char *const *names, unsigned i)
{
	for (unsigned k = 0; names[k]; k++)
		if (k == i)
			return names[k];
	return "?";
}

const char *unit_svc_type_to_string(enum svc_type t)
{
	return enum_name(unit_svc_type_names, t);
}

const char *unit_restart_policy_to_string(enum restart_policy r)
{
	return enum_name(unit_restart_names, r);
}

const char *unit_kill_mode_to_string(enum kill_mode k)
{
	return enum_name(unit_kill_mode_names, k);
}

/* The set owns its units; the name table borrows each unit's name and
 * alias strings, which live as long as the units do. */
void unitset_init(struct unitset *s)
{
	memset(s, 0, sizeof(*s));
}

void unitset_free(struct unitset *s)
{
	for (size_t i = 0; i < s->n; i++)
		unit_free(s->units[i]);
	free(s->units);
	nametab_free(&s->names);
	unitset_init(s);
}

/* Checked before anything grows, so a refused unit changes nothing. */
int unitset_add(struct unitset *s, struct unit *u)
{
	int r;

	if (nametab_get(&s->names, u->name) >= 0)
		return -EEXIST;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct unit **units = realloc(s->units, cap * sizeof(*units));

		if (!units)
			return -ENOMEM;
		s->units = units;
		s->cap = cap;
	}
	r = nametab_put(&s->names, u->name, s->n);
	if (r < 0)
		return r;
	s->units[s->n++] = u;
	return 0;
}

int unitset_add_alias(struct unitset *s, const char *alias, size_t index)
{
	if (index >= s->n)
		return -EINVAL;
	return nametab_put(&s->names, alias, index);
}

long unitset_index(const struct unitset *s, const char *name)
{
	return nametab_get(&s->names, name);
}

struct unit *unitset_get(const struct unitset *s, const char *name)
{
	long i = unitset_index(s, name);

	return i < 0 ? NULL : s->units[i];
}

/* Add name to u's list of kind k unless it is there (lists stay free of
 * duplicates, as the parser keeps them). */
static int dep_add(struct unit *u, enum dep_kind k, const char *name)
{
	if (strv_contains(u->deps[k], name))
		return 0;
	return strv_push_dup(&u->deps[k], name);
}

/* A target is ordered After= what it pulls in. The new names are
 * collected first and the After= list grown once: a target that wants
 * thousands of units must not cost a quadratic number of copies. Names
 * already listed are harmless (the graph merges equal edges). */
static int target_add_after(const struct unitset *s, struct unit *u)
{
	static const enum dep_kind pulls[] = {DEP_WANTS, DEP_REQUIRES,
					      DEP_BINDS_TO};
	size_t n_old = strv_len(u->deps[DEP_AFTER]), n = n_old, max = n_old;
	char **v;

	for (size_t k = 0; k < ARRAY_SIZE(pulls); k++)
		max += strv_len(u->deps[pulls[k]]);
	if (max == n_old)
		return 0;
	v = realloc(u->deps[DEP_AFTER], (max + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	u->deps[DEP_AFTER] = v;
	v[n] = NULL;
	for (size_t k = 0; k < ARRAY_SIZE(pulls); k++) {
		for (char **p = u->deps[pulls[k]]; p && *p; p++) {
			struct unit *d = unitset_get(s, *p);

			/* An explicit order either way wins. */
			if (!d || strv_contains(d->deps[DEP_AFTER], u->name) ||
			    strv_contains(u->deps[DEP_BEFORE], d->name))
				continue;
			if (!(v[n] = strdup(d->name)))
				return -ENOMEM;
			v[++n] = NULL;
		}
	}
	return 0;
}

char *unit_socket_service(const struct unit *u)
{
	char *name;

	if (u->sock && u->sock->service)
		return strdup(u->sock->service);
	if (asprintf(&name, "%.*s.service",
		     (int)(strlen(u->name) - strlen(".socket")), u->name) < 0)
		return NULL;
	return name;
}

/* As systemd: the socket is Before= the service it activates, and the
 * service takes the socket's descriptors. The service's Sockets= already
 * wants and orders it (the parser adds those). */
int unit_link_sockets(struct unitset *s, struct diag_list *dl)
{
	for (size_t i = 0; i < s->n; i++) {
		struct unit *u = s->units[i], *svc;
		char *name;

		if (u->type != UNIT_SOCKET || u->load_error)
			continue;
		name = unit_socket_service(u);
		if (!name)
			return -ENOMEM;
		free(u->sock->service);
		u->sock->service = name;
		svc = unitset_get(s, name);
		if (!svc || svc->type != UNIT_SERVICE) {
			diag_add(dl, DIAG_WARNING, u->path ? u->path : u->name,
				 0,
				 "activates %s, which is not a loaded "
				 "service: the socket cannot start",
				 name);
			continue;
		}
		if (svc->load_error)
			continue;
		if (dep_add(u, DEP_BEFORE, svc->name) < 0 ||
		    (!strv_contains(svc->svc.sockets, u->name) &&
		     strv_push_dup(&svc->svc.sockets, u->name) < 0))
			return -ENOMEM;
	}
	return 0;
}

/* Only shutdown.target is named, and only when it exists (it is built
 * in unless masked): a service then stops before the system goes down. */
int unit_add_default_deps(struct unitset *s)
{
	bool have_shutdown = unitset_get(s, "shutdown.target") != NULL;
	bool have_sockets = unitset_get(s, "sockets.target") != NULL;

	for (size_t i = 0; i < s->n; i++) {
		struct unit *u = s->units[i];

		if (!u->default_dependencies || u->load_error)
			continue;
		if (u->type == UNIT_SOCKET && have_sockets &&
		    dep_add(u, DEP_BEFORE, "sockets.target") < 0)
			return -ENOMEM;
		if (u->type != UNIT_TARGET && have_shutdown) {
			if (dep_add(u, DEP_CONFLICTS, "shutdown.target") < 0 ||
			    dep_add(u, DEP_BEFORE, "shutdown.target") < 0)
				return -ENOMEM;
		} else if (u->type == UNIT_TARGET &&
			   target_add_after(s, u) < 0) {
			return -ENOMEM;
		}
	}
	return 0;
}
