/*
 * parse: the table of supported keys and one handler per kind of value.
 *
 * Decisions a unit author may trip over (the man page repeats them):
 * - A bad value is an error, where systemd would often log and ignore the
 *   line: a unit never runs with a setting silently dropped.
 * - Specifiers are expanded where systemd expands them: names, paths,
 *   Exec lines, Environment=, Description=, Documentation=, User=,
 *   Group=. Not in times, numbers, booleans and enums, where a `%` is
 *   simply a bad value. Exec lines and Environment= are split into words
 *   first and each word is expanded, so an instance name never changes
 *   the splitting.
 * - A list key (dependencies, Exec lines, Environment=, conditions, ...)
 *   appends; an empty assignment empties it. Other keys override.
 * - A dependency on a name of a unit type svinit does not have (.socket,
 *   .mount, ...) is ignored with a warning for ordering and soft keys
 *   (After, Before, Wants, Conflicts, PartOf, OnFailure, WantedBy), and is
 *   an error for Requires, Requisite, BindsTo and RequiredBy, which could
 *   never be met.
 * - TimeoutStartSec=0, TimeoutStopSec=0 and TimeoutSec=0 mean no timeout,
 *   as in systemd.
 * - Also= and DefaultInstance= only matter to `systemctl enable`, which
 *   svinit has no use for: accepted silently, nothing stored.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum sect {
	SECT_UNIT,
	SECT_SERVICE,
	SECT_INSTALL,
};

struct key_def;
typedef int (*key_fn)(struct parse_ctx *c, const struct key_def *k,
		      const char *v);

struct key_def {
	enum sect sect;
	const char *name;
	key_fn fn;
	size_t off; /* field in struct unit, for handlers that use one */
	int arg;
};

#define Q(s)                                                                   \
	parse_msg_quote((s), (char[PARSE_MSG_QUOTE_MAX]){0},                   \
			PARSE_MSG_QUOTE_MAX)

static void *field(struct parse_ctx *c, const struct key_def *k)
{
	return (char *)c->u + k->off;
}

static void bad(struct parse_ctx *c, const struct key_def *k, const char *v,
		const char *why)
{
	parse_error(c, "invalid %s=: \"%s\"%s%s", k->name, Q(v),
		    why ? ": " : "", why ? why : "");
}

/* Expands the specifiers in s (a word of value v, or v itself): 0 with
 * *out set, 1 when an error was reported, -ENOMEM. */
static int expand_word(struct parse_ctx *c, const struct key_def *k,
		       const char *s, const char *v, char **out)
{
	char spec = 0;
	int r = parse_expand_specifiers_ex(c->u, s, out, &spec);

	if (r == -EINVAL) {
		char what[3] = {'%', spec, '\0'};

		parse_error(c, "unknown specifier \"%s\" in %s=: \"%s\"",
			    Q(what), k->name, Q(v));
		return 1;
	}
	if (r == -EBADMSG) {
		parse_error(c,
			    "cannot unescape instance \"%s\" for %%I in "
			    "%s=: \"%s\"",
			    Q(c->u->instance), k->name, Q(v));
		return 1;
	}
	return r;
}

static int expand(struct parse_ctx *c, const struct key_def *k, const char *v,
		  char **out)
{
	return expand_word(c, k, v, v, out);
}

static int k_string(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	char **f = field(c, k);
	char *s = NULL;
	int r = *v ? expand(c, k, v, &s) : 0;

	if (r != 0)
		return r < 0 ? r : 0;
	free(*f);
	*f = s;
	return 0;
}

static bool doc_url_ok(const char *s)
{
	static const char *const schemes[] = {"http://", "https://",
					      "file:", "info:", "man:"};

	for (size_t i = 0; i < ARRAY_SIZE(schemes); i++)
		if (str_has_prefix(s, schemes[i]) && s[strlen(schemes[i])])
			return true;
	return false;
}

static bool is_systemd_only_type(const char *name)
{
	static const char *const types[] = {".socket",	  ".device", ".mount",
					    ".automount", ".swap",   ".path",
					    ".timer",	  ".slice",  ".scope"};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (str_has_suffix(name, types[i]) &&
		    strlen(name) > strlen(types[i]))
			return true;
	return false;
}

