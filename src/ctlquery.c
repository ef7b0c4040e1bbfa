/*
 * ctlquery: the read-only verbs of svctl that need options parsed or
 * files read (see ctlquery.h); ctlcmd dispatches to them.
 */
#include "ctlquery.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlgraph.h"
#include "ctlview.h"
#include "manager.h"
#include "util.h"

/* --type=LIST: the bits of the types named; -EINVAL for a type svinit
 * does not know. */
static int parse_types(const char *list, unsigned *types)
{
	static const char *const names[] = {[UNIT_SERVICE] = "service",
					    [UNIT_TARGET] = "target",
					    [UNIT_SOCKET] = "socket"};
	char buf[256];

	if (strlen(list) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, list);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (names[i] && strcmp(names[i], t) == 0)
				break;
		if (i == ARRAY_SIZE(names))
			return -EINVAL;
		*types |= 1u << i;
	}
	return 0;
}

/*
 * list-units [--failed] [--state=S,...] [--type=T,...] [--all]
 * [PATTERN...]: the filter, with the patterns moved to the front of
 * argv (after the verb), where the stream finds them. 0, or the usage
 * error is in o.
 */
static int list_filter(int argc, char **argv, struct ctlview_filter *f,
		       struct out *o)
{
	size_t np = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;

		if (strcmp(a, "--failed") == 0)
			v = "failed";
		else if (str_has_prefix(a, "--state="))
			v = a + strlen("--state=");
		else if (strcmp(a, "--state") == 0 && i + 1 < argc)
			v = argv[++i];
		if (v) {
			if (f->n_states == CTLVIEW_STATES_MAX) {
				ctlreply_fail(o, PROTO_USAGE,
					      "svctl: too many --state=");
				return -EINVAL;
			}
			f->states[f->n_states++] = v;
			continue;
		}
		if (str_has_prefix(a, "--type="))
			v = a + strlen("--type=");
		else if ((strcmp(a, "--type") == 0 || strcmp(a, "-t") == 0) &&
			 i + 1 < argc)
			v = argv[++i];
		if (v) {
			if (parse_types(v, &f->types) < 0) {
				ctlreply_fail(o, PROTO_USAGE,
					      "svctl: unknown unit type: %s "
					      "(service, socket, target)",
					      v);
				return -EINVAL;
			}
			continue;
		}
		if (strcmp(a, "--all") == 0 || strcmp(a, "-a") == 0)
			continue; /* every unit is listed anyway */
		if (a[0] == '-') {
			ctlreply_fail(o, PROTO_USAGE,
				      "svctl: %s: unknown option %s", argv[0],
				      a);
			return -EINVAL;
		}
		argv[1 + np++] = argv[i];
	}
	f->patterns = argv + 1;
	f->n_patterns = np;
	return 0;
}

/* Whether some argument is a glob pattern rather than a name. */
static bool any_pattern(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strpbrk(argv[i], "*?["))
			return true;
	return false;
}

/*
 * status, show and list-units: checked here, shown by a stream. status
 * without a unit is the overview; status with a glob pattern shows every
 * unit that matches (names given beside it must exist).
 */
void ctlquery_view(struct mgr *m, struct control_client *cl, int argc,
		   char **argv, struct out *o)
{
	enum ctlview_kind kind = strcmp(argv[0], "status") == 0 ? CTLVIEW_STATUS
				 : strcmp(argv[0], "show") == 0 ? CTLVIEW_SHOW
								: CTLVIEW_LIST;
	struct ctlview_filter f = {0};
	int r;

	if (kind == CTLVIEW_STATUS && argc == 1) {
		ctlview_overview(m, &o->w);
		return;
	}
	if (kind == CTLVIEW_SHOW && !ctlreply_need_units(argc, o, argv[0]))
		return;
	if (kind == CTLVIEW_LIST) {
		if (list_filter(argc, argv, &f, o) < 0)
			return;
		r = ctlview_stream(m, cl, kind, NULL, 0, &f);
	} else if (any_pattern(argc, argv)) {
		for (int i = 1; i < argc; i++)
			if (!strpbrk(argv[i], "*?[") &&
			    !ctlreply_lookup(m, argv[i], o))
				return;
		f.patterns = argv + 1;
		f.n_patterns = (size_t)argc - 1;
		r = ctlview_stream(m, cl, kind, NULL, 0, &f);
	} else {
		if (!ctlreply_all_found(m, argc, argv, o))
			return;
		r = ctlview_stream(m, cl, kind, argv + 1, (size_t)argc - 1,
				   NULL);
	}
	if (r == -ENOMEM)
		o->w.err = -ENOMEM; /* answered below, as an error */
	else
		o->answered = true;
}

