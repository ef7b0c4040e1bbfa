/*
 * parse: the keys of a service's privileges and limits (privs.h) and of
 * its seccomp filters (secfilter.h), with systemd's names and syntax.
 *
 * Decisions a unit author may trip over (the man page repeats them):
 * - CapabilityBoundingSet= and AmbientCapabilities=: names as in
 *   capabilities(7), any case, `CAP_` optional; `~` inverts the line. The
 *   first line, an empty set or `~` alone replaces what was there, later
 *   lines add to it (systemd's rule). An empty value resets the bounding
 *   set to nothing kept and the ambient set to none.
 * - Limit*=: `VALUE` or `SOFT:HARD`, `infinity`; byte limits take K, M,
 *   G (powers of 1024), LimitCPU= a time (rounded up to seconds),
 *   LimitRTTIME= a time in microseconds, LimitNICE= a raw 0..40 or a
 *   signed nice value (-20..19). An empty value unsets the limit.
 * - SystemCallFilter= and RestrictAddressFamilies=: see secfilter.h; a
 *   `name:errno` entry is refused (not implemented).
 * - SystemCallArchitectures= takes `native` (or this machine's own
 *   architecture name) only; anything else is refused.
 */
#include "parse.h"
#include "parse_internal.h"
#include "privs.h"

#include <errno.h>
#include <limits.h>
#include <linux/securebits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/personality.h>
#include <unistd.h>

/* An entry of this file's table: the field is inside struct privs_conf,
 * which the unit only has once one of these keys is set. */
#define PRIVS(name, fn, field, arg)                                            \
	{                                                                      \
		PARSE_SECT_SERVICE, name, fn,                                  \
			offsetof(struct privs_conf, field), arg                \
	}

/* The unit's settings, made at the first key of this file (most units
 * set none, and the struct is large); NULL without memory. */
struct privs_conf *parse_privs_of(struct parse_ctx *c)
{
	struct privs_conf **pp = &c->u->svc.privs;

	if (!*pp && (*pp = malloc(sizeof(**pp))))
		privs_conf_init(*pp);
	return *pp;
}

/* The field of p an entry names. */
static void *pfield(struct privs_conf *p, const struct parse_key *k)
{
	return (char *)p + k->off;
}

/* Remember this line for a message after every file was read. */
static int set_origin(struct parse_ctx *c, struct privs_origin *o)
{
	char *f = strdup(c->path);

	if (!f)
		return -ENOMEM;
	free(o->file);
	*o = (struct privs_origin){f, c->line};
	return 0;
}

