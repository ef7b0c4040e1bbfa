/*
 * security: how exposed a service is, judged from its unit alone, in the
 * spirit of `systemd-analyze security`: each setting that confines a
 * service has a weight, the weights of those the unit does not use add
 * up, and the sum over the total is the exposure, from 0.0 (everything
 * locked down) to 10.0 (nothing). What it says is about the file, not
 * about what the program does: a service that needs root cannot do
 * better than its needs.
 *
 * Pure: no I/O, no state; `svctl security` shows it (ctlview.c).
 */
#ifndef SVINIT_SECURITY_H
#define SVINIT_SECURITY_H

#include <stdbool.h>
#include <stddef.h>

#include "unit.h"

struct security_item {
	const char *setting;	 /* "NoNewPrivileges=" */
	const char *explanation; /* what its absence lets the service do */
	unsigned weight;
	bool exposed; /* the unit does not use it */
};

#define SECURITY_ITEMS 24

/* Judge u: fills items (SECURITY_ITEMS of them) and returns the exposure
 * in tenths, 0 to 100. Only for services: a target has nothing to run. */
unsigned security_assess(const struct unit *u,
			 struct security_item items[SECURITY_ITEMS]);

/* "OK" below 2.0, "MEDIUM" below 5.0, "EXPOSED" below 9.0, else "UNSAFE",
 * as systemd words them. */
const char *security_rating(unsigned tenths);

#endif