/* list-dependencies UNIT [--reverse] [--all]: the tree (ctlgraph). */
void ctlquery_list_deps(struct mgr *m, struct control_client *cl, int argc,
			char **argv, struct out *o)
{
	const char *name = NULL;
	bool reverse = false, all = false;
	struct mgr_unit *mu;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reverse") == 0 ||
		    strcmp(argv[i], "-r") == 0)
			reverse = true;
		else if (strcmp(argv[i], "--all") == 0 ||
			 strcmp(argv[i], "-a") == 0)
			all = true;
		else if (argv[i][0] == '-' || name) {
			ctlreply_fail(o, PROTO_USAGE,
				      "svctl: list-dependencies [--reverse] "
				      "[--all] [UNIT]");
			return;
		} else
			name = argv[i];
	}
	/* As systemctl: the default target when no unit is named. */
	mu = ctlreply_lookup(m, name ? name : m->cfg.target, o);
	if (!mu)
		return;
	r = ctlgraph_deps(m, mu, reverse, all, &o->w);
	if (r < 0)
		o->w.err = r;
}

/* A file of `cat`: File=PATH, then a Line= per line (FileError= when it
 * cannot be read); a line at a time, so its size only costs the reply
 * bound. svctl draws "# PATH" and the lines from them. */
static void add_file(struct out *o, const char *path)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	ctlreply_add(o, "File=%s", path);
	if (!f) {
		ctlreply_add(o, "FileError=%s", strerror(errno));
		return;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		ctlreply_add(o, "Line=%s", line);
	}
	free(line);
	fclose(f);
}

/* cat: the files as daemon-reload loaded them last, so a changed unit
 * that still runs its old configuration shows the new files. Each unit
 * starts with Id=NAME; a built-in unit has one empty File=. */
void ctlquery_cat(struct mgr *m, struct control_client *cl, int argc,
		  char **argv, struct out *o)
{
	if (!ctlreply_need_units(argc, o, "cat") ||
	    !ctlreply_all_found(m, argc, argv, o))
		return;
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = ctlreply_lookup(m, argv[i], o);
		const struct unit *u = mu->pending ? mu->pending : mu->unit;

		ctlreply_add(o, "Id=%s", u->name);
		if (!u->path)
			ctlreply_add(o, "File=");
		else
			add_file(o, u->path);
		for (char **d = u->dropins; d && *d; d++)
			add_file(o, *d);
	}
}

/* security [UNIT...]: a table of every service, or each unit's detail. */
void ctlquery_security(struct mgr *m, struct control_client *cl, int argc,
		       char **argv, struct out *o)
{
	if (argc == 1) {
		ctlview_security_table(m, &o->w);
		return;
	}
	if (!ctlreply_all_found(m, argc, argv, o))
		return;
	for (int i = 1; i < argc; i++) {
		struct mgr_unit *mu = ctlreply_lookup(m, argv[i], o);

		if (mu->unit->type != UNIT_SERVICE) {
			ctlreply_fail(o, PROTO_USAGE,
				      "svctl: %s is not a service",
				      mu->unit->name);
			return;
		}
		if (i > 1)
			proto_writer_add(&o->w, "");
		ctlview_security(mu, &o->w);
	}
}

/* graph [UNIT]: the records of ctlgraph_edges, drawn by svctl. */
void ctlquery_graph(struct mgr *m, struct control_client *cl, int argc,
		    char **argv, struct out *o)
{
	const struct mgr_unit *mu = NULL;
	int r;

	if (argc > 2) {
		ctlreply_fail(o, PROTO_USAGE, "svctl: graph [UNIT]");
		return;
	}
	if (argc == 2 && !(mu = ctlreply_lookup(m, argv[1], o)))
		return;
	r = ctlgraph_edges(m, mu, &o->w);
	if (r < 0)
		o->w.err = r;
}
