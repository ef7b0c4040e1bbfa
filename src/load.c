/*
 * load: unit directories into a unitset. See load.h for the rules; the
 * comments here say why each step is where it is.
 *
 * The work is done in phases so that no step needs recursion and every
 * name has one meaning when it is used:
 *   1. scan every directory into a table of names (first directory wins);
 *   2. load the plain files, then the built-in targets nobody provides;
 *   3. register aliases (symlinks first, then Alias=), after every real
 *      unit name, so that a real name always wins over an alias;
 *   4. instantiate templates named by loaded units, with a work queue
 *      (an instance may name further instances);
 *   5. apply [Install] (install.c), once every unit that could be a
 *      target exists.
 */
#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_units.h"
#include "deploy.h"
#include "install.h"
#include "loadcheck.h"
#include "nametab.h"
#include "parse.h"
#include "unitdir.h"

enum entry_kind {
	ENTRY_FILE,
	ENTRY_MASKED,
	ENTRY_LINK,    /* symlink to another unit name: an alias of it */
	ENTRY_IGNORED, /* a dangling alias link: as if it were not there */
};

/* One name found in the unit directories: the first directory's file. */
struct entry {
	char *name;
	char *path;
	char *target; /* ENTRY_LINK: the unit name it stands for */
	enum entry_kind kind;
	bool dangling; /* ENTRY_LINK whose target file does not exist */
};

struct loader {
	/* The directories that could be read, in precedence order: the
	 * drop-ins are looked up there only, so that one unreadable
	 * directory (already reported) does not fail every unit. */
	const char **dirs;
	size_t n_dirs;
	struct unitset *set;
	struct diag_list *dl;
	const struct cgroups
		*cg; /* what limits can be applied; NULL: unchecked */
	const struct load_scales *scales; /* svctl scale's counts, or NULL */
	struct entry *files;
	size_t n_files, cap_files;
	struct nametab file_idx;
	/* Instance names waiting to be created; `seen` also holds those
	 * already tried, so a failing instance is tried once. */
	char **queue;
	size_t q_head, q_n, q_cap;
	struct nametab seen;
	bool full_reported;
};

static const char *type_suffix(const char *name)
{
	return strrchr(name, '.');
}

/* Whether the link name -> target name is an alias rather than a file
 * reached through a link: systemd's rule is that the names differ. Template
 * links (enabling an instance as NAME@INST -> NAME@) are files. */
static bool link_is_alias(const char *name, const char *target)
{
	return target && strcmp(name, target) != 0 &&
	       unit_name_is_valid(target) && !unit_name_is_template(name) &&
	       !unit_name_is_template(target) &&
	       strcmp(type_suffix(name), type_suffix(target)) == 0;
}

static int table_add(struct loader *L, char *name, char *path, char *target,
		     enum entry_kind kind, bool dangling)
{
	struct entry *e;

	if (L->n_files == L->cap_files) {
		size_t c = L->cap_files ? L->cap_files * 2 : 64;
		struct entry *nf = realloc(L->files, c * sizeof(*nf));

		if (!nf)
			goto nomem;
		L->files = nf;
		L->cap_files = c;
	}
	e = &L->files[L->n_files];
	*e = (struct entry){name, path, target, kind, dangling};
	if (nametab_put(&L->file_idx, e->name, L->n_files) < 0)
		goto nomem;
	L->n_files++;
	return 0;
nomem:
	free(name);
	free(path);
	free(target);
	return -ENOMEM;
}

