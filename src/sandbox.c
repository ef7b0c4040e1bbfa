/* sandbox: the child's isolation steps, in order (see sandbox.h). */
#include "sandbox.h"

#include <errno.h>
#include <unistd.h>

#include "nsdirs.h"
#include "nskernel.h"
#include "nsmount.h"
#include "privs.h"
#include "unit.h"

/* A directory kind's step is RUNTIME_DIRECTORY + its kind. */
_Static_assert(SPAWN_STEP_RUNTIME_DIRECTORY + NS_DIR_CONFIGURATION ==
		       SPAWN_STEP_CONFIGURATION_DIRECTORY,
	       "spawn's directory steps follow enum ns_dir_kind");

/* Whether the service gives up root: then AmbientCapabilities= needs the
 * permitted set kept through setresuid (privs.h). */
static bool drops_root(const struct unit *u)
{
	return u->svc.creds.has_user && u->svc.creds.uid != 0;
}

/* Directories, namespaces and mounts (ns.h), while root. */
static int namespaces(const struct unit *u, int *step)
{
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
	/* RootDirectory=: last, once nothing needs the host's tree. */
	*step = SPAWN_STEP_CHROOT;
	if (ns->root_directory &&
	    (chroot(ns->root_directory) < 0 || chdir("/") < 0))
		return -errno;
	return 0;
}

/* Each area adds its call here, in spawn_step order; the first failure
 * ends the child with *step naming it. The namespaces come first: the
 * bounding set, dropped after them, must not take CAP_SYS_ADMIN away
 * from the mounts. */
static int privileged(const void *data, int *step)
{
	const struct unit *u = data;
	int r = namespaces(u, step);

	if (r < 0)
		return r;
	return privs_apply_privileged(unit_privs(u), drops_root(u), step);
}

/* PrivateUsers=, first of the steps after the ids changed, before
 * anything the user namespace would reset (the bounding set, securebits,
 * the ambient set) or forbid (a seccomp filter of RestrictNamespaces=). */
static int before_exec(const void *data, int *step)
{
	const struct unit *u = data;
	const struct ns_conf *ns = u->svc.ns;
	int r;

	if (ns && ns->private_users) {
		*step = SPAWN_STEP_USER_NAMESPACE;
		r = nskernel_private_users();
		if (r < 0)
			return r;
		*step = SPAWN_STEP_CAPABILITIES;
		r = privs_after_user_namespace(unit_privs(u),
					       ns->plan.capbset_drop);
		if (r < 0)
			return r;
	}
	return privs_apply_before_exec(unit_privs(u), drops_root(u), step);
}

const struct spawn_hooks sandbox_hooks = {
	.privileged = privileged,
	.before_exec = before_exec,
};

/* `+`: no directories, namespaces or mounts either (systemd's rule for
 * full privileges). */
static int resources_only(const void *data, int *step)
{
	const struct unit *u = data;

	return privs_apply_resources(unit_privs(u), step);
}

const struct spawn_hooks sandbox_full_privileges_hooks = {
	.privileged = resources_only,
};
