/*
 * parse: the table of supported keys and one handler per kind of value.
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

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int expand(struct parse_ctx *c, const struct parse_key *k, const char *v,
		  char **out)
{
	return parse_expand_word(c, k, v, v, out);
}

static int k_string(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	char **f = parse_key_field(c, k);
	char *s = NULL;
	int r = *v ? expand(c, k, v, &s) : 0;

	if (r != 0)
		return r < 0 ? r : 0;
	free(*f);
	*f = s;
	return 0;
}

static bool doc_url_ok(const char *s)
{
	static const char *const schemes[] = {"http://", "https://",
					      "file:", "info:", "man:"};

	for (size_t i = 0; i < ARRAY_SIZE(schemes); i++)
		if (str_has_prefix(s, schemes[i]) && s[strlen(schemes[i])])
			return true;
	return false;
}

static bool is_systemd_only_type(const char *name)
{
	static const char *const types[] = {".socket",	  ".device", ".mount",
					    ".automount", ".swap",   ".path",
					    ".timer",	  ".slice",  ".scope"};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (str_has_suffix(name, types[i]) &&
		    strlen(name) > strlen(types[i]))
			return true;
	return false;
}

/* Whether word may go into a list of unit names; reports why not. */
static bool name_ok(struct parse_ctx *c, const struct parse_key *k,
		    const char *word, bool hard)
{
	if (unit_name_is_valid(word) && !unit_name_is_template(word))
		return true;
	if (unit_name_is_valid(word))
		parse_bad(c, k, word,
			  "a template cannot be a dependency, name an "
			  "instance");
	else if (!is_systemd_only_type(word) ||
		 strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
			      "VWXYZ0123456789:_.-\\@") != strlen(word))
		parse_bad(c, k, word, "not a valid unit name");
	else if (hard)
		parse_bad(c, k, word,
			  "svinit has no unit of this type, so this "
			  "dependency could never be met");
	else
		parse_warn(c, "%s=%s: svinit has no unit of this type, ignored",
			   k->name, PARSE_Q(word));
	return false;
}

/* Empty: reset. Else each word specifier-expanded, checked, and appended
 * unless already there. arg: 0 soft names, 1 hard names, 2 aliases,
 * 3 documentation URLs. */
static int k_list(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	char ***list = parse_key_field(c, k);
	char **words = NULL;
	int r;

	if (!*v) {
		strv_free(*list);
		*list = NULL;
		return 0;
	}
	r = parse_split_plain(v, &words);
	for (size_t i = 0; r == 0 && words && words[i]; i++) {
		char *w = NULL;
		bool ok;

		r = parse_expand_word(c, k, words[i], v, &w);
		if (r != 0) {
			r = r < 0 ? r : 0;
			continue;
		}
		if (k->arg == 3) {
			ok = doc_url_ok(w);
			if (!ok)
				parse_warn(c,
					   "%s=%s: not a URL svinit "
					   "knows (http, https, file, "
					   "info, man), ignored",
					   k->name, PARSE_Q(w));
		} else if (k->arg == 2) {
			ok = unit_name_is_valid(w) &&
			     unit_type_from_name(w) == (int)c->u->type &&
			     unit_name_is_template(w) ==
				     unit_name_is_template(c->u->name);
			if (!ok)
				parse_bad(c, k, w,
					  "an alias must be a valid name "
					  "of the same type");
		} else {
			ok = name_ok(c, k, w, k->arg == 1);
		}
		if (ok && !strv_contains(*list, w)) {
			if (!parse_list_room(c, k->name, strv_len(*list))) {
				free(w);
				break;
			}
			r = strv_push(list, w);
		} else {
			free(w);
		}
	}
	strv_free(words);
	return r;
}

static int k_deps(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct parse_key d = *k;

	d.off = offsetof(struct unit, deps) + (size_t)k->arg * sizeof(char **);
	d.arg = k->arg == DEP_REQUIRES || k->arg == DEP_REQUISITE ||
		k->arg == DEP_BINDS_TO;
	return k_list(c, &d, v);
}

