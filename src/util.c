/* util: strv, string and clock helpers (see util.h). */
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static usec_t clock_usec(clockid_t id)
{
	struct timespec ts;

	/* clock_gettime cannot fail for these clocks with a valid pointer. */
	(void)clock_gettime(id, &ts);
	return (usec_t)ts.tv_sec * USEC_PER_SEC + (usec_t)ts.tv_nsec / 1000;
}

usec_t now_monotonic(void)
{
	return clock_usec(CLOCK_MONOTONIC);
}

usec_t now_realtime(void)
{
	return clock_usec(CLOCK_REALTIME);
}

size_t strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* O(n): the length is found by walking the vector, and it grows by one
 * each time. Meant for short lists built once (unit dependencies,
 * options); anything that grows to thousands of entries keeps its own
 * count and capacity instead. */
int strv_push(char ***v, char *s)
{
	size_t n = strv_len(*v);
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (n + 2) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[n] = s;
	nv[n + 1] = NULL;
	*v = nv;
	return 0;
}

int strv_builder_push(struct strv_builder *b, char *s)
{
	if (!s)
		return -ENOMEM;
	/* Room for s and the NULL after it, doubling. */
	if (b->n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		char **v = realloc(b->v, cap * sizeof(*v));

		if (!v) {
			free(s);
			return -ENOMEM;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = s;
	b->v[b->n] = NULL;
	return 0;
}

int strv_push_dup(char ***v, const char *s)
{
	return strv_push(v, strdup(s));
}

int strv_dup(char *const *v, char ***out)
{
	char **nv = NULL;

	for (size_t i = 0; v && v[i]; i++) {
		if (strv_push_dup(&nv, v[i]) < 0) {
			strv_free(nv);
			return -ENOMEM;
		}
	}
	*out = nv;
	return 0;
}

bool strv_contains(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

bool str_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* FNV-1a: short, and good enough for names that are not chosen to
 * collide (a hostile unit file can at worst make its own lookups slow). */
uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

int str_to_port(const char *s, size_t n, uint16_t *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 5)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return -ERANGE;
	*out = (uint16_t)v;
	return 0;
}

bool ratelimit_hit(struct ratelimit *rl, usec_t now, usec_t interval,
		   unsigned burst)
{
	if (interval == 0 || burst == 0)
		return false;
	if (rl->count == 0 || now - rl->begin > interval) {
		rl->begin = now;
		rl->count = 0;
	}
	/* Saturates: a limit held for ages never wraps round to allowed. */
	if (rl->count <= burst)
		rl->count++;
	return rl->count > burst;
}
