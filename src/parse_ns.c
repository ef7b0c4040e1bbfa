/*
 * parse_ns: the [Service] keys of namespaces and mounts (ns.h).
 *
 * As in systemd: the path lists (ReadOnlyPaths= and kin) take white
 * space separated, optionally quoted paths; a `-` prefix makes a path
 * optional (skipped when missing), a `+` prefix is accepted and means
 * nothing more, since RootDirectory= is not supported; an empty
 * assignment empties the list. Every path must be absolute and
 * normalized, so that two spellings of one path cannot escape each
 * other's rule. A value with one bad word changes nothing.
 * ReadOnlyDirectories= and the other old names are read as the new ones.
 * RuntimeDirectory= and its kin take relative names (a `/` inside makes
 * nested directories), checked the same way.
 */
#include "ns.h"
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The unit's settings, made at the first key of this table (most units
 * have none, and the struct is large); NULL when out of memory. The
 * table's offsets are into struct ns_conf (NS_KEY below). */
static struct ns_conf *ns_of(struct parse_ctx *c)
{
	if (!c->u->svc.ns)
		c->u->svc.ns = calloc(1, sizeof(*c->u->svc.ns));
	return c->u->svc.ns;
}

static void *ns_field(struct ns_conf *ns, const struct parse_key *k)
{
	return (char *)ns + k->off;
}

/* A boolean setting of struct ns_conf. */
static int k_bool(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct ns_conf *ns = ns_of(c);
	bool b;

	if (!ns)
		return -ENOMEM;
	if (parse_boolean(v, &b) < 0)
		return parse_bad(c, k, v, NULL);
	*(bool *)ns_field(ns, k) = b;
	return 0;
}

/* ProtectSystem=, ProtectHome=: a boolean (yes is the first level, as
 * in systemd), or one of the named levels
 * (k->arg 0: ProtectSystem, 1: ProtectHome). */
static int k_protect(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	struct ns_conf *ns = ns_of(c);
	const char *const *names =
		k->arg ? ns_protect_home_names : ns_protect_system_names;
	bool b;
	int i;

	if (!ns)
		return -ENOMEM;
	if (parse_boolean(v, &b) == 0)
		i = b ? 1 : 0;
	else if ((i = parse_find_word(names, v)) < 0)
		return parse_bad(c, k, v, NULL);
	if (k->arg)
		ns->protect_home = (enum ns_protect_home)i;
	else
		ns->protect_system = (enum ns_protect_system)i;
	return 0;
}

/* ProtectProc=: default, noaccess, invisible, ptraceable. */
static int k_protect_proc(struct parse_ctx *c, const struct parse_key *k,
			  const char *v)
{
	struct ns_conf *ns = ns_of(c);
	int i = parse_find_word(ns_protect_proc_names, v);

	if (!ns)
		return -ENOMEM;
	if (i < 0)
		return parse_bad(c, k, v, NULL);
	ns->protect_proc = (enum ns_protect_proc)i;
	return 0;
}

/* ProcSubset=: all or pid. */
static int k_proc_subset(struct parse_ctx *c, const struct parse_key *k,
			 const char *v)
{
	struct ns_conf *ns = ns_of(c);

	if (!ns)
		return -ENOMEM;
	if (strcmp(v, "all") != 0 && strcmp(v, "pid") != 0)
		return parse_bad(c, k, v, NULL);
	ns->proc_subset_pid = strcmp(v, "pid") == 0;
	return 0;
}

/* Every list key splits the same way as Environment= (quotes, escapes),
 * and expands specifiers in each word after the split, so that an
 * instance name holding a space cannot become two paths.
 * Split v into words with specifiers expanded: 0 with *out, 1 when
 * reported, -ENOMEM. */
static int words(struct parse_ctx *c, const struct parse_key *k, const char *v,
		 char ***out)
{
	const char *why = NULL;
	char **w = NULL;
	int r = parse_split_quoted(v, &w, &why);

	*out = NULL;
	if (r == -EINVAL)
		return parse_bad(c, k, v, why);
	if (r < 0)
		return r;
	for (size_t i = 0; w && w[i]; i++) {
		char *e;

		r = parse_expand_word(c, k, w[i], v, &e);
		if (r) {
			strv_free(w);
			return r;
		}
		free(w[i]);
		w[i] = e;
	}
	*out = w;
	return 0;
}

/* The `-` and `+` prefixes of a path word, in either order (systemd
 * accepts both "-+" and "+-"); each at most once. */
