/*
 * install: the [Install] section's WantedBy= and RequiredBy=, applied when
 * the units are loaded (svinit has no enable step).
 *
 * Owns: turning "U WantedBy=T" into "T Wants=U" and "U RequiredBy=T" into
 * "T Requires=U" across a whole unit set. Called by load once every unit
 * (instances included) is in the set, and never again on that set: a
 * second call would find the names already there and change nothing.
 *
 * Pure: no I/O, no logging. A WantedBy=/RequiredBy= naming no unit is a
 * warning in dl (`FILE: WantedBy=T: no such unit, ignored`), not an error:
 * systemd would only complain at enable time.
 *
 * Invariants kept: a target's dependency lists stay free of duplicates
 * (names are resolved through aliases to the unit's own name), the names
 * each target gains are appended in unit set order, and the cost is
 * O(E log E) for E [Install] entries, so a target wanted by every one of
 * thousands of units is cheap.
 */
#ifndef SVINIT_INSTALL_H
#define SVINIT_INSTALL_H

#include "diag.h"
#include "unit.h"

/* 0 or -ENOMEM (the set may then be partly updated; the caller drops it). */
int install_apply(struct unitset *s, struct diag_list *dl);

#endif
