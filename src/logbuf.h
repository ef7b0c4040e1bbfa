/*
 * logbuf: line framing of one output stream of a service.
 *
 * Owns: turning the raw bytes svinit reads from one pipe (a service's stdout
 * or its stderr; they are separate pipes, so lines of the two never mix
 * mid-line) into log records, and the partial line held between two reads.
 * Pure: no syscalls, no allocation; records go to an emit callback (the
 * daemon passes logfile_emit). Called by the daemon after each read() of a
 * log pipe, by svctl to parse records back, and by the fuzzer.
 *
 * Record format, one text line each:
 *
 *     2026-11-24T14:45:24.123456Z out hello world
 *     ^ 27-byte UTC stamp, usec  ^ mark ^ payload (escaped)
 *
 * - The stamp is the realtime clock the caller passes to logbuf_feed: the
 *   time svinit read the bytes that completed the record. Records of one
 *   stream are therefore in file order and in time order.
 * - Marks: `out` / `err` start a line of stdout / stderr; `out+` / `err+`
 *   continue the line of the record before it on the same stream (a split
 *   long line, or a partial line pushed out by logbuf_flush). `svinit:` is a
 *   note written by svinit itself (see logfile.h: dropped bytes).
 * - Exactly one space follows the mark, even before an empty payload.
 * - Escaping: backslash is written `\\`; every byte that is not part of a
 *   printable character is written `\xNN` (lowercase hex): bytes below 0x20
 *   except TAB (so CR of a CRLF line is kept as `\x0d`), DEL, C1 controls
 *   (U+0080..U+009F), and bytes that are not well-formed UTF-8 (overlong
 *   forms, surrogates, truncated sequences). Valid printable UTF-8 is kept
 *   as is. logbuf_unescape gives the original bytes back exactly, so a
 *   stored line is always one line of text and binary output loses nothing.
 * - Limit: a line of more than line_max (LOGBUF_LINE_MAX = 8 KiB by
 *   default) raw bytes is split into pieces of at most line_max raw bytes;
 *   a cut never falls inside a UTF-8 character. Nothing is dropped. A
 *   record is at most LOGBUF_RECORD_MAX bytes.
 * - The line terminator `\n` is not stored. A partial last line is written
 *   by logbuf_flush when the stream ends; it is not marked, so the file does
 *   not tell whether the very last output ended with a newline.
 *
 * - Raw bytes: each batch of records is handed over with the number of
 *   bytes of the service's output it holds (its text as read, and the
 *   newline of every line that ends in it), so that what is lost can be
 *   counted in the service's bytes, not the formatted ones. A newline that
 *   ends a line whose text was already pushed out by logbuf_flush has no
 *   record to go with (an empty `+` record is not written) and is counted
 *   in no batch. logbuf_raw_before recovers the raw bytes of the first
 *   records of a batch from the records themselves.
 *
 * Invariants: the partial line is never longer than line_max; when a call
 * returns, every complete line fed so far has been emitted, in order, and
 * the scratch buffer is empty. A call emits once unless its records
 * overflow the scratch buffer: ordinary text grows by the 32-byte prefix
 * per line, so a scratch of a few times the daemon's read size means one
 * write() per read; the worst case (a read of bare newlines) grows 33-fold
 * and is then written in several batches.
 */
#ifndef SVINIT_LOGBUF_H
#define SVINIT_LOGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

#define LOGBUF_LINE_MAX 8192
#define LOGBUF_LINE_MIN 8
/* "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" */
#define LOGBUF_STAMP_LEN 27
/* Stamp, space, longest mark ("out+"), space. */
#define LOGBUF_PREFIX_MAX (LOGBUF_STAMP_LEN + 1 + 4 + 1)
/* Prefix, a fully escaped line of LOGBUF_LINE_MAX bytes, newline. */
#define LOGBUF_RECORD_MAX (LOGBUF_PREFIX_MAX + 4 * LOGBUF_LINE_MAX + 1)
/* Smallest scratch buffer logbuf_init accepts. A bigger one (the daemon's
 * read size times a few) means one emit per read for ordinary text. */
#define LOGBUF_SCRATCH_MIN LOGBUF_RECORD_MAX

