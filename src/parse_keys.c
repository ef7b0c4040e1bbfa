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

/*
 * The generic handlers. Each one returns 0, 1 when it reported a problem
 * with the value (a bad value then changes nothing), or -ENOMEM; the
 * field it writes is k->off in struct unit, and k->arg picks a variant.
 */

static int expand(struct parse_ctx *c, const struct parse_key *k, const char *v,
		  char **out)
{
	return parse_expand_word(c, k, v, v, out);
}

/* A user or group: a name as useradd accepts it, or a number. Refusing
 * white space, `:` and `/` keeps a typo from naming an odd account. */
static bool user_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 256 || s[0] == '-' || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_.-$", *s) ||
		      (unsigned char)*s >= 0x80))
			return false;
	return true;
}

/* k_string's variants. */
enum {
	STR_TEXT,
	STR_PID_FILE, /* a relative path is under /run, as in systemd */
};

/* One string, specifiers expanded; empty resets it to NULL. */
static int k_string(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	char **f = parse_key_field(c, k);
	char *s = NULL;
	int r = *v ? expand(c, k, v, &s) : 0;

	if (r)
		return r;
	if (s && k->arg == STR_PID_FILE && s[0] != '/') {
		char *abs;

		r = asprintf(&abs, "/run/%s", s);
		free(s);
		if (r < 0)
			return -ENOMEM;
		s = abs;
	}
	free(*f);
	*f = s;
	return 0;
}

/* User= (arg 0), Group= (arg 1): checked here, resolved to ids by the
 * loader (creds.h), which names this file and line when the name is
 * unknown; so the line is kept with the value. */
static int k_id(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct service_conf *svc = &c->u->svc;
	char **f = k->arg ? &svc->group : &svc->user;
	struct unit_origin *at = k->arg ? &svc->group_at : &svc->user_at;
	char *s = NULL, *file = NULL;
	int r = *v ? expand(c, k, v, &s) : 0;

	if (r)
		return r;
	if (s && !user_name_ok(s)) {
		free(s);
		return parse_bad(c, k, v, "not a user or group name");
	}
	if (s && !(file = strdup(c->path))) {
		free(s);
		return -ENOMEM;
	}
	free(*f);
	*f = s;
	free(at->file);
	*at = (struct unit_origin){file, s ? c->line : 0};
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

/* k_list's variants: what the words are, and how a bad one is taken. */
enum {
	LIST_SOFT,  /* unit names; a systemd-only type is a warning */
	LIST_HARD,  /* unit names; a systemd-only type is an error */
	LIST_ALIAS, /* other names of this unit */
	LIST_DOC,   /* URLs; an unknown scheme is a warning */
};

/* Whether word may go into the list; reports why not. */
static bool word_ok(struct parse_ctx *c, const struct parse_key *k,
		    const char *w)
{
	const struct unit *u = c->u;

	switch (k->arg) {
	case LIST_DOC:
		if (doc_url_ok(w))
			return true;
		parse_warn(c,
			   "%s=%s: not a URL svinit knows (http, https, file, "
			   "info, man), ignored",
			   k->name, PARSE_Q(w));
		return false;
	case LIST_ALIAS:
		if (unit_name_is_valid(w) &&
		    unit_type_from_name(w) == (int)u->type &&
		    unit_name_is_template(w) == unit_name_is_template(u->name))
			return true;
		parse_bad(c, k, w,
			  "an alias must be a valid name of the same type");
		return false;
	}
	if (unit_name_is_valid(w) && !unit_name_is_template(w))
		return true;
	if (unit_name_is_valid(w))
		parse_bad(c, k, w,
			  "a template cannot be a dependency, name an "
			  "instance");
	else if (!unit_name_is_other_type(w) ||
		 strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
			   "VWXYZ0123456789:_.-\\@") != strlen(w))
		parse_bad(c, k, w, "not a valid unit name");
	else if (k->arg == LIST_HARD)
		parse_bad(c, k, w,
			  "svinit has no unit of this type, so this "
			  "dependency could never be met");
	else
		parse_warn(c, "%s=%s: svinit has no unit of this type, ignored",
			   k->name, PARSE_Q(w));
	return false;
}

