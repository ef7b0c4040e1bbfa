/* sandbox: the child's isolation steps, in order (see sandbox.h). */
#include "sandbox.h"

#include "nsdirs.h"
#include "nskernel.h"
#include "nsmount.h"
#include "unit.h"

/* A directory kind's step is RUNTIME_DIRECTORY + its kind. */
_Static_assert(SPAWN_STEP_RUNTIME_DIRECTORY + NS_DIR_CONFIGURATION ==
		       SPAWN_STEP_CONFIGURATION_DIRECTORY,
	       "spawn's directory steps follow enum ns_dir_kind");

/* Each area adds its call here, in spawn_step order; the first failure
 * ends the child with *step naming it. */
static int privileged(const void *data, int *step)
{
	const struct unit *u = data;
	const struct unit_creds *cr = &u->svc.creds;
	const struct ns_conf *ns = u->svc.ns;
	int r, kind = 0;

	if (!ns)
		return 0;

	/* Before the namespaces: the directories belong in svinit's tree,
	 * where a read-only view of it cannot get in the way. */
	r = nsdirs_make(&ns->plan, cr->has_user ? cr->uid : 0,
			cr->has_group ? cr->gid : 0, &kind);
	if (r < 0) {
		*step = SPAWN_STEP_RUNTIME_DIRECTORY + kind;
		return r;
	}
	*step = SPAWN_STEP_NAMESPACE;
	r = nsmount_apply(&ns->plan);
	if (r == 0)
		r = nskernel_apply(&ns->plan);
	if (r < 0)
		return r;
	return 0;
}

static int before_exec(const void *data, int *step)
{
	const struct unit *u = data;

	(void)u;
	(void)step;
	return 0;
}

const struct spawn_hooks sandbox_hooks = {
	.privileged = privileged,
	.before_exec = before_exec,
};