/* A plain decimal number, optionally negative when neg is allowed. */
static int read_int(const char *s, bool neg, long long lo, long long hi,
		    long long *out)
{
	char *end;
	long long v;

	if (!*s || (!neg && *s == '-') || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

/* A capability by name, as capabilities(7) spells it in any case, with
 * or without `cap_`; -1 for a name svinit has no number for. Numbers are
 * not taken: a typo in a digit would silently grant something else. */
static int find_cap(const char *name)
{
	char buf[64];

	if (strncasecmp(name, "cap_", 4) != 0) {
		if (snprintf(buf, sizeof(buf), "cap_%s", name) >=
		    (int)sizeof(buf))
			return -1;
		name = buf;
	}
	for (unsigned i = 0; privs_cap_name(i); i++)
		if (strcasecmp(privs_cap_name(i), name) == 0)
			return (int)i;
	return -1;
}

/* CapabilityBoundingSet= (arg 1: starts as all) and
 * AmbientCapabilities= (arg 0: starts as none). */
static int k_caps(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	uint64_t *set = pfield(p, k);
	uint64_t initial = k->arg ? PRIVS_CAPS_ALL : 0, sum = 0, known;
	bool invert = v[0] == '~';
	char **words = NULL;
	int r = parse_split_plain(v + invert, &words);

	if (r < 0)
		return r;
	for (size_t i = 0; words && words[i]; i++) {
		int cap = find_cap(words[i]);

		if (cap < 0) {
			strv_free(words);
			return parse_bad(c, k, v, "not a capability name");
		}
		sum |= 1ULL << cap;
	}
	strv_free(words);
	/* Inverted, only the capabilities that have names: the ambient
	 * set must not ask the kernel for numbers it does not have. */
	known = 0;
	for (unsigned i = 0; privs_cap_name(i); i++)
		known |= 1ULL << i;
	if (invert)
		sum = ~sum & (k->arg ? PRIVS_CAPS_ALL : known);
	if (sum == 0 || *set == initial)
		*set = sum;
	else
		*set |= sum;
	return k->arg ? 0 : set_origin(c, &p->ambient_at);
}

/* SecureBits=: names as systemd's; lines add, an empty value unsets
 * (nothing is set in the child). */
static int k_securebits(struct parse_ctx *c, const struct parse_key *k,
			const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	static const char *const names[] = {"keep-caps",
					    "keep-caps-locked",
					    "no-setuid-fixup",
					    "no-setuid-fixup-locked",
					    "noroot",
					    "noroot-locked",
					    NULL};
	static const int bits[] = {
		SECBIT_KEEP_CAPS,	SECBIT_KEEP_CAPS_LOCKED,
		SECBIT_NO_SETUID_FIXUP, SECBIT_NO_SETUID_FIXUP_LOCKED,
		SECBIT_NOROOT,		SECBIT_NOROOT_LOCKED};
	char **words = NULL;
	int sum = 0, r = parse_split_plain(v, &words);

	if (r < 0)
		return r;
	if (!words) {
		p->securebits = -1;
		return 0;
	}
	for (size_t i = 0; words[i]; i++) {
		int w = parse_find_word(names, words[i]);

		if (w < 0) {
			strv_free(words);
			return parse_bad(c, k, v, "not a secure bit name");
		}
		sum |= bits[w];
	}
	strv_free(words);
	p->securebits = p->securebits < 0 ? sum : p->securebits | sum;
	return 0;
}

/* A boolean of struct privs_conf (the generic handler writes into struct
 * unit, which this area's fields are not part of). */
static int k_bool(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	if (parse_boolean(v, pfield(p, k)) < 0)
		return parse_bad(
			c, k, v,
			"not a boolean (yes/no, true/false, on/off, 1/0)");
	return 0;
}

/* A group name as groupadd takes it, or a number. */
static bool group_name_ok(const char *s)
{
	if (!*s || strlen(s) > 256 || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr("_.-$", *s) ||
		      (unsigned char)*s >= 0x80))
			return false;
	return true;
}

/* SupplementaryGroups=: names are checked here and resolved by the loader
 * (creds.h), so that a spawn never asks the name service. Specifiers are
 * expanded, as systemd does. */
static int k_groups(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	char **words = NULL, *file;
	int r = parse_split_plain(v, &words);

	if (r < 0)
		return r;
	if (!words) {
		strv_free(p->supplementary_groups);
		p->supplementary_groups = NULL;
		return 0;
	}
	for (size_t i = 0; r == 0 && words[i]; i++) {
		char *g = NULL;

		r = parse_expand_word(c, k, words[i], v, &g);
		if (r == 0 && !group_name_ok(g)) {
			free(g);
			r = parse_bad(c, k, v, "not a group name");
		}
		if (r == 0 &&
		    !parse_list_room(c, k->name,
				     strv_len(p->supplementary_groups))) {
			free(g);
			r = 1;
		}
		if (r == 0)
			r = strv_push(&p->supplementary_groups, g);
	}
	strv_free(words);
	if (r)
		return r;
	/* The loader names the last line that added a group when one is
	 * unknown. */
	if (!(file = strdup(c->path)))
		return -ENOMEM;
	free(p->groups_file);
	p->groups_file = file;
	p->groups_line = c->line;
	return 0;
}

/* Nice= and OOMScoreAdjust=: the kernel's ranges, checked here so that a
 * bad value is a load error, not a failed start. */
static int k_nice(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	long long n;

	if (read_int(v, true, -20, 19, &n) < 0)
		return parse_bad(c, k, v, "not a number from -20 to 19");
	p->nice = (int)n;
	p->has_nice = true;
	return 0;
}

static int k_oom(struct parse_ctx *c, const struct parse_key *k, const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	long long n;

	if (read_int(v, true, -1000, 1000, &n) < 0)
		return parse_bad(c, k, v, "not a number from -1000 to 1000");
	p->oom_score_adjust = (int)n;
	p->has_oom_score_adjust = true;
	return 0;
}

/* How a Limit*= value reads. */
enum { LIM_COUNT, LIM_BYTES, LIM_SECONDS, LIM_USEC, LIM_NICE };

static const signed char limit_kind[PRIVS_RLIMIT_N] = {
	[RLIMIT_CPU] = LIM_SECONDS,    [RLIMIT_FSIZE] = LIM_BYTES,
	[RLIMIT_DATA] = LIM_BYTES,     [RLIMIT_STACK] = LIM_BYTES,
	[RLIMIT_CORE] = LIM_BYTES,     [RLIMIT_RSS] = LIM_BYTES,
	[RLIMIT_NPROC] = LIM_COUNT,    [RLIMIT_NOFILE] = LIM_COUNT,
	[RLIMIT_MEMLOCK] = LIM_BYTES,  [RLIMIT_AS] = LIM_BYTES,
	[RLIMIT_LOCKS] = LIM_COUNT,    [RLIMIT_SIGPENDING] = LIM_COUNT,
	[RLIMIT_MSGQUEUE] = LIM_BYTES, [RLIMIT_NICE] = LIM_NICE,
	[RLIMIT_RTPRIO] = LIM_COUNT,   [RLIMIT_RTTIME] = LIM_USEC,
};

/* One side of a Limit*= value, in the unit of its kind: `infinity`, or
 * bytes, seconds, microseconds, a nice value or a plain count. */
static int read_limit(int kind, const char *s, rlim_t *out)
{
	uint64_t n;
	usec_t t;
	long long nice;

	if (strcmp(s, "infinity") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	switch (kind) {
	case LIM_BYTES:
		if (parse_size(s, &n) < 0)
			return -EINVAL;
		break;
	case LIM_SECONDS:
	case LIM_USEC:
		if (parse_timespan(s, &t) < 0)
			return -EINVAL;
		n = t == USEC_INFINITY ? RLIM_INFINITY
		    : kind == LIM_USEC ? t
				       : (t + USEC_PER_SEC - 1) / USEC_PER_SEC;
		break;
	case LIM_NICE:
		/* systemd: a sign makes it a nice value, mapped to the
		 * kernel's 1..40 (20 - nice); else the raw value. */
		if (s[0] == '+' || s[0] == '-') {
			if (read_int(s + (s[0] == '+'), true, -20, 19, &nice) <
			    0)
				return -EINVAL;
			n = (uint64_t)(20 - nice);
		} else if (read_int(s, false, 0, 40, &nice) < 0) {
			return -EINVAL;
		} else {
			n = (uint64_t)nice;
		}
		break;
	default:
		if (read_int(s, false, 0, LLONG_MAX, &nice) < 0)
			return -EINVAL;
		n = (uint64_t)nice;
	}
	*out = (rlim_t)n;
	return 0;
}

/* Limit*=: arg is the RLIMIT_ number. */
static int k_limit(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	const char *colon = strchr(v, ':');
	char soft[64];
	struct rlimit rl;
	size_t n = colon ? (size_t)(colon - v) : strlen(v);

	if (!*v) {
		p->limits_set &= ~(1u << k->arg);
		return 0;
	}
	if (n >= sizeof(soft))
		return parse_bad(c, k, v, NULL);
	memcpy(soft, v, n);
	soft[n] = '\0';
	if (read_limit(limit_kind[k->arg], soft, &rl.rlim_cur) < 0 ||
	    read_limit(limit_kind[k->arg], colon ? colon + 1 : soft,
		       &rl.rlim_max) < 0)
		return parse_bad(c, k, v, NULL);
	if (rl.rlim_cur > rl.rlim_max)
		return parse_bad(c, k, v,
				 "the soft limit is above the hard one");
	p->limits[k->arg] = rl;
	p->limits_set |= 1u << k->arg;
	return 0;
}

/* The scheduling keys store what was written; privs_conf_finish applies
 * systemd's defaults across the three and checks the priority fits. */
static int k_cpu_policy(struct parse_ctx *c, const struct parse_key *k,
			const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	static const char *const names[] = {"other", "batch", "idle",
					    "fifo",  "rr",    NULL};
	static const int pol[] = {SCHED_OTHER, SCHED_BATCH, SCHED_IDLE,
				  SCHED_FIFO, SCHED_RR};
	int i = parse_find_word(names, v);

	if (i < 0)
		return parse_bad(c, k, v, "not other, batch, idle, fifo or rr");
	p->cpu_policy = pol[i];
	return 0;
}

static int k_cpu_priority(struct parse_ctx *c, const struct parse_key *k,
			  const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	long long n;

	if (read_int(v, false, 0, 99, &n) < 0)
		return parse_bad(c, k, v, "not a number from 0 to 99");
	p->cpu_priority = (int)n;
	return set_origin(c, &p->cpu_priority_at);
}

/* IOSchedulingClass=: the class number of the kernel's ioprio (none 0,
 * realtime 1, best-effort 2, idle 3). */
static int k_io_class(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	static const char *const names[] = {"none", "realtime", "best-effort",
					    "idle", NULL};
	int i = parse_find_word(names, v);
	long long n;

	/* The kernel's numbers are accepted too, as by systemd. */
	if (i < 0 && read_int(v, false, 0, 3, &n) == 0)
		i = (int)n;
	if (i < 0)
		return parse_bad(c, k, v,
				 "not realtime, best-effort, idle or none");
	p->io_class = i;
	return 0;
}

static int k_io_priority(struct parse_ctx *c, const struct parse_key *k,
			 const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	long long n;

	if (read_int(v, false, 0, 7, &n) < 0)
		return parse_bad(c, k, v, "not a number from 0 to 7");
	p->io_priority = (int)n;
	return 0;
}

/* The words of v after a leading `~` (*invert), or NULL for an empty
 * value. */
static int split_inverted(const char *v, bool *invert, char ***words)
{
	*invert = v[0] == '~';
	return parse_split_plain(v + *invert, words);
}

/* SystemCallFilter=: the first non-empty line decides allow or deny
 * (secfilter.h); every later word adds to the set when its line is of the
 * same kind and takes away when of the other. A word that cannot be
 * filtered is an error rather than a silent hole. */
static int k_syscall_filter(struct parse_ctx *c, const struct parse_key *k,
			    const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	struct secfilter_conf *f = &p->seccomp;
	bool invert;
	char **words = NULL;
	int r;

	if (!*v) {
		f->filter_set = false;
		memset(f->syscalls, 0, sizeof(f->syscalls));
		return 0;
	}
	r = split_inverted(v, &invert, &words);
	if (r < 0)
		return r;
	if (!f->filter_set) {
		f->filter_set = true;
		f->allow_list = !invert;
		memset(f->syscalls, 0, sizeof(f->syscalls));
		if (f->allow_list)
			(void)secfilter_syscall_word(f, "@default", true);
	}
	for (size_t i = 0; words && words[i]; i++) {
		const char *w = words[i];

		if (strchr(w, ':')) {
			parse_error(c,
				    "%s=: \"%s\": a per-call error number is "
				    "not supported",
				    k->name, PARSE_Q(w));
			r = 1;
		} else if ((r = secfilter_syscall_word(
				    f, w, invert != f->allow_list))) {
			parse_error(c, "%s=: \"%s\" is %s", k->name, PARSE_Q(w),
				    w[0] == '@' ? "not a system call group"
				    : r == -ERANGE
					    ? "beyond the calls svinit filters"
					    : "not a system call libseccomp "
					      "knows");
		}
		if (r) {
			strv_free(words);
			return 1;
		}
	}
	strv_free(words);
	return 0;
}

/* SystemCallErrorNumber=: a name strerrorname_np knows, or 1..4095 (what
 * SECCOMP_RET_ERRNO can carry); `kill` or empty is the default. */
static int k_syscall_errno(struct parse_ctx *c, const struct parse_key *k,
			   const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	long long n;
	int e = secfilter_errno_from_name(v);

	if (!*v || strcmp(v, "kill") == 0) {
		p->seccomp.error_number = 0;
		return 0;
	}
	if (e < 0 && read_int(v, false, 1, 4095, &n) == 0)
		e = (int)n;
	if (e < 0)
		return parse_bad(c, k, v, "not an errno name or number");
	p->seccomp.error_number = e;
	return 0;
}

/* SystemCallArchitectures=: svinit only writes filters for the native
 * architecture (secfilter.h), so other names cannot be honoured. */
static int k_syscall_archs(struct parse_ctx *c, const struct parse_key *k,
			   const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	char **words = NULL;
	int r = parse_split_plain(v, &words);
	bool native = false;

	if (r < 0)
		return r;
	for (size_t i = 0; words && words[i]; i++) {
		if (strcmp(words[i], "native") != 0 &&
		    seccomp_arch_resolve_name(words[i]) !=
			    seccomp_arch_native()) {
			strv_free(words);
			return parse_bad(c, k, v,
					 "only native (this machine's "
					 "architecture) is supported");
		}
		native = true;
	}
	strv_free(words);
	p->seccomp.arch_native = native;
	return 0;
}

/* Personality=: the architectures this machine can run, as systemd names
 * them; on x86-64, x86 is the 32-bit personality (uname says i686). */
static int k_personality(struct parse_ctx *c, const struct parse_key *k,
			 const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	if (!*v)
		p->personality = -1;
#if defined(__x86_64__)
	else if (strcmp(v, "x86-64") == 0)
		p->personality = PER_LINUX;
	else if (strcmp(v, "x86") == 0)
		p->personality = PER_LINUX32;
#elif defined(__i386__)
	else if (strcmp(v, "x86") == 0)
		p->personality = PER_LINUX;
#endif
	else
		return parse_bad(c, k, v,
				 "not an architecture this machine runs");
	return 0;
}

/* KeyringMode=: systemd's three names, in PRIVS_KEYRING_* order. */
static int k_keyring(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	static const char *const names[] = {"inherit", "private", "shared",
					    NULL};
	int i = parse_find_word(names, v);

	if (i < 0)
		return parse_bad(c, k, v, "not inherit, private or shared");
	p->keyring_mode = i;
	return 0;
}

/* RestrictNamespaces=: stored as the flags still allowed. */
static int k_namespaces(struct parse_ctx *c, const struct parse_key *k,
			const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	struct secfilter_conf *f = &p->seccomp;
	unsigned long flags = 0;
	bool b, invert;
	char **words = NULL;
	int r;

	/* A boolean replaces what came before: yes restricts all. */
	if (!*v || parse_boolean(v, &b) == 0) {
		f->ns_allowed = *v && b ? 0 : SECFILTER_NS_ALL;
		return 0;
	}
	r = split_inverted(v, &invert, &words);
	if (r < 0)
		return r;
	for (size_t i = 0; words && words[i]; i++) {
		unsigned long fl = secfilter_ns_flag(words[i]);

		if (!fl) {
			strv_free(words);
			return parse_bad(c, k, v,
					 "not a boolean or a list of cgroup, "
					 "ipc, net, mnt, pid, user, uts");
		}
		flags |= fl;
	}
	strv_free(words);
	/* The first list sets what is allowed; later ones add to it or,
	 * inverted, take from it (systemd's rule). */
	if (f->ns_allowed == SECFILTER_NS_ALL)
		f->ns_allowed = invert ? SECFILTER_NS_ALL & ~flags : flags;
	else if (invert)
		f->ns_allowed &= ~flags;
	else
		f->ns_allowed |= flags;
	return 0;
}

/* RestrictAddressFamilies=: the same merging as SystemCallFilter=, over
 * a bit set of AF_ numbers; `none` is an empty allow list. */
static int k_families(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	struct privs_conf *p = parse_privs_of(c);

	if (!p)
		return -ENOMEM;
	struct secfilter_conf *f = &p->seccomp;
	bool invert;
	char **words = NULL;
	int r;

	if (!*v) {
		f->af_set = false;
		f->families = 0;
		return 0;
	}
	if (strcmp(v, "none") == 0) {
		f->af_set = true;
		f->af_allow_list = true;
		f->families = 0;
		return 0;
	}
	r = split_inverted(v, &invert, &words);
	if (r < 0)
		return r;
	if (!f->af_set) {
		f->af_set = true;
		f->af_allow_list = !invert;
		f->families = 0;
	}
	for (size_t i = 0; words && words[i]; i++) {
		int af = secfilter_af_from_name(words[i]);

		if (af < 0) {
			strv_free(words);
			return parse_bad(c, k, v, "not an address family");
		}
		if (invert != f->af_allow_list)
			f->families |= 1ULL << af;
		else
			f->families &= ~(1ULL << af);
	}
	strv_free(words);
	return 0;
}

#define LIMIT(name, res) PRIVS(name, k_limit, limits, res)

/* Every key of this area, written into svc.privs. Keys that are not here
 * but restrict a service (DynamicUser=, Personality=, ...) stay refused
 * by parse_keys.c's list. */
static const struct parse_key keys[] = {
	PRIVS("NoNewPrivileges", k_bool, no_new_privileges, 0),
	PRIVS("CapabilityBoundingSet", k_caps, bounding, 1),
	PRIVS("AmbientCapabilities", k_caps, ambient, 0),
	PRIVS("SecureBits", k_securebits, securebits, 0),
	PRIVS("SupplementaryGroups", k_groups, supplementary_groups, 0),
	PRIVS("Nice", k_nice, nice, 0),
	PRIVS("OOMScoreAdjust", k_oom, oom_score_adjust, 0),
	LIMIT("LimitCPU", RLIMIT_CPU),
	LIMIT("LimitFSIZE", RLIMIT_FSIZE),
	LIMIT("LimitDATA", RLIMIT_DATA),
	LIMIT("LimitSTACK", RLIMIT_STACK),
	LIMIT("LimitCORE", RLIMIT_CORE),
	LIMIT("LimitRSS", RLIMIT_RSS),
	LIMIT("LimitNOFILE", RLIMIT_NOFILE),
	LIMIT("LimitAS", RLIMIT_AS),
	LIMIT("LimitNPROC", RLIMIT_NPROC),
	LIMIT("LimitMEMLOCK", RLIMIT_MEMLOCK),
	LIMIT("LimitLOCKS", RLIMIT_LOCKS),
	LIMIT("LimitSIGPENDING", RLIMIT_SIGPENDING),
	LIMIT("LimitMSGQUEUE", RLIMIT_MSGQUEUE),
	LIMIT("LimitNICE", RLIMIT_NICE),
	LIMIT("LimitRTPRIO", RLIMIT_RTPRIO),
	LIMIT("LimitRTTIME", RLIMIT_RTTIME),
	PRIVS("CPUSchedulingPolicy", k_cpu_policy, cpu_policy, 0),
	PRIVS("CPUSchedulingPriority", k_cpu_priority, cpu_priority, 0),
	PRIVS("CPUSchedulingResetOnFork", k_bool, cpu_reset_on_fork, 0),
	PRIVS("IOSchedulingClass", k_io_class, io_class, 0),
	PRIVS("IOSchedulingPriority", k_io_priority, io_priority, 0),
	PRIVS("SystemCallFilter", k_syscall_filter, seccomp, 0),
	PRIVS("SystemCallErrorNumber", k_syscall_errno, seccomp, 0),
	PRIVS("SystemCallArchitectures", k_syscall_archs, seccomp, 0),
	PRIVS("RestrictNamespaces", k_namespaces, seccomp, 0),
	PRIVS("RestrictRealtime", k_bool, seccomp.restrict_realtime, 0),
	PRIVS("RestrictSUIDSGID", k_bool, seccomp.restrict_suid_sgid, 0),
	PRIVS("LockPersonality", k_bool, seccomp.lock_personality, 0),
	PRIVS("Personality", k_personality, personality, 0),
	PRIVS("KeyringMode", k_keyring, keyring_mode, 0),
	PRIVS("MemoryDenyWriteExecute", k_bool,
	      seccomp.memory_deny_write_execute, 0),
	PRIVS("RestrictAddressFamilies", k_families, seccomp, 0),
};

const struct parse_key_table parse_privs_keys = PARSE_KEY_TABLE(keys);

/* After every file: the checks across keys and the seccomp programs;
 * an error names the line of the setting it is about when known. */
int parse_privs_finish(struct unit *u, struct diag_list *dl)
{
	const char *file = u->path ? u->path : u->name;
	char buf[256];
	const char *why = NULL;
	const struct privs_origin *at = NULL;
	int r;

	if (!u->svc.privs)
		return 0; /* nothing set: nothing to check or build */
	r = privs_conf_finish(u->svc.privs, buf, sizeof(buf), &why, &at);

	if (r == -EINVAL)
		diag_add(dl, DIAG_ERROR, at && at->file ? at->file : file,
			 at && at->file ? at->line : 0, "%s", why);
	return r;
}
