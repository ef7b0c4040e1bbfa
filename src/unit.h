/*
 * unit: the unit model and the table of loaded units.
 *
 * Owns: `struct unit`, the checked, in-memory form of one unit file with
 * its drop-ins applied and its template instantiated, and `struct unitset`,
 * the units of one load keyed by name (O(1) lookup).
 *
 * Invariants: a unit in a unitset either passed loading without error, or
 * failed to load and is a placeholder that says why (load_error): it has
 * its name, type, files and that reason, and nothing else (no commands,
 * no dependencies, no [Install]), so that it stays visible to svctl, the
 * graph can mark it, and the job engine can refuse to start it. Every
 * string is owned by the unit and freed by unit_free. Dependencies are
 * kept as names here; the graph module resolves them to indices. Runtime
 * state (pids, timers, ...) never lives here: a unit is configuration,
 * shared read-only by the runtime until the next daemon-reload replaces
 * the whole set.
 */
#ifndef SVINIT_UNIT_H
#define SVINIT_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cglimits.h"
#include "nametab.h"
#include "ns.h"
#include "privs.h"
#include "socket.h"
#include "util.h"

#define UNIT_NAME_MAX 256

enum unit_type {
	UNIT_SERVICE,
	UNIT_TARGET,
	UNIT_SOCKET,
	_UNIT_TYPE_MAX,
};

/* Dependency kinds, as named in [Unit]. */
enum dep_kind {
	DEP_REQUIRES,
	DEP_REQUISITE,
	DEP_WANTS,
	DEP_BINDS_TO,
	DEP_PART_OF,
	DEP_CONFLICTS,
	DEP_AFTER,
	DEP_BEFORE,
	DEP_ON_FAILURE,
	_DEP_MAX,
};

enum cond_kind {
	COND_PATH_EXISTS,
	COND_PATH_IS_DIRECTORY,
	COND_FILE_NOT_EMPTY,
};

struct condition {
	enum cond_kind kind;
	bool negate; /* written with a leading `!` */
	char *path;
	unsigned line; /* where it was set, for messages */
};

enum svc_type {
	SVC_SIMPLE,
	SVC_EXEC,
	SVC_ONESHOT,
	SVC_FORKING,
	SVC_NOTIFY,	   /* ready at READY=1 (notify.h) */
	SVC_NOTIFY_RELOAD, /* and reloads by ReloadSignal= and RELOADING=1 */
};

/* NotifyAccess=: which processes of the unit may send notifications.
 * NOTIFY_ACCESS_DEFAULT: unset, none or main by Type= (svc_notify_access). */
enum notify_access {
	NOTIFY_ACCESS_NONE,
	NOTIFY_ACCESS_MAIN,
	NOTIFY_ACCESS_EXEC,
	NOTIFY_ACCESS_ALL,
	NOTIFY_ACCESS_DEFAULT,
};

/* FileDescriptorStorePreserve=: how long the descriptor store outlives
 * the service's processes (manager_notify.c). */
enum fdstore_preserve {
	FDSTORE_PRESERVE_RESTART, /* while the unit is wanted up (default) */
	FDSTORE_PRESERVE_NO,	  /* only while the unit is not inactive */
	FDSTORE_PRESERVE_YES,	  /* until the unit is unloaded */
};

enum restart_policy {
	RESTART_NO,
	RESTART_ON_SUCCESS,
	RESTART_ON_FAILURE,
	RESTART_ON_ABNORMAL,
	RESTART_ON_ABORT,
	RESTART_ON_WATCHDOG,
	RESTART_ALWAYS,
};

enum kill_mode {
	KILL_CONTROL_GROUP,
	KILL_PROCESS,
	KILL_MIXED,
	KILL_NONE,
};

/* Where stdout/stderr go. `journal`, `syslog`, `kmsg` (and their +console
 * forms) are accepted as synonyms for LOG so that systemd units load. */