/* Whether word may go into a list of unit names; reports why not. */
static bool name_ok(struct parse_ctx *c, const struct key_def *k,
		    const char *word, bool hard)
{
	if (unit_name_is_valid(word) && !unit_name_is_template(word))
		return true;
	if (unit_name_is_valid(word))
		bad(c, k, word,
		    "a template cannot be a dependency, name an "
		    "instance");
	else if (!is_systemd_only_type(word) ||
		 strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
			      "VWXYZ0123456789:_.-\\@") != strlen(word))
		bad(c, k, word, "not a valid unit name");
	else if (hard)
		bad(c, k, word,
		    "svinit has no unit of this type, so this "
		    "dependency could never be met");
	else
		parse_warn(c, "%s=%s: svinit has no unit of this type, ignored",
			   k->name, Q(word));
	return false;
}

/* Empty: reset. Else each word specifier-expanded, checked, and appended
 * unless already there. arg: 0 soft names, 1 hard names, 2 aliases,
 * 3 documentation URLs. */
static int k_list(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	char ***list = field(c, k);
	char **words = NULL;
	int r;

	if (!*v) {
		strv_free(*list);
		*list = NULL;
		return 0;
	}
	r = parse_split_plain(v, &words);
	for (size_t i = 0; r == 0 && words && words[i]; i++) {
		char *w = NULL;
		bool ok;

		r = expand_word(c, k, words[i], v, &w);
		if (r != 0) {
			r = r < 0 ? r : 0;
			continue;
		}
		if (k->arg == 3) {
			ok = doc_url_ok(w);
			if (!ok)
				parse_warn(c,
					   "%s=%s: not a URL svinit "
					   "knows (http, https, file, "
					   "info, man), ignored",
					   k->name, Q(w));
		} else if (k->arg == 2) {
			ok = unit_name_is_valid(w) &&
			     unit_type_from_name(w) == (int)c->u->type &&
			     unit_name_is_template(w) ==
				     unit_name_is_template(c->u->name);
			if (!ok)
				bad(c, k, w,
				    "an alias must be a valid name "
				    "of the same type");
		} else {
			ok = name_ok(c, k, w, k->arg == 1);
		}
		if (ok && !strv_contains(*list, w))
			r = strv_push(list, w);
		else
			free(w);
	}
	strv_free(words);
	return r;
}

static int k_deps(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	struct key_def d = *k;

	d.off = offsetof(struct unit, deps) + (size_t)k->arg * sizeof(char **);
	d.arg = k->arg == DEP_REQUIRES || k->arg == DEP_REQUISITE ||
		k->arg == DEP_BINDS_TO;
	return k_list(c, &d, v);
}

