/* ctlinstall: enable, disable, masks and unit file states (ctlinstall.h). */
#include "ctlinstall.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manager.h"
#include "unitdir.h"
#include "util.h"

enum file_state {
	ST_NOT_FOUND,
	ST_MASKED,
	ST_ENABLED,
	ST_DISABLED,
	ST_STATIC,
};

static const char *const state_names[] = {
	[ST_NOT_FOUND] = "not-found", [ST_MASKED] = "masked",
	[ST_ENABLED] = "enabled",     [ST_DISABLED] = "disabled",
	[ST_STATIC] = "static",
};

/* The TARGET.wants/ and TARGET.requires/ directories of every unit
 * directory, found once per request. */
struct links {
	char **dirs;
	size_t n;
};

static void links_free(struct links *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->dirs[i]);
	free(l->dirs);
	l->dirs = NULL;
	l->n = 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* dirs NULL: every unit directory; else the one given. */
static int links_find(struct mgr *m, const char *only, struct links *l)
{
	char *const one[] = {(char *)only, NULL};
	char *const *dirs = only ? one : m->cfg.unit_dirs;

	for (size_t d = 0; dirs[d]; d++) {
		char **names;
		size_t n;

		if (unitdir_list(dirs[d], &names, &n) < 0)
			continue; /* no directory, or unreadable: no links */
		for (size_t i = 0; i < n; i++) {
			char **v;

			if (!ends_with(names[i], ".wants") &&
			    !ends_with(names[i], ".requires"))
				continue;
			v = realloc(l->dirs, (l->n + 1) * sizeof(*v));
			if (!v ||
			    !(v[l->n] = unitdir_path(dirs[d], names[i]))) {
				if (v)
					l->dirs = v;
				unitdir_names_free(names, n);
				return -ENOMEM;
			}
			l->dirs = v;
			l->n++;
		}
		unitdir_names_free(names, n);
	}
	return 0;
}

/* Whether a link named name is in one of the directories of l (each a
 * path kept in buf). */
static bool linked(const struct links *l, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < l->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", l->dirs[i], name);
		if (lstat(path, &st) == 0)
			return true;
	}
	return false;
}

/* The unit's configuration as last loaded, or NULL. */
static const struct unit *loaded(struct mgr *m, const char *name)
{
	const struct mgr_unit *mu = mgr_find(m, name);

	if (!mu)
		return NULL;
	return mu->pending ? mu->pending : mu->unit;
}

static bool has_install(const struct unit *u)
{
	return u && u->path && (u->wanted_by || u->required_by);
}

static bool disable_dropin(struct mgr *m, const char *name, char *path,
			   size_t size)
{
	snprintf(path, size, "%s/%s.d/%s", m->cfg.unit_dirs[0], name,
		 CTLINSTALL_DISABLE_DROPIN);
	return access(path, F_OK) == 0;
}

/* The state of name, as systemctl is-enabled words it. */
static enum file_state file_state(struct mgr *m, const struct links *l,
				  const char *name)
{
	const struct unit *u = loaded(m, name);
	bool file = false;
	char path[PATH_MAX];
	int err;

	for (size_t d = 0; m->cfg.unit_dirs[d] && !file; d++) {
		enum unitdir_kind k;

		snprintf(path, sizeof(path), "%s/%s", m->cfg.unit_dirs[d],
			 name);
		k = unitdir_classify(path, NULL, &err);
		if (k == UNITDIR_MASKED)
			return ST_MASKED;
		file = k == UNITDIR_REGULAR;
	}
	if (linked(l, name))
		return ST_ENABLED;
	if (disable_dropin(m, name, path, sizeof(path)))
		return ST_DISABLED;
	if (has_install(u))
		return ST_ENABLED;
	return file || u ? ST_STATIC : ST_NOT_FOUND;
}

/* "web" is "web.service", as everywhere in svctl; NULL after failing o
 * when the name can never be a unit's. */