static const char *prefixes(const char *s, bool *optional)
{
	*optional = false;
	for (int i = 0; i < 2; i++) {
		if (*s == '-' && !*optional) {
			*optional = true;
			s++;
		} else if (*s == '+') {
			s++;
		}
	}
	return s;
}

static int bad_path(struct parse_ctx *c, const struct parse_key *k,
		    const char *v, const char *p)
{
	const char *why = NULL;

	if (ns_path_ok(p, &why))
		return 0;
	return parse_bad(c, k, v, why);
}

/* RootDirectory=: a normalized absolute path (checked at the spawn's
 * chroot, not here: it may be made later); empty resets it. */
static int k_root(struct parse_ctx *c, const struct parse_key *k,
		  const char *v)
{
	struct ns_conf *ns = ns_of(c);
	char *s = NULL;
	int r;

	if (!ns)
		return -ENOMEM;
	r = *v ? parse_expand_word(c, k, v, v, &s) : 0;
	if (r)
		return r;
	if (s && (r = bad_path(c, k, v, s))) {
		free(s);
		return r;
	}
	free(ns->root_directory);
	ns->root_directory = s;
	return 0;
}

/* ReadOnlyPaths=, ReadWritePaths=, InaccessiblePaths=, ExecPaths=,
 * NoExecPaths=: every word is checked before any is added, so that a
 * value with one bad path changes nothing (the unit does not load
 * anyway, but a drop-in test of the parser sees a consistent list). */
static int k_paths(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct ns_conf *ns = ns_of(c);
	struct ns_path_list *l;
	struct ns_path *nv;
	char **w;
	size_t n;
	int r;

	if (!ns)
		return -ENOMEM;
	l = ns_field(ns, k);
	if (!*v) {
		for (size_t i = 0; i < l->n; i++)
			free(l->v[i].path);
		free(l->v);
		*l = (struct ns_path_list){0};
		return 0;
	}
	r = words(c, k, v, &w);
	if (r)
		return r;
	n = strv_len(w);
	if (n == 0) /* only white space */
		goto out;
	for (size_t i = 0; i < n; i++) {
		bool opt;

		r = bad_path(c, k, v, prefixes(w[i], &opt));
		if (r)
			goto out;
	}
	if (l->n + n > PARSE_LIST_MAX) {
		parse_list_room(c, k->name, PARSE_LIST_MAX);
		r = 1;
		goto out;
	}
	nv = realloc(l->v, (l->n + n) * sizeof(*nv));
	if (!nv) {
		r = -ENOMEM;
		goto out;
	}
	l->v = nv;
	for (size_t i = 0; i < n; i++) {
		struct ns_path *p = &l->v[l->n];
		const char *s = prefixes(w[i], &p->optional);

		p->path = strdup(s);
		if (!p->path) {
			r = -ENOMEM;
			goto out;
		}
		l->n++;
	}
out:
	strv_free(w);
	return r;
}

/* One BindPaths= word: [-]SRC[:DST[:OPTIONS]], OPTIONS rbind or norbind.
 * A path holding `:` cannot be named, as in systemd (which would need
 * `\:`); the split is on the first two colons. */
static int bind_word(struct parse_ctx *c, const struct parse_key *k,
		     const char *v, const char *w, struct ns_bind *b)
{
	const char *src = prefixes(w, &b->optional), *d1, *d2;
	char *opts;
	int r;

	*b = (struct ns_bind){.optional = b->optional,
			      .read_only = k->arg,
			      .recursive = true};
	d1 = strchr(src, ':');
	d2 = d1 ? strchr(d1 + 1, ':') : NULL;
	b->src = d1 ? strndup(src, (size_t)(d1 - src)) : strdup(src);
	b->dst = !d1  ? strdup(src)
		 : d2 ? strndup(d1 + 1, (size_t)(d2 - d1 - 1))
		      : strdup(d1 + 1);
	if (!b->src || !b->dst)
		return -ENOMEM;
	r = bad_path(c, k, v, b->src);
	if (r == 0)
		r = bad_path(c, k, v, b->dst);
	if (r || !d2)
		return r;
	opts = (char *)d2 + 1;
	if (strcmp(opts, "rbind") == 0)
		b->recursive = true;
	else if (strcmp(opts, "norbind") == 0)
		b->recursive = false;
	else if (*opts)
		return parse_bad(c, k, v, "options must be rbind or norbind");
	return 0;
}

static void binds_free(struct ns_bind *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].src);
		free(b[i].dst);
	}
	free(b);
}

