/*
 * util: the few generic helpers every module shares.
 *
 * Owns: NULL-terminated string vectors (strv), checked string
 * duplication, and small time helpers. Nothing here logs or exits:
 * allocation failure is returned as -ENOMEM so that the daemon, which must
 * never die, can decide what to do.
 */
#ifndef SVINIT_UTIL_H
#define SVINIT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Microseconds; USEC_INFINITY means "no limit" (systemd's `infinity`). */
typedef uint64_t usec_t;
#define USEC_INFINITY UINT64_MAX
#define USEC_PER_MSEC 1000ULL
#define USEC_PER_SEC  1000000ULL

/* CLOCK_MONOTONIC and CLOCK_REALTIME in microseconds. */
usec_t now_monotonic(void);
usec_t now_realtime(void);

/* A strv is a NULL-terminated array of malloc'd strings; NULL is empty. */
size_t strv_len(char *const *v);
void strv_free(char **v);
/* Append s (taken over: freed on failure too). 0 or -ENOMEM. */
int strv_push(char ***v, char *s);
/* Append a copy of s. 0 or -ENOMEM. */
int strv_push_dup(char ***v, const char *s);
/* A strv being built when it may grow long: appends in amortised O(1)
 * (strv_push is O(n), for short lists). v is NULL-terminated once anything
 * was added; a zeroed struct is empty; the caller owns v (strv_free). */
struct strv_builder {
	char **v;
	size_t n, cap;
};

/* Append s (taken over: freed on failure too). 0 or -ENOMEM. */
int strv_builder_push(struct strv_builder *b, char *s);

/* Deep copy; *out is NULL when v is empty. 0 or -ENOMEM. */
int strv_dup(char *const *v, char ***out);
bool strv_contains(char *const *v, const char *s);

bool str_has_suffix(const char *s, const char *suffix);
bool str_has_prefix(const char *s, const char *prefix);
/* strdup that maps NULL to NULL. */
char *str_dup_or_null(const char *s);

/* The value of a hexadecimal digit, or -1. */
int hex_digit(char c);

/* FNV-1a, for the name tables. */
uint64_t str_hash(const char *s);

/* A TCP or UDP port: the n bytes at s, decimal digits only, 1-65535 (0
 * would be a random port no client could find). 0, -EINVAL for no
 * number, -ERANGE out of range. */
int str_to_port(const char *s, size_t n, uint16_t *out);

/* A rate limit as a fixed window: at most burst events in interval, the
 * window opening at the first event after the last one closed, so there
 * is no history to keep. Counts this event and says whether it is over
 * the limit; interval or burst 0: no limit. */
struct ratelimit {
	usec_t begin;
	unsigned count;
};
bool ratelimit_hit(struct ratelimit *rl, usec_t now, usec_t interval,
		   unsigned burst);

#endif
