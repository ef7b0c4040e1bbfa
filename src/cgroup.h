/*
 * cgroup: the control groups svinit puts each unit in, on whichever
 * hierarchies the kernel offers, behind one interface.
 *
 * Owns: finding the hierarchies at start (/proc/self/mountinfo and
 * /proc/self/cgroup), svinit's own subtree in each, one directory per unit
 * in it, and every file access under them: placing a process, listing and
 * signalling a unit's processes, asking whether any is left, writing a
 * limit, reading a figure. It knows nothing of units beyond their names.
 *
 * The hierarchies:
 * - unified: cgroup2 with controllers (every current distribution). One
 *   tree tracks the processes and carries the limits.
 * - hybrid or legacy: cgroup v1 hierarchies, one per controller (or a
 *   few together), as on older systems and on the development machine,
 *   plus a cgroup2 without controllers where one is mounted (hybrid). The
 *   cgroup2 tracks the processes (cgroup.events, cgroup.kill); without
 *   one, the first v1 hierarchy of pids, memory, cpu does. Limits go to
 *   the v1 hierarchy of their controller, and a unit gets a directory in a
 *   v1 hierarchy only when one of its limits needs that controller, so a
 *   unit without limits costs one directory and one placement per spawn.
 * - none: no cgroup filesystem. Then cgroups_active() is false and the
 *   caller keeps tracking by process groups (procset.h); a unit asking
 *   for a limit does not load (never weaker than asked).
 *
 * svinit's subtree ("the root" below) is, in every hierarchy, the cgroup
 * svinit was started in, so that it runs delegated under another init,
 * in a container or in a test; `--cgroup-root PATH` chooses another: an
 * absolute PATH from the hierarchy's top, a relative one below svinit's
 * own cgroup. A root svinit created is removed when it leaves, if empty.
 * A unit's cgroup is ROOT/UNIT-NAME. On a unified hierarchy, controllers
 * can only be handed to children of a cgroup that holds no process: when
 * svinit's root is its own cgroup, it moves itself to ROOT/svinit.scope.
 *
 * Placement: the parent opens the unit's cgroup.procs files (one per
 * hierarchy) and the child writes "0" to each before anything else, so
 * every process the service ever makes is born inside.
 *
 * I/O: small reads and writes of kernel files, which never block; kill
 * through the sys seam (sys.h), so tests can fake the processes. A test
 * can also give the text of mountinfo and /proc/self/cgroup
 * (cgroups_setup) and a directory tree that stands for the hierarchies.
 */
#ifndef SVINIT_CGROUP_H
#define SVINIT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Controllers svinit sets limits with (a bit each). On v1, cpuacct
 * usually shares a hierarchy with cpu; blkio is v1's io. */
enum {
	CG_MEMORY = 1 << 0,
	CG_CPU = 1 << 1,
	CG_CPUACCT = 1 << 2,
	CG_PIDS = 1 << 3,
	CG_IO = 1 << 4,
	CG_CPUSET = 1 << 5,
};

#define CG_HIER_MAX 8

struct cg_hier {
	int fd;		/* the root's directory (O_PATH), -1 when unused */
	unsigned ctrls; /* CG_* served here (v2: those enabled for units) */
	bool v2;
	bool made_root; /* svinit created the root: removed at close */
	char *dir;	/* the root in the file system, for messages */
	char *cg_path;	/* the root as a cgroup path ("/a/b") */
};

struct cgroups {
	struct cg_hier h[CG_HIER_MAX];
	unsigned n;
	int track;	 /* the hierarchy that tracks processes; -1: none */
	unsigned ctrls;	 /* every CG_* some hierarchy serves */
	bool unified;	 /* the limits are cgroup v2's */
	bool moved_self; /* svinit moved itself to ROOT/svinit.scope */
};

/* An empty, inactive set: cgroups_active() is false. */
void cgroups_init(struct cgroups *cg);
/* Find the hierarchies and make svinit's root in each (root: see above;
 * NULL for the default). 0 (also when none is mounted: then inactive), or
 * -errno with nothing kept when a hierarchy is there but cannot be used
 * (the root cannot be made or opened). */
