/* Check suite for proto: round trips, the wire layout, incremental
 * framing, and every bound and malformation the decoder must refuse. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proto.h"

static void put_le32(unsigned char *p, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(x >> (8 * i));
}

/* A hand-made frame, to test what the encoder would never produce. */
static size_t raw_frame(unsigned char *out, unsigned version, unsigned kind,
			unsigned flags, uint32_t code, const void *body,
			uint32_t blen)
{
	memcpy(out, "SVCP", 4);
	out[4] = (unsigned char)version;
	out[5] = (unsigned char)(version >> 8);
	out[6] = (unsigned char)kind;
	out[7] = (unsigned char)flags;
	put_le32(out + 8, code);
	put_le32(out + 12, blen);
	memcpy(out + PROTO_HEADER_SIZE, body, blen);
	return PROTO_HEADER_SIZE + blen;
}

START_TEST(test_request_round_trip)
{
	const char *argv[] = {"logs", "web.service", "-n", "10", ""};
	struct proto_buf b = {0};
	struct proto_msg m;

	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, argv, 5), 0);
	ck_assert_int_eq(proto_frame_len(b.data, b.len, PROTO_MAX_REQUEST_BODY),
			 (ssize_t)b.len);
	ck_assert_int_eq(proto_decode(b.data, b.len, &m), 0);
	ck_assert_uint_eq(m.version, PROTO_VERSION);
	ck_assert_uint_eq(m.kind, PROTO_REQUEST);
	ck_assert_uint_eq(m.n, 5);
	for (int i = 0; i < 5; i++)
		ck_assert_str_eq(m.v[i], argv[i]);
	ck_assert_ptr_null(m.v[5]);
	proto_msg_free(&m);
	ck_assert_ptr_null(m.v);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_reply_round_trip_and_layout)
{
	const char *v[] = {"Id=a.service", "ActiveState=active", "",
			   "Id=b.service", "ActiveState=failed"};
	struct proto_buf b = {0};
	struct proto_msg m;
	const unsigned char *h;
	size_t pos = 0, s, e;

	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 3, v, 5), 0);
	h = (const unsigned char *)b.data;
	/* Little-endian fields at fixed offsets, whatever the host. */
	ck_assert_int_eq(memcmp(h, "SVCP", 4), 0);
	ck_assert_uint_eq(h[4], PROTO_VERSION);
	ck_assert_uint_eq(h[5], 0);
	ck_assert_uint_eq(h[6], PROTO_REPLY);
	ck_assert_uint_eq(h[7], 0);
	ck_assert_uint_eq(h[8], 3);
	ck_assert_uint_eq(h[9] | h[10] | h[11], 0);
	ck_assert_uint_eq(h[12] | h[13] << 8, b.len - PROTO_HEADER_SIZE);
	ck_assert_int_eq(b.data[b.len - 1], '\0');

	ck_assert_int_eq(proto_decode(b.data, b.len, &m), 0);
	ck_assert_uint_eq(m.code, 3);
	ck_assert_uint_eq(m.n, 5);
	ck_assert_str_eq(m.v[2], "");

	ck_assert_int_eq(proto_record_next(&m, &pos, &s, &e), 1);
	ck_assert_uint_eq(s, 0);
	ck_assert_uint_eq(e, 2);
	ck_assert_str_eq(proto_record_get(&m, s, e, "ActiveState"), "active");
	ck_assert_ptr_null(proto_record_get(&m, s, e, "Active"));
	ck_assert_int_eq(proto_record_next(&m, &pos, &s, &e), 1);
	ck_assert_str_eq(proto_record_get(&m, s, e, "Id"), "b.service");
	ck_assert_int_eq(proto_record_next(&m, &pos, &s, &e), 0);
	proto_msg_free(&m);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_empty_reply_and_two_frames)
{
	const char *v[] = {"permission denied"};
	struct proto_buf b = {0};
	struct proto_msg m;
	size_t first;
	ssize_t l;

	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 0, NULL, 0), 0);
	first = b.len;
	ck_assert_uint_eq(first, PROTO_HEADER_SIZE);
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, PROTO_F_ERROR, 1, v, 1),
			 0);
	/* Frames are appended; each one is framed on its own. */
	l = proto_frame_len(b.data, b.len, PROTO_MAX_REPLY_BODY);
	ck_assert_int_eq(l, (ssize_t)first);
	ck_assert_int_eq(proto_decode(b.data, first, &m), 0);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_ptr_nonnull(m.v);
	ck_assert_ptr_null(m.v[0]);
	proto_msg_free(&m);
	ck_assert_int_eq(proto_decode(b.data + first, b.len - first, &m), 0);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_uint_eq(m.code, 1);
	ck_assert_str_eq(m.v[0], "permission denied");
	proto_msg_free(&m);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_encode_refuses)
{
	const char *v[] = {"x", NULL};
	struct proto_buf b = {0};
	const char **many;
	char *big;

	ck_assert_int_eq(proto_encode(&b, 7, 0, 0, v, 1), -EINVAL);
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 1, 0, v, 1), -EINVAL);
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 1, v, 1), -EINVAL);
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 4, 0, v, 1), -EINVAL);
	/* An error frame ends its reply: never "more" with it. */
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY,
				      PROTO_F_ERROR | PROTO_F_MORE, 0, v, 1),
			 -EINVAL);
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, PROTO_F_MORE, 0, v, 1),
			 -EINVAL);
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 256, v, 1), -EINVAL);
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 0, v, 2), -EINVAL);
	/* A request starts with a verb. */
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, v, 0), -EINVAL);
	v[0] = "";
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, v, 1), -EINVAL);
	ck_assert_uint_eq(b.len, 0);

	many = calloc(PROTO_MAX_REQUEST_STRINGS + 1, sizeof(*many));
	for (size_t i = 0; i <= PROTO_MAX_REQUEST_STRINGS; i++)
		many[i] = "a";
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, many,
				      PROTO_MAX_REQUEST_STRINGS + 1),
			 -E2BIG);
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, many,
				      PROTO_MAX_REQUEST_STRINGS),
			 0);
	b.len = 0;

	/* A body of exactly the bound passes, one byte more does not. */
	big = malloc(PROTO_MAX_REQUEST_BODY);
	memset(big, 'x', PROTO_MAX_REQUEST_BODY - 1);
	big[PROTO_MAX_REQUEST_BODY - 1] = '\0';
	many[0] = big;
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, many, 1), 0);
	ck_assert_uint_eq(b.len, PROTO_HEADER_SIZE + PROTO_MAX_REQUEST_BODY);
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, many, 2),
			 -EMSGSIZE);
	/* A failed encode leaves the buffer as it was. */
	ck_assert_uint_eq(b.len, PROTO_HEADER_SIZE + PROTO_MAX_REQUEST_BODY);
	free(big);
	free(many);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_frame_fed_byte_by_byte)
{
	const char *argv[] = {"status", "web.service"};
	struct proto_buf b = {0};
	struct proto_msg m;

	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, argv, 2), 0);
	for (size_t len = 0; len < b.len; len++) {
		ssize_t l =
			proto_frame_len(b.data, len, PROTO_MAX_REQUEST_BODY);

		if (len < PROTO_HEADER_SIZE)
			ck_assert_int_eq(l, PROTO_HEADER_SIZE);
		else
			ck_assert_int_eq(l, (ssize_t)b.len);
		ck_assert_int_gt(l, (ssize_t)len);
		/* A truncated frame never decodes. */
		ck_assert_int_lt(proto_decode(b.data, len, &m), 0);
	}
	ck_assert_int_eq(proto_frame_len(b.data, b.len, PROTO_MAX_REQUEST_BODY),
			 (ssize_t)b.len);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_oversized_header_refused_early)
{
	unsigned char h[PROTO_HEADER_SIZE];
	struct proto_msg m;

	raw_frame(h, PROTO_VERSION, PROTO_REQUEST, 0, 0, "", 0);
	put_le32(h + 12, PROTO_MAX_REQUEST_BODY + 1);
	/* From the header alone: nothing needs to be read or allocated. */
	ck_assert_int_eq(proto_frame_len(h, sizeof(h), PROTO_MAX_REQUEST_BODY),
			 -EMSGSIZE);
	put_le32(h + 12, UINT32_MAX);
	ck_assert_int_eq(proto_frame_len(h, sizeof(h), PROTO_MAX_REPLY_BODY),
			 -EMSGSIZE);
	put_le32(h + 12, PROTO_MAX_REQUEST_BODY);
	ck_assert_int_eq(proto_frame_len(h, sizeof(h), PROTO_MAX_REQUEST_BODY),
			 PROTO_HEADER_SIZE + PROTO_MAX_REQUEST_BODY);
	/* The header claims more than the buffer holds. */
	ck_assert_int_eq(proto_decode(h, sizeof(h), &m), -EBADMSG);
}
END_TEST

