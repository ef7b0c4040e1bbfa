/*
 * parse: handlers of the [Service] keys whose values have a shape of their
 * own (Exec lines, paths, users, the environment, standard streams). The
 * generic ones (times, booleans, lists, ...) are in parse_keys.c, with
 * the key table that points here.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_key_stdin(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	if (strcmp(v, "null") != 0)
		parse_error(c,
			    "StandardInput=%s is not supported yet (only "
			    "null)",
			    PARSE_Q(v));
	return 0;
}

/* StandardOutput= / StandardError=; arg 1 for stderr. */
int parse_key_stdout(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
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
		r = parse_expand_word(c, k, v + n, v, &p);
		if (r != 0)
			return r < 0 ? r : 0;
		if (p[0] != '/') {
			parse_bad(c, k, v, "not an absolute path");
			free(p);
			return 0;
		}
		free(*path);
		*path = p;
		/* file: and truncate: both start the file anew here. */
		*out = i == 2 ? OUT_APPEND : OUT_FILE;
		return 0;
	}
	if (parse_find_word(to_log, ARRAY_SIZE(to_log), v) >= 0)
		*out = OUT_LOG;
	else if (strcmp(v, "null") == 0)
		*out = OUT_NULL;
	else if (strcmp(v, "inherit") == 0)
		*out = OUT_INHERIT;
	else if (strcmp(v, "tty") == 0 || strcmp(v, "console") == 0 ||
		 strcmp(v, "socket") == 0 || str_has_prefix(v, "fd:"))
		parse_error(c, "%s=%s is not supported yet", k->name,
			    PARSE_Q(v));
	else
		parse_bad(c, k, v, NULL);
	if (*out != OUT_FILE && *out != OUT_APPEND) {
		free(*path);
		*path = NULL;
	}
	return 0;
}

static void exec_append(struct parse_ctx *c, const struct parse_key *k,
			struct exec_list *l, struct exec_cmd *cmd, int *r)
{
	struct exec_cmd *cmds;

	if (!parse_list_room(c, k->name, l->n)) {
		parse_exec_cmd_clear(cmd);
		return;
	}
	cmds = realloc(l->cmds, (l->n + 1) * sizeof(*cmds));
	if (!cmds) {
		parse_exec_cmd_clear(cmd);
		*r = -ENOMEM;
		return;
	}
	l->cmds = cmds;
	cmds[l->n++] = *cmd;
}

int parse_key_exec(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct exec_list *l = parse_key_field(c, k);
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
		parse_bad(c, k, v, why);
		return 0;
	}
	cmd.line = c->line;
	r = parse_expand_word(c, k, cmd.path, v, &s);
	if (r == 0) {
		free(cmd.path);
		cmd.path = s;
		if (!parse_exec_path_ok(s)) {
			parse_bad(c, k, v,
				  "the program must be an absolute path or "
				  "a plain name");
			r = 1;
		}
	}
	for (size_t i = 0; r == 0 && cmd.argv[i]; i++) {
		r = parse_expand_word(c, k, cmd.argv[i], v, &s);
		if (r == 0) {
			free(cmd.argv[i]);
			cmd.argv[i] = s;
		}
	}
	if (r != 0) {
		parse_exec_cmd_clear(&cmd);
		return r < 0 ? r : 0;
	}
	exec_append(c, k, l, &cmd, &r);
	return r;
}

/* PIDFile=: a relative path is under /run, as in systemd. */
int parse_key_pid_file(struct parse_ctx *c, const struct parse_key *k,
		       const char *v)
{
	char **f = parse_key_field(c, k);
	char *s = NULL;
	int r;

	if (!*v) {
		free(*f);
		*f = NULL;
		return 0;
	}
	r = parse_expand_word(c, k, v, v, &s);
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

int parse_key_user(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	char **f = parse_key_field(c, k);
	char *s = NULL;
	int r;

	if (!*v) {
		free(*f);
		*f = NULL;
		return 0;
	}
	r = parse_expand_word(c, k, v, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	if (!user_name_ok(s)) {
		parse_bad(c, k, v, "not a user or group name");
		free(s);
		return 0;
	}
	free(*f);
	*f = s;
	return 0;
}

int parse_key_workdir(struct parse_ctx *c, const struct parse_key *k,
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
	r = parse_expand_word(c, k, v, v, &s);
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
		parse_bad(c, k, v, "not an absolute path (or ~)");
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
int parse_key_environment(struct parse_ctx *c, const struct parse_key *k,
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
		parse_bad(c, k, v, why);
		return 0;
	}
	for (size_t i = 0; r == 0 && words && words[i]; i++) {
		char *w = NULL;
		size_t nlen, n;

		r = parse_expand_word(c, k, words[i], v, &w);
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
				   PARSE_Q(w));
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
				n--;
				break;
			}
		}
		if (!parse_list_room(c, k->name, n)) {
			free(w);
			break;
		}
		r = strv_push(env, w);
	}
	strv_free(words);
	return r;
}

int parse_key_env_file(struct parse_ctx *c, const struct parse_key *k,
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
	r = parse_expand_word(c, k, v, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	p = s;
	if (*p == '-') {
		optional = true;
		p++;
	}
	if (*p != '/') {
		parse_bad(c, k, v, "not an absolute path");
		free(s);
		return 0;
	}
	if (!parse_list_room(c, k->name, svc->n_env_files)) {
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

int parse_key_umask(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	unsigned m = 0;
	const char *p = v;

	for (; *p >= '0' && *p <= '7' && m <= 0777; p++)
		m = m * 8 + (unsigned)(*p - '0');
	if (p == v || *p || m > 0777)
		parse_bad(c, k, v, "not an octal mode 0000-0777");
	else
		c->u->svc.umask = (mode_t)m;
	return 0;
}