static int k_cond(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct unit *u = c->u;
	struct condition *conds;
	bool negate = false;
	char *s = NULL;
	const char *p;
	int r;

	/* As in systemd, an empty assignment resets every condition. */
	if (!*v) {
		for (size_t i = 0; i < u->n_conds; i++)
			free(u->conds[i].path);
		free(u->conds);
		u->conds = NULL;
		u->n_conds = 0;
		return 0;
	}
	r = expand(c, k, v, &s);
	if (r != 0)
		return r < 0 ? r : 0;
	p = s;
	if (*p == '|') {
		parse_bad(c, k, v,
			  "triggering conditions (`|`) are not supported");
		goto out;
	}
	if (*p == '!') {
		negate = true;
		p++;
	}
	if (*p != '/') {
		parse_bad(c, k, v, "not an absolute path");
		goto out;
	}
	if (!parse_list_room(c, k->name, u->n_conds))
		goto out;
	conds = realloc(u->conds, (u->n_conds + 1) * sizeof(*conds));
	if (!conds) {
		r = -ENOMEM;
		goto out;
	}
	u->conds = conds;
	conds[u->n_conds] = (struct condition){.kind = (enum cond_kind)k->arg,
					       .negate = negate,
					       .path = strdup(p),
					       .line = c->line};
	if (!conds[u->n_conds].path)
		r = -ENOMEM;
	else
		u->n_conds++;
out:
	free(s);
	return r;
}

#define T_ZERO_IS_INFINITY 1
#define T_BOTH_TIMEOUTS	   2

static int k_time(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	usec_t t;
	int r = parse_timespan(v, &t);

	if (r < 0) {
		parse_bad(c, k, v, r == -ERANGE ? "too large" : NULL);
		return 0;
	}
	if (t == 0 && (k->arg & T_ZERO_IS_INFINITY))
		t = USEC_INFINITY;
	*(usec_t *)parse_key_field(c, k) = t;
	if (k->arg & T_BOTH_TIMEOUTS)
		c->u->svc.timeout_stop = t;
	return 0;
}

static int k_unsigned(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	int r = parse_unsigned(v, parse_key_field(c, k));

	if (r < 0)
		parse_bad(c, k, v, r == -ERANGE ? "too large" : NULL);
	return 0;
}

/* A byte count with an optional K, M or G suffix; arg is the maximum
 * (0: none), for LogMaxSize= and LogKeep=. */
static int k_size(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	uint64_t n;

	if (parse_size(v, &n) < 0 || (k->arg && n > (uint64_t)k->arg))
		parse_bad(c, k, v, k->arg ? "not a number from 0 to 99" : NULL);
	else
		*(uint64_t *)parse_key_field(c, k) = n;
	return 0;
}

static int k_bool(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	if (parse_boolean(v, parse_key_field(c, k)) < 0)
		parse_bad(c, k, v,
			  "not a boolean (yes/no, true/false, on/off, 1/0)");
	return 0;
}

static int k_signal(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	if (parse_signal(v, parse_key_field(c, k)) < 0)
		parse_bad(c, k, v, "not a signal");
	return 0;
}

static int k_exit_set(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	struct exit_set *set = parse_key_field(c, k);
	char **words = NULL;
	int r = parse_split_plain(v, &words);

	if (r == 0 && !words)
		memset(set, 0, sizeof(*set));
	for (size_t i = 0; words && words[i]; i++) {
		int n;

		if (parse_exit_status(words[i], &n) == 0)
			exit_set_add_status(set, n);
		else if (!(words[i][0] >= '0' && words[i][0] <= '9') &&
			 parse_signal(words[i], &n) == 0)
			exit_set_add_signal(set, n);
		else
			parse_bad(c, k, words[i],
				  "not an exit status (0-255 or a "
				  "name) or a signal name");
	}
	strv_free(words);
	return r;
}