static int k_cond(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	struct unit *u = c->u;
	struct condition *conds;
	bool negate = false;
	char *s = NULL;
	const char *p;
	int r;

	/* As in systemd, an empty assignment resets every condition. */
	if (!*v) {
		for (size_t i = 0; i < u->n_conds; i++)
			free(u->conds[i].path);
		free(u->conds);
		u->conds = NULL;
		u->n_conds = 0;
		return 0;
	}
	r = expand(c, k, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	p = s;
	if (*p == '|') {
		bad(c, k, v, "triggering conditions (`|`) are not supported");
		goto out;
	}
	if (*p == '!') {
		negate = true;
		p++;
	}
	if (*p != '/') {
		bad(c, k, v, "not an absolute path");
		goto out;
	}
	conds = realloc(u->conds, (u->n_conds + 1) * sizeof(*conds));
	if (!conds) {
		r = -ENOMEM;
		goto out;
	}
	u->conds = conds;
	conds[u->n_conds] = (struct condition){.kind = (enum cond_kind)k->arg,
					       .negate = negate,
					       .path = strdup(p),
					       .line = c->line};
	if (!conds[u->n_conds].path)
		r = -ENOMEM;
	else
		u->n_conds++;
out:
	free(s);
	return r;
}

#define T_ZERO_IS_INFINITY 1
#define T_BOTH_TIMEOUTS	   2

static int k_time(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	usec_t t;
	int r = parse_timespan(v, &t);

	if (r < 0) {
		bad(c, k, v, r == -ERANGE ? "too large" : NULL);
		return 0;
	}
	if (t == 0 && (k->arg & T_ZERO_IS_INFINITY))
		t = USEC_INFINITY;
	*(usec_t *)field(c, k) = t;
	if (k->arg & T_BOTH_TIMEOUTS)
		c->u->svc.timeout_stop = t;
	return 0;
}

static int k_unsigned(struct parse_ctx *c, const struct key_def *k,
		      const char *v)
{
	int r = parse_unsigned(v, field(c, k));

	if (r < 0)
		bad(c, k, v, r == -ERANGE ? "too large" : NULL);
	return 0;
}

static int k_bool(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	if (parse_boolean(v, field(c, k)) < 0)
		bad(c, k, v, "not a boolean (yes/no, true/false, on/off, 1/0)");
	return 0;
}

static int k_signal(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	if (parse_signal(v, field(c, k)) < 0)
		bad(c, k, v, "not a signal");
	return 0;
}

static int k_exit_set(struct parse_ctx *c, const struct key_def *k,
		      const char *v)
{
	struct exit_set *set = field(c, k);
	char **words = NULL;
	int r = parse_split_plain(v, &words);

	if (r == 0 && !words)
		memset(set, 0, sizeof(*set));
	for (size_t i = 0; words && words[i]; i++) {
		int n;

		if (parse_exit_status(words[i], &n) == 0)
			exit_set_add_status(set, n);
		else if (!(words[i][0] >= '0' && words[i][0] <= '9') &&
			 parse_signal(words[i], &n) == 0)
			exit_set_add_signal(set, n);
		else
			bad(c, k, words[i],
			    "not an exit status (0-255 or a "
			    "name) or a signal name");
	}
	strv_free(words);
	return r;
}

/* Keyword values: arg picks the table, the field is written by type. */
enum { E_TYPE, E_RESTART, E_KILL_MODE, E_STDIN, E_STDOUT, E_STDERR };

static int find_word(const char *const *names, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], v) == 0)
			return (int)i;
	return -1;
}

static int k_type(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	static const char *const names[] = {[SVC_SIMPLE] = "simple",
					    [SVC_EXEC] = "exec",
					    [SVC_ONESHOT] = "oneshot",
					    [SVC_FORKING] = "forking"};
	int i = find_word(names, ARRAY_SIZE(names), v);

	if (i >= 0) {
		c->u->svc.type = (enum svc_type)i;
	} else if (strcmp(v, "idle") == 0) {
		/* idle only delays the start for a tidier console. */
		parse_warn(c, "Type=idle is run as Type=simple");
		c->u->svc.type = SVC_SIMPLE;
	} else if (strcmp(v, "notify") == 0 || strcmp(v, "dbus") == 0 ||
		   strcmp(v, "notify-reload") == 0) {
		parse_error(c, "Type=%s is not supported yet", v);
	} else {
		bad(c, k, v, NULL);
	}
	return 0;
}

static int k_restart(struct parse_ctx *c, const struct key_def *k,
		     const char *v)
{
	static const char *const names[] = {
		[RESTART_NO] = "no",
		[RESTART_ON_SUCCESS] = "on-success",
		[RESTART_ON_FAILURE] = "on-failure",
		[RESTART_ON_ABNORMAL] = "on-abnormal",
		[RESTART_ON_ABORT] = "on-abort",
		[RESTART_ON_WATCHDOG] = "on-watchdog",
		[RESTART_ALWAYS] = "always",
	};
	int i = find_word(names, ARRAY_SIZE(names), v);

	if (i < 0)
		bad(c, k, v, NULL);
	else
		c->u->svc.restart = (enum restart_policy)i;
	return 0;
}

