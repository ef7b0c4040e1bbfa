/* Check suite for the dependency graph: resolution, edges both ways,
 * cycles and their messages, flags, closures, depth and speed. (The start
 * order is the job engine's: check_job.c.) Units
 * are built by hand, without the parser. */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "graph.h"

static struct unitset set;
static struct diag_list dl;
static struct graph g;

static void setup(void)
{
	unitset_init(&set);
	diag_init(&dl);
	memset(&g, 0, sizeof(g));
}

static void teardown(void)
{
	graph_free(&g);
	diag_free(&dl);
	unitset_free(&set);
}

static void add(const char *name)
{
	struct unit *u = unit_new(name, unit_type_from_name(name));
	char path[300];

	ck_assert_ptr_nonnull(u);
	snprintf(path, sizeof(path), "/etc/svinit/%s", name);
	u->path = strdup(path);
	ck_assert_ptr_nonnull(u->path);
	ck_assert_int_eq(unitset_add(&set, u), 0);
}

static void dep(const char *from, enum dep_kind k, const char *to)
{
	struct unit *u = unitset_get(&set, from);

	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(strv_push_dup(&u->deps[k], to), 0);
}

static uint32_t ix(const char *name)
{
	long i = unitset_index(&set, name);

	ck_assert_int_ge(i, 0);
	return (uint32_t)i;
}

static void build(void)
{
	ck_assert_int_eq(graph_build(&g, &set, &dl), 0);
}

/* The row of kind k of node `from`, as a space-separated name list. */
static const char *row(const char *from, enum graph_edge k)
{
	static char buf[1024];
	const uint32_t *adj;
	size_t n = graph_edges(&g, ix(from), k, &adj);

	buf[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, set.units[adj[i]]->name);
	}
	return buf;
}

static void add_all(const char *names)
{
	char buf[512], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", names);
	for (char *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save))
		add(t);
}

/* Whether the list holds exactly these nodes, in any order. */
static bool same_set(const uint32_t *v, size_t n, const char *names)
{
	char buf[512], *save = NULL;
	size_t want = 0;

	snprintf(buf, sizeof(buf), "%s", names);
	for (char *t = strtok_r(buf, " ", &save); t;
	     t = strtok_r(NULL, " ", &save)) {
		uint32_t x = ix(t);
		bool found = false;

		for (size_t i = 0; i < n; i++)
			found |= v[i] == x;
		if (!found)
			return false;
		want++;
	}
	return want == n;
}

START_TEST(test_resolution)
{
	add_all("a.service b.service c.target");
	ck_assert_int_eq(unitset_add_alias(&set, "bee.service", 1), 0);
	dep("a.service", DEP_REQUIRES, "bee.service");
	dep("a.service", DEP_REQUIRES, "b.service"); /* same unit twice */
	dep("a.service", DEP_WANTS, "c.target");
	dep("a.service", DEP_WANTS, "ghost.service");
	dep("a.service", DEP_AFTER, "ghost.service");
	dep("a.service", DEP_REQUIRES, "a.service"); /* self: dropped */
	build();
	ck_assert_uint_eq(g.n, 3);
	ck_assert_str_eq(row("a.service", GRAPH_REQUIRES), "b.service");
	ck_assert_str_eq(row("b.service", GRAPH_REQUIRED_BY), "a.service");
	ck_assert_str_eq(row("a.service", GRAPH_WANTS), "c.target");
	ck_assert_str_eq(row("c.target", GRAPH_WANTED_BY), "a.service");
	ck_assert_str_eq(row("a.service", GRAPH_AFTER), "");
	ck_assert_str_eq(row("a.service", GRAPH_REQUIRED_BY), "");
	/* Soft or ordering deps on missing units are silent. */
	ck_assert_uint_eq(dl.n, 0);
	ck_assert(!graph_missing_dep(&g, ix("a.service")));
	ck_assert_uint_eq(g.n_refused, 0);
	/* Out of range asks give nothing. */
	const uint32_t *adj = (const uint32_t *)&g;
	ck_assert_uint_eq(graph_edges(&g, 3, GRAPH_WANTS, &adj), 0);
	ck_assert_ptr_null(adj);
	ck_assert_uint_eq(graph_edges(&g, 0, _GRAPH_EDGE_MAX, &adj), 0);
	ck_assert(!graph_refused(&g, 99));
}
END_TEST

