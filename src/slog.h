/*
 * slog: svinit's own log (not the services' logs, which are logfile's).
 *
 * Owns: the daemon's log level and where its own messages go. Every line
 * is "svinit: MESSAGE", written with one write(2) so that lines never
 * interleave. They go to stderr (the console of a machine); the init of
 * a machine also sends them to the kernel's log (slog_open_kmsg), where
 * dmesg and a later journal find them.
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

/*
 * Also write each line to /dev/kmsg, at its syslog severity with the
 * daemon facility (the init of a machine calls it once /dev is there).
 * Never blocks: the fd is non-blocking and a line the kernel cannot take
 * at once (EAGAIN) is dropped from the kernel log. At most
 * SLOG_KMSG_BURST lines per SLOG_KMSG_WINDOW_MS go there: under the
 * kernel's own limit on a /dev/kmsg writer (10 per 5 s, printk_devkmsg=
 * ratelimit), which would drop lines without a word. A line kept out of
 * the kernel log still goes to stderr; one the kernel took and also
 * prints on the console by itself (its severity passes the console's
 * log level) is not written to stderr twice. -errno when /dev/kmsg
 * cannot be opened, or the kernel takes nothing from it
 * (printk_devkmsg=off).
 */
#define SLOG_KMSG_BURST	    10
#define SLOG_KMSG_WINDOW_MS 6000
int slog_open_kmsg(void);

void slog(enum slog_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
