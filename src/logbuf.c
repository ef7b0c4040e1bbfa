#include "logbuf.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Byte classes for the escaping scan: most log text is C_PLAIN and is
 * copied in runs, so the common case costs one table load per byte. */
enum { C_PLAIN, C_ESC, C_LEAD };

static const unsigned char byte_class[256] = {
	[0x00 ... 0x08] = C_ESC, ['\t'] = C_PLAIN,
	[0x0a ... 0x1f] = C_ESC, [0x20 ... 0x5b] = C_PLAIN,
	['\\'] = C_ESC,		 [0x5d ... 0x7e] = C_PLAIN,
	[0x7f ... 0xc1] = C_ESC, [0xc2 ... 0xf4] = C_LEAD,
	[0xf5 ... 0xff] = C_ESC,
};

static const char hex_chars[] = "0123456789abcdef";

/* The latest time that still fits "YYYY": 9999-12-31T23:59:59.999999Z. */
#define STAMP_USEC_MAX 253402300799999999ULL

static const char *const mark_name[2][2] = {
	{"out", "out+"},
	{"err", "err+"},
};

/*
 * Length of the well-formed, printable UTF-8 sequence at p (Unicode table
 * 3-7), or 0 to escape its first byte. C1 controls are refused because a
 * terminal may act on them.
 */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t len;

	if (c < 0xe0)
		len = 2;
	else if (c < 0xf0)
		len = 3;
	else
		len = 4;
	if (n < len)
		return 0;
	if (c == 0xc2)
		lo = 0xa0; /* U+0080..U+009F are C1 controls */
	else if (c == 0xe0)
		lo = 0xa0; /* overlong */
	else if (c == 0xed)
		hi = 0x9f; /* surrogates */
	else if (c == 0xf0)
		lo = 0x90; /* overlong */
	else if (c == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

size_t logbuf_escape(const void *in, size_t len, char *out)
{
	const unsigned char *p = in, *end = p + len;
	char *o = out;

	while (p < end) {
		const unsigned char *run = p;
		size_t k;

		while (p < end && byte_class[*p] == C_PLAIN)
			p++;
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p == end)
			break;
		if (byte_class[*p] == C_LEAD &&
		    (k = utf8_seq(p, (size_t)(end - p))) > 0) {
			memcpy(o, p, k);
			o += k;
			p += k;
			continue;
		}
		*o++ = '\\';
		if (*p == '\\') {
			*o++ = '\\';
		} else {
			*o++ = 'x';
			*o++ = hex_chars[*p >> 4];
			*o++ = hex_chars[*p & 15];
		}
		p++;
	}
	return (size_t)(o - out);
}

ssize_t logbuf_unescape(const char *in, size_t len, void *out)
{
	unsigned char *o = out;
	size_t i = 0;

	while (i < len) {
		const char *bs = memchr(in + i, '\\', len - i);
		size_t run = bs ? (size_t)(bs - in) - i : len - i;
		int h, l;

		memmove(o, in + i, run);
		o += run;
		i += run;
		if (i == len)
			break;
		if (i + 1 < len && in[i + 1] == '\\') {
			*o++ = '\\';
			i += 2;
			continue;
		}
		if (i + 4 > len || in[i + 1] != 'x')
			return -EINVAL;
		h = hex_digit(in[i + 2]);
		l = hex_digit(in[i + 3]);
		if (h < 0 || l < 0)
			return -EINVAL;
		*o++ = (unsigned char)(h << 4 | l);
		i += 4;
	}
	return (ssize_t)(o - (unsigned char *)out);
}

static void put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DDTHH:MM:SS" of a second since the epoch. */
static void format_date(uint64_t sec, char *buf)
{
	struct tm tm;
	time_t t = (time_t)sec;
	unsigned year;

	/* Cannot fail below year 10000, which the callers guarantee. */
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	year = (unsigned)tm.tm_year + 1900;
	put2(buf, year / 100);
	put2(buf + 2, year % 100);
	buf[4] = '-';
	put2(buf + 5, (unsigned)tm.tm_mon + 1);
	buf[7] = '-';
	put2(buf + 8, (unsigned)tm.tm_mday);
	buf[10] = 'T';
	put2(buf + 11, (unsigned)tm.tm_hour);
	buf[13] = ':';
	put2(buf + 14, (unsigned)tm.tm_min);
	buf[16] = ':';
	put2(buf + 17, (unsigned)tm.tm_sec);
}

