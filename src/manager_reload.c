/*
 * manager_reload: daemon-reload (see manager.h).
 *
 * The new unit set is loaded and graphed beside the running one; nothing
 * running is touched until everything that can fail (allocation of the
 * new records and index) has succeeded, so a reload either applies whole
 * or changes nothing. Then:
 *   - a unit still in the files keeps its runtime record (same address:
 *     pids, watches and log pipes stay valid); an unchanged or inactive
 *     one takes the new configuration at once; a changed running one
 *     keeps the configuration its processes were started with until it
 *     stops (mu->pending holds the new one; NeedDaemonReload=yes);
 *   - a new unit gets a new record, inactive;
 *   - a unit gone from the files is stopped and retired; retired records
 *     are freed at a later reload once they are down (a process of theirs
 *     may still be on its way out even when they are inactive).
 * A unit is "changed" when the hash of its files changed.
 *
 * Files with errors are applied as the start-up applies them: a unit
 * whose file does not load is a placeholder that shows why and cannot be
 * started (a running one keeps running on its old configuration until it
 * stops), a unit on a cycle is refused, and every other unit takes its
 * new file. Only when the files have errors and a loaded unit is missing
 * from them (a directory that could not be read looks like that) does
 * the reload refuse and change nothing, so that an error never stops a
 * service.
 */
#include "manager_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys.h"

uint64_t mgr_unit_fingerprint(const struct unit *u)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	char buf[4096];

	for (size_t i = 0; i <= strv_len(u->dropins); i++) {
		const char *path = i == 0 ? u->path : u->dropins[i - 1];
		ssize_t n;
		int fd;

		if (!path)
			continue;
		fd = sys.open(path, O_RDONLY | O_CLOEXEC, 0);
		if (fd < 0)
			continue; /* gone since the load: its name still counts
				   */
		while ((n = sys.read(fd, buf, sizeof(buf))) > 0)
			for (ssize_t k = 0; k < n; k++) {
				h ^= (unsigned char)buf[k];
				h *= 1099511628211ULL;
			}
		sys.close(fd);
		h ^= str_hash(path);
	}
	return h;
}

/* Append "WHAT NAME" to lines (in amortised O(1): a reload may add
 * thousands); -ENOMEM is remembered in *r. */
static void report(struct strv_builder *lines, const char *what,
		   const char *name, int *r)
{
	char *line;

	if (asprintf(&line, "%s %s", what, name) < 0)
		line = NULL;
	if (strv_builder_push(lines, line) < 0)
		*r = -ENOMEM;
}

/* The old unit named like nu (not an alias of another), or -1. */
static long old_index(const struct mgr *m, const struct unit *nu)
{
	long old = unitset_index(&m->units, nu->name);

	return old >= 0 && m->units.units[old] &&
			       strcmp(m->units.units[old]->name, nu->name) == 0
		       ? old
		       : -1;
}

/* Whether a unit of the running set has no unit of its name in set. */
static bool units_lost(const struct mgr *m, const struct unitset *set)
{
	for (uint32_t i = 0; i < m->n; i++)
		if (m->units.units[i] &&
		    unitset_index(set, m->units.units[i]->name) < 0)
			return true;
	return false;
}

/* Removed units that have stopped since the last reload go now. */
static void retired_sweep(struct mgr *m)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n_retired; i++) {
		if (svc_is_inactive(&m->retired[i]->svc))
			mgr_unit_free(m, m->retired[i]);
		else
			m->retired[k++] = m->retired[i];
	}
	m->n_retired = k;
}

/* Take mu's configuration out of the old set, so that freeing the set
 * leaves it alive: mu frees it itself from now on. */
static void own_config(struct mgr *m, struct mgr_unit *mu, long old)
{
	if (!mu->own_unit) {
		mu->own_unit = true;
		m->units.units[old] = NULL;
	}
}

/* Records for the new set: the kept ones are marked in kept[], new ones
 * allocated in nmu[] (by new index); retired[] grown for the removed. */
static int prepare(struct mgr *m, const struct unitset *set,
		   struct mgr_unit **nmu, bool *kept, size_t *n_removed)
{
	struct mgr_unit **rt;

	for (size_t i = 0; i < set->n; i++) {
		long old = old_index(m, set->units[i]);

		if (old >= 0)
			kept[old] = true;
		else if (!(nmu[i] = mgr_unit_new(m, set->units[i])))
			return -ENOMEM;
	}
	*n_removed = 0;
	for (uint32_t i = 0; i < m->n; i++)
		*n_removed += !kept[i];
	if (*n_removed == 0)
		return 0;
	rt = realloc(m->retired, (m->n_retired + *n_removed) * sizeof(*rt));
	if (!rt)
		return -ENOMEM;
	m->retired = rt;
	return 0;
}

