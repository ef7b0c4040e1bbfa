/*
 * parse: reporting problems from inside the parser, with FILE:LINE.
 *
 * Everything here works on the parse context of one file (struct
 * parse_ctx): the reader (parse.c) and the key handlers (parse_keys.c,
 * parse_svc.c) call in, and nothing here calls back into them, so the
 * calls between the parse files only go one way: reader -> keys ->
 * these helpers and the pure value parsers.
 *
 * What must stay true: a message quotes a value from the file only through
 * parse_msg_quote (a unit file is untrusted input and a message ends up
 * on a terminal), and a file stops adding diagnostics after
 * PARSE_DIAG_MAX, with one error saying so, so that a binary file cannot
 * bury every other message.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Whether another diagnostic may be added for this file. Past
 * PARSE_DIAG_MAX the file is given up, with an error so that the unit
 * does not load half checked. */
static bool diag_room(struct parse_ctx *c)
{
	if (c->n_diags < PARSE_DIAG_MAX) {
		c->n_diags++;
		return true;
	}
	if (c->n_diags == PARSE_DIAG_MAX) {
		c->n_diags++;
		diag_add(c->dl, DIAG_ERROR, c->path, c->line,
			 "too many problems (%d), the rest of the file is not "
			 "checked",
			 PARSE_DIAG_MAX);
		if (!c->err)
			c->err = -E2BIG;
	}
	return false;
}

static void report(struct parse_ctx *c, enum diag_level level, const char *fmt,
		   va_list ap)
{
	if (diag_room(c))
		diag_addv(c->dl, level, c->path, c->line, fmt, ap);
}

void parse_error(struct parse_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(c, DIAG_ERROR, fmt, ap);
	va_end(ap);
}

void parse_warn(struct parse_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(c, DIAG_WARNING, fmt, ap);
	va_end(ap);
}

bool parse_list_room(struct parse_ctx *c, const char *key, size_t n)
{
	if (n < PARSE_LIST_MAX)
		return true;
	parse_error(c, "too many entries in %s= (at most %d)", key,
		    PARSE_LIST_MAX);
	return false;
}

/* Values come from files anyone may have written: escape what would
 * confuse a terminal, and keep a 5000-byte value from flooding it. */
const char *parse_msg_quote(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	if (!s)
		s = "";
	for (; *s && n + 8 < size; s++) {
		unsigned char ch = (unsigned char)*s;

		if (n + 12 >= size && s[1]) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (ch < 0x20 || ch == 0x7f)
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", ch);
		else if (ch == '"' || ch == '\\')
			n += (size_t)snprintf(buf + n, size - n, "\\%c", ch);
		else
			buf[n++] = (char)ch;
	}
	buf[n] = '\0';
	return buf;
}

int parse_bad(struct parse_ctx *c, const struct parse_key *k, const char *v,
	      const char *why)
{
	parse_error(c, "invalid %s=: \"%s\"%s%s", k->name, PARSE_Q(v),
		    why ? ": " : "", why ? why : "");
	return 1;
}

int parse_expand_word(struct parse_ctx *c, const struct parse_key *k,
		      const char *s, const char *v, char **out)
{
	char spec = 0;
	int r = parse_expand_specifiers_ex(c->u, s, out, &spec);

	if (r == -EINVAL) {
		char what[3] = {'%', spec, '\0'};

		parse_error(c, "unknown specifier \"%s\" in %s=: \"%s\"",
			    PARSE_Q(what), k->name, PARSE_Q(v));
		return 1;
	}
	if (r == -EBADMSG) {
		parse_error(c,
			    "cannot unescape instance \"%s\" for %%I in "
			    "%s=: \"%s\"",
			    PARSE_Q(c->u->instance), k->name, PARSE_Q(v));
		return 1;
	}
	return r;
}
