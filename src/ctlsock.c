/* ctlsock: the control socket's directory and listener (see ctlsock.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctlsock.h"
#include "proto.h"

/* The runtime directory: ours, real, and only writable by us. */
static int open_runtime_dir(const char *dir)
{
	struct stat st;
	bool created = false;
	int fd, r;

	if (mkdir(dir, 0755) == 0)
		created = true;
	else if (errno != EEXIST)
		return -errno;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		goto fail_errno;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail_errno;
	}
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		goto fail_errno;
	}
	if (created) {
		/* The umask may have narrowed it; readers must reach it. */
		if (fchmod(fd, 0755) < 0)
			goto fail_errno;
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		errno = EPERM;
		goto fail_errno;
	}
	return fd;
fail_errno:
	r = -errno;
	close(fd);
	return r;
}

/*
 * The socket's address. Through /proc/self/fd the path goes via the
 * directory we checked, so a directory swapped for a symlink after the
 * check cannot redirect the bind, and a long runtime dir still fits in
 * sun_path. Without /proc (very early boot), the plain path.
 */
static int make_addr(struct ctlsock *c, const char *dir)
{
	int n;

	c->addr.sun_family = AF_UNIX;
	if (access("/proc/self/fd", F_OK) == 0)
		n = snprintf(c->addr.sun_path, sizeof(c->addr.sun_path),
			     "/proc/self/fd/%d/%s", c->dirfd,
			     PROTO_SOCKET_NAME);
	else
		n = snprintf(c->addr.sun_path, sizeof(c->addr.sun_path),
			     "%s/%s", dir, PROTO_SOCKET_NAME);
	return n < 0 || (size_t)n >= sizeof(c->addr.sun_path) ? -ENAMETOOLONG
							      : 0;
}

/* Remove a socket file nobody listens on; refuse anything else. */
static int remove_stale(struct ctlsock *c)
{
	struct stat st;
	int s, r;

	if (fstatat(c->dirfd, PROTO_SOCKET_NAME, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0)
		return -errno;
	r = connect(s, (struct sockaddr *)&c->addr, sizeof(c->addr));
	r = r == 0 ? -EADDRINUSE : -errno;
	close(s);
	if (r == -EAGAIN || r == -EINPROGRESS)
		return -EADDRINUSE; /* alive, only busy */
	if (r != -ECONNREFUSED)
		return r;
	if (unlinkat(c->dirfd, PROTO_SOCKET_NAME, 0) < 0)
		return -errno;
	return 0;
}

/* Bind through the checked directory (make_addr), and remember which
 * file we bound: ctlsock_close removes only that one. */
static int listen_socket(struct ctlsock *c)
{
	struct stat st;

	c->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->lfd < 0)
		return -errno;
	if (bind(c->lfd, (struct sockaddr *)&c->addr, sizeof(c->addr)) < 0)
		return -errno;
	if (fstatat(c->dirfd, PROTO_SOCKET_NAME, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	c->dev = st.st_dev;
	c->ino = st.st_ino;
	/* Anyone may connect: each request is authorized by its uid. */
	if (fchmodat(c->dirfd, PROTO_SOCKET_NAME, 0666, 0) < 0)
		return -errno;
	if (listen(c->lfd, CTLSOCK_BACKLOG) < 0)
		return -errno;
	return 0;
}

/* Each step needs the one before it; a failure undoes them all, so the
 * caller never holds half a socket. */
int ctlsock_open(struct ctlsock *c, const char *runtime_dir)
{
	int r;

	*c = (struct ctlsock){.dirfd = -1, .lfd = -1};
	c->dirfd = open_runtime_dir(runtime_dir);
	if (c->dirfd < 0) {
		r = c->dirfd;
		c->dirfd = -1;
		return r;
	}
	r = make_addr(c, runtime_dir);
	if (r >= 0)
		r = remove_stale(c);
	if (r >= 0)
		r = listen_socket(c);
	if (r < 0)
		ctlsock_close(c);
	return r;
}

void ctlsock_close(struct ctlsock *c)
{
	struct stat st;

	if (c->lfd >= 0) {
		/* Only our own socket: a successor may have replaced it. */
		if (c->ino &&
		    fstatat(c->dirfd, PROTO_SOCKET_NAME, &st,
			    AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_dev == c->dev && st.st_ino == c->ino)
			(void)unlinkat(c->dirfd, PROTO_SOCKET_NAME, 0);
		close(c->lfd);
	}
	if (c->dirfd >= 0)
		close(c->dirfd);
	*c = (struct ctlsock){.dirfd = -1, .lfd = -1};
}
