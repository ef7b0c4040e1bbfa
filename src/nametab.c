/* nametab: see nametab.h. */
#include "nametab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The slot holding name, or the empty slot where it would go. There is
 * always an empty slot (the table is at most half full), so this ends. */
static struct nametab_slot *find(const struct nametab *t, const char *name)
{
	size_t mask = t->n_slots - 1;
	size_t i = str_hash(name) & mask;

	while (t->slots[i].name && strcmp(t->slots[i].name, name) != 0)
		i = (i + 1) & mask;
	return &t->slots[i];
}

long nametab_get(const struct nametab *t, const char *name)
{
	const struct nametab_slot *s;

	if (!t->n_slots)
		return -ENOENT;
	s = find(t, name);
	return s->name ? (long)s->index : -ENOENT;
}

/* Double the slots and rehash; on ENOMEM the table is left as it was. */
static int grow(struct nametab *t)
{
	struct nametab old = *t;

	t->n_slots = old.n_slots ? old.n_slots * 2 : 64;
	t->slots = calloc(t->n_slots, sizeof(*t->slots));
	if (!t->slots) {
		*t = old;
		return -ENOMEM;
	}
	for (size_t i = 0; i < old.n_slots; i++)
		if (old.slots[i].name)
			*find(t, old.slots[i].name) = old.slots[i];
	free(old.slots);
	return 0;
}

int nametab_put(struct nametab *t, const char *name, size_t index)
{
	struct nametab_slot *s;

	if (nametab_get(t, name) >= 0)
		return -EEXIST;
	if ((t->used + 1) * 2 > t->n_slots && grow(t) < 0)
		return -ENOMEM;
	s = find(t, name);
	s->name = name;
	s->index = index;
	t->used++;
	return 0;
}

void nametab_free(struct nametab *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}
