/* pidmap: pid -> owner, open addressing with linear probing (see
 * pidmap.h). The table size is a power of two, at most half full. */
#include "pidmap.h"

#include <errno.h>
#include <stdlib.h>

/* The slot a pid would take in an empty table: Knuth's multiplicative
 * hash spreads the consecutive pids the kernel hands out. */
static size_t home(const struct pidmap *m, pid_t pid)
{
	return ((size_t)pid * 2654435761u) & (m->n_slots - 1);
}

/* Where pid is, or the empty slot where it would go. */
static size_t find(const struct pidmap *m, pid_t pid)
{
	size_t i = home(m, pid);

	while (m->slots[i].pid && m->slots[i].pid != pid)
		i = (i + 1) & (m->n_slots - 1);
	return i;
}

void pidmap_free(struct pidmap *m)
{
	free(m->slots);
	*m = (struct pidmap){0};
}

int pidmap_add(struct pidmap *m, pid_t pid, void *value)
{
	size_t i;

	/* Keep the load under one half. */
	if ((m->n + 1) * 2 > m->n_slots) {
		struct pidmap old = *m;

		m->n_slots = old.n_slots ? old.n_slots * 2 : 256;
		m->slots = calloc(m->n_slots, sizeof(*m->slots));
		if (!m->slots) {
			*m = old;
			return -ENOMEM;
		}
		for (size_t k = 0; k < old.n_slots; k++)
			if (old.slots[k].pid)
				m->slots[find(m, old.slots[k].pid)] =
					old.slots[k];
		free(old.slots);
	}
	i = find(m, pid);
	if (!m->slots[i].pid)
		m->n++;
	m->slots[i].pid = pid;
	m->slots[i].value = value;
	return 0;
}

void *pidmap_take(struct pidmap *m, pid_t pid)
{
	size_t mask = m->n_slots - 1, i;
	void *value;

	if (!m->n_slots)
		return NULL;
	i = find(m, pid);
	if (!m->slots[i].pid)
		return NULL;
	value = m->slots[i].value;
	m->slots[i].pid = 0;
	m->n--;
	/* Shift back the entries that probed past the hole. */
	for (size_t j = (i + 1) & mask; m->slots[j].pid; j = (j + 1) & mask) {
		if (((j - home(m, m->slots[j].pid)) & mask) >=
		    ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			m->slots[j].pid = 0;
			i = j;
		}
	}
	return value;
}

void *pidmap_get(const struct pidmap *m, pid_t pid)
{
	size_t i;

	if (!m->n_slots || pid <= 0)
		return NULL;
	i = find(m, pid);
	return m->slots[i].pid ? m->slots[i].value : NULL;
}

void pidmap_forget(struct pidmap *m, const void *value)
{
	/* A removal shifts later entries into the hole, so the slot is
	 * looked at again before moving on. An empty map (the daemon's
	 * teardown frees it first) is not scanned once per unit. */
	for (size_t i = 0; m->n > 0 && i < m->n_slots;) {
		if (m->slots[i].pid && m->slots[i].value == value)
			pidmap_take(m, m->slots[i].pid);
		else
			i++;
	}
}
