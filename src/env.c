/*
 * env: environment vectors and EnvironmentFile= (see env.h).
 *
 * Environments here are small (a service's PATH, USER, its Environment=
 * and files of at most a few hundred entries), so lookups are linear:
 * later assignments replace earlier ones in place, which keeps the order
 * of first appearance, as systemd's does.
 */
#include "env.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* systemd's rule, looser than POSIX: any bytes but `=`, controls,
 * blanks and non-ASCII, not starting with a digit. */
bool env_name_is_valid(const char *name, size_t len)
{
	if (len == 0 || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '=' || c <= ' ' || c >= 0x7f)
			return false;
	}
	return true;
}

bool env_assignment_is_valid(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq && env_name_is_valid(s, (size_t)(eq - s));
}

/* Index of the entry of env whose key is key[0..len), or -1. */
static long find_key(char *const *env, const char *key, size_t len)
{
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], key, len) == 0 && env[i][len] == '=')
			return (long)i;
	return -1;
}

const char *env_get(char *const *env, const char *key)
{
	size_t len = strlen(key);
	long i = find_key(env, key, len);

	return i < 0 ? NULL : env[i] + len + 1;
}

/* Replace the entry with the same key, or append. */
int env_set(char ***env, const char *assignment)
{
	size_t len = 0;
	long i;
	char *copy;

	if (!env_assignment_is_valid(assignment))
		return -EINVAL;
	len = (size_t)(strchr(assignment, '=') - assignment);
	i = find_key(*env, assignment, len);
	if (i < 0)
		return strv_push_dup(env, assignment);
	copy = strdup(assignment);
	if (!copy)
		return -ENOMEM;
	free((*env)[i]);
	(*env)[i] = copy;
	return 0;
}

int env_set_kv(char ***env, const char *key, const char *value)
{
	size_t lk = strlen(key), lv = strlen(value);
	char *s = malloc(lk + lv + 2);
	int r;

	if (!s)
		return -ENOMEM;
	memcpy(s, key, lk);
	s[lk] = '=';
	memcpy(s + lk + 1, value, lv + 1);
	/* A key containing `=` would silently become another key. */
	r = env_name_is_valid(key, lk) ? env_set(env, s) : -EINVAL;
	free(s);
	return r;
}

int env_merge(char ***env, char *const *add)
{
	for (size_t i = 0; add && add[i]; i++) {
		int r = env_set(env, add[i]);

		if (r < 0)
			return r;
	}
	return 0;
}

enum pstate {
	P_LINE, /* between entries */
	P_COMMENT,
	P_KEY,
	P_PRE_VALUE, /* blanks after `=` */
	P_VALUE,
	P_SQUOTE,
	P_DQUOTE,
};

/* The entry being assembled as "KEY=VALUE" in buf. `keep` is the length
 * that must survive trailing-blank trimming: everything up to the last
 * quoted, escaped or non-blank character. */
