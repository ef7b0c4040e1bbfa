/* nsdirs: the service's own directories (see nsdirs.h). */
#include "nsdirs.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int nsdirs_make(const struct ns_plan *p, uid_t uid, gid_t gid, int *kind)
{
	for (size_t i = 0; i < p->n_mkdirs; i++) {
		const struct ns_mkdir *d = &p->mkdirs[i];
		struct stat st;

		*kind = (int)d->kind;
		if (mkdir(d->path, d->leaf ? d->mode : 0755) < 0 &&
		    errno != EEXIST)
			return -errno;
		if (lstat(d->path, &st) < 0)
			return -errno;
		if (!S_ISDIR(st.st_mode))
			return -ENOTDIR;
		if (!d->leaf)
			continue;
		/* mkdir's mode went through the daemon's umask, and an old
		 * directory keeps its own: set both right. */
		if (chmod(d->path, d->mode) < 0)
			return -errno;
		if (d->kind != NS_DIR_CONFIGURATION &&
		    (st.st_uid != uid || st.st_gid != gid) &&
		    chown(d->path, uid, gid) < 0)
			return -errno;
	}
	return 0;
}

/* nftw's callback, depth first: the entries, then their directory. */
static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *f)
{
	(void)st;
	(void)f;
	if ((type == FTW_DP ? rmdir(path) : unlink(path)) < 0 &&
	    errno != ENOENT)
		return -errno;
	return 0;
}

int nsdirs_remove(char *const *paths)
{
	int first = 0;

	for (size_t i = 0; paths && paths[i]; i++) {
		/* FTW_PHYS: a link is removed, not followed; FTW_MOUNT:
		 * nothing mounted inside is entered. 16 fds at most. */
		int r = nftw(paths[i], remove_one, 16,
			     FTW_DEPTH | FTW_PHYS | FTW_MOUNT);

		if (r == -1 && errno == ENOENT)
			continue;
		if (r == -1)
			r = -errno;
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}
