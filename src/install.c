/*
 * install: see install.h. Every [Install] entry of the set is collected
 * as a (target, kind, unit) triple, sorted, and each target's list is
 * grown once per kind: sorting costs O(E log E), and a target wanted by
 * thousands of units is not rescanned for each of them.
 */
#include "install.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One reverse dependency: units[target] gets units[unit]'s name in its
 * list of kind. */
struct rev {
	size_t target, unit;
	enum dep_kind kind;
};

static int cmp_rev(const void *a, const void *b)
{
	const struct rev *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the units of revs[0..n) (one target, one kind, sorted by unit)
 * to the target's list, skipping the names it has already: one realloc
 * and a sorted copy of the old list per group, not a scan per name. */
static int apply_group(struct unitset *s, const struct rev *revs, size_t n)
{
	char ***list = &s->units[revs[0].target]->deps[revs[0].kind];
	size_t len = strv_len(*list), n_had = len;
	char **had = NULL, **v;

	if (n_had) {
		had = malloc(n_had * sizeof(*had));
		if (!had)
			return -ENOMEM;
		memcpy(had, *list, n_had * sizeof(*had));
		qsort(had, n_had, sizeof(*had), cmp_strp);
	}
	v = realloc(*list, (len + n + 1) * sizeof(*v));
	if (!v) {
		free(had);
		return -ENOMEM;
	}
	v[len] = NULL; /* *list may have been NULL: no terminator yet */
	*list = v;
	for (size_t i = 0; i < n; i++) {
		const char *name = s->units[revs[i].unit]->name;

		if ((i && revs[i].unit == revs[i - 1].unit) ||
		    (n_had &&
		     bsearch(&name, had, n_had, sizeof(*had), cmp_strp)))
			continue;
		v[len] = strdup(name);
		if (!v[len]) {
			free(had);
			return -ENOMEM;
		}
		v[++len] = NULL;
	}
	free(had);
	return 0;
}

/* Append a triple for each name of names (u's WantedBy= or RequiredBy=)
 * that resolves to a unit; warn about the others. */
static int collect(const struct unitset *s, size_t idx, char *const *names,
		   const char *key, enum dep_kind kind, struct rev **revs,
		   size_t *n, size_t *cap, struct diag_list *dl)
{
	const struct unit *u = s->units[idx];

	for (size_t i = 0; names && names[i]; i++) {
		long t = unitset_index(s, names[i]);

		if (t < 0) {
			diag_add(dl, DIAG_WARNING, u->path, 0,
				 "%s=%s: no such unit, ignored", key, names[i]);
			continue;
		}
		/* Wanting oneself means nothing; a unit that failed to load
		 * keeps no dependency (unit.h), and already has its error. */
		if ((size_t)t == idx || s->units[t]->load_error)
			continue;
		if (*n == *cap) {
			size_t c = *cap ? *cap * 2 : 64;
			struct rev *nr = realloc(*revs, c * sizeof(*nr));

			if (!nr)
				return -ENOMEM;
			*revs = nr;
			*cap = c;
		}
		(*revs)[(*n)++] = (struct rev){(size_t)t, idx, kind};
	}
	return 0;
}

int install_apply(struct unitset *s, struct diag_list *dl)
{
	struct rev *revs = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (size_t i = 0; i < s->n && r >= 0; i++) {
		const struct unit *u = s->units[i];

		r = collect(s, i, u->wanted_by, "WantedBy", DEP_WANTS, &revs,
			    &n, &cap, dl);
		if (r >= 0)
			r = collect(s, i, u->required_by, "RequiredBy",
				    DEP_REQUIRES, &revs, &n, &cap, dl);
	}
	/* Grouped by target and kind; within a group, in unit set order. */
	if (r >= 0 && n)
		qsort(revs, n, sizeof(*revs), cmp_rev);
	for (size_t i = 0, j; i < n && r >= 0; i = j) {
		for (j = i + 1; j < n && revs[j].target == revs[i].target &&
				revs[j].kind == revs[i].kind;
		     j++)
			;
		r = apply_group(s, revs + i, j - i);
	}
	free(revs);
	return r;
}
