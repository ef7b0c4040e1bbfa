/* ctlreply: a verb's reply and the units it names (see ctlreply.h). */
#include "ctlreply.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ctlview.h"

void ctlreply_add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	/* Formatted once, appended in amortised O(1). */
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		o->w.err = o->w.err ? o->w.err : -ENOMEM;
	} else {
		proto_writer_add(&o->w, s);
		free(s);
	}
	va_end(ap);
}

static int code_rank(int code)
{
	return code == PROTO_USAGE ? 3 : code == PROTO_NO_UNIT ? 2 : 1;
}

/* An error line for stderr: the reply becomes an error reply. */
void ctlreply_fail(struct out *o, int code, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (!(o->flags & PROTO_F_ERROR))
		proto_writer_reset(&o->w);
	if (!(o->flags & PROTO_F_ERROR) || code_rank(code) > code_rank(o->code))
		o->code = code;
	o->flags |= PROTO_F_ERROR;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		o->w.err = o->w.err ? o->w.err : -ENOMEM;
	} else {
		proto_writer_add(&o->w, s);
		free(s);
	}
	va_end(ap);
}

/* The unit named `name`, or NULL after reporting why there is none. */
struct mgr_unit *ctlreply_lookup(struct mgr *m, const char *name, struct out *o)
{
	int err;
	struct mgr_unit *mu = ctlview_find(m, name, &err);

	if (err == -EINVAL)
		ctlreply_fail(o, PROTO_USAGE, "svctl: invalid unit name: %s",
			      name);
	else if (!mu)
		ctlreply_fail(o, PROTO_NO_UNIT, "svctl: Unit %s not found.",
			      name);
	return mu;
}

/* Every name is checked before anything is shown: one wrong name makes
 * the whole answer an error, as before streaming. */
bool ctlreply_all_found(struct mgr *m, int argc, char **argv, struct out *o)
{
	for (int i = 1; i < argc; i++)
		ctlreply_lookup(m, argv[i], o);
	return !(o->flags & PROTO_F_ERROR);
}

bool ctlreply_need_units(int argc, struct out *o, const char *verb)
{
	if (argc >= 2)
		return true;
	ctlreply_fail(o, PROTO_USAGE, "svctl: %s: no unit given", verb);
	return false;
}
