/* proto: encoding and decoding of control messages (see proto.h). */
#include <errno.h>
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

static int check_fields(unsigned kind, unsigned flags, unsigned code)
{
	if (kind == PROTO_REQUEST)
		return flags == 0 && code == 0 ? 0 : -EINVAL;
	if (kind == PROTO_REPLY)
		return (flags & ~PROTO_F_ERROR) == 0 && code <= 255 ? 0
								    : -EINVAL;
	return -EINVAL;
}

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
	memcpy(h, proto_magic, 4);
	put_le16(h + 4, PROTO_VERSION);
	h[6] = (unsigned char)kind;
	h[7] = (unsigned char)flags;
	put_le32(h + 8, code);
	put_le32(h + 12, (uint32_t)body);
	off = b->len + PROTO_HEADER_SIZE;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]) + 1;

		memcpy(b->data + off, v[i], l);
		off += l;
	}
	b->len = off;
	return 0;
}

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

int proto_decode(const void *frame, size_t len, struct proto_msg *m)
{
	const unsigned char *p = frame;
	const char *body;
	size_t blen, n = 0, k = 0;

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
	for (const char *s = body, *e = body + blen; s < e; n++) {
		if (n == max_strings(m->kind))
			return -E2BIG;
		s = (const char *)memchr(s, '\0', (size_t)(e - s)) + 1;
	}
	if (m->kind == PROTO_REQUEST && (n == 0 || body[0] == '\0'))
		return -EBADMSG;

	m->body = malloc(blen ? blen : 1);
	m->v = calloc(n + 1, sizeof(*m->v));
	if (!m->body || !m->v) {
		proto_msg_free(m);
		return -ENOMEM;
	}
	memcpy(m->body, body, blen);
	for (size_t off = 0; k < n; k++) {
		m->v[k] = m->body + off;
		off += strlen(m->v[k]) + 1;
	}
	m->n = n;
	return 0;
}

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
