/* ns: namespace settings and their mount plan (see ns.h). */
#include "ns.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include <linux/capability.h>

#include "util.h"

#define CAPBIT(c) (UINT64_C(1) << (c))

const char *const ns_protect_system_names[] = {"no", "yes", "full", "strict",
					       NULL};
const char *const ns_protect_home_names[] = {"no", "yes", "read-only", "tmpfs",
					     NULL};
const char *const ns_protect_proc_names[] = {"default", "noaccess", "invisible",
					     "ptraceable", NULL};
const char *const ns_preserve_names[] = {"no", "yes", "restart", NULL};
const char *const ns_dir_base[_NS_DIR_MAX] = {"/run", "/var/lib", "/var/cache",
					      "/var/log", "/etc"};
const char *const ns_dir_env[_NS_DIR_MAX] = {
	"RUNTIME_DIRECTORY", "STATE_DIRECTORY", "CACHE_DIRECTORY",
	"LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY"};

/* The plan owns copies of every string it names, so that it stays valid
 * whatever later assignments do to the settings, and ns_conf_free can
 * free the two independently. */
static void path_list_free(struct ns_path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	*l = (struct ns_path_list){0};
}

static void plan_free(struct ns_plan *p)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		free(p->ops[i].path);
		free(p->ops[i].src);
		free(p->ops[i].data);
	}
	free(p->ops);
	for (size_t i = 0; i < p->n_mkdirs; i++)
		free(p->mkdirs[i].path);
	free(p->mkdirs);
	strv_free(p->env);
	strv_free(p->runtime_paths);
	*p = (struct ns_plan){0};
}

void ns_conf_free(struct ns_conf *c)
{
	free(c->root_directory);
	c->root_directory = NULL;
	path_list_free(&c->read_only);
	path_list_free(&c->read_write);
	path_list_free(&c->inaccessible);
	path_list_free(&c->exec);
	path_list_free(&c->no_exec);
	for (size_t i = 0; i < c->n_binds; i++) {
		free(c->binds[i].src);
		free(c->binds[i].dst);
	}
	free(c->binds);
	for (size_t i = 0; i < c->n_tmpfs; i++) {
		free(c->tmpfs[i].path);
		free(c->tmpfs[i].data);
	}
	free(c->tmpfs);
	for (int k = 0; k < _NS_DIR_MAX; k++) {
		strv_free(c->dirs[k].names);
		c->dirs[k].names = NULL;
	}
	plan_free(&c->plan);
	c->binds = NULL;
	c->tmpfs = NULL;
	c->n_binds = c->n_tmpfs = 0;
}

bool ns_path_ok(const char *p, const char **why)
{
	const char *s, *e;
	size_t n;

	if (p[0] != '/') {
		*why = "not an absolute path";
		return false;
	}
	if (strlen(p) >= PATH_MAX) {
		*why = "path too long";
		return false;
	}
	if (strcmp(p, "/") == 0)
		return true;
	/* Each component: not empty (no `//`, no trailing `/`), not `.` or
	 * `..`, which could make two spellings of one path sort apart. */
	for (s = p + 1;; s = e + 1) {
		e = strchrnul(s, '/');
		n = (size_t)(e - s);
		if (n == 0) {
			*why = "not a normalized path (empty component)";
			return false;
		}
		if ((n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.')) {
			*why = "not a normalized path (. or ..)";
			return false;
		}
		if (!*e)
			break;
	}
	return true;
}

/* tmpfs options that are mount(2) flags; the rest go to the data. Each
 * word sets some flags and clears their opposites, so that the last of
 * two contradicting words wins, as it would on a mount command line. */
static const struct {
	const char *name;
	unsigned long set, clear;
} tmpfs_flags[] = {
	{"ro", MS_RDONLY, 0},
	{"rw", 0, MS_RDONLY},
	{"nosuid", MS_NOSUID, 0},
	{"suid", 0, MS_NOSUID},
	{"nodev", MS_NODEV, 0},
	{"dev", 0, MS_NODEV},
	{"noexec", MS_NOEXEC, 0},
	{"exec", 0, MS_NOEXEC},
	{"strictatime", MS_STRICTATIME, MS_NOATIME | MS_RELATIME},
	{"noatime", MS_NOATIME, MS_STRICTATIME | MS_RELATIME},
	{"relatime", MS_RELATIME, MS_STRICTATIME | MS_NOATIME},
};

/* The data options tmpfs knows; each takes a value. */
static const char *const tmpfs_data[] = {
	"mode=", "size=", "nr_inodes=", "nr_blocks=",
	"uid=",	 "gid=",  "huge=",	NULL};

/* A value of a data option: letters, digits, `_` (huge=within_size) and
 * `%` (size=50%). Nothing
 * else, so that a value can never smuggle a `,` and a second option (a
 * uid= the unit did not ask for) into the string the kernel parses. */
static bool data_value_ok(const char *v, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') ||
		      (v[i] >= 'a' && v[i] <= 'z') ||
		      (v[i] >= 'A' && v[i] <= 'Z') || v[i] == '%' ||
		      v[i] == '_'))
			return false;
	return true;
}