/* Record one directory entry in the table, or say why it is skipped. */
static int scan_entry(struct loader *L, const char *dir, const char *name)
{
	char *path, *target = NULL;
	enum unitdir_kind k;
	int err = 0;
	bool unit_suffix = unit_type_from_name(name) >= 0;

	if (nametab_get(&L->file_idx, name) >= 0)
		return 0; /* shadowed by an earlier directory */
	path = unitdir_path(dir, name);
	if (!path)
		return -ENOMEM;
	k = unitdir_classify(path, unit_suffix ? &target : NULL, &err);
	if (k == UNITDIR_ERROR && err == ENOMEM)
		goto nomem;
	if (k == UNITDIR_DIR || (k == UNITDIR_MASKED && !unit_suffix)) {
		/* NAME.d/, NAME.wants/ and masked unsupported types. */
		free(path);
		free(target);
		return 0;
	}
	/* A dangling link may still alias a built-in target, which has no
	 * file to point to: decided once the table is complete. */
	if (k == UNITDIR_DANGLING && unit_name_is_valid(name) &&
	    link_is_alias(name, target) && L->n_files < LOAD_MAX_UNITS) {
		char *n = strdup(name);

		if (!n)
			goto nomem;
		return table_add(L, n, path, target, ENTRY_LINK, true);
	}
	/* A unit file that cannot be looked at is read as one: reading it
	 * fails, and its name shows as a unit that failed to load. */
	if (k == UNITDIR_ERROR && !(unit_suffix && unit_name_is_valid(name)))
		diag_add(L->dl, DIAG_ERROR, path, 0, "cannot read: %s",
			 strerror(err));
	else if (k == UNITDIR_DANGLING)
		diag_add(L->dl, DIAG_WARNING, path, 0,
			 "dangling symbolic link, ignored");
	else if (k == UNITDIR_OTHER)
		diag_add(L->dl, DIAG_WARNING, path, 0,
			 "not a regular file, ignored");
	/* systemd types svinit does not run: reported and skipped, so
	 * that a copied systemd directory loads. */
	else if (unit_name_is_other_type(name))
		diag_add(L->dl, DIAG_WARNING, path, 0,
			 "unit type not supported, ignored");
	else if (!unit_suffix)
		diag_add(L->dl, DIAG_WARNING, path, 0,
			 "not a unit file name (NAME.service, NAME.socket "
			 "or NAME.target), "
			 "ignored");
	else if (!unit_name_is_valid(name))
		diag_add(L->dl, DIAG_WARNING, path, 0,
			 "invalid unit name, ignored");
	else if (L->n_files >= LOAD_MAX_UNITS) {
		if (!L->full_reported)
			diag_add(L->dl, DIAG_ERROR, path, 0,
				 "too many units (limit %d): this file and "
				 "any later ones ignored",
				 LOAD_MAX_UNITS);
		L->full_reported = true;
	} else {
		char *n = strdup(name);
		enum entry_kind kind = ENTRY_FILE;

		if (!n)
			goto nomem;
		if (k == UNITDIR_MASKED)
			kind = ENTRY_MASKED;
		else if (k != UNITDIR_ERROR && link_is_alias(name, target))
			kind = ENTRY_LINK;
		if (kind != ENTRY_LINK) {
			free(target);
			target = NULL;
		}
		return table_add(L, n, path, target, kind, false);
	}
	free(path);
	free(target);
	return 0;
nomem:
	free(path);
	free(target);
	return -ENOMEM;
}

static int scan_dir(struct loader *L, const char *dir)
{
	char **names;
	size_t n;
	int r = unitdir_list(dir, &names, &n);

	if (r == -ENOENT)
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		diag_add(L->dl, DIAG_ERROR, dir, 0,
			 "cannot read unit directory: %s", strerror(-r));
		return 0;
	}
	L->dirs[L->n_dirs++] = dir;
	for (size_t i = 0; i < n && r >= 0; i++)
		r = scan_entry(L, dir, names[i]);
	unitdir_names_free(names, n);
	return r;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

/* Sort the table by name so that the unit set's order does not depend on
 * which directory a file came from, and rebuild the index to match. */
static int table_sort(struct loader *L)
{
	if (L->n_files)
		qsort(L->files, L->n_files, sizeof(*L->files), cmp_entry);
	nametab_free(&L->file_idx);
	for (size_t i = 0; i < L->n_files; i++)
		if (nametab_put(&L->file_idx, L->files[i].name, i) < 0)
			return -ENOMEM;
	return 0;
}

/* Follow alias links to the unit they stand for. A link whose target is
 * neither in the table nor built in is read as a file under its own name
 * (or ignored, when dangling); a chain ending in a masked name masks the
 * alias too. */