static const char *unit_name(const char *name, char *buf, size_t size,
			     struct out *o)
{
	if (!strchr(name, '.')) {
		snprintf(buf, size, "%s.service", name);
		name = buf;
	}
	if (!unit_name_is_valid(name)) {
		ctlreply_fail(o, PROTO_USAGE, "svctl: invalid unit name: %s",
			      name);
		return NULL;
	}
	return name;
}

void ctlinstall_is_enabled(struct mgr *m, struct control_client *cl, int argc,
			   char **argv, struct out *o)
{
	struct links l = {0};
	bool all = true;

	if (!ctlreply_need_units(argc, o, argv[0]))
		return;
	if (links_find(m, NULL, &l) < 0) {
		o->w.err = -ENOMEM;
		return;
	}
	for (int i = 1; i < argc; i++) {
		char buf[UNIT_NAME_MAX + 16];
		const char *name = unit_name(argv[i], buf, sizeof(buf), o);
		enum file_state s;

		if (!name)
			break;
		s = file_state(m, &l, name);
		if (s == ST_NOT_FOUND) {
			ctlreply_fail(o, PROTO_NO_UNIT,
				      "svctl: %s: no unit file and not loaded",
				      name);
			break;
		}
		ctlreply_add(o, "%s", state_names[s]);
		all &= s == ST_ENABLED || s == ST_STATIC;
	}
	links_free(&l);
	if (!(o->flags & PROTO_F_ERROR))
		o->code = all ? PROTO_OK : PROTO_FAILURE;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool matches(const char *name, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (fnmatch(argv[i], name, 0) == 0)
			return true;
	return argc <= 1;
}

void ctlinstall_list(struct mgr *m, struct control_client *cl, int argc,
		     char **argv, struct out *o)
{
	struct links l = {0};
	char **all = NULL;
	size_t n = 0, cap = 0;
	bool first = true;

	if (links_find(m, NULL, &l) < 0)
		goto nomem;
	/* The names of every directory, then the built-in units; sorted
	 * and each once: the state does not depend on which directory. */
	for (size_t d = 0; m->cfg.unit_dirs[d]; d++) {
		char **names;
		size_t k;

		if (unitdir_list(m->cfg.unit_dirs[d], &names, &k) < 0)
			continue;
		for (size_t i = 0; i < k; i++) {
			if (!unit_name_is_valid(names[i]))
				continue;
			if (n == cap) {
				char **v = realloc(all, (cap = cap * 2 + 64) *
								sizeof(*v));
				if (!v) {
					unitdir_names_free(names, k);
					goto nomem;
				}
				all = v;
			}
			all[n++] = names[i];
			names[i] = NULL;
		}
		unitdir_names_free(names, k);
	}
	if (n)
		qsort(all, n, sizeof(*all), cmp_str);
	for (size_t i = 0; i < n; i++) {
		enum file_state s;

		if ((i > 0 && strcmp(all[i], all[i - 1]) == 0) ||
		    !matches(all[i], argc, argv))
			continue;
		s = file_state(m, &l, all[i]);
		if (!first)
			proto_writer_add(&o->w, "");
		first = false;
		ctlreply_add(o, "Id=%s", all[i]);
		ctlreply_add(o, "UnitFileState=%s", state_names[s]);
	}
	for (uint32_t i = 0; i < m->n; i++) {
		const struct unit *u = m->mu[i]->unit;

		if (u->path || !matches(u->name, argc, argv))
			continue;
		if (!first)
			proto_writer_add(&o->w, "");
		first = false;
		ctlreply_add(o, "Id=%s", u->name);
		ctlreply_add(o, "UnitFileState=%s",
			     state_names[file_state(m, &l, u->name)]);
	}
	goto out;
nomem:
	o->w.err = -ENOMEM;
out:
	for (size_t i = 0; i < n; i++)
		free(all[i]);
	free(all);
	links_free(&l);
}

/* Read the unit files again after a change, as daemon-reload does. A
 * reload refused leaves the files changed: the user is told how to apply
 * them. */
static void reload(struct mgr *m, struct out *o, const char *verb)
{
	struct diag_list dl;
	struct strv_builder lines = {0};
	int r;

	diag_init(&dl);
	r = mgr_reload(m, &dl, &lines);
	if (r == -EBUSY)
		ctlreply_add(o, "Jobs are running: the change applies at the "
				"next daemon-reload.");
	else if (r < 0 && r != -ENOMEM)
		ctlreply_fail(o, PROTO_FAILURE,
			      "svctl: %s: the files were changed, but reading "
			      "them failed (%s); see svctl daemon-reload",
			      verb, strerror(-r));
	else if (r == -ENOMEM)
		o->w.err = r;
	diag_free(&dl);
	strv_free(lines.v);
}

/* mkdir -p of one level below an existing directory. */
static int make_dir(const char *path)
{
	return mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* Links to u's file in FIRST/T.wants/ for each WantedBy=T and
 * FIRST/T.requires/ for each RequiredBy=T. */
static int enable_links(struct mgr *m, const struct unit *u, struct out *o)
{
	char *const *lists[] = {u->wanted_by, u->required_by};
	const char *suffix[] = {"wants", "requires"};
	char dir[PATH_MAX], link[PATH_MAX + UNIT_NAME_MAX];
	struct stat st;

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; lists[k] && lists[k][i]; i++) {
			snprintf(dir, sizeof(dir), "%s/%s.%s",
				 m->cfg.unit_dirs[0], lists[k][i], suffix[k]);
			snprintf(link, sizeof(link), "%s/%s", dir, u->name);
			if (lstat(link, &st) == 0)
				continue;
			if (make_dir(dir) < 0 || symlink(u->path, link) < 0)
				return -errno;
			ctlreply_add(o, "Created symlink %s \u2192 %s.", link,
				     u->path);
		}
	return 0;
}

/* Remove every link named name in FIRST's .wants/ and .requires/. */
static int disable_links(struct mgr *m, const char *name, struct out *o,
			 bool *changed)
{
	struct links l = {0};
	char path[PATH_MAX];
	struct stat st;
	int r = links_find(m, m->cfg.unit_dirs[0], &l);

	for (size_t i = 0; r == 0 && i < l.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", l.dirs[i], name);
		if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode))
			continue;
		if (unlink(path) < 0)
			r = -errno;
		else {
			ctlreply_add(o, "Removed \"%s\".", path);
			*changed = true;
		}
	}
	links_free(&l);
	return r;
}

