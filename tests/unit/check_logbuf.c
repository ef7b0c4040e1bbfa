/* Check suite for log framing: marks, lines across reads, flush of a
 * partial line, escaping and its inverse, splitting of long lines,
 * timestamps, record parsing. No files: records are captured in memory. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logbuf.h"

/* 2026-11-24T14:45:24Z */
#define T0 (1795531524ULL * USEC_PER_SEC)

struct capture {
	char *data;
	size_t len, cap;
	int calls;
	size_t raw; /* the service's bytes, summed over the batches */
};

/* Check that a batch's raw count agrees with its records: the records
 * before the last give logbuf_raw_before, the last adds its unescaped
 * text and its newline if its line ended there. */
static void check_raw(const char *data, size_t len, size_t raw)
{
	static char text[LOGBUF_LINE_MAX];
	const char *last = len > 1 ? memrchr(data, '\n', len - 1) : NULL;
	size_t at = last ? (size_t)(last + 1 - data) : 0, before;
	struct logbuf_record rec;
	ssize_t k;

	ck_assert_int_eq(logbuf_parse(data + at, len - at, &rec), 0);
	k = logbuf_unescape(rec.text, rec.text_len, text);
	ck_assert_int_ge(k, 0);
	before = logbuf_raw_before(data, len, at);
	ck_assert_msg(raw == before + (size_t)k ||
			      raw == before + (size_t)k + 1,
		      "raw %zu, records before the last %zu, last %zd", raw,
		      before, k);
}

static void capture_emit(void *ctx, const char *data, size_t len, size_t raw,
			 usec_t now)
{
	struct capture *c = ctx;

	ck_assert_uint_gt(len, 0);
	ck_assert_int_eq(data[len - 1], '\n');
	check_raw(data, len, raw);
	c->raw += raw;
	if (c->len + len + 1 > c->cap) {
		c->cap = (c->len + len + 1) * 2;
		c->data = realloc(c->data, c->cap);
		ck_assert_ptr_nonnull(c->data);
	}
	memcpy(c->data + c->len, data, len);
	c->len += len;
	c->data[c->len] = '\0';
	c->calls++;
}

static char scratch[256 * 1024];

static void setup_lb(struct logbuf *lb, enum logbuf_stream s, struct capture *c)
{
	memset(c, 0, sizeof(*c));
	ck_assert_int_eq(
		logbuf_init(lb, s, scratch, sizeof(scratch), capture_emit, c),
		0);
}

static void feeds(struct logbuf *lb, const char *s, usec_t now)
{
	logbuf_feed(lb, s, strlen(s), now);
}

static const char *text(struct capture *c)
{
	return c->data ? c->data : "";
}

START_TEST(test_stamp)
{
	char b[LOGBUF_STAMP_LEN + 1] = "";

	logbuf_format_stamp(T0 + 123456, b);
	ck_assert_str_eq(b, "2026-11-24T14:45:24.123456Z");
	logbuf_format_stamp(0, b);
	ck_assert_str_eq(b, "1970-01-01T00:00:00.000000Z");
	logbuf_format_stamp(1709164800ULL * USEC_PER_SEC + 7, b);
	ck_assert_str_eq(b, "2024-02-29T00:00:00.000007Z");
	logbuf_format_stamp(UINT64_MAX, b);
	ck_assert_str_eq(b, "9999-12-31T23:59:59.999999Z");
}
END_TEST

START_TEST(test_lines_and_marks)
{
	struct logbuf out, err;
	struct capture co, ce;

	setup_lb(&out, LOGBUF_STDOUT, &co);
	setup_lb(&err, LOGBUF_STDERR, &ce);
	feeds(&out, "hello\nworld\n\n", T0 + 1);
	ck_assert_str_eq(text(&co), "2026-11-24T14:45:24.000001Z out hello\n"
				    "2026-11-24T14:45:24.000001Z out world\n"
				    "2026-11-24T14:45:24.000001Z out \n");
	ck_assert_int_eq(co.calls, 1); /* one batch per read */
	feeds(&err, "oops\n", T0 + 2);
	ck_assert_str_eq(text(&ce), "2026-11-24T14:45:24.000002Z err oops\n");
	ck_assert(!logbuf_pending(&out));
	logbuf_flush(&out, T0 + 3); /* nothing held: nothing written */
	ck_assert_int_eq(co.calls, 1);
	free(co.data);
	free(ce.data);
	logbuf_free(&out);
	logbuf_free(&err);
}
END_TEST

