/* slog: svinit's own log (see slog.h). */
#include "slog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* The one piece of global state: the level is a property of the process,
 * set once from the command line, read by every module that logs. */
static enum slog_level max_level = SLOG_INFO;

void slog_set_level(enum slog_level level)
{
	max_level = level;
}

enum slog_level slog_get_level(void)
{
	return max_level;
}

int slog_level_from_string(const char *s)
{
	static const char *const names[] = {"error", "warning", "info",
					    "debug"};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	/* syslog's spellings, so that a systemd habit works */
	if (strcmp(s, "err") == 0)
		return SLOG_ERR;
	if (strcmp(s, "notice") == 0)
		return SLOG_INFO;
	return -EINVAL;
}

static bool show_status;

void slog_set_status(bool on)
{
	show_status = on;
}

void slog_status(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!show_status)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	dprintf(STDERR_FILENO, "%s\n", buf);
}

/* /dev/kmsg under the init of a machine, else -1; the window of the
 * rate limit, as the kernel keeps its own: it opens at the first line
 * after the last one closed. */
static int kmsg_fd = -1;
static struct {
	bool started;
	uint64_t begin_ms;
	unsigned sent, dropped;
} kmsg_rate;

/* The first bytes of a small /proc file, NUL-terminated ("" on error). */
static void read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
}

int slog_open_kmsg(void)
{
	char mode[32];
	int fd;

	/* "off": the kernel swallows every line, and says nothing. */
	read_small("/proc/sys/kernel/printk_devkmsg", mode, sizeof(mode));
	if (str_has_prefix(mode, "off"))
		return -EPERM;
	fd = open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	kmsg_fd = fd;
	return 0;
}

/* Whether the kernel itself prints a line of syslog severity prio on the
 * console: below console_loglevel, the first number of
 * /proc/sys/kernel/printk (read each time: dmesg -n changes it; the
 * last value read once /proc is gone, at the end of a shutdown). */
static bool kernel_prints(int prio)
{
	static int level = -1;
	char buf[64];

	read_small("/proc/sys/kernel/printk", buf, sizeof(buf));
	if (buf[0] >= '0' && buf[0] <= '9')
		level = atoi(buf);
	return prio < level;
}

static uint64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* The line into the kernel log, within the rate limit: whether the
 * kernel took it. A write that fails (EAGAIN included) drops it there;
 * the caller still has stderr. */
static bool to_kmsg(int prio, const char *msg)
{
	char line[1100];
	uint64_t now;
	int n;

	if (kmsg_fd < 0)
		return false;
	now = now_ms();
	if (!kmsg_rate.started ||
	    now - kmsg_rate.begin_ms >= SLOG_KMSG_WINDOW_MS) {
		kmsg_rate.started = true;
		kmsg_rate.begin_ms = now;
		kmsg_rate.sent = 0;
		if (kmsg_rate.dropped) {
			n = snprintf(line, sizeof(line),
				     "<%d>svinit: %u lines left out of the "
				     "kernel log (rate limit)\n",
				     LOG_DAEMON | LOG_WARNING,
				     kmsg_rate.dropped);
			(void)!write(kmsg_fd, line, (size_t)n);
			kmsg_rate.sent++;
			kmsg_rate.dropped = 0;
		}
	}
	if (kmsg_rate.sent >= SLOG_KMSG_BURST) {
		kmsg_rate.dropped++;
		return false;
	}
	kmsg_rate.sent++;
	n = snprintf(line, sizeof(line), "<%d>svinit: %s\n", LOG_DAEMON | prio,
		     msg);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	return write(kmsg_fd, line, (size_t)n) == n;
}

void slog(enum slog_level level, const char *fmt, ...)
{
	static const int prio[] = {
		[SLOG_ERR] = LOG_ERR,
		[SLOG_WARNING] = LOG_WARNING,
		[SLOG_INFO] = LOG_INFO,
		[SLOG_DEBUG] = LOG_DEBUG,
	};
	char buf[1024];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* The kernel log first; the console unless the kernel already
	 * prints the line there (twice would be noise on a serial
	 * console). */
	if (to_kmsg(prio[level], buf) && kernel_prints(prio[level]))
		return;
	/* One line, one write: lines from svinit never interleave. A line
	 * longer than the buffer is cut rather than split in two writes. */
	dprintf(STDERR_FILENO, "svinit: %s\n", buf);
}
