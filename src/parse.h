/*
 * parse: systemd unit file syntax into `struct unit`.
 *
 * Owns: reading one file (a unit file or a drop-in) through libinih, the
 * table of supported keys, every value parser (time spans, booleans,
 * signals, exit statuses, Exec lines with quoting and prefixes), the
 * specifiers (%n %N %p %i %I %%) and the $VAR / ${VAR} expansion of Exec
 * arguments. Pure: no logging; problems go into a diag_list as
 * `FILE:LINE: message` naming the key and the bad value.
 *
 * A unit is parsed by calling parse_unit_file for its main file and then
 * for each drop-in, in order, on the same struct unit: later assignments
 * override, list keys append, and an empty assignment resets a list. The
 * caller sets u->name, u->instance and u->template_name before the first
 * call (specifiers need them) and calls parse_unit_finish once after the
 * last file, for the checks that only make sense on the complete unit.
 *
 * Bounded: a logical line is at most 1 MiB, a file 4 MiB, a list key 4096
 * entries; after 100 diagnostics a file is given up with an error.
 *
 * Called by the loader (load.c); the value parsers and parse_expand_env
 * are also used by the runtime (env expansion at spawn) and svctl.
 */
#ifndef SVINIT_PARSE_H
#define SVINIT_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "unit.h"

/* Parse the file at path into u. Returns 0 when the file had no error
 * (warnings allowed), -EINVAL when at least one error was recorded in dl,
 * another -errno when the file could not be read (also recorded in dl). */
int parse_unit_file(struct unit *u, const char *path, struct diag_list *dl);
/* The same on text in memory; `path` is only used in messages. */
int parse_unit_string(struct unit *u, const char *path, const char *text,
		      struct diag_list *dl);

/* Checks across keys, once all files of u are applied (a drop-in may still
 * reset ExecStart= or change Type=, so they cannot run per file): a
 * non-oneshot service needs exactly one ExecStart=, a oneshot one needs
 * ExecStart= or ExecStop=, Restart=always/on-success is refused for
 * oneshot, Type=forking without PIDFile= is a warning. Messages use
 * u->path (or u->name) and line 0 or the line of the setting. 0 or
 * -EINVAL when an error was recorded. */
int parse_unit_finish(struct unit *u, struct diag_list *dl);

/* Value parsers: 0, or -EINVAL for a bad value (-ERANGE when too big). */
int parse_boolean(const char *s, bool *out);
/* "90" (seconds), "500ms", "1min 30s", "1min30s", "1.5h", "infinity". */
int parse_timespan(const char *s, usec_t *out);
/* "TERM", "SIGTERM", "RTMIN+3" or a number 1..64. */
int parse_signal(const char *s, int *out);
/* A byte count: digits, then optionally K, M or G (powers of 1024). */
int parse_size(const char *s, uint64_t *out);
/* "0".."255" or a symbolic name (SUCCESS, FAILURE, ...). */
int parse_exit_status(const char *s, int *out);
/* Decimal digits only, no sign, fits in unsigned. */
int parse_unsigned(const char *s, unsigned *out);

/* Split an Exec line into a command: prefixes, then words with systemd's
 * quoting ("..." '...' and \ escapes). Specifiers are left alone: the unit
 * parser expands them per word afterwards, so that an instance name never
 * changes how the line is split. An empty line is -ENODATA (the caller
 * resets the list); `|` is -EPERM; other bad lines (`+` with `!`, ...)
 * -EINVAL. On success *out owns path and argv (free with
 * parse_exec_cmd_clear). */
int parse_exec_line(const char *s, struct exec_cmd *out);
void parse_exec_cmd_clear(struct exec_cmd *c);

/* Split s into words with systemd's quoting, as Exec lines and
 * Environment= do: white space separates words unless quoted, quotes are
 * removed, C escapes are decoded. *out is a new strv (NULL when s has no
 * word). -EINVAL on bad quoting (and *why says what), -ENOMEM. */
int parse_split_quoted(const char *s, char ***out, const char **why);

/* Expand %n %N %p %i %I %% for u into a new string (*out, malloc'd).
 * -EINVAL on an unknown specifier, -EBADMSG when the instance cannot be
 * unescaped for %I. */
int parse_expand_specifiers(const struct unit *u, const char *s, char **out);

/* Expand $VAR and ${VAR} in argv with env ("KEY=VALUE" strv, the last
 * assignment of a name wins), systemd's way: a word that is exactly $VAR
 * splits the value on white space into several words (none when it is
 * unset or empty); ${VAR} and $VAR inside a word substitute in place; an
 * unset variable is empty; $$ is a literal $. *out is a new strv. 0 or
 * -ENOMEM. */
int parse_expand_env(char *const *argv, char *const *env, char ***out);

#endif
