/*
 * ns: what a unit asks of namespaces and mounts, and the plan that the
 * child follows to apply it.
 *
 * Owns: `struct ns_conf`, the [Service] settings of systemd's namespace
 * family (PrivateTmp=, PrivateNetwork=, PrivateIPC=, ProtectHostname=,
 * ProtectSystem=, ProtectHome=, the path lists, BindPaths=,
 * TemporaryFileSystem=, PrivateDevices=, ProtectKernelTunables=,
 * ProtectControlGroups=) and of the service's directories
 * (RuntimeDirectory= and its kin), and the plan built from them once, at
 * load.
 *
 * The parser (parse_ns.c) fills the settings; ns_conf_plan turns them
 * into `struct ns_plan`: which namespaces to unshare, and a list of mount
 * operations sorted so that a parent path always comes before the paths
 * under it (a later, deeper operation overrides an earlier one for its
 * subtree, and for the same path the operation listed later wins). The
 * child (nsmount.h) only walks that list and makes system calls: every
 * string, flag and option was checked here, in the daemon, where an error
 * can still be reported with the unit's name.
 *
 * Pure: no I/O, no system calls. The plan's strings are owned by the
 * plan; ns_conf_free frees both. Not thread-safe (nothing here is).
 */
#ifndef SVINIT_NS_H
#define SVINIT_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ns_protect_system {
	NS_PROTECT_SYSTEM_NO,
	NS_PROTECT_SYSTEM_YES,	  /* /usr, /boot, /efi read-only */
	NS_PROTECT_SYSTEM_FULL,	  /* and /etc */
	NS_PROTECT_SYSTEM_STRICT, /* all but /dev, /proc, /sys */
};

enum ns_protect_home {
	NS_PROTECT_HOME_NO,
	NS_PROTECT_HOME_YES, /* /home, /root, /run/user inaccessible */
	NS_PROTECT_HOME_READ_ONLY,
	NS_PROTECT_HOME_TMPFS, /* an empty read-only tmpfs over each */
};

/* ProtectProc=: the hidepid= of a /proc of the service's own. */
enum ns_protect_proc {
	NS_PROTECT_PROC_DEFAULT,
	NS_PROTECT_PROC_NOACCESS,
	NS_PROTECT_PROC_INVISIBLE,
	NS_PROTECT_PROC_PTRACEABLE,
};

/* The names unit files use for the enums, NULL-terminated. */
extern const char *const ns_protect_proc_names[];
extern const char *const ns_protect_system_names[];
extern const char *const ns_protect_home_names[];

/* One path of ReadOnlyPaths= and its kin. optional: the `-` prefix (a
 * missing path is skipped). */
struct ns_path {
	char *path;
	bool optional;
};

struct ns_path_list {
	struct ns_path *v;
	size_t n;
};

/* BindPaths= / BindReadOnlyPaths=: SRC[:DST[:OPTIONS]]. */
struct ns_bind {
	char *src, *dst;
	bool optional;	/* `-`: a missing source is skipped */
	bool read_only; /* BindReadOnlyPaths= */
	bool recursive; /* rbind (the default) or norbind */
};

/* TemporaryFileSystem=PATH[:OPTIONS]: the options checked and split into
 * mount(2) flags and the data string the file system reads. */
struct ns_tmpfs {
	char *path;
	unsigned long flags; /* MS_* */
	char *data;	     /* "mode=0755,size=..." */
};

/* RuntimeDirectory= and its kin: names relative to a base (/run,
 * /var/lib, /var/cache, /var/log, /etc), created before the namespaces
 * (nsdirs.h). */
enum ns_dir_kind {
	NS_DIR_RUNTIME,
	NS_DIR_STATE,
	NS_DIR_CACHE,
	NS_DIR_LOGS,
	NS_DIR_CONFIGURATION,
	_NS_DIR_MAX,
};

/* The base of each kind, and the variable that names its directories in
 * the service's environment (RUNTIME_DIRECTORY=, ...). */
extern const char *const ns_dir_base[_NS_DIR_MAX];
extern const char *const ns_dir_env[_NS_DIR_MAX];

struct ns_dirs {
	char **names;  /* relative and normalized, as written (expanded) */
	unsigned mode; /* of the innermost directory, when mode_set */
	bool mode_set; /* else 0755, as in systemd */
};

/* RuntimeDirectoryPreserve=: when the runtime directories go. */
enum ns_preserve {
	NS_PRESERVE_NO,	     /* at every stop, restarts too */
	NS_PRESERVE_YES,     /* never */
	NS_PRESERVE_RESTART, /* at a stop, but not at an automatic restart */
};

extern const char *const ns_preserve_names[];

/* One directory to make: its full path; the innermost of a name gets
 * the kind's mode and (but for ConfigurationDirectory=) the unit's user
 * and group, the ones above it mode 0755 and root, as in systemd. */
struct ns_mkdir {
	enum ns_dir_kind kind;
	char *path;
	bool leaf;
	unsigned mode;
};

