/*
 * unitdir: what the unit directories hold on disk, for the loader.
 *
 * Owns: listing a directory (sorted, hidden files skipped, bounded),
 * telling what an entry is (file, directory, mask, dangling link, ...),
 * and collecting a unit's drop-ins across every unit directory with
 * systemd's shadowing (the first directory that has a drop-in file name
 * wins) and order (lexical by file name, whatever the directory).
 *
 * Called by load only. Reads the file system and never logs: problems with
 * a drop-in directory go into the caller's diag_list.
 */
#ifndef SVINIT_UNITDIR_H
#define SVINIT_UNITDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Bound on the entries read from one directory, so that a runaway
 * directory cannot exhaust memory. */
#define UNITDIR_MAX_ENTRIES 200000
/* Bound on the drop-ins of one name, which keeps shadowing linear. */
#define UNITDIR_MAX_DROPINS 1024

/* What a directory entry is, symlinks followed. */
enum unitdir_kind {
	UNITDIR_REGULAR,
	UNITDIR_DIR,
	/* A symlink (or chain) to /dev/null, or an empty regular file: both
	 * mask in systemd. */
	UNITDIR_MASKED,
	UNITDIR_OTHER, /* device, fifo, socket */
	UNITDIR_DANGLING,
	UNITDIR_ERROR, /* errno in *err */
};

/* Classify path. When target is not NULL and path is a symlink, *target
 * gets the base name of the link's text (malloc'd; NULL otherwise), so
 * that the caller can tell an alias from a relocated file. ENOMEM is
 * UNITDIR_ERROR with *err = ENOMEM. */
enum unitdir_kind unitdir_classify(const char *path, char **target, int *err);

/* The entries of dir not starting with `.`, sorted by strcmp. *names is
 * malloc'd (free with unitdir_names_free). 0; -ENOENT when dir does not
 * exist or is not a directory; -E2BIG past UNITDIR_MAX_ENTRIES; -ENOMEM;
 * another -errno when it cannot be read. */
int unitdir_list(const char *dir, char ***names, size_t *n);
void unitdir_names_free(char **names, size_t n);

/*
 * NAME.SUFFIX/ (suffix "wants" or "requires") in every directory of dirs,
 * as systemctl enable and packages make them: the name of each entry is
 * added to *names unless there already (the link's target does not
 * matter, as in systemd). An entry that is no unit name, or a template
 * without an instance, and a directory that cannot be read are warnings.
 * 0 or -ENOMEM.
 */
int unitdir_wants(char *const *dirs, const char *name, const char *suffix,
		  struct diag_list *dl, char ***names);

/* "dir/name" without a doubled slash. NULL on ENOMEM. */
char *unitdir_path(const char *dir, const char *name);

struct unitdir_dropin {
	const char *fname; /* "10-limits.conf", the end of path */
	char *path;
	bool masked; /* hides the same name in later directories, applies
			nothing */
};

/* The drop-ins DIR/NAME.d/\*.conf of every directory in dirs
 * (NULL-terminated, in precedence order), shadowed and sorted, into a new
 * array *v of *n (which the caller frees with unitdir_dropins_free, even
 * on failure). Unreadable drop-in directories or files are errors in dl and
 * set *bad: the unit must not load without a drop-in that may restrict it.
 * 0 or -ENOMEM. */
int unitdir_dropins(char *const *dirs, const char *name,
		    struct unitdir_dropin **v, size_t *n, struct diag_list *dl,
		    bool *bad);
void unitdir_dropins_free(struct unitdir_dropin *v, size_t n);

#endif
