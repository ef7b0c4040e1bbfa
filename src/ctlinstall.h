/*
 * ctlinstall: svctl's verbs on unit files rather than units: enable,
 * disable, is-enabled, mask, unmask and list-unit-files.
 *
 * Owns: what the first unit directory holds for these verbs, as
 * systemctl leaves it: links in TARGET.wants/ and TARGET.requires/ to the
 * unit's file, masks (a link to /dev/null under the unit's name), and
 * svinit's own drop-in NAME.d/ CTLINSTALL_DISABLE_DROPIN, which empties
 * [Install] WantedBy= and RequiredBy=. svinit applies [Install] when it
 * loads a unit, without an enable step (DESIGN.md, doc/decisions.md,
 * "Unit files"); so the drop-in is what `disable` must leave for a unit
 * not to be pulled in by its own file, and `enable` removes it.
 *
 * The verbs that change files then reload svinit (as systemctl does),
 * except a mask of a unit that is not inactive: a reload would remove the
 * unit and stop it, so that waits for the user's daemon-reload.
 *
 * Runs in svinit's loop: a few small file operations in one directory per
 * request. Called by ctlcmd's verb table only.
 */
#ifndef SVINIT_CTLINSTALL_H
#define SVINIT_CTLINSTALL_H

#include "ctlquery.h"

#define CTLINSTALL_DISABLE_DROPIN "99-svctl-disable.conf"

/* enable|disable|mask|unmask UNIT... */
ctlquery_fn ctlinstall_change;
/* is-enabled UNIT...: one state per line; 0 when each is enabled or
 * static, 1 otherwise, 4 when one has no file and is not loaded. */
ctlquery_fn ctlinstall_is_enabled;
/* list-unit-files [PATTERN...]: a record of Id and UnitFileState per
 * unit file of every directory (the first directory that has a name
 * wins) and per built-in unit. */
ctlquery_fn ctlinstall_list;

#endif
