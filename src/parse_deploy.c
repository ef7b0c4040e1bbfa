/*
 * parse_deploy: the [Deploy] section (deploy.h), in a template and so in
 * each of its instances: Instances=, MinHealthyCapacity=,
 * MaxOverCapacity=, DeployTimeoutSec=, Image=. Capacities are fractions
 * of the instance count, from 0 to 1 (written 0.5 or 50%).
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "deploy.h"

#define DEPLOY(name, fn, field, arg)                                           \
	{                                                                      \
		PARSE_SECT_DEPLOY, name, fn,                                   \
			offsetof(struct deploy_conf, field), arg               \
	}

static int k_instances(struct parse_ctx *c, const struct parse_key *k,
		       const char *v)
{
	unsigned n;

	if (parse_unsigned(v, &n) < 0 || n > DEPLOY_INSTANCES_MAX)
		return parse_bad(c, k, v, "not a number from 0 to 1000");
	c->u->deploy->instances = n;
	return 0;
}

/* A fraction from 0 to 1: "0.75" or "75%", into permille. */
static int k_fraction(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end != v && *end == '%' && end[1] == '\0') {
		d /= 100;
		end++;
	}
	if (errno || end == v || *end || d < 0 || d > 1)
		return parse_bad(c, k, v, "not a fraction from 0 to 1");
	*(unsigned *)parse_key_field(c, k) = (unsigned)(d * 1000 + 0.5);
	return 0;
}

static const struct parse_key keys[] = {
	DEPLOY("Instances", k_instances, instances, 0),
	DEPLOY("MinHealthyCapacity", k_fraction, min_healthy, 0),
	DEPLOY("MaxOverCapacity", k_fraction, max_over, 0),
	DEPLOY("DeployTimeoutSec", parse_k_time, timeout, 0),
	DEPLOY("Image", parse_k_string, image, STR_TEXT),
};

const struct parse_key_table parse_deploy_keys = PARSE_KEY_TABLE(keys);