int cgroups_open(struct cgroups *cg, const char *root);
/* Only find what the hierarchies offer (--verify): nothing is made or
 * moved; the roots are svinit's own cgroups. */
int cgroups_probe(struct cgroups *cg);
/* cgroups_open (or with probe, cgroups_probe) from the given texts of
 * /proc/self/mountinfo and /proc/self/cgroup (tests). */
int cgroups_setup(struct cgroups *cg, const char *mountinfo,
		  const char *self_cgroup, const char *root, bool probe);
/* Close the roots; remove the ones svinit made, when empty. */
void cgroups_close(struct cgroups *cg);
bool cgroups_active(const struct cgroups *cg);
/* "unified", "hybrid", "legacy" or "none", for messages. */
const char *cgroups_mode(const struct cgroups *cg);
/* The root as a cgroup path of the tracking hierarchy, NULL if none. */
const char *cgroups_root_path(const struct cgroups *cg);

/* Make the unit's cgroup in the tracking hierarchy and in those serving
 * ctrls (CG_*; an existing one is fine). 1 when the tracking one was made
 * now (so it is empty), 0 when it was there, -EOPNOTSUPP when a
 * controller in ctrls is served by no hierarchy, -errno. */
int cgroups_unit_create(const struct cgroups *cg, const char *name,
			unsigned ctrls);
/* Make the unit's cgroups in the hierarchies serving ctrls and move
 * every process of its tracking cgroup there too (a limit given live
 * whose v1 hierarchy the unit was not in). 0 or -errno. */
int cgroups_unit_join(const struct cgroups *cg, const char *name,
		      unsigned ctrls);
/* Remove the unit's cgroups (a missing one is fine): -EBUSY while a
 * process is left. */
int cgroups_unit_remove(const struct cgroups *cg, const char *name);
/* Open, for a spawn, where the child goes: *dir, the unit's directory in
 * the cgroup2 when that is the tracking hierarchy (O_PATH, for clone3's
 * CLONE_INTO_CGROUP; else -1), and the cgroup.procs files the child
 * writes "0" to: the other hierarchies' among the tracking one and those
 * serving ctrls. Up to max fds into fds (O_WRONLY), their number in *n;
 * all close-on-exec. -errno with none left open. With killed (the
 * cgroup got a cgroup.kill since it was made), *dir is -1 and the child
 * joins the cgroup2 by a write: some kernels (6.18 here) kill every
 * child born by CLONE_INTO_CGROUP in a cgroup that was ever killed. */
int cgroups_unit_procs_fds(const struct cgroups *cg, const char *name,
			   unsigned ctrls, bool killed, int *dir, int *fds,
			   size_t max, size_t *n);
/* Signal every process in the unit's cgroup (SIGKILL on cgroup2 through
 * cgroup.kill, which also catches processes forked meanwhile; elsewhere a
 * few passes over cgroup.procs until no new process shows up). Returns
 * how many were signalled by pid (cgroup.kill counts as 1), or -errno;
 * *killed (may be NULL) is set when cgroup.kill was used. */
int cgroups_unit_kill(const struct cgroups *cg, const char *name, int sig,
		      bool *killed);
/* 1 when a process is left in the unit's cgroup, 0 when none (or no such
 * cgroup), -errno when it cannot be told. */
int cgroups_unit_populated(const struct cgroups *cg, const char *name);

/* Write value to file in the unit's cgroup of the hierarchy serving ctrl
 * (one CG_* bit). 0 or -errno (-EOPNOTSUPP: no such hierarchy). */
int cgroups_unit_write(const struct cgroups *cg, const char *name,
		       unsigned ctrl, const char *file, const char *value);
/* Read file of the unit's cgroup of the hierarchy serving ctrl (0: the
 * tracking one) into buf, NUL-terminated: its length or -errno. */
ssize_t cgroups_unit_read(const struct cgroups *cg, const char *name,
			  unsigned ctrl, const char *file, char *buf,
			  size_t size);

#endif
