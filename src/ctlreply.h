/*
 * ctlreply: the reply a control verb builds (ctlcmd.c's verbs): lines of
 * output, or, after the first error, only error lines with the most
 * telling code; and the lookup of a unit named by a client, which is an
 * error of that reply when the name is bad or unknown.
 */
#ifndef SVINIT_CTLREPLY_H
#define SVINIT_CTLREPLY_H

#include <stdbool.h>

#include "manager.h"
#include "proto.h"

/*
 * The reply being built by a verb. The first error (fail) drops the
 * output so far: an answer is either output or errors, never both. The
 * code is the most telling of the errors: usage over "no such unit"
 * over plain failure, so that a script can tell them apart.
 */
struct out {
	struct proto_writer w;
	int code;
	unsigned flags;
	bool answered; /* the verb answered itself (stream, job) */
};

/* Append one formatted line of output. */
void ctlreply_add(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error line for stderr: the reply becomes an error reply. */
void ctlreply_fail(struct out *o, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The unit named, or NULL after failing o (a bad or unknown name). */
struct mgr_unit *ctlreply_lookup(struct mgr *m, const char *name,
				 struct out *o);
/* Whether a unit was given (argc >= 2); fails o with a usage error
 * naming verb if not. */
bool ctlreply_need_units(int argc, struct out *o, const char *verb);
/* Whether every unit argv[1..argc) names exists; fails o if not. */
bool ctlreply_all_found(struct mgr *m, int argc, char **argv, struct out *o);

#endif
