/* libFuzzer target for the unit file parser: any bytes must parse into a
 * unit (or diagnostics) without crash, leak or undefined behaviour. The
 * first byte picks the unit's name (a service, a target, a template
 * instance with an escaped instance, a socket and its Listen*= parser) so that specifiers and the
 * type-dependent rules are reached; the rest is the file. Everything the
 * loader and the runtime do with a parsed unit without I/O follows:
 * parse_unit_finish, formatting the diagnostics, $VAR expansion of every
 * command with the unit's own Environment=. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static const struct {
	const char *name, *instance, *template_name;
} names[] = {
	{"web.service", NULL, NULL},
	{"multi-user.target", NULL, NULL},
	{"getty@tty1.service", "tty1", "getty@.service"},
	{"foo@a-b\\x2dc.service", "a-b\\x2dc", "foo@.service"},
	{"web.socket", NULL, NULL},
};

static void expand_all(const struct unit *u, const struct exec_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		char **out = NULL;

		if (parse_expand_env(l->cmds[i].argv, u->svc.environment,
				     &out) == 0)
			strv_free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct exec_list *lists[6];
	struct diag_list dl;
	struct unit *u;
	size_t pick;
	char *text, buf[512];

	if (size < 1)
		return 0;
	pick = data[0] % (sizeof(names) / sizeof(names[0]));
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	u = unit_new(names[pick].name, unit_type_from_name(names[pick].name));
	if (!u) {
		free(text);
		return 0;
	}
	if (names[pick].instance) {
		u->instance = strdup(names[pick].instance);
		u->template_name = strdup(names[pick].template_name);
	}
	diag_init(&dl);
	parse_unit_string(u, "fuzz.service", text, &dl);
	parse_unit_finish(u, &dl);
	for (size_t i = 0; i < dl.n; i++)
		diag_format(&dl.items[i], buf, sizeof(buf));

	lists[0] = &u->svc.start_pre;
	lists[1] = &u->svc.start;
	lists[2] = &u->svc.start_post;
	lists[3] = &u->svc.reload;
	lists[4] = &u->svc.stop;
	lists[5] = &u->svc.stop_post;
	for (size_t i = 0; i < 6; i++)
		expand_all(u, lists[i]);

	diag_free(&dl);
	unit_free(u);
	free(text);
	return 0;
}
