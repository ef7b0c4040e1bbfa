/*
 * env: environment blocks for the processes svinit starts.
 *
 * Owns: the "KEY=VALUE" string vector (a strv from util.h) that becomes a
 * service's envp, the rules for a valid variable name, and the reading of
 * EnvironmentFile= files with systemd's syntax.
 *
 * Invariants: an environment built with env_set holds each key at most
 * once; a later assignment replaces an earlier one in place, so the order
 * of first appearance is kept and the result is deterministic. Pure
 * except for env_read_file/env_load, which read files; nothing here logs:
 * lines that cannot be understood are counted and skipped, as systemd
 * does, and the caller decides whether to report the count.
 *
 * Called by spawn (to build a service's envp in the parent, before fork).
 */
#ifndef SVINIT_ENV_H
#define SVINIT_ENV_H

#include <stdbool.h>
#include <stddef.h>

/* A file larger than this is refused (-EFBIG): it cannot be a sane
 * environment and reading it would cost the daemon unbounded memory. */
#define ENV_FILE_MAX (1024 * 1024)

/* A name is non-empty, has no `=`, no white space or control character
 * and does not start with a digit (systemd's rule, which accepts names
 * such as `foo.bar` that a shell would not). */
bool env_name_is_valid(const char *name, size_t len);
/* "KEY=VALUE" with a valid KEY (the value may be empty). */
bool env_assignment_is_valid(const char *s);

/* The value of key in env, or NULL. */
const char *env_get(char *const *env, const char *key);
/* Store a copy of "KEY=VALUE", replacing an existing KEY. -EINVAL for an
 * invalid assignment, -ENOMEM. */
int env_set(char ***env, const char *assignment);
int env_set_kv(char ***env, const char *key, const char *value);
/* env_set every entry of add, in order. */
int env_merge(char ***env, char *const *add);

/*
 * Parse the text of an environment file and env_set each assignment:
 * `KEY=VALUE` lines; blank lines and lines whose first non-blank character
 * is `#` or `;` are skipped; white space around the key and before the
 * value is ignored, and so is unquoted trailing white space; '...' keeps
 * everything literally; "..." honours \" \\ \` \$ and may span lines; a
 * backslash outside quotes takes the next character literally, and a
 * backslash at the end of a line joins the next line. An entry without `=`,
 * with an invalid name or with an unterminated quote is skipped and counted
 * in *n_bad (may be NULL). A NUL byte makes the text invalid (-EINVAL).
 */
int env_parse(const char *text, size_t len, char ***env, unsigned *n_bad);
/* env_parse the file at path (at most ENV_FILE_MAX bytes). */
int env_read_file(const char *path, char ***env, unsigned *n_bad);
/*
 * One EnvironmentFile= entry: pattern is a path or a glob (*, ?, [...]),
 * whose matches are read in sorted order. A missing file, or a glob
 * without a match, is -ENOENT unless optional (the `-` prefix), in which
 * case it is skipped; any other error is returned either way.
 */
int env_load(const char *pattern, bool optional, char ***env, unsigned *n_bad);

#endif
