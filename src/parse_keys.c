/*
 * parse: the core key table, and the lookup of a key in every table.
 *
 * Decisions a unit author may trip over (the man page repeats them):
 * - A bad value is an error, where systemd would often log and ignore the
 *   line: a unit never runs with a setting silently dropped.
 * - Specifiers are expanded where systemd expands them: names, paths,
 *   Exec lines, Environment=, Description=, Documentation=, User=,
 *   Group=. Not in times, numbers, booleans and enums, where a `%` is
 *   simply a bad value. Exec lines and Environment= are split into words
 *   first and each word is expanded, so an instance name never changes
 *   the splitting.
 * - A list key (dependencies, Exec lines, Environment=, conditions, ...)
 *   appends; an empty assignment empties it. Other keys override.
 * - A dependency on a name of a unit type svinit does not have (.socket,
 *   .mount, ...) is ignored with a warning for ordering and soft keys
 *   (After, Before, Wants, Conflicts, PartOf, OnFailure, WantedBy), and is
 *   an error for Requires, Requisite, BindsTo and RequiredBy, which could
 *   never be met.
 * - TimeoutStartSec=0, TimeoutStopSec=0 and TimeoutSec=0 mean no timeout,
 *   as in systemd.
 * - Also= and DefaultInstance= only matter to `systemctl enable`, which
 *   svinit has no use for: accepted silently, nothing stored.
 * - Environment= entries that are not NAME=VALUE are a warning and are
 *   dropped, as in systemd (they cannot change what the service may do).
 * - Conditions need an absolute path; `!` negates; the `|` (triggering)
 *   prefix is an error, as its OR semantics are not implemented.
 * - PIDFile= relative to /run, as in systemd. WorkingDirectory=~ sets
 *   working_directory_home and leaves the path NULL.
 * - StandardInput= only takes null; StandardOutput=/StandardError= map
 *   journal, syslog, kmsg (and +console) to the unit's log, file: and
 *   truncate: to OUT_FILE, append: to OUT_APPEND; tty, console, socket
 *   and fd: are errors. StandardError=inherit means "as stdout" (the
 *   runtime resolves it).
 * - Restrictive [Service] keys: see restrictive_keys[] below.
 */
#include "parse.h"
#include "parse_internal.h"
#include "deploy.h"
#include "health.h"
#include "spawn.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/*
 * A keyword, stored as the index of its name in k->arg's table, which is
 * unit.c's (the names svctl shows are the ones read here). Every enum
 * field of struct unit is int-sized with small non-negative values, so
 * the index is copied in as an int.
 */
static const char *const *const enum_names[] = {
	unit_svc_type_names,
	unit_restart_names,
	unit_kill_mode_names,
	unit_notify_access_names,
};
enum { ENUM_TYPE, ENUM_RESTART, ENUM_KILL_MODE, ENUM_NOTIFY_ACCESS };

_Static_assert(sizeof(enum svc_type) == sizeof(int) &&
		       sizeof(enum restart_policy) == sizeof(int) &&
		       sizeof(enum kill_mode) == sizeof(int) &&
		       sizeof(enum notify_access) == sizeof(int),
	       "k_enum writes enum fields as int");

static int k_enum(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	int i = parse_find_word(enum_names[k->arg], v);

	if (i < 0)
		return parse_bad(c, k, v, NULL);
	memcpy(parse_key_field(c, k), &i, sizeof(i));
	return 0;
}

/* Type=: the types svinit runs, plus systemd's that it maps or refuses. */
static int k_type(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	static const char *const later[] = {"dbus", NULL};

	if (strcmp(v, "idle") == 0) {
		/* idle only delays the start for a tidier console. */
		parse_warn(c, "Type=idle is run as Type=simple");
		c->u->svc.type = SVC_SIMPLE;
		return 0;
	}
	if (parse_find_word(later, v) >= 0) {
		parse_error(c, "Type=%s is not supported yet", v);
		return 1;
	}
	return k_enum(c, k, v);
}

