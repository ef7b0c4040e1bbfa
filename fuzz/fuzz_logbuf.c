/*
 * libFuzzer target for log framing. The input is a header (line limit,
 * stream, clock, a seed for how reads are cut and when partial lines are
 * flushed) and then the bytes a service wrote. Every record that comes out
 * must parse, carry the right mark and stamp, stay within the limits, and
 * the records together must give back exactly the bytes that went in; each
 * batch's count of raw bytes must agree with its records.
 * The raw input is also thrown at the record parser and the unescaper,
 * which svctl runs on files it did not write.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logbuf.h"

#define HDR 12

struct sink {
	char *data;
	size_t len, cap;
	usec_t now;
	int fail;
	size_t raw, flushes;
};

static char scratch[LOGBUF_SCRATCH_MIN + 4096];

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_logbuf: %s\n", what);
		abort();
	}
}

static void emit(void *ctx, const char *data, size_t len, size_t raw,
		 usec_t now)
{
	static char text[LOGBUF_LINE_MAX];
	struct sink *s = ctx;
	const char *last;
	struct logbuf_record r;
	size_t at, before;
	ssize_t k;

	check(len > 0 && data[len - 1] == '\n', "emit of a partial record");
	check(now == s->now, "emit with another clock");
	/* The records before the last give logbuf_raw_before; the last adds
	 * its text, and its newline if its line ended there. */
	last = len > 1 ? memrchr(data, '\n', len - 1) : NULL;
	at = last ? (size_t)(last + 1 - data) : 0;
	check(logbuf_parse(data + at, len - at, &r) == 0, "last record");
	k = logbuf_unescape(r.text, r.text_len, text);
	before = logbuf_raw_before(data, len, at);
	check(k >= 0 && (raw == before + (size_t)k ||
			 raw == before + (size_t)k + 1),
	      "raw bytes disagree with the records");
	s->raw += raw;
	if (s->len + len > s->cap) {
		s->cap = (s->len + len) * 2;
		s->data = realloc(s->data, s->cap);
		check(s->data != NULL, "out of memory");
	}
	memcpy(s->data + s->len, data, len);
	s->len += len;
}

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Check the records and rebuild the stream from them. */
static void verify(const struct sink *s, enum logbuf_stream stream,
		   size_t line_max, const uint8_t *in, size_t in_len)
{
	unsigned char *back = malloc(s->len + 1);
	/* No record at all leaves data NULL: no pointer arithmetic on it. */
	const char *p = s->data, *end = s->data ? s->data + s->len : NULL;
	char want[LOGBUF_STAMP_LEN];
	size_t o = 0, recs = 0;

	check(back != NULL, "out of memory");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct logbuf_record r;
		ssize_t k;

		check(nl != NULL, "record without newline");
		check((size_t)(nl - p) + 1 <= LOGBUF_RECORD_MAX,
		      "record too long");
		check(logbuf_parse(p, (size_t)(nl - p), &r) == 0,
		      "record does not parse");
		logbuf_format_stamp(r.usec, want);
		check(!memcmp(want, p, LOGBUF_STAMP_LEN), "stamp round trip");
		check(r.stream == stream, "wrong stream");
		check(recs > 0 || !r.cont, "continuation first");
		check(!r.cont || r.text_len > 0, "empty continuation");
		if (recs > 0 && !r.cont)
			back[o++] = '\n';
		k = logbuf_unescape(r.text, r.text_len, back + o);
		check(k >= 0, "record does not unescape");
		check((size_t)k <= line_max, "piece over the line limit");
		o += (size_t)k;
		recs++;
		p = nl + 1;
	}
	if (in_len > 0 && in[in_len - 1] == '\n')
		back[o++] = '\n';
	check(o == in_len && !memcmp(back, in, in_len), "bytes changed");
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sink s = {0};
	struct logbuf lb;
	struct logbuf_record rec;
	enum logbuf_stream stream;
	size_t line_max, off = 0, len;
	const uint8_t *in;
	uint32_t seed;
	usec_t now = 0;
	unsigned char *tmp;

	/* The parsers on raw bytes: must not crash. */
	(void)logbuf_parse((const char *)data, size, &rec);
	tmp = malloc(size + 1);
	check(tmp != NULL, "out of memory");
	(void)logbuf_unescape((const char *)data, size, tmp);
	free(tmp);

	if (size < HDR)
		return 0;
	line_max = data[0] & 0x80 ? LOGBUF_LINE_MAX : (size_t)data[0];
	if (line_max < LOGBUF_LINE_MIN)
		line_max = LOGBUF_LINE_MIN;
	stream = data[1] & 1 ? LOGBUF_STDERR : LOGBUF_STDOUT;
	for (int i = 2; i < 8; i++)
		now = now << 8 | data[i];
	if (data[1] & 2)
		now = UINT64_MAX - now; /* past year 9999: clamped */
	memcpy(&seed, data + 8, 4);
	seed |= 1;
	in = data + HDR;
	len = size - HDR;

	check(logbuf_init(&lb, stream, scratch, sizeof(scratch), emit, &s) == 0,
	      "init");
	logbuf_set_line_max(&lb, line_max, now);
	while (off < len) {
		uint32_t r = next(&seed);
		size_t n = r % 4 == 0 ? 1 + (r >> 8) % 4 : 1 + (r >> 8) % 300;

		if (n > len - off)
			n = len - off;
		s.now = now;
		logbuf_feed(&lb, in + off, n, now);
		off += n;
		if (now < UINT64_MAX - 1000)
			now += r % 3;
		if (r % 17 == 0) {
			s.now = now;
			s.flushes += logbuf_pending(&lb);
			logbuf_flush(&lb, now);
		}
	}
	s.now = now;
	logbuf_flush(&lb, now);
	check(!logbuf_pending(&lb), "pending after flush");
	/* Every byte is counted but the newlines ending a line that a flush
	 * had pushed out (one per flush at most). */
	check(s.raw <= len && len - s.raw <= s.flushes, "raw byte total");
	logbuf_free(&lb);
	verify(&s, stream, line_max, in, len);
	free(s.data);
	return 0;
}
