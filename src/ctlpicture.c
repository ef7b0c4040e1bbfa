/*
 * ctlpicture: svctl's pictures of svinit's replies: the dependency graph
 * in Graphviz dot (svctl graph) and the start-up analysis (svctl
 * analyze: blame, critical-chain, plot as SVG). See ctlrender.h.
 *
 * Everything drawn comes from the reply; names are quoted for the
 * format they go into (dot IDs, XML text), so that any unit name makes a
 * valid document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlrender.h"
#include "util.h"

/* A dot ID: the name between double quotes (unit names have no quote or
 * backslash, but a reply is not trusted to be a unit name). */
static void dot_id(const char *s, size_t len)
{
	putchar('"');
	for (size_t i = 0; i < len && s[i]; i++) {
		if (s[i] == '"' || s[i] == '\\')
			putchar('\\');
		putchar(s[i]);
	}
	putchar('"');
}

/* The style of each kind of edge, as systemd-analyze dot colours them,
 * with a line style besides, so that a grey-scale print tells them
 * apart too. */
static const struct {
	const char *kind, *attrs;
} edge_styles[] = {
	{"requires", "color=black, style=solid"},
	{"requisite", "color=darkblue, style=solid"},
	{"binds-to", "color=black, style=bold"},
	{"wants", "color=grey40, style=dashed"},
	{"after", "color=green4, style=dotted"},
	{"conflicts", "color=red, style=solid, arrowhead=tee"},
};

/* graph: one node per unit (failed ones red, active ones filled), one
 * edge per dependency, and a legend of the kinds. */
void ctlpicture_dot(const struct proto_msg *r)
{
	puts("digraph svinit {");
	puts("\trankdir=LR;");
	puts("\tnode [shape=box, fontname=\"sans-serif\", fontsize=10];");
	puts("\tedge [fontname=\"sans-serif\", fontsize=8];");
	for (size_t i = 0; i < r->n; i++) {
		const char *v = proto_kv(r->v[i], "Node"), *sp;

		if (!v || !(sp = strchr(v, ' ')))
			continue;
		putchar('\t');
		dot_id(v, (size_t)(sp - v));
		if (strcmp(sp + 1, "failed") == 0)
			printf(" [color=red, fontcolor=red]");
		else if (strcmp(sp + 1, "active") == 0)
			printf(" [style=filled, fillcolor=\"#e8f5e9\"]");
		puts(";");
	}
	for (size_t i = 0; i < r->n; i++) {
		const char *v = proto_kv(r->v[i], "Edge"), *a, *b;
		size_t k;

		if (!v || !(a = strchr(v, ' ')) || !(b = strchr(a + 1, ' ')))
			continue;
		for (k = 0; k < ARRAY_SIZE(edge_styles); k++)
			if (strlen(edge_styles[k].kind) == (size_t)(a - v) &&
			    strncmp(v, edge_styles[k].kind, (size_t)(a - v)) ==
				    0)
				break;
		if (k == ARRAY_SIZE(edge_styles))
			continue; /* a kind this svctl does not know */
		putchar('\t');
		dot_id(a + 1, (size_t)(b - a - 1));
		printf(" -> ");
		dot_id(b + 1, strlen(b + 1));
		printf(" [%s, tooltip=\"%s\"];\n", edge_styles[k].attrs,
		       edge_styles[k].kind);
	}
	/* The legend: one invisible pair of nodes per kind. */
	puts("\tsubgraph cluster_legend {");
	puts("\t\tlabel=\"legend\"; fontsize=9; color=grey;");
	for (size_t k = 0; k < ARRAY_SIZE(edge_styles); k++) {
		printf("\t\t\"legend_%zu_a\" [label=\"\", shape=point];\n", k);
		printf("\t\t\"legend_%zu_b\" [label=\"%s\", "
		       "shape=plaintext];\n",
		       k, edge_styles[k].kind);
		printf("\t\t\"legend_%zu_a\" -> \"legend_%zu_b\" [%s];\n", k, k,
		       edge_styles[k].attrs);
	}
	puts("\t}");
	puts("}");
}

/* ---- analyze ---- */

