/*
 * manager_limits: set-property, the resource limits of a unit changed
 * while it runs (manager.h).
 *
 * The new values are read by the unit-file parser itself (the same
 * syntax, the same errors) from "[Service]\nKEY=VALUE..." into a scratch
 * unit, checked against the hierarchies, and only then applied: to the
 * live cgroup if the unit has one (joining a v1 hierarchy the unit was
 * not in yet), and to the configuration in force, so that the next start
 * keeps them. They last until the unit's files are read again
 * (daemon-reload), unless persisted: then each key is also written as a
 * drop-in of its own, UNITDIR/UNIT.d/50-KEY.conf in the first unit
 * directory, replacing an earlier one for the same key.
 */
#include "manager_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "slog.h"

/* The period of CPUQuota=, which is no cgl_key of its own. */
#define PERIOD _CGL_MAX

/* The cgl_key of a key name, PERIOD for CPUQuotaPeriodSec, -1 for a key
 * set-property does not take. */
static int live_key(const char *name, size_t len)
{
	if (len == strlen("CPUQuotaPeriodSec") &&
	    strncmp(name, "CPUQuotaPeriodSec", len) == 0)
		return PERIOD;
	for (int k = 0; k < _CGL_MAX; k++)
		if (strlen(cglimits_key_name(k)) == len &&
		    strncmp(cglimits_key_name(k), name, len) == 0)
			return k;
	return -1;
}

/* Take key k's value (or its absence) from src into dst. */
static int take(struct cg_limits *dst, const struct cg_limits *src,
		enum cgl_key k)
{
	char *file = NULL;

	if (src->file[k] && !(file = strdup(src->file[k])))
		return -ENOMEM;
	if (k == CGL_ALLOWED_CPUS) {
		char *cpus =
			src->allowed_cpus ? strdup(src->allowed_cpus) : NULL;

		if (src->allowed_cpus && !cpus) {
			free(file);
			return -ENOMEM;
		}
		free(dst->allowed_cpus);
		dst->allowed_cpus = cpus;
	}
	dst->v[k] = src->v[k];
	dst->set = (dst->set & ~(1u << k)) | (src->set & (1u << k));
	free(dst->file[k]);
	dst->file[k] = file;
	dst->line[k] = src->line[k];
	return 0;
}

int mgr_dropin_write(const struct mgr *m, const char *unit,
		     const char *name, const char *text)
{
	char dir[4096], path[4200], tmp[4300];
	FILE *f;
	int n;

	n = snprintf(dir, sizeof(dir), "%s/%s.d", m->cfg.unit_dirs[0], unit);
	if (n < 0 || (size_t)n >= sizeof(dir) || strlen(name) > 63)
		return -ENAMETOOLONG;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/50-%s.conf", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fputs(text, f);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		int e = -errno;

		unlink(tmp);
		return e;
	}
	return 0;
}

/* set-property --persist: one drop-in per key, 50-KEY.conf. */
static int persist(const struct mgr *m, const char *unit, const char *kv,
		   size_t keylen)
{
	char name[64], text[4200];

	if (keylen > 63)
		return -ENAMETOOLONG;
	snprintf(name, sizeof(name), "%.*s", (int)keylen, kv);
	snprintf(text, sizeof(text),
		 "# Written by svctl set-property --persist.\n"
		 "[Service]\n%s\n",
		 kv);
	return mgr_dropin_write(m, unit, name, text);
}