static void table_resolve_links(struct loader *L)
{
	for (size_t i = 0; i < L->n_files; i++) {
		struct entry *e = &L->files[i];
		const char *t = e->target;
		int hops = 0;

		if (e->kind != ENTRY_LINK)
			continue;
		for (;;) {
			long j = nametab_get(&L->file_idx, t);

			if (j < 0 || L->files[j].kind == ENTRY_IGNORED) {
				if (builtin_unit_is(t))
					break;
				e->kind = e->dangling ? ENTRY_IGNORED
						      : ENTRY_FILE;
				if (e->dangling)
					diag_add(L->dl, DIAG_WARNING, e->path,
						 0,
						 "dangling symbolic link, "
						 "ignored");
				break;
			}
			if (L->files[j].kind == ENTRY_MASKED) {
				e->kind = ENTRY_MASKED;
				break;
			}
			if (L->files[j].kind == ENTRY_FILE)
				break;
			if (++hops > 32 || (size_t)j == i) {
				diag_add(L->dl, DIAG_WARNING, e->path, 0,
					 "symbolic link loop between unit "
					 "names, ignored");
				e->kind = ENTRY_IGNORED;
				break;
			}
			t = L->files[j].target;
		}
		if (e->kind == ENTRY_LINK && t != e->target) {
			char *copy = strdup(t);

			/* Keep the one-hop target on ENOMEM: the alias then
			 * resolves through the unit set or not at all. */
			if (copy) {
				free(e->target);
				e->target = copy;
			}
		}
	}
}

/* Parse the drop-ins of `name` (from every directory) into u. */
static int apply_dropins(struct loader *L, struct unit *u, const char *name,
			 bool *bad)
{
	struct unitdir_dropin *v;
	size_t n;
	int r = unitdir_dropins((char *const *)L->dirs, name, &v, &n, L->dl,
				bad);

	for (size_t i = 0; i < n && r >= 0; i++) {
		if (v[i].masked)
			continue;
		r = strv_push_dup(&u->dropins, v[i].path);
		if (r < 0)
			break;
		r = parse_unit_file(u, v[i].path, L->dl);
		if (r < 0 && r != -ENOMEM) {
			*bad = true;
			r = 0;
		}
	}
	unitdir_dropins_free(v, n);
	return r;
}

/* NAME.wants/ and NAME.requires/ (unitdir_wants) into u's deps. */
static int apply_wants(struct loader *L, struct unit *u, const char *name)
{
	int r = unitdir_wants((char *const *)L->dirs, name, "wants", L->dl,
			      &u->deps[DEP_WANTS]);

	if (r >= 0)
		r = unitdir_wants((char *const *)L->dirs, name, "requires",
				  L->dl, &u->deps[DEP_REQUIRES]);
	return r;
}

/* "a@b.service" -> template "a@.service", instance "b". */
static int split_instance(const char *name, char **tmpl, char **inst)
{
	const char *at = strchr(name, '@');
	const char *dot = type_suffix(name);

	*tmpl = NULL;
	*inst = strndup(at + 1, dot - at - 1);
	if (!*inst ||
	    asprintf(tmpl, "%.*s%s", (int)(at + 1 - name), name, dot) < 0) {
		free(*inst);
		*inst = NULL;
		*tmpl = NULL;
		return -ENOMEM;
	}
	return 0;
}

/*
 * Replace *pu, which failed to load, by its placeholder (unit.h): the name,
 * type and files stay, so that svctl can show the unit and cat its files
 * and a daemon-reload can tell when they change; the settings go, as they
 * were never all checked. The reason is the first error reported since
 * dl->items[first], which is where this unit's own diagnostics start.
 * 0 or -ENOMEM (then *pu is untouched).
 */
static int make_placeholder(struct loader *L, struct unit **pu, size_t first)
{
	struct unit *bad = *pu, *u = unit_new(bad->name, bad->type);

	if (!u)
		return -ENOMEM;
	for (size_t i = first; i < L->dl->n && !u->load_error; i++)
		if (L->dl->items[i].level == DIAG_ERROR &&
		    !(u->load_error = diag_describe(&L->dl->items[i]))) {
			unit_free(u);
			return -ENOMEM;
		}
	/* The diagnostics themselves may have been lost to ENOMEM. */
	if (!u->load_error && !(u->load_error = strdup("failed to load"))) {
		unit_free(u);
		return -ENOMEM;
	}
	u->path = bad->path;
	u->dropins = bad->dropins;
	u->template_name = bad->template_name;
	u->instance = bad->instance;
	bad->path = bad->template_name = bad->instance = NULL;
	bad->dropins = NULL;
	unit_free(bad);
	*pu = u;
	return 0;
}