enum logbuf_stream {
	LOGBUF_STDOUT,
	LOGBUF_STDERR,
	LOGBUF_NOTE, /* parsed records only: a `svinit:` line */
};

/*
 * Receives whole records (each ends with '\n'). data points into the
 * scratch buffer and is valid only during the call. raw is the number of
 * bytes of the service's output the records hold (see "Raw bytes"); now is
 * the stamp the records carry. The callback must not call back into the
 * same logbuf.
 */
typedef void (*logbuf_emit_fn)(void *ctx, const char *data, size_t len,
			       size_t raw, usec_t now);

struct logbuf {
	logbuf_emit_fn emit;
	void *ctx;
	/* Scratch for formatted records; empty between calls, so every
	 * logbuf of a single-threaded daemon may share one. */
	char *out;
	size_t out_cap, out_len;
	size_t out_raw; /* the service's bytes in out[0..out_len) */
	enum logbuf_stream stream;
	size_t line_max;
	bool cont;  /* the next record continues an emitted piece */
	size_t len; /* bytes held in line[] */
	/* The partial line, allocated the first time one must be held:
	 * most services write whole lines, and a thousand idle units should
	 * not cost 16 MiB. */
	unsigned char *line;
};

/*
 * Set up lb for stream (LOGBUF_STDOUT or LOGBUF_STDERR), writing records
 * through scratch (caller-owned, at least LOGBUF_SCRATCH_MIN bytes) to
 * emit(ctx, ...). 0 or -EINVAL.
 */
int logbuf_init(struct logbuf *lb, enum logbuf_stream stream, char *scratch,
		size_t scratch_cap, logbuf_emit_fn emit, void *ctx);
/* Release the partial-line buffer (the held bytes are lost: flush
 * first). The logbuf may be initialised again afterwards. */
void logbuf_free(struct logbuf *lb);
/* Split lines longer than n bytes (clamped to LOGBUF_LINE_MIN ..
 * LOGBUF_LINE_MAX). A held partial line longer than n is pushed out now,
 * so the caller passes now as for logbuf_flush. */
void logbuf_set_line_max(struct logbuf *lb, size_t n, usec_t now);
/* Frame len bytes read at realtime now. Never fails. */
void logbuf_feed(struct logbuf *lb, const void *data, size_t len, usec_t now);
/*
 * Emit the held partial line, if any: at end of stream (EOF, or before the
 * pipe is closed), or when the daemon decides a prompt-like line has waited
 * long enough. Bytes that follow on the same line are marked `+`. The
 * pipe, and so the logbuf, outlives a restart of the service: after the
 * pipe is drained at a process exit, a flush keeps the dead process's last
 * partial line from being joined to the next one's first.
 */
void logbuf_flush(struct logbuf *lb, usec_t now);
/* Whether a partial line is held (so a flush deadline is worth arming). */
bool logbuf_pending(const struct logbuf *lb);

/* Write the 27-byte stamp of t (clamped to year 9999) to buf; no NUL. */
void logbuf_format_stamp(usec_t t, char *buf);
/* Escape len bytes into out (room for 4 * len); returns bytes written. */
size_t logbuf_escape(const void *in, size_t len, char *out);
/* Undo logbuf_escape into out (room for len); returns the length, or
 * -EINVAL on a stray backslash or bad hex. */
ssize_t logbuf_unescape(const char *in, size_t len, void *out);

/*
 * The service's bytes held by the records of an emitted batch data[0..len)
 * that end at or before offset at (a record cut by at does not count):
 * each one's unescaped text, plus its newline when the record after it
 * does not continue its line (a `+` mark). For at < len this gives what
 * the emit callback's raw would have been for those records alone, so
 * raw minus it is what the rest held. A line that is not a record counts
 * as its own bytes; a `svinit:` note counts nothing. Pure.
 */
size_t logbuf_raw_before(const char *data, size_t len, size_t at);

/* One record read back from a log file. */
struct logbuf_record {
	usec_t usec;
	enum logbuf_stream stream;
	bool cont;
	const char *text; /* escaped payload, inside the parsed line */
	size_t text_len;
};

/* Parse one record (with or without its '\n'). 0, or -EINVAL when the line
 * is not a record (bad stamp, unknown mark). */
int logbuf_parse(const char *line, size_t len, struct logbuf_record *rec);

#endif