START_TEST(test_line_across_reads)
{
	struct logbuf lb;
	struct capture c;

	setup_lb(&lb, LOGBUF_STDOUT, &c);
	feeds(&lb, "hel", T0);
	ck_assert_int_eq(c.calls, 0);
	ck_assert(logbuf_pending(&lb));
	feeds(&lb, "lo\nwor", T0 + 5);
	/* Stamped when the line was completed. */
	ck_assert_str_eq(text(&c), "2026-11-24T14:45:24.000005Z out hello\n");
	feeds(&lb, "ld", T0 + 6);
	logbuf_flush(&lb, T0 + 7); /* end of stream: partial line written */
	ck_assert_str_eq(text(&c), "2026-11-24T14:45:24.000005Z out hello\n"
				   "2026-11-24T14:45:24.000007Z out world\n");
	ck_assert(!logbuf_pending(&lb));
	free(c.data);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_flush_then_rest)
{
	struct logbuf lb;
	struct capture c;

	setup_lb(&lb, LOGBUF_STDERR, &c);
	feeds(&lb, "Password: ", T0);
	logbuf_flush(&lb, T0 + 1);
	feeds(&lb, "ok\nnext\n", T0 + 2);
	feeds(&lb, "ask? ", T0 + 3);
	logbuf_flush(&lb, T0 + 4);
	feeds(&lb, "\nlast\n", T0 + 5); /* no empty continuation */
	ck_assert_str_eq(text(&c),
			 "2026-11-24T14:45:24.000001Z err Password: \n"
			 "2026-11-24T14:45:24.000002Z err+ ok\n"
			 "2026-11-24T14:45:24.000002Z err next\n"
			 "2026-11-24T14:45:24.000004Z err ask? \n"
			 "2026-11-24T14:45:24.000005Z err last\n");
	free(c.data);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_escape)
{
	/* NUL, SOH, TAB, backslash, CR, DEL, e-acute, a lone 0xff, a C1
	 * control (U+0085), euro sign, an encoded surrogate, an emoji, an
	 * overlong slash, and a truncated sequence at the end. */
	static const char in[] = "\x00\x01\t\\\r\x7f\xc3\xa9\xff\xc2\x85 "
				 "\xe2\x82\xac \xed\xa0\x80 \xf0\x9f\x98\x80 "
				 "\xc0\xaf \xe2\x82";
	static const char want[] = "\\x00\\x01\t\\\\\\x0d\\x7f\xc3\xa9\\xff"
				   "\\xc2\\x85 \xe2\x82\xac \\xed\\xa0\\x80 "
				   "\xf0\x9f\x98\x80 \\xc0\\xaf \\xe2\\x82";
	char esc[4 * sizeof(in)], back[sizeof(in)];
	size_t n = logbuf_escape(in, sizeof(in) - 1, esc);

	esc[n] = '\0';
	ck_assert_str_eq(esc, want);
	ck_assert(!memchr(esc, '\n', n));
	ck_assert_int_eq(logbuf_unescape(esc, n, back), sizeof(in) - 1);
	ck_assert_mem_eq(back, in, sizeof(in) - 1);

	/* Every byte value survives, alone and after a lead byte. */
	for (int b = 0; b < 256; b++) {
		unsigned char two[2] = {0xe2, (unsigned char)b};

		n = logbuf_escape(two, 2, esc);
		ck_assert(!memchr(esc, '\n', n));
		ck_assert_int_eq(logbuf_unescape(esc, n, back), 2);
		ck_assert_mem_eq(back, two, 2);
	}

	ck_assert_int_eq(logbuf_unescape("a\\", 2, back), -EINVAL);
	ck_assert_int_eq(logbuf_unescape("\\x4", 3, back), -EINVAL);
	ck_assert_int_eq(logbuf_unescape("\\q00", 4, back), -EINVAL);
	ck_assert_int_eq(logbuf_unescape("\\xg0", 4, back), -EINVAL);
	ck_assert_int_eq(logbuf_unescape("\\x4A\\\\", 6, back), 2);
	ck_assert_mem_eq(back, "J\\", 2);
}
END_TEST

