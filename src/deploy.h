/*
 * deploy: the [Deploy] section of a template (svinit's own): how many
 * instances of NAME@.service run, and the policy of a rolling
 * replacement.
 *
 * Owns: `struct deploy_conf`. The loader reads Instances= from the
 * template (and its drop-ins) and creates NAME@1.service ...
 * NAME@N.service, as if a unit had named them (load.c); `svctl scale`
 * overrides the count (manager_scale.c). Image= is only for
 * `svinit --export`.
 */
#ifndef SVINIT_DEPLOY_H
#define SVINIT_DEPLOY_H

#include <stdbool.h>

#include "util.h"

/* The most instances of one template. */
#define DEPLOY_INSTANCES_MAX 1000

struct deploy_conf {
	unsigned instances;	/* Instances=, default 0: none made */
	unsigned min_healthy;	/* MinHealthyCapacity=, permille of N, 1000 */
	unsigned max_over;	/* MaxOverCapacity=, permille of N, 0 */
	usec_t timeout;		/* DeployTimeoutSec=, 0: the default */
	char *image;		/* Image= (export only) */
};

struct deploy_conf *deploy_conf_new(void);
void deploy_conf_free(struct deploy_conf *c);

#endif