/* The drop-in that empties [Install], in FIRST/NAME.d/. */
static int write_disable(struct mgr *m, const char *name, struct out *o)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%s.d", m->cfg.unit_dirs[0], name);
	snprintf(path, sizeof(path), "%s/%s", dir, CTLINSTALL_DISABLE_DROPIN);
	if (make_dir(dir) < 0 || !(f = fopen(path, "we")))
		return -errno;
	fprintf(f, "# Written by svctl disable: svinit applies [Install] when "
		   "it loads a unit,\n# so this empties it. svctl enable "
		   "removes this file.\n[Install]\nWantedBy=\nRequiredBy=\n");
	if (fclose(f) != 0)
		return -errno;
	ctlreply_add(o, "Created %s.", path);
	return 0;
}

static int do_enable(struct mgr *m, const char *name, struct out *o,
		     bool *changed)
{
	char path[PATH_MAX];
	const struct unit *u;

	if (disable_dropin(m, name, path, sizeof(path))) {
		if (unlink(path) < 0)
			return -errno;
		ctlreply_add(o, "Removed \"%s\".", path);
		/* The [Install] it emptied is read again before the links
		 * are made from it. */
		reload(m, o, "enable");
	}
	u = loaded(m, name);
	if (!has_install(u)) {
		ctlreply_add(o,
			     "%s has no [Install] WantedBy= or RequiredBy=: "
			     "nothing to enable (static).",
			     name);
		return 0;
	}
	return enable_links(m, u, o);
}