/* Words, each specifier-expanded, checked and appended unless already
 * there; empty resets the list. A bad word is left out and the others
 * are kept: the unit does not load anyway. */
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
	for (size_t i = 0; r >= 0 && words && words[i]; i++) {
		char *w = NULL;

		if (parse_expand_word(c, k, words[i], v, &w) < 0) {
			r = -ENOMEM;
		} else if (w && word_ok(c, k, w) && !strv_contains(*list, w)) {
			if (!parse_list_room(c, k->name, strv_len(*list))) {
				free(w);
				break;
			}
			r = strv_push(list, w);
			continue;
		}
		free(w);
	}
	strv_free(words);
	return r;
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
	if (r)
		return r;
	p = s + (s[0] == '!');
	negate = p != s;
	if (s[0] == '|')
		r = parse_bad(c, k, v,
			      "triggering conditions (`|`) are not supported");
	else if (*p != '/')
		r = parse_bad(c, k, v, "not an absolute path");
	else if (!parse_list_room(c, k->name, u->n_conds))
		r = 1;
	else if (!(conds = realloc(u->conds,
				   (u->n_conds + 1) * sizeof(*conds))))
		r = -ENOMEM;
	else {
		u->conds = conds;
		conds[u->n_conds] =
			(struct condition){.kind = (enum cond_kind)k->arg,
					   .negate = negate,
					   .path = strdup(p),
					   .line = c->line};
		if (!conds[u->n_conds].path)
			r = -ENOMEM;
		else
			u->n_conds++;
	}
	free(s);
	return r;
}

/* k_time's flags. */
#define T_ZERO_IS_INFINITY 1
#define T_BOTH_TIMEOUTS	   2 /* TimeoutSec= sets the stop timeout too */

static int k_time(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	usec_t t;
	int r = parse_timespan(v, &t);

	if (r < 0)
		return parse_bad(c, k, v, r == -ERANGE ? "too large" : NULL);
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

	return r < 0 ? parse_bad(c, k, v, r == -ERANGE ? "too large" : NULL)
		     : 0;
}

/* A byte count with an optional K, M or G suffix; arg is the maximum
 * (0: none), for LogMaxSize= and LogKeep=. */
static int k_size(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	uint64_t n;

	if (parse_size(v, &n) < 0 || (k->arg && n > (uint64_t)k->arg))
		return parse_bad(c, k, v,
				 k->arg ? "not a number from 0 to 99" : NULL);
	*(uint64_t *)parse_key_field(c, k) = n;
	return 0;
}

static int k_bool(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	if (parse_boolean(v, parse_key_field(c, k)) < 0)
		return parse_bad(
			c, k, v,
			"not a boolean (yes/no, true/false, on/off, 1/0)");
	return 0;
}

static int k_signal(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	if (parse_signal(v, parse_key_field(c, k)) < 0)
		return parse_bad(c, k, v, "not a signal");
	return 0;
}

/* Statuses and signal names; empty resets the set. A number is always a
 * status, so "15" never means SIGTERM. */
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
			unit_exit_set_add_status(set, n);
		else if (!(words[i][0] >= '0' && words[i][0] <= '9') &&
			 parse_signal(words[i], &n) == 0)
			unit_exit_set_add_signal(set, n);
		else
			parse_bad(c, k, words[i],
				  "not an exit status (0-255 or a "
				  "name) or a signal name");
	}
	strv_free(words);
	return r;
}

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
};
enum { ENUM_TYPE, ENUM_RESTART, ENUM_KILL_MODE };

