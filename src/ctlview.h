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

#include <stdbool.h>
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
/* svctl security UNIT: a record of Id, Exposure (tenths), Rating and a
 * "Setting=EXPOSED WEIGHT NAME EXPLANATION" per setting (security.h). */
void ctlview_security(const struct mgr_unit *mu, struct proto_writer *w);
/* svctl security: a record per service: Id, Exposure, Rating. */
void ctlview_security_table(const struct mgr *m, struct proto_writer *w);

void ctlview_props(const struct mgr *m, const struct mgr_unit *mu,
		   struct proto_writer *w);

/* Append the last n lines (SIZE_MAX: all) of mu's log to w, each one
 * after prefix. A missing log is no lines. 0, or -errno when the log
 * cannot be read (nothing appended then). */
int ctlview_log_tail(const struct mgr *m, const struct mgr_unit *mu, size_t n,
		     const char *prefix, struct proto_writer *w);

/*
 * Which units a listing of every unit shows (list-units --state=,
 * --type=, --failed, patterns; status PATTERN...). A unit is shown when
 * it passes each part that is set: one of the types; one of the states
 * (its load, active or sub state, as systemctl matches --state=); one of
 * the patterns (a glob on its name, or, without glob characters, a name
 * as ctlview_find takes it). The strings point into the request.
 */
#define CTLVIEW_STATES_MAX 16
struct ctlview_filter {
	unsigned types; /* 1 << enum unit_type; 0: every type */
	const char *states[CTLVIEW_STATES_MAX]; /* each "a,b,c" */
	size_t n_states;
	char *const *patterns;
	size_t n_patterns;
};

/* Whether mu passes f. */
bool ctlview_match(struct mgr *m, const struct mgr_unit *mu,
		   const struct ctlview_filter *f);

/* The sub-state as svctl shows it ("running", "listening", ...). */
const char *ctlview_sub_state(const struct mgr_unit *mu);

/* status without a unit: the manager as a whole, one record (SystemState,
 * NUnits, NActive, NFailed, NJobs, FailedUnit=NAME..., Version). */
void ctlview_overview(struct mgr *m, struct proto_writer *w);

/*
 * Answer cl with a listing of kind: of the n units named by names (each
 * found by the caller already, so the names are valid), or, when n is 0,
 * of every unit that passes f (NULL: every unit). names and f's strings
 * must stay valid until the stream is released: they point into cl's
 * request, which control keeps that long (f itself is copied). Records
 * are separated by an empty string. status of named units shows each
 * unit's processes and last log lines too (not of patterns, which may
 * match thousands); status of either answers code 3 when a unit shown
 * is not active; otherwise the code is 0.
 * 0 or -ENOMEM (cl not answered then).
 */
int ctlview_stream(struct mgr *m, struct control_client *cl,
		   enum ctlview_kind kind, char *const *names, size_t n,
		   const struct ctlview_filter *f);

#endif
