/*
 * builtin_units: the targets every unit set has, as systemd's do, so that
 * units naming them load without a file for each (load.c loads one
 * wherever no directory has a file, a mask or an alias by that name).
 *
 * The chain default.target -> multi-user.target -> basic.target ->
 * sockets.target is systemd's: a socket with WantedBy=sockets.target
 * listens from the start.
 */
#ifndef SVINIT_BUILTIN_UNITS_H
#define SVINIT_BUILTIN_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "unit.h"

/* The name of built-in target i, or NULL past the last. */
const char *builtin_unit_name(size_t i);
/* Whether name is one of them. */
bool builtin_unit_is(const char *name);
/* Give u (a built-in target, named so) its description, dependencies
 * and default-dependency setting. 0 or -ENOMEM. */
int builtin_unit_setup(struct unit *u);

#endif