int ns_tmpfs_options(const char *opts, unsigned long *flags, char **data,
		     const char **why)
{
	char *d = strdup("mode=0755");
	const char *s = opts;

	*flags = MS_NODEV | MS_STRICTATIME;
	if (!d)
		return -ENOMEM;
	while (s && *s) {
		const char *e = strchrnul(s, ',');
		size_t n = (size_t)(e - s);
		bool known = false;

		for (size_t i = 0; i < ARRAY_SIZE(tmpfs_flags); i++)
			if (strlen(tmpfs_flags[i].name) == n &&
			    strncmp(s, tmpfs_flags[i].name, n) == 0) {
				*flags = (*flags & ~tmpfs_flags[i].clear) |
					 tmpfs_flags[i].set;
				known = true;
			}
		for (size_t i = 0; !known && tmpfs_data[i]; i++) {
			size_t k = strlen(tmpfs_data[i]);
			char *nd;

			if (n <= k || strncmp(s, tmpfs_data[i], k) != 0)
				continue;
			if (!data_value_ok(s + k, n - k))
				break;
			/* tmpfs reads its options in order: the unit's
			 * mode= comes after the default and wins. */
			if (asprintf(&nd, "%s,%.*s", d, (int)n, s) < 0) {
				free(d);
				return -ENOMEM;
			}
			free(d);
			d = nd;
			known = true;
		}
		if (!known) {
			free(d);
			*why = "unknown or bad tmpfs option";
			return -EINVAL;
		}
		s = *e ? e + 1 : e;
	}
	*data = d;
	return 0;
}

/* ---- The plan ----------------------------------------------------- */

/* Append one operation; seq keeps the order of addition for the sort.
 * The array grows one entry at a time: plans are built once per load
 * and hold a few dozen entries. */