static int do_disable(struct mgr *m, const char *name, struct out *o,
		      bool *changed)
{
	char path[PATH_MAX];
	int r = disable_links(m, name, o, changed);

	if (r == 0 && has_install(loaded(m, name)) &&
	    !disable_dropin(m, name, path, sizeof(path))) {
		r = write_disable(m, name, o);
		*changed = r == 0;
	}
	return r;
}

static int do_mask(struct mgr *m, const char *name, struct out *o,
		   bool *changed)
{
	char path[PATH_MAX];
	int err = 0;
	enum unitdir_kind k;

	snprintf(path, sizeof(path), "%s/%s", m->cfg.unit_dirs[0], name);
	k = unitdir_classify(path, NULL, &err);
	if (k == UNITDIR_MASKED)
		return 0;
	if (k != UNITDIR_ERROR || err != ENOENT) {
		ctlreply_fail(o, PROTO_FAILURE,
			      "svctl: mask %s: %s exists and is not a mask; "
			      "move it away first",
			      name, path);
		return 0;
	}
	if (symlink("/dev/null", path) < 0)
		return -errno;
	ctlreply_add(o, "Created symlink %s \u2192 /dev/null.", path);
	*changed = true;
	return 0;
}

static int do_unmask(struct mgr *m, const char *name, struct out *o,
		     bool *changed)
{
	char path[PATH_MAX];
	struct stat st;
	int err;

	snprintf(path, sizeof(path), "%s/%s", m->cfg.unit_dirs[0], name);
	if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode) ||
	    unitdir_classify(path, NULL, &err) != UNITDIR_MASKED)
		return 0;
	if (unlink(path) < 0)
		return -errno;
	ctlreply_add(o, "Removed \"%s\".", path);
	*changed = true;
	return 0;
}

void ctlinstall_change(struct mgr *m, struct control_client *cl, int argc,
		       char **argv, struct out *o)
{
	const char *verb = argv[0];
	bool changed = false, active = false;
	int (*fn)(struct mgr *, const char *, struct out *, bool *) =
		strcmp(verb, "enable") == 0    ? do_enable
		: strcmp(verb, "disable") == 0 ? do_disable
		: strcmp(verb, "mask") == 0    ? do_mask
					       : do_unmask;
	bool need_loaded = fn == do_enable || fn == do_disable;

	if (!ctlreply_need_units(argc, o, verb))
		return;
	/* Every name checked before any file changes. */
	for (int i = 1; i < argc; i++) {
		char buf[UNIT_NAME_MAX + 16];
		const char *name = unit_name(argv[i], buf, sizeof(buf), o);

		if (name && need_loaded)
			ctlreply_lookup(m, name, o);
		if (o->flags & PROTO_F_ERROR)
			return;
	}
	for (int i = 1; i < argc && !(o->flags & PROTO_F_ERROR); i++) {
		char buf[UNIT_NAME_MAX + 16];
		const char *name = unit_name(argv[i], buf, sizeof(buf), o);
		const struct mgr_unit *mu = mgr_find(m, name);
		int r = fn(m, name, o, &changed);

		if (r < 0)
			ctlreply_fail(o, PROTO_FAILURE, "svctl: %s %s: %s",
				      verb, name, strerror(-r));
		if (fn == do_mask && mu && !svc_is_inactive(&mu->svc)) {
			active = true;
			ctlreply_add(o,
				     "%s is active: the mask applies at the "
				     "next daemon-reload, which stops it.",
				     name);
		}
	}
	if (changed && !active && !(o->flags & PROTO_F_ERROR))
		reload(m, o, verb);
}
