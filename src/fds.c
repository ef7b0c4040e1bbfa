/* fds: the daemon's long-lived fds sit high (see fds.h). */
#include "fds.h"

#include <fcntl.h>
#include <unistd.h>

int fds_lift(int fd)
{
	int high;

	if (fd < 0 || fd >= FDS_HIGH)
		return fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, FDS_HIGH);
	if (high < 0)
		return fd;
	close(fd);
	return high;
}
