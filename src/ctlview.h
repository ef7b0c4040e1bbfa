/*
 * ctlview: what svctl's read-only verbs show of units.
 *
 * Owns: the name svctl users give a unit ("web" is "web.service"), the
 * properties a unit shows (systemctl's Key=Value names), the last lines
 * of its log, and the listings of many units (status, show, list-units)
 * answered as a stream (control_reply_stream).
 *
 * Linear by construction: every string goes into a proto_writer
 * (amortised O(1) per append), so a view of n units costs O(n); a
 * listing is produced about CONTROL_STREAM_PART bytes at a time, only
 * as fast as the client reads it, so neither its building nor a slow
 * reader holds the loop or keeps more than one part in memory.
 *
 * A listing stays correct across a daemon-reload between two of its
 * parts: it remembers its place by the name of the next unit, never by
 * a pointer (a reload may free the records of removed units), and finds
 * that name again when the unit set was replaced. Units added or removed
 * meanwhile may then be missing from the listing, or shown once more,
 * but every unit shown is shown from the state it has at that moment.
 *
 * Pure reading: nothing here changes a unit. Called by ctlcmd only.
 */
#ifndef SVINIT_CTLVIEW_H
#define SVINIT_CTLVIEW_H

#include <stddef.h>

#include "proto.h"

struct mgr;
struct mgr_unit;
struct control_client;

enum ctlview_kind {
	CTLVIEW_LIST,	/* list-units: Id, states, Description */
	CTLVIEW_SHOW,	/* show: every property */
	CTLVIEW_STATUS, /* status: properties, and log lines when named */
};

/*
 * The unit a user means by name: the name itself or one of its aliases,
 * with ".service" added when it has no suffix, as systemctl does. NULL
 * with *err = -EINVAL when the name can never be a unit's (bad
 * characters, unknown suffix), -ENOENT when no loaded unit has it.
 */
struct mgr_unit *ctlview_find(struct mgr *m, const char *name, int *err);

/* Append mu's properties ("Key=Value") to w; errors stay in w (see
 * proto_writer). A unit changed on disk while running shows the new
 * file's Description (what daemon-reload loaded) and the rest of the
 * configuration it runs with; NeedDaemonReload=yes says so. */
/* svctl security UNIT: each setting, its weight, whether the unit uses
 * it and what its absence allows, then the exposure (security.h). */
void ctlview_security(const struct mgr_unit *mu, struct proto_writer *w);
/* svctl security: one line per service, its exposure and rating. */
void ctlview_security_table(const struct mgr *m, struct proto_writer *w);

void ctlview_props(const struct mgr *m, const struct mgr_unit *mu,
		   struct proto_writer *w);

/* Append the last n lines (SIZE_MAX: all) of mu's log to w, each one
 * after prefix. A missing log is no lines. 0, or -errno when the log
 * cannot be read (nothing appended then). */
int ctlview_log_tail(const struct mgr *m, const struct mgr_unit *mu, size_t n,
		     const char *prefix, struct proto_writer *w);

/*
 * Answer cl with a listing of kind: of the n units named by names (each
 * found by the caller already, so the names are valid), or of every unit
 * when n is 0. names must stay valid until the stream is released: they
 * point into cl's request, which control keeps that long. Records are
 * separated by an empty string. The code is 0, or for status of named
 * units 3 when one of them is not active. 0 or -ENOMEM (cl not
 * answered then).
 */
int ctlview_stream(struct mgr *m, struct control_client *cl,
		   enum ctlview_kind kind, char *const *names, size_t n);

#endif
