/*
 * parse: one unit file (or drop-in) into struct unit, through libinih.
 *
 * Why inih is fed through a reader of our own instead of the file:
 * Debian's libinih is built with a 200-byte line buffer, inline `;`
 * comments ("a ; b" reads as "a") and Python-style multi-line values (an
 * indented line continues the previous value). systemd's syntax differs
 * on all three: lines up to 1 MiB, `;` only starts a comment at the start
 * of a line, and a line continues when it ends in a backslash. (This
 * Debian build also exports knobs to change those, but upstream inih
 * does not, so relying on them would tie us to one packaging.)
 *
 * So the reader below does the line-level work itself: it joins
 * continuation lines (the backslash and newline become a space, comment
 * lines inside a continuation are skipped), drops blank and comment
 * lines, and strips leading white space so that inih never sees an
 * indented line. Section headers pass through to inih as they are. An
 * assignment reaches inih as `Key=` plus a one-byte token, and the real
 * value waits in the context, where the handler takes it: long values and
 * `;` survive untouched. inih still splits sections, keys and tokens, and
 * calls the handler.
 *
 * inih would reject a line without `=` (it returns the number of the first
 * bad line, counting lines it was fed, and says nothing about the others)
 * and would hand an assignment before any [section] to the handler with
 * the section "". The reader catches the first case itself, so that every
 * such line is reported with its own physical line number; the handler
 * reports the second. Line numbers are counted here and always name the
 * physical line where a logical line starts.
 *
 * Both cases are errors here, where systemd only warns and drops the line:
 * "PrivateTmp yes" must not slip through as a dropped line and leave the
 * service less confined than its author meant.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What inih gets in place of a value, and in place of a section that is
 * not ours (unknown, reported, or a name inih would cut). */
#define VALUE_TOKEN	"\x01"
#define IGNORED_SECTION "\x01"

#define LOGICAL_LINE_MAX (1024 * 1024) /* as systemd's LONG_LINE_MAX */
#define UNIT_FILE_MAX	 (4 * 1024 * 1024)

static bool is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' ||
	       ch == '\v' || ch == '\f';
}

