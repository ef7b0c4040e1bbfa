/* deploy: see deploy.h. */
#include "deploy.h"

#include <stdlib.h>

/* Marathon's defaults: keep every instance healthy, no extra ones. */
struct deploy_conf *deploy_conf_new(void)
{
	struct deploy_conf *c = calloc(1, sizeof(*c));

	if (c)
		c->min_healthy = 1000;
	return c;
}

void deploy_conf_free(struct deploy_conf *c)
{
	if (!c)
		return;
	free(c->image);
	free(c);
}
