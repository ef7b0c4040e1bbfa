/*
 * libFuzzer target for EnvironmentFile= parsing. Every environment that
 * comes out must hold valid, distinct keys with no NUL, and parsing must
 * never fail except for ENOMEM or a NUL byte in the input.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **env = NULL;
	unsigned bad = 0;
	int r = env_parse((const char *)data, size, &env, &bad);

	if (r < 0 && r != -ENOMEM && !(r == -EINVAL && memchr(data, 0, size)))
		abort();
	for (size_t i = 0; env && env[i]; i++) {
		size_t key = strcspn(env[i], "=");

		if (!env_assignment_is_valid(env[i]))
			abort();
		for (size_t j = 0; j < i; j++)
			if (strncmp(env[j], env[i], key + 1) == 0)
				abort();
	}
	strv_free(env);
	return 0;
}