static void format_usec(unsigned usec, char *buf)
{
	buf[0] = '.';
	for (int i = 6; i >= 1; i--) {
		buf[i] = (char)('0' + usec % 10);
		usec /= 10;
	}
	buf[7] = 'Z';
}

void logbuf_format_stamp(usec_t t, char *buf)
{
	if (t > STAMP_USEC_MAX)
		t = STAMP_USEC_MAX;
	format_date(t / USEC_PER_SEC, buf);
	format_usec((unsigned)(t % USEC_PER_SEC), buf + 19);
}

/* The record prefixes of the call under way, formatted once per call by
 * set_stamp; the date and time of day once per second of `now`. Like the
 * out scratch, they are empty between calls, so every logbuf of the
 * single-threaded daemon shares them: a unit's two logbufs would
 * otherwise carry some 220 bytes each for a few microseconds of use. */
static struct {
	uint64_t sec;
	char date[20];
	char prefix[2][LOGBUF_PREFIX_MAX];
	size_t prefix_len[2];
} stamp = {.sec = UINT64_MAX};

/* Format both prefixes for now; the date only when the second changed. */
static void set_stamp(struct logbuf *lb, usec_t now)
{
	uint64_t sec;

	if (now > STAMP_USEC_MAX)
		now = STAMP_USEC_MAX;
	sec = now / USEC_PER_SEC;
	if (sec != stamp.sec) {
		format_date(sec, stamp.date);
		stamp.sec = sec;
	}
	for (int c = 0; c < 2; c++) {
		char *p = stamp.prefix[c];
		const char *mark = mark_name[lb->stream][c];
		size_t ml = strlen(mark);

		memcpy(p, stamp.date, 19);
		format_usec((unsigned)(now % USEC_PER_SEC), p + 19);
		p[LOGBUF_STAMP_LEN] = ' ';
		memcpy(p + LOGBUF_STAMP_LEN + 1, mark, ml);
		p[LOGBUF_STAMP_LEN + 1 + ml] = ' ';
		stamp.prefix_len[c] = LOGBUF_STAMP_LEN + 2 + ml;
	}
}

static void out_flush(struct logbuf *lb, usec_t now)
{
	if (lb->out_len > 0) {
		lb->emit(lb->ctx, lb->out, lb->out_len, lb->out_raw, now);
		lb->out_len = 0;
		lb->out_raw = 0;
	}
}

/*
 * Append one record of n raw bytes (n <= line_max). more: the line goes on
 * in a later record; otherwise the line's newline was consumed and counts
 * among the batch's raw bytes. An empty continuation carries nothing and is
 * skipped, so a flush just before a newline leaves no empty `+` record (and
 * that newline is counted nowhere: see "Raw bytes" in logbuf.h).
 */
static void put_record(struct logbuf *lb, const unsigned char *p, size_t n,
		       bool more, usec_t now)
{
	size_t need = LOGBUF_PREFIX_MAX + 4 * n + 1;
	char *o;

	if (n == 0 && lb->cont) {
		lb->cont = more;
		return;
	}
	if (lb->out_cap - lb->out_len < need)
		out_flush(lb, now);
	o = lb->out + lb->out_len;
	memcpy(o, stamp.prefix[lb->cont], stamp.prefix_len[lb->cont]);
	o += stamp.prefix_len[lb->cont];
	o += logbuf_escape(p, n, o);
	*o++ = '\n';
	lb->out_len = (size_t)(o - lb->out);
	lb->out_raw += n + !more;
	lb->cont = more;
}

/* Where to cut n bytes so that no UTF-8 character is split: back up over
 * a lead byte whose sequence runs past n. Moves at most 3 bytes. */
static size_t utf8_cut(const unsigned char *p, size_t n)
{
	for (size_t i = 1; i <= 3 && i <= n; i++) {
		unsigned char c = p[n - i];
		size_t need;

		if (c >= 0x80 && c < 0xc0)
			continue; /* continuation byte: look further back */
		if (c >= 0xc2 && c < 0xe0)
			need = 2;
		else if (c >= 0xe0 && c < 0xf0)
			need = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 4;
		else
			return n;
		return need > i ? n - i : n;
	}
	return n;
}

