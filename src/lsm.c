/* lsm: see lsm.h. Everything here runs in the child (spawn.h's rules:
 * no allocation, only system calls on the stack's data). */
#include "lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"

/* Per module: its key, its spawn step, the file that tells whether the
 * machine runs it, and where the label for the next exec is written. */
static const struct {
	const char *key;
	int step;
	const char *present;
	const char *attr;
	const char *prefix; /* written before the label */
} modules[_LSM_MAX] = {
	[LSM_APPARMOR] = {"AppArmorProfile", SPAWN_STEP_APPARMOR,
			  "/sys/module/apparmor/parameters/enabled",
			  "/proc/self/attr/apparmor/exec", "exec "},
	[LSM_SELINUX] = {"SELinuxContext", SPAWN_STEP_SELINUX_CONTEXT,
			 "/sys/fs/selinux/enforce", "/proc/self/attr/exec",
			 ""},
	[LSM_SMACK] = {"SmackProcessLabel", SPAWN_STEP_SMACK_PROCESS_LABEL,
		       "/sys/fs/smackfs/load2", "/proc/self/attr/smack/exec",
		       ""},
};

const char *lsm_key(enum lsm_kind kind)
{
	return (unsigned)kind < _LSM_MAX ? modules[kind].key : "?";
}

/* Whether the machine runs the module: AppArmor's parameter says "Y";
 * SELinux's and Smack's file systems are there. */
static bool present(enum lsm_kind kind)
{
	char c = 0;
	int fd = open(modules[kind].present, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (kind == LSM_APPARMOR && (read(fd, &c, 1) != 1 || c != 'Y')) {
		close(fd);
		return false;
	}
	close(fd);
	return true;
}

/* One write of prefix and label, as the kernel wants it. */
static int write_label(enum lsm_kind kind, const char *label)
{
	char buf[4096];
	size_t pl = strlen(modules[kind].prefix), ll = strlen(label);
	int fd, r = 0;

	if (pl + ll >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, modules[kind].prefix, pl);
	memcpy(buf + pl, label, ll);
	fd = open(modules[kind].attr, O_WRONLY | O_CLOEXEC);
	/* Kernels before 5.8 have AppArmor's file in the generic place. */
	if (fd < 0 && kind == LSM_APPARMOR)
		fd = open("/proc/self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, pl + ll) < 0)
		r = -errno;
	close(fd);
	return r;
}

int lsm_apply(const struct lsm_label *labels, int *step)
{
	for (int k = 0; k < _LSM_MAX; k++) {
		const struct lsm_label *l = &labels[k];
		int r;

		if (!l->label)
			continue;
		*step = modules[k].step;
		r = present((enum lsm_kind)k) ? write_label((enum lsm_kind)k,
							    l->label)
					      : -EOPNOTSUPP;
		if (r < 0 && !l->optional)
			return r;
	}
	return 0;
}