_Static_assert(sizeof(enum svc_type) == sizeof(int) &&
		       sizeof(enum restart_policy) == sizeof(int) &&
		       sizeof(enum kill_mode) == sizeof(int),
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
	static const char *const later[] = {"notify", "dbus", "notify-reload",
					    NULL};

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

#define U(f) offsetof(struct unit, f)
#define S(f) offsetof(struct unit, svc.f)
#define UNIT(name, fn, field, arg)                                             \
	{                                                                      \
		PARSE_SECT_UNIT, name, fn, U(field), arg                       \
	}
#define SVC(name, fn, field, arg)                                              \
	{                                                                      \
		PARSE_SECT_SERVICE, name, fn, S(field), arg                    \
	}
#define INST(name, fn, field, arg)                                             \
	{                                                                      \
		PARSE_SECT_INSTALL, name, fn, U(field), arg                    \
	}
#define DEP(name, kind, arg) UNIT(name, k_list, deps[kind], arg)

/* Every key svinit reads. Keys are case-sensitive, as in systemd. A NULL
 * handler accepts the key and stores nothing. */
static const struct parse_key keys[] = {
	UNIT("Description", k_string, description, STR_TEXT),
	UNIT("Documentation", k_list, documentation, LIST_DOC),
	DEP("Requires", DEP_REQUIRES, LIST_HARD),
	DEP("Requisite", DEP_REQUISITE, LIST_HARD),
	DEP("Wants", DEP_WANTS, LIST_SOFT),
	DEP("BindsTo", DEP_BINDS_TO, LIST_HARD),
	DEP("PartOf", DEP_PART_OF, LIST_SOFT),
	DEP("Conflicts", DEP_CONFLICTS, LIST_SOFT),
	DEP("After", DEP_AFTER, LIST_SOFT),
	DEP("Before", DEP_BEFORE, LIST_SOFT),
	DEP("OnFailure", DEP_ON_FAILURE, LIST_SOFT),
	UNIT("ConditionPathExists", k_cond, conds, COND_PATH_EXISTS),
	UNIT("ConditionPathIsDirectory", k_cond, conds, COND_PATH_IS_DIRECTORY),
	UNIT("ConditionFileNotEmpty", k_cond, conds, COND_FILE_NOT_EMPTY),
	UNIT("StartLimitIntervalSec", k_time, start_limit_interval, 0),
	UNIT("StartLimitInterval", k_time, start_limit_interval, 0),
	UNIT("StartLimitBurst", k_unsigned, start_limit_burst, 0),
	UNIT("DefaultDependencies", k_bool, default_dependencies, 0),

	SVC("Type", k_type, type, ENUM_TYPE),
	SVC("ExecStartPre", parse_key_exec, start_pre, 0),
	SVC("ExecStart", parse_key_exec, start, 0),
	SVC("ExecStartPost", parse_key_exec, start_post, 0),
	SVC("ExecReload", parse_key_exec, reload, 0),
	SVC("ExecStop", parse_key_exec, stop, 0),
	SVC("ExecStopPost", parse_key_exec, stop_post, 0),
	SVC("RemainAfterExit", k_bool, remain_after_exit, 0),
	SVC("PIDFile", k_string, pid_file, STR_PID_FILE),
	SVC("Restart", k_enum, restart, ENUM_RESTART),
	SVC("RestartSec", k_time, restart_sec, 0),
	SVC("RestartSteps", k_unsigned, restart_steps, 0),
	SVC("RestartMaxDelaySec", k_time, restart_max_delay, 0),
	SVC("RestartPreventExitStatus", k_exit_set, restart_prevent, 0),
	SVC("SuccessExitStatus", k_exit_set, success, 0),
	SVC("TimeoutStartSec", k_time, timeout_start, T_ZERO_IS_INFINITY),
	SVC("TimeoutStopSec", k_time, timeout_stop, T_ZERO_IS_INFINITY),
	SVC("TimeoutSec", k_time, timeout_start,
	    T_ZERO_IS_INFINITY | T_BOTH_TIMEOUTS),
	SVC("KillSignal", k_signal, kill_signal, 0),
	SVC("KillMode", k_enum, kill_mode, ENUM_KILL_MODE),
	SVC("SendSIGKILL", k_bool, send_sigkill, 0),
	SVC("User", k_id, user, 0),
	SVC("Group", k_id, group, 1),
	SVC("WorkingDirectory", parse_key_workdir, working_directory, 0),
	SVC("Environment", parse_key_environment, environment, 0),
	SVC("EnvironmentFile", parse_key_env_file, env_files, 0),
	SVC("UMask", parse_key_umask, umask, 0),
	SVC("LogMaxSize", k_size, log_max_size, 0),
	SVC("LogKeep", k_size, log_keep, 99),
	SVC("StandardInput", parse_key_stdin, std_out, 0),
	SVC("StandardOutput", parse_key_stdout, std_out, 0),
	SVC("StandardError", parse_key_stdout, std_err, 1),

	INST("WantedBy", k_list, wanted_by, LIST_SOFT),
	INST("RequiredBy", k_list, required_by, LIST_HARD),
	INST("Alias", k_list, alias, LIST_ALIAS),
	{PARSE_SECT_INSTALL, "Also", NULL, 0, 0},
	{PARSE_SECT_INSTALL, "DefaultInstance", NULL, 0, 0},
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
	/* Sandboxing: PrivateTmp, ProtectSystem, RestrictNamespaces, ... */
	"Private*", "Protect*", "Restrict*", "ReadOnlyPaths", "ReadWritePaths",
	"InaccessiblePaths", "ExecPaths", "NoExecPaths", "ReadOnlyDirectories",
	"ReadWriteDirectories", "InaccessibleDirectories", "BindPaths",
	"BindReadOnlyPaths", "TemporaryFileSystem", "RootDirectory",
	"RootImage", "RootImageOptions", "RootHash", "RootVerity",
	"MountImages", "ExtensionImages", "ExtensionDirectories",
	"NetworkNamespacePath", "IPCNamespacePath",
	/* Privileges, seccomp and security modules. */
	"CapabilityBoundingSet", "AmbientCapabilities", "NoNewPrivileges",
	"SecureBits", "SystemCall*", "LockPersonality",
	"MemoryDenyWriteExecute", "Personality", "SupplementaryGroups",
	"DynamicUser", "RemoveIPC", "KeyringMode", "AppArmorProfile",
	"SELinuxContext", "SmackProcessLabel",
	/* Resource limits and scheduling. */
	"Limit*", "MemoryMax", "MemoryHigh", "MemoryLow", "MemoryMin",
	"MemoryLimit", "MemorySwapMax", "MemoryZSwapMax", "CPUQuota",
	"CPUQuotaPeriodSec", "CPUWeight", "StartupCPUWeight", "CPUShares",
	"StartupCPUShares", "AllowedCPUs", "AllowedMemoryNodes", "CPUAffinity",
	"NUMAPolicy", "NUMAMask", "TasksMax", "IOWeight", "StartupIOWeight",
	"IODeviceWeight", "IOReadBandwidthMax", "IOWriteBandwidthMax",
	"IOReadIOPSMax", "IOWriteIOPSMax", "BlockIOWeight",
	"BlockIODeviceWeight", "BlockIOReadBandwidth", "BlockIOWriteBandwidth",
	"Nice", "CPUSchedulingPolicy", "CPUSchedulingPriority",
	"CPUSchedulingResetOnFork", "IOSchedulingClass", "IOSchedulingPriority",
	"OOMScoreAdjust", "Slice",
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
					 NULL};

bool parse_section_check(struct parse_ctx *c, const char *name)
{
	int s = parse_find_word(sect_names, name);

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
	s = parse_find_word(sect_names, sect);
	if (s < 0)
		return; /* already reported at its header */
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].sect == (enum parse_sect)s &&
		    strcmp(keys[i].name, key) == 0) {
			r = keys[i].fn ? keys[i].fn(c, &keys[i], value) : 0;
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
