/*
 * ctlverify: svctl analyze verify FILE...: the check of `svinit
 * --verify`, on the files named instead of the unit directories.
 *
 * Owns: a private temporary unit directory holding a copy of each file
 * (and of the drop-ins of FILE.d/ beside it), `svinit --verify --units`
 * on it, and its messages with the copies' paths turned back into the
 * files' own, so that every problem still reads FILE:LINE. Copies, not
 * links: svinit reads a link named as its target as an alias of itself.
 * svinit is the one installed beside svctl (the same directory), else
 * the first on PATH. Runs in svctl only; svinit need not be running.
 */
#ifndef SVINIT_CTLVERIFY_H
#define SVINIT_CTLVERIFY_H

/* files[0..n): the unit files. Returns svctl's exit status: svinit
 * --verify's (0: no error), 1 when it could not run, 2 for a usage
 * error (no file, or a name that is no unit's). */
int ctlverify_run(char *const *files, int n);

#endif