enum std_output {
	OUT_LOG,
	OUT_NULL,
	OUT_INHERIT,
	OUT_FILE,   /* file:PATH, truncated */
	OUT_APPEND, /* append:PATH */
};

/* Exec line prefixes. `-`: a failure is ignored; `@`: the second word is
 * argv[0] and the first the program; `:`: no $VAR expansion; `+`: full
 * privileges (no User=, Group=, SupplementaryGroups=, capability,
 * no_new_privs or seccomp restriction, no namespaces: only the limits,
 * nice, scheduling and OOM score apply); `!`: the sandbox applies but not
 * the ids (the command runs as root); `!!`: only meaningful without
 * ambient capabilities, which Linux has since 4.3, so it changes
 * nothing (as in systemd). */
#define EXEC_IGNORE_FAILURE   (1u << 0)
#define EXEC_ARGV0	      (1u << 1)
#define EXEC_NO_ENV_EXPAND    (1u << 2)
#define EXEC_FULL_PRIVILEGES  (1u << 3)
#define EXEC_KEEP_IDS	      (1u << 4)
#define EXEC_AMBIENT_FALLBACK (1u << 5)

struct exec_cmd {
	char *path;  /* the program to execute (absolute, or a bare name
			looked up in PATH at spawn) */
	char **argv; /* words after quoting and specifiers, before $VAR
			expansion (that happens at spawn, with the final
			environment) */
	unsigned flags;
	unsigned line; /* where it was set */
};

struct exec_list {
	struct exec_cmd *cmds;
	size_t n;
};

/* A set of exit statuses (0-255) and signals (1-64), as in
 * SuccessExitStatus= and RestartPreventExitStatus=. */
struct exit_set {
	uint64_t status[4];
	uint64_t signals;
};

bool unit_exit_set_has_status(const struct exit_set *s, int status);
bool unit_exit_set_has_signal(const struct exit_set *s, int sig);
void unit_exit_set_add_status(struct exit_set *s, int status);
void unit_exit_set_add_signal(struct exit_set *s, int sig);
bool unit_exit_set_empty(const struct exit_set *s);

/* Where a setting was made, for a message that names it later: the file
 * (owned) and the line, 0 when unset. */
struct unit_origin {
	char *file;
	unsigned line;
};

/*
 * User= and Group= as ids, resolved by the loader (creds.h) when the unit
 * is loaded or reloaded, so that a spawn never asks the name service
 * (which may be slow or hang) and an unknown name is a load error.
 */
struct unit_creds {
	bool has_user;	/* User= given: uid, user_name, home, shell set */
	bool has_group; /* User= or Group= given: gid and groups set */
	uid_t uid;
	gid_t gid; /* Group=, or the user's primary group */
	/* The supplementary groups: the user's (getgrouplist, gid first);
	 * none for Group= alone, as in systemd. */
	gid_t *groups;
	size_t n_groups;
	char *user_name; /* the name, also when User= gave a number */
	/* The user's home and shell; without User=, home is the daemon's own
	 * when WorkingDirectory=~ needs it (NULL if it has none). */
	char *home, *shell;
};

void unit_creds_clear(struct unit_creds *c);

struct env_file {
	char *path;
	bool optional; /* written with a leading `-` */
};

struct service_conf {
	enum svc_type type;
	struct exec_list start_pre, start, start_post, reload, stop, stop_post;
	bool remain_after_exit;
	bool essential; /* Essential=: a container exits when it ends */
	char *pid_file;

	enum restart_policy restart;
	usec_t restart_sec;	  /* default 100ms */
	unsigned restart_steps;	  /* 0: no growth */
	usec_t restart_max_delay; /* USEC_INFINITY: unset */
	struct exit_set restart_prevent;
	struct exit_set success;

	usec_t timeout_start; /* default 90s; USEC_INFINITY: none */
	usec_t timeout_stop;  /* default 90s */
	int kill_signal;      /* default SIGTERM */
	enum kill_mode kill_mode;
	bool send_sigkill; /* default true */

