/* cgroup: hierarchies, svinit's subtree, a directory per unit (cgroup.h). */
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys.h"
#include "util.h"

/* The v1 controllers svinit knows by name; others (devices, freezer,
 * named hierarchies) are not used. */
static const struct {
	const char *name;
	unsigned bit;
} ctrl_names[] = {
	{"memory", CG_MEMORY}, {"cpu", CG_CPU},	 {"cpuacct", CG_CPUACCT},
	{"pids", CG_PIDS},     {"blkio", CG_IO}, {"io", CG_IO},
	{"cpuset", CG_CPUSET},
};

/* The cgroup2 names of the controllers handed to units when unified. */
static const char *const v2_enable[] = {"memory", "cpu", "pids", "io",
					"cpuset"};

/* Whether word is one of the space-separated words of list. */
static bool has_word(const char *list, const char *word)
{
	size_t l = strlen(word);

	for (const char *w = list; (w = strstr(w, word)); w += l)
		if ((w == list || w[-1] == ' ') &&
		    (w[l] == ' ' || w[l] == '\n' || w[l] == '\0'))
			return true;
	return false;
}

/* The CG_* bits of a comma-separated list of names ("rw,cpu,cpuacct"
 * or "cpu,cpuacct"); unknown words count for nothing. */
static unsigned ctrl_bits(const char *list, size_t len)
{
	unsigned bits = 0;

	while (len > 0) {
		const char *comma = memchr(list, ',', len);
		size_t n = comma ? (size_t)(comma - list) : len;

		for (size_t i = 0; i < ARRAY_SIZE(ctrl_names); i++)
			if (strlen(ctrl_names[i].name) == n &&
			    memcmp(ctrl_names[i].name, list, n) == 0)
				bits |= ctrl_names[i].bit;
		list += n + (comma != NULL);
		len -= n + (comma != NULL);
	}
	return bits;
}

void cgroups_init(struct cgroups *cg)
{
	*cg = (struct cgroups){.track = -1};
	for (unsigned i = 0; i < CG_HIER_MAX; i++)
		cg->h[i].fd = -1;
}

bool cgroups_active(const struct cgroups *cg)
{
	return cg->track >= 0;
}

const char *cgroups_mode(const struct cgroups *cg)
{
	if (!cgroups_active(cg))
		return "none";
	if (cg->unified)
		return "unified";
	return cg->h[cg->track].v2 ? "hybrid" : "legacy";
}

