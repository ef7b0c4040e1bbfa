/* For Check suites of the parser's areas: whether a diagnostics list
 * holds a message at a line, and an assertion that prints the whole list
 * when it does not. Header-only: each suite is a program of its own. */
#ifndef SVINIT_TEST_DIAG_EXPECT_H
#define SVINIT_TEST_DIAG_EXPECT_H

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

/* A diagnostic at line whose formatted text contains sub. */
static inline bool diag_has(const struct diag_list *dl, unsigned line,
			    const char *sub)
{
	char buf[4096];

	for (size_t i = 0; i < dl->n; i++) {
		diag_format(&dl->items[i], buf, sizeof(buf));
		if (dl->items[i].line == line && strstr(buf, sub))
			return true;
	}
	return false;
}

#define expect(dl, line, sub)                                                  \
	do {                                                                   \
		if (!diag_has(dl, line, sub))                                  \
			diag_print(dl, stderr);                                \
		ck_assert_msg(diag_has(dl, line, sub), "missing: %s", sub);    \
	} while (0)

#endif