START_TEST(test_every_kind)
{
	add_all("a.service r.service q.service w.service b.service "
		"p.service x.service f.service o.service z.service "
		"y.service");
	dep("a.service", DEP_REQUIRES, "r.service");
	dep("a.service", DEP_REQUISITE, "q.service");
	dep("a.service", DEP_WANTS, "w.service");
	dep("a.service", DEP_BINDS_TO, "b.service");
	dep("a.service", DEP_PART_OF, "p.service");
	dep("a.service", DEP_CONFLICTS, "x.service");
	dep("a.service", DEP_ON_FAILURE, "f.service");
	dep("a.service", DEP_AFTER, "o.service");
	dep("a.service", DEP_BEFORE, "z.service");
	dep("y.service", DEP_BEFORE, "a.service"); /* = a After y */
	dep("o.service", DEP_BEFORE, "a.service"); /* same as a After o */
	dep("z.service", DEP_AFTER, "a.service");  /* same as a Before z */
	build();
	ck_assert_uint_eq(dl.n, 0);

	ck_assert_str_eq(row("a.service", GRAPH_REQUIRES), "r.service");
	ck_assert_str_eq(row("a.service", GRAPH_REQUISITE), "q.service");
	ck_assert_str_eq(row("a.service", GRAPH_WANTS), "w.service");
	ck_assert_str_eq(row("a.service", GRAPH_BINDS_TO), "b.service");
	ck_assert_str_eq(row("a.service", GRAPH_PART_OF), "p.service");
	ck_assert_str_eq(row("a.service", GRAPH_CONFLICTS), "x.service");
	ck_assert_str_eq(row("a.service", GRAPH_ON_FAILURE), "f.service");
	ck_assert_str_eq(row("r.service", GRAPH_REQUIRED_BY), "a.service");
	ck_assert_str_eq(row("q.service", GRAPH_REQUISITE_OF), "a.service");
	ck_assert_str_eq(row("w.service", GRAPH_WANTED_BY), "a.service");
	ck_assert_str_eq(row("b.service", GRAPH_BOUND_BY), "a.service");
	ck_assert_str_eq(row("p.service", GRAPH_HAS_PART), "a.service");
	ck_assert_str_eq(row("x.service", GRAPH_CONFLICTED_BY), "a.service");
	ck_assert_str_eq(row("f.service", GRAPH_ON_FAILURE_OF), "a.service");

	/* Ordering normalised and merged, in first-seen order. */
	ck_assert_str_eq(row("a.service", GRAPH_AFTER), "o.service y.service");
	ck_assert_str_eq(row("a.service", GRAPH_BEFORE), "z.service");
	ck_assert_str_eq(row("o.service", GRAPH_BEFORE), "a.service");
	ck_assert_str_eq(row("y.service", GRAPH_BEFORE), "a.service");
	ck_assert_str_eq(row("z.service", GRAPH_AFTER), "a.service");
	ck_assert_str_eq(row("o.service", GRAPH_AFTER), "");

	/* A forward kind does not leak into another. */
	ck_assert_str_eq(row("x.service", GRAPH_CONFLICTS), "");
	ck_assert_str_eq(row("r.service", GRAPH_REQUIRES), "");
	ck_assert_str_eq(row("a.service", GRAPH_REQUIRED_BY), "");
	ck_assert_str_eq(graph_edge_to_string(GRAPH_HAS_PART), "HasPart");
	ck_assert_ptr_null(graph_edge_to_string(_GRAPH_EDGE_MAX));
}
END_TEST

static const char *diag_msg(size_t i)
{
	ck_assert_uint_lt(i, dl.n);
	return dl.items[i].msg;
}

