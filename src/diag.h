/*
 * diag: problems found while loading units, as `FILE:LINE: message`.
 *
 * Owns: an append-only list of diagnostics. Pure modules (parse, load,
 * graph) add to it and never print; the caller decides where the lines go
 * (stderr for --verify, the svctl reply for daemon-reload).
 *
 * A diagnostic with line 0 is about the whole file (`FILE: message`); one
 * with no file is about the unit set (`message`, for example a cycle).
 */
#ifndef SVINIT_DIAG_H
#define SVINIT_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level {
	DIAG_WARNING,
	DIAG_ERROR,
};

struct diag {
	enum diag_level level;
	char *file;    /* may be NULL */
	unsigned line; /* 0: the whole file */
	char *msg;
};

struct diag_list {
	struct diag *items;
	size_t n, cap;
	size_t n_errors, n_warnings;
	int oom; /* set when a diagnostic could not be stored */
};

void diag_init(struct diag_list *dl);
void diag_free(struct diag_list *dl);
/* Record a problem; never fails (on ENOMEM it counts and sets oom). */
void diag_add(struct diag_list *dl, enum diag_level level, const char *file,
	      unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_addv(struct diag_list *dl, enum diag_level level, const char *file,
	       unsigned line, const char *fmt, va_list ap);
/* Format one diagnostic: "FILE:LINE: error: message". */
int diag_format(const struct diag *d, char *buf, size_t size);
/* The same without the level ("FILE:LINE: message"), malloc'd; NULL on
 * ENOMEM. What a unit keeps as the reason it failed to load. */
char *diag_describe(const struct diag *d);
void diag_print(const struct diag_list *dl, FILE *out);

#endif
