/*
 * parse: handlers of the [Service] keys whose values have a shape of their
 * own (Exec lines, paths with prefixes, the environment, standard
 * streams). The generic ones (strings, times, booleans, lists, ...) are in
 * parse_keys.c, with the key table that points here.
 *
 * Like the generic ones, each handler returns 0, 1 when it reported a
 * problem with the value, or -ENOMEM, and a bad value leaves the setting
 * as it was (the unit does not load anyway, but a drop-in being checked
 * must not see a half-made list).
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only null, the default: a service never reads svinit's stdin. */
int parse_key_stdin(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	if (strcmp(v, "null") == 0)
		return 0;
	parse_error(c, "StandardInput=%s is not supported yet (only null)",
		    PARSE_Q(v));
	return 1;
}

/* StandardOutput= / StandardError=; arg 1 for stderr. Only OUT_FILE and
 * OUT_APPEND keep a path. */
int parse_key_stdout(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	static const char *const to_log[] = {"log",
					     "journal",
					     "syslog",
					     "kmsg",
					     "journal+console",
					     "syslog+console",
					     "kmsg+console",
					     NULL};
	static const char *const unsupported[] = {"tty", "console", "socket",
						  NULL};
	static const char *const file_kinds[] = {
		"file:", "truncate:", "append:"};
	struct service_conf *s = &c->u->svc;
	enum std_output *out = k->arg ? &s->std_err : &s->std_out;
	char **path = k->arg ? &s->std_err_path : &s->std_out_path;
	char *p = NULL;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(file_kinds); i++) {
		if (!str_has_prefix(v, file_kinds[i]))
			continue;
		r = parse_expand_word(c, k, v + strlen(file_kinds[i]), v, &p);
		if (r)
			return r;
		if (p[0] != '/') {
			free(p);
			return parse_bad(c, k, v, "not an absolute path");
		}
		free(*path);
		*path = p;
		/* file: and truncate: both start the file anew here. */
		*out = i == 2 ? OUT_APPEND : OUT_FILE;
		return 0;
	}
	if (parse_find_word(to_log, v) >= 0) {
		*out = OUT_LOG;
	} else if (strcmp(v, "null") == 0) {
		*out = OUT_NULL;
	} else if (strcmp(v, "inherit") == 0) {
		*out = OUT_INHERIT;
	} else if (parse_find_word(unsupported, v) >= 0 ||
		   str_has_prefix(v, "fd:")) {
		parse_error(c, "%s=%s is not supported yet", k->name,
			    PARSE_Q(v));
		return 1;
	} else {
		return parse_bad(c, k, v, NULL);
	}
	free(*path);
	*path = NULL;
	return 0;
}

/* One Exec line, appended to its list; empty resets the list. The
 * program and every word are expanded after the line is split, so an
 * instance name never changes the splitting. */
int parse_key_exec(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct exec_list *l = parse_key_field(c, k);
	struct exec_cmd cmd, *cmds;
	const char *why;
	char *s;
	int r;

	if (!*v) {
		unit_exec_list_free(l);
		return 0;
	}
	r = parse_exec_line_ex(v, &cmd, &why);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return parse_bad(c, k, v, why);
	cmd.line = c->line;
	r = parse_expand_word(c, k, cmd.path, v, &s);
	if (r == 0) {
		free(cmd.path);
		cmd.path = s;
		if (!parse_exec_path_ok(s))
			r = parse_bad(c, k, v,
				      "the program must be an absolute path "
				      "or a plain name");
	}
	for (size_t i = 0; r == 0 && cmd.argv[i]; i++) {
		r = parse_expand_word(c, k, cmd.argv[i], v, &s);
		if (r == 0) {
			free(cmd.argv[i]);
			cmd.argv[i] = s;
		}
	}
	if (r == 0 && !parse_list_room(c, k->name, l->n))
		r = 1;
	if (r == 0 && !(cmds = realloc(l->cmds, (l->n + 1) * sizeof(*cmds))))
		r = -ENOMEM;
	if (r != 0) {
		parse_exec_cmd_clear(&cmd);
		return r;
	}
	l->cmds = cmds;
	cmds[l->n++] = cmd;
	return 0;
}