START_TEST(test_decode_bounds_per_kind)
{
	size_t blen = PROTO_MAX_REQUEST_BODY + 2;
	unsigned char *f = malloc(PROTO_HEADER_SIZE + blen);
	char *body = malloc(blen);
	struct proto_msg m;
	size_t len;

	memset(body, 'y', blen);
	body[blen - 1] = '\0';
	/* Longer than a request may be, but fine for a reply. */
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, body,
			(uint32_t)blen);
	ck_assert_int_eq(proto_decode(f, len, &m), -EMSGSIZE);
	len = raw_frame(f, PROTO_VERSION, PROTO_REPLY, 0, 0, body,
			(uint32_t)blen);
	ck_assert_int_eq(proto_decode(f, len, &m), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_uint_eq(strlen(m.v[0]), blen - 1);
	proto_msg_free(&m);

	/* Too many strings: the verb "v" and then empty strings. */
	memset(body, 0, blen);
	body[0] = 'v';
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, body,
			PROTO_MAX_REQUEST_STRINGS + 2);
	ck_assert_int_eq(proto_decode(f, len, &m), -E2BIG);
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, body,
			PROTO_MAX_REQUEST_STRINGS + 1);
	ck_assert_int_eq(proto_decode(f, len, &m), 0);
	ck_assert_uint_eq(m.n, PROTO_MAX_REQUEST_STRINGS);
	ck_assert_str_eq(m.v[0], "v");
	proto_msg_free(&m);
	free(body);
	free(f);
}
END_TEST