/* FileDescriptorStoreMax=: bounded by what one spawn passes on. */
_Static_assert(SPAWN_PASS_FDS_MAX == 256, "the message below says 256");
static int k_fdstore_max(struct parse_ctx *c, const struct parse_key *k,
			 const char *v)
{
	unsigned n;

	if (parse_unsigned(v, &n) < 0 || n > SPAWN_PASS_FDS_MAX)
		return parse_bad(c, k, v, "not a number from 0 to 256");
	c->u->svc.fdstore_max = n;
	return 0;
}

/* FileDescriptorStorePreserve=: restart, or a boolean (systemd's table
 * with booleans). */
static int k_fdstore_preserve(struct parse_ctx *c, const struct parse_key *k,
			      const char *v)
{
	bool b;

	if (strcmp(v, "restart") == 0)
		c->u->svc.fdstore_preserve = FDSTORE_PRESERVE_RESTART;
	else if (parse_boolean(v, &b) == 0)
		c->u->svc.fdstore_preserve =
			b ? FDSTORE_PRESERVE_YES : FDSTORE_PRESERVE_NO;
	else
		return parse_bad(c, k, v, "not no, yes or restart");
	return 0;
}

#define UNIT		     PARSE_UNIT_KEY
#define SVC		     PARSE_SVC_KEY
#define INST		     PARSE_INSTALL_KEY
#define DEP(name, kind, arg) UNIT(name, parse_k_list, deps[kind], arg)

/* Every key svinit reads. Keys are case-sensitive, as in systemd. A NULL
 * handler accepts the key and stores nothing. */
static const struct parse_key keys[] = {
	UNIT("Description", parse_k_string, description, STR_TEXT),
	UNIT("Documentation", parse_k_list, documentation, LIST_DOC),
	DEP("Requires", DEP_REQUIRES, LIST_HARD),
	DEP("Requisite", DEP_REQUISITE, LIST_HARD),
	DEP("Wants", DEP_WANTS, LIST_SOFT),
	DEP("BindsTo", DEP_BINDS_TO, LIST_HARD),
	DEP("PartOf", DEP_PART_OF, LIST_SOFT),
	DEP("Conflicts", DEP_CONFLICTS, LIST_SOFT),
	DEP("After", DEP_AFTER, LIST_SOFT),
	DEP("Before", DEP_BEFORE, LIST_SOFT),
	DEP("OnFailure", DEP_ON_FAILURE, LIST_SOFT),
	UNIT("ConditionPathExists", parse_k_cond, conds, COND_PATH_EXISTS),
	UNIT("ConditionPathIsDirectory", parse_k_cond, conds,
	     COND_PATH_IS_DIRECTORY),
	UNIT("ConditionFileNotEmpty", parse_k_cond, conds, COND_FILE_NOT_EMPTY),
	UNIT("StartLimitIntervalSec", parse_k_time, start_limit_interval, 0),
	UNIT("StartLimitInterval", parse_k_time, start_limit_interval, 0),
	UNIT("StartLimitBurst", parse_k_unsigned, start_limit_burst, 0),
	UNIT("DefaultDependencies", parse_k_bool, default_dependencies, 0),

	SVC("Type", k_type, type, ENUM_TYPE),
	SVC("ExecStartPre", parse_key_exec, start_pre, 0),
	SVC("ExecStart", parse_key_exec, start, 0),
	SVC("ExecStartPost", parse_key_exec, start_post, 0),
	SVC("ExecReload", parse_key_exec, reload, 0),
	SVC("ExecStop", parse_key_exec, stop, 0),
	SVC("ExecStopPost", parse_key_exec, stop_post, 0),
	SVC("RemainAfterExit", parse_k_bool, remain_after_exit, 0),
	SVC("Essential", parse_k_bool, essential, 0),
	SVC("PIDFile", parse_k_string, pid_file, STR_PID_FILE),
	SVC("Restart", k_enum, restart, ENUM_RESTART),
	SVC("RestartSec", parse_k_time, restart_sec, 0),
	SVC("RestartSteps", parse_k_unsigned, restart_steps, 0),
	SVC("RestartMaxDelaySec", parse_k_time, restart_max_delay, 0),
	SVC("RestartPreventExitStatus", parse_k_exit_set, restart_prevent, 0),
	SVC("SuccessExitStatus", parse_k_exit_set, success, 0),
	SVC("TimeoutStartSec", parse_k_time, timeout_start, T_ZERO_IS_INFINITY),
	SVC("TimeoutStopSec", parse_k_time, timeout_stop, T_ZERO_IS_INFINITY),
	SVC("TimeoutSec", parse_k_time, timeout_start,
	    T_ZERO_IS_INFINITY | T_BOTH_TIMEOUTS),
	SVC("KillSignal", parse_k_signal, kill_signal, 0),
	SVC("KillMode", k_enum, kill_mode, ENUM_KILL_MODE),
	SVC("SendSIGKILL", parse_k_bool, send_sigkill, 0),
	SVC("RemoveIPC", parse_k_bool, remove_ipc, 0),
	SVC("NotifyAccess", k_enum, notify_access, ENUM_NOTIFY_ACCESS),
	SVC("WatchdogSec", parse_k_time, watchdog_usec, 0),
	SVC("WatchdogSignal", parse_k_signal, watchdog_signal, 0),
	SVC("ReloadSignal", parse_k_signal, reload_signal, 0),
	SVC("FileDescriptorStoreMax", k_fdstore_max, fdstore_max, 0),
	SVC("FileDescriptorStorePreserve", k_fdstore_preserve, fdstore_preserve,
	    0),
	SVC("User", parse_k_id, user, 0),
	SVC("Group", parse_k_id, group, 1),
	SVC("WorkingDirectory", parse_key_workdir, working_directory, 0),
	SVC("Environment", parse_key_environment, environment, 0),
	SVC("EnvironmentFile", parse_key_env_file, env_files, 0),
	SVC("UMask", parse_key_umask, umask, 0),
	SVC("LogMaxSize", parse_k_size, log_max_size, 0),
	SVC("LogKeep", parse_k_size, log_keep, 99),
	SVC("StandardInput", parse_key_stdin, std_out, 0),
	SVC("StandardOutput", parse_key_stdout, std_out, 0),
	SVC("StandardError", parse_key_stdout, std_err, 1),

	INST("WantedBy", parse_k_list, wanted_by, LIST_SOFT),
	INST("RequiredBy", parse_k_list, required_by, LIST_HARD),
	INST("Alias", parse_k_list, alias, LIST_ALIAS),
	{PARSE_SECT_INSTALL, "Also", NULL, 0, 0},
	{PARSE_SECT_INSTALL, "DefaultInstance", NULL, 0, 0},
};

