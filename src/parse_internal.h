/*
 * parse_internal: what the parse_*.c files share and nobody else uses.
 *
 * The files, and the one direction their calls go in:
 *   parse.c        reads a file into logical lines, feeds libinih, and
 *                  hands each assignment to parse_assign;
 *   parse_keys.c   the core key table, the list of key tables,
 *                  parse_assign and the sections;
 *   parse_<area>.c the key table of one area with its own handlers
 *                  (resources, privileges, sandbox: one file each);
 *   parse_generic.c the handlers of kinds of value many keys share;
 *   parse_svc.c    the handlers of [Service] keys with values of their own;
 *   parse_diag.c   reporting (FILE:LINE messages, quoting, list bounds)
 *                  and specifier expansion with a report on failure;
 *   parse_value.c, parse_exec.c   the pure value parsers.
 * parse.c -> parse_keys.c -> parse_<area>.c -> parse_generic.c and
 * parse_svc.c -> parse_diag.c -> parse_value.c and parse_exec.c: a file
 * never calls one to its left, so each can be read knowing only what is
 * to its right. Not to be included outside the parse module.
 */
#ifndef SVINIT_PARSE_INTERNAL_H
#define SVINIT_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "unit.h"

/* A growable string; s is NUL-terminated once anything was added. */
struct parse_buf {
	char *s;
	size_t len, cap;
};

int parse_buf_add(struct parse_buf *b, const char *s, size_t n);
int parse_buf_addc(struct parse_buf *b, char c);
char *parse_buf_steal(struct parse_buf *b);

/* Most entries a list key may hold (dependencies, Environment=, Exec
 * commands of one kind, conditions, ...): keeps the checks for duplicates
 * cheap and a runaway file from eating memory. */
#define PARSE_LIST_MAX 4096
/* Diagnostics for one file before it is given up as garbage. */
#define PARSE_DIAG_MAX 100

/* parse_value.c: index of v in the NULL-terminated names, or -1. */
int parse_find_word(const char *const *names, const char *v);
/* parse_split_quoted, and with exec set a bare `;` word is refused. */
int parse_split_quoted_ex(const char *s, bool exec, char ***out,
			  const char **why);
/* Split on white space only (unit names, lists of statuses). */
int parse_split_plain(const char *s, char ***out);

/* parse_exec_line with a reason for -EINVAL / -EPERM in *why. */
int parse_exec_line_ex(const char *s, struct exec_cmd *out, const char **why);
/* An Exec program: absolute, or a bare name looked up in PATH later. */
bool parse_exec_path_ok(const char *path);

/* parse_expand_specifiers, and *bad is the offending character after `%`
 * ('\0' for a `%` at the end) when it returns -EINVAL. */
int parse_expand_specifiers_ex(const struct unit *u, const char *s, char **out,
			       char *bad);

/* State of one parse_unit_string call, shared by reader and handlers. */
struct parse_ctx {
	struct unit *u;
	const char *path; /* for messages */
	struct diag_list *dl;
	const char *pos, *end;	  /* the text not read yet */
	unsigned lineno;	  /* physical lines read so far */
	unsigned line;		  /* where the current logical line started */
	struct parse_buf logical; /* the current logical line */
	const char *value;	  /* its value, handed past inih */
	size_t n_diags;		  /* reported for this file */
	int err; /* -ENOMEM, or -E2BIG after PARSE_DIAG_MAX problems: stop */
};

/* parse_keys.c: apply one assignment in section sect (NULL: before any
 * section, "": a section that was already reported or is ignored). */
void parse_assign(struct parse_ctx *c, const char *sect, const char *key,
		  const char *value);
/* Whether a [section] header names a section this unit type reads;
 * reports an unknown one (warning) or [Service] in a target (error). */
bool parse_section_check(struct parse_ctx *c, const char *name);

