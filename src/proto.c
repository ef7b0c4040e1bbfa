/* proto: encoding and decoding of control messages (see proto.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

static const unsigned char proto_magic[4] = {'S', 'V', 'C', 'P'};

/* Explicit little-endian so the wire never depends on the host. */
static void put_le16(unsigned char *p, uint16_t x)
{
	p[0] = (unsigned char)x;
	p[1] = (unsigned char)(x >> 8);
}

static void put_le32(unsigned char *p, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(x >> (8 * i));
}

static uint16_t get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The bounds of a frame by its kind: requests come from any local user
 * and are small; replies come from svinit and may be big. */
static size_t max_body(unsigned kind)
{
	return kind == PROTO_REQUEST ? PROTO_MAX_REQUEST_BODY
				     : PROTO_MAX_REPLY_BODY;
}

static size_t max_strings(unsigned kind)
{
	return kind == PROTO_REQUEST ? PROTO_MAX_REQUEST_STRINGS
				     : PROTO_MAX_REPLY_STRINGS;
}

/* A request has no flags and no code; a reply's code is an exit status,
 * and an error frame ends its reply, so it never says "more". */
static int check_fields(unsigned kind, unsigned flags, unsigned code)
{
	const unsigned both = PROTO_F_ERROR | PROTO_F_MORE;

	if (kind == PROTO_REQUEST)
		return flags == 0 && code == 0 ? 0 : -EINVAL;
	if (kind == PROTO_REPLY)
		return (flags & ~both) == 0 && (flags & both) != both &&
				       code <= 255
			       ? 0
			       : -EINVAL;
	return -EINVAL;
}

/* Both free functions leave a zeroed struct, so freeing twice, or
 * freeing what was never filled, is harmless. */
void proto_msg_free(struct proto_msg *m)
{
	free(m->v);
	free(m->body);
	memset(m, 0, sizeof(*m));
}

void proto_buf_free(struct proto_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Room for extra more bytes; the capacity doubles, so n appends cost
 * O(total) in all. */
static int buf_reserve(struct proto_buf *b, size_t extra)
{
	size_t need = b->len + extra, cap;
	char *p;

	if (need < b->len)
		return -ENOMEM;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int proto_buf_append(struct proto_buf *b, const void *p, size_t len)
{
	int r = len ? buf_reserve(b, len) : 0;

	/* Nothing to append may come with no buffer at all: no memcpy. */
	if (r < 0 || len == 0)
		return r;
	memcpy(b->data + b->len, p, len);
	b->len += len;
	return 0;
}

/* Sizes first, bytes second: nothing is written, and b is left as it
 * was, unless the whole frame can be. */
/* The 16-byte header of a frame of this version (proto.h's layout). */
static void put_header(unsigned char *h, unsigned kind, unsigned flags,
		       unsigned code, size_t body)
{
	memcpy(h, proto_magic, 4);
	put_le16(h + 4, PROTO_VERSION);
	h[6] = (unsigned char)kind;
	h[7] = (unsigned char)flags;
	put_le32(h + 8, code);
	put_le32(h + 12, (uint32_t)body);
}

int proto_encode(struct proto_buf *b, unsigned kind, unsigned flags,
		 unsigned code, const char *const *v, size_t n)
{
	size_t body = 0, off;
	unsigned char *h;
	int r;

	r = check_fields(kind, flags, code);
	if (r < 0)
		return r;
	if (n > max_strings(kind))
		return -E2BIG;
	if (kind == PROTO_REQUEST && (n == 0 || !v[0] || !v[0][0]))
		return -EINVAL; /* a request is a verb first */
	/* Sum with an early exit, so the total cannot overflow. */
	for (size_t i = 0; i < n; i++) {
		if (!v[i])
			return -EINVAL;
		body += strlen(v[i]) + 1;
		if (body > max_body(kind))
			return -EMSGSIZE;
	}
	r = buf_reserve(b, PROTO_HEADER_SIZE + body);
	if (r < 0)
		return r;
	h = (unsigned char *)b->data + b->len;
	put_header(h, kind, flags, code, body);
	off = b->len + PROTO_HEADER_SIZE;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]) + 1;

		memcpy(b->data + off, v[i], l);
		off += l;
	}
	b->len = off;
	return 0;
}

/* Only the magic and the length are looked at: the rest of the header
 * is decode's business, so that a frame of another version can still be
 * framed and answered. */
ssize_t proto_frame_len(const void *buf, size_t len, size_t max)
{
	const unsigned char *p = buf;
	uint32_t body;

	/* Refuse garbage from its first byte, not after 16 of them. */
	if (len > 0 && memcmp(p, proto_magic, len < 4 ? len : 4) != 0)
		return -EBADMSG;
	if (len < PROTO_HEADER_SIZE)
		return PROTO_HEADER_SIZE;
	body = get_le32(p + 12);
	if (body > max)
		return -EMSGSIZE;
	return (ssize_t)(PROTO_HEADER_SIZE + (size_t)body);
}

