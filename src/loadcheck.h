/*
 * loadcheck: what a parsed unit is checked against on this machine when
 * it is loaded (at start-up, daemon-reload and --verify): its users and
 * groups, resolved to ids through the name service (creds.h), and its
 * resource limits against the cgroup hierarchies svinit runs on. A
 * failure is an error at the line of the setting, in dl, and *bad is set:
 * the loader then keeps the unit as a placeholder that does not run.
 */
#ifndef SVINIT_LOADCHECK_H
#define SVINIT_LOADCHECK_H

#include <stdbool.h>

#include "cgroup.h"
#include "diag.h"
#include "unit.h"

/* User=, Group=, SupplementaryGroups= and the home WorkingDirectory=~
 * needs, into u->svc.creds. 0 (*bad set on a failure) or -ENOMEM. */
int loadcheck_creds(struct unit *u, struct diag_list *dl, bool *bad);
/* The limits of u against cg (NULL: not checked). */
void loadcheck_limits(struct unit *u, const struct cgroups *cg,
		      struct diag_list *dl, bool *bad);

#endif