/* parse_diag.c: a diagnostic at the current line (c->line). */
void parse_error(struct parse_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void parse_warn(struct parse_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Whether a list holding n entries may take one more; reports it if not. */
bool parse_list_room(struct parse_ctx *c, const char *key, size_t n);
/* s quoted for a message: control bytes escaped, cut after ~200 bytes.
 * Returns buf. */
const char *parse_msg_quote(const char *s, char *buf, size_t size);
#define PARSE_MSG_QUOTE_MAX 256

/* One supported key: its section, the handler for its kind of value (NULL:
 * accepted, nothing stored), the field it writes (offset in struct unit)
 * and the variant of the handler (arg). */
enum parse_sect {
	PARSE_SECT_UNIT,
	PARSE_SECT_SERVICE,
	PARSE_SECT_INSTALL,
	PARSE_SECT_SOCKET, /* fields of struct socket_conf, not struct unit */
	PARSE_SECT_HEALTH, /* fields of struct health_conf */
	PARSE_SECT_DEPLOY, /* fields of struct deploy_conf */
};

struct parse_key;
typedef int (*parse_key_fn)(struct parse_ctx *c, const struct parse_key *k,
			    const char *v);

struct parse_key {
	enum parse_sect sect;
	const char *name;
	parse_key_fn fn;
	size_t off;
	int arg;
};

/* A table of keys; parse_assign looks a key up in each table of its
 * list (parse_keys.c), so that each area keeps its keys in its own file. */
struct parse_key_table {
	const struct parse_key *keys;
	size_t n;
};
#define PARSE_KEY_TABLE(a)                                                     \
	{                                                                      \
		(a), sizeof(a) / sizeof((a)[0])                                \
	}

/* The tables of the areas, each in its own parse_<area>.c. */
extern const struct parse_key_table parse_cgroup_keys;

/* An entry of a table: the key name in its section, the handler, the
 * field of struct unit it writes, and the handler's variant. */
#define PARSE_UNIT_KEY(name, fn, field, arg)                                   \
	{                                                                      \
		PARSE_SECT_UNIT, name, fn, offsetof(struct unit, field), arg   \
	}
#define PARSE_SVC_KEY(name, fn, field, arg)                                    \
	{                                                                      \
		PARSE_SECT_SERVICE, name, fn,                                  \
			offsetof(struct unit, svc.field), arg                  \
	}
#define PARSE_INSTALL_KEY(name, fn, field, arg)                                \
	{                                                                      \
		PARSE_SECT_INSTALL, name, fn, offsetof(struct unit, field),    \
			arg                                                    \
	}

/* The field k writes: in struct unit, or for a [Socket] key in the
 * unit's struct socket_conf (which every socket unit has: unit_new), for
 * a [Health] key in its struct health_conf (made at the section's
 * header: parse_section_check), for a [Deploy] key in its struct
 * deploy_conf (likewise). */
static inline void *parse_key_field(struct parse_ctx *c,
				    const struct parse_key *k)
{
	char *base = k->sect == PARSE_SECT_SOCKET   ? (char *)c->u->sock
		     : k->sect == PARSE_SECT_HEALTH ? (char *)c->u->health
		     : k->sect == PARSE_SECT_DEPLOY ? (char *)c->u->deploy
						    : (char *)c->u;

	return base + k->off;
}

/* parse_diag.c: `invalid KEY=: "VALUE"[: why]` at the current line;
 * returns 1, a handler's "reported" (see below). */
int parse_bad(struct parse_ctx *c, const struct parse_key *k, const char *v,
	      const char *why);
/* Expands the specifiers in s (a word of the value v, or v itself): 0
 * with *out set, 1 when an error naming the key and v was reported,
 * -ENOMEM. */
int parse_expand_word(struct parse_ctx *c, const struct parse_key *k,
		      const char *s, const char *v, char **out);

/* The key tables of the areas, each in its own parse_<area>.c. */
extern const struct parse_key_table parse_ns_keys;
extern const struct parse_key_table parse_socket_keys;
extern const struct parse_key_table parse_health_keys;
extern const struct parse_key_table parse_deploy_keys;
extern const struct parse_key_table parse_lsm_keys;
/* parse_privs.c: the unit's privileges, made at the first key that sets
 * one (most units set none); NULL without memory. */
struct privs_conf *parse_privs_of(struct parse_ctx *c);
/* parse_health.c: the checks across the keys of [Health]. */
int parse_health_finish(struct unit *u, struct diag_list *dl);
/* parse_socket.c: the checks across the keys of a socket unit. 0, or
 * -EINVAL with the problems in dl. */
int parse_socket_finish(struct unit *u, struct diag_list *dl);

/* parse_generic.c: the handlers shared by the key tables. Like every
 * handler, each returns 0, 1 when it reported a problem with the value
 * (which then changes nothing), or -ENOMEM; it writes the field at k->off
 * and k->arg picks a variant. */
/* parse_k_string's variants. */
enum {
	STR_TEXT,
	STR_PID_FILE, /* a relative path is under /run, as in systemd */
};

/* parse_k_list's variants: what the words are, and how a bad one is taken. */
enum {
	LIST_SOFT,  /* unit names; a systemd-only type is a warning */
	LIST_HARD,  /* unit names; a systemd-only type is an error */
	LIST_ALIAS, /* other names of this unit */
	LIST_DOC,   /* URLs; an unknown scheme is a warning */
};

/* parse_k_time's flags. */
#define T_ZERO_IS_INFINITY 1
#define T_BOTH_TIMEOUTS	   2 /* TimeoutSec= sets the stop timeout too */

int parse_k_string(struct parse_ctx *c, const struct parse_key *k,
		   const char *v);
/* User= (arg 0), Group= (arg 1). */
int parse_k_id(struct parse_ctx *c, const struct parse_key *k, const char *v);
/* A user or group name as useradd takes it, or a number. */
bool parse_user_name_ok(const char *s);
int parse_k_list(struct parse_ctx *c, const struct parse_key *k, const char *v);
int parse_k_cond(struct parse_ctx *c, const struct parse_key *k, const char *v);
int parse_k_time(struct parse_ctx *c, const struct parse_key *k, const char *v);
int parse_k_unsigned(struct parse_ctx *c, const struct parse_key *k,
		     const char *v);
/* A byte count with an optional K, M or G suffix. */
int parse_k_size(struct parse_ctx *c, const struct parse_key *k, const char *v);
int parse_k_bool(struct parse_ctx *c, const struct parse_key *k, const char *v);
int parse_k_signal(struct parse_ctx *c, const struct parse_key *k,
		   const char *v);
int parse_k_exit_set(struct parse_ctx *c, const struct parse_key *k,
		     const char *v);

/* parse_privs.c: the keys of privileges, limits and seccomp (privs.h),
 * and their checks across keys once every file was read (parse.c calls
 * it from parse_unit_finish): 0, -EINVAL (reported in dl) or -ENOMEM. */
extern const struct parse_key_table parse_privs_keys;
int parse_privs_finish(struct unit *u, struct diag_list *dl);

/* parse_svc.c: the handlers of [Service] keys that need more than a
 * generic value. Like every handler, each returns 0, 1 when it reported
 * a problem with the value (which then changes nothing), or -ENOMEM. */
int parse_key_exec(struct parse_ctx *c, const struct parse_key *k,
		   const char *v);
int parse_key_workdir(struct parse_ctx *c, const struct parse_key *k,
		      const char *v);
int parse_key_environment(struct parse_ctx *c, const struct parse_key *k,
			  const char *v);
int parse_key_env_file(struct parse_ctx *c, const struct parse_key *k,
		       const char *v);
int parse_key_umask(struct parse_ctx *c, const struct parse_key *k,
		    const char *v);
int parse_key_stdin(struct parse_ctx *c, const struct parse_key *k,
		    const char *v);
int parse_key_stdout(struct parse_ctx *c, const struct parse_key *k,
		     const char *v);

/* s quoted for a message, in a buffer that lives until the end of the
 * enclosing block. */
#define PARSE_Q(s)                                                             \
	parse_msg_quote((s), (char[PARSE_MSG_QUOTE_MAX]){0},                   \
			PARSE_MSG_QUOTE_MAX)

#endif
