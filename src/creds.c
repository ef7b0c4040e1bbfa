/*
 * creds: see creds.h. The lookups use the reentrant *_r calls with a
 * buffer of our own (grown on ERANGE, bounded), so they neither share
 * static storage with anything else in the daemon nor let a broken NSS
 * module make it allocate without limit.
 */
#include "creds.h"

#include <errno.h>
#include <grp.h>
#include <nss.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys.h"

/* A decimal id; (uid_t)-1 is not one (it means "unchanged" to set*id). */
static bool parse_id(const char *s, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v >= UINT32_MAX)
		return false;
	*out = v;
	return true;
}

/* The *_r lookups want a buffer of unknown size: grow it on ERANGE up to
 * a bound, so that a broken NSS module cannot make the daemon eat memory. */
#define LOOKUP_BUF_MAX (1024 * 1024)

/* getpw*_r(3) and getgr*_r(3) report "not found" in several ways. */
static int not_found(int e)
{
	return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM
		       ? -ESRCH
		       : -e;
}

/* The passwd entry of name (or of uid when name is NULL) into out's
 * uid, gid, user_name, home and shell. 0, -ESRCH, -ENOMEM or -errno. */
static int lookup_user(const char *name, uid_t uid, struct unit_creds *out)
{
	size_t size = 1024;
	struct passwd pw, *res = NULL;
	char *buf = NULL;
	int e;

	for (;;) {
		char *nb = realloc(buf, size);

		if (!nb) {
			free(buf);
			return -ENOMEM;
		}
		buf = nb;
		if (name)
			e = sys.getpwnam_r(name, &pw, buf, size, &res);
		else
			e = getpwuid_r(uid, &pw, buf, size, &res);
		if (e != ERANGE || size >= LOOKUP_BUF_MAX)
			break;
		size *= 2;
	}
	if (!res) {
		free(buf);
		return not_found(e);
	}
	out->uid = pw.pw_uid;
	out->gid = pw.pw_gid;
	out->user_name = strdup(pw.pw_name);
	out->home = strdup(pw.pw_dir && *pw.pw_dir ? pw.pw_dir : "/");
	out->shell =
		strdup(pw.pw_shell && *pw.pw_shell ? pw.pw_shell : "/bin/sh");
	free(buf);
	return out->user_name && out->home && out->shell ? 0 : -ENOMEM;
}

static int lookup_group(const char *name, gid_t *gid)
{
	size_t size = 1024;
	struct group gr, *res = NULL;
	char *buf = NULL;
	unsigned long v;
	int e;

	if (parse_id(name, &v)) {
		*gid = (gid_t)v;
		return 0;
	}
	for (;;) {
		char *nb = realloc(buf, size);

		if (!nb) {
			free(buf);
			return -ENOMEM;
		}
		buf = nb;
		e = getgrnam_r(name, &gr, buf, size, &res);
		if (e != ERANGE || size >= LOOKUP_BUF_MAX)
			break;
		size *= 2;
	}
	if (res)
		*gid = gr.gr_gid;
	free(buf);
	return res ? 0 : not_found(e);
}

/* The groups user is a member of, with gid first (getgrouplist), at most
 * NGROUPS_MAX: more could not be set with setgroups in the child. */
static int user_groups(const char *user, gid_t gid, gid_t **out, size_t *n)
{
	long max = sysconf(_SC_NGROUPS_MAX);
	int count = 32;
	gid_t *g = NULL;

	if (max <= 0)
		max = 65536;
	for (;;) {
		gid_t *ng = realloc(g, (size_t)count * sizeof(*g));
		int want = count;

		if (!ng) {
			free(g);
			return -ENOMEM;
		}
		g = ng;
		if (getgrouplist(user, gid, g, &want) >= 0) {
			*out = g;
			*n = (size_t)want;
			return 0;
		}
		/* want now holds the number needed. */
		if (want > max) {
			free(g);
			return -E2BIG;
		}
		count = want > count ? want : count * 2;
	}
}

/* User= by name or number, into out (see creds.h for a bare number). */
static int resolve_user(const char *user, struct unit_creds *out)
{
	unsigned long v;
	int e;

	if (!parse_id(user, &v))
		return lookup_user(user, 0, out);
	e = lookup_user(NULL, (uid_t)v, out);
	if (e != -ESRCH)
		return e;
	unit_creds_clear(out);
	out->uid = (uid_t)v;
	out->gid = (gid_t)v;
	out->home = strdup("/");
	out->shell = strdup("/usr/sbin/nologin");
	return asprintf(&out->user_name, "%lu", v) >= 0 && out->home &&
			       out->shell
		       ? 0
		       : -ENOMEM;
}

#ifdef SVINIT_STATIC
/* A static glibc reads /etc/passwd and /etc/group itself, but loads any
 * other module nsswitch.conf names ("files systemd" on Debian) with its
 * static dlopen, which needs the shared libc of the same version and
 * crashes without it (libnss_systemd does, on a name not in the files).
 * A static svinit looks up in the files only, whatever the host says
 * (doc/embedded.md). Once: the setting is process-wide. */
static void nss_files_only(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	__nss_configure_lookup("passwd", "files");
	__nss_configure_lookup("group", "files");
	__nss_configure_lookup("initgroups", "files");
}
#else
static void nss_files_only(void)
{
}
#endif

/* In the order the rules need: the user (which gives the primary group),
 * then Group= (which replaces it), then the supplementary groups for the
 * final primary group. *group_failed follows the step under way, so the
 * caller names the right setting. */
int creds_resolve(const char *user, const char *group, bool want_home,
		  struct unit_creds *out, bool *group_failed)
{
	gid_t gid = 0;
	int e = 0;

	memset(out, 0, sizeof(*out));
	*group_failed = false;
	nss_files_only();
	if (user) {
		e = resolve_user(user, out);
		gid = out->gid;
	} else if (want_home && lookup_user(NULL, geteuid(), out) < 0) {
		/* No home for `~`: the start fails at CHDIR, as it would. */
		unit_creds_clear(out);
	}
	if (e == 0 && group) {
		*group_failed = true;
		e = lookup_group(group, &gid);
	}
	/* getgrouplist puts gid first, whichever group that is. */
	if (e == 0 && user) {
		*group_failed = false;
		e = user_groups(out->user_name, gid, &out->groups,
				&out->n_groups);
	}
	if (e < 0) {
		unit_creds_clear(out);
		return e;
	}
	out->has_user = user != NULL;
	out->has_group = user || group;
	out->gid = gid;
	return 0;
}

int creds_add_groups(char *const *names, struct unit_creds *c, const char **bad)
{
	long max = sysconf(_SC_NGROUPS_MAX);
	size_t n = strv_len(names);
	gid_t *g;

	*bad = NULL;
	if (max <= 0)
		max = 65536;
	if (c->n_groups + n > (size_t)max)
		return -E2BIG;
	g = realloc(c->groups, (c->n_groups + n + 1) * sizeof(*g));
	if (!g)
		return -ENOMEM;
	c->groups = g;
	for (size_t i = 0; i < n; i++) {
		gid_t gid;
		bool dup = false;
		int e = lookup_group(names[i], &gid);

		if (e < 0) {
			*bad = names[i];
			return e;
		}
		for (size_t j = 0; j < c->n_groups; j++)
			dup = dup || g[j] == gid;
		if (!dup)
			g[c->n_groups++] = gid;
	}
	if (!c->has_group) {
		/* Neither User= nor Group=: only the list changes. */
		c->gid = getegid();
		c->has_group = true;
	}
	return 0;
}