static int k_type(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	static const char *const names[] = {[SVC_SIMPLE] = "simple",
					    [SVC_EXEC] = "exec",
					    [SVC_ONESHOT] = "oneshot",
					    [SVC_FORKING] = "forking"};
	int i = parse_find_word(names, ARRAY_SIZE(names), v);

	if (i >= 0) {
		c->u->svc.type = (enum svc_type)i;
	} else if (strcmp(v, "idle") == 0) {
		/* idle only delays the start for a tidier console. */
		parse_warn(c, "Type=idle is run as Type=simple");
		c->u->svc.type = SVC_SIMPLE;
	} else if (strcmp(v, "notify") == 0 || strcmp(v, "dbus") == 0 ||
		   strcmp(v, "notify-reload") == 0) {
		parse_error(c, "Type=%s is not supported yet", v);
	} else {
		parse_bad(c, k, v, NULL);
	}
	return 0;
}

static int k_restart(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	static const char *const names[] = {
		[RESTART_NO] = "no",
		[RESTART_ON_SUCCESS] = "on-success",
		[RESTART_ON_FAILURE] = "on-failure",
		[RESTART_ON_ABNORMAL] = "on-abnormal",
		[RESTART_ON_ABORT] = "on-abort",
		[RESTART_ON_WATCHDOG] = "on-watchdog",
		[RESTART_ALWAYS] = "always",
	};
	int i = parse_find_word(names, ARRAY_SIZE(names), v);

	if (i < 0)
		parse_bad(c, k, v, NULL);
	else
		c->u->svc.restart = (enum restart_policy)i;
	return 0;
}

static int k_kill_mode(struct parse_ctx *c, const struct parse_key *k,
		       const char *v)
{
	static const char *const names[] = {
		[KILL_CONTROL_GROUP] = "control-group",
		[KILL_PROCESS] = "process",
		[KILL_MIXED] = "mixed",
		[KILL_NONE] = "none",
	};
	int i = parse_find_word(names, ARRAY_SIZE(names), v);

	if (i < 0)
		parse_bad(c, k, v, NULL);
	else
		c->u->svc.kill_mode = (enum kill_mode)i;
	return 0;
}

static int k_ignore(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	return 0;
}

#define U(f) offsetof(struct unit, f)
#define S(f) offsetof(struct unit, svc.f)

