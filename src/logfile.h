/*
 * logfile: one unit's log file, its rotation, and the count of what could
 * not be written.
 *
 * Owns: LOGDIR/UNIT.log (opened O_WRONLY|O_APPEND|O_CLOEXEC, mode 0640),
 * the rotated files UNIT.log.1 (newest) .. UNIT.log.KEEP (oldest), and the
 * dropped-byte counters. Called by the daemon, one struct per unit, with
 * whole records from logbuf (logfile_emit is a logbuf_emit_fn); and by
 * svctl / the daemon through logfile_tail to read lines back.
 *
 * Never blocks the service and never stalls the loop on logging: there is
 * one write() per batch of records, to a regular file. When the file cannot
 * be opened, or write() fails (ENOSPC, EDQUOT, EIO, EFBIG, ...), the batch
 * is dropped and its bytes are counted. A short write keeps the records that
 * were written whole and truncates the torn one away, so the file is always
 * made of whole lines. The next write that can happen first writes one note
 *
 *     2026-11-24T14:45:24.123456Z svinit: 1234 bytes dropped
 *
 * stamped with the time of that write, N being the bytes of the service's
 * output lost since the last note: what the service wrote (text and
 * newlines, as logbuf counts them), not the longer formatted records with
 * their stamps and escapes. When part of a batch was kept, the bytes of
 * the kept records are recovered with logbuf_raw_before. Bytes the daemon
 * itself discarded and reported with logfile_note_dropped are included;
 * the note's own bytes never are. logfile_dropped() is the total since
 * logfile_init, for status (LogBytesDropped).
 *
 * Rotation: before a batch would take the file past max_size, the records
 * that still fit are written, then UNIT.log.(KEEP-1) is renamed over
 * UNIT.log.KEEP (so the oldest goes), ..., UNIT.log to UNIT.log.1, and a new
 * UNIT.log is opened. Files split only between records; a file is larger
 * than max_size only if one record is. max_size 0 never rotates; KEEP 0
 * keeps no old file. If a rename fails the current file goes on growing and
 * rotation is tried again after another max_size bytes.
 *
 * The size is tracked, not stat'ed, from the size found at open; a file
 * that was cut by someone else is picked up again by logfile_reopen.
 */
#ifndef SVINIT_LOGFILE_H
#define SVINIT_LOGFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define LOGFILE_MAX_SIZE_DEFAULT (10ULL * 1024 * 1024)
#define LOGFILE_KEEP_DEFAULT	 5
#define LOGFILE_KEEP_MAX	 99
/* "UNIT.log.99" must fit in a file name. */
#define LOGFILE_UNIT_MAX (NAME_MAX - 7)

struct logfile {
	int dirfd; /* the log directory; not owned, may be AT_FDCWD */
	int fd;	   /* -1 until opened, or while the file cannot be */
	/* The unit's name (borrowed: the caller keeps it alive, and tells
	 * of a new copy with logfile_set_unit); the file is UNIT.log. */
	const char *unit;
	uint64_t size; /* bytes in the current file */
	uint64_t max_size;
	uint64_t rotate_at; /* retry point after a failed rotation */
	unsigned keep;
	bool midline;	  /* the file ends inside a record */
	uint64_t dropped; /* bytes dropped since init */
	uint64_t pending; /* bytes dropped since the last note */
};

/*
 * Name the file of unit in dirfd and set the limits (max_size bytes per
 * file, keep old files, clamped to LOGFILE_KEEP_MAX). No I/O: the file is
 * opened at the first write. 0, or -EINVAL for a unit name that cannot be a
 * file name (empty, ".", "..", '/', longer than LOGFILE_UNIT_MAX).
 */
int logfile_init(struct logfile *lf, int dirfd, const char *unit,
		 uint64_t max_size, unsigned keep);
/* The same name in new storage (a daemon-reload replaced the unit's
 * configuration): lf borrows unit from now on. */
void logfile_set_unit(struct logfile *lf, const char *unit);
/* Change the limits (a daemon-reload changed the unit); applied from the
 * next write. */
void logfile_set_limits(struct logfile *lf, uint64_t max_size, unsigned keep);
/* Close and open the file again now (at start, to report a problem once,
 * or after someone rotated it). 0 or -errno; on error later writes retry. */
int logfile_reopen(struct logfile *lf);
void logfile_close(struct logfile *lf);

/* Append whole records (len bytes ending with '\n', holding raw bytes of
 * the service's output) read at realtime now; drops what cannot be written
 * and counts the raw bytes it held. */
void logfile_write(struct logfile *lf, const char *data, size_t len, size_t raw,
		   usec_t now);
/* logbuf_emit_fn adapter: ctx is the struct logfile. */
void logfile_emit(void *ctx, const char *data, size_t len, size_t raw,
		  usec_t now);
/* Count bytes of the service's output that the caller discarded before
 * they reached the file. */
void logfile_note_dropped(struct logfile *lf, uint64_t bytes);
/* Bytes of the service's output dropped since logfile_init, for status. */
uint64_t logfile_dropped(const struct logfile *lf);

/*
 * Copy the last n lines of unit's log to out, oldest first, across the
 * rotated files (UNIT.log.K .. UNIT.log); n = SIZE_MAX for all of them.
 * Reads each file backwards in blocks from its end, so a short tail of a
 * big log costs one or two reads. Each file's text is ended with a newline
 * if it lacks one. Files are opened newest first and a file seen twice (a
 * rotation in between) is used once. 0, -ENOENT when the unit has no log
 * file at all, -EINVAL for a bad unit name, -EIO when out fails, or -errno.
 */
int logfile_tail(int dirfd, const char *unit, size_t n, FILE *out);

#endif
