/* loadcheck: a parsed unit checked against the machine (loadcheck.h). */
#include "loadcheck.h"

#include <errno.h>
#include <string.h>

#include "creds.h"

/*
 * User= and Group= (and the home WorkingDirectory=~ needs) to ids now,
 * once per load, rather than at each spawn, where a slow name service
 * would stall the daemon (creds.h). An unknown name is an error at the
 * line that set it, so the unit does not load and --verify says so.
 * 0 (with *bad set when it failed) or -ENOMEM.
 */
/* SocketUser=/SocketGroup= of a socket unit, to the owner its files get
 * (socket.h), with the same rules as User=/Group=. */
static int socket_owner(struct unit *u, struct diag_list *dl, bool *bad)
{
	struct socket_conf *sc = u->sock;
	struct unit_creds c = {0};
	bool group_failed;
	int r;

	if (!sc->user && !sc->group)
		return 0;
	r = creds_resolve(sc->user, sc->group, false, &c, &group_failed);
	if (r == 0) {
		sc->uid = c.has_user ? c.uid : (uid_t)-1;
		sc->gid = c.has_group ? c.gid : (gid_t)-1;
		unit_creds_clear(&c);
		return 0;
	}
	if (r == -ENOMEM)
		return r;
	diag_add(dl, DIAG_ERROR, u->path,
		 group_failed ? sc->group_line : sc->user_line,
		 "%s %s \"%s\"%s%s",
		 r == -ESRCH ? "unknown" : "cannot look up",
		 group_failed ? "SocketGroup=" : "SocketUser=",
		 group_failed ? sc->group : sc->user, r == -ESRCH ? "" : ": ",
		 r == -ESRCH ? "" : strerror(-r));
	*bad = true;
	return 0;
}

int loadcheck_creds(struct unit *u, struct diag_list *dl, bool *bad)
{
	struct service_conf *s = &u->svc;
	const struct unit_origin *at;
	const char *name, *what;
	bool group_failed;
	int r;

	if (u->type == UNIT_SOCKET)
		return socket_owner(u, dl, bad);
	if (u->type != UNIT_SERVICE ||
	    (!s->user && !s->group && !s->working_directory_home &&
	     !unit_privs(u)->supplementary_groups))
		return 0;
	r = creds_resolve(s->user, s->group, s->working_directory_home,
			  &s->creds, &group_failed);
	if (r == 0 && unit_privs(u)->supplementary_groups) {
		r = creds_add_groups(unit_privs(u)->supplementary_groups,
				     &s->creds, &name);
		if (r < 0 && r != -ENOMEM) {
			diag_add(dl, DIAG_ERROR, unit_privs(u)->groups_file,
				 unit_privs(u)->groups_line,
				 "%s group \"%s\"%s%s",
				 r == -ESRCH   ? "unknown"
				 : r == -E2BIG ? "too many groups at"
					       : "cannot look up",
				 name ? name : "", r == -ESRCH ? "" : ": ",
				 r == -ESRCH ? "" : strerror(-r));
			unit_creds_clear(&s->creds);
			*bad = true;
			return 0;
		}
	}
	if (r == 0 || r == -ENOMEM)
		return r;
	at = group_failed ? &s->group_at : &s->user_at;
	name = group_failed ? s->group : s->user;
	what = group_failed ? "group" : "user";
	if (r == -ESRCH)
		diag_add(dl, DIAG_ERROR, at->file, at->line,
			 "unknown %s \"%s\"", what, name);
	else if (r == -E2BIG)
		diag_add(dl, DIAG_ERROR, at->file, at->line,
			 "user \"%s\" is in more groups than the system "
			 "allows",
			 name);
	else
		diag_add(dl, DIAG_ERROR, at->file, at->line,
			 "cannot look up %s \"%s\": %s", what, name,
			 strerror(-r));
	*bad = true;
	return 0;
}

/* A resource limit the running hierarchies cannot apply is an error at
 * the line that set it: the service would otherwise run unconfined. */
void loadcheck_limits(struct unit *u, const struct cgroups *cg,
		      struct diag_list *dl, bool *bad)
{
	const struct cg_limits *l = unit_limits(u);
	const char *why;
	int k;

	if (u->type != UNIT_SERVICE || !cg || !l->set)
		return;
	k = cglimits_unsupported(l, cg, &why);
	if (k < 0)
		return;
	diag_add(dl, DIAG_ERROR, l->file[k], l->line[k],
		 "%s= cannot be applied: %s (cgroups: %s)",
		 cglimits_key_name(k), why, cgroups_mode(cg));
	*bad = true;
}