START_TEST(test_binary_and_crlf_records)
{
	struct logbuf lb;
	struct capture c;
	static const char in[] = "dos line\r\n\x1b[31mred\x1b[0m\n";

	setup_lb(&lb, LOGBUF_STDOUT, &c);
	logbuf_feed(&lb, in, sizeof(in) - 1, T0);
	ck_assert_str_eq(text(&c),
			 "2026-11-24T14:45:24.000000Z out dos line\\x0d\n"
			 "2026-11-24T14:45:24.000000Z out "
			 "\\x1b[31mred\\x1b[0m\n");
	free(c.data);
	logbuf_free(&lb);
}
END_TEST

/* Parse every record of c, check the marks, unescape and join the pieces
 * of each line; returns the lines separated by '\n' (malloc'd). */
static char *join(const char *data, size_t len, enum logbuf_stream s,
		  size_t *out_len, size_t *n_records)
{
	char *res = malloc(len + 1);
	size_t o = 0, recs = 0;
	const char *p = data, *end = data + len;

	ck_assert_ptr_nonnull(res);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct logbuf_record r;
		ssize_t k;

		ck_assert_ptr_nonnull(nl);
		ck_assert_int_eq(logbuf_parse(p, (size_t)(nl - p) + 1, &r), 0);
		ck_assert_int_eq(r.stream, s);
		if (recs > 0 && !r.cont)
			res[o++] = '\n';
		ck_assert(recs > 0 || !r.cont);
		k = logbuf_unescape(r.text, r.text_len, res + o);
		ck_assert_int_ge(k, 0);
		o += (size_t)k;
		recs++;
		p = nl + 1;
	}
	*out_len = o;
	*n_records = recs;
	return res;
}

START_TEST(test_long_line_split)
{
	struct logbuf lb;
	struct capture c;
	size_t big = 3 * LOGBUF_LINE_MAX + 100, got, recs;
	char *line = malloc(big + 1), *back;

	ck_assert_ptr_nonnull(line);
	for (size_t i = 0; i < big; i++)
		line[i] = (char)('a' + i % 26);
	line[big] = '\n';
	setup_lb(&lb, LOGBUF_STDOUT, &c);
	/* Fed in uneven reads so both the direct and the held path split. */
	for (size_t off = 0, step = 1; off < big + 1; step = step * 3 + 1) {
		size_t n = step > big + 1 - off ? big + 1 - off : step;

		logbuf_feed(&lb, line + off, n, T0);
		off += n;
	}
	ck_assert(!logbuf_pending(&lb));
	back = join(c.data, c.len, LOGBUF_STDOUT, &got, &recs);
	ck_assert_uint_eq(recs, 4);
	ck_assert_uint_eq(got, big);
	ck_assert_mem_eq(back, line, big);
	/* The first is a plain record, the rest are continuations. */
	ck_assert_ptr_nonnull(strstr(c.data, "Z out abc"));
	ck_assert_ptr_nonnull(strstr(c.data, "Z out+ "));
	free(back);

	/* Exactly line_max bytes: one record. */
	free(c.data);
	logbuf_free(&lb);
	setup_lb(&lb, LOGBUF_STDOUT, &c);
	line[LOGBUF_LINE_MAX] = '\n';
	logbuf_feed(&lb, line, LOGBUF_LINE_MAX / 2, T0);
	logbuf_feed(&lb, line + LOGBUF_LINE_MAX / 2, LOGBUF_LINE_MAX / 2 + 1,
		    T0);
	ck_assert_uint_eq(c.len, LOGBUF_PREFIX_MAX - 1 + LOGBUF_LINE_MAX + 1);
	free(c.data);
	free(line);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_split_keeps_utf8)
{
	struct logbuf lb;
	struct capture c;
	char in[40];
	const char *second;

	setup_lb(&lb, LOGBUF_STDOUT, &c);
	logbuf_set_line_max(&lb, 16, T0);
	/* 14 ASCII, then a 3-byte euro sign straddling byte 16. */
	memcpy(in, "abcdefghijklmn\xe2\x82\xacxyz\n", 22);
	logbuf_feed(&lb, in, 22, T0);
	ck_assert_str_eq(text(&c),
			 "2026-11-24T14:45:24.000000Z out abcdefghijklmn\n"
			 "2026-11-24T14:45:24.000000Z out+ \xe2\x82\xacxyz\n");
	second = strstr(c.data, "out+");
	ck_assert_ptr_nonnull(second);
	free(c.data);

	/* The same when the line arrives a byte at a time. */
	logbuf_free(&lb);
	setup_lb(&lb, LOGBUF_STDOUT, &c);
	logbuf_set_line_max(&lb, 16, T0);
	for (int i = 0; i < 22; i++)
		logbuf_feed(&lb, in + i, 1, T0);
	ck_assert_str_eq(text(&c),
			 "2026-11-24T14:45:24.000000Z out abcdefghijklmn\n"
			 "2026-11-24T14:45:24.000000Z out+ \xe2\x82\xacxyz\n");
	free(c.data);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_lower_limit_with_held_line)
{
	struct logbuf lb;
	struct capture c;

	setup_lb(&lb, LOGBUF_STDOUT, &c);
	feeds(&lb, "0123456789abcdefghij", T0);
	ck_assert_int_eq(c.calls, 0);
	logbuf_set_line_max(&lb, 8, T0 + 1);
	ck_assert_str_eq(text(&c),
			 "2026-11-24T14:45:24.000001Z out 01234567\n"
			 "2026-11-24T14:45:24.000001Z out+ 89abcdef\n");
	feeds(&lb, "\n", T0 + 2);
	ck_assert_str_eq(text(&c), "2026-11-24T14:45:24.000001Z out 01234567\n"
				   "2026-11-24T14:45:24.000001Z out+ 89abcdef\n"
				   "2026-11-24T14:45:24.000002Z out+ ghij\n");
	free(c.data);
	logbuf_free(&lb);
}
END_TEST

