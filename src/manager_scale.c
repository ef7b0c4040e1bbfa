/*
 * manager_scale: `svctl scale NAME@ N`, the instance count of a template
 * changed live (see manager.h).
 *
 * The count is kept in m->scales, which every load of the unit files
 * uses (load.h): so a daemon-reload keeps it, and `--persist` also writes
 * it as a drop-in of the template ([Deploy] Instances=N), which survives
 * svinit itself. Applying it is a daemon-reload (instances above N are
 * gone from the new set: stopped and retired, as any removed unit; new
 * ones are added), then a start of every instance from 1 to N that is
 * down. A reload applies whatever else changed in the files too, as
 * `svctl daemon-reload` would; it is refused while jobs run (-EBUSY),
 * and then the count is left as it was.
 */
#include "manager_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy.h"

/* The drop-in of --persist: 50-Instances.conf. */
static int persist(const struct mgr *m, const char *tmpl, unsigned n)
{
	char text[128];

	snprintf(text, sizeof(text),
		 "# Written by svctl scale --persist.\n[Deploy]\n"
		 "Instances=%u\n",
		 n);
	return mgr_dropin_write(m, tmpl, "Instances", text);
}

/* Set tmpl's count to n; *old gets the previous one (-1: none). */
static int set_count(struct mgr *m, const char *tmpl, unsigned n, long *old)
{
	struct load_scales *sc = &m->scales;
	struct load_scale *v;

	*old = -1;
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->v[i].tmpl, tmpl) == 0) {
			*old = sc->v[i].n;
			sc->v[i].n = n;
			return 0;
		}
	v = realloc(sc->v, (sc->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	sc->v = v;
	v[sc->n].tmpl = strdup(tmpl);
	if (!v[sc->n].tmpl)
		return -ENOMEM;
	v[sc->n++].n = n;
	return 0;
}

/* Undo set_count: the previous count, or none. */
static void restore_count(struct mgr *m, const char *tmpl, long old)
{
	struct load_scales *sc = &m->scales;

	for (size_t i = 0; i < sc->n; i++) {
		if (strcmp(sc->v[i].tmpl, tmpl) != 0)
			continue;
		if (old >= 0) {
			sc->v[i].n = (unsigned)old;
			return;
		}
		free(sc->v[i].tmpl);
		sc->v[i] = sc->v[--sc->n];
		return;
	}
}

void mgr_scales_free(struct mgr *m)
{
	for (size_t i = 0; i < m->scales.n; i++)
		free(m->scales.v[i].tmpl);
	free(m->scales.v);
	m->scales.v = NULL;
	m->scales.n = 0;
}

int mgr_scale(struct mgr *m, const char *tmpl, unsigned n, bool keep,
	      struct diag_list *dl, char *msg, size_t size)
{
	struct strv_builder lines = {0};
	const char *at = strchr(tmpl, '@');
	long old;
	int r;

	msg[0] = '\0';
	if (!at || !unit_name_is_template(tmpl) ||
	    unit_type_from_name(tmpl) != UNIT_SERVICE) {
		snprintf(msg, size, "not a service template (NAME@.service)");
		return -EINVAL;
	}
	if (n > DEPLOY_INSTANCES_MAX) {
		snprintf(msg, size, "at most %d instances",
			 DEPLOY_INSTANCES_MAX);
		return -EINVAL;
	}
	r = set_count(m, tmpl, n, &old);
	if (r < 0)
		return r;
	r = mgr_reload(m, dl, &lines);
	strv_free(lines.v);
	if (r < 0 && r != -ENOMEM) {
		restore_count(m, tmpl, old);
		snprintf(msg, size, "%s",
			 r == -EBUSY ? "jobs are running: try again when "
				       "they are done"
				     : "the unit files have errors");
		return r;
	}
	for (unsigned k = 1; k <= n; k++) {
		char name[UNIT_NAME_MAX + 16];
		struct mgr_unit *mu;

		snprintf(name, sizeof(name), "%.*s@%u%s", (int)(at - tmpl),
			 tmpl, k, at + 1);
		mu = mgr_find(m, name);
		if (!mu) {
			snprintf(msg, size, "%s did not load", name);
			return -ENOENT;
		}
		if (svc_is_inactive(&mu->svc) &&
		    m->jobs.job[mu->svc.index].type == JOB_NONE)
			(void)job_start(&m->jobs, mu->svc.index);
	}
	if (keep && (r = persist(m, tmpl, n)) < 0) {
		snprintf(msg, size, "scaled, but not persisted: %s",
			 strerror(-r));
		return r;
	}
	return 0;
}
