/*
 * unitdir: see unitdir.h. Everything here is bounded by the entries it
 * reads (UNITDIR_MAX_ENTRIES per directory, UNITDIR_MAX_DROPINS per
 * name), so that a runaway directory costs a diagnostic, not the daemon's
 * memory; and every fd is opened close-on-exec and closed before return.
 */
#include "unitdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "unit.h"
#include "util.h"

/* lstat first: a link is told apart (its target's base name is what
 * makes it an alias), then followed with stat for what it points to. */
enum unitdir_kind unitdir_classify(const char *path, char **target, int *err)
{
	struct stat st;

	if (target)
		*target = NULL;
	if (lstat(path, &st) < 0) {
		*err = errno;
		return UNITDIR_ERROR;
	}
	if (S_ISLNK(st.st_mode) && target) {
		char buf[PATH_MAX];
		ssize_t len = readlink(path, buf, sizeof(buf) - 1);

		if (len < 0) {
			*err = errno;
			return UNITDIR_ERROR;
		}
		buf[len] = '\0';
		const char *base = strrchr(buf, '/');
		*target = strdup(base ? base + 1 : buf);
		if (!*target) {
			*err = ENOMEM;
			return UNITDIR_ERROR;
		}
	}
	if (S_ISLNK(st.st_mode) && stat(path, &st) < 0) {
		*err = errno;
		return errno == ENOENT || errno == ELOOP ? UNITDIR_DANGLING
							 : UNITDIR_ERROR;
	}
	/* Compare the device, not the link text: a chain of links to
	 * /dev/null masks too. */
	if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
		return UNITDIR_MASKED;
	if (S_ISDIR(st.st_mode))
		return UNITDIR_DIR;
	if (!S_ISREG(st.st_mode))
		return UNITDIR_OTHER;
	return st.st_size == 0 ? UNITDIR_MASKED : UNITDIR_REGULAR;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hidden files are skipped: they are editor and package manager
 * leftovers. A missing directory is -ENOENT, not an error: the default
 * directories often do not exist. */
int unitdir_list(const char *dir, char ***out, size_t *n_out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int fd, r = 0;

	*out = NULL;
	*n_out = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? -ENOENT : -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			r = -errno;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		if (n == UNITDIR_MAX_ENTRIES) {
			r = -E2BIG;
			break;
		}
		if (n == cap) {
			size_t c = cap ? cap * 2 : 32;
			char **nv = realloc(v, c * sizeof(*v));

			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = c;
		}
		v[n] = strdup(de->d_name);
		if (!v[n]) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (r < 0) {
		while (n)
			free(v[--n]);
		free(v);
		return r;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	*n_out = n;
	return 0;
}

void unitdir_names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *unitdir_path(const char *dir, const char *name)
{
	size_t len = strlen(dir);
	char *p;

	if (asprintf(&p, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/",
		     name) < 0)
		return NULL;
	return p;
}

static int cmp_dropin(const void *a, const void *b)
{
	return strcmp(((const struct unitdir_dropin *)a)->fname,
		      ((const struct unitdir_dropin *)b)->fname);
}

void unitdir_dropins_free(struct unitdir_dropin *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* Add the .conf files of DIR/NAME.d to v unless an earlier directory had
 * the same file name. Sets *bad on an error that must keep the unit out:
 * a drop-in that cannot be read may be the one that restricts it. */
static int collect_dir(struct diag_list *dl, const char *dir, const char *name,
		       struct unitdir_dropin **v, size_t *n, bool *bad)
{
	char *ddir, **names;
	size_t n_names;
	int r;

	if (asprintf(&ddir, "%s%s%s.d", dir,
		     dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
		     name) < 0)
		return -ENOMEM;
	/* No such directory is the usual case: most units have none. */
	r = unitdir_list(ddir, &names, &n_names);
	if (r == -ENOENT) {
		free(ddir);
		return 0;
	}
	if (r < 0 && r != -ENOMEM) {
		diag_add(dl, DIAG_ERROR, ddir, 0,
			 "cannot read drop-in directory: %s", strerror(-r));
		*bad = true;
		r = 0;
	}
	for (size_t i = 0; i < n_names && r >= 0; i++) {
		const char *f = names[i];
		size_t j;
		enum unitdir_kind k;
		int err = 0;
		char *path;

		if (strlen(f) <= 5 || !str_has_suffix(f, ".conf"))
			continue;
		/* Linear, but *n is bounded by UNITDIR_MAX_DROPINS. */
		for (j = 0; j < *n && strcmp((*v)[j].fname, f) != 0; j++)
			;
		if (j < *n)
			continue; /* shadowed by an earlier directory */
		path = unitdir_path(ddir, f);
		if (!path) {
			r = -ENOMEM;
			break;
		}
		k = unitdir_classify(path, NULL, &err);
		/* A masked drop-in is kept: it shadows the name in later
		 * directories, and applies nothing. */
		if (k == UNITDIR_REGULAR || k == UNITDIR_MASKED) {
			if (*n == UNITDIR_MAX_DROPINS) {
				diag_add(dl, DIAG_ERROR, path, 0,
					 "too many drop-ins (limit %d)",
					 UNITDIR_MAX_DROPINS);
				*bad = true;
				free(path);
				break;
			}
			struct unitdir_dropin *nv =
				realloc(*v, (*n + 1) * sizeof(**v));

			if (!nv) {
				free(path);
				r = -ENOMEM;
				break;
			}
			*v = nv;
			(*v)[(*n)++] = (struct unitdir_dropin){
				path + strlen(path) - strlen(f), path,
				k == UNITDIR_MASKED};
			continue;
		}
		/* An unreadable drop-in might be the one that restricts the
		 * unit: it keeps the unit out. Links and odd files cannot
		 * be drop-ins of anyone's intent: only warned about. */
		if (k == UNITDIR_ERROR) {
			diag_add(dl, DIAG_ERROR, path, 0, "cannot read: %s",
				 strerror(err));
			*bad = true;
		} else if (k == UNITDIR_DANGLING) {
			diag_add(dl, DIAG_WARNING, path, 0,
				 "dangling symbolic link, ignored");
		} else if (k == UNITDIR_OTHER) {
			diag_add(dl, DIAG_WARNING, path, 0,
				 "not a regular file, ignored");
		}
		free(path);
	}
	unitdir_names_free(names, n_names);
	free(ddir);
	return r;
}

int unitdir_dropins(char *const *dirs, const char *name,
		    struct unitdir_dropin **v, size_t *n, struct diag_list *dl,
		    bool *bad)
{
	int r = 0;

	*v = NULL;
	*n = 0;
	for (size_t d = 0; dirs[d] && r >= 0; d++)
		r = collect_dir(dl, dirs[d], name, v, n, bad);
	if (r >= 0 && *n)
		qsort(*v, *n, sizeof(**v), cmp_dropin);
	return r;
}

int unitdir_wants(char *const *dirs, const char *name, const char *suffix,
		  struct diag_list *dl, char ***out)
{
	for (size_t d = 0; dirs[d]; d++) {
		char *dir, **names;
		size_t n;
		int r;

		if (asprintf(&dir, "%s/%s.%s", dirs[d], name, suffix) < 0)
			return -ENOMEM;
		r = unitdir_list(dir, &names, &n);
		if (r < 0) {
			if (r != -ENOENT && r != -ENOMEM)
				diag_add(dl, DIAG_WARNING, dir, 0,
					 "cannot read: %s", strerror(-r));
			free(dir);
			if (r == -ENOMEM)
				return r;
			continue;
		}
		for (size_t i = 0; r >= 0 && i < n; i++) {
			if (!unit_name_is_valid(names[i]) ||
			    unit_name_is_template(names[i]))
				diag_add(dl, DIAG_WARNING, dir, 0,
					 "%s: not a unit name, ignored",
					 names[i]);
			else if (!strv_contains(*out, names[i]))
				r = strv_push_dup(out, names[i]);
		}
		unitdir_names_free(names, n);
		free(dir);
		if (r < 0)
			return r;
	}
	return 0;
}