/* Build one unit from path (NULL: a built-in target), its drop-ins and the
 * cross-key checks, and add it to the set: as it is, or as a placeholder
 * when something was wrong (the problems are in dl). 0 (added, or left
 * out when the name is taken or the set is full) or -ENOMEM. */
static int load_one(struct loader *L, const char *name, const char *path)
{
	struct unit *u;
	size_t first = L->dl->n;
	bool bad = false;
	int r = -ENOMEM;

	if (L->set->n >= LOAD_MAX_UNITS) {
		if (!L->full_reported)
			diag_add(L->dl, DIAG_ERROR, path, 0,
				 "too many units (limit %d): %s and any later "
				 "ones ignored",
				 LOAD_MAX_UNITS, name);
		L->full_reported = true;
		return 0;
	}
	u = unit_new(name, unit_type_from_name(name));
	if (!u)
		return -ENOMEM;
	/* Before parsing: %i and %p expand while the files are read. */
	if (unit_name_is_instance(name) &&
	    split_instance(name, &u->template_name, &u->instance) < 0)
		goto out;
	if (path) {
		u->path = strdup(path);
		if (!u->path)
			goto out;
		r = parse_unit_file(u, path, L->dl);
		if (r == -ENOMEM)
			goto out;
		bad = r < 0;
	} else if (builtin_unit_setup(u) < 0) {
		goto out;
	}
	/* The template's drop-ins are general, the instance's specific:
	 * the specific ones come last so that they win. */
	if (u->template_name) {
		r = apply_dropins(L, u, u->template_name, &bad);
		if (r < 0)
			goto out;
	}
	r = apply_dropins(L, u, name, &bad);
	if (r < 0)
		goto out;
	if (u->template_name) {
		r = apply_wants(L, u, u->template_name);
		if (r < 0)
			goto out;
	}
	r = apply_wants(L, u, name);
	if (r < 0)
		goto out;
	if (!bad && (path || u->dropins)) {
		r = parse_unit_finish(u, L->dl);
		if (r == -ENOMEM)
			goto out;
		bad = r < 0;
	}
	if (!bad) {
		r = loadcheck_creds(u, L->dl, &bad);
		if (r < 0)
			goto out;
	}
	if (!bad)
		loadcheck_limits(u, L->cg, L->dl, &bad);
	if (bad && make_placeholder(L, &u, first) < 0)
		goto out;
	r = unitset_add(L->set, u);
	if (r == -EEXIST) {
		diag_add(L->dl, DIAG_ERROR, path, 0,
			 "%s: name already used as an alias of %s, not loaded",
			 name, unitset_get(L->set, name)->name);
		r = 0;
		goto out;
	}
	if (r == 0)
		return 0;
out:
	unit_free(u);
	return r;
}

/* Make the names of u's Alias= resolve to it. A clash or a bad name is
 * an error for that alias only: the unit keeps its own name. */
static int add_install_aliases(struct loader *L, size_t idx)
{
	struct unit *u = L->set->units[idx];

	for (size_t i = 0; u->alias && u->alias[i]; i++) {
		const char *a = u->alias[i];
		long j;
		int r;

		j = nametab_get(&L->file_idx, a);
		if (strcmp(a, u->name) == 0 ||
		    (j >= 0 && L->files[j].kind == ENTRY_MASKED))
			continue; /* a mask wins over an alias */
		if (!unit_name_is_valid(a) || unit_name_is_template(a) ||
		    strcmp(type_suffix(a), type_suffix(u->name)) != 0) {
			diag_add(L->dl, DIAG_ERROR, u->path, 0,
				 "Alias=%s: not a valid name for a %s, ignored",
				 a, unit_type_to_string(u->type));
			continue;
		}
		r = unitset_add_alias(L->set, a, idx);
		if (r == -ENOMEM)
			return r;
		if (r == -EEXIST && unitset_get(L->set, a) != u)
			diag_add(L->dl, DIAG_ERROR, u->path, 0,
				 "Alias=%s: name already used by %s, ignored",
				 a, unitset_get(L->set, a)->name);
	}
	return 0;
}

/* Symlink aliases: the link's name resolves to the unit it points to. The
 * name is kept in the unit's alias list, which owns the string. */