/*
 * Check one whole frame: header fields, length, bounds of its kind, the
 * final NUL, a request's verb. Sets version and kind in m as soon as
 * they are read (for "version N not supported"), the other header
 * fields once the version is known, and counts the strings in *n.
 * Allocates nothing.
 */
static int check_frame(const void *frame, size_t len, struct proto_msg *m,
		       size_t *n)
{
	const unsigned char *p = frame;
	const char *body;
	size_t blen;

	*n = 0;
	memset(m, 0, sizeof(*m));
	if (len < PROTO_HEADER_SIZE || memcmp(p, proto_magic, 4) != 0)
		return -EBADMSG;
	m->version = get_le16(p + 4);
	m->kind = p[6];
	if (m->version != PROTO_VERSION)
		return -EPROTONOSUPPORT;
	m->flags = p[7];
	m->code = get_le32(p + 8);
	blen = get_le32(p + 12);
	if (check_fields(m->kind, m->flags, m->code) < 0 ||
	    blen != len - PROTO_HEADER_SIZE)
		return -EBADMSG;
	if (blen > max_body(m->kind))
		return -EMSGSIZE;
	body = (const char *)p + PROTO_HEADER_SIZE;
	if (blen > 0 && body[blen - 1] != '\0')
		return -EBADMSG;
	for (const char *s = body, *e = body + blen; s < e; (*n)++) {
		if (*n == max_strings(m->kind))
			return -E2BIG;
		s = (const char *)memchr(s, '\0', (size_t)(e - s)) + 1;
	}
	if (m->kind == PROTO_REQUEST && (*n == 0 || body[0] == '\0'))
		return -EBADMSG;
	return 0;
}

/* Point m->v at the n strings of the blen bytes at m->body. */
static int split_body(struct proto_msg *m, size_t n)
{
	size_t off = 0;

	m->v = calloc(n + 1, sizeof(*m->v));
	if (!m->v)
		return -ENOMEM;
	for (size_t k = 0; k < n; k++) {
		m->v[k] = m->body + off;
		off += strlen(m->v[k]) + 1;
	}
	m->n = n;
	return 0;
}

/* One allocation for the body and one for the pointers, whatever the
 * number of strings. */
int proto_decode(const void *frame, size_t len, struct proto_msg *m)
{
	size_t n, blen;
	int r = check_frame(frame, len, m, &n);

	if (r < 0)
		return r;
	blen = len - PROTO_HEADER_SIZE;
	m->body = malloc(blen ? blen : 1);
	if (!m->body) {
		proto_msg_free(m);
		return -ENOMEM;
	}
	memcpy(m->body, (const char *)frame + PROTO_HEADER_SIZE, blen);
	r = split_body(m, n);
	if (r < 0)
		proto_msg_free(m);
	return r;
}

/* ---- a frame built string by string ---- */

/* The header's room is taken at the first append, so a zeroed writer is
 * ready and a reset one keeps its memory. */
static int writer_open(struct proto_writer *w)
{
	int r;

	if (w->err)
		return w->err;
	if (w->buf.len >= PROTO_HEADER_SIZE)
		return 0;
	r = buf_reserve(&w->buf, PROTO_HEADER_SIZE);
	if (r < 0)
		return w->err = r;
	memset(w->buf.data, 0, PROTO_HEADER_SIZE);
	w->buf.len = PROTO_HEADER_SIZE;
	return 0;
}

/* May l more body bytes (the NUL included) and one more string come? */
static int writer_room(struct proto_writer *w, size_t l)
{
	if (w->n >= PROTO_MAX_REPLY_STRINGS)
		return w->err = -E2BIG;
	if (l > PROTO_MAX_REPLY_BODY - proto_writer_len(w))
		return w->err = -EMSGSIZE;
	return 0;
}

size_t proto_writer_len(const struct proto_writer *w)
{
	return w->buf.len < PROTO_HEADER_SIZE ? 0
					      : w->buf.len - PROTO_HEADER_SIZE;
}

/* Checked against the bounds before the buffer grows, so a runaway
 * producer costs at most the reply bound in memory. */
int proto_writer_add(struct proto_writer *w, const char *s)
{
	size_t l = strlen(s) + 1;
	int r = writer_open(w);

	if (r == 0)
		r = writer_room(w, l);
	if (r == 0 && (r = buf_reserve(&w->buf, l)) < 0)
		w->err = r;
	if (r < 0)
		return r;
	memcpy(w->buf.data + w->buf.len, s, l);
	w->buf.len += l;
	w->n++;
	return 0;
}