struct pentry {
	char *buf;
	size_t n, key_len, keep;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The entry is complete: trim what trailing blanks it has, then keep
 * it, or count it as bad when its name is not valid. */
static int commit(struct pentry *e, char ***env, unsigned *n_bad)
{
	e->buf[e->keep] = '\0';
	if (!env_name_is_valid(e->buf, e->key_len)) {
		(*n_bad)++;
		return 0;
	}
	return env_set(env, e->buf);
}

/* Take the character after a backslash at text[*i] inside a double-quoted
 * value: \" \\ \` \$ lose the backslash, a newline is joined away, any
 * other pair is kept as written (the shell's rule). */
static void dquote_escape(struct pentry *e, const char *text, size_t len,
			  size_t *i)
{
	char c;

	if (*i + 1 >= len) {
		e->buf[e->n++] = '\\';
		return;
	}
	c = text[++*i];
	if (c == '\n')
		return;
	if (!strchr("\"\\`$", c))
		e->buf[e->n++] = '\\';
	e->buf[e->n++] = c;
}

/* One pass over the text, one character at a time, as a small state
 * machine (enum pstate): no line is split in advance, so quotes and
 * backslashes may join lines as in the shell's syntax. Bad entries are
 * counted and skipped; only memory can make it fail. */
int env_parse(const char *text, size_t len, char ***env, unsigned *n_bad)
{
	enum pstate st = P_LINE;
	struct pentry e = {0};
	unsigned bad_dummy = 0;
	int r = 0;

	if (!n_bad)
		n_bad = &bad_dummy;
	if (memchr(text, '\0', len))
		return -EINVAL;
	/* An entry is never longer than the text plus `=` and NUL. */
	e.buf = malloc(len + 2);
	if (!e.buf)
		return -ENOMEM;
	for (size_t i = 0; i < len && r >= 0; i++) {
		char c = text[i];

		switch (st) {
		case P_LINE:
			if (is_blank(c) || c == '\n')
				break;
			if (c == '#' || c == ';') {
				st = P_COMMENT;
				break;
			}
			e.n = 0;
			e.buf[e.n++] = c;
			st = P_KEY;
			break;
		case P_COMMENT:
			if (c == '\n')
				st = P_LINE;
			break;
		case P_KEY:
			if (c == '\n') {
				(*n_bad)++;
				st = P_LINE;
			} else if (c == '=') {
				while (e.n > 0 && is_blank(e.buf[e.n - 1]))
					e.n--;
				e.key_len = e.n;
				e.buf[e.n++] = '=';
				e.keep = e.n;
				st = P_PRE_VALUE;
			} else {
				e.buf[e.n++] = c;
			}
			break;
		case P_PRE_VALUE:
			if (c == ' ' || c == '\t')
				break;
			/* c is the value's first character. */
			st = P_VALUE;
			__attribute__((fallthrough));
		case P_VALUE:
			if (c == '\n') {
				r = commit(&e, env, n_bad);
				st = P_LINE;
			} else if (c == '\\') {
				if (i + 1 < len && text[i + 1] != '\n') {
					e.buf[e.n++] = text[i + 1];
					e.keep = e.n;
				}
				i++; /* a trailing `\` joins the next line */
			} else if (c == '\'') {
				st = P_SQUOTE;
			} else if (c == '"') {
				st = P_DQUOTE;
			} else {
				e.buf[e.n++] = c;
				if (!is_blank(c))
					e.keep = e.n;
			}
			break;
		case P_SQUOTE:
			if (c != '\'')
				e.buf[e.n++] = c;
			else
				st = P_VALUE;
			e.keep = e.n;
			break;
		case P_DQUOTE:
			if (c == '"')
				st = P_VALUE;
			else if (c == '\\')
				dquote_escape(&e, text, len, &i);
			else
				e.buf[e.n++] = c;
			e.keep = e.n;
			break;
		}
	}
	if (r >= 0) {
		if (st == P_PRE_VALUE || st == P_VALUE)
			r = commit(&e, env, n_bad);
		else if (st == P_KEY || st == P_SQUOTE || st == P_DQUOTE)
			(*n_bad)++;
	}
	free(e.buf);
	return r < 0 ? r : 0;
}

/* Read a whole file of at most `max` bytes into a malloc'd buffer. */
static int read_all(const char *path, size_t max, char **out, size_t *out_len)
{
	size_t n = 0, cap = 4096;
	char *buf = malloc(cap);
	int fd, r = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = -errno;
		free(buf);
		return r;
	}
	for (;;) {
		ssize_t k;

		if (n == cap) {
			char *nb;

			if (cap > max) {
				r = -EFBIG;
				break;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				r = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			r = -errno;
			break;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	if (r == 0 && n > max)
		r = -EFBIG;
	if (r < 0) {
		free(buf);
		return r;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

int env_read_file(const char *path, char ***env, unsigned *n_bad)
{
	char *text = NULL;
	size_t len = 0;
	int r = read_all(path, ENV_FILE_MAX, &text, &len);

	if (r < 0)
		return r;
	r = env_parse(text, len, env, n_bad);
	free(text);
	return r;
}

int env_load(const char *pattern, bool optional, char ***env, unsigned *n_bad)
{
	glob_t g;
	int r;

	if (!strpbrk(pattern, "*?[")) {
		r = env_read_file(pattern, env, n_bad);
		return r == -ENOENT && optional ? 0 : r;
	}
	r = glob(pattern, GLOB_ERR, NULL, &g);
	if (r == GLOB_NOMATCH)
		return optional ? 0 : -ENOENT;
	if (r != 0) {
		/* glob may have allocated even when it failed. */
		globfree(&g);
		return r == GLOB_NOSPACE ? -ENOMEM : -EIO;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		r = env_read_file(g.gl_pathv[i], env, n_bad);
		/* Matched a moment ago and gone now: as if never matched. */
		if (r == -ENOENT && optional)
			r = 0;
		if (r < 0)
			break;
	}
	globfree(&g);
	return r;
}