/* A batch counts the bytes the service wrote, not the formatted ones. */
START_TEST(test_raw_bytes)
{
	static const char bin[] = {0x00, 0x01, '\\', (char)0xff, '\n'};
	struct logbuf lb;
	struct capture c;
	char *line = malloc(20001);

	ck_assert_ptr_nonnull(line);
	setup_lb(&lb, LOGBUF_STDOUT, &c);
	feeds(&lb, "hello\nworld\n\n", T0);
	ck_assert_uint_eq(c.raw, 13);
	ck_assert_uint_eq(c.len, 3 * 32 + 13); /* stamps and marks are not */
	logbuf_feed(&lb, bin, sizeof(bin), T0);
	ck_assert_uint_eq(c.raw, 13 + 5);
	ck_assert_uint_eq(c.len, 3 * 32 + 13 + 32 + 14 + 1); /* 4 escapes */
	/* A line split into three records: its 20,000 bytes and newline. */
	memset(line, 'a', 20000);
	line[20000] = '\n';
	logbuf_feed(&lb, line, 20001, T0);
	ck_assert_uint_eq(c.raw, 18 + 20001);
	/* A partial line is counted when pushed out; the newline that later
	 * ends it has no record and is counted nowhere. */
	c.raw = 0;
	feeds(&lb, "abc", T0);
	ck_assert_uint_eq(c.raw, 0);
	logbuf_flush(&lb, T0);
	ck_assert_uint_eq(c.raw, 3);
	feeds(&lb, "\n", T0);
	ck_assert_uint_eq(c.raw, 3);
	feeds(&lb, "de", T0);
	logbuf_flush(&lb, T0);
	feeds(&lb, "f\n", T0); /* "out+ f" after "out de" */
	ck_assert_uint_eq(c.raw, 3 + 2 + 2);
	free(c.data);
	free(line);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_raw_before)
{
	static const char batch[] =
		"2026-11-24T14:45:24.000000Z out ab\\x00\n" /* 3, no newline */
		"2026-11-24T14:45:24.000000Z out+ c\\\\d\n" /* 3 + newline */
		"2026-11-24T14:45:24.000000Z err \n"	    /* empty line: 1 */
		"2026-11-24T14:45:24.000000Z svinit: 5 bytes dropped\n" /* 0 */
		"not a record\n"					/* 13 */
		"2026-11-24T14:45:24.000000Z out x\n"; /* last: 1 + newline */
	static const size_t raw[] = {0, 3, 7, 8, 8, 21, 23};
	size_t len = sizeof(batch) - 1, at = 0;

	for (size_t i = 0; i < 7; i++) {
		ck_assert_uint_eq(logbuf_raw_before(batch, len, at), raw[i]);
		/* A record cut in the middle does not count. */
		if (i < 6)
			ck_assert_uint_eq(logbuf_raw_before(batch, len, at + 5),
					  raw[i]);
		at = i < 6 ? (size_t)(strchr(batch + at, '\n') + 1 - batch)
			   : at;
	}
	ck_assert_uint_eq(at, len);
	ck_assert_uint_eq(logbuf_raw_before(batch, len, len + 9), 23);
	ck_assert_uint_eq(logbuf_raw_before(batch, 0, 0), 0);
	/* A continuation of the other stream does not take the newline. */
	ck_assert_uint_eq(
		logbuf_raw_before("2026-11-24T14:45:24.000000Z out ab\n"
				  "2026-11-24T14:45:24.000000Z err+ c\n",
				  70, 35),
		3);
}
END_TEST