static int k_kill_mode(struct parse_ctx *c, const struct key_def *k,
		       const char *v)
{
	static const char *const names[] = {
		[KILL_CONTROL_GROUP] = "control-group",
		[KILL_PROCESS] = "process",
		[KILL_MIXED] = "mixed",
		[KILL_NONE] = "none",
	};
	int i = find_word(names, ARRAY_SIZE(names), v);

	if (i < 0)
		bad(c, k, v, NULL);
	else
		c->u->svc.kill_mode = (enum kill_mode)i;
	return 0;
}

static int k_stdin(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	if (strcmp(v, "null") != 0)
		parse_error(c,
			    "StandardInput=%s is not supported yet (only "
			    "null)",
			    Q(v));
	return 0;
}

/* StandardOutput= / StandardError=; arg 1 for stderr. */
static int k_stdout(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	static const char *const to_log[] = {
		"log",	       "journal",	  "syslog",
		"kmsg",	       "journal+console", "syslog+console",
		"kmsg+console"};
	static const char *const file_kinds[] = {
		"file:", "truncate:", "append:"};
	struct service_conf *s = &c->u->svc;
	enum std_output *out = k->arg ? &s->std_err : &s->std_out;
	char **path = k->arg ? &s->std_err_path : &s->std_out_path;
	char *p = NULL;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(file_kinds); i++) {
		size_t n = strlen(file_kinds[i]);

		if (strncmp(v, file_kinds[i], n) != 0)
			continue;
		r = expand_word(c, k, v + n, v, &p);
		if (r != 0)
			return r < 0 ? r : 0;
		if (p[0] != '/') {
			bad(c, k, v, "not an absolute path");
			free(p);
			return 0;
		}
		free(*path);
		*path = p;
		/* file: and truncate: both start the file anew here. */
		*out = i == 2 ? OUT_APPEND : OUT_FILE;
		return 0;
	}
	if (find_word(to_log, ARRAY_SIZE(to_log), v) >= 0)
		*out = OUT_LOG;
	else if (strcmp(v, "null") == 0)
		*out = OUT_NULL;
	else if (strcmp(v, "inherit") == 0)
		*out = OUT_INHERIT;
	else if (strcmp(v, "tty") == 0 || strcmp(v, "console") == 0 ||
		 strcmp(v, "socket") == 0 || str_has_prefix(v, "fd:"))
		parse_error(c, "%s=%s is not supported yet", k->name, Q(v));
	else
		bad(c, k, v, NULL);
	if (*out != OUT_FILE && *out != OUT_APPEND) {
		free(*path);
		*path = NULL;
	}
	return 0;
}

static void exec_append(struct exec_list *l, struct exec_cmd *cmd, int *r)
{
	struct exec_cmd *cmds = realloc(l->cmds, (l->n + 1) * sizeof(*cmds));

	if (!cmds) {
		parse_exec_cmd_clear(cmd);
		*r = -ENOMEM;
		return;
	}
	l->cmds = cmds;
	cmds[l->n++] = *cmd;
}

static int k_exec(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	struct exec_list *l = field(c, k);
	struct exec_cmd cmd;
	const char *why;
	char *s;
	int r;

	if (!*v) {
		exec_list_free(l);
		return 0;
	}
	r = parse_exec_line_ex(v, &cmd, &why);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		bad(c, k, v, why);
		return 0;
	}
	cmd.line = c->line;
	r = expand_word(c, k, cmd.path, v, &s);
	if (r == 0) {
		free(cmd.path);
		cmd.path = s;
		if (!parse_exec_path_ok(s)) {
			bad(c, k, v,
			    "the program must be an absolute path or "
			    "a plain name");
			r = 1;
		}
	}
	for (size_t i = 0; r == 0 && cmd.argv[i]; i++) {
		r = expand_word(c, k, cmd.argv[i], v, &s);
		if (r == 0) {
			free(cmd.argv[i]);
			cmd.argv[i] = s;
		}
	}
	if (r != 0) {
		parse_exec_cmd_clear(&cmd);
		return r < 0 ? r : 0;
	}
	exec_append(l, &cmd, &r);
	return r;
}

