/*
 * pidmap: which object a process id belongs to.
 *
 * Owns: an open-addressing table from pid to a caller's pointer (the
 * manager maps the main and control processes of every unit), with
 * constant-time add, lookup-and-remove. The table only grows; removal
 * shifts entries back so that probes stay short without tombstones.
 */
#ifndef SVINIT_PIDMAP_H
#define SVINIT_PIDMAP_H

#include <stddef.h>
#include <sys/types.h>

struct pidmap {
	struct pidmap_slot {
		pid_t pid; /* 0: empty */
		void *value;
	} * slots;
	size_t n_slots, n;
};

/* A zeroed struct is an empty map. */
void pidmap_free(struct pidmap *m);
/* Map pid (> 0) to value, replacing an older mapping. 0 or -ENOMEM. */
int pidmap_add(struct pidmap *m, pid_t pid, void *value);
/* The value of pid, removed from the map; NULL when pid is not there. */
void *pidmap_take(struct pidmap *m, pid_t pid);

/* The value of pid, left in the map; NULL when pid is not there. */
void *pidmap_get(const struct pidmap *m, pid_t pid);

/* Remove every pid mapped to value (its owner goes away). */
void pidmap_forget(struct pidmap *m, const void *value);

#endif