/* BindPaths= (k->arg 0), BindReadOnlyPaths= (1). */
static int k_bind(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct ns_conf *ns = ns_of(c);
	struct ns_bind *nb, *all;
	char **w;
	size_t n;
	int r;

	if (!ns)
		return -ENOMEM;
	if (!*v) {
		/* Each key empties its own kind only. */
		size_t j = 0;

		for (size_t i = 0; i < ns->n_binds; i++) {
			if (ns->binds[i].read_only == (bool)k->arg) {
				free(ns->binds[i].src);
				free(ns->binds[i].dst);
				continue;
			}
			ns->binds[j++] = ns->binds[i];
		}
		ns->n_binds = j;
		return 0;
	}
	r = words(c, k, v, &w);
	if (r)
		return r;
	n = strv_len(w);
	if (n == 0) {
		strv_free(w);
		return 0;
	}
	nb = calloc(n, sizeof(*nb));
	if (!nb) {
		strv_free(w);
		return -ENOMEM;
	}
	for (size_t i = 0; r == 0 && i < n; i++)
		r = bind_word(c, k, v, w[i], &nb[i]);
	strv_free(w);
	if (r == 0 && ns->n_binds + n > NS_BIND_MAX)
		r = parse_bad(c, k, v, "too many bind mounts");
	if (r) {
		binds_free(nb, n);
		return r;
	}
	all = realloc(ns->binds, (ns->n_binds + n) * sizeof(*all));
	if (!all) {
		binds_free(nb, n);
		return -ENOMEM;
	}
	memcpy(all + ns->n_binds, nb, n * sizeof(*nb));
	ns->binds = all;
	ns->n_binds += n;
	free(nb);
	return 0;
}

/* TemporaryFileSystem=PATH[:OPTIONS] ...: the options are checked and
 * split now (ns_tmpfs_options), so a typo is a load error at its line,
 * not a mount failure at each start. */
static int k_tmpfs(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct ns_conf *ns = ns_of(c);
	struct ns_tmpfs *all;
	char **w;
	int r;

	if (!ns)
		return -ENOMEM;
	if (!*v) {
		for (size_t i = 0; i < ns->n_tmpfs; i++) {
			free(ns->tmpfs[i].path);
			free(ns->tmpfs[i].data);
		}
		free(ns->tmpfs);
		ns->tmpfs = NULL;
		ns->n_tmpfs = 0;
		return 0;
	}
	r = words(c, k, v, &w);
	if (r)
		return r;
	for (size_t i = 0; r == 0 && w && w[i]; i++) {
		char *colon = strchr(w[i], ':');
		struct ns_tmpfs t = {0};
		const char *why = NULL;

		if (colon)
			*colon = '\0';
		r = bad_path(c, k, v, w[i]);
		if (r)
			break;
		r = ns_tmpfs_options(colon ? colon + 1 : "", &t.flags, &t.data,
				     &why);
		if (r == -EINVAL) {
			r = parse_bad(c, k, v, why);
			break;
		}
		if (r < 0)
			break;
		if (!parse_list_room(c, k->name, ns->n_tmpfs)) {
			free(t.data);
			r = 1;
			break;
		}
		t.path = strdup(w[i]);
		all = t.path ? realloc(ns->tmpfs,
				       (ns->n_tmpfs + 1) * sizeof(*all))
			     : NULL;
		if (!all) {
			free(t.path);
			free(t.data);
			r = -ENOMEM;
			break;
		}
		ns->tmpfs = all;
		ns->tmpfs[ns->n_tmpfs++] = t;
	}
	strv_free(w);
	return r;
}

/* RuntimeDirectory= and its kin: names relative to the kind's base,
 * normalized, so that none can leave the base. */
static int k_dirs(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct ns_conf *ns = ns_of(c);
	struct ns_dirs *d;
	char **w;
	int r;

	if (!ns)
		return -ENOMEM;
	d = ns_field(ns, k);
	if (!*v) {
		strv_free(d->names);
		d->names = NULL;
		return 0;
	}
	r = words(c, k, v, &w);
	if (r)
		return r;
	for (size_t i = 0; w && w[i]; i++) {
		char abs[PATH_MAX];
		const char *why = NULL;

		if (w[i][0] == '/') {
			strv_free(w);
			return parse_bad(c, k, v, "must be a relative path");
		}
		snprintf(abs, sizeof(abs), "/%s", w[i]);
		if (!ns_path_ok(abs, &why) || strlen(w[i]) + 16 >= PATH_MAX) {
			strv_free(w);
			return parse_bad(c, k, v, why ? why : "path too long");
		}
	}
	if (!parse_list_room(c, k->name, strv_len(d->names) + strv_len(w))) {
		strv_free(w);
		return 1;
	}
	for (size_t i = 0; w && w[i]; i++) {
		r = strv_push(&d->names, w[i]);
		w[i] = NULL;
		if (r < 0) {
			for (size_t j = i + 1; w[j]; j++)
				free(w[j]);
			break;
		}
	}
	free(w);
	return r;
}

