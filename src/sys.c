/* sys: the real system calls behind the seam (see sys.h). */
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "spawn.h"

/* open(2) is variadic, so it is wrapped to fit the table's type. */
static int real_open(const char *path, int flags, mode_t mode)
{
	return open(path, flags, mode);
}

/* The real calls, as one initializer: a static object cannot be
 * initialised from another in C, so `sys` and `real` both spell it. */
#define REAL_OPS                                                               \
	{                                                                      \
		.spawn = spawn_start, .kill = kill, .waitid = waitid,          \
		.getpgid = getpgid, .getpid = getpid, .now = now_monotonic,    \
		.open = real_open, .read = read, .close = close, .stat = stat, \
		.getpwnam_r = getpwnam_r,                                      \
	}

static const struct sys_ops real = REAL_OPS;

struct sys_ops sys = REAL_OPS;

void sys_reset(void)
{
	sys = real;
}

ssize_t sys_read_small_file(const char *path, char *buf, size_t size)
{
	int fd = sys.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
	ssize_t n;

	if (fd < 0)
		return -errno;
	/* One read: the files read this way are a few bytes, written in one
	 * go by their producer (a daemon's PID file, the kernel's /proc). */
	n = sys.read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	sys.close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}