/* Emit the first piece of the held line and keep the rest (<= 3 bytes,
 * or everything past max when the limit was lowered). */
static void emit_held_piece(struct logbuf *lb, size_t max, usec_t now)
{
	size_t k = utf8_cut(lb->line, max);

	put_record(lb, lb->line, k, true, now);
	memmove(lb->line, lb->line + k, lb->len - k);
	lb->len -= k;
}

int logbuf_init(struct logbuf *lb, enum logbuf_stream stream, char *scratch,
		size_t scratch_cap, logbuf_emit_fn emit, void *ctx)
{
	if ((stream != LOGBUF_STDOUT && stream != LOGBUF_STDERR) || !scratch ||
	    scratch_cap < LOGBUF_SCRATCH_MIN || !emit)
		return -EINVAL;
	memset(lb, 0, sizeof(*lb));
	lb->emit = emit;
	lb->ctx = ctx;
	lb->out = scratch;
	lb->out_cap = scratch_cap;
	lb->stream = stream;
	lb->line_max = LOGBUF_LINE_MAX;
	return 0;
}

void logbuf_set_line_max(struct logbuf *lb, size_t n, usec_t now)
{
	if (n < LOGBUF_LINE_MIN)
		n = LOGBUF_LINE_MIN;
	if (n > LOGBUF_LINE_MAX)
		n = LOGBUF_LINE_MAX;
	lb->line_max = n;
	if (lb->len <= n)
		return;
	set_stamp(lb, now);
	while (lb->len > n)
		emit_held_piece(lb, n, now);
	out_flush(lb, now);
}

/*
 * Lines wholly inside the chunk are escaped straight from it; only a line
 * that spans reads is copied into line[]. Either way a record holds at most
 * line_max raw bytes, so a newline is searched for in line_max + 1 bytes.
 */
void logbuf_feed(struct logbuf *lb, const void *data, size_t len, usec_t now)
{
	const unsigned char *p = data;
	size_t max = lb->line_max;

	if (len == 0)
		return;
	set_stamp(lb, now);
	while (len > 0) {
		const unsigned char *nl;
		size_t room, n;

		if (lb->len > 0) {
			room = max - lb->len;
			n = len < room + 1 ? len : room + 1;
			nl = memchr(p, '\n', n);
			if (nl) {
				n = (size_t)(nl - p);
				memcpy(lb->line + lb->len, p, n);
				put_record(lb, lb->line, lb->len + n, false,
					   now);
				lb->len = 0;
				p += n + 1;
				len -= n + 1;
				continue;
			}
			n = len < room ? len : room;
			memcpy(lb->line + lb->len, p, n);
			lb->len += n;
			p += n;
			len -= n;
			if (len > 0)
				emit_held_piece(lb, max, now);
			continue;
		}
		n = len < max + 1 ? len : max + 1;
		nl = memchr(p, '\n', n);
		if (nl) {
			n = (size_t)(nl - p);
			put_record(lb, p, n, false, now);
			p += n + 1;
			len -= n + 1;
		} else if (len > max) {
			n = utf8_cut(p, max);
			put_record(lb, p, n, true, now);
			p += n;
			len -= n;
		} else if (lb->line || (lb->line = malloc(LOGBUF_LINE_MAX))) {
			memcpy(lb->line, p, len);
			lb->len = len;
			len = 0;
		} else {
			/* No memory to hold it: write it now as a piece that
			 * the rest of the line continues. */
			put_record(lb, p, len, true, now);
			len = 0;
		}
	}
	out_flush(lb, now);
}

void logbuf_free(struct logbuf *lb)
{
	free(lb->line);
	lb->line = NULL;
	lb->len = 0;
}

void logbuf_flush(struct logbuf *lb, usec_t now)
{
	if (lb->len == 0)
		return;
	set_stamp(lb, now);
	put_record(lb, lb->line, lb->len, true, now);
	lb->len = 0;
	out_flush(lb, now);
}