START_TEST(test_decode_malformed)
{
	unsigned char f[64];
	struct proto_msg m;
	size_t len;

	/* Missing final NUL. */
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, "stop\0web", 8);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	/* No verb, and an empty verb. */
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, "", 0);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, "\0x", 3);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	/* Unknown kind, flags on a request, unknown reply flag, code. */
	len = raw_frame(f, PROTO_VERSION, 3, 0, 0, "a", 2);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 1, 0, "a", 2);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	len = raw_frame(f, PROTO_VERSION, PROTO_REPLY, 0x80, 0, "a", 2);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	len = raw_frame(f, PROTO_VERSION, PROTO_REPLY, 0, 256, "a", 2);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 1, "a", 2);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	/* Length field and buffer disagree (trailing byte). */
	len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, "a\0b", 4);
	ck_assert_int_eq(proto_decode(f, len - 2, &m), -EBADMSG);
	ck_assert_int_eq(proto_decode(f, len + 1, &m), -EBADMSG);
	/* The good one decodes. */
	ck_assert_int_eq(proto_decode(f, len, &m), 0);
	proto_msg_free(&m);
}
END_TEST

START_TEST(test_bad_magic)
{
	unsigned char f[64];
	struct proto_msg m;
	size_t len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, 0, 0, "a", 2);

	f[1] = 'X';
	/* Refused from the first wrong byte on, before a whole header. */
	ck_assert_int_eq(proto_frame_len(f, 1, PROTO_MAX_REQUEST_BODY),
			 PROTO_HEADER_SIZE);
	ck_assert_int_eq(proto_frame_len(f, 2, PROTO_MAX_REQUEST_BODY),
			 -EBADMSG);
	ck_assert_int_eq(proto_frame_len(f, len, PROTO_MAX_REQUEST_BODY),
			 -EBADMSG);
	ck_assert_int_eq(proto_decode(f, len, &m), -EBADMSG);
	ck_assert_int_eq(proto_frame_len("GET / HTTP/1.0\r\n", 16,
					 PROTO_MAX_REQUEST_BODY),
			 -EBADMSG);
}
END_TEST