static const struct parse_key_table core_keys = PARSE_KEY_TABLE(keys);

/* Every table: the core's, then one per area in its own file. */
static const struct parse_key_table *const tables[] = {
	&core_keys,
	&parse_ns_keys,
	&parse_cgroup_keys,
	&parse_privs_keys,
	&parse_socket_keys,
	&parse_health_keys,
	&parse_deploy_keys,
	&parse_lsm_keys,
};

static const struct parse_key *find_key(const struct parse_key_table *t,
					int sect, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->keys[i].sect == (enum parse_sect)sect &&
		    strcmp(t->keys[i].name, name) == 0)
			return &t->keys[i];
	return NULL;
}

/*
 * [Service] keys that would make the service more confined than svinit
 * can make it: sandboxing, capabilities, seccomp, resource limits,
 * credentials, scheduling. Running without them would give the service
 * more power than its author asked for, so each is an error, even when
 * set to a value that restricts nothing (`PrivateTmp=no`): one simple rule
 * is easier to trust than a list of harmless values. When a key gets
 * implemented, add it to a key table and take it out of here.
 *
 * An entry ending in `*` covers every key starting with what precedes it.
 */
static const char *const restrictive_keys[] = {
	/* Sandboxing: the Private*= and Protect*= keys that no table holds
	 * (PrivateUsers, ProtectClock, ...), RestrictNamespaces, ... */
	"Private*", "Protect*", "Restrict*", "RootImage",
	"RootImageOptions", "RootHash", "RootVerity", "MountImages",
	"ExtensionImages", "ExtensionDirectories", "NetworkNamespacePath",
	"IPCNamespacePath",
	/* Privileges, seccomp and security modules (the ones implemented
	 * are in parse_privs.c: a key found in a table is never looked up
	 * here, so "SystemCall*" and "Restrict*" only catch the others). */
	"SystemCall*", "DynamicUser",
	/* Resource limits and scheduling. */
	"MemoryMin", "MemoryLimit", "MemoryZSwapMax", "StartupCPUWeight",
	"StartupCPUShares", "AllowedMemoryNodes", "CPUAffinity", "NUMAPolicy",
	"NUMAMask", "StartupIOWeight", "IODeviceWeight", "IOReadBandwidthMax",
	"IOWriteBandwidthMax", "IOReadIOPSMax", "IOWriteIOPSMax",
	"BlockIOWeight", "BlockIODeviceWeight", "BlockIOReadBandwidth",
	"BlockIOWriteBandwidth", "Slice",
	/* Network and device access, credentials. */
	"IPAddressDeny", "IPAddressAllow", "IPIngressFilterPath",
	"IPEgressFilterPath", "SocketBindAllow", "SocketBindDeny",
	"DeviceAllow", "DevicePolicy", "LoadCredential",
	"LoadCredentialEncrypted", "SetCredential", "SetCredentialEncrypted",
	"ImportCredential"};

