/*
 * outpipe: one output stream of a unit (stdout or stderr) on its way to
 * the unit's log file.
 *
 * Owns: the pipe, of which svinit keeps only the read end, the framing of
 * what comes out of it (logbuf) and its place in the event loop. The pipe
 * is created at the unit's first spawn and outlives the unit's processes,
 * so nothing written between two runs is lost; each spawn gets a write end
 * of its own (outpipe_writer), which the caller closes once the child has
 * it. When no process holds a write end the pipe is at end of file and is
 * taken out of the loop until the next spawn.
 *
 * Called by the manager only; one thread.
 */
#ifndef SVINIT_OUTPIPE_H
#define SVINIT_OUTPIPE_H

#include <stdbool.h>

#include "logbuf.h"
#include "logfile.h"
#include "loop.h"

/* A pipe starts at the kernel's default size (OUTPIPE_INITIAL); the
 * first time svinit finds it full, it asks for OUTPIPE_SIZE, so that a
 * fast writer rarely waits for svinit. A smaller pipe than asked for
 * still works. */
#define OUTPIPE_INITIAL (64 * 1024)
#define OUTPIPE_SIZE	(1024 * 1024)

struct outpipe {
	struct loop_io io; /* the read end; fd -1 until the first writer */
	bool watched;	   /* in the loop: not at end of file */
	bool grown;	   /* asked for OUTPIPE_SIZE */
	enum logbuf_stream stream;
	struct logbuf lb;
	struct loop *loop;
	struct logfile *log; /* where the lines go; not owned */
};

/* No I/O: the pipe is made by the first outpipe_writer. */
void outpipe_init(struct outpipe *p, struct loop *l, struct logfile *log,
		  enum logbuf_stream stream);
/* A new write end for one child (blocking, close-on-exec), or -errno. */
int outpipe_writer(struct outpipe *p);
/* Read what the pipe holds now and write out a held partial line: the
 * unit has no process left, so its last line is complete. */
void outpipe_flush(struct outpipe *p);
/* Flush, then close the pipe. */
void outpipe_close(struct outpipe *p);

#endif