bool logbuf_pending(const struct logbuf *lb)
{
	return lb->len > 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n decimal digits at p, or -1. */
static int64_t digits(const char *p, int n)
{
	int64_t v = 0;

	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int parse_stamp(const char *s, usec_t *out)
{
	static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30,
					      31, 31, 30, 31, 30, 31};
	int64_t y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	int64_t h = digits(s + 11, 2), mi = digits(s + 14, 2);
	int64_t sec = digits(s + 17, 2), us = digits(s + 20, 6), days;

	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != '.' || s[26] != 'Z')
		return -EINVAL;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 ||
	    us < 0)
		return -EINVAL;
	if (mo == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -EINVAL;
	days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	*out = ((usec_t)days * 86400 + (usec_t)(h * 3600 + mi * 60 + sec)) *
		       USEC_PER_SEC +
	       (usec_t)us;
	return 0;
}

/* Bytes that the escaped text in[0..len) stands for: logbuf_unescape's
 * length without writing. A stray backslash counts as itself. */
static size_t unescaped_len(const char *in, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; n++) {
		if (in[i] != '\\' || i + 1 == len)
			i++;
		else if (in[i + 1] == 'x' && i + 4 <= len)
			i += 4;
		else
			i += 2;
	}
	return n;
}

/* What a line of an emitted batch holds of the service's output. */
struct raw_line {
	const char *end; /* after its newline */
	size_t text;	 /* bytes of its text */
	bool cont;	 /* a `+` record: goes on with the line before */
	bool service;	 /* an out or err record, or a line that is none */
	enum logbuf_stream stream;
};

/* Read the line at p (before end) into l; false when no whole line is
 * there. A line that is not a record counts as its own bytes, newline
 * included; a note counts nothing. */
static bool raw_line(const char *p, const char *end, struct raw_line *l)
{
	const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
	struct logbuf_record rec;

	if (!nl)
		return false;
	l->end = nl + 1;
	if (logbuf_parse(p, (size_t)(nl - p), &rec) < 0) {
		*l = (struct raw_line){.end = nl + 1,
				       .text = (size_t)(nl - p) + 1,
				       .stream = LOGBUF_NOTE};
		return true;
	}
	l->stream = rec.stream;
	l->cont = rec.cont;
	l->service = rec.stream != LOGBUF_NOTE;
	l->text = l->service ? unescaped_len(rec.text, rec.text_len) : 0;
	return true;
}

size_t logbuf_raw_before(const char *data, size_t len, size_t at)
{
	const char *end = data + len, *stop = data + (at < len ? at : len);
	struct raw_line cur, next;
	bool more = raw_line(data, end, &cur);
	size_t raw = 0;

	while (more && cur.end <= stop) {
		more = raw_line(cur.end, end, &next);
		raw += cur.text;
		/* The newline is the record's unless the next record goes on
		 * with its line. After the last record nothing tells: its
		 * newline is counted. */
		if (cur.service &&
		    !(more && next.cont && next.stream == cur.stream))
			raw++;
		if (more)
			cur = next;
	}
	return raw;
}

int logbuf_parse(const char *line, size_t len, struct logbuf_record *rec)
{
	const char *mark, *sp;
	size_t ml;

	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len < LOGBUF_STAMP_LEN + 2 || line[LOGBUF_STAMP_LEN] != ' ')
		return -EINVAL;
	if (parse_stamp(line, &rec->usec) < 0)
		return -EINVAL;
	mark = line + LOGBUF_STAMP_LEN + 1;
	sp = memchr(mark, ' ', len - LOGBUF_STAMP_LEN - 1);
	if (!sp)
		return -EINVAL;
	ml = (size_t)(sp - mark);
	if (ml == 7 && !memcmp(mark, "svinit:", 7)) {
		rec->stream = LOGBUF_NOTE;
		rec->cont = false;
	} else if ((ml == 3 || (ml == 4 && mark[3] == '+')) &&
		   (!memcmp(mark, "out", 3) || !memcmp(mark, "err", 3))) {
		rec->stream = mark[0] == 'o' ? LOGBUF_STDOUT : LOGBUF_STDERR;
		rec->cont = ml == 4;
	} else {
		return -EINVAL;
	}
	rec->text = sp + 1;
	rec->text_len = len - (size_t)(rec->text - line);
	return 0;
}
