/*
 * diag: see diag.h. Recording never fails from the caller's point of
 * view: on ENOMEM a diagnostic is counted (n_errors / n_warnings stay
 * right, so a load with an error is never taken for a clean one) and
 * oom is set, so that the printout says something was lost.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag_list *dl)
{
	memset(dl, 0, sizeof(*dl));
}

void diag_free(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->items[i].file);
		free(dl->items[i].msg);
	}
	free(dl->items);
	diag_init(dl);
}

/* The count comes first: it must be right even when the text is lost. */
void diag_addv(struct diag_list *dl, enum diag_level level, const char *file,
	       unsigned line, const char *fmt, va_list ap)
{
	struct diag d = {.level = level, .line = line};

	if (level == DIAG_ERROR)
		dl->n_errors++;
	else
		dl->n_warnings++;
	if (dl->n == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 16;
		struct diag *items = realloc(dl->items, cap * sizeof(*items));

		if (!items) {
			dl->oom = 1;
			return;
		}
		dl->items = items;
		dl->cap = cap;
	}
	if (vasprintf(&d.msg, fmt, ap) < 0) {
		dl->oom = 1;
		return;
	}
	if (file && !(d.file = strdup(file))) {
		free(d.msg);
		dl->oom = 1;
		return;
	}
	dl->items[dl->n++] = d;
}

void diag_add(struct diag_list *dl, enum diag_level level, const char *file,
	      unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_addv(dl, level, file, line, fmt, ap);
	va_end(ap);
}

/* A compiler's layout, which editors and CI tools know how to jump to. */
int diag_format(const struct diag *d, char *buf, size_t size)
{
	const char *lvl = d->level == DIAG_ERROR ? "error" : "warning";

	if (d->file && d->line)
		return snprintf(buf, size, "%s:%u: %s: %s", d->file, d->line,
				lvl, d->msg);
	if (d->file)
		return snprintf(buf, size, "%s: %s: %s", d->file, lvl, d->msg);
	return snprintf(buf, size, "%s: %s", lvl, d->msg);
}

char *diag_describe(const struct diag *d)
{
	char *s;
	int r;

	if (d->file && d->line)
		r = asprintf(&s, "%s:%u: %s", d->file, d->line, d->msg);
	else if (d->file)
		r = asprintf(&s, "%s: %s", d->file, d->msg);
	else
		r = asprintf(&s, "%s", d->msg);
	return r < 0 ? NULL : s;
}

void diag_print(const struct diag_list *dl, FILE *out)
{
	char buf[4096];

	for (size_t i = 0; i < dl->n; i++) {
		diag_format(&dl->items[i], buf, sizeof(buf));
		fprintf(out, "%s\n", buf);
	}
	if (dl->oom)
		fprintf(out, "error: out of memory while recording problems\n");
}