START_TEST(test_stamp_cache)
{
	struct logbuf lb;
	struct capture c;

	setup_lb(&lb, LOGBUF_STDOUT, &c);
	feeds(&lb, "a\n", T0 + 999999);
	feeds(&lb, "b\n", T0 + 1000000);
	feeds(&lb, "c\n", T0 + 1000001);
	feeds(&lb, "d\n", T0 - 1); /* the clock went back */
	feeds(&lb, "e\n", 86400ULL * USEC_PER_SEC * 365);
	ck_assert_str_eq(text(&c), "2026-11-24T14:45:24.999999Z out a\n"
				   "2026-11-24T14:45:25.000000Z out b\n"
				   "2026-11-24T14:45:25.000001Z out c\n"
				   "2026-11-24T14:45:23.999999Z out d\n"
				   "1971-01-01T00:00:00.000000Z out e\n");
	free(c.data);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_small_scratch)
{
	static char small[LOGBUF_SCRATCH_MIN];
	struct logbuf lb;
	struct capture c = {0};
	char *in = malloc(200000), *back;
	size_t n = 0, got, recs;
	int lines = 0;

	ck_assert_ptr_nonnull(in);
	ck_assert_int_eq(logbuf_init(&lb, LOGBUF_STDOUT, small,
				     sizeof(small) - 1, capture_emit, &c),
			 -EINVAL);
	ck_assert_int_eq(logbuf_init(&lb, LOGBUF_NOTE, small, sizeof(small),
				     capture_emit, &c),
			 -EINVAL);
	ck_assert_int_eq(logbuf_init(&lb, LOGBUF_STDOUT, small, sizeof(small),
				     capture_emit, &c),
			 0);
	while (n < 190000) {
		n += (size_t)sprintf(in + n, "line %d \x01\n", lines);
		lines++;
	}
	logbuf_feed(&lb, in, n, T0);
	ck_assert_int_gt(c.calls, 1);
	ck_assert_uint_eq(c.raw, n); /* over all the batches */
	back = join(c.data, c.len, LOGBUF_STDOUT, &got, &recs);
	ck_assert_uint_eq(recs, (size_t)lines);
	ck_assert_uint_eq(got, n - 1);
	ck_assert_mem_eq(back, in, n - 1);
	free(back);
	free(c.data);
	free(in);
	logbuf_free(&lb);
}
END_TEST

/* A fixed pseudo-random mix of reads, flushes and bytes: what comes back
 * is what went in. (The fuzzer does this at length.) */