static int add_op(struct ns_plan *p, enum ns_op_kind kind, const char *path,
		  bool optional, uint64_t set, uint64_t clr)
{
	struct ns_op *o, *v;

	if (p->n_ops >= NS_OPS_MAX)
		return -E2BIG;
	v = realloc(p->ops, (p->n_ops + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->ops = v;
	o = &v[p->n_ops];
	*o = (struct ns_op){.kind = kind,
			    .optional = optional,
			    .attr_set = set,
			    .attr_clr = clr,
			    .seq = (unsigned)p->n_ops};
	o->path = strdup(path);
	if (!o->path)
		return -ENOMEM;
	p->n_ops++;
	return 0;
}

/* The same operation for each of a list of fixed paths; a leading `-`
 * makes one optional, as in a unit file. */
static int add_fixed(struct ns_plan *p, enum ns_op_kind kind,
		     const char *const *paths, uint64_t set, uint64_t clr)
{
	for (; *paths; paths++) {
		bool opt = (*paths)[0] == '-';
		int r = add_op(p, kind, *paths + opt, opt, set, clr);

		if (r < 0)
			return r;
	}
	return 0;
}

static int add_list(struct ns_plan *p, enum ns_op_kind kind,
		    const struct ns_path_list *l, uint64_t set, uint64_t clr)
{
	for (size_t i = 0; i < l->n; i++) {
		int r = add_op(p, kind, l->v[i].path, l->v[i].optional, set,
			       clr);

		if (r < 0)
			return r;
	}
	return 0;
}

static int add_tmpfs(struct ns_plan *p, const char *path, bool optional,
		     unsigned long flags, const char *data)
{
	int r = add_op(p, NS_OP_TMPFS, path, optional, 0, 0);

	if (r < 0)
		return r;
	p->ops[p->n_ops - 1].flags = flags;
	p->ops[p->n_ops - 1].data = strdup(data);
	return p->ops[p->n_ops - 1].data ? 0 : -ENOMEM;
}

/* Parents first; for one path, the order of addition. strcmp puts a path
 * right before every path under it, which is all the order needs. */
static int op_cmp(const void *a, const void *b)
{
	const struct ns_op *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The Protect*= and Private*= mounts, in systemd's lists of paths. */
static const char *const ps_yes[] = {"/usr", "-/boot", "-/efi", NULL};
static const char *const ps_full[] = {"/usr", "-/boot", "-/efi", "/etc", NULL};
static const char *const api_fs[] = {"/dev", "/proc", "/sys", NULL};
static const char *const homes[] = {"-/home", "-/root", "-/run/user", NULL};
static const char *const kernel_ro[] = {"-/proc/sys",
					"-/proc/sysrq-trigger",
					"-/proc/latency_stats",
					"-/proc/mtrr",
					"-/proc/apm",
					"-/proc/acpi",
					"-/proc/timer_stats",
					"-/proc/asound",
					"-/proc/bus",
					"-/proc/fs",
					"-/proc/irq",
					"-/sys",
					NULL};
static const char *const kernel_hidden[] = {"-/proc/kallsyms", "-/proc/kcore",
					    NULL};
static const char *const cgroup_fs[] = {"-/sys/fs/cgroup", NULL};
static const char *const modules[] = {"-/lib/modules", "-/usr/lib/modules",
				      NULL};
static const char *const kernel_logs[] = {"-/proc/kmsg", "-/dev/kmsg", NULL};

/*
 * The implied operations, in the order that decides ties on one path:
 * ProtectSystem= (strict makes / read-only, then gives /dev, /proc and
 * /sys back), ProtectHome=, the new /proc (over strict's, under the
 * kernel's read-only paths, which sort after it), the kernel and cgroup
 * paths, the private /dev and /tmp.
 */
static int add_protections(struct ns_plan *p, const struct ns_conf *c)
{
	const uint64_t ro = MOUNT_ATTR_RDONLY;
	int r = 0;

	switch (c->protect_system) {
	case NS_PROTECT_SYSTEM_NO:
		break;
	case NS_PROTECT_SYSTEM_YES:
		r = add_fixed(p, NS_OP_ATTR, ps_yes, ro, 0);
		break;
	case NS_PROTECT_SYSTEM_FULL:
		r = add_fixed(p, NS_OP_ATTR, ps_full, ro, 0);
		break;
	case NS_PROTECT_SYSTEM_STRICT:
		r = add_op(p, NS_OP_ATTR, "/", false, ro, 0);
		if (r == 0)
			r = add_fixed(p, NS_OP_ATTR, api_fs, 0, ro);
		break;
	}
	if (r < 0)
		return r;
	switch (c->protect_home) {
	case NS_PROTECT_HOME_NO:
		break;
	case NS_PROTECT_HOME_YES:
		r = add_fixed(p, NS_OP_INACCESSIBLE, homes, 0, 0);
		break;
	case NS_PROTECT_HOME_READ_ONLY:
		r = add_fixed(p, NS_OP_ATTR, homes, ro, 0);
		break;
	case NS_PROTECT_HOME_TMPFS:
		for (size_t i = 0; r == 0 && homes[i]; i++)
			r = add_tmpfs(p, homes[i] + 1, true,
				      MS_RDONLY | MS_NODEV | MS_NOSUID |
					      MS_NOEXEC | MS_STRICTATIME,
				      "mode=0755");
		break;
	}
	if (r == 0 && c->protect_kernel_tunables) {
		r = add_fixed(p, NS_OP_ATTR, kernel_ro, ro, 0);
		if (r == 0)
			r = add_fixed(p, NS_OP_INACCESSIBLE, kernel_hidden, 0,
				      0);
	}
	if (r == 0 && c->protect_control_groups)
		r = add_fixed(p, NS_OP_ATTR, cgroup_fs, ro, 0);
	if (r == 0 && (c->protect_proc || c->proc_subset_pid)) {
		static const char *const hidepid[] = {"", "hidepid=noaccess",
						      "hidepid=invisible",
						      "hidepid=ptraceable"};
		char data[64];

		snprintf(data, sizeof(data), "%s%s%s", hidepid[c->protect_proc],
			 c->protect_proc && c->proc_subset_pid ? "," : "",
			 c->proc_subset_pid ? "subset=pid" : "");
		r = add_tmpfs(p, "/proc", false,
			      MS_NOSUID | MS_NODEV | MS_NOEXEC, data);
		if (r == 0)
			p->ops[p->n_ops - 1].kind = NS_OP_PROC;
	}
	if (r == 0 && c->protect_kernel_modules)
		r = add_fixed(p, NS_OP_INACCESSIBLE, modules, 0, 0);
	if (r == 0 && c->protect_kernel_logs)
		r = add_fixed(p, NS_OP_INACCESSIBLE, kernel_logs, 0, 0);
	if (r == 0 && c->private_devices)
		r = add_op(p, NS_OP_DEV, "/dev", false, 0, 0);
	if (r == 0 && c->private_tmp) {
		const unsigned long f = MS_NODEV | MS_NOSUID | MS_STRICTATIME;

		r = add_tmpfs(p, "/tmp", false, f, "mode=1777");
		if (r == 0)
			r = add_tmpfs(p, "/var/tmp", true, f, "mode=1777");
	}
	return r;
}

/* The binds, counted apart: the child takes one fd per bind source
 * before any mount and keeps them on its stack (NS_BIND_MAX). */
static int add_binds(struct ns_plan *p, const struct ns_conf *c)
{
	for (size_t i = 0; i < c->n_binds; i++) {
		const struct ns_bind *b = &c->binds[i];
		struct ns_op *o;
		int r;

		if (p->n_binds >= NS_BIND_MAX)
			return -E2BIG;
		r = add_op(p, NS_OP_BIND, b->dst, b->optional,
			   b->read_only ? MOUNT_ATTR_RDONLY : 0, 0);
		if (r < 0)
			return r;
		o = &p->ops[p->n_ops - 1];
		o->flags = b->recursive ? MS_REC : 0;
		o->src = strdup(b->src);
		if (!o->src)
			return -ENOMEM;
		p->n_binds++;
	}
	return 0;
}

/* Append one directory to make; takes path over (freed on failure). */
static int add_mkdir(struct ns_plan *p, enum ns_dir_kind k, char *path,
		     bool leaf, unsigned mode)
{
	struct ns_mkdir *v;

	if (p->n_mkdirs >= NS_OPS_MAX) {
		free(path);
		return -E2BIG;
	}
	v = realloc(p->mkdirs, (p->n_mkdirs + 1) * sizeof(*v));
	if (!v) {
		free(path);
		return -ENOMEM;
	}
	p->mkdirs = v;
	v[p->n_mkdirs++] = (struct ns_mkdir){
		.kind = k, .path = path, .leaf = leaf, .mode = mode};
	return 0;
}

/* Every directory of one kind, each parent of a nested name before it;
 * and the kind's variable, its paths joined with `:`. */
static int plan_dirs(struct ns_plan *p, const struct ns_conf *c,
		     enum ns_dir_kind k, bool writable,
		     struct strv_builder *env)
{
	const struct ns_dirs *d = &c->dirs[k];
	char *var = NULL;
	int r = 0;

	for (size_t i = 0; d->names && d->names[i]; i++) {
		const char *name = d->names[i], *e = name;
		char *full, *nv;

		/* The parents: "a" and "a/b" of "a/b/c". */
		while (r == 0 && (e = strchr(e, '/'))) {
			if (asprintf(&full, "%s/%.*s", ns_dir_base[k],
				     (int)(e - name), name) < 0)
				return -ENOMEM;
			r = add_mkdir(p, k, full, false, 0755);
			e++;
		}
		if (r == 0 &&
		    asprintf(&full, "%s/%s", ns_dir_base[k], name) < 0)
			r = -ENOMEM;
		if (r == 0)
			r = add_mkdir(p, k, full, true,
				      d->mode_set ? d->mode : 0755);
		/* Writable under ProtectSystem=strict or a ReadOnlyPaths=
		 * above it, but for the configuration, which the service
		 * only reads. Without other mounts, none: a unit does not
		 * get a mount namespace for its directories alone. */
		if (r == 0 && writable && k != NS_DIR_CONFIGURATION)
			r = add_op(p, NS_OP_ATTR, full, false, 0,
				   MOUNT_ATTR_RDONLY);
		if (r == 0 && k == NS_DIR_RUNTIME)
			r = strv_push_dup(&p->runtime_paths, full);
		if (r < 0)
			break;
		if (asprintf(&nv, "%s%s%s", var ? var : "", var ? ":" : "",
			     full) < 0) {
			r = -ENOMEM;
			break;
		}
		free(var);
		var = nv;
	}
	if (r == 0 && var) {
		char *kv;

		if (asprintf(&kv, "%s=%s", ns_dir_env[k], var) < 0)
			r = -ENOMEM;
		else
			r = strv_builder_push(env, kv);
	}
	free(var);
	return r;
}

int ns_conf_plan(struct ns_conf *c, const char **why)
{
	struct ns_plan *p = &c->plan;
	struct strv_builder env = {0};
	int r;

	plan_free(p);
	r = add_protections(p, c);
	/* The unit's own lists come after the implied ones, so that for
	 * one path they win (ReadWritePaths=/etc beats ProtectSystem=full). */
	if (r == 0)
		r = add_list(p, NS_OP_ATTR, &c->read_write, 0,
			     MOUNT_ATTR_RDONLY);
	if (r == 0)
		r = add_list(p, NS_OP_ATTR, &c->read_only, MOUNT_ATTR_RDONLY,
			     0);
	if (r == 0)
		r = add_list(p, NS_OP_ATTR, &c->exec, 0, MOUNT_ATTR_NOEXEC);
	if (r == 0)
		r = add_list(p, NS_OP_ATTR, &c->no_exec, MOUNT_ATTR_NOEXEC, 0);
	if (r == 0)
		r = add_list(p, NS_OP_INACCESSIBLE, &c->inaccessible, 0, 0);
	for (size_t i = 0; r == 0 && i < c->n_tmpfs; i++)
		r = add_tmpfs(p, c->tmpfs[i].path, false, c->tmpfs[i].flags,
			      c->tmpfs[i].data);
	if (r == 0)
		r = add_binds(p, c);
	for (int k = 0, n = (int)p->n_ops; r == 0 && k < _NS_DIR_MAX; k++)
		r = plan_dirs(p, c, (enum ns_dir_kind)k, n > 0, &env);
	/* systemd reads every path of a unit with RootDirectory= inside the
	 * root; svinit would apply them to the host's tree, which is not
	 * what was asked: refused rather than weaker. */
	if (r == 0 && c->root_directory && (p->n_ops > 0 || env.n > 0)) {
		*why = "RootDirectory= together with mounts (Private*=, "
		       "Protect*=, *Paths=, TemporaryFileSystem=) or "
		       "directories (RuntimeDirectory= and its kin) is not "
		       "supported yet";
		r = -EINVAL;
	}
	if (r == 0)
		p->env = env.v;
	else
		strv_free(env.v);
	if (r == -E2BIG)
		*why = p->n_binds >= NS_BIND_MAX
			       ? "too many bind mounts"
			       : "too many mount operations or directories";
	if (r < 0) {
		plan_free(p);
		return r;
	}
	if (p->n_ops)
		qsort(p->ops, p->n_ops, sizeof(*p->ops), op_cmp);
	if (p->n_ops || c->private_mounts)
		p->unshare_flags |= CLONE_NEWNS;
	if (c->private_network) {
		p->unshare_flags |= CLONE_NEWNET;
		p->loopback_up = true;
	}
	if (c->private_ipc)
		p->unshare_flags |= CLONE_NEWIPC;
	/* What the mounts alone leave open is closed by taking the
	 * capability away (nskernel.h). */
	if (c->private_devices)
		p->capbset_drop |= CAPBIT(CAP_MKNOD) | CAPBIT(CAP_SYS_RAWIO);
	if (c->protect_kernel_modules)
		p->capbset_drop |= CAPBIT(CAP_SYS_MODULE);
	if (c->protect_kernel_logs) {
		p->capbset_drop |= CAPBIT(CAP_SYSLOG);
		p->deny_syslog = true;
	}
	if (c->protect_clock)
		p->capbset_drop |=
			CAPBIT(CAP_SYS_TIME) | CAPBIT(CAP_WAKE_ALARM);
	if (c->protect_hostname)
		p->unshare_flags |= CLONE_NEWUTS;
	return 0;
}