int proto_writer_addf(struct proto_writer *w, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int l, r = writer_open(w);

	if (r < 0)
		return r;
	/* Formatted in place: into what is free already, and only when
	 * that is too small, again after growing to the exact size. */
	for (int pass = 0; pass < 2; pass++) {
		room = w->buf.cap - w->buf.len;
		va_start(ap, fmt);
		l = vsnprintf(w->buf.data + w->buf.len, room, fmt, ap);
		va_end(ap);
		if (l < 0)
			return w->err = -EINVAL;
		if ((size_t)l < room)
			break;
		r = writer_room(w, (size_t)l + 1);
		if (r == 0 && (r = buf_reserve(&w->buf, (size_t)l + 1)) < 0)
			w->err = r;
		if (r < 0)
			return r;
	}
	r = writer_room(w, (size_t)l + 1);
	if (r < 0)
		return r;
	/* "%s" of a string with a NUL inside cannot happen; "%c" of 0
	 * could, and would split the string in two. */
	if (memchr(w->buf.data + w->buf.len, '\0', (size_t)l))
		return w->err = -EINVAL;
	w->buf.len += (size_t)l + 1;
	w->n++;
	return 0;
}

/* The header's room is taken again by the next append or finish. */
void proto_writer_reset(struct proto_writer *w)
{
	w->buf.len = 0;
	w->n = 0;
	w->err = 0;
}

/* The same checks as proto_encode, on what was appended: a frame the
 * writer finishes is one proto_decode accepts. */
int proto_writer_finish(struct proto_writer *w, unsigned kind, unsigned flags,
			unsigned code)
{
	size_t body;
	unsigned char *h;
	int r = writer_open(w);

	if (r == 0)
		r = check_fields(kind, flags, code);
	if (r < 0)
		return r;
	body = proto_writer_len(w);
	if (w->n > max_strings(kind))
		return -E2BIG;
	if (body > max_body(kind))
		return -EMSGSIZE;
	if (kind == PROTO_REQUEST &&
	    (w->n == 0 || w->buf.data[PROTO_HEADER_SIZE] == '\0'))
		return -EINVAL;
	h = (unsigned char *)w->buf.data;
	put_header(h, kind, flags, code, body);
	return 0;
}

void proto_writer_free(struct proto_writer *w)
{
	proto_buf_free(&w->buf);
	w->n = 0;
	w->err = 0;
}

/* ---- a reply of several frames ---- */

void proto_collector_free(struct proto_collector *c)
{
	proto_buf_free(&c->body);
	c->n = 0;
}

/* The total is bounded before anything is copied, so a peer announcing
 * frame after frame is refused at the one that passes the bound. */
int proto_collect(struct proto_collector *c, const void *frame, size_t len,
		  struct proto_msg *m)
{
	size_t n, blen = 0;
	int r = check_frame(frame, len, m, &n);

	if (r == 0)
		blen = len - PROTO_HEADER_SIZE;
	if (r == 0 && m->kind != PROTO_REPLY)
		r = -EBADMSG;
	if (r == 0 && (m->flags & PROTO_F_ERROR)) {
		/* Stands alone: what came before it is dropped. */
		proto_collector_free(c);
		return proto_decode(frame, len, m);
	}
	if (r == 0 && (blen > PROTO_MAX_REPLY_TOTAL - c->body.len ||
		       n > PROTO_MAX_REPLY_TOTAL_STRINGS - c->n))
		r = blen > PROTO_MAX_REPLY_TOTAL - c->body.len ? -EMSGSIZE
							       : -E2BIG;
	if (r == 0)
		r = proto_buf_append(&c->body,
				     (const char *)frame + PROTO_HEADER_SIZE,
				     blen);
	if (r < 0) {
		proto_collector_free(c);
		return r;
	}
	c->n += n;
	if (m->flags & PROTO_F_MORE)
		return 1;
	/* The last frame: the bodies become the message's body. */
	m->body = c->body.data ? c->body.data : malloc(1);
	c->body = (struct proto_buf){0};
	n = c->n;
	c->n = 0;
	if (!m->body)
		return -ENOMEM;
	r = split_body(m, n);
	if (r < 0)
		proto_msg_free(m);
	return r;
}

/* "Key=" must match whole: "MainPIDX=1" is not MainPID. */
const char *proto_kv(const char *s, const char *key)
{
	size_t l = strlen(key);

	if (strncmp(s, key, l) != 0 || s[l] != '=')
		return NULL;
	return s + l + 1;
}

int proto_record_next(const struct proto_msg *m, size_t *pos, size_t *start,
		      size_t *end)
{
	size_t i = *pos;

	/* Empty groups (repeated separators) are not records. */
	while (i < m->n && m->v[i][0] == '\0')
		i++;
	if (i >= m->n)
		return 0;
	*start = i;
	while (i < m->n && m->v[i][0] != '\0')
		i++;
	*end = i;
	*pos = i;
	return 1;
}

/* A linear scan of the record: records are a few dozen strings, and the
 * first occurrence of a key wins. */
const char *proto_record_get(const struct proto_msg *m, size_t start,
			     size_t end, const char *key)
{
	for (size_t i = start; i < end && i < m->n; i++) {
		const char *val = proto_kv(m->v[i], key);

		if (val)
			return val;
	}
	return NULL;
}
