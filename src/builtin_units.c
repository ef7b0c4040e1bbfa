/* builtin_units: see builtin_units.h. */
#include "builtin_units.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct builtin {
	const char *name;
	const char *description;
	const char *wants;    /* also ordered after it, as a target would be */
	bool no_default_deps; /* as the systemd unit of that name says */
} builtins[] = {
	{"default.target", "Default target", "multi-user.target", false},
	{"multi-user.target", "Multi-user system", "basic.target", false},
	/* As in systemd, the basic system pulls in the listening sockets,
	 * so that a socket's WantedBy=sockets.target starts it at boot. */
	{"basic.target", "Basic system", "sockets.target", true},
	{"sockets.target", "Sockets", NULL, true},
	{"sysinit.target", "System initialization", NULL, true},
	{"network.target", "Network", NULL, false},
	{"network-online.target", "Network is online", NULL, false},
	{"shutdown.target", "System shutdown", NULL, true},
};

const char *builtin_unit_name(size_t i)
{
	return i < ARRAY_SIZE(builtins) ? builtins[i].name : NULL;
}

bool builtin_unit_is(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return true;
	return false;
}

int builtin_unit_setup(struct unit *u)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
		const struct builtin *b = &builtins[i];

		if (strcmp(b->name, u->name) != 0)
			continue;
		u->description = strdup(b->description);
		if (!u->description)
			return -ENOMEM;
		u->default_dependencies = !b->no_default_deps;
		if (b->wants && (strv_push_dup(&u->deps[DEP_WANTS], b->wants) ||
				 strv_push_dup(&u->deps[DEP_AFTER], b->wants)))
			return -ENOMEM;
	}
	return 0;
}