/* RuntimeDirectoryMode= and its kin: an octal mode, at most 07777 (the
 * setuid, setgid and sticky bits are allowed, as in systemd). */
static int k_dir_mode(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	struct ns_conf *ns = ns_of(c);
	struct ns_dirs *d;
	unsigned long m;
	char *end;

	if (!ns)
		return -ENOMEM;
	d = ns_field(ns, k);
	if (*v < '0' || *v > '7')
		return parse_bad(c, k, v, "not an octal mode");
	errno = 0;
	m = strtoul(v, &end, 8);
	if (errno || *end || m > 07777)
		return parse_bad(c, k, v, "not an octal mode");
	d->mode = (unsigned)m;
	d->mode_set = true;
	return 0;
}

/* RuntimeDirectoryPreserve=: a boolean or restart. */
static int k_preserve(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	struct ns_conf *ns = ns_of(c);
	bool b;
	int i;

	if (!ns)
		return -ENOMEM;
	if (parse_boolean(v, &b) == 0)
		i = b ? NS_PRESERVE_YES : NS_PRESERVE_NO;
	else if ((i = parse_find_word(ns_preserve_names, v)) < 0)
		return parse_bad(c, k, v, NULL);
	ns->runtime_preserve = (enum ns_preserve)i;
	return 0;
}

/* An entry whose offset is into struct ns_conf, not struct unit. */
#define NS_KEY(name, fn, field, arg)                                           \
	{                                                                      \
		PARSE_SECT_SERVICE, name, fn, offsetof(struct ns_conf, field), \
			arg                                                    \
	}
#define SVC NS_KEY
#define DIRS(name, kind)                                                       \
	SVC(name "Directory", k_dirs, dirs[kind], 0),                          \
		SVC(name "DirectoryMode", k_dir_mode, dirs[kind], 0)

static const struct parse_key keys[] = {
	SVC("PrivateTmp", k_bool, private_tmp, 0),
	SVC("PrivateNetwork", k_bool, private_network, 0),
	SVC("PrivateIPC", k_bool, private_ipc, 0),
	SVC("PrivateUsers", k_bool, private_users, 0),
	SVC("ProtectHostname", k_bool, protect_hostname, 0),
	SVC("PrivateDevices", k_bool, private_devices, 0),
	SVC("ProtectKernelTunables", k_bool, protect_kernel_tunables, 0),
	SVC("ProtectControlGroups", k_bool, protect_control_groups, 0),
	SVC("ProtectKernelModules", k_bool, protect_kernel_modules, 0),
	SVC("ProtectKernelLogs", k_bool, protect_kernel_logs, 0),
	SVC("ProtectClock", k_bool, protect_clock, 0),
	SVC("PrivateMounts", k_bool, private_mounts, 0),
	SVC("ProtectProc", k_protect_proc, private_tmp, 0),
	SVC("ProcSubset", k_proc_subset, private_tmp, 0),
	SVC("ExecPaths", k_paths, exec, 0),
	SVC("NoExecPaths", k_paths, no_exec, 0),
	SVC("ProtectSystem", k_protect, private_tmp, 0),
	SVC("ProtectHome", k_protect, private_tmp, 1),
	SVC("ReadOnlyPaths", k_paths, read_only, 0),
	SVC("ReadWritePaths", k_paths, read_write, 0),
	SVC("InaccessiblePaths", k_paths, inaccessible, 0),
	SVC("ReadOnlyDirectories", k_paths, read_only, 0),
	SVC("ReadWriteDirectories", k_paths, read_write, 0),
	SVC("InaccessibleDirectories", k_paths, inaccessible, 0),
	SVC("BindPaths", k_bind, private_tmp, 0),
	SVC("BindReadOnlyPaths", k_bind, private_tmp, 1),
	SVC("TemporaryFileSystem", k_tmpfs, private_tmp, 0),
	DIRS("Runtime", NS_DIR_RUNTIME),
	DIRS("State", NS_DIR_STATE),
	DIRS("Cache", NS_DIR_CACHE),
	DIRS("Logs", NS_DIR_LOGS),
	DIRS("Configuration", NS_DIR_CONFIGURATION),
	SVC("RuntimeDirectoryPreserve", k_preserve, private_tmp, 0),
	SVC("RootDirectory", k_root, private_tmp, 0),
};

const struct parse_key_table parse_ns_keys = PARSE_KEY_TABLE(keys);