/*
 * The value of a path key, expanded, with its optional `-` prefix (the
 * path may be missing) taken off: 0 with *s (to free) and *path inside
 * it, or what parse_expand_word returned. The caller checks the path.
 */
static int dash_path(struct parse_ctx *c, const struct parse_key *k,
		     const char *v, char **s, const char **path, bool *optional)
{
	int r = parse_expand_word(c, k, v, v, s);

	if (r)
		return r;
	*optional = (*s)[0] == '-';
	*path = *s + *optional;
	return 0;
}

/* "~": the home of User= (resolved with it); the path stays NULL. */
int parse_key_workdir(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	struct service_conf *svc = &c->u->svc;
	char *s = NULL, *copy = NULL;
	const char *p;
	bool optional, home;
	int r;

	if (*v) {
		r = dash_path(c, k, v, &s, &p, &optional);
		if (r)
			return r;
		home = strcmp(p, "~") == 0;
		if (!home && *p != '/') {
			free(s);
			return parse_bad(c, k, v,
					 "not an absolute path (or ~)");
		}
		if (!home && !(copy = strdup(p))) {
			free(s);
			return -ENOMEM;
		}
		free(s);
	} else {
		optional = home = false;
	}
	free(svc->working_directory);
	svc->working_directory = copy;
	svc->working_directory_optional = optional;
	svc->working_directory_home = home;
	return 0;
}

/* NAME=VALUE with a shell-style name, which is what a program can read
 * back with getenv. */
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
	if (r == -EINVAL)
		return parse_bad(c, k, v, why);
	for (size_t i = 0; r >= 0 && words && words[i]; i++) {
		char *w = NULL;
		size_t nlen, n;

		r = parse_expand_word(c, k, words[i], v, &w);
		if (r)
			continue;
		if (!env_assignment_ok(w)) {
			/* systemd ignores these too: a warning, not an
			 * error, as they cannot change what the service may
			 * do. */
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
	return r < 0 ? r : 0;
}

int parse_key_env_file(struct parse_ctx *c, const struct parse_key *k,
		       const char *v)
{
	struct service_conf *svc = &c->u->svc;
	struct env_file *files;
	bool optional;
	const char *p;
	char *s = NULL;
	int r;

	if (!*v) {
		for (size_t i = 0; i < svc->n_env_files; i++)
			free(svc->env_files[i].path);
		free(svc->env_files);
		svc->env_files = NULL;
		svc->n_env_files = 0;
		return 0;
	}
	r = dash_path(c, k, v, &s, &p, &optional);
	if (r)
		return r;
	if (*p != '/')
		r = parse_bad(c, k, v, "not an absolute path");
	else if (!parse_list_room(c, k->name, svc->n_env_files))
		r = 1;
	else if (!(files = realloc(svc->env_files,
				   (svc->n_env_files + 1) * sizeof(*files))))
		r = -ENOMEM;
	else {
		svc->env_files = files;
		files[svc->n_env_files] = (struct env_file){
			.path = strdup(p), .optional = optional};
		if (files[svc->n_env_files].path)
			svc->n_env_files++;
		else
			r = -ENOMEM;
	}
	free(s);
	return r;
}

/* Octal digits only, as systemd reads UMask= (a leading 0 is optional). */
int parse_key_umask(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	unsigned m = 0;
	const char *p = v;

	for (; *p >= '0' && *p <= '7' && m <= 0777; p++)
		m = m * 8 + (unsigned)(*p - '0');
	if (p == v || *p || m > 0777)
		return parse_bad(c, k, v, "not an octal mode 0000-0777");
	c->u->svc.umask = (mode_t)m;
	return 0;
}
