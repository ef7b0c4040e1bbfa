/*
 * parse: Exec lines (prefixes and words), specifiers (%n %N %p %i %I %%)
 * and the $VAR expansion the runtime applies at spawn. Pure.
 *
 * The order of the three is what keeps an instance name or a variable
 * from changing a command's shape: a line is split into words first,
 * specifiers are expanded in each word (at load), and $VAR last (at
 * spawn, with the final environment), where only a word that is exactly
 * $VAR may become several words, as in systemd.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void parse_exec_cmd_clear(struct exec_cmd *c)
{
	free(c->path);
	strv_free(c->argv);
	c->path = NULL;
	c->argv = NULL;
	c->flags = 0;
}

/* A relative path with a `/` would depend on the directory the command
 * happens to run in: refused, as in systemd. */
bool parse_exec_path_ok(const char *path)
{
	return path[0] == '/' || (path[0] && !strchr(path, '/'));
}

/*
 * Prefixes are glued to the first word, as in systemd ("-@/bin/x"), in
 * any order. `+`, `!` and `!!` change the credentials and sandbox of
 * this command only (unit.h); at most one of them per line. `|` runs
 * the command through the user's shell, which is not implemented, and
 * running the command plainly would change what it does, so it is
 * refused rather than ignored.
 */
int parse_exec_line_ex(const char *s, struct exec_cmd *out, const char **why)
{
	char **words = NULL;
	const char *f;
	unsigned flags = 0;
	size_t skip = 0;
	int r;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	r = parse_split_quoted_ex(s, true, &words, why);
	if (r < 0)
		return r;
	if (!words) {
		*why = "empty command";
		return -ENODATA;
	}
	for (f = words[0];; f++) {
		if (*f == '-')
			flags |= EXEC_IGNORE_FAILURE;
		else if (*f == '@')
			flags |= EXEC_ARGV0;
		else if (*f == ':')
			flags |= EXEC_NO_ENV_EXPAND;
		else if (*f == '+')
			flags |= EXEC_FULL_PRIVILEGES;
		else if (*f == '!' && f[1] == '!') {
			flags |= EXEC_AMBIENT_FALLBACK;
			f++; /* `!!` is one prefix */
		} else if (*f == '!')
			flags |= EXEC_KEEP_IDS;
		else
			break;
	}
	r = -EINVAL;
	if (*f == '|') {
		*why = "the `|` prefix (run through a shell) is not supported";
		r = -EPERM;
	} else if (__builtin_popcount(flags &
				      (EXEC_FULL_PRIVILEGES | EXEC_KEEP_IDS |
				       EXEC_AMBIENT_FALLBACK)) > 1) {
		/* As systemd: one way of running privileged per line. */
		*why = "`+`, `!` and `!!` exclude each other";
	} else if (!*f) {
		*why = "no program after the prefixes";
	} else if (!parse_exec_path_ok(f)) {
		*why = "the program must be an absolute path or a plain name";
	} else if ((flags & EXEC_ARGV0) && !words[1]) {
		*why = "`@` needs a program and an argv[0]";
	} else {
		r = 0;
	}
	if (r < 0)
		goto fail;
	out->path = strdup(f);
	if (!out->path)
		goto oom;
	if (flags & EXEC_ARGV0) {
		/* argv starts at the second word: drop the first. */
		free(words[0]);
		skip = 1;
	} else {
		char *p = strdup(f);

		if (!p)
			goto oom;
		free(words[0]);
		words[0] = p;
	}
	memmove(words, words + skip,
		(strv_len(words + skip) + 1) * sizeof(*words));
	out->argv = words;
	out->flags = flags;
	return 0;
oom:
	*why = "out of memory";
	r = -ENOMEM;
fail:
	free(out->path);
	out->path = NULL;
	strv_free(words);
	return r;
}

int parse_exec_line(const char *s, struct exec_cmd *out)
{
	const char *why;

	return parse_exec_line_ex(s, out, &why);
}

/* systemd's unit name unescaping: `-` stands for `/`, \xNN for a byte. */
static int unescape_instance(const char *s, struct parse_buf *b)
{
	int r = parse_buf_add(b, "", 0);

	for (; r == 0 && *s; s++) {
		if (*s == '-') {
			r = parse_buf_addc(b, '/');
		} else if (*s == '\\') {
			static const char hex[] = "0123456789abcdef";
			const char *h1, *h2;

			if (s[1] != 'x' || !s[2] || !s[3])
				return -EBADMSG;
			h1 = strchr(hex, s[2] | 0x20);
			h2 = strchr(hex, s[3] | 0x20);
			if (!h1 || !h2 || (h1 == hex && h2 == hex))
				return -EBADMSG;
			r = parse_buf_addc(
				b, (char)((h1 - hex) * 16 + (h2 - hex)));
			s += 3;
		} else {
			r = parse_buf_addc(b, *s);
		}
	}
	return r;
}

/* %i is the instance as written, %I unescaped; %p is the prefix before
 * `@` (the name without type for a non-template); an unknown specifier is
 * an error rather than left as it is, so a typo cannot pass. */