START_TEST(test_bad_version)
{
	unsigned char f[64];
	struct proto_msg m;
	size_t len = raw_frame(f, 0x0102, PROTO_REQUEST, 0x55, 7, "a", 2);

	/* Framing ignores the version so the peer can be answered. */
	ck_assert_int_eq(proto_frame_len(f, len, PROTO_MAX_REQUEST_BODY),
			 (ssize_t)len);
	ck_assert_int_eq(proto_decode(f, len, &m), -EPROTONOSUPPORT);
	ck_assert_uint_eq(m.version, 0x0102);
	ck_assert_uint_eq(m.kind, PROTO_REQUEST);
	ck_assert_ptr_null(m.body);
	ck_assert_ptr_null(m.v);
}
END_TEST

START_TEST(test_kv)
{
	ck_assert_str_eq(proto_kv("MainPID=12", "MainPID"), "12");
	ck_assert_str_eq(proto_kv("Description=", "Description"), "");
	ck_assert_str_eq(proto_kv("A=b=c", "A"), "b=c");
	ck_assert_ptr_null(proto_kv("MainPIDX=1", "MainPID"));
	ck_assert_ptr_null(proto_kv("MainPID", "MainPID"));
	ck_assert_ptr_null(proto_kv("Main", "MainPID"));
}
END_TEST

START_TEST(test_records_skip_empty_groups)
{
	const char *v[] = {"", "A=1", "", "", "A=2", "B=3", ""};
	struct proto_buf b = {0};
	struct proto_msg m;
	size_t pos = 0, s, e, n = 0;

	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 0, v, 7), 0);
	ck_assert_int_eq(proto_decode(b.data, b.len, &m), 0);
	while (proto_record_next(&m, &pos, &s, &e)) {
		n++;
		ck_assert_uint_gt(e, s);
	}
	ck_assert_uint_eq(n, 2);
	pos = 0;
	proto_record_next(&m, &pos, &s, &e);
	proto_record_next(&m, &pos, &s, &e);
	ck_assert_str_eq(proto_record_get(&m, s, e, "B"), "3");
	proto_msg_free(&m);
	proto_buf_free(&b);
}
END_TEST

/* The writer gives the very bytes proto_encode gives for the same
 * strings, and its buffer is exactly one frame. */
START_TEST(test_writer_matches_encode)
{
	const char *v[] = {"Id=a.service", "", "Description=x y", "%s"};
	struct proto_writer w = {0};
	struct proto_buf b = {0};
	struct proto_msg m;

	ck_assert_int_eq(proto_writer_add(&w, v[0]), 0);
	ck_assert_int_eq(proto_writer_add(&w, ""), 0);
	ck_assert_int_eq(proto_writer_addf(&w, "Description=%s %c", "x", 'y'),
			 0);
	ck_assert_int_eq(proto_writer_add(&w, "%s"), 0);
	ck_assert_uint_eq(proto_writer_len(&w), 13 + 1 + 16 + 3);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REPLY, 0, 3), 0);
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 3, v, 4), 0);
	ck_assert_uint_eq(w.buf.len, b.len);
	ck_assert_int_eq(memcmp(w.buf.data, b.data, b.len), 0);
	ck_assert_int_eq(proto_decode(w.buf.data, w.buf.len, &m), 0);
	ck_assert_uint_eq(m.n, 4);
	ck_assert_str_eq(m.v[2], "Description=x y");
	proto_msg_free(&m);

	/* Reset keeps the memory and starts a new frame; an empty one is a
	 * header alone. */
	proto_writer_reset(&w);
	ck_assert_uint_eq(proto_writer_len(&w), 0);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REPLY, 0, 0), 0);
	ck_assert_uint_eq(w.buf.len, PROTO_HEADER_SIZE);
	/* A request needs its verb, as with proto_encode. */
	proto_writer_reset(&w);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REQUEST, 0, 0), -EINVAL);
	ck_assert_int_eq(proto_writer_add(&w, "status"), 0);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REQUEST, 0, 0), 0);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REPLY, 9, 0), -EINVAL);
	proto_writer_free(&w);
	proto_buf_free(&b);
}
END_TEST