START_TEST(test_cycles)
{
	add_all("a.service b.service c.service d.service e.service "
		"s.service x.service y.service z.service");
	/* 2-cycle, written with After on both sides. */
	dep("a.service", DEP_AFTER, "b.service");
	dep("b.service", DEP_AFTER, "a.service");
	/* 3-cycle, mixing After and Before. */
	dep("c.service", DEP_AFTER, "d.service");
	dep("d.service", DEP_AFTER, "e.service");
	dep("c.service", DEP_BEFORE, "e.service");
	/* Self-loop. */
	dep("s.service", DEP_AFTER, "s.service");
	/* Depending on cycle members does not refuse. */
	dep("x.service", DEP_AFTER, "a.service");
	dep("x.service", DEP_REQUIRES, "a.service");
	dep("y.service", DEP_BEFORE, "c.service");
	dep("z.service", DEP_AFTER, "x.service");
	/* Requirement loops without ordering are not cycles. */
	dep("x.service", DEP_WANTS, "z.service");
	dep("z.service", DEP_REQUIRES, "x.service");
	build();

	ck_assert_uint_eq(dl.n, 3);
	ck_assert_uint_eq(dl.n_errors, 3);
	ck_assert_uint_eq(g.n_cycles, 3);
	for (size_t i = 0; i < dl.n; i++) {
		ck_assert_int_eq(dl.items[i].level, DIAG_ERROR);
		ck_assert_ptr_null(dl.items[i].file);
	}
	ck_assert_str_eq(diag_msg(0),
			 "ordering cycle: a.service -> b.service -> a.service");
	ck_assert_str_eq(diag_msg(1), "ordering cycle: c.service -> d.service "
				      "-> e.service -> c.service");
	ck_assert_str_eq(diag_msg(2), "ordering cycle: s.service -> s.service");

	const char *on[] = {"a.service", "b.service", "c.service",
			    "d.service", "e.service", "s.service"};
	const char *off[] = {"x.service", "y.service", "z.service"};
	for (size_t i = 0; i < ARRAY_SIZE(on); i++)
		ck_assert_msg(graph_refused(&g, ix(on[i])), "%s", on[i]);
	for (size_t i = 0; i < ARRAY_SIZE(off); i++)
		ck_assert_msg(!graph_refused(&g, ix(off[i])), "%s", off[i]);
	ck_assert_uint_eq(g.n_refused, 6);
	for (size_t i = 0; i < ARRAY_SIZE(on); i++)
		ck_assert(!graph_startable(&g, ix(on[i])));
	for (size_t i = 0; i < ARRAY_SIZE(off); i++)
		ck_assert(graph_startable(&g, ix(off[i])));
	/* x Requires a refused unit: a start of it can never succeed. */
	ck_assert_str_eq(graph_unmet_dep(&g, &set, ix("x.service")),
			 "a.service");
	ck_assert_ptr_null(graph_unmet_dep(&g, &set, ix("z.service")));
}
END_TEST

START_TEST(test_cycles_share_nodes)
{
	/* One strongly connected group holding two cycles: each unit is
	 * explained by a path through it. */
	add_all("a.service b.service c.service");
	dep("a.service", DEP_AFTER, "b.service");
	dep("b.service", DEP_AFTER, "a.service");
	dep("b.service", DEP_AFTER, "c.service");
	dep("c.service", DEP_AFTER, "b.service");
	build();
	ck_assert_uint_eq(dl.n, 2);
	ck_assert_str_eq(diag_msg(0),
			 "ordering cycle: a.service -> b.service -> a.service");
	ck_assert_str_eq(diag_msg(1),
			 "ordering cycle: c.service -> b.service -> c.service");
	ck_assert_uint_eq(g.n_refused, 3);
}
END_TEST

START_TEST(test_cycle_report_bound)
{
	char name[32], other[128];

	/* A hub ordered both ways against 40 spokes: 40 two-cycles in one
	 * group. Reports stop at GRAPH_CYCLE_REPORTS plus a count. */
	add("hub.service");
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "s%02d.service", i);
		add(name);
		dep(name, DEP_AFTER, "hub.service");
		dep(name, DEP_BEFORE, "hub.service");
	}
	build();
	ck_assert_uint_eq(g.n_refused, 41);
	ck_assert_uint_eq(g.n_cycles, GRAPH_CYCLE_REPORTS);
	ck_assert_uint_eq(dl.n, GRAPH_CYCLE_REPORTS + 1);
	ck_assert_str_eq(diag_msg(0), "ordering cycle: hub.service -> "
				      "s00.service -> hub.service");
	snprintf(other, sizeof(other),
		 "ordering cycle: %d more units are on "
		 "cycles with hub.service",
		 40 - GRAPH_CYCLE_REPORTS);
	ck_assert_str_eq(diag_msg(GRAPH_CYCLE_REPORTS), other);
}
END_TEST