	enum notify_access notify_access;
	usec_t watchdog_usec; /* WatchdogSec=; 0: none */
	int watchdog_signal;  /* WatchdogSignal=, default SIGABRT */
	bool remove_ipc;      /* RemoveIPC= (removeipc.h) */
	int reload_signal;    /* ReloadSignal=, default SIGHUP */
	unsigned fdstore_max; /* FileDescriptorStoreMax=, default 0 */
	/* The .socket units whose descriptors the main process gets, as
	 * LISTEN_FDS=: Sockets=, plus every socket that activates this
	 * service (unit_link_sockets adds those). */
	char **sockets;
	enum fdstore_preserve fdstore_preserve;

	char *user, *group; /* as written (name or number) */
	struct unit_origin user_at, group_at;
	struct unit_creds creds; /* set by the loader, not the parser */
	/* MemoryMax=, CPUQuota=, ...: NULL until one is set (most units
	 * have none, and the struct is large); read it with unit_limits. */
	struct cg_limits *limits;
	char *working_directory;
	bool working_directory_optional; /* `-` prefix */
	bool working_directory_home;	 /* `~` */
	char **environment; /* "KEY=VALUE", later assignments win */
	struct env_file *env_files;
	size_t n_env_files;
	mode_t umask; /* default 0022 */
	/* Namespaces, mounts and directories with their plan; NULL when
	 * the unit sets none of their keys (most units: the struct is
	 * large). */
	struct ns_conf *ns;
	/* Capabilities, rlimits, scheduling, seccomp (privs.h): NULL until
	 * a key of privs.h is set (most units set none, and the struct is
	 * large); read it with unit_privs. */
	struct privs_conf *privs;

	enum std_output std_out, std_err;
	char *std_out_path, *std_err_path;

	/* svinit's own: rotation of this unit's log, overriding the
	 * daemon's --log-max-size / --log-keep. UNIT_LOG_DEFAULT: unset. */
	uint64_t log_max_size;
	uint64_t log_keep;
};

#define UNIT_LOG_DEFAULT UINT64_MAX

struct unit {
	char *name; /* "web.service", "getty@tty1.service" */
	enum unit_type type;
	char *path;	     /* the main file; NULL for a built-in target */
	char **dropins;	     /* drop-in files applied, in order */
	char *template_name; /* "getty@.service" for an instance, else NULL */
	char *instance;	     /* "tty1" for an instance, else NULL */
	/* NULL when the unit loaded; else why it did not (the first error
	 * of its files, "FILE:LINE: message") and the unit is a placeholder
	 * (see the top of this file). */
	char *load_error;

	char *description;
	char **documentation;
	char **deps[_DEP_MAX]; /* unit names, in file order, no duplicates */
	struct condition *conds;
	size_t n_conds;
	usec_t start_limit_interval; /* default 10s */
	unsigned start_limit_burst;  /* default 5 */
	bool default_dependencies;   /* default true */

	char **wanted_by, **required_by, **alias;

	struct service_conf svc; /* meaningful for UNIT_SERVICE only */
	/* [Socket]: set for every UNIT_SOCKET (made by unit_new), NULL for
	 * the other types. */
	struct socket_conf *sock;
	/* [Health] (health.h): NULL unless the service has the section. */
	struct health_conf *health;
	/* [Deploy] (deploy.h): NULL unless the template has the section. */
	struct deploy_conf *deploy;
};

/* systemd's implicit dependencies, for units with DefaultDependencies=yes
 * (a unit that failed to load gets none):
 * a target is ordered After= the units it Wants=/Requires=/BindsTo=
 * (unless they are ordered against it already), so that it is reached
 * when they are up; a service Conflicts= and is Before= shutdown.target.
 * Run once after loading, before the graph is built. 0 or -ENOMEM. */
