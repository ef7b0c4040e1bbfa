/*
 * slog: svinit's own log (not the services' logs, which are logfile's).
 *
 * Owns: the daemon's log level and where its own messages go. Every line
 * is "svinit: MESSAGE", written with one write(2) so that lines never
 * interleave. Today they go to stderr; under PID 1 the console and
 * /dev/kmsg will be added here, behind the same calls.
 *
 * Who calls it: the runtime modules (manager, control commands). Pure
 * modules never log: they return an error and their caller logs once,
 * with the unit name and context.
 */
#ifndef SVINIT_SLOG_H
#define SVINIT_SLOG_H

#include <stdbool.h>

/* Most severe first; a level shows itself and those above it. */
enum slog_level {
	SLOG_ERR,
	SLOG_WARNING,
	SLOG_INFO,
	SLOG_DEBUG,
};

/* The most verbose level shown (default SLOG_INFO). */
void slog_set_level(enum slog_level level);
enum slog_level slog_get_level(void);
/* "error", "warning", "info", "debug" (and syslog's "err", "notice"):
 * the level, or -EINVAL. */
int slog_level_from_string(const char *s);

/* Progress lines for a console ("[  OK  ] Started web.service - ..."),
 * written as they are, only while turned on (the init of a machine shows
 * them by default). */
void slog_set_status(bool on);
void slog_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void slog(enum slog_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