static char *strip(char *s)
{
	size_t n;

	while (is_ws(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_ws(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/*
 * Reads the next logical line into c->logical and sets c->line. 1: a line
 * (possibly empty), 0: end of text, -ENOMEM. A line that grows past
 * LOGICAL_LINE_MAX is reported and comes back empty.
 */
static int next_logical_line(struct parse_ctx *c)
{
	bool started = false, too_long = false;
	int r;

	c->logical.len = 0;
	r = parse_buf_add(&c->logical, "", 0);
	while (r == 0 && c->pos < c->end) {
		const char *p = c->pos,
			   *nl = memchr(p, '\n', (size_t)(c->end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(c->end - p);
		const char *first = p;
		size_t bs = 0;

		c->pos = nl ? nl + 1 : c->end;
		c->lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		while (first < p + len && is_ws(*first))
			first++;
		/* Comments end nothing: a continuation goes on after them. */
		if (first < p + len && (*first == '#' || *first == ';'))
			continue;
		if (!started) {
			started = true;
			c->line = c->lineno;
		}
		while (bs < len && p[len - 1 - bs] == '\\')
			bs++;
		if (!too_long && c->logical.len + len > LOGICAL_LINE_MAX)
			too_long = true;
		if (!too_long)
			r = parse_buf_add(&c->logical, p, len);
		if (r < 0)
			return r;
		/* An odd run of backslashes ends in an unescaped one. */
		if (bs % 2 == 0)
			break;
		if (!too_long)
			c->logical.s[c->logical.len - 1] = ' ';
	}
	if (r < 0)
		return r;
	if (too_long) {
		parse_error(c, "line too long (more than %d bytes), ignored",
			    LOGICAL_LINE_MAX);
		c->logical.len = 0;
		c->logical.s[0] = '\0';
	}
	return started ? 1 : 0;
}

static bool feedable(const char *s, size_t max)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
			     "XYZ0123456789_.-");

	return n > 0 && s[n] == '\0' && n <= max;
}

/* Hands inih the line a b d (see reader). */
static char *feed(char *str, int num, const char *a, const char *b,
		  const char *d)
{
	snprintf(str, (size_t)num, "%s%s%s", a, b, d);
	return str;
}

/* The current section for assignments inih cannot carry (see reader). */
struct parse_reader {
	struct parse_ctx *c;
	const char *sect; /* NULL before any header, "" when ignored */
	char sect_buf[16];
};

static char *reader(char *str, int num, void *stream)
{
	struct parse_reader *rd = stream;
	struct parse_ctx *c = rd->c;
	/* "Key=" VALUE_TOKEN "\n" must fit, and inih copies a section name
	 * into 50 bytes: stay well inside both. */
	size_t max = num > 16 ? (size_t)num - 8 : 0;

	if (max > 40)
		max = 40;
	for (;;) {
		char *line, *eq, *key;
		int r;

		if (c->err)
			return NULL;
		r = next_logical_line(c);
		if (r <= 0) {
			c->err = r;
			return NULL;
		}
		line = strip(c->logical.s);
		if (!*line)
			continue;
		if (*line == '[') {
			size_t n = strlen(line);

			if (n < 2 || line[n - 1] != ']') {
				parse_error(c, "invalid section header: \"%s\"",
					    PARSE_Q(line));
				rd->sect = "";
				return feed(str, num, "[", IGNORED_SECTION,
					    "]\n");
			}
			line[n - 1] = '\0';
			line++;
			/* Only our own sections are fed by name: they are
			 * short and plain. */
			if (!parse_section_check(c, line) ||
			    !feedable(line, max)) {
				rd->sect = "";
				return feed(str, num, "[", IGNORED_SECTION,
					    "]\n");
			}
			snprintf(rd->sect_buf, sizeof(rd->sect_buf), "%s",
				 line);
			rd->sect = rd->sect_buf;
			return feed(str, num, "[", line, "]\n");
		}
		eq = strchr(line, '=');
		if (!eq) {
			parse_error(c,
				    "not a KEY=VALUE assignment or a "
				    "[Section] header: \"%s\"",
				    PARSE_Q(line));
			continue;
		}
		*eq = '\0';
		key = strip(line);
		c->value = strip(eq + 1);
		if (!*key) {
			parse_error(c, "missing key name before '='");
			continue;
		}
		if (feedable(key, max))
			return feed(str, num, key, "=" VALUE_TOKEN, "\n");
		/* Not a name inih would pass on intact, so not one of
		 * ours either: report it the same way, without inih. */
		parse_assign(c, rd->sect, key, c->value);
	}
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	struct parse_reader *rd = user;
	struct parse_ctx *c = rd->c;

	/* Every assignment inih sees comes from the reader, with the token. */
	if (strcmp(value, VALUE_TOKEN) != 0) {
		parse_error(c, "internal error: unexpected line from inih");
		return 1;
	}
	if (!section[0])
		section = NULL;
	else if (strcmp(section, IGNORED_SECTION) == 0)
		section = "";
	parse_assign(c, section, name, c->value);
	return 1;
}

int parse_unit_string(struct unit *u, const char *path, const char *text,
		      struct diag_list *dl)
{
	struct parse_ctx c = {
		.u = u,
		.path = path,
		.dl = dl,
		.pos = text,
		.end = text + strlen(text),
	};
	struct parse_reader rd = {.c = &c};
	size_t errors = dl->n_errors;
	int r;

	/* A UTF-8 byte order mark is tolerated, as systemd does. */
	if (str_has_prefix(text, "\xef\xbb\xbf"))
		c.pos += 3;
	r = ini_parse_stream(reader, &rd, handler, &rd);
	/* Cannot happen with the lines the reader builds (a header or
	 * `Key=TOKEN`); kept so that a different inih is not silent. inih
	 * counts the lines it was fed, not the file's: name the line read
	 * last. */
	if (r > 0 && !c.err)
		parse_error(&c, "syntax error");
	if (r == -2 && !c.err)
		c.err = -ENOMEM;
	free(c.logical.s);
	if (c.err == -E2BIG)
		return -EINVAL;
	if (c.err) {
		diag_add(dl, DIAG_ERROR, path, 0,
			 "out of memory while parsing");
		return c.err;
	}
	return dl->n_errors > errors ? -EINVAL : 0;
}

/* The whole file, NUL-terminated; refuses NUL bytes, which would cut it. */
static int read_file(const char *path, char **out, const char **why)
{
	struct parse_buf b = {0};
	char chunk[16384];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int r = 0;

	*why = NULL;
	if (fd < 0)
		return -errno;
	r = parse_buf_add(&b, "", 0);
	while (r == 0) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
		} else if (n == 0) {
			break;
		} else if (memchr(chunk, '\0', (size_t)n)) {
			*why = "contains a NUL byte";
			r = -EINVAL;
		} else if (b.len + (size_t)n > UNIT_FILE_MAX) {
			*why = "larger than 4 MiB";
			r = -EFBIG;
		} else {
			r = parse_buf_add(&b, chunk, (size_t)n);
		}
	}
	close(fd);
	if (r < 0) {
		free(b.s);
		return r;
	}
	*out = b.s;
	return 0;
}

int parse_unit_file(struct unit *u, const char *path, struct diag_list *dl)
{
	const char *why;
	char *text = NULL;
	int r = read_file(path, &text, &why);

	if (r < 0) {
		diag_add(dl, DIAG_ERROR, path, 0, "cannot read: %s",
			 why ? why : strerror(-r));
		return r;
	}
	r = parse_unit_string(u, path, text, dl);
	free(text);
	return r;
}

/* With RootDirectory=, a program is looked up inside the root by
 * execve: it must be an absolute path (svinit's PATH search at spawn is
 * on the host's tree). */
static void root_programs(const struct unit *u, struct diag_list *dl,
			  const char *file)
{
	const struct exec_list *lists[] = {
		&u->svc.start_pre, &u->svc.start, &u->svc.start_post,
		&u->svc.reload,	   &u->svc.stop,  &u->svc.stop_post,
	};

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		for (size_t k = 0; k < lists[i]->n; k++)
			if (lists[i]->cmds[k].path[0] != '/')
				diag_add(dl, DIAG_ERROR, file,
					 lists[i]->cmds[k].line,
					 "with RootDirectory=, the program "
					 "must be an absolute path in the "
					 "root: %s",
					 lists[i]->cmds[k].path);
}

int parse_unit_finish(struct unit *u, struct diag_list *dl)
{
	const char *file = u->path ? u->path : u->name;
	const struct service_conf *s = &u->svc;
	size_t errors = dl->n_errors;
	const char *why = NULL;
	int r;

	if (u->type == UNIT_SOCKET)
		return parse_socket_finish(u, dl);
	if (u->type != UNIT_SERVICE)
		return 0;
	if (s->type != SVC_ONESHOT) {
		if (s->start.n == 0)
			diag_add(dl, DIAG_ERROR, file, 0,
				 "service has no ExecStart=, which only "
				 "Type=oneshot allows");
		else if (s->start.n > 1)
			/* The line is only meaningful without drop-ins: a
			 * command does not record which file set it. */
			diag_add(dl, DIAG_ERROR, file,
				 u->dropins ? 0 : s->start.cmds[1].line,
				 "ExecStart= is given %zu times, but only "
				 "Type=oneshot allows several",
				 s->start.n);
	} else {
		if (s->start.n == 0 && s->stop.n == 0)
			diag_add(
				dl, DIAG_ERROR, file, 0,
				"service has neither ExecStart= nor ExecStop=");
		if (s->restart == RESTART_ALWAYS ||
		    s->restart == RESTART_ON_SUCCESS)
			diag_add(dl, DIAG_ERROR, file, 0,
				 "Restart=%s is not allowed for Type=oneshot",
				 unit_restart_policy_to_string(s->restart));
	}
	if (s->type == SVC_FORKING && !s->pid_file)
		diag_add(dl, DIAG_WARNING, file, 0,
			 "Type=forking without PIDFile=: svinit cannot "
			 "know the main process for sure");
	/* The mounts are planned once here, so that a spawn only follows
	 * the plan (ns.h). */
	r = u->svc.ns ? ns_conf_plan(u->svc.ns, &why) : 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		diag_add(dl, DIAG_ERROR, file, 0, "%s", why);
	if (u->svc.ns && u->svc.ns->root_directory)
		root_programs(u, dl, file);
	if (parse_privs_finish(u, dl) == -ENOMEM)
		return -ENOMEM;
	(void)parse_health_finish(u, dl);
	return dl->n_errors > errors ? -EINVAL : 0;
}