/* Every key svinit reads. Keys are case-sensitive, as in systemd. */
static const struct parse_key keys[] = {
	{PARSE_SECT_UNIT, "Description", k_string, U(description), 0},
	{PARSE_SECT_UNIT, "Documentation", k_list, U(documentation), 3},
	{PARSE_SECT_UNIT, "Requires", k_deps, 0, DEP_REQUIRES},
	{PARSE_SECT_UNIT, "Requisite", k_deps, 0, DEP_REQUISITE},
	{PARSE_SECT_UNIT, "Wants", k_deps, 0, DEP_WANTS},
	{PARSE_SECT_UNIT, "BindsTo", k_deps, 0, DEP_BINDS_TO},
	{PARSE_SECT_UNIT, "PartOf", k_deps, 0, DEP_PART_OF},
	{PARSE_SECT_UNIT, "Conflicts", k_deps, 0, DEP_CONFLICTS},
	{PARSE_SECT_UNIT, "After", k_deps, 0, DEP_AFTER},
	{PARSE_SECT_UNIT, "Before", k_deps, 0, DEP_BEFORE},
	{PARSE_SECT_UNIT, "OnFailure", k_deps, 0, DEP_ON_FAILURE},
	{PARSE_SECT_UNIT, "ConditionPathExists", k_cond, 0, COND_PATH_EXISTS},
	{PARSE_SECT_UNIT, "ConditionPathIsDirectory", k_cond, 0,
	 COND_PATH_IS_DIRECTORY},
	{PARSE_SECT_UNIT, "ConditionFileNotEmpty", k_cond, 0,
	 COND_FILE_NOT_EMPTY},
	{PARSE_SECT_UNIT, "StartLimitIntervalSec", k_time,
	 U(start_limit_interval), 0},
	{PARSE_SECT_UNIT, "StartLimitInterval", k_time, U(start_limit_interval),
	 0},
	{PARSE_SECT_UNIT, "StartLimitBurst", k_unsigned, U(start_limit_burst),
	 0},
	{PARSE_SECT_UNIT, "DefaultDependencies", k_bool,
	 U(default_dependencies), 0},

	{PARSE_SECT_SERVICE, "Type", k_type, 0, 0},
	{PARSE_SECT_SERVICE, "ExecStartPre", parse_key_exec, S(start_pre), 0},
	{PARSE_SECT_SERVICE, "ExecStart", parse_key_exec, S(start), 0},
	{PARSE_SECT_SERVICE, "ExecStartPost", parse_key_exec, S(start_post), 0},
	{PARSE_SECT_SERVICE, "ExecReload", parse_key_exec, S(reload), 0},
	{PARSE_SECT_SERVICE, "ExecStop", parse_key_exec, S(stop), 0},
	{PARSE_SECT_SERVICE, "ExecStopPost", parse_key_exec, S(stop_post), 0},
	{PARSE_SECT_SERVICE, "RemainAfterExit", k_bool, S(remain_after_exit),
	 0},
	{PARSE_SECT_SERVICE, "PIDFile", parse_key_pid_file, S(pid_file), 0},
	{PARSE_SECT_SERVICE, "Restart", k_restart, 0, 0},
	{PARSE_SECT_SERVICE, "RestartSec", k_time, S(restart_sec), 0},
	{PARSE_SECT_SERVICE, "RestartSteps", k_unsigned, S(restart_steps), 0},
	{PARSE_SECT_SERVICE, "RestartMaxDelaySec", k_time, S(restart_max_delay),
	 0},
	{PARSE_SECT_SERVICE, "RestartPreventExitStatus", k_exit_set,
	 S(restart_prevent), 0},
	{PARSE_SECT_SERVICE, "SuccessExitStatus", k_exit_set, S(success), 0},
	{PARSE_SECT_SERVICE, "TimeoutStartSec", k_time, S(timeout_start),
	 T_ZERO_IS_INFINITY},
	{PARSE_SECT_SERVICE, "TimeoutStopSec", k_time, S(timeout_stop),
	 T_ZERO_IS_INFINITY},
	{PARSE_SECT_SERVICE, "TimeoutSec", k_time, S(timeout_start),
	 T_ZERO_IS_INFINITY | T_BOTH_TIMEOUTS},
	{PARSE_SECT_SERVICE, "KillSignal", k_signal, S(kill_signal), 0},
	{PARSE_SECT_SERVICE, "KillMode", k_kill_mode, 0, 0},
	{PARSE_SECT_SERVICE, "SendSIGKILL", k_bool, S(send_sigkill), 0},
	{PARSE_SECT_SERVICE, "User", parse_key_user, S(user), 0},
	{PARSE_SECT_SERVICE, "Group", parse_key_user, S(group), 0},
	{PARSE_SECT_SERVICE, "WorkingDirectory", parse_key_workdir, 0, 0},
	{PARSE_SECT_SERVICE, "Environment", parse_key_environment, 0, 0},
	{PARSE_SECT_SERVICE, "EnvironmentFile", parse_key_env_file, 0, 0},
	{PARSE_SECT_SERVICE, "UMask", parse_key_umask, 0, 0},
	{PARSE_SECT_SERVICE, "LogMaxSize", k_size, S(log_max_size), 0},
	{PARSE_SECT_SERVICE, "LogKeep", k_size, S(log_keep), 99},
	{PARSE_SECT_SERVICE, "StandardInput", parse_key_stdin, 0, 0},
	{PARSE_SECT_SERVICE, "StandardOutput", parse_key_stdout, 0, 0},
	{PARSE_SECT_SERVICE, "StandardError", parse_key_stdout, 0, 1},

	{PARSE_SECT_INSTALL, "WantedBy", k_list, U(wanted_by), 0},
	{PARSE_SECT_INSTALL, "RequiredBy", k_list, U(required_by), 1},
	{PARSE_SECT_INSTALL, "Alias", k_list, U(alias), 2},
	{PARSE_SECT_INSTALL, "Also", k_ignore, 0, 0},
	{PARSE_SECT_INSTALL, "DefaultInstance", k_ignore, 0, 0},
};

