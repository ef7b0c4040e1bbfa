/*
 * load: the unit directories into a unitset.
 *
 * Owns: finding unit files (the first directory that has a name wins),
 * drop-in directories (NAME.d/ *.conf from every unit directory, applied in
 * lexical order of file name), templates (NAME@.service instantiated as
 * NAME@INSTANCE.service when a loaded unit names the instance), the
 * built-in targets, and [Install] (WantedBy=/RequiredBy= add the reverse
 * dependency at load; Alias= adds a name). Called by svinit --verify, the
 * daemon at start and at daemon-reload; helpers: unitdir (the disk),
 * install (reverse dependencies), parse (each file).
 *
 * Pure apart from reading files and asking the name service (User=,
 * Group=: creds.h): never logs. A unit with an error is reported in the
 * diag_list and added as a placeholder that failed to load (unit.h: its
 * name, type, files and first error, nothing else), so that it stays
 * visible and the job engine refuses to start it; every other unit still
 * loads.
 *
 * The rules, as a systemd user would expect them:
 *  - Every NAME.service and NAME.target file of the directories is a unit,
 *    instance files (NAME@INST.service) included; a template NAME@.service
 *    is not. A file that is a symlink to /dev/null, or empty, masks its
 *    name: nothing of that name loads (no built-in, no instance), silently.
 *  - A symlink whose target has another unit name of the same type (which
 *    some directory provides, or a built-in target) is an alias: its name
 *    resolves to that unit and is added to the unit's `alias` list, which
 *    therefore holds every other name of the unit (Alias= and symlinks).
 *    Any other symlink is read as a file under the link's own name. A
 *    dangling link may alias a built-in target (which has no file);
 *    otherwise it is a warning and ignored, as are loops of links.
 *  - Other systemd types (.socket, .timer, .mount, ...), names that are
 *    not unit names, dangling links and special files: a warning, skipped.
 *    Directories (NAME.d/, NAME.wants/) are skipped silently; .wants/ and
 *    .requires/ directories are not read (there is no enable step), nor
 *    are type-wide drop-ins (service.d/) or drop-ins of alias names.
 *  - Drop-ins: for an instance, the template's (NAME@.service.d/) first,
 *    then the instance's; a drop-in that is empty or a link to /dev/null
 *    shadows that file name and applies nothing.
 *  - Instances are created, with a work queue, for every instance name in
 *    a dependency list or in WantedBy=/RequiredBy= of a loaded unit: from
 *    NAME@INST.service when a directory has it, else from NAME@.service.
 *    template_name and instance are set before parsing (for %i, %p).
 *  - Built-in targets (default, multi-user, basic, sysinit, network,
 *    network-online, shutdown) have path NULL; default.target Wants= and
 *    After= multi-user.target; basic, sysinit and shutdown have
 *    DefaultDependencies=no as in systemd. A file, mask or alias of that
 *    name replaces the built-in. Drop-ins apply to built-ins too.
 *  - Unit set order: file units sorted by name, then the built-ins, then
 *    instances in the order they were first named. Deterministic.
 *  - [Install] of every loaded unit, instances included, applies once all
 *    units are loaded (install.h); a WantedBy=/RequiredBy= naming no unit
 *    is a warning (`FILE: WantedBy=T: no such unit, ignored`). An Alias=
 *    that clashes (with a unit, with a symlink alias, which is registered
 *    first, or with an earlier Alias= in unit set order) or is not a name
 *    of the same type is an error for that alias only: the unit still
 *    loads under its own name. An Alias= naming a masked name is ignored.
 *    The unit set itself does not add systemd's default dependencies:
 *    the caller runs unit_add_default_deps() after load_units().
 *  - A directory that does not exist is skipped silently; one that exists
 *    but cannot be read is an error, and is skipped for drop-ins too. A
 *    drop-in directory or file that cannot be read is an error for the
 *    unit, which does not load (that drop-in might restrict it). A unit
 *    file that cannot be examined or read is a unit that failed to load,
 *    and still shadows the same name in later directories.
 *  - Units that fail to load (a bad file or drop-in, an unknown User=, a
 *    broken template for an instance, a built-in target with a bad
 *    drop-in) are placeholders in the set, in the place the unit would
 *    have had. Their [Install] and Alias= do not apply; a symlink alias to
 *    one resolves to it.
 *  - A resource limit (MemoryMax=, ...) that the cgroup hierarchies cg
 *    cannot apply is an error at its line: the unit does not load.
 *  - A template whose [Deploy] says Instances=N (in its file or its
 *    drop-ins) gets NAME@1 ... NAME@N, as if a unit had named them;
 *    scales, when given, override N per template (svctl scale).
 *  - At most LOAD_MAX_UNITS units: past it, an error and the rest ignored.
 */
#ifndef SVINIT_LOAD_H
#define SVINIT_LOAD_H

#include "cgroup.h"
#include "diag.h"
#include "unit.h"

#define LOAD_MAX_UNITS 100000

/* A count of instances for a template ("web@.service"), overriding its
 * Instances=; scales is an array of n of them. */
struct load_scale {
	char *tmpl;
	unsigned n;
};
struct load_scales {
	struct load_scale *v;
	size_t n;
};

/* Load every unit from dirs (NULL-terminated, in precedence order) into
 * out (which must be initialised and empty), checking limits against cg
 * (NULL: not checked), with the instance counts of scales (NULL: none).
 * Returns 0 (even when some units had errors: see dl->n_errors) or
 * -ENOMEM. */
int load_units(char *const *dirs, struct unitset *out, struct diag_list *dl,
	       const struct cgroups *cg, const struct load_scales *scales);

#endif