/* What the child does for one path (see the top of this file). */
enum ns_op_kind {
	/* Bind the path onto itself (unless it is "/"), then set or clear
	 * the attributes on it and every mount below. */
	NS_OP_ATTR,
	/* A new tmpfs at the path, with flags and data. */
	NS_OP_TMPFS,
	/* The source (taken before any other operation, so from the
	 * tree as it was) onto the path. */
	NS_OP_BIND,
	/* An empty, mode 0000 node of the path's type over it. */
	NS_OP_INACCESSIBLE,
	/* PrivateDevices=: a minimal /dev at the path. */
	NS_OP_DEV,
	/* ProtectProc=, ProcSubset=: a new proc at the path, with data. */
	NS_OP_PROC,
};

struct ns_op {
	enum ns_op_kind kind;
	char *path;
	char *src;  /* NS_OP_BIND: the source */
	char *data; /* NS_OP_TMPFS, NS_OP_PROC: options for the file system */
	unsigned long flags; /* NS_OP_TMPFS: MS_*; NS_OP_BIND: MS_REC */
	/* MOUNT_ATTR_* set and cleared recursively once the path is in
	 * place (NS_OP_ATTR, NS_OP_BIND, NS_OP_TMPFS). */
	uint64_t attr_set, attr_clr;
	bool optional; /* a missing path (or bind source) is skipped */
	unsigned seq;  /* order of addition: ties in the sort keep it */
};

/* At most this many operations, and of them binds (the child holds one
 * fd per bind source at once, on its small stack). */
#define NS_OPS_MAX  1024
#define NS_BIND_MAX 64

struct ns_plan {
	int unshare_flags; /* CLONE_NEW*; 0: no namespace, no mount */
	/* Capabilities to drop from the bounding set (bit n: capability
	 * n), and whether syslog(2) is denied (nskernel.h). */
	uint64_t capbset_drop;
	bool deny_syslog;
	bool loopback_up;  /* PrivateNetwork=: bring lo up */
	struct ns_op *ops; /* sorted, see the top of this file */
	size_t n_ops;
	size_t n_binds;
	/* The directories, in creation order (parents first). */
	struct ns_mkdir *mkdirs;
	size_t n_mkdirs;
	/* "RUNTIME_DIRECTORY=/run/a:/run/b", ... for the kinds the unit
	 * uses, NULL-terminated (NULL when none): extra environment. */
	char **env;
	/* The full paths of the runtime directories, removed at stop. */
	char **runtime_paths;
};

struct ns_conf {
	bool private_tmp, private_network, private_ipc, protect_hostname;
	bool private_devices, protect_kernel_tunables;
	bool protect_control_groups, protect_kernel_modules;
	bool protect_kernel_logs, protect_clock, private_mounts;
	bool private_users; /* PrivateUsers= (nskernel_private_users) */
	enum ns_protect_proc protect_proc;
	bool proc_subset_pid; /* ProcSubset=pid */
	enum ns_protect_system protect_system;
	enum ns_protect_home protect_home;
	struct ns_path_list read_only, read_write, inaccessible;
	struct ns_path_list exec, no_exec; /* ExecPaths=, NoExecPaths= */
	struct ns_bind *binds;
	size_t n_binds;
	struct ns_tmpfs *tmpfs;
	size_t n_tmpfs;
	struct ns_dirs dirs[_NS_DIR_MAX];
	enum ns_preserve runtime_preserve;
	/* RootDirectory=: the child chroots there once the namespaces are
	 * made (step CHROOT); NULL: none. ns_conf_plan refuses it beside
	 * any mount or directory, whose paths systemd takes inside the
	 * root and svinit does not (yet). */
	char *root_directory;

	struct ns_plan plan; /* set by ns_conf_plan */
};

void ns_conf_free(struct ns_conf *c);

/*
 * Build c->plan from the settings (replacing an earlier plan). 0, -ENOMEM,
 * or -E2BIG with *why saying which bound was passed (the unit must not
 * load). The settings were checked by the parser; the plan adds the
 * implied mounts (ProtectSystem= and the others) in a fixed order before
 * the unit's own paths, so that for one path the unit's explicit list
 * wins over a Protect*= default.
 */
int ns_conf_plan(struct ns_conf *c, const char **why);

/*
 * A path as the path keys take it: absolute, normalized (no `.` or `..`
 * component, no `//`, no trailing `/` but for "/" itself), at most
 * PATH_MAX bytes. false with *why otherwise.
 */
bool ns_path_ok(const char *p, const char **why);

/*
 * TemporaryFileSystem='s options ("ro,mode=0700,size=10M"): flags become
 * MS_* in *flags, the rest (mode=, size=, nr_inodes=, uid=, gid=) the
 * data string in *data (allocated). systemd's defaults come first:
 * nodev, strictatime, mode=0755. 0, -EINVAL with *why, or -ENOMEM.
 */
int ns_tmpfs_options(const char *opts, unsigned long *flags, char **data,
		     const char **why);

#endif
