/*
 * sandbox: what a service's child does to confine itself between the
 * clone and execve, as the unit asks.
 *
 * Owns: the spawn hooks (spawn.h) of every service's child. The areas of
 * isolation each keep their own module (what a unit asks, prepared and
 * checked at load; the system calls that apply it); this one only calls
 * them in spawn's step order:
 *   privileged (after FDS, still root): namespaces and mounts, limits,
 *       scheduling, OOM score;
 *   before_exec (after the ids and the directory): capabilities,
 *       no_new_privs, seccomp.
 * Both run under the child's rules (spawn.h): async-signal-safe calls
 * only, no allocation, no writes but to their own stack. Everything they
 * need was computed at load (unit.h), so a step only makes system calls.
 * The data is the unit (const struct unit *), which outlives the spawn.
 */
#ifndef SVINIT_SANDBOX_H
#define SVINIT_SANDBOX_H

#include "spawn.h"

extern const struct spawn_hooks sandbox_hooks;
/* For a command with the `+` prefix (full privileges, unit.h): the
 * resource settings only (limits, nice, scheduling, OOM score); no
 * capability, no_new_privs, seccomp or namespace. Same data. */
extern const struct spawn_hooks sandbox_full_privileges_hooks;

#endif
