/*
 * bench.h: what the benchmark helpers share.
 *
 * The clock every figure is taken with (CLOCK_MONOTONIC, which the PID
 * namespaces of the bench share with the host), and the content of the
 * numbered log lines, so that lines.c writes exactly what logcheck.c
 * expects back. Header-only: each helper is one static program.
 */
#ifndef SVINIT_BENCH_H
#define SVINIT_BENCH_H

#include <stdint.h>
#include <string.h>
#include <time.h>

/* One log line: 10 digits, a space, 88 letters, '\n'. The letters depend
 * on the number, so a line glued together from two others is caught. */
#define BENCH_LINE_LEN	   100
#define BENCH_LINE_DIGITS  10
#define BENCH_LINE_PADDING (BENCH_LINE_LEN - BENCH_LINE_DIGITS - 2)

static inline int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Write line number i (without its '\n' if nl is 0) into dst, which holds
 * at least BENCH_LINE_LEN bytes. */
static inline void bench_line(char *dst, unsigned long i, int nl)
{
	/* The alphabet twice and a bit, so any rotation is one memcpy. */
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
				      "abcdefghijklmnopqrstuvwxyz"
				      "abcdefghijklmnopqrstuvwxyz"
				      "abcdefghijklmnopqrstuvwxyz"
				      "abcdefghijklmnopqrstuvwxyz";
	unsigned long v = i;

	for (int k = BENCH_LINE_DIGITS - 1; k >= 0; k--) {
		dst[k] = (char)('0' + v % 10);
		v /= 10;
	}
	dst[BENCH_LINE_DIGITS] = ' ';
	memcpy(dst + BENCH_LINE_DIGITS + 1, letters + i % 26,
	       BENCH_LINE_PADDING);
	if (nl)
		dst[BENCH_LINE_LEN - 1] = '\n';
}

#endif