static int add_link_aliases(struct loader *L)
{
	for (size_t i = 0; i < L->n_files; i++) {
		const struct entry *e = &L->files[i];
		long idx;
		struct unit *u;
		size_t k;
		int r;

		if (e->kind != ENTRY_LINK)
			continue;
		idx = unitset_index(L->set, e->target);
		if (idx < 0)
			continue; /* target not loaded: its problems are in dl
				   */
		u = L->set->units[idx];
		/* The unit's own Alias= may already hold the name. */
		for (k = 0; u->alias && u->alias[k]; k++)
			if (strcmp(u->alias[k], e->name) == 0)
				break;
		if (!u->alias || !u->alias[k]) {
			r = strv_push_dup(&u->alias, e->name);
			if (r < 0)
				return r;
		}
		r = unitset_add_alias(L->set, u->alias[k], idx);
		if (r == -ENOMEM)
			return r;
		if (r == -EEXIST)
			diag_add(L->dl, DIAG_ERROR, e->path, 0,
				 "alias %s of %s: name already used by %s, "
				 "ignored",
				 e->name, u->name,
				 unitset_get(L->set, e->name)->name);
	}
	return 0;
}

static int queue_push(struct loader *L, const char *name)
{
	char *n;

	if (nametab_get(&L->seen, name) >= 0 ||
	    unitset_index(L->set, name) >= 0)
		return 0;
	if (L->q_n == L->q_cap) {
		size_t c = L->q_cap ? L->q_cap * 2 : 32;
		char **q = realloc(L->queue, c * sizeof(*q));

		if (!q)
			return -ENOMEM;
		L->queue = q;
		L->q_cap = c;
	}
	n = strdup(name);
	if (!n)
		return -ENOMEM;
	if (nametab_put(&L->seen, n, L->q_n) < 0) {
		free(n);
		return -ENOMEM;
	}
	L->queue[L->q_n++] = n;
	return 0;
}

/* Queue every instance that u names and that does not exist yet. */
static int queue_refs(struct loader *L, const struct unit *u)
{
	char **lists[_DEP_MAX + 2];
	size_t n = 0;

	for (int k = 0; k < _DEP_MAX; k++)
		lists[n++] = u->deps[k];
	lists[n++] = u->wanted_by;
	lists[n++] = u->required_by;
	for (size_t l = 0; l < n; l++)
		for (size_t i = 0; lists[l] && lists[l][i]; i++) {
			const char *d = lists[l][i];
			int r;

			if (!unit_name_is_instance(d) || !unit_name_is_valid(d))
				continue;
			r = queue_push(L, d);
			if (r < 0)
				return r;
		}
	return 0;
}

/* Create one queued instance from the template, unless the instance has
 * a file of its own (then it loaded, or failed, in phase 2) or the
 * template is missing or masked (the graph reports a missing hard
 * dependency). */
static int instantiate(struct loader *L, const char *name)
{
	char *tmpl, *inst;
	long j;
	int r;

	j = nametab_get(&L->file_idx, name);
	if ((j >= 0 && L->files[j].kind != ENTRY_IGNORED) ||
	    unitset_index(L->set, name) >= 0)
		return 0;
	if (split_instance(name, &tmpl, &inst) < 0)
		return -ENOMEM;
	j = nametab_get(&L->file_idx, tmpl);
	r = 0;
	if (j >= 0 && L->files[j].kind == ENTRY_FILE) {
		size_t before = L->set->n;

		r = load_one(L, name, L->files[j].path);
		if (r == 0 && L->set->n > before)
			r = add_install_aliases(L, before);
	}
	free(tmpl);
	free(inst);
	return r;
}

/* How many instances a template asks for: svctl scale's count, or
 * Instances= of its [Deploy] (file and drop-ins, read into a scratch
 * unit whose diagnostics are dropped: the instances report them when they
 * load). 0 or -ENOMEM. */
