/*
 * libFuzzer target for the control message decoder, fed the way the
 * server feeds it: a byte stream framed incrementally, frame after frame.
 * Checked: framing of a prefix never contradicts framing of the whole;
 * a decoded frame respects the bounds of its kind; and encoding what was
 * decoded gives back the very same bytes (one representation per message).
 * The same stream is also fed to the collector svctl uses for a reply of
 * several frames: it never returns a message that breaks the reply
 * bounds, and it is empty again after each whole reply or error.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

static void check_prefixes(const uint8_t *data, size_t size, ssize_t full)
{
	size_t top =
		size < PROTO_HEADER_SIZE + 1 ? size : PROTO_HEADER_SIZE + 1;

	for (size_t k = 0; k < top; k++) {
		ssize_t p = proto_frame_len(data, k, PROTO_MAX_REQUEST_BODY);

		if (full >= 0 &&
		    p != (k < PROTO_HEADER_SIZE ? PROTO_HEADER_SIZE : full))
			abort();
		if (full < 0 && p >= 0 && p <= (ssize_t)k)
			abort();
	}
}

static void check_frame(const uint8_t *f, size_t len)
{
	struct proto_msg m;
	struct proto_buf b = {0};
	int r = proto_decode(f, len, &m);

	if (r == -EPROTONOSUPPORT) {
		if (m.version == PROTO_VERSION || m.v || m.body)
			abort();
		return;
	}
	if (r < 0) {
		if (r != -EBADMSG && r != -EMSGSIZE && r != -E2BIG &&
		    r != -ENOMEM)
			abort();
		return;
	}
	if (m.kind == PROTO_REQUEST &&
	    (m.n == 0 || m.n > PROTO_MAX_REQUEST_STRINGS || !m.v[0][0] ||
	     len - PROTO_HEADER_SIZE > PROTO_MAX_REQUEST_BODY))
		abort();
	if (m.v[m.n] != NULL)
		abort();
	r = proto_encode(&b, m.kind, m.flags, m.code, (const char *const *)m.v,
			 m.n);
	if (r == -ENOMEM)
		goto out;
	if (r < 0 || b.len != len || memcmp(b.data, f, len) != 0)
		abort();
out:
	proto_buf_free(&b);
	proto_msg_free(&m);
}

/* The frames of data, as svctl reads a reply: one collector. */
static void check_collect(const uint8_t *data, size_t size)
{
	struct proto_collector c = {0};
	size_t off = 0;

	while (off < size) {
		ssize_t l = proto_frame_len(data + off, size - off,
					    PROTO_MAX_REPLY_BODY);
		struct proto_msg m;
		int r;

		if (l < 0 || (size_t)l > size - off)
			break;
		r = proto_collect(&c, data + off, (size_t)l, &m);
		off += (size_t)l;
		if (r == 1)
			continue;
		/* After a whole reply or an error, nothing is held. */
		if (c.body.len != 0 || c.n != 0)
			abort();
		if (r < 0)
			continue;
		if (m.kind != PROTO_REPLY || m.v[m.n] != NULL ||
		    m.n > PROTO_MAX_REPLY_TOTAL_STRINGS)
			abort();
		proto_msg_free(&m);
	}
	proto_collector_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0;

	check_collect(data, size);

	check_prefixes(data, size,
		       proto_frame_len(data, size, PROTO_MAX_REQUEST_BODY));
	while (off < size) {
		ssize_t l = proto_frame_len(data + off, size - off,
					    PROTO_MAX_REQUEST_BODY);

		if (l < 0 || (size_t)l > size - off)
			break;
		check_frame(data + off, (size_t)l);
		off += (size_t)l;
	}
	/* The same bytes as a reply, with svctl's bound. */
	if (size >= PROTO_HEADER_SIZE &&
	    proto_frame_len(data, size, PROTO_MAX_REPLY_BODY) == (ssize_t)size)
		check_frame(data, size);
	return 0;
}
