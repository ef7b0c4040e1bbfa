/* sandbox: the child's isolation steps, in order (see sandbox.h). */
#include "sandbox.h"

#include "privs.h"
#include "unit.h"

/* Whether the service gives up root: then AmbientCapabilities= needs the
 * permitted set kept through setresuid (privs.h). */
static bool drops_root(const struct unit *u)
{
	return u->svc.creds.has_user && u->svc.creds.uid != 0;
}

/* Each area adds its call here, in spawn_step order; the first failure
 * ends the child with *step naming it. */
static int privileged(const void *data, int *step)
{
	const struct unit *u = data;

	return privs_apply_privileged(unit_privs(u), drops_root(u), step);
}

static int before_exec(const void *data, int *step)
{
	const struct unit *u = data;

	return privs_apply_before_exec(unit_privs(u), drops_root(u), step);
}

const struct spawn_hooks sandbox_hooks = {
	.privileged = privileged,
	.before_exec = before_exec,
};

static int resources_only(const void *data, int *step)
{
	const struct unit *u = data;

	return privs_apply_resources(unit_privs(u), step);
}

const struct spawn_hooks sandbox_full_privileges_hooks = {
	.privileged = resources_only,
};