static bool is_restrictive(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(restrictive_keys); i++) {
		const char *k = restrictive_keys[i];
		size_t n = strlen(k);

		if (k[n - 1] == '*' ? strncmp(key, k, n - 1) == 0
				    : strcmp(key, k) == 0)
			return true;
	}
	return false;
}

static const char *const sect_names[] = {[PARSE_SECT_UNIT] = "Unit",
					 [PARSE_SECT_SERVICE] = "Service",
					 [PARSE_SECT_INSTALL] = "Install",
					 [PARSE_SECT_SOCKET] = "Socket",
					 [PARSE_SECT_HEALTH] = "Health",
					 [PARSE_SECT_DEPLOY] = "Deploy",
					 NULL};

bool parse_section_check(struct parse_ctx *c, const char *name)
{
	int s = parse_find_word(sect_names, name);

	if (((s == PARSE_SECT_SERVICE || s == PARSE_SECT_HEALTH ||
	      s == PARSE_SECT_DEPLOY) &&
	     c->u->type != UNIT_SERVICE) ||
	    (s == PARSE_SECT_SOCKET && c->u->type != UNIT_SOCKET)) {
		parse_error(c, "a %s unit cannot have a [%s] section",
			    unit_type_to_string(c->u->type), sect_names[s]);
		return false;
	}
	/* [Deploy] is a template's: NAME@.service, and its instances. */
	if (s == PARSE_SECT_DEPLOY && !strchr(c->u->name, '@')) {
		parse_error(c, "[Deploy] belongs in a template "
			       "(NAME@.service)");
		return false;
	}
	if (s == PARSE_SECT_DEPLOY && !c->u->deploy &&
	    !(c->u->deploy = deploy_conf_new())) {
		c->err = -ENOMEM;
		return false;
	}
	/* [Health] keys write into the unit's health_conf: made here. */
	if (s == PARSE_SECT_HEALTH && !c->u->health &&
	    !(c->u->health = health_conf_new())) {
		c->err = -ENOMEM;
		return false;
	}
	if (s >= 0)
		return true;
	/* X- sections are for other tools' extensions: systemd is silent. */
	if (!str_has_prefix(name, "X-"))
		parse_warn(c, "unknown section [%s], ignored", PARSE_Q(name));
	return false;
}

void parse_assign(struct parse_ctx *c, const char *sect, const char *key,
		  const char *value)
{
	int s;
	int r = 0;

	if (!sect) {
		parse_error(c, "assignment outside of any section: %s=",
			    PARSE_Q(key));
		return;
	}
	s = parse_find_word(sect_names, sect);
	if (s < 0)
		return; /* already reported at its header */
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
		const struct parse_key *k = find_key(tables[t], s, key);

		if (k) {
			r = k->fn ? k->fn(c, k, value) : 0;
			if (r < 0)
				c->err = r;
			return;
		}
	}
	if (s == PARSE_SECT_SERVICE && is_restrictive(key))
		parse_error(c,
			    "%s= is not supported yet: refusing to run the "
			    "service with less isolation than asked",
			    PARSE_Q(key));
	else
		parse_warn(c, "unknown key [%s] %s=, ignored", sect,
			   PARSE_Q(key));
}