START_TEST(test_closures)
{
	add_all("a.service b.service c.service d.service e.service "
		"k.service x.service y.service z.service q.service");
	dep("a.service", DEP_REQUIRES, "b.service");
	dep("b.service", DEP_WANTS, "c.service");
	dep("c.service", DEP_BINDS_TO, "d.service");
	dep("d.service", DEP_REQUISITE, "e.service"); /* checks only */
	dep("a.service", DEP_CONFLICTS, "k.service");
	dep("d.service", DEP_AFTER, "e.service");
	dep("d.service", DEP_REQUIRES, "a.service"); /* loop: visited once */

	dep("x.service", DEP_REQUIRES, "e.service");
	dep("y.service", DEP_PART_OF, "x.service");
	dep("z.service", DEP_REQUISITE, "y.service");
	dep("q.service", DEP_WANTS, "e.service"); /* wants: not stopped */
	build();
	ck_assert_uint_eq(dl.n, 0);

	uint32_t *out;
	size_t n;
	ck_assert_int_eq(graph_pull_closure(&g, ix("a.service"), &out, &n), 0);
	ck_assert_uint_eq(out[0], ix("a.service"));
	ck_assert(same_set(out, n, "a.service b.service c.service d.service"));
	free(out);

	ck_assert_int_eq(graph_pull_closure(&g, ix("e.service"), &out, &n), 0);
	ck_assert(same_set(out, n, "e.service"));
	free(out);

	/* Stopping e stops d (Requisite=, as systemd does) and through it c
	 * (BindsTo=), x (Requires=), y (PartOf= x) and z (Requisite= y). */
	ck_assert_int_eq(graph_stop_closure(&g, ix("e.service"), &out, &n), 0);
	ck_assert_uint_eq(out[0], ix("e.service"));
	ck_assert(same_set(out, n,
			   "e.service d.service c.service x.service "
			   "y.service z.service"));
	free(out);

	/* Stopping d: c is BoundBy d, b is not (Wants), a not. */
	ck_assert_int_eq(graph_stop_closure(&g, ix("d.service"), &out, &n), 0);
	ck_assert(same_set(out, n, "d.service c.service"));
	free(out);

	/* Stopping a: d Requires a, then c is bound to d. */
	ck_assert_int_eq(graph_stop_closure(&g, ix("a.service"), &out, &n), 0);
	ck_assert(same_set(out, n, "a.service d.service c.service"));
	free(out);

	static const enum graph_edge conf[] = {GRAPH_CONFLICTS,
					       GRAPH_CONFLICTED_BY};
	ck_assert_int_eq(graph_closure(&g, ix("k.service"), conf, 2, &out, &n),
			 0);
	ck_assert(same_set(out, n, "k.service a.service"));
	free(out);

	ck_assert_int_eq(graph_pull_closure(&g, 999, &out, &n), -EINVAL);
	ck_assert_ptr_null(out);
	enum graph_edge bad = _GRAPH_EDGE_MAX;
	ck_assert_int_eq(graph_closure(&g, 0, &bad, 1, &out, &n), -EINVAL);
}
END_TEST

