/* slog: svinit's own log (see slog.h). */
#include "slog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
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

void slog(enum slog_level level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (level > max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* One line, one write: lines from svinit never interleave. A line
	 * longer than the buffer is cut rather than split in two writes. */
	dprintf(STDERR_FILENO, "svinit: %s\n", buf);
}