int parse_expand_specifiers_ex(const struct unit *u, const char *s, char **out,
			       char *bad)
{
	struct parse_buf b = {0};
	const char *name = u->name ? u->name : "";
	const char *dot = strrchr(name, '.');
	const char *at = strchr(name, '@');
	size_t stem = dot ? (size_t)(dot - name) : strlen(name);
	int r = parse_buf_add(&b, "", 0);

	*out = NULL;
	while (r == 0 && *s) {
		const char *pct = strchr(s, '%');

		if (!pct) {
			r = parse_buf_add(&b, s, strlen(s));
			break;
		}
		r = parse_buf_add(&b, s, (size_t)(pct - s));
		if (r < 0)
			break;
		switch (pct[1]) {
		case '%':
			r = parse_buf_addc(&b, '%');
			break;
		case 'n':
			r = parse_buf_add(&b, name, strlen(name));
			break;
		case 'N':
			r = parse_buf_add(&b, name, stem);
			break;
		case 'p':
			r = parse_buf_add(&b, name,
					  at && at < name + stem
						  ? (size_t)(at - name)
						  : stem);
			break;
		case 'i':
			if (u->instance)
				r = parse_buf_add(&b, u->instance,
						  strlen(u->instance));
			break;
		case 'I':
			if (u->instance)
				r = unescape_instance(u->instance, &b);
			break;
		default:
			*bad = pct[1];
			r = -EINVAL;
			break;
		}
		s = pct + 2;
	}
	if (r < 0) {
		free(b.s);
		return r;
	}
	*out = parse_buf_steal(&b);
	return *out ? 0 : -ENOMEM;
}

int parse_expand_specifiers(const struct unit *u, const char *s, char **out)
{
	char bad;

	return parse_expand_specifiers_ex(u, s, out, &bad);
}

static bool env_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool env_name_char(char c)
{
	return env_name_start(c) || (c >= '0' && c <= '9');
}

/* The value of the last assignment of name[0..len) in env, or NULL: the
 * environment is built with later entries winning, so search from the
 * end. */
static const char *env_lookup(char *const *env, const char *name, size_t len)
{
	size_t n = strv_len(env);

	while (n-- > 0)
		if (strncmp(env[n], name, len) == 0 && env[n][len] == '=')
			return env[n] + len + 1;
	return NULL;
}

/* One word with every $$, ${NAME} and $NAME substituted in place. */
static char *expand_in_word(const char *w, char *const *env)
{
	struct parse_buf b = {0};
	int r = parse_buf_add(&b, "", 0);

	while (r == 0 && *w) {
		const char *d = strchr(w, '$'), *name, *val, *close;
		size_t len;

		if (!d) {
			r = parse_buf_add(&b, w, strlen(w));
			break;
		}
		r = parse_buf_add(&b, w, (size_t)(d - w));
		if (r < 0)
			break;
		if (d[1] == '$') {
			r = parse_buf_addc(&b, '$');
			w = d + 2;
			continue;
		}
		if (d[1] == '{') {
			name = d + 2;
			close = strchr(name, '}');
			len = close ? (size_t)(close - name) : 0;
			for (size_t i = 0; i < len && close; i++)
				if (!(i ? env_name_char(name[i])
					: env_name_start(name[i])))
					close = NULL;
			if (!close || len == 0) {
				/* Not a reference: keep it as written. */
				r = parse_buf_add(&b, d, 2);
				w = d + 2;
				continue;
			}
			w = close + 1;
		} else if (env_name_start(d[1])) {
			name = d + 1;
			for (len = 1; env_name_char(name[len]); len++)
				;
			w = name + len;
		} else {
			r = parse_buf_addc(&b, '$');
			w = d + 1;
			continue;
		}
		val = env_lookup(env, name, len);
		if (val)
			r = parse_buf_add(&b, val, strlen(val));
	}
	if (r < 0) {
		free(b.s);
		return NULL;
	}
	return parse_buf_steal(&b);
}

/* Runs at each spawn, in the daemon: it never fails but for memory (an
 * unset variable is empty), so a start cannot fail on a typo here. */
int parse_expand_env(char *const *argv, char *const *env, char ***out)
{
	struct strv_builder res = {0};
	int r = 0;

	for (size_t i = 0; r == 0 && argv && argv[i]; i++) {
		const char *w = argv[i];
		size_t len = 0;

		if (w[0] == '$' && env_name_start(w[1])) {
			for (len = 1; env_name_char(w[1 + len]); len++)
				;
			if (w[1 + len])
				len = 0;
		}
		if (len > 0) {
			/* A whole-word $NAME becomes the value's words. */
			const char *val = env_lookup(env, w + 1, len);
			char **parts = NULL;

			size_t k = 0;

			r = parse_split_plain(val ? val : "", &parts);
			/* Each word is taken over, even on failure. */
			while (r == 0 && parts && parts[k])
				r = strv_builder_push(&res, parts[k++]);
			while (parts && parts[k])
				free(parts[k++]);
			free(parts);
		} else {
			r = strv_builder_push(&res, expand_in_word(w, env));
		}
	}
	if (r < 0) {
		strv_free(res.v);
		return -ENOMEM;
	}
	/* Callers index argv[0]: keep an empty vector non-NULL. */
	if (!res.v) {
		res.v = calloc(1, sizeof(*res.v));
		if (!res.v)
			return -ENOMEM;
	}
	*out = res.v;
	return 0;
}