static int template_instances(struct loader *L, const struct entry *e,
			      unsigned *n)
{
	struct diag_list scratch, *saved = L->dl;
	struct unit *u;
	bool bad = false;
	int r;

	*n = 0;
	for (size_t i = 0; L->scales && i < L->scales->n; i++)
		if (strcmp(L->scales->v[i].tmpl, e->name) == 0) {
			*n = L->scales->v[i].n;
			return 0;
		}
	u = unit_new(e->name, UNIT_SERVICE);
	if (!u)
		return -ENOMEM;
	diag_init(&scratch);
	L->dl = &scratch;
	r = parse_unit_file(u, e->path, &scratch);
	r = r == -ENOMEM ? r : apply_dropins(L, u, e->name, &bad);
	L->dl = saved;
	if (r >= 0 && u->deploy)
		*n = u->deploy->instances;
	diag_free(&scratch);
	unit_free(u);
	return r == -ENOMEM ? r : 0;
}

/* Queue NAME@1 ... NAME@N of every template that asks for instances. */
static int queue_deploy_instances(struct loader *L)
{
	for (size_t i = 0; i < L->n_files; i++) {
		const struct entry *e = &L->files[i];
		const char *at = strchr(e->name, '@');
		unsigned n;
		int r;

		if (e->kind != ENTRY_FILE || !unit_name_is_template(e->name) ||
		    unit_type_from_name(e->name) != UNIT_SERVICE)
			continue;
		r = template_instances(L, e, &n);
		for (unsigned k = 1; r >= 0 && k <= n; k++) {
			char name[UNIT_NAME_MAX + 16];

			snprintf(name, sizeof(name), "%.*s@%u%s",
				 (int)(at - e->name), e->name, k, at + 1);
			r = queue_push(L, name);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/* A work queue rather than recursion: instances may name instances, to
 * any depth; the unit limit in load_one ends a runaway chain. */
static int load_instances(struct loader *L)
{
	size_t scanned = 0;
	int r;

	for (;;) {
		while (scanned < L->set->n) {
			r = queue_refs(L, L->set->units[scanned++]);
			if (r < 0)
				return r;
		}
		if (L->q_head == L->q_n || L->full_reported)
			return 0;
		r = instantiate(L, L->queue[L->q_head++]);
		if (r < 0)
			return r;
	}
}

static int load_all(struct loader *L, char *const *dirs)
{
	size_t n_files;
	int r;

	for (size_t d = 0; dirs[d]; d++) {
		r = scan_dir(L, dirs[d]);
		if (r < 0)
			return r;
	}
	r = table_sort(L);
	if (r < 0)
		return r;
	table_resolve_links(L);

	for (size_t i = 0; i < L->n_files; i++) {
		const struct entry *e = &L->files[i];

		if (e->kind != ENTRY_FILE || unit_name_is_template(e->name))
			continue;
		r = load_one(L, e->name, e->path);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; builtin_unit_name(i); i++) {
		long j = nametab_get(&L->file_idx, builtin_unit_name(i));

		if (j >= 0 && L->files[j].kind != ENTRY_IGNORED)
			continue; /* a file, a mask or an alias wins */
		r = load_one(L, builtin_unit_name(i), NULL);
		if (r < 0)
			return r;
	}

	/* Links first: a link on disk is the explicit choice, while the
	 * Alias= of several units may claim one name (systemd's targets
	 * do, for ctrl-alt-del.target). */
	r = add_link_aliases(L);
	if (r < 0)
		return r;
	n_files = L->set->n;
	for (size_t i = 0; i < n_files; i++) {
		r = add_install_aliases(L, i);
		if (r < 0)
			return r;
	}
	r = queue_deploy_instances(L);
	if (r >= 0)
		r = load_instances(L);
	if (r < 0)
		return r;
	return install_apply(L->set, L->dl);
}

int load_units(char *const *dirs, struct unitset *out, struct diag_list *dl,
	       const struct cgroups *cg, const struct load_scales *scales)
{
	struct loader L = {.set = out, .dl = dl, .cg = cg, .scales = scales};
	size_t n = 0;
	int r;

	while (dirs[n])
		n++;
	L.dirs = calloc(n + 1, sizeof(*L.dirs));
	if (!L.dirs)
		return -ENOMEM;
	r = load_all(&L, dirs);

	for (size_t i = 0; i < L.n_files; i++) {
		free(L.files[i].name);
		free(L.files[i].path);
		free(L.files[i].target);
	}
	free(L.files);
	nametab_free(&L.file_idx);
	for (size_t i = 0; i < L.q_n; i++)
		free(L.queue[i]);
	free(L.queue);
	nametab_free(&L.seen);
	free(L.dirs);
	return r;
}
