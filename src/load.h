/*
 * load: the unit directories into a unitset.
 *
 * Owns: finding unit files (the first directory that has a name wins),
 * drop-in directories (NAME.d/*.conf from every unit directory, applied in
 * lexical order of file name), templates (NAME@.service instantiated as
 * NAME@INSTANCE.service when a loaded unit names the instance), the
 * built-in targets, and [Install] (WantedBy=/RequiredBy= add the reverse
 * dependency at load; Alias= adds a name).
 *
 * Pure apart from reading files: never logs. A unit with an error is
 * reported in the diag_list and left out; every other unit still loads.
 */
#ifndef SVINIT_LOAD_H
#define SVINIT_LOAD_H

#include "diag.h"
#include "unit.h"

/* Load every unit from dirs (NULL-terminated, in precedence order) into
 * out (which must be initialised and empty). Returns 0 (even when some
 * units had errors: see dl->n_errors) or -ENOMEM. */
int load_units(char *const *dirs, struct unitset *out, struct diag_list *dl);

#endif