struct unitset;
int unit_add_default_deps(struct unitset *s);
/* Socket activation's implicit links, run before unit_add_default_deps:
 * a socket unit activates Service= (or the service of its own name),
 * which then gets the socket's descriptors (svc.sockets) and is ordered
 * after it; socket->sock->service is set to that name. A socket whose
 * service is not in s is left as it is (a warning in dl; its start fails
 * and says why). 0 or -ENOMEM. */
struct diag_list;
int unit_link_sockets(struct unitset *s, struct diag_list *dl);
/* The service a socket unit activates: Service=, or the unit's own name
 * as a .service; NULL on ENOMEM (malloc'd). */
char *unit_socket_service(const struct unit *u);

/* Allocate a unit with systemd's defaults for its type. NULL on ENOMEM. */
struct unit *unit_new(const char *name, enum unit_type type);
void unit_free(struct unit *u);
/* Why u failed to load ("FILE:LINE: message"), or NULL when it loaded:
 * what `svctl status` shows as `Loaded: error (...)`, and the reason a
 * start of u is refused. */
const char *unit_load_error(const struct unit *u);

/* The unit's resource limits; an empty set when none was given. */
static inline const struct cg_limits *unit_limits(const struct unit *u)
{
	return u->svc.limits ? u->svc.limits : &cglimits_none;
}

/* The unit's privileges and limits; systemd's defaults when none was
 * given. */
static inline const struct privs_conf *unit_privs(const struct unit *u)
{
	return u->svc.privs ? u->svc.privs : &privs_conf_none;
}

void unit_exec_list_free(struct exec_list *l);

/* "web.service" -> UNIT_SERVICE; -EINVAL for an unsupported suffix. */
int unit_type_from_name(const char *name);
/* A valid unit name: [A-Za-z0-9:_.\\-@]+ with a known suffix, at most one
 * `@`, shorter than UNIT_NAME_MAX. */
bool unit_name_is_valid(const char *name);
/* "a@b.service" -> true; "a@.service" is a template, not an instance. */
bool unit_name_is_template(const char *name);
bool unit_name_is_instance(const char *name);
/* Whether name ends in a unit type of systemd that svinit does not have
 * (".timer", ".mount", ...) after a non-empty stem. */
bool unit_name_is_other_type(const char *name);

const char *unit_type_to_string(enum unit_type t);
const char *unit_dep_kind_to_string(enum dep_kind k); /* "Requires", ... */
/* The names unit files use for the values of enum svc_type, restart_policy
 * and kill_mode, indexed by value and NULL-terminated: the parser reads
 * them and the *_to_string functions below return them, so what svctl
 * shows is always what a unit file may say. */
extern const char *const unit_svc_type_names[];
extern const char *const unit_restart_names[];
extern const char *const unit_kill_mode_names[];
extern const char *const unit_notify_access_names[];
extern const char *const unit_fdstore_preserve_names[];
const char *unit_svc_type_to_string(enum svc_type t);
const char *unit_restart_policy_to_string(enum restart_policy r);
const char *unit_kill_mode_to_string(enum kill_mode k);

/*
 * The units of one load. Names are unique; aliases map to the same unit.
 * Iteration order is insertion order (units[0..n)).
 */
struct unitset {
	struct unit **units;
	size_t n, cap;
	/* name or alias -> index into units; the names are the units' own
	 * strings (the unit's name, or one of its alias list) */
	struct nametab names;
};

void unitset_init(struct unitset *s);
/* Frees every unit too. */
void unitset_free(struct unitset *s);
/* Take ownership of u. -EEXIST if the name is taken, -ENOMEM. */
int unitset_add(struct unitset *s, struct unit *u);
/* Make alias resolve to the unit at index. -EEXIST, -ENOMEM. The alias
 * string must stay alive as long as the set (use a string of the unit). */
int unitset_add_alias(struct unitset *s, const char *alias, size_t index);
struct unit *unitset_get(const struct unitset *s, const char *name);
/* Index of name in units[], or -ENOENT. */
long unitset_index(const struct unitset *s, const char *name);

#endif