/* PIDFile=: a relative path is under /run, as in systemd. */
static int k_pid_file(struct parse_ctx *c, const struct key_def *k,
		      const char *v)
{
	char **f = field(c, k);
	char *s = NULL;
	int r;

	if (!*v) {
		free(*f);
		*f = NULL;
		return 0;
	}
	r = expand(c, k, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	if (s[0] != '/') {
		char *abs;

		if (asprintf(&abs, "/run/%s", s) < 0) {
			free(s);
			return -ENOMEM;
		}
		free(s);
		s = abs;
	}
	free(*f);
	*f = s;
	return 0;
}

/* A user or group: a name as useradd accepts it, or a number. Refusing
 * white space, `:` and `/` keeps a typo from naming an odd account. */
static bool user_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 256 || s[0] == '-' || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_.-$", *s) ||
		      (unsigned char)*s >= 0x80))
			return false;
	return true;
}

static int k_user(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	char **f = field(c, k);
	char *s = NULL;
	int r;

	if (!*v) {
		free(*f);
		*f = NULL;
		return 0;
	}
	r = expand(c, k, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	if (!user_name_ok(s)) {
		bad(c, k, v, "not a user or group name");
		free(s);
		return 0;
	}
	free(*f);
	*f = s;
	return 0;
}

static int k_workdir(struct parse_ctx *c, const struct key_def *k,
		     const char *v)
{
	struct service_conf *svc = &c->u->svc;
	char *s = NULL;
	const char *p;
	int r;

	free(svc->working_directory);
	svc->working_directory = NULL;
	svc->working_directory_optional = false;
	svc->working_directory_home = false;
	if (!*v)
		return 0;
	r = expand(c, k, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	p = s;
	if (*p == '-') {
		svc->working_directory_optional = true;
		p++;
	}
	/* "~": the home of User=, looked up at spawn; the path stays NULL. */
	if (strcmp(p, "~") == 0) {
		svc->working_directory_home = true;
	} else if (*p != '/') {
		bad(c, k, v, "not an absolute path (or ~)");
		svc->working_directory_optional = false;
	} else {
		svc->working_directory = strdup(p);
		if (!svc->working_directory)
			r = -ENOMEM;
	}
	free(s);
	return r;
}

static bool env_assignment_ok(const char *s)
{
	const char *eq = strchr(s, '=');

	if (!eq || eq == s || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (const char *p = s; p < eq; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* Environment=: words with quoting, each NAME=VALUE; a later assignment
 * of a name replaces the earlier one (it moves to the end). */
static int k_environment(struct parse_ctx *c, const struct key_def *k,
			 const char *v)
{
	char ***env = &c->u->svc.environment;
	char **words = NULL;
	const char *why;
	int r;

	if (!*v) {
		strv_free(*env);
		*env = NULL;
		return 0;
	}
	r = parse_split_quoted(v, &words, &why);
	if (r == -EINVAL) {
		bad(c, k, v, why);
		return 0;
	}
	for (size_t i = 0; r == 0 && words && words[i]; i++) {
		char *w = NULL;
		size_t nlen, n;

		r = expand_word(c, k, words[i], v, &w);
		if (r != 0) {
			r = r < 0 ? r : 0;
			continue;
		}
		if (!env_assignment_ok(w)) {
			/* systemd ignores these too; a warning, not an error.
			 */
			parse_warn(c,
				   "Environment=: \"%s\" is not NAME=VALUE, "
				   "ignored",
				   Q(w));
			free(w);
			continue;
		}
		nlen = (size_t)(strchr(w, '=') - w) + 1;
		n = strv_len(*env);
		for (size_t j = 0; j < n; j++) {
			if (strncmp((*env)[j], w, nlen) == 0) {
				free((*env)[j]);
				memmove(*env + j, *env + j + 1,
					(n - j) * sizeof(**env));
				break;
			}
		}
		r = strv_push(env, w);
	}
	strv_free(words);
	return r;
}

static int k_env_file(struct parse_ctx *c, const struct key_def *k,
		      const char *v)
{
	struct service_conf *svc = &c->u->svc;
	struct env_file *files;
	bool optional = false;
	char *s = NULL, *p;
	int r;

	if (!*v) {
		for (size_t i = 0; i < svc->n_env_files; i++)
			free(svc->env_files[i].path);
		free(svc->env_files);
		svc->env_files = NULL;
		svc->n_env_files = 0;
		return 0;
	}
	r = expand(c, k, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	p = s;
	if (*p == '-') {
		optional = true;
		p++;
	}
	if (*p != '/') {
		bad(c, k, v, "not an absolute path");
		free(s);
		return 0;
	}
	files = realloc(svc->env_files,
			(svc->n_env_files + 1) * sizeof(*files));
	if (!files) {
		free(s);
		return -ENOMEM;
	}
	svc->env_files = files;
	files[svc->n_env_files].path = strdup(p);
	files[svc->n_env_files].optional = optional;
	free(s);
	if (!files[svc->n_env_files].path)
		return -ENOMEM;
	svc->n_env_files++;
	return 0;
}

static int k_umask(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	unsigned m = 0;
	const char *p = v;

	for (; *p >= '0' && *p <= '7' && m <= 0777; p++)
		m = m * 8 + (unsigned)(*p - '0');
	if (p == v || *p || m > 0777)
		bad(c, k, v, "not an octal mode 0000-0777");
	else
		c->u->svc.umask = (mode_t)m;
	return 0;
}

static int k_ignore(struct parse_ctx *c, const struct key_def *k, const char *v)
{
	return 0;
}

#define U(f) offsetof(struct unit, f)
#define S(f) offsetof(struct unit, svc.f)

/* Every key svinit reads. Keys are case-sensitive, as in systemd. */
static const struct key_def keys[] = {
	{SECT_UNIT, "Description", k_string, U(description), 0},
	{SECT_UNIT, "Documentation", k_list, U(documentation), 3},
	{SECT_UNIT, "Requires", k_deps, 0, DEP_REQUIRES},
	{SECT_UNIT, "Requisite", k_deps, 0, DEP_REQUISITE},
	{SECT_UNIT, "Wants", k_deps, 0, DEP_WANTS},
	{SECT_UNIT, "BindsTo", k_deps, 0, DEP_BINDS_TO},
	{SECT_UNIT, "PartOf", k_deps, 0, DEP_PART_OF},
	{SECT_UNIT, "Conflicts", k_deps, 0, DEP_CONFLICTS},
	{SECT_UNIT, "After", k_deps, 0, DEP_AFTER},
	{SECT_UNIT, "Before", k_deps, 0, DEP_BEFORE},
	{SECT_UNIT, "OnFailure", k_deps, 0, DEP_ON_FAILURE},
	{SECT_UNIT, "ConditionPathExists", k_cond, 0, COND_PATH_EXISTS},
	{SECT_UNIT, "ConditionPathIsDirectory", k_cond, 0,
	 COND_PATH_IS_DIRECTORY},
	{SECT_UNIT, "ConditionFileNotEmpty", k_cond, 0, COND_FILE_NOT_EMPTY},
	{SECT_UNIT, "StartLimitIntervalSec", k_time, U(start_limit_interval),
	 0},
	{SECT_UNIT, "StartLimitInterval", k_time, U(start_limit_interval), 0},
	{SECT_UNIT, "StartLimitBurst", k_unsigned, U(start_limit_burst), 0},
	{SECT_UNIT, "DefaultDependencies", k_bool, U(default_dependencies), 0},

	{SECT_SERVICE, "Type", k_type, 0, 0},
	{SECT_SERVICE, "ExecStartPre", k_exec, S(start_pre), 0},
	{SECT_SERVICE, "ExecStart", k_exec, S(start), 0},
	{SECT_SERVICE, "ExecStartPost", k_exec, S(start_post), 0},
	{SECT_SERVICE, "ExecReload", k_exec, S(reload), 0},
	{SECT_SERVICE, "ExecStop", k_exec, S(stop), 0},
	{SECT_SERVICE, "ExecStopPost", k_exec, S(stop_post), 0},
	{SECT_SERVICE, "RemainAfterExit", k_bool, S(remain_after_exit), 0},
	{SECT_SERVICE, "PIDFile", k_pid_file, S(pid_file), 0},
	{SECT_SERVICE, "Restart", k_restart, 0, 0},
	{SECT_SERVICE, "RestartSec", k_time, S(restart_sec), 0},
	{SECT_SERVICE, "RestartSteps", k_unsigned, S(restart_steps), 0},
	{SECT_SERVICE, "RestartMaxDelaySec", k_time, S(restart_max_delay), 0},
	{SECT_SERVICE, "RestartPreventExitStatus", k_exit_set,
	 S(restart_prevent), 0},
	{SECT_SERVICE, "SuccessExitStatus", k_exit_set, S(success), 0},
	{SECT_SERVICE, "TimeoutStartSec", k_time, S(timeout_start),
	 T_ZERO_IS_INFINITY},
	{SECT_SERVICE, "TimeoutStopSec", k_time, S(timeout_stop),
	 T_ZERO_IS_INFINITY},
	{SECT_SERVICE, "TimeoutSec", k_time, S(timeout_start),
	 T_ZERO_IS_INFINITY | T_BOTH_TIMEOUTS},
	{SECT_SERVICE, "KillSignal", k_signal, S(kill_signal), 0},
	{SECT_SERVICE, "KillMode", k_kill_mode, 0, 0},
	{SECT_SERVICE, "SendSIGKILL", k_bool, S(send_sigkill), 0},
	{SECT_SERVICE, "User", k_user, S(user), 0},
	{SECT_SERVICE, "Group", k_user, S(group), 0},
	{SECT_SERVICE, "WorkingDirectory", k_workdir, 0, 0},
	{SECT_SERVICE, "Environment", k_environment, 0, 0},
	{SECT_SERVICE, "EnvironmentFile", k_env_file, 0, 0},
	{SECT_SERVICE, "UMask", k_umask, 0, 0},
	{SECT_SERVICE, "StandardInput", k_stdin, 0, 0},
	{SECT_SERVICE, "StandardOutput", k_stdout, 0, 0},
	{SECT_SERVICE, "StandardError", k_stdout, 0, 1},

	{SECT_INSTALL, "WantedBy", k_list, U(wanted_by), 0},
	{SECT_INSTALL, "RequiredBy", k_list, U(required_by), 1},
	{SECT_INSTALL, "Alias", k_list, U(alias), 2},
	{SECT_INSTALL, "Also", k_ignore, 0, 0},
	{SECT_INSTALL, "DefaultInstance", k_ignore, 0, 0},
};

/*
 * [Service] keys that would make the service more confined than svinit
 * can make it: sandboxing, capabilities, seccomp, resource limits,
 * credentials, scheduling. Running without them would give the service
 * more power than its author asked for, so each is an error, even when
 * set to a value that restricts nothing (`PrivateTmp=no`): one simple rule
 * is easier to trust than a list of harmless values. When a key gets
 * implemented, add it to keys[] above and take it out of here.
 *
 * An entry ending in `*` covers every key starting with what precedes it.
 */
static const char *const restrictive_keys[] = {
	"Private*",    /* PrivateTmp, PrivateDevices, PrivateNetwork, ... */
	"Protect*",    /* ProtectSystem, ProtectHome, ProtectKernel*, ... */
	"Restrict*",   /* RestrictNamespaces, RestrictAddressFamilies, ... */
	"SystemCall*", /* SystemCallFilter, SystemCallArchitectures, ... */
	"Limit*",      /* LimitNOFILE, LimitNPROC, LimitCORE, ... */
	"ReadOnlyPaths",
	"ReadWritePaths",
	"InaccessiblePaths",
	"ExecPaths",
	"NoExecPaths",
	"ReadOnlyDirectories",
	"ReadWriteDirectories",
	"InaccessibleDirectories",
	"BindPaths",
	"BindReadOnlyPaths",
	"TemporaryFileSystem",
	"RootDirectory",
	"RootImage",
	"RootImageOptions",
	"RootHash",
	"RootVerity",
	"MountImages",
	"ExtensionImages",
	"ExtensionDirectories",
	"NetworkNamespacePath",
	"IPCNamespacePath",
	"CapabilityBoundingSet",
	"AmbientCapabilities",
	"NoNewPrivileges",
	"SecureBits",
	"LockPersonality",
	"MemoryDenyWriteExecute",
	"Personality",
	"SupplementaryGroups",
	"DynamicUser",
	"RemoveIPC",
	"KeyringMode",
	"AppArmorProfile",
	"SELinuxContext",
	"SmackProcessLabel",
	"MemoryMax",
	"MemoryHigh",
	"MemoryLow",
	"MemoryMin",
	"MemoryLimit",
	"MemorySwapMax",
	"MemoryZSwapMax",
	"CPUQuota",
	"CPUQuotaPeriodSec",
	"CPUWeight",
	"StartupCPUWeight",
	"CPUShares",
	"StartupCPUShares",
	"AllowedCPUs",
	"AllowedMemoryNodes",
	"CPUAffinity",
	"NUMAPolicy",
	"NUMAMask",
	"TasksMax",
	"IOWeight",
	"StartupIOWeight",
	"IODeviceWeight",
	"IOReadBandwidthMax",
	"IOWriteBandwidthMax",
	"IOReadIOPSMax",
	"IOWriteIOPSMax",
	"BlockIOWeight",
	"BlockIODeviceWeight",
	"BlockIOReadBandwidth",
	"BlockIOWriteBandwidth",
	"Nice",
	"CPUSchedulingPolicy",
	"CPUSchedulingPriority",
	"CPUSchedulingResetOnFork",
	"IOSchedulingClass",
	"IOSchedulingPriority",
	"OOMScoreAdjust",
	"IPAddressDeny",
	"IPAddressAllow",
	"IPIngressFilterPath",
	"IPEgressFilterPath",
	"SocketBindAllow",
	"SocketBindDeny",
	"DeviceAllow",
	"DevicePolicy",
	"LoadCredential",
	"LoadCredentialEncrypted",
	"SetCredential",
	"SetCredentialEncrypted",
	"ImportCredential",
	"Slice",
};

static bool is_restrictive(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(restrictive_keys); i++) {
		const char *k = restrictive_keys[i];
		size_t n = strlen(k);

		if (k[n - 1] == '*' ? strncmp(key, k, n - 1) == 0
				    : strcmp(key, k) == 0)
			return true;
	}
	return false;
}

static const char *const sect_names[] = {[SECT_UNIT] = "Unit",
					 [SECT_SERVICE] = "Service",
					 [SECT_INSTALL] = "Install"};

bool parse_section_check(struct parse_ctx *c, const char *name)
{
	int s = find_word(sect_names, ARRAY_SIZE(sect_names), name);

	if (s == SECT_SERVICE && c->u->type != UNIT_SERVICE) {
		parse_error(c, "a %s unit cannot have a [Service] section",
			    unit_type_to_string(c->u->type));
		return false;
	}
	if (s >= 0)
		return true;
	/* X- sections are for other tools' extensions: systemd is silent. */
	if (!str_has_prefix(name, "X-"))
		parse_warn(c, "unknown section [%s], ignored", Q(name));
	return false;
}

void parse_assign(struct parse_ctx *c, const char *sect, const char *key,
		  const char *value)
{
	int s;
	int r = 0;

	if (!sect) {
		parse_error(c,
			    "assignment outside of any section: %s=", Q(key));
		return;
	}
	s = find_word(sect_names, ARRAY_SIZE(sect_names), sect);
	if (s < 0)
		return; /* already reported at its header */
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].sect == (enum sect)s &&
		    strcmp(keys[i].name, key) == 0) {
			r = keys[i].fn(c, &keys[i], value);
			if (r < 0)
				c->err = r;
			return;
		}
	}
	if (s == SECT_SERVICE && is_restrictive(key))
		parse_error(c,
			    "%s= is not supported yet: refusing to run the "
			    "service with less isolation than asked",
			    Q(key));
	else
		parse_warn(c, "unknown key [%s] %s=, ignored", sect, Q(key));
}