START_TEST(test_random_round_trip)
{
	struct logbuf lb;
	struct capture c;
	size_t len = 300000, off = 0, got, recs, flushes = 0;
	unsigned char *in = malloc(len);
	unsigned x = 12345;
	char *back;

	ck_assert_ptr_nonnull(in);
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245 + 12345;
		/* Mostly text, some newlines, some binary, rare long lines. */
		unsigned v = (x >> 16) & 1023;
		in[i] = v < 20	 ? '\n'
			: v < 60 ? (unsigned char)(x >> 8)
			: v < 70 ? 0xc3
				 : (unsigned char)('a' + v % 26);
		if (i > 100000 && i < 130000 && in[i] == '\n')
			in[i] = 'L';
	}
	setup_lb(&lb, LOGBUF_STDERR, &c);
	logbuf_set_line_max(&lb, 1000, T0);
	while (off < len) {
		size_t n;

		x = x * 1103515245 + 12345;
		n = ((x >> 16) % 5000) + 1;
		if (n > len - off)
			n = len - off;
		logbuf_feed(&lb, in + off, n, T0 + off);
		off += n;
		if ((x >> 8) % 7 == 0) {
			flushes += logbuf_pending(&lb);
			logbuf_flush(&lb, T0 + off);
		}
	}
	logbuf_flush(&lb, T0 + len);
	/* Every byte is counted but for the newlines that ended a line just
	 * pushed out by a flush (at most one per flush). */
	ck_assert_uint_le(c.raw, len);
	ck_assert_uint_le(len - c.raw, flushes);
	back = join(c.data, c.len, LOGBUF_STDERR, &got, &recs);
	if (in[len - 1] == '\n')
		back[got++] = '\n';
	ck_assert_uint_eq(got, len);
	ck_assert_mem_eq(back, in, len);
	free(back);
	free(c.data);
	free(in);
	logbuf_free(&lb);
}
END_TEST

START_TEST(test_parse)
{
	struct logbuf_record r;
	const char *l = "2026-11-24T14:45:24.123456Z err+ a b\n";

	ck_assert_int_eq(logbuf_parse(l, strlen(l), &r), 0);
	ck_assert_uint_eq(r.usec, T0 + 123456);
	ck_assert_int_eq(r.stream, LOGBUF_STDERR);
	ck_assert(r.cont);
	ck_assert_uint_eq(r.text_len, 3);
	ck_assert_mem_eq(r.text, "a b", 3);

	l = "2024-02-29T23:59:59.000000Z svinit: 12 bytes dropped";
	ck_assert_int_eq(logbuf_parse(l, strlen(l), &r), 0);
	ck_assert_int_eq(r.stream, LOGBUF_NOTE);
	ck_assert_uint_eq(r.usec, (1709164800ULL + 86399) * USEC_PER_SEC);

	l = "1970-01-01T00:00:00.000000Z out ";
	ck_assert_int_eq(logbuf_parse(l, strlen(l), &r), 0);
	ck_assert_uint_eq(r.usec, 0);
	ck_assert_uint_eq(r.text_len, 0);

	static const char *const bad[] = {
		"",
		"2026-11-24T14:45:24.123456Z out",
		"2026-11-24T14:45:24.123456Z",
		"2026-11-24 14:45:24.123456Z out x",
		"2026-11-24T14:45:24.123456Z xyz x",
		"2026-11-24T14:45:24.123456Z out- x",
		"2026-13-24T14:45:24.123456Z out x",
		"2023-02-29T14:45:24.123456Z out x",
		"2026-04-31T14:45:24.123456Z out x",
		"2026-11-24T24:45:24.123456Z out x",
		"2026-11-24T14:45:24.12345aZ out x",
		"1969-12-31T23:59:59.000000Z out x",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(logbuf_parse(bad[i], strlen(bad[i]), &r) ==
				      -EINVAL,
			      "accepted: %s", bad[i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("logbuf");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_stamp);
	tcase_add_test(tc, test_lines_and_marks);
	tcase_add_test(tc, test_line_across_reads);
	tcase_add_test(tc, test_flush_then_rest);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_binary_and_crlf_records);
	tcase_add_test(tc, test_long_line_split);
	tcase_add_test(tc, test_split_keeps_utf8);
	tcase_add_test(tc, test_lower_limit_with_held_line);
	tcase_add_test(tc, test_raw_bytes);
	tcase_add_test(tc, test_raw_before);
	tcase_add_test(tc, test_stamp_cache);
	tcase_add_test(tc, test_small_scratch);
	tcase_add_test(tc, test_random_round_trip);
	tcase_add_test(tc, test_parse);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
