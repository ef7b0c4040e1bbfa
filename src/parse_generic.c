/*
 * parse_generic: the handlers for kinds of value that many keys share
 * (strings, lists of names, times, sizes, numbers, booleans, signals,
 * exit statuses, conditions, users). Any key table may use them; they
 * only call to their right (parse_diag.c, parse_value.c).
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int expand(struct parse_ctx *c, const struct parse_key *k, const char *v,
		  char **out)
{
	return parse_expand_word(c, k, v, v, out);
}

/* A user or group: a name as useradd accepts it, or a number. Refusing
 * white space, `:` and `/` keeps a typo from naming an odd account. */
bool parse_user_name_ok(const char *s)
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

/* One string, specifiers expanded; empty resets it to NULL. */
int parse_k_string(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	char **f = parse_key_field(c, k);
	char *s = NULL;
	int r = *v ? expand(c, k, v, &s) : 0;

	if (r)
		return r;
	if (s && k->arg == STR_PID_FILE && s[0] != '/') {
		char *abs;

		r = asprintf(&abs, "/run/%s", s);
		free(s);
		if (r < 0)
			return -ENOMEM;
		s = abs;
	}
	free(*f);
	*f = s;
	return 0;
}

/* User= (arg 0), Group= (arg 1): checked here, resolved to ids by the
 * loader (creds.h), which names this file and line when the name is
 * unknown; so the line is kept with the value. */
int parse_k_id(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct service_conf *svc = &c->u->svc;
	char **f = k->arg ? &svc->group : &svc->user;
	struct unit_origin *at = k->arg ? &svc->group_at : &svc->user_at;
	char *s = NULL, *file = NULL;
	int r = *v ? expand(c, k, v, &s) : 0;

	if (r)
		return r;
	if (s && !parse_user_name_ok(s)) {
		free(s);
		return parse_bad(c, k, v, "not a user or group name");
	}
	if (s && !(file = strdup(c->path))) {
		free(s);
		return -ENOMEM;
	}
	free(*f);
	*f = s;
	free(at->file);
	*at = (struct unit_origin){file, s ? c->line : 0};
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

/* Whether word may go into the list; reports why not. */
static bool word_ok(struct parse_ctx *c, const struct parse_key *k,
		    const char *w)
{
	const struct unit *u = c->u;

	switch (k->arg) {
	case LIST_DOC:
		if (doc_url_ok(w))
			return true;
		parse_warn(c,
			   "%s=%s: not a URL svinit knows (http, https, file, "
			   "info, man), ignored",
			   k->name, PARSE_Q(w));
		return false;
	case LIST_ALIAS:
		if (unit_name_is_valid(w) &&
		    unit_type_from_name(w) == (int)u->type &&
		    unit_name_is_template(w) == unit_name_is_template(u->name))
			return true;
		parse_bad(c, k, w,
			  "an alias must be a valid name of the same type");
		return false;
	}
	if (unit_name_is_valid(w) && !unit_name_is_template(w))
		return true;
	if (unit_name_is_valid(w))
		parse_bad(c, k, w,
			  "a template cannot be a dependency, name an "
			  "instance");
	else if (!unit_name_is_other_type(w) ||
		 strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
			   "VWXYZ0123456789:_.-\\@") != strlen(w))
		parse_bad(c, k, w, "not a valid unit name");
	else if (k->arg == LIST_HARD)
		parse_bad(c, k, w,
			  "svinit has no unit of this type, so this "
			  "dependency could never be met");
	else
		parse_warn(c, "%s=%s: svinit has no unit of this type, ignored",
			   k->name, PARSE_Q(w));
	return false;
}

/* Words, each specifier-expanded, checked and appended unless already
 * there; empty resets the list. A bad word is left out and the others
 * are kept: the unit does not load anyway. */
