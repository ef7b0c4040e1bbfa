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
 * override, list keys append, and an empty assignment resets a list.
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

/* Value parsers: 0, or -EINVAL for a bad value (-ERANGE when too big). */
int parse_boolean(const char *s, bool *out);
/* "90" (seconds), "500ms", "1min 30s", "2h", "infinity". */
int parse_timespan(const char *s, usec_t *out);
/* "TERM", "SIGTERM" or a number 1..64. */
int parse_signal(const char *s, int *out);
/* "0".."255" or a symbolic name (SUCCESS, FAILURE, ...). */
int parse_exit_status(const char *s, int *out);

/* Split an Exec line into a command: prefixes, then words with systemd's
 * quoting ("..." '...' and \ escapes). Specifiers must already be expanded.
 * An empty line is -ENODATA (the caller resets the list). */
int parse_exec_line(const char *s, struct exec_cmd *out);

/* Expand %n %N %p %i %I %% for u into a new string (*out, malloc'd).
 * -EINVAL on an unknown specifier. */
int parse_expand_specifiers(const struct unit *u, const char *s, char **out);

/* Expand $VAR and ${VAR} in argv with env ("KEY=VALUE" strv), systemd's
 * way: a word that is exactly $VAR splits the value on white space into
 * several words; ${VAR} and $VAR inside a word substitute in place; an unset
 * variable is empty; $$ is a literal $. *out is a new strv. */
int parse_expand_env(char *const *argv, char *const *env, char ***out);

#endif
