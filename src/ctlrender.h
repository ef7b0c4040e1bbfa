/*
 * ctlrender: how svctl shows svinit's replies, for people and for
 * machines.
 *
 * Owns: the rendering of the record replies of the data verbs (proto.h:
 * "Key=Value" strings, records separated by an empty string) on stdout,
 * as systemctl lays them out, or with --json as one JSON document per
 * invocation (ctljson.c). The daemon sends the same records either way,
 * so the two views can never disagree on what a unit's state is.
 *
 * Pure rendering: no I/O but stdout, no request to svinit. A key svinit
 * did not send renders as absent or empty, never as an error, so that an
 * older or newer svinit's reply still shows. Used by svctl only.
 */
#ifndef SVINIT_CTLRENDER_H
#define SVINIT_CTLRENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

struct ctlrender_opts {
	bool json;  /* one JSON document instead of the human view */
	bool color; /* ANSI colours (a terminal, and no NO_COLOR) */
};

/* A key of the record [s, e) of r; "" when absent. */
const char *ctlrender_get(const struct proto_msg *r, size_t s, size_t e,
			  const char *key);

/*
 * Render the reply r of verb (the verb svctl sent: "status", "show",
 * "list-units", "list-dependencies", "cat", "security", ...). Returns
 * true when it knew the verb; false leaves the plain lines to the
 * caller.
 */
bool ctlrender_reply(const char *verb, const struct ctlrender_opts *o,
		     const struct proto_msg *r);

/* "5min 3s ago" style age of a monotonic timestamp (usec). */
void ctlrender_age(char *buf, size_t size, unsigned long long mono);

/* ---- ctljson.c: the --json documents (see svctl(1), "JSON") ---- */

/* A JSON string: the quote, the backslash and control bytes escaped. */
void ctljson_string(const char *s);
/* status UNIT... and show: an array of one object per record. */
void ctljson_units(const struct proto_msg *r);
/* list-units: systemctl's lower-case keys, one object per unit. */
void ctljson_list(const struct proto_msg *r);
/* list-unit-files: [{"unit_file", "state"}], systemctl's names. */
void ctljson_unit_files(const struct proto_msg *r);
/* status without a unit: one object. */
void ctljson_overview(const struct proto_msg *r);
/* list-dependencies: a nested tree. */
void ctljson_deps(const struct proto_msg *r);
/* cat: the files of each unit with their text. */
void ctljson_cat(const struct proto_msg *r);
/* security: the table, or each unit's settings. */
void ctljson_security(const struct proto_msg *r);

/* ---- ctlpicture.c: graph and analyze ---- */

/* graph: Graphviz dot, edge styles by kind. */
void ctlpicture_dot(const struct proto_msg *r);
/* analyze blame|critical-chain|plot: text, JSON, or for plot an SVG
 * document (also with --json: a picture has no other form). */
void ctlpicture_analyze(const struct ctlrender_opts *o,
			const struct proto_msg *r);

#endif