int parse_k_list(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	char ***list = parse_key_field(c, k);
	char **words = NULL;
	int r;

	if (!*v) {
		strv_free(*list);
		*list = NULL;
		return 0;
	}
	r = parse_split_plain(v, &words);
	for (size_t i = 0; r >= 0 && words && words[i]; i++) {
		char *w = NULL;

		if (parse_expand_word(c, k, words[i], v, &w) < 0) {
			r = -ENOMEM;
		} else if (w && word_ok(c, k, w) && !strv_contains(*list, w)) {
			if (!parse_list_room(c, k->name, strv_len(*list))) {
				free(w);
				break;
			}
			r = strv_push(list, w);
			continue;
		}
		free(w);
	}
	strv_free(words);
	return r;
}

int parse_k_cond(struct parse_ctx *c, const struct parse_key *k, const char *v)
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
	if (r)
		return r;
	p = s + (s[0] == '!');
	negate = p != s;
	if (s[0] == '|')
		r = parse_bad(c, k, v,
			      "triggering conditions (`|`) are not supported");
	else if (*p != '/')
		r = parse_bad(c, k, v, "not an absolute path");
	else if (!parse_list_room(c, k->name, u->n_conds))
		r = 1;
	else if (!(conds = realloc(u->conds,
				   (u->n_conds + 1) * sizeof(*conds))))
		r = -ENOMEM;
	else {
		u->conds = conds;
		conds[u->n_conds] =
			(struct condition){.kind = (enum cond_kind)k->arg,
					   .negate = negate,
					   .path = strdup(p),
					   .line = c->line};
		if (!conds[u->n_conds].path)
			r = -ENOMEM;
		else
			u->n_conds++;
	}
	free(s);
	return r;
}

int parse_k_time(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	usec_t t;
	int r = parse_timespan(v, &t);

	if (r < 0)
		return parse_bad(c, k, v, r == -ERANGE ? "too large" : NULL);
	if (t == 0 && (k->arg & T_ZERO_IS_INFINITY))
		t = USEC_INFINITY;
	*(usec_t *)parse_key_field(c, k) = t;
	if (k->arg & T_BOTH_TIMEOUTS)
		c->u->svc.timeout_stop = t;
	return 0;
}

int parse_k_unsigned(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	int r = parse_unsigned(v, parse_key_field(c, k));

	return r < 0 ? parse_bad(c, k, v, r == -ERANGE ? "too large" : NULL)
		     : 0;
}

/* A byte count with an optional K, M or G suffix; arg is the maximum
 * (0: none), for LogMaxSize= and LogKeep=. */
int parse_k_size(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	uint64_t n;

	if (parse_size(v, &n) < 0 || (k->arg && n > (uint64_t)k->arg))
		return parse_bad(c, k, v,
				 k->arg ? "not a number from 0 to 99" : NULL);
	*(uint64_t *)parse_key_field(c, k) = n;
	return 0;
}

int parse_k_bool(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	if (parse_boolean(v, parse_key_field(c, k)) < 0)
		return parse_bad(
			c, k, v,
			"not a boolean (yes/no, true/false, on/off, 1/0)");
	return 0;
}

int parse_k_signal(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	if (parse_signal(v, parse_key_field(c, k)) < 0)
		return parse_bad(c, k, v, "not a signal");
	return 0;
}

/* Statuses and signal names; empty resets the set. A number is always a
 * status, so "15" never means SIGTERM. */
int parse_k_exit_set(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	struct exit_set *set = parse_key_field(c, k);
	char **words = NULL;
	int r = parse_split_plain(v, &words);

	if (r == 0 && !words)
		memset(set, 0, sizeof(*set));
	for (size_t i = 0; words && words[i]; i++) {
		int n;

		if (parse_exit_status(words[i], &n) == 0)
			unit_exit_set_add_status(set, n);
		else if (!(words[i][0] >= '0' && words[i][0] <= '9') &&
			 parse_signal(words[i], &n) == 0)
			unit_exit_set_add_signal(set, n);
		else
			parse_bad(c, k, words[i],
				  "not an exit status (0-255 or a "
				  "name) or a signal name");
	}
	strv_free(words);
	return r;
}