int mgr_set_property(struct mgr *m, struct mgr_unit *mu, char *const *assign,
		     size_t n, bool keep, char *msg, size_t size)
{
	struct unit *scratch = NULL;
	struct cg_limits next = {0};
	struct diag_list dl;
	uint32_t named = 0;
	char *text = NULL;
	size_t len = 0;
	const char *why;
	FILE *mem;
	int r, k;

	if (mu->unit->type != UNIT_SERVICE) {
		snprintf(msg, size, "%s has no resource limits",
			 mu->unit->name);
		return -EINVAL;
	}
	/* Which keys, all of them resource limits; and the text to parse. */
	mem = open_memstream(&text, &len);
	if (!mem)
		return -ENOMEM;
	fputs("[Service]\n", mem);
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(assign[i], '=');

		k = eq ? live_key(assign[i], (size_t)(eq - assign[i])) : -1;
		if (k < 0 || strchr(assign[i], '\n')) {
			fclose(mem);
			free(text);
			snprintf(msg, size,
				 "%s: not a resource limit svctl can set "
				 "(KEY=VALUE, KEY one of MemoryMax, ...)",
				 assign[i]);
			return -EINVAL;
		}
		named |= 1u << k;
		fprintf(mem, "%s\n", assign[i]);
	}
	if (fclose(mem) != 0) {
		free(text);
		return -ENOMEM;
	}
	scratch = unit_new(mu->unit->name, UNIT_SERVICE);
	if (!scratch) {
		free(text);
		return -ENOMEM;
	}
	diag_init(&dl);
	r = parse_unit_string(scratch, "set-property", text, &dl);
	free(text);
	if (r < 0 || dl.n_errors > 0) {
		for (size_t i = 0; i < dl.n; i++)
			if (dl.items[i].level == DIAG_ERROR) {
				snprintf(msg, size, "%s", dl.items[i].msg);
				break;
			}
		r = r == -ENOMEM ? r : -EINVAL;
		goto out;
	}
	/* The limits in force with the named keys replaced. */
	for (k = 0; k < _CGL_MAX && r == 0; k++)
		r = take(&next, unit_limits(mu->unit), k);
	for (k = 0; k < _CGL_MAX && r == 0; k++)
		if (named & (1u << k))
			r = take(&next, unit_limits(scratch), k);
	next.memory_accounting = unit_limits(mu->unit)->memory_accounting;
	next.cpu_quota_period =
		named & (1u << PERIOD)
			? unit_limits(scratch)->cpu_quota_period
			: unit_limits(mu->unit)->cpu_quota_period;
	if (r < 0)
		goto out;
	k = cglimits_unsupported(&next, &m->cg, &why);
	if (k >= 0) {
		snprintf(msg, size, "%s= cannot be applied: %s (cgroups: %s)",
			 cglimits_key_name(k), why, cgroups_mode(&m->cg));
		r = -EOPNOTSUPP;
		goto out;
	}
	if (mu->cg_made) {
		const char *file;

		r = cgroups_unit_join(&m->cg, mu->unit->name,
				      cglimits_ctrls(&next, &m->cg));
		if (r == 0)
			r = cglimits_apply(&next, &m->cg, mu->unit->name,
					   &file);
		else
			file = "cgroup.procs";
		if (r < 0) {
			snprintf(msg, size, "cannot write %s of %s: %s", file,
				 mu->unit->name, strerror(-r));
			goto out;
		}
	}
	if (!mu->unit->svc.limits &&
	    !(mu->unit->svc.limits = calloc(1, sizeof(next)))) {
		r = -ENOMEM;
		goto out;
	}
	cglimits_free(mu->unit->svc.limits);
	*mu->unit->svc.limits = next;
	next = (struct cg_limits){0};
	slog(SLOG_INFO, "%s: limits set%s", mu->unit->name,
	     mu->cg_made ? " on its running cgroup" : "");
	for (size_t i = 0; keep && i < n; i++) {
		r = persist(m, mu->unit->name, assign[i],
			    (size_t)(strchr(assign[i], '=') - assign[i]));
		if (r < 0) {
			snprintf(msg, size,
				 "limits set, but not persisted: cannot write "
				 "a drop-in for %s: %s",
				 mu->unit->name, strerror(-r));
			goto out;
		}
	}
out:
	cglimits_free(&next);
	unit_free(scratch);
	diag_free(&dl);
	return r;
}