START_TEST(test_missing_hard)
{
	add_all("web.service other.service");
	free(set.units[1]->path); /* as for a built-in unit */
	set.units[1]->path = NULL;
	dep("web.service", DEP_WANTS, "gone.service");
	dep("web.service", DEP_REQUIRES, "db.service");
	dep("web.service", DEP_BINDS_TO, "cache.service");
	dep("other.service", DEP_REQUISITE, "net.target");
	dep("other.service", DEP_PART_OF, "gone.service");
	dep("other.service", DEP_CONFLICTS, "gone.service");
	dep("other.service", DEP_ON_FAILURE, "gone.service");
	dep("other.service", DEP_BEFORE, "gone.service");
	build();
	ck_assert_uint_eq(dl.n, 3);
	ck_assert_uint_eq(dl.n_warnings, 3);
	ck_assert_uint_eq(dl.n_errors, 0);
	ck_assert_int_eq(dl.items[0].level, DIAG_WARNING);
	ck_assert_str_eq(dl.items[0].file, "/etc/svinit/web.service");
	ck_assert_uint_eq(dl.items[0].line, 0);
	ck_assert_str_eq(diag_msg(0),
			 "web.service: Requires=db.service: no such unit");
	ck_assert_str_eq(diag_msg(1),
			 "web.service: BindsTo=cache.service: no such unit");
	ck_assert_ptr_null(dl.items[2].file);
	ck_assert_str_eq(diag_msg(2),
			 "other.service: Requisite=net.target: no such unit");
	ck_assert(graph_missing_dep(&g, ix("web.service")));
	ck_assert(graph_missing_dep(&g, ix("other.service")));
	ck_assert_str_eq(graph_unmet_dep(&g, &set, ix("web.service")),
			 "db.service");
	ck_assert_str_eq(graph_unmet_dep(&g, &set, ix("other.service")),
			 "net.target");
	/* Not refused: the runtime fails the start with "dependency". */
	ck_assert(!graph_refused(&g, ix("web.service")));
	ck_assert(graph_startable(&g, ix("web.service")));
	ck_assert(graph_startable(&g, ix("other.service")));
	ck_assert(!graph_load_error(&g, ix("web.service")));
}
END_TEST

START_TEST(test_empty)
{
	uint32_t *out = NULL;
	size_t n = 7;

	build();
	ck_assert_uint_eq(g.n, 0);
	ck_assert_int_eq(graph_pull_closure(&g, 0, &out, &n), -EINVAL);
	ck_assert_ptr_null(out);
	graph_free(&g);
	graph_free(&g); /* twice is harmless */
	ck_assert_int_eq(graph_build(&g, &set, NULL), 0);
}
END_TEST

#define CHAIN 10000

struct deep {
	int build, pull, stop, cycle_build;
	size_t n_pull, n_stop, cycle_diags;
	uint32_t refused, n_cycles;
	char msg[4096];
};

/* Runs on a 256 KiB stack: any recursion over the chain would overflow. */
static void *deep_run(void *arg)
{
	struct deep *d = arg;
	uint32_t *v;

	d->build = graph_build(&g, &set, &dl);
	if (d->build)
		return NULL;
	d->pull = graph_pull_closure(&g, CHAIN - 1, &v, &d->n_pull);
	if (!d->pull)
		free(v);
	d->stop = graph_stop_closure(&g, 0, &v, &d->n_stop);
	if (!d->stop)
		free(v);
	graph_free(&g);

	/* Close the chain into one ring of CHAIN units. */
	if (strv_push_dup(&set.units[0]->deps[DEP_AFTER],
			  set.units[CHAIN - 1]->name) < 0)
		return NULL;
	d->cycle_build = graph_build(&g, &set, &dl);
	d->refused = g.n_refused;
	d->n_cycles = g.n_cycles;
	d->cycle_diags = dl.n;
	if (dl.n)
		snprintf(d->msg, sizeof(d->msg), "%s", dl.items[0].msg);
	return NULL;
}

