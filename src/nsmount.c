/* nsmount: the child's namespace and mount step (see nsmount.h). */
#include "nsmount.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Written once by nsmount_prepare, before any child exists; children
 * only read it. Empty: not prepared. */
static char inaccessible_file[PATH_MAX];

int nsmount_prepare(const char *dir)
{
	char path[PATH_MAX];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/inaccessible", dir) >=
	    sizeof(path))
		return -ENAMETOOLONG;
	/* Made fresh each start, so that its mode is surely 0000 and it is
	 * empty: a service must learn nothing from it. */
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	memcpy(inaccessible_file, path, strlen(path) + 1);
	return 0;
}

/* ---- In the child ------------------------------------------------- */

static int loopback_up(void)
{
	struct ifreq ifr = {.ifr_name = "lo"};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		r = -errno;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (r == 0 && ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* Set and clear mount attributes on path and every mount below it. */
static int set_attr(const char *path, uint64_t set, uint64_t clr)
{
	struct mount_attr a = {.attr_set = set, .attr_clr = clr};

	if (!set && !clr)
		return 0;
	if (mount_setattr(AT_FDCWD, path, AT_RECURSIVE | AT_NO_AUTOMOUNT, &a,
			  sizeof(a)) < 0)
		return -errno;
	return 0;
}

/* A detached copy of the tree at path (with the mounts below it when
 * recursive), or -errno. */
static int take_tree(const char *path, bool recursive)
{
	int fd = open_tree(AT_FDCWD, path,
			   OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				   (recursive ? AT_RECURSIVE : 0));

	return fd < 0 ? -errno : fd;
}

static int put_tree(int fd, const char *path)
{
	if (move_mount(fd, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* Whether path exists: 1, 0, or -errno for another failure. st may be
 * NULL. */
static int exists(const char *path, struct stat *st)
{
	struct stat tmp;

	if (stat(path, st ? st : &tmp) == 0)
		return 1;
	return errno == ENOENT ? 0 : -errno;
}

/* ---- PrivateDevices= ---------------------------------------------- */

static const char *const dev_nodes[] = {"/dev/null",	"/dev/zero",
					"/dev/full",	"/dev/random",
					"/dev/urandom", "/dev/tty"};
#define N_DEV_NODES (sizeof(dev_nodes) / sizeof(dev_nodes[0]))

/* The host's /dev subtrees a private /dev keeps: pseudo terminals, POSIX
 * shared memory and message queues. */
static const char *const dev_trees[] = {"/dev/pts", "/dev/shm", "/dev/mqueue"};
#define N_DEV_TREES (sizeof(dev_trees) / sizeof(dev_trees[0]))

static const struct {
	const char *target, *path;
} dev_links[] = {
	{"pts/ptmx", "/dev/ptmx"},	    {"/proc/self/fd", "/dev/fd"},
	{"/proc/self/fd/0", "/dev/stdin"},  {"/proc/self/fd/1", "/dev/stdout"},
	{"/proc/self/fd/2", "/dev/stderr"},
};

/* What the host's /dev holds, taken before any mount. */
struct dev_saved {
	struct stat nodes[N_DEV_NODES];
	bool have_node[N_DEV_NODES];
	int trees[N_DEV_TREES]; /* -1: the host has none */
};

static int dev_save(struct dev_saved *d)
{
	for (size_t i = 0; i < N_DEV_TREES; i++)
		d->trees[i] = -1;
	for (size_t i = 0; i < N_DEV_NODES; i++) {
		int r = exists(dev_nodes[i], &d->nodes[i]);

		if (r < 0)
			return r;
		d->have_node[i] = r && S_ISCHR(d->nodes[i].st_mode);
	}
	for (size_t i = 0; i < N_DEV_TREES; i++) {
		int r = exists(dev_trees[i], NULL);

		if (r < 0)
			return r;
		if (r && (d->trees[i] = take_tree(dev_trees[i], true)) < 0)
			return d->trees[i];
	}
	return 0;
}

static void dev_close(struct dev_saved *d)
{
	for (size_t i = 0; i < N_DEV_TREES; i++)
		if (d->trees[i] >= 0)
			close(d->trees[i]);
}

/*
 * A fresh tmpfs on /dev with only the harmless devices, copied by number
 * from the host's, and the host's pts, shm and mqueue. The bounding set
 * loses CAP_MKNOD and CAP_SYS_RAWIO later (nskernel.h), as with systemd,
 * so that not even a root service can make a disk's node here.
 */
static int dev_apply(const char *path, const struct dev_saved *d)
{
	if (mount("tmpfs", path, "tmpfs",
		  MS_NOSUID | MS_NOEXEC | MS_STRICTATIME, "mode=0755") < 0)
		return -errno;
	for (size_t i = 0; i < N_DEV_NODES; i++) {
		const struct stat *st = &d->nodes[i];

		if (!d->have_node[i])
			continue;
		if (mknod(dev_nodes[i], S_IFCHR | 0600, st->st_rdev) < 0 ||
		    chmod(dev_nodes[i], st->st_mode & 07777) < 0 ||
		    chown(dev_nodes[i], st->st_uid, st->st_gid) < 0)
			return -errno;
	}
	for (size_t i = 0; i < N_DEV_TREES; i++) {
		int r;

		if (d->trees[i] < 0)
			continue;
		if (mkdir(dev_trees[i], 0755) < 0)
			return -errno;
		r = put_tree(d->trees[i], dev_trees[i]);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(dev_links[0]); i++)
		if (symlink(dev_links[i].target, dev_links[i].path) < 0)
			return -errno;
	return 0;
}

/* ---- The operations ----------------------------------------------- */

/* Hide path: an empty read-only tmpfs of mode 0000 over a directory, the
 * daemon's empty mode 0000 file (file, opened before any mount, so that
 * a plan hiding the daemon's runtime directory cannot hide it) over
 * anything else. */
static int inaccessible(const char *path, const struct stat *st, int file)
{
	const unsigned long f = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int fd, r;

	if (S_ISDIR(st->st_mode))
		return mount("tmpfs", path, "tmpfs", f, "mode=0000") < 0
			       ? -errno
			       : 0;
	if (file < 0)
		return -ENOENT;
	fd = open_tree(file, "",
		       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
	if (fd < 0)
		return -errno;
	if (fd < 0)
		return fd;
	r = put_tree(fd, path);
	close(fd);
	if (r == 0)
		r = set_attr(path,
			     MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
				     MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
			     0);
	return r;
}

/* Make dst for a bind of the tree src_fd: a directory or an empty file,
 * as systemd does (its parent must exist). */
static int make_target(const char *dst, int src_fd)
{
	struct stat st;
	int fd;

	if (fstat(src_fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return mkdir(dst, 0755) < 0 && errno != EEXIST ? -errno : 0;
	fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int apply_op(const struct ns_op *o, int bind_fd,
		    const struct dev_saved *dev, int inacc_fd)
{
	struct stat st;
	int r = exists(o->path, &st);

	if (r < 0)
		return r;
	if (r == 0 && o->optional)
		return 0;
	switch (o->kind) {
	case NS_OP_ATTR:
		if (r == 0)
			return -ENOENT;
		/* A mount of its own, so that its attributes are its own;
		 * "/" already is one. */
		if (strcmp(o->path, "/") != 0 &&
		    mount(o->path, o->path, NULL, MS_BIND | MS_REC, NULL) < 0)
			return -errno;
		return set_attr(o->path, o->attr_set, o->attr_clr);
	case NS_OP_TMPFS:
		if (r == 0)
			return -ENOENT;
		if (mount("tmpfs", o->path, "tmpfs", o->flags, o->data) < 0)
			return -errno;
		return 0;
	case NS_OP_INACCESSIBLE:
		return r == 0 ? -ENOENT : inaccessible(o->path, &st, inacc_fd);
	case NS_OP_DEV:
		return r == 0 ? -ENOENT : dev_apply(o->path, dev);
	case NS_OP_PROC:
		/* A new instance, so that its options are its own; it
		 * shows svinit's PID namespace, as the old one did. */
		if (r == 0)
			return -ENOENT;
		if (mount("proc", o->path, "proc", o->flags, o->data) < 0)
			return -errno;
		return 0;
	case NS_OP_BIND:
		if (bind_fd < 0) /* an optional source that is missing */
			return 0;
		if (r == 0) /* made by take_sources, hidden since */
			return -ENOENT;
		r = put_tree(bind_fd, o->path);
		if (r == 0)
			r = set_attr(o->path, o->attr_set, o->attr_clr);
		return r;
	}
	return -EINVAL;
}

/* Everything that must come from the tree before the plan changes it:
 * one detached copy per bind source, and the host's /dev. */
static int take_sources(const struct ns_plan *p, int *fds,
			struct dev_saved *dev, bool *have_dev)
{
	size_t b = 0;

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct ns_op *o = &p->ops[i];
		int r;

		if (o->kind == NS_OP_DEV && !*have_dev) {
			r = dev_save(dev);

			*have_dev = true;
			if (r < 0)
				return r;
		}
		if (o->kind != NS_OP_BIND)
			continue;
		fds[b] = take_tree(o->src, o->flags & MS_REC);
		if (fds[b] == -ENOENT && o->optional) {
			fds[b++] = -1;
			continue;
		}
		if (fds[b] < 0)
			return fds[b];
		/* A missing target is made now, while the tree is as the
		 * daemon sees it: later it may be read-only. */
		r = exists(o->path, NULL);
		if (r == 0)
			r = make_target(o->path, fds[b]);
		b++;
		if (r < 0)
			return r;
	}
	return 0;
}

static bool has_kind(const struct ns_plan *p, enum ns_op_kind kind)
{
	for (size_t i = 0; i < p->n_ops; i++)
		if (p->ops[i].kind == kind)
			return true;
	return false;
}

int nsmount_apply(const struct ns_plan *p)
{
	int fds[NS_BIND_MAX];
	struct dev_saved dev;
	bool have_dev = false;
	size_t b = 0;
	int r = 0, inacc_fd = -1;

	if (!p->unshare_flags)
		return 0;
	if (unshare(p->unshare_flags) < 0)
		return -errno;
	if (p->loopback_up && (r = loopback_up()) < 0)
		return r;
	if (!(p->unshare_flags & CLONE_NEWNS))
		return 0;
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		return -errno;
	for (size_t i = 0; i < p->n_binds; i++)
		fds[i] = -1;
	r = take_sources(p, fds, &dev, &have_dev);
	/* After the unshare: the fd is in the service's tree, where a bind
	 * may be cloned from it. Missing (not prepared): only a file to
	 * hide fails, at its operation. */
	if (r == 0 && inaccessible_file[0] && has_kind(p, NS_OP_INACCESSIBLE))
		inacc_fd = open(inaccessible_file, O_PATH | O_CLOEXEC);
	for (size_t i = 0; r == 0 && i < p->n_ops; i++) {
		const struct ns_op *o = &p->ops[i];

		r = apply_op(o, o->kind == NS_OP_BIND ? fds[b] : -1, &dev,
			     inacc_fd);
		b += o->kind == NS_OP_BIND;
	}
	if (inacc_fd >= 0)
		close(inacc_fd);
	/* The child execs or exits next, either of which closes these
	 * (they are close-on-exec); closing them keeps a mistake from
	 * ever reaching the service. */
	for (size_t i = 0; i < p->n_binds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	if (have_dev)
		dev_close(&dev);
	return r;
}
