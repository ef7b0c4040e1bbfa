/*
 * parse: value parsers (booleans, numbers, time spans, signals, exit
 * statuses, sizes) and systemd's word quoting used by Exec lines and
 * Environment=. All pure: they read a string and fill a value, and leave
 * the output alone when they fail, so a handler can parse straight into
 * the unit's field.
 *
 * What must stay true: every number is checked for overflow before it is
 * computed (values come from files anyone may have written, and a wrapped
 * TimeoutSec= would be a short timeout instead of an error); what systemd
 * refuses is refused here too (signs, blanks inside numbers, unknown
 * units), so a file that loads here also means the same thing there.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Keywords are case-sensitive, as in systemd. */
int parse_find_word(const char *const *names, const char *v)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], v) == 0)
			return i;
	return -1;
}

/* systemd's six spellings of each, case-insensitive. */
int parse_boolean(const char *s, bool *out)
{
	static const char *const yes[] = {"1", "yes", "y", "true", "t", "on"};
	static const char *const no[] = {"0", "no", "n", "false", "f", "off"};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* Reads the digits at *p into *out, advancing *p. strtoul would accept a
 * sign and leading blanks, which systemd does not. */
static int read_u64(const char **p, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*out = v;
	return 0;
}

int parse_unsigned(const char *s, unsigned *out)
{
	uint64_t v;
	int r = read_u64(&s, &v);

	if (r < 0)
		return r;
	if (*s)
		return -EINVAL;
	if (v > UINT_MAX)
		return -ERANGE;
	*out = (unsigned)v;
	return 0;
}

/* systemd's time units (systemd.time(7)). Longer names first within a
 * family is not needed: read_time_unit matches the whole word. */
static const struct {
	const char *name;
	usec_t usec;
} time_units[] = {
	{"usec", 1},
	{"us", 1},
	{"\xc2\xb5s", 1}, /* µs */
	{"msec", USEC_PER_MSEC},
	{"ms", USEC_PER_MSEC},
	{"seconds", USEC_PER_SEC},
	{"second", USEC_PER_SEC},
	{"sec", USEC_PER_SEC},
	{"s", USEC_PER_SEC},
	{"minutes", 60 * USEC_PER_SEC},
	{"minute", 60 * USEC_PER_SEC},
	{"min", 60 * USEC_PER_SEC},
	{"m", 60 * USEC_PER_SEC},
	{"hours", 3600 * USEC_PER_SEC},
	{"hour", 3600 * USEC_PER_SEC},
	{"hr", 3600 * USEC_PER_SEC},
	{"h", 3600 * USEC_PER_SEC},
	{"days", 86400 * USEC_PER_SEC},
	{"day", 86400 * USEC_PER_SEC},
	{"d", 86400 * USEC_PER_SEC},
	{"weeks", 7 * 86400 * USEC_PER_SEC},
	{"week", 7 * 86400 * USEC_PER_SEC},
	{"w", 7 * 86400 * USEC_PER_SEC},
	/* systemd's month and year: 30.44 and 365.25 days */
	{"months", 2629800 * USEC_PER_SEC},
	{"month", 2629800 * USEC_PER_SEC},
	{"M", 2629800 * USEC_PER_SEC},
	{"years", 31557600 * USEC_PER_SEC},
	{"year", 31557600 * USEC_PER_SEC},
	{"y", 31557600 * USEC_PER_SEC},
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* The unit word at *p ("min", "ms", "" for none), advancing *p. */
static int read_time_unit(const char **p, usec_t *mult)
{
	const char *s = *p;
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	       (unsigned char)s[n] == 0xc2 || (unsigned char)s[n] == 0xb5)
		n++;
	if (n == 0) {
		*mult = USEC_PER_SEC;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(time_units); i++) {
		if (strlen(time_units[i].name) == n &&
		    memcmp(time_units[i].name, s, n) == 0) {
			*mult = time_units[i].usec;
			*p = s + n;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * A sum of terms, each a number (with an optional fraction) and a unit,
 * blanks allowed between them: "1min 30s", "1min30s", "1.5h", "90" (a
 * bare number is seconds). The product is computed in 128 bits, so a huge
 * term is -ERANGE instead of a wrapped value; USEC_INFINITY is kept for
 * the word "infinity" alone.
 */
int parse_timespan(const char *s, usec_t *out)
{
	const char *p = s;
	usec_t total = 0;
	bool any = false;

	while (is_blank(*p))
		p++;
	if (strncmp(p, "infinity", 8) == 0) {
		for (p += 8; is_blank(*p); p++)
			;
		if (*p)
			return -EINVAL;
		*out = USEC_INFINITY;
		return 0;
	}
	while (*p) {
		uint64_t whole = 0, frac = 0, frac_div = 1;
		usec_t mult;
		unsigned __int128 v;
		bool digits = false;
		int r;

		if (*p >= '0' && *p <= '9') {
			r = read_u64(&p, &whole);
			if (r < 0)
				return r;
			digits = true;
		}
		if (*p == '.') {
			/* Beyond nanoseconds the digits cannot matter. */
			for (p++; *p >= '0' && *p <= '9'; p++) {
				digits = true;
				if (frac_div < 1000000000ULL) {
					frac = frac * 10 + (uint64_t)(*p - '0');
					frac_div *= 10;
				}
			}
		}
		if (!digits)
			return -EINVAL;
		while (is_blank(*p))
			p++;
		if (read_time_unit(&p, &mult) < 0)
			return -EINVAL;
		v = (unsigned __int128)whole * mult +
		    (unsigned __int128)frac * mult / frac_div;
		if (v >= USEC_INFINITY || total + (usec_t)v < total ||
		    total + (usec_t)v == USEC_INFINITY)
			return -ERANGE;
		total += (usec_t)v;
		any = true;
		while (is_blank(*p))
			p++;
	}
	if (!any)
		return -EINVAL;
	*out = total;
	return 0;
}

static const struct {
	const char *name;
	int sig;
} signal_names[] = {
	{"HUP", SIGHUP},   {"INT", SIGINT},	  {"QUIT", SIGQUIT},
	{"ILL", SIGILL},   {"TRAP", SIGTRAP},	  {"ABRT", SIGABRT},
	{"IOT", SIGIOT},   {"BUS", SIGBUS},	  {"FPE", SIGFPE},
	{"KILL", SIGKILL}, {"USR1", SIGUSR1},	  {"SEGV", SIGSEGV},
	{"USR2", SIGUSR2}, {"PIPE", SIGPIPE},	  {"ALRM", SIGALRM},
	{"TERM", SIGTERM}, {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},
	{"CONT", SIGCONT}, {"STOP", SIGSTOP},	  {"TSTP", SIGTSTP},
	{"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},	  {"URG", SIGURG},
	{"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ},	  {"VTALRM", SIGVTALRM},
	{"PROF", SIGPROF}, {"WINCH", SIGWINCH},	  {"IO", SIGIO},
	{"POLL", SIGPOLL}, {"PWR", SIGPWR},	  {"SYS", SIGSYS},
};

#define SIGNAL_MAX 64

/* "RTMIN", "RTMIN+3", "RTMAX-2": real-time signals, numbered at run
 * time by the C library. */
static int parse_rt_signal(const char *s, int *out)
{
	bool min = strncmp(s, "RTMIN", 5) == 0;
	int base = min ? SIGRTMIN : SIGRTMAX;
	unsigned off = 0;

	if (!min && strncmp(s, "RTMAX", 5) != 0)
		return -EINVAL;
	s += 5;
	if (*s) {
		if (*s != (min ? '+' : '-') || parse_unsigned(s + 1, &off) < 0)
			return -EINVAL;
	}
	if (off > (unsigned)(SIGRTMAX - SIGRTMIN))
		return -ERANGE;
	*out = min ? base + (int)off : base - (int)off;
	return 0;
}

/* A number is taken as it is (any of 1..64 may be meant), a name with or
 * without "SIG"; real-time names are resolved at run time. */
int parse_signal(const char *s, int *out)
{
	unsigned n;

	if (*s >= '0' && *s <= '9') {
		if (parse_unsigned(s, &n) < 0 || n < 1 || n > SIGNAL_MAX)
			return -EINVAL;
		*out = (int)n;
		return 0;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(signal_names); i++) {
		if (strcmp(s, signal_names[i].name) == 0) {
			*out = signal_names[i].sig;
			return 0;
		}
	}
	return parse_rt_signal(s, out) < 0 ? -EINVAL : 0;
}

/* Names of exit statuses: LSB init scripts, BSD sysexits.h, and the
 * statuses systemd's service manager itself uses (200 and up). */
static const struct {
	const char *name;
	int status;
} exit_names[] = {
	{"SUCCESS", 0},
	{"FAILURE", 1},
	{"INVALIDARGUMENT", 2},
	{"NOTIMPLEMENTED", 3},
	{"NOPERMISSION", 4},
	{"NOTINSTALLED", 5},
	{"NOTCONFIGURED", 6},
	{"NOTRUNNING", 7},
	{"USAGE", 64},
	{"DATAERR", 65},
	{"NOINPUT", 66},
	{"NOUSER", 67},
	{"NOHOST", 68},
	{"UNAVAILABLE", 69},
	{"SOFTWARE", 70},
	{"OSERR", 71},
	{"OSFILE", 72},
	{"CANTCREAT", 73},
	{"IOERR", 74},
	{"TEMPFAIL", 75},
	{"PROTOCOL", 76},
	{"NOPERM", 77},
	{"CONFIG", 78},
	{"CHDIR", 200},
	{"NICE", 201},
	{"FDS", 202},
	{"EXEC", 203},
	{"MEMORY", 204},
	{"LIMITS", 205},
	{"OOM_ADJUST", 206},
	{"SIGNAL_MASK", 207},
	{"STDIN", 208},
	{"STDOUT", 209},
	{"CHROOT", 210},
	{"IOPRIO", 211},
	{"TIMERSLACK", 212},
	{"SECUREBITS", 213},
	{"SETSCHEDULER", 214},
	{"CPUAFFINITY", 215},
	{"GROUP", 216},
	{"USER", 217},
	{"CAPABILITIES", 218},
	{"CGROUP", 219},
	{"SETSID", 220},
	{"CONFIRM", 221},
	{"STDERR", 222},
	{"PAM", 224},
	{"NETWORK", 225},
	{"NAMESPACE", 226},
	{"NO_NEW_PRIVILEGES", 227},
	{"SECCOMP", 228},
	{"SELINUX_CONTEXT", 229},
	{"PERSONALITY", 230},
	{"APPARMOR_PROFILE", 231},
	{"ADDRESS_FAMILIES", 232},
	{"RUNTIME_DIRECTORY", 233},
	{"CHOWN", 235},
	{"SMACK_PROCESS_LABEL", 236},
	{"KEYRING", 237},
	{"STATE_DIRECTORY", 238},
	{"CACHE_DIRECTORY", 239},
	{"LOGS_DIRECTORY", 240},
	{"CONFIGURATION_DIRECTORY", 241},
	{"NUMA_POLICY", 242},
	{"CREDENTIALS", 243},
	{"BPF", 245},
};

/* -EINVAL for what is no status at all (so that the caller may try a
 * signal name), -ERANGE for a number past 255. */
int parse_exit_status(const char *s, int *out)
{
	unsigned n;

	if (*s >= '0' && *s <= '9') {
		int r = parse_unsigned(s, &n);

		if (r == -EINVAL)
			return r;
		if (r < 0 || n > 255)
			return -ERANGE;
		*out = (int)n;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(exit_names); i++) {
		if (strcmp(s, exit_names[i].name) == 0) {
			*out = exit_names[i].status;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * Growable byte buffer for building words. Bounded by the input it comes
 * from, which the reader bounds.
 */
int parse_buf_add(struct parse_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (!p)
			return -ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int parse_buf_addc(struct parse_buf *b, char c)
{
	return parse_buf_add(b, &c, 1);
}

/* The buffer's string, and the buffer reset (never NULL unless ENOMEM). */
char *parse_buf_steal(struct parse_buf *b)
{
	char *s = b->s ? b->s : strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* c as UTF-8; the caller has refused surrogates and values past
 * U+10FFFF. */
static int put_utf8(struct parse_buf *b, uint32_t c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return parse_buf_add(b, u, n);
}

/* Decodes the escape after a backslash at *p into b, advancing *p. A
 * decoded NUL is refused: it would silently cut the word. */
static int unescape_one(const char **p, struct parse_buf *b, const char **why)
{
	static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"''s ;;";
	const char *s = *p;
	uint32_t v = 0;
	int digits, base;

	*why = "invalid escape sequence";
	if (*s == '\0') {
		*why = "backslash at the end";
		return -EINVAL;
	}
	for (size_t i = 0; i + 1 < sizeof(simple); i += 2) {
		if (*s == simple[i]) {
			*p = s + 1;
			return parse_buf_addc(b, simple[i + 1]);
		}
	}
	if (*s == 'x') {
		digits = 2, base = 16, s++;
	} else if (*s == 'u') {
		digits = 4, base = 16, s++;
	} else if (*s == 'U') {
		digits = 8, base = 16, s++;
	} else if (*s >= '0' && *s <= '3') {
		digits = 3, base = 8;
	} else {
		return -EINVAL;
	}
	for (int i = 0; i < digits; i++) {
		int d = hex_digit(s[i]);

		if (d < 0 || d >= base)
			return -EINVAL;
		v = v * (uint32_t)base + (uint32_t)d;
	}
	if (v == 0) {
		*why = "escaped NUL byte";
		return -EINVAL;
	}
	*p = s + digits;
	if (digits == 2 || base == 8)
		return parse_buf_addc(b, (char)v);
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return -EINVAL;
	return put_utf8(b, v);
}

/*
 * A word ends at white space outside quotes. A quote may open a quoted
 * span anywhere in a word, and the word goes on after it: real unit files
 * write --name="a b" and mean the one word `--name=a b`, which systemd
 * accepts, although systemd.syntax(7) only documents quotes around whole
 * words. Escapes are decoded inside both kinds of quotes and outside.
 */
int parse_split_quoted_ex(const char *s, bool exec, char ***out,
			  const char **why)
{
	struct parse_buf b = {0};
	struct strv_builder words = {0};
	int r = 0;

	*out = NULL;
	*why = NULL;
	for (;;) {
		char quote = 0;
		bool bare = true;

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		r = parse_buf_add(&b, "", 0);
		while (r == 0 && *s && (quote || !is_blank(*s))) {
			if (quote && *s == quote) {
				quote = 0;
				s++;
			} else if (!quote && (*s == '"' || *s == '\'')) {
				quote = *s++;
				bare = false;
			} else if (*s == '\\') {
				s++;
				bare = false;
				r = unescape_one(&s, &b, why);
			} else {
				r = parse_buf_addc(&b, *s++);
			}
		}
		if (r == 0 && quote) {
			*why = "unterminated quote";
			r = -EINVAL;
		}
		/* systemd separates several commands with a lone `;`; one
		 * Exec line is one command here, so refuse it clearly. */
		if (r == 0 && exec && bare && strcmp(b.s, ";") == 0) {
			*why = "several commands on one line (`;`) are not "
			       "supported, use one Exec line each (or `\\;` "
			       "for a literal `;`)";
			r = -EINVAL;
		}
		if (r == 0)
			r = strv_builder_push(&words, parse_buf_steal(&b));
		if (r < 0)
			break;
	}
	free(b.s);
	if (r < 0) {
		strv_free(words.v);
		if (r == -ENOMEM)
			*why = "out of memory";
		return r;
	}
	*out = words.v;
	return 0;
}

int parse_split_quoted(const char *s, char ***out, const char **why)
{
	return parse_split_quoted_ex(s, false, out, why);
}

/* Dependency lists and exit statuses have no quoting in systemd either:
 * white space alone separates the words. */
int parse_split_plain(const char *s, char ***out)
{
	struct strv_builder words = {0};

	*out = NULL;
	for (;;) {
		size_t n = 0;

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		while (s[n] && !is_blank(s[n]))
			n++;
		if (strv_builder_push(&words, strndup(s, n)) < 0) {
			strv_free(words.v);
			return -ENOMEM;
		}
		s += n;
	}
	*out = words.v;
	return 0;
}

/* Binary multiples, as systemd's sizes; a single suffix letter and
 * nothing after it. */
int parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p && p[1])
		return -EINVAL;
	switch (*p) {
	case '\0':
		break;
	case 'K':
		mult = 1024;
		break;
	case 'M':
		mult = 1024 * 1024;
		break;
	case 'G':
		mult = 1024 * 1024 * 1024;
		break;
	case 'T':
		mult = 1024ULL * 1024 * 1024 * 1024;
		break;
	default:
		return -EINVAL;
	}
	if (v > UINT64_MAX / mult)
		return -EINVAL;
	*out = v * mult;
	return 0;
}