struct timed {
	const char *id, *active;
	unsigned long long start, ready; /* usec after t0 */
	long depth;
};

/* The unit records of an analyze reply, times made relative to t0 (the
 * first record). *n 0 on an empty reply; NULL on ENOMEM. */
static struct timed *timed_read(const struct proto_msg *r, size_t *n)
{
	struct timed *v = calloc(r->n + 1, sizeof(*v));
	unsigned long long t0 = 0;
	size_t pos = 0, s, e;

	*n = 0;
	if (!v)
		return NULL;
	while (proto_record_next(r, &pos, &s, &e)) {
		const char *t = proto_record_get(r, s, e, "T0Monotonic");
		unsigned long long a, b;

		if (t) {
			t0 = strtoull(t, NULL, 10);
			continue;
		}
		a = strtoull(ctlrender_get(r, s, e, "StartMonotonic"), NULL,
			     10);
		b = strtoull(ctlrender_get(r, s, e, "ReadyMonotonic"), NULL,
			     10);
		v[*n].id = ctlrender_get(r, s, e, "Id");
		v[*n].active = ctlrender_get(r, s, e, "ActiveState");
		v[*n].start = a > t0 ? a - t0 : 0;
		v[*n].ready = b > t0 ? b - t0 : 0;
		if (v[*n].ready < v[*n].start)
			v[*n].ready = v[*n].start;
		v[*n].depth = strtol(ctlrender_get(r, s, e, "Depth"), NULL, 10);
		(*n)++;
	}
	return v;
}

/* A span as systemd-analyze writes it: 850us, 12ms, 1.234s, 2min 3.4s. */
static const char *span(char *buf, size_t size, unsigned long long us)
{
	if (us < 1000)
		snprintf(buf, size, "%lluus", us);
	else if (us < 1000000)
		snprintf(buf, size, "%llums", us / 1000);
	else if (us < 60000000)
		snprintf(buf, size, "%.3fs", us / 1e6);
	else
		snprintf(buf, size, "%llumin %.3fs", us / 60000000,
			 (us % 60000000) / 1e6);
	return buf;
}

static int by_duration(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;
	unsigned long long dx = x->ready - x->start, dy = y->ready - y->start;

	return dx < dy ? 1 : dx > dy ? -1 : strcmp(x->id, y->id);
}

static int by_start(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;

	return x->start < y->start   ? -1
	       : x->start > y->start ? 1
	       : x->ready < y->ready ? -1
	       : x->ready > y->ready ? 1
				     : strcmp(x->id, y->id);
}

/* The figures as JSON: [{"unit", "active", "start_usec", "ready_usec",
 * "time_usec"}], with "depth" in the critical chain; times in
 * microseconds since svinit began. */
static void timed_json(const struct timed *v, size_t n, bool chain)
{
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"unit\":", i ? "," : "");
		ctljson_string(v[i].id);
		printf(",\"active\":");
		ctljson_string(v[i].active);
		printf(",\"start_usec\":%llu,\"ready_usec\":%llu,"
		       "\"time_usec\":%llu",
		       v[i].start, v[i].ready, v[i].ready - v[i].start);
		if (chain)
			printf(",\"depth\":%ld", v[i].depth);
		putchar('}');
	}
	puts("]");
}

static void xml_text(const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<':
			fputs("&lt;", stdout);
			break;
		case '>':
			fputs("&gt;", stdout);
			break;
		case '&':
			fputs("&amp;", stdout);
			break;
		case '"':
			fputs("&quot;", stdout);
			break;
		default:
			if ((unsigned char)*s >= 0x20)
				putchar(*s);
		}
}

/*
 * plot: an SVG timeline, as systemd-analyze plot draws one: a row per
 * unit in the order they started, a bar from the start of its start job
 * to when it was ready (at least a pixel wide: a target is ready at
 * once), the unit's name and time beside it, and a grid of seconds. All
 * in one file: no script, no external style or font.
 */
