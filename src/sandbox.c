/* sandbox: the child's isolation steps, in order (see sandbox.h). */
#include "sandbox.h"

#include "nsmount.h"
#include "unit.h"

/* Each area adds its call here, in spawn_step order; the first failure
 * ends the child with *step naming it. */
static int privileged(const void *data, int *step)
{
	const struct unit *u = data;
	int r;

	*step = SPAWN_STEP_NAMESPACE;
	r = nsmount_apply(&u->svc.ns.plan);
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