START_TEST(test_deep_chain)
{
	char name[32], prev[32];
	struct deep d = {.build = 1};
	pthread_attr_t attr;
	pthread_t t;

	for (int i = 0; i < CHAIN; i++) {
		snprintf(name, sizeof(name), "u%05d.service", i);
		add(name);
		if (i) {
			dep(name, DEP_AFTER, prev);
			dep(name, DEP_REQUIRES, prev);
		}
		snprintf(prev, sizeof(prev), "%s", name);
	}
	ck_assert_int_eq(pthread_attr_init(&attr), 0);
	ck_assert_int_eq(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
	ck_assert_int_eq(pthread_create(&t, &attr, deep_run, &d), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&attr);

	ck_assert_int_eq(d.build, 0);
	ck_assert_int_eq(d.pull, 0);
	ck_assert_uint_eq(d.n_pull, CHAIN);
	ck_assert_int_eq(d.stop, 0);
	ck_assert_uint_eq(d.n_stop, CHAIN);

	ck_assert_int_eq(d.cycle_build, 0);
	ck_assert_uint_eq(d.refused, CHAIN);
	ck_assert_uint_eq(d.n_cycles, 1);
	ck_assert_uint_eq(d.cycle_diags, 1);
	/* The long path is shortened in the middle, both ends kept. */
	snprintf(name, sizeof(name), "-> ... (%d more) ... ->",
		 CHAIN + 1 - GRAPH_CYCLE_PATH_MAX);
	ck_assert_msg(strstr(d.msg, name), "%s", d.msg);
	ck_assert(!strncmp(d.msg,
			   "ordering cycle: u00000.service -> u09999.service "
			   "-> u09998.service -> ",
			   strlen("ordering cycle: u00000.service -> "
				  "u09999.service -> u09998.service -> ")));
	ck_assert(str_has_suffix(d.msg, " -> u00002.service -> u00001.service "
					"-> u00000.service"));
}
END_TEST

static uint64_t rng = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define BIG_UNITS 5000
#define BIG_EDGES 50000

START_TEST(test_big)
{
	char name[32];
	size_t edges = 0;

	for (int i = 0; i < BIG_UNITS; i++) {
		snprintf(name, sizeof(name), "n%d.service", i);
		add(name);
	}
	/* Edges only say "lower index first", so the set is acyclic. */
	while (edges < BIG_EDGES) {
		uint32_t a = rnd(BIG_UNITS), b = rnd(BIG_UNITS), lo, hi;
		static const enum dep_kind kinds[] = {DEP_AFTER, DEP_BEFORE,
						      DEP_WANTS, DEP_REQUIRES};
		enum dep_kind k = kinds[rnd(4)];
		struct unit *from;
		const char *to;

		if (a == b)
			continue;
		lo = a < b ? a : b;
		hi = a < b ? b : a;
		from = set.units[k == DEP_BEFORE ? lo : hi];
		to = set.units[k == DEP_BEFORE ? hi : lo]->name;
		if (strv_contains(from->deps[k], to))
			continue;
		ck_assert_int_eq(strv_push_dup(&from->deps[k], to), 0);
		edges++;
	}

	double t0 = now_s();
	build();
	double dt = now_s() - t0;

	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(g.n_refused, 0);
	/* Every edge says "lower index first", whichever key wrote it. */
	for (uint32_t v = 0; v < g.n; v++) {
		const uint32_t *adj;
		size_t na = graph_edges(&g, v, GRAPH_AFTER, &adj);

		for (size_t i = 0; i < na; i++)
			ck_assert_uint_lt(adj[i], v);
		na = graph_edges(&g, v, GRAPH_BEFORE, &adj);
		for (size_t i = 0; i < na; i++)
			ck_assert_uint_gt(adj[i], v);
	}

	size_t total = 0;
	for (uint32_t v = 0; v < g.n; v++) {
		const uint32_t *adj;

		total += graph_edges(&g, v, GRAPH_WANTS, &adj);
		total += graph_edges(&g, v, GRAPH_REQUIRES, &adj);
		total += graph_edges(&g, v, GRAPH_AFTER, &adj);
	}
	/* After and Before can say the same thing twice; merged. */
	ck_assert_uint_le(total, BIG_EDGES);
	ck_assert_uint_gt(total, BIG_EDGES * 9 / 10);
#if defined(__SANITIZE_ADDRESS__)
	(void)dt;
#else
	ck_assert_msg(dt < 0.5, "build took %.3f s", dt);
#endif
}
END_TEST

int main(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_resolution);
	tcase_add_test(tc, test_every_kind);
	tcase_add_test(tc, test_cycles);
	tcase_add_test(tc, test_cycles_share_nodes);
	tcase_add_test(tc, test_cycle_report_bound);
	tcase_add_test(tc, test_closures);
	tcase_add_test(tc, test_missing_hard);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_deep_chain);
	tcase_add_test(tc, test_big);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