/* Give a kept record its new configuration nu (index old in the old
 * set), now or at its next stop. */
static void apply_kept(struct mgr *m, struct mgr_unit *mu, long old,
		       struct unit *nu, struct strv_builder *lines, int *r)
{
	uint64_t fp = mgr_unit_fingerprint(nu);

	mu->pending = NULL; /* it belonged to the set being replaced */
	/* The same files may no longer load (a User= that is gone): that is
	 * a change, which a running unit must not take before it stops. The
	 * fingerprint is made to differ, so that the placeholder becomes
	 * pending, and a later reload whose files load again (the old
	 * fingerprint) applies at once. */
	if (unit_load_error(nu) && !unit_load_error(mu->unit))
		fp ^= 1;
	if (mu->fingerprint == fp || svc_is_inactive(&mu->svc)) {
		if (mu->fingerprint != fp)
			report(lines, "changed", nu->name, r);
		mgr_unit_set_config(mu, nu, fp);
		return;
	}
	/* Changed while running: keep the old configuration, which the
	 * running processes were started with, until the unit stops; the
	 * new one applies at the next start. */
	own_config(m, mu, old);
	mu->pending = nu;
	mu->pending_fingerprint = fp;
	report(lines, "changed (restart needed)", nu->name, r);
}

int mgr_reload(struct mgr *m, struct diag_list *dl, struct strv_builder *lines)
{
	struct unitset set;
	struct graph g;
	struct mgr_unit **nmu;
	struct svc **svcs = NULL;
	struct jobs jobs;
	bool *kept;
	size_t n_removed = 0;
	int r, rep = 0;

	if (m->jobs.n_pending > 0)
		return -EBUSY;
	retired_sweep(m);
	r = mgr_load(m->cfg.unit_dirs, &m->cg, &m->scales, &set, &g, dl);
	if (r < 0)
		return r;
	if (dl->n_errors > 0 && units_lost(m, &set)) {
		/* Errors, and units gone: perhaps a directory could not be
		 * read. A reload never stops a unit because of an error, so
		 * nothing changes. */
		graph_free(&g);
		unitset_free(&set);
		return -EINVAL;
	}
	/* First everything that can fail, so that running units are only
	 * touched once the new set is certain to be applied. */
	nmu = calloc(set.n ? set.n : 1, sizeof(*nmu));
	kept = calloc(m->n ? m->n : 1, sizeof(*kept));
	r = nmu && kept ? prepare(m, &set, nmu, kept, &n_removed) : -ENOMEM;
	if (r == 0)
		r = mgr_index_prepare(m, set.n,
				      /* new, retired and about to be */
				      set.n + m->n_retired + n_removed + 1, &g,
				      &svcs, &jobs);
	if (r < 0) {
		for (size_t i = 0; nmu && i < set.n; i++)
			mgr_unit_free(m, nmu[i]);
		free(nmu);
		free(kept);
		graph_free(&g);
		unitset_free(&set);
		return r;
	}
	/* From here on nothing fails: apply. */
	for (size_t i = 0; i < set.n; i++) {
		long old = old_index(m, set.units[i]);

		if (old < 0) {
			report(lines, "added", set.units[i]->name, &rep);
			continue;
		}
		nmu[i] = m->mu[old];
		apply_kept(m, nmu[i], old, set.units[i], lines, &rep);
	}
	for (uint32_t i = 0; i < m->n; i++) {
		struct mgr_unit *mu = m->mu[i];

		if (kept[i])
			continue;
		report(lines, "removed", mu->unit->name, &rep);
		own_config(m, mu, i);
		mu->removed = true;
		mu->pending = NULL; /* of the set being replaced */
		m->retired[m->n_retired++] = mu;
		svc_stop(&mu->svc);
		/* Down already: nothing will run to use its descriptor store
		 * (FileDescriptorStorePreserve=yes keeps one past a stop). */
		if (svc_is_inactive(&mu->svc))
			mgr_fdstore_release(mu);
	}
	free(kept);
	graph_free(&m->graph);
	unitset_free(&m->units);
	free(m->mu);
	m->units = set;
	m->graph = g;
	m->mu = nmu;
	m->n = (uint32_t)set.n;
	mgr_index_apply(m, svcs, &jobs);
	return rep;
}