/* Errors are sticky and the memory bounded, whatever is appended. */
START_TEST(test_writer_bounds)
{
	struct proto_writer w = {0};
	char *big = malloc(PROTO_MAX_REPLY_BODY);
	size_t n = 0;

	memset(big, 'z', PROTO_MAX_REPLY_BODY - 1);
	big[PROTO_MAX_REPLY_BODY - 1] = '\0';
	/* Exactly the bound fits ... */
	ck_assert_int_eq(proto_writer_add(&w, big), 0);
	ck_assert_uint_eq(proto_writer_len(&w), PROTO_MAX_REPLY_BODY);
	/* ... one more byte does not, and nothing after it. */
	ck_assert_int_eq(proto_writer_add(&w, ""), -EMSGSIZE);
	ck_assert_int_eq(proto_writer_addf(&w, "%d", 1), -EMSGSIZE);
	ck_assert_int_eq(w.err, -EMSGSIZE);
	ck_assert_uint_eq(proto_writer_len(&w), PROTO_MAX_REPLY_BODY);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REPLY, 0, 0), -EMSGSIZE);
	/* A reply-sized body is too big for a request. */
	proto_writer_reset(&w);
	big[PROTO_MAX_REQUEST_BODY] = '\0';
	ck_assert_int_eq(proto_writer_add(&w, big), 0);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REQUEST, 0, 0),
			 -EMSGSIZE);
	ck_assert_int_eq(proto_writer_finish(&w, PROTO_REPLY, 0, 0), 0);
	/* Too many strings. */
	proto_writer_reset(&w);
	while (proto_writer_add(&w, "") == 0)
		n++;
	ck_assert_uint_eq(n, PROTO_MAX_REPLY_STRINGS);
	ck_assert_int_eq(w.err, -E2BIG);
	/* A NUL inside a string would split it: refused. */
	proto_writer_reset(&w);
	ck_assert_int_eq(proto_writer_addf(&w, "a%cb", 0), -EINVAL);
	proto_writer_free(&w);
	free(big);
}
END_TEST

/* 1,000,000 appends: linear, so well under a second even under
 * valgrind-free sanitizers; the quadratic strv_push took minutes. */
START_TEST(test_writer_linear)
{
	struct proto_writer w = {0};
	struct timespec t0, t1;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 1000000; i++)
		proto_writer_addf(&w, "Key=%d", i);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_eq(w.err, 0);
	ck_assert_uint_eq(w.n, 1000000);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(s < 2.0, "1e6 appends took %.2f s", s);
	proto_writer_free(&w);
}
END_TEST

/* Frames of one reply: "more" frames and a last one, fed in order. */
static size_t add_frame(struct proto_buf *b, unsigned flags, unsigned code,
			const char *const *v, size_t n)
{
	size_t off = b->len;

	ck_assert_int_eq(proto_encode(b, PROTO_REPLY, flags, code, v, n), 0);
	return off;
}

