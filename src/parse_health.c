/*
 * parse_health: the [Health] section of a service (health.h), svinit's
 * own: Check=, IntervalSec=, TimeoutSec=, GracePeriodSec=,
 * MaxConsecutiveFailures=, ReadinessFromHealth=.
 *
 * Check= takes http://HOST:PORT/PATH, tcp://HOST:PORT or exec:COMMAND
 * (a command line as in ExecStart=, prefixes and all); specifiers expand,
 * so that each instance of a template checks its own port. A later
 * Check= replaces an earlier one; an empty one removes it.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "health.h"

/* An entry whose field is in struct health_conf (parse_key_field). */
#define HEALTH(name, fn, field, arg)                                           \
	{                                                                      \
		PARSE_SECT_HEALTH, name, fn,                                   \
			offsetof(struct health_conf, field), arg               \
	}

static void clear_check(struct health_conf *h)
{
	unit_exec_list_free(&h->exec);
	free(h->check);
	free(h->host);
	free(h->path);
	h->check = h->host = h->path = NULL;
	memset(&h->addr, 0, sizeof(h->addr));
	h->addr_len = 0;
}

static int k_check(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct health_conf *h = c->u->health;
	const char *why;
	char *s = NULL;
	int r;

	clear_check(h);
	if (!*v)
		return 0;
	if (str_has_prefix(v, "exec:")) {
		/* k's field is the exec list: an Exec line's handler. */
		r = parse_key_exec(c, k, v + 5);
		if (r == 0 && h->exec.n == 0)
			r = parse_bad(c, k, v, "no command");
		h->kind = HEALTH_EXEC;
	} else {
		r = parse_expand_word(c, k, v, v, &s);
		if (r == 0 && (r = health_parse_url(h, s, &why)) == -EINVAL)
			r = parse_bad(c, k, v, why);
	}
	if (r == 0 && !(h->check = strdup(s ? s : v)))
		r = -ENOMEM;
	free(s);
	if (r != 0) {
		clear_check(h);
		return r;
	}
	h->line = c->line;
	return 0;
}

/* A time that must not be 0 (IntervalSec=, TimeoutSec=). */
static int k_span(struct parse_ctx *c, const struct parse_key *k,
		  const char *v)
{
	usec_t t;

	if (parse_timespan(v, &t) < 0 || t == 0 || t == USEC_INFINITY)
		return parse_bad(c, k, v, "not a time span above 0");
	*(usec_t *)parse_key_field(c, k) = t;
	return 0;
}

static int k_failures(struct parse_ctx *c, const struct parse_key *k,
		      const char *v)
{
	unsigned n;

	if (parse_unsigned(v, &n) < 0 || n == 0 || n > 1000)
		return parse_bad(c, k, v, "not a number from 1 to 1000");
	c->u->health->max_failures = n;
	return 0;
}

static const struct parse_key keys[] = {
	HEALTH("Check", k_check, exec, 0),
	HEALTH("IntervalSec", k_span, interval, 0),
	HEALTH("TimeoutSec", k_span, timeout, 0),
	HEALTH("GracePeriodSec", parse_k_time, grace, 0),
	HEALTH("MaxConsecutiveFailures", k_failures, max_failures, 0),
	HEALTH("ReadinessFromHealth", parse_k_bool, readiness, 0),
};

const struct parse_key_table parse_health_keys = PARSE_KEY_TABLE(keys);

int parse_health_finish(struct unit *u, struct diag_list *dl)
{
	const struct health_conf *h = u->health;
	const char *file = u->path ? u->path : u->name;
	size_t errors = dl->n_errors;

	if (!h)
		return 0;
	if (!h->check)
		diag_add(dl, DIAG_ERROR, file, 0,
			 "[Health] without Check=: nothing to check");
	if (h->readiness && u->svc.type != SVC_SIMPLE)
		diag_add(dl, DIAG_ERROR, file, 0,
			 "ReadinessFromHealth=yes needs Type=simple (a %s "
			 "service says when it is ready itself)",
			 unit_svc_type_to_string(u->svc.type));
	return dl->n_errors > errors ? -EINVAL : 0;
}
