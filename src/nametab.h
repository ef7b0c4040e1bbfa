/*
 * nametab: a table from names to indices, for the unit set and the loader.
 *
 * Owns: an open-addressing hash table (FNV-1a, linear probing, a power of
 * two of slots, kept under half full so that probes stay short) of
 * (name, index) pairs. Lookups and insertions are O(1), so that resolving
 * every dependency of thousands of units stays linear.
 *
 * The names are borrowed: each must stay alive, unchanged, as long as the
 * table (they are strings of the units or of the loader's own tables).
 * Nothing is ever removed: a table lives as long as one load. Pure, no
 * logging.
 */
#ifndef SVINIT_NAMETAB_H
#define SVINIT_NAMETAB_H

#include <stddef.h>

struct nametab {
	struct nametab_slot {
		const char *name; /* NULL: empty slot */
		size_t index;
	} * slots;
	size_t n_slots, used;
};

/* An empty table is all zeroes (no allocation until the first put). */
#define NAMETAB_INIT                                                           \
	{                                                                      \
		0                                                              \
	}

/* The index stored for name, or -ENOENT. */
long nametab_get(const struct nametab *t, const char *name);
/* Store name -> index. -EEXIST when name is there already (the table is
 * unchanged), -ENOMEM. */
int nametab_put(struct nametab *t, const char *name, size_t index);
/* Free the slots (not the names); the table is empty again. */
void nametab_free(struct nametab *t);

#endif