static void plot(struct timed *v, size_t n)
{
	const int row = 20, left = 10, top = 50, label = 330;
	unsigned long long end = 1;
	double scale; /* pixels per microsecond */
	unsigned long long step;
	int width, height;
	char b[64];

	qsort(v, n, sizeof(*v), by_start);
	for (size_t i = 0; i < n; i++)
		if (v[i].ready > end)
			end = v[i].ready;
	/* About 1,000 pixels for the whole, whatever its length. */
	scale = 1000.0 / (double)end;
	/* A grid line every 1, 2 or 5 times a power of ten of ms, at
	 * most about 20 of them. */
	step = 1000;
	for (int k = 0; step * 20 < end; k++)
		step = step / (k % 3 == 1 ? 2 : 1) * (k % 3 == 1 ? 5 : 2);
	width = left + 1000 + label + 10;
	height = top + (int)n * row + 30;
	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	       "height=\"%d\" viewBox=\"0 0 %d %d\" "
	       "font-family=\"sans-serif\" font-size=\"11\">\n",
	       width, height, width, height);
	printf("<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	printf("<text x=\"%d\" y=\"20\" font-size=\"14\" "
	       "font-weight=\"bold\">svinit start-up: %s, %zu units</text>\n",
	       left, span(b, sizeof(b), end), n);
	for (unsigned long long t = 0; t <= end; t += step) {
		double x = left + (double)t * scale;

		printf("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		       "stroke=\"#dddddd\"/>\n",
		       x, top - 10, x, top + (int)n * row);
		printf("<text x=\"%.1f\" y=\"%d\" fill=\"#666666\">%s</text>\n",
		       x + 2, top - 14, span(b, sizeof(b), t));
	}
	for (size_t i = 0; i < n; i++) {
		double x = left + (double)v[i].start * scale;
		double w = (double)(v[i].ready - v[i].start) * scale;
		int y = top + (int)i * row;
		const char *fill =
			strcmp(v[i].active, "failed") == 0   ? "#e53935"
			: strcmp(v[i].active, "active") == 0 ? "#43a047"
							     : "#9e9e9e";

		printf("<g><title>");
		xml_text(v[i].id);
		printf(": %s</title>",
		       span(b, sizeof(b), v[i].ready - v[i].start));
		printf("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		       "height=\"%d\" fill=\"%s\"/>",
		       x, y + 3, w < 1 ? 1.0 : w, row - 6, fill);
		printf("<text x=\"%.1f\" y=\"%d\">", x + (w < 1 ? 1 : w) + 4,
		       y + row - 6);
		xml_text(v[i].id);
		printf(" (%s)</text></g>\n",
		       span(b, sizeof(b), v[i].ready - v[i].start));
	}
	puts("</svg>");
}

void ctlpicture_analyze(const struct ctlrender_opts *o,
			const struct proto_msg *r)
{
	const char *what = r->n ? proto_kv(r->v[0], "Analyze") : NULL;
	bool chain = what && strcmp(what, "critical-chain") == 0;
	size_t n;
	struct timed *v = timed_read(r, &n);
	char a[64], b[64];

	if (!v || !what)
		goto out;
	if (o->json && strcmp(what, "plot") != 0) {
		if (!chain)
			qsort(v, n, sizeof(*v), by_duration);
		timed_json(v, n, chain);
	} else if (strcmp(what, "plot") == 0) {
		plot(v, n);
	} else if (chain) {
		printf("The time when unit became active or started is printed "
		       "after the \"@\" character.\n"
		       "The time the unit took to start is printed after the "
		       "\"+\" character.\n\n");
		for (size_t i = 0; i < n; i++) {
			for (long d = 1; d < v[i].depth; d++)
				fputs("  ", stdout);
			if (v[i].depth > 0)
				fputs("\u2514\u2500", stdout);
			if (v[i].ready > v[i].start)
				printf("%s @%s +%s\n", v[i].id,
				       span(a, sizeof(a), v[i].start),
				       span(b, sizeof(b),
					    v[i].ready - v[i].start));
			else
				printf("%s @%s\n", v[i].id,
				       span(a, sizeof(a), v[i].ready));
		}
	} else {
		qsort(v, n, sizeof(*v), by_duration);
		for (size_t i = 0; i < n; i++)
			printf("%12s %s\n",
			       span(a, sizeof(a), v[i].ready - v[i].start),
			       v[i].id);
	}
out:
	free(v);
}