const char *cgroups_root_path(const struct cgroups *cg)
{
	return cgroups_active(cg) ? cg->h[cg->track].cg_path : NULL;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] &&
		    s[3]) {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* svinit's cgroup in the hierarchy with v2 set (the "0::" line) or with
 * exactly the controllers bits, from /proc/self/cgroup's text; NULL if
 * it is not listed. Points into a static copy: use at once. */
static const char *own_path(const char *self, bool v2, unsigned bits)
{
	static char path[4096];

	for (const char *l = self; l && *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		const char *c1 = memchr(l, ':', len);
		const char *c2 =
			c1 ? memchr(c1 + 1, ':', len - (c1 + 1 - l)) : NULL;

		if (c2) {
			size_t clen = (size_t)(c2 - c1 - 1);
			bool line_v2 = clen == 0 && c1 - l == 1 && *l == '0';
			bool match = v2 ? line_v2
					: !line_v2 && ctrl_bits(c1 + 1, clen) ==
							      bits;
			size_t plen = len - (size_t)(c2 + 1 - l);

			if (match && plen < sizeof(path)) {
				memcpy(path, c2 + 1, plen);
				path[plen] = '\0';
				return path;
			}
		}
		l = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* mkdir -p of rel (no leading '/') under dirfd; *made when the last
 * component was created now. */
static int mkdir_p(int dirfd, const char *rel, bool *made)
{
	char buf[4096];
	size_t len = strlen(rel);

	*made = false;
	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, rel, len + 1);
	for (char *p = buf;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (buf[0] && mkdirat(dirfd, buf, 0755) < 0) {
			if (errno != EEXIST)
				return -errno;
		} else if (buf[0] && c == '\0') {
			*made = true;
		}
		if (c == '\0')
			return 0;
		*p = '/';
	}
}

/*
 * Take one mounted hierarchy: its mount point mnt with mount root mroot,
 * svinit's cgroup path own in it, and the root option. Opens (and if
 * needed makes) svinit's root there.
 */
static int add_hier(struct cgroups *cg, const char *mnt, const char *mroot,
		    const char *own, const char *root, bool v2, unsigned bits,
		    bool probe)
{
	struct cg_hier *h;
	char cgp[4096], dir[8200];
	const char *rel;
	size_t mlen = strlen(mroot);
	int mfd, r;

	if (cg->n == CG_HIER_MAX)
		return 0;
	/* The root as a cgroup path: absolute, or below svinit's own. */
	if (root && root[0] == '/')
		r = snprintf(cgp, sizeof(cgp), "%s", root);
	else if (root && root[0])
		r = snprintf(cgp, sizeof(cgp), "%s/%s",
			     strcmp(own, "/") == 0 ? "" : own, root);
	else
		r = snprintf(cgp, sizeof(cgp), "%s", own);
	if (r < 0 || (size_t)r >= sizeof(cgp))
		return -ENAMETOOLONG;
	/* Below the mount's root only (a cgroup namespace or a bind mount
	 * may show part of the hierarchy). */
	if (strcmp(mroot, "/") == 0)
		rel = cgp;
	else if (strncmp(cgp, mroot, mlen) == 0 &&
		 (cgp[mlen] == '/' || cgp[mlen] == '\0'))
		rel = cgp + mlen;
	else
		return -EXDEV;
	while (*rel == '/')
		rel++;
	mfd = open(mnt, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (mfd < 0)
		return -errno;
	h = &cg->h[cg->n];
	*h = (struct cg_hier){.fd = -1, .v2 = v2, .ctrls = bits};
	r = *rel && !probe ? mkdir_p(mfd, rel, &h->made_root) : 0;
	if (r == 0) {
		h->fd = *rel ? openat(mfd, rel,
				      O_PATH | O_DIRECTORY | O_CLOEXEC)
			     : dup(mfd);
		if (h->fd < 0)
			r = -errno;
	}
	close(mfd);
	snprintf(dir, sizeof(dir), "%s%s%s", mnt, *rel ? "/" : "", rel);
	h->dir = strdup(dir);
	h->cg_path = strdup(cgp);
	if (r == 0 && (!h->dir || !h->cg_path))
		r = -ENOMEM;
	if (r < 0) {
		if (h->fd >= 0)
			close(h->fd);
		free(h->dir);
		free(h->cg_path);
		*h = (struct cg_hier){.fd = -1};
		return r;
	}
	cg->n++;
	return 0;
}

/* The controllers of a unified root: enabled for the children if
 * possible. A root holding svinit itself cannot hand them down, so
 * svinit moves to ROOT/svinit.scope first (only from its own cgroup: a
 * root given by --cgroup-root is not svinit's to rearrange). */
static void unified_controllers(struct cgroups *cg, struct cg_hier *h,
				bool own_root, bool probe)
{
	char avail[512], want[128] = "";
	ssize_t n;
	int fd;

	n = cgroups_unit_read(cg, NULL, 0, "cgroup.controllers", avail,
			      sizeof(avail));
	if (n <= 0)
		return;
	if (probe) {
		/* What could be handed to the units. */
		h->ctrls = CG_CPUACCT;
		for (size_t i = 0; i < ARRAY_SIZE(ctrl_names); i++)
			if (has_word(avail, ctrl_names[i].name))
				h->ctrls |= ctrl_names[i].bit;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(v2_enable); i++) {
		if (has_word(avail, v2_enable[i])) {
			strcat(want, "+");
			strcat(want, v2_enable[i]);
			strcat(want, " ");
		}
	}
	if (!want[0])
		return;
	if (cgroups_unit_write(cg, NULL, 0, "cgroup.subtree_control", want) ==
		    -EBUSY &&
	    own_root) {
		if (mkdirat(h->fd, "svinit.scope", 0755) < 0 && errno != EEXIST)
			return;
		fd = openat(h->fd, "svinit.scope/cgroup.procs",
			    O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return;
		if (write(fd, "0", 1) == 1)
			cg->moved_self = true;
		close(fd);
		if (cgroups_unit_write(cg, NULL, 0, "cgroup.subtree_control",
				       want) < 0)
			return;
	}
	/* What the children really got (subtree_control lists names
	 * separated by spaces). */
	n = cgroups_unit_read(cg, NULL, 0, "cgroup.subtree_control", avail,
			      sizeof(avail));
	h->ctrls = 0;
	for (size_t i = 0; i < ARRAY_SIZE(ctrl_names); i++)
		if (n > 0 && has_word(avail, ctrl_names[i].name))
			h->ctrls |= ctrl_names[i].bit;
	/* cpu.stat's usage is there with or without the cpu controller. */
	h->ctrls |= CG_CPUACCT;
}

int cgroups_setup(struct cgroups *cg, const char *mountinfo,
		  const char *self_cgroup, const char *root, bool probe)
{
	int v2_at = -1, r = 0;
	unsigned v1_bits = 0;
	bool has_v1 = false;

	cgroups_init(cg);
	for (const char *l = mountinfo; l && *l && r == 0;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		char line[4096], *f[6] = {0}, *sep, *save = NULL;
		char *type, *opts;
		unsigned bits = 0;
		const char *own;
		int nf = 0;

		if (len < sizeof(line)) {
			memcpy(line, l, len);
			line[len] = '\0';
		} else {
			line[0] = '\0'; /* too long to be a cgroup mount */
		}
		l = nl ? nl + 1 : NULL;
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		for (char *w = strtok_r(line, " ", &save); w && nf < 6;
		     w = strtok_r(NULL, " ", &save))
			f[nf++] = w;
		type = strtok_r(sep + 3, " ", &save);
		(void)strtok_r(NULL, " ", &save); /* the source */
		opts = strtok_r(NULL, " ", &save);
		if (nf < 5 || !type || !opts)
			continue;
		unescape(f[3]);
		unescape(f[4]);
		if (strcmp(type, "cgroup2") == 0) {
			own = own_path(self_cgroup, true, 0);
			if (!own || v2_at >= 0)
				continue;
			r = add_hier(cg, f[4], f[3], own, root, true, 0, probe);
			if (r == 0)
				v2_at = (int)cg->n - 1;
		} else if (strcmp(type, "cgroup") == 0) {
			bits = ctrl_bits(opts, strlen(opts));
			/* Known controllers only, each hierarchy once (a
			 * hierarchy may be mounted twice). */
			if (!bits || (bits & v1_bits))
				continue;
			v1_bits |= bits;
			/* The line of /proc/self/cgroup with all of this
			 * mount's controllers, known or not. */
			own = own_path(self_cgroup, false, bits);
			if (!own)
				continue;
			r = add_hier(cg, f[4], f[3], own, root, false, bits,
				     probe);
			has_v1 = true;
		}
	}
	if (r < 0) {
		cgroups_close(cg);
		return r;
	}
	if (v2_at >= 0) {
		cg->track = v2_at;
		if (!has_v1) {
			cg->unified = true;
			unified_controllers(cg, &cg->h[v2_at],
					    !root || !root[0], probe);
		}
	} else {
		/* No cgroup2: a v1 hierarchy tracks, pids first (its
		 * counter is the cheapest to keep). */
		static const unsigned pref[] = {CG_PIDS, CG_MEMORY, CG_CPU};

		for (size_t p = 0; p < ARRAY_SIZE(pref) && cg->track < 0; p++)
			for (unsigned i = 0; i < cg->n; i++)
				if (cg->h[i].ctrls & pref[p]) {
					cg->track = (int)i;
					break;
				}
	}
	for (unsigned i = 0; i < cg->n; i++)
		cg->ctrls |= cg->h[i].ctrls;
	return 0;
}

/* A whole small kernel file into a new string (mountinfo may be long). */
static char *slurp(const char *path)
{
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (!buf || fd < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			char *nb =
				cap < (1u << 24) ? realloc(buf, cap * 2) : NULL;

			if (!nb) {
				n = -1;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static int open_or_probe(struct cgroups *cg, const char *root, bool probe)
{
	char *mi = slurp("/proc/self/mountinfo");
	char *self = slurp("/proc/self/cgroup");
	int r;

	if (!mi || !self) {
		/* No /proc: no cgroups to find either. */
		free(mi);
		free(self);
		cgroups_init(cg);
		return 0;
	}
	r = cgroups_setup(cg, mi, self, root, probe);
	free(mi);
	free(self);
	return r;
}

int cgroups_open(struct cgroups *cg, const char *root)
{
	return open_or_probe(cg, root, false);
}

int cgroups_probe(struct cgroups *cg)
{
	return open_or_probe(cg, NULL, true);
}

void cgroups_close(struct cgroups *cg)
{
	for (unsigned i = 0; i < cg->n; i++) {
		struct cg_hier *h = &cg->h[i];

		if (h->fd >= 0)
			close(h->fd);
		/* Only a root svinit made, and only if empty (EBUSY is
		 * fine: it still holds something). */
		if (h->made_root && h->dir)
			(void)rmdir(h->dir);
		free(h->dir);
		free(h->cg_path);
	}
	cgroups_init(cg);
}

/* The hierarchy serving ctrl (0: the tracking one), or NULL. */
static const struct cg_hier *hier_for(const struct cgroups *cg, unsigned ctrl)
{
	if (!cgroups_active(cg))
		return NULL;
	if (!ctrl)
		return &cg->h[cg->track];
	for (unsigned i = 0; i < cg->n; i++)
		if (cg->h[i].ctrls & ctrl)
			return &cg->h[i];
	return NULL;
}

/* Whether hierarchy i holds a directory for a unit of ctrls. */
static bool unit_in(const struct cgroups *cg, unsigned i, unsigned ctrls)
{
	return (int)i == cg->track || (cg->h[i].ctrls & ctrls);
}

int cgroups_unit_create(const struct cgroups *cg, const char *name,
			unsigned ctrls)
{
	bool fresh = false;

	if (!cgroups_active(cg))
		return -EOPNOTSUPP;
	if ((ctrls & cg->ctrls) != ctrls)
		return -EOPNOTSUPP;
	for (unsigned i = 0; i < cg->n; i++) {
		if (!unit_in(cg, i, ctrls))
			continue;
		if (mkdirat(cg->h[i].fd, name, 0755) == 0)
			fresh |= (int)i == cg->track;
		else if (errno != EEXIST)
			return -errno;
	}
	return fresh;
}

int cgroups_unit_join(const struct cgroups *cg, const char *name,
		      unsigned ctrls)
{
	char path[512], pids[16384];
	ssize_t n;
	int r = cgroups_unit_create(cg, name, ctrls);

	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/cgroup.procs", name);
	n = cgroups_unit_read(cg, name, 0, "cgroup.procs", pids, sizeof(pids));
	if (n < 0)
		return (int)n;
	for (unsigned i = 0; i < cg->n; i++) {
		int fd;

		if ((int)i == cg->track || !(cg->h[i].ctrls & ctrls))
			continue;
		fd = openat(cg->h[i].fd, path, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		/* One pid per write, as the kernel wants; one that exited
		 * meanwhile (ESRCH) is no loss. */
		for (char *p = pids, *nl; (nl = strchr(p, '\n')); p = nl + 1)
			if (write(fd, p, (size_t)(nl - p)) < 0 &&
			    errno != ESRCH && r == 0)
				r = -errno;
		close(fd);
	}
	return r;
}

int cgroups_unit_remove(const struct cgroups *cg, const char *name)
{
	int r = 0;

	for (unsigned i = 0; i < cg->n; i++)
		if (unlinkat(cg->h[i].fd, name, AT_REMOVEDIR) < 0 &&
		    errno != ENOENT && r == 0)
			r = -errno;
	return r;
}

int cgroups_unit_procs_fds(const struct cgroups *cg, const char *name,
			   unsigned ctrls, bool killed, int *dir, int *fds,
			   size_t max, size_t *n)
{
	char path[512];

	*n = 0;
	*dir = -1;
	if (snprintf(path, sizeof(path), "%s/cgroup.procs", name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	if (cgroups_active(cg) && cg->h[cg->track].v2 && !killed) {
		*dir = openat(cg->h[cg->track].fd, name,
			      O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (*dir < 0)
			return -errno;
	}
	for (unsigned i = 0; i < cg->n; i++) {
		int fd;

		if (!unit_in(cg, i, ctrls) ||
		    (*dir >= 0 && (int)i == cg->track))
			continue;
		fd = *n < max ? openat(cg->h[i].fd, path, O_WRONLY | O_CLOEXEC)
			      : (errno = E2BIG, -1);
		if (fd < 0) {
			int e = errno;

			while (*n > 0)
				close(fds[--*n]);
			if (*dir >= 0)
				close(*dir);
			*dir = -1;
			return -e;
		}
		fds[(*n)++] = fd;
	}
	return 0;
}

/* Open file of the unit's cgroup (name NULL: of the root) in the
 * hierarchy serving ctrl: an fd or -errno. */
static int open_file(const struct cgroups *cg, const char *name, unsigned ctrl,
		     const char *file, int flags)
{
	const struct cg_hier *h = hier_for(cg, ctrl);
	char path[512];
	int fd;

	if (!h)
		return -EOPNOTSUPP;
	snprintf(path, sizeof(path), "%s%s%s", name ? name : "",
		 name ? "/" : "", file);
	fd = openat(h->fd, path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

ssize_t cgroups_unit_read(const struct cgroups *cg, const char *name,
			  unsigned ctrl, const char *file, char *buf,
			  size_t size)
{
	int fd = open_file(cg, name, ctrl, file, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

int cgroups_unit_write(const struct cgroups *cg, const char *name,
		       unsigned ctrl, const char *file, const char *value)
{
	size_t len = strlen(value);
	int fd = open_file(cg, name, ctrl, file, O_WRONLY), r = 0;

	if (fd < 0)
		return fd;
	if (write(fd, value, len) != (ssize_t)len)
		r = errno ? -errno : -EIO;
	close(fd);
	return r;
}

/* One pass: signal every pid listed in the unit's tracking cgroup.procs.
 * Returns how many got it, or -errno. */
static int kill_pass(const struct cgroups *cg, const char *name, int sig)
{
	const struct cg_hier *h = &cg->h[cg->track];
	char path[512], buf[4096];
	size_t have = 0;
	ssize_t n;
	int fd, hit = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", name);
	fd = openat(h->fd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	/* Pids may straddle two reads: keep the tail of a read that does
	 * not end in a newline for the next one. */
	while ((n = read(fd, buf + have, sizeof(buf) - have - 1)) > 0) {
		char *p = buf, *nl;

		have += (size_t)n;
		buf[have] = '\0';
		while ((nl = strchr(p, '\n'))) {
			long pid = strtol(p, NULL, 10);

			/* Never svinit itself, even if someone put it
			 * there. */
			if (pid > 1 && pid != (long)sys.getpid() &&
			    sys.kill((pid_t)pid, sig) == 0)
				hit++;
			p = nl + 1;
		}
		have = strlen(p);
		memmove(buf, p, have);
	}
	if (n < 0)
		hit = -errno;
	close(fd);
	return hit;
}

int cgroups_unit_kill(const struct cgroups *cg, const char *name, int sig,
		      bool *killed)
{
	int total = 0;

	if (!cgroups_active(cg))
		return -EOPNOTSUPP;
	/* cgroup.kill (Linux 5.14) kills atomically, forks included. */
	if (sig == SIGKILL && cg->h[cg->track].v2 &&
	    cgroups_unit_write(cg, name, 0, "cgroup.kill", "1") == 0) {
		if (killed)
			*killed = true;
		return 1;
	}
	/* A process may fork between the read and the kill: for SIGKILL,
	 * pass again while passes still find someone (bounded: a fork
	 * bomb is stopped by its TasksMax, or by the next pass after the
	 * stop timeout). */
	for (int pass = 0; pass < (sig == SIGKILL ? 8 : 1); pass++) {
		int hit = kill_pass(cg, name, sig);

		if (hit < 0)
			return total ? total : hit;
		total += hit;
		if (hit == 0)
			break;
	}
	return total;
}

int cgroups_unit_populated(const struct cgroups *cg, const char *name)
{
	char buf[256];
	ssize_t n;

	if (!cgroups_active(cg))
		return -EOPNOTSUPP;
	if (cg->h[cg->track].v2) {
		const char *p;

		n = cgroups_unit_read(cg, name, 0, "cgroup.events", buf,
				      sizeof(buf));
		if (n == -ENOENT)
			return 0;
		if (n < 0)
			return (int)n;
		p = strstr(buf, "populated ");
		return p ? p[10] == '1' : -EIO;
	}
	/* v1: any pid listed (a zombie is not: it left at exit). */
	n = cgroups_unit_read(cg, name, 0, "cgroup.procs", buf, sizeof(buf));
	if (n == -ENOENT)
		return 0;
	return n < 0 ? (int)n : n > 0;
}
