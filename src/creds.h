/*
 * creds: User= and Group= resolved to ids, when units are loaded.
 *
 * Owns: every question svinit asks the name service (getpwnam_r,
 * getpwuid_r, getgrnam_r, getgrouplist). The loader calls it once per
 * unit that sets User=, Group= or WorkingDirectory=~, at start-up, at
 * daemon-reload and for --verify; the result is kept in the unit
 * (struct unit_creds) and a spawn only copies ids. So a slow or hung name
 * service can delay a load, never a start or restart, and a user created
 * after the load is only seen at the next daemon-reload.
 *
 * The rules, as in systemd: User= alone means the user's primary group
 * and its supplementary groups; with Group= that group is the primary one
 * and the user's supplementary groups are still added (getgrouplist with
 * the new primary group). Group= alone sets the gid and leaves no
 * supplementary group. A name may be a number: a number that names a user
 * is that user; one that names none is allowed, with the group of the
 * same number, HOME "/", SHELL /usr/sbin/nologin and no other group.
 *
 * The lookup of a user by name goes through the sys seam (sys.h), so
 * that a test can make a user vanish between two loads.
 *
 * No logging: the loader turns a failure into `FILE:LINE: unknown user
 * "x"` at the line of the setting.
 */
#ifndef SVINIT_CREDS_H
#define SVINIT_CREDS_H

#include <stdbool.h>

#include "unit.h"

/*
 * Resolve user and group (either may be NULL) into *out, which is cleared
 * first. want_home: without User=, also look up the daemon's own home
 * (for WorkingDirectory=~); not finding it is no error, home stays NULL.
 * 0, or -ESRCH for an unknown name, -E2BIG for a user in more groups than
 * the system allows, -ENOMEM, another -errno when the name service
 * failed; then *group_failed tells whether it was about the group, and
 * *out is left clear.
 */
int creds_resolve(const char *user, const char *group, bool want_home,
		  struct unit_creds *out, bool *group_failed);

/*
 * SupplementaryGroups=: resolve names (groups or numbers) and add them to
 * c's supplementary groups, after the user's, without duplicates. The
 * groups are set even without User= or Group=: then the primary group
 * stays the daemon's own. 0; -ESRCH (or another -errno from the name
 * service) with *bad the name that failed; -E2BIG beyond the system's
 * limit of groups; -ENOMEM.
 */
int creds_add_groups(char *const *names, struct unit_creds *c,
		     const char **bad);

#endif