/*
 * [Service] keys that would make the service more confined than svinit
 * can make it: sandboxing, capabilities, seccomp, resource limits,
 * credentials, scheduling. Running without them would give the service
 * more power than its author asked for, so each is an error, even when
 * set to a value that restricts nothing (`PrivateTmp=no`): one simple rule
 * is easier to trust than a list of harmless values. When a key gets
 * implemented, add it to keys[] above and take it out of here.
 *
 * An entry ending in `*` covers every key starting with what precedes it.
 */
static const char *const restrictive_keys[] = {
	"Private*",    /* PrivateTmp, PrivateDevices, PrivateNetwork, ... */
	"Protect*",    /* ProtectSystem, ProtectHome, ProtectKernel*, ... */
	"Restrict*",   /* RestrictNamespaces, RestrictAddressFamilies, ... */
	"SystemCall*", /* SystemCallFilter, SystemCallArchitectures, ... */
	"Limit*",      /* LimitNOFILE, LimitNPROC, LimitCORE, ... */
	"ReadOnlyPaths",
	"ReadWritePaths",
	"InaccessiblePaths",
	"ExecPaths",
	"NoExecPaths",
	"ReadOnlyDirectories",
	"ReadWriteDirectories",
	"InaccessibleDirectories",
	"BindPaths",
	"BindReadOnlyPaths",
	"TemporaryFileSystem",
	"RootDirectory",
	"RootImage",
	"RootImageOptions",
	"RootHash",
	"RootVerity",
	"MountImages",
	"ExtensionImages",
	"ExtensionDirectories",
	"NetworkNamespacePath",
	"IPCNamespacePath",
	"CapabilityBoundingSet",
	"AmbientCapabilities",
	"NoNewPrivileges",
	"SecureBits",
	"LockPersonality",
	"MemoryDenyWriteExecute",
	"Personality",
	"SupplementaryGroups",
	"DynamicUser",
	"RemoveIPC",
	"KeyringMode",
	"AppArmorProfile",
	"SELinuxContext",
	"SmackProcessLabel",
	"MemoryMax",
	"MemoryHigh",
	"MemoryLow",
	"MemoryMin",
	"MemoryLimit",
	"MemorySwapMax",
	"MemoryZSwapMax",
	"CPUQuota",
	"CPUQuotaPeriodSec",
	"CPUWeight",
	"StartupCPUWeight",
	"CPUShares",
	"StartupCPUShares",
	"AllowedCPUs",
	"AllowedMemoryNodes",
	"CPUAffinity",
	"NUMAPolicy",
	"NUMAMask",
	"TasksMax",
	"IOWeight",
	"StartupIOWeight",
	"IODeviceWeight",
	"IOReadBandwidthMax",
	"IOWriteBandwidthMax",
	"IOReadIOPSMax",
	"IOWriteIOPSMax",
	"BlockIOWeight",
	"BlockIODeviceWeight",
	"BlockIOReadBandwidth",
	"BlockIOWriteBandwidth",
	"Nice",
	"CPUSchedulingPolicy",
	"CPUSchedulingPriority",
	"CPUSchedulingResetOnFork",
	"IOSchedulingClass",
	"IOSchedulingPriority",
	"OOMScoreAdjust",
	"IPAddressDeny",
	"IPAddressAllow",
	"IPIngressFilterPath",
	"IPEgressFilterPath",
	"SocketBindAllow",
	"SocketBindDeny",
	"DeviceAllow",
	"DevicePolicy",
	"LoadCredential",
	"LoadCredentialEncrypted",
	"SetCredential",
	"SetCredentialEncrypted",
	"ImportCredential",
	"Slice",
};

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
					 [PARSE_SECT_INSTALL] = "Install"};

bool parse_section_check(struct parse_ctx *c, const char *name)
{
	int s = parse_find_word(sect_names, ARRAY_SIZE(sect_names), name);

	if (s == PARSE_SECT_SERVICE && c->u->type != UNIT_SERVICE) {
		parse_error(c, "a %s unit cannot have a [Service] section",
			    unit_type_to_string(c->u->type));
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
	s = parse_find_word(sect_names, ARRAY_SIZE(sect_names), sect);
	if (s < 0)
		return; /* already reported at its header */
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].sect == (enum parse_sect)s &&
		    strcmp(keys[i].name, key) == 0) {
			r = keys[i].fn(c, &keys[i], value);
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