START_TEST(test_collect_frames)
{
	const char *a[] = {"Id=a", ""}, *bb[] = {"Id=b"}, *err[] = {"boom"};
	struct proto_collector col = {0};
	struct proto_buf b = {0};
	struct proto_msg m;
	size_t o1, o2, o3;

	o1 = add_frame(&b, PROTO_F_MORE, 0, a, 2);
	o2 = add_frame(&b, PROTO_F_MORE, 0, NULL, 0); /* empty parts too */
	o3 = add_frame(&b, 0, 3, bb, 1);
	ck_assert_int_eq(proto_collect(&col, b.data + o1, o2 - o1, &m), 1);
	ck_assert_int_eq(proto_collect(&col, b.data + o2, o3 - o2, &m), 1);
	ck_assert_int_eq(proto_collect(&col, b.data + o3, b.len - o3, &m), 0);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_str_eq(m.v[0], "Id=a");
	ck_assert_str_eq(m.v[1], "");
	ck_assert_str_eq(m.v[2], "Id=b");
	ck_assert_ptr_null(m.v[3]);
	ck_assert_uint_eq(m.code, 3);
	ck_assert_uint_eq(m.flags, 0);
	proto_msg_free(&m);
	ck_assert_uint_eq(col.n, 0);

	/* An empty reply: no body at all to hand over. */
	b.len = 0;
	add_frame(&b, 0, 0, NULL, 0);
	ck_assert_int_eq(proto_collect(&col, b.data, b.len, &m), 0);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_ptr_nonnull(m.v);
	ck_assert_ptr_null(m.v[0]);
	proto_msg_free(&m);
	o1 = add_frame(&b, PROTO_F_MORE, 0, a, 2);
	o2 = add_frame(&b, PROTO_F_MORE, 0, NULL, 0);
	o3 = add_frame(&b, 0, 3, bb, 1);

	/* A single frame is a reply of its own. */
	ck_assert_int_eq(proto_collect(&col, b.data + o3, b.len - o3, &m), 0);
	ck_assert_uint_eq(m.n, 1);
	proto_msg_free(&m);

	/* An error frame voids the output before it. */
	b.len = 0;
	o1 = add_frame(&b, PROTO_F_MORE, 0, a, 2);
	o2 = add_frame(&b, PROTO_F_ERROR, 1, err, 1);
	ck_assert_int_eq(proto_collect(&col, b.data + o1, o2 - o1, &m), 1);
	ck_assert_int_eq(proto_collect(&col, b.data + o2, b.len - o2, &m), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_str_eq(m.v[0], "boom");
	proto_msg_free(&m);
	ck_assert_uint_eq(col.body.len, 0);
	proto_buf_free(&b);
}
END_TEST

START_TEST(test_collect_refuses)
{
	const char *v[] = {"status"};
	struct proto_collector col = {0};
	struct proto_buf b = {0};
	struct proto_msg m;
	unsigned char f[64];
	size_t len, part = 8u * 1024 * 1024;
	char *big = malloc(part);
	const char *bv[] = {big};
	int r = 1, frames = 0;

	/* A request is not a reply. */
	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, v, 1), 0);
	ck_assert_int_eq(proto_collect(&col, b.data, b.len, &m), -EBADMSG);
	/* Another version. */
	len = raw_frame(f, 1, PROTO_REPLY, 0, 0, "a", 2);
	ck_assert_int_eq(proto_collect(&col, f, len, &m), -EPROTONOSUPPORT);
	ck_assert_uint_eq(m.version, 1);
	/* A body too big for its frame. */
	len = raw_frame(f, PROTO_VERSION, PROTO_REPLY, PROTO_F_MORE, 0, "ab",
			2);
	ck_assert_int_eq(proto_collect(&col, f, len, &m), -EBADMSG);

	/* Frames that are each fine but pass the total together: refused
	 * at the frame that passes, with the memory let go. */
	memset(big, 'q', part - 1);
	big[part - 1] = '\0';
	b.len = 0;
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, PROTO_F_MORE, 0, bv, 1),
			 0);
	while (r == 1 && frames < 100) {
		r = proto_collect(&col, b.data, b.len, &m);
		frames++;
	}
	ck_assert_int_eq(r, -EMSGSIZE);
	/* Exactly the total was taken; the frame after it was not. */
	ck_assert_int_eq(frames - 1, PROTO_MAX_REPLY_TOTAL / part);
	ck_assert_uint_eq(col.body.len, 0);
	ck_assert_ptr_null(col.body.data);
	free(big);
	proto_buf_free(&b);
}
END_TEST

static Suite *proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_request_round_trip);
	tcase_add_test(tc, test_reply_round_trip_and_layout);
	tcase_add_test(tc, test_empty_reply_and_two_frames);
	tcase_add_test(tc, test_encode_refuses);
	tcase_add_test(tc, test_frame_fed_byte_by_byte);
	tcase_add_test(tc, test_oversized_header_refused_early);
	tcase_add_test(tc, test_decode_bounds_per_kind);
	tcase_add_test(tc, test_decode_malformed);
	tcase_add_test(tc, test_bad_magic);
	tcase_add_test(tc, test_bad_version);
	tcase_add_test(tc, test_kv);
	tcase_add_test(tc, test_records_skip_empty_groups);
	tcase_add_test(tc, test_writer_matches_encode);
	tcase_add_test(tc, test_writer_bounds);
	tcase_add_test(tc, test_writer_linear);
	tcase_add_test(tc, test_collect_frames);
	tcase_add_test(tc, test_collect_refuses);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(proto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
