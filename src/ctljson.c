/*
 * ctljson: svctl's --json documents (see ctlrender.h, and svctl(1),
 * "JSON OUTPUT", which is the contract for their field names).
 *
 * Every verb prints exactly one JSON document on one line, so that
 * `svctl --json VERB | jq` and json.load() read it whole. The names are
 * stable: status and show use svinit's property names as they are (the
 * names of systemctl show), list-units systemctl's own JSON names, the
 * newer verbs short lower-case names. Properties that repeat (Listen,
 * CGroupProc, LogLine) are arrays, present even when empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlrender.h"
#include "util.h"

#define get ctlrender_get

void ctljson_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* A string, or null when empty. */
static void string_or_null(const char *s)
{
	if (*s)
		ctljson_string(s);
	else
		fputs("null", stdout);
}

/* Whether s is a decimal integer JSON can carry as it is. */
static bool is_integer(const char *s)
{
	size_t n = 0;

	if (*s == '-')
		s++;
	if (*s == '0' && s[1])
		return false;
	for (; s[n]; n++)
		if (s[n] < '0' || s[n] > '9')
			return false;
	return n > 0 && n <= 20;
}

/* The properties whose values are figures: their names end so (PID,
 * USec, Current, ...) or count (N...). Only these become numbers, so
 * that a Description of "42" stays a string. */
static bool numeric_key(const char *k)
{
	static const char *const suffix[] = {
		"PID",	 "USec", "NSec",   "Monotonic", "Current", "Peak",
		"Max",	 "High", "Low",	   "Weight",	"Shares",  "Status",
		"Errno", "Code", "Signal", "Failures",	"Dropped", "Exposure",
	};
	size_t kl = strlen(k);

	if (k[0] == 'N' && k[1] >= 'A' && k[1] <= 'Z')
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(suffix); i++) {
		size_t sl = strlen(suffix[i]);

		if (kl >= sl && strcmp(k + kl - sl, suffix[i]) == 0)
			return true;
	}
	return false;
}

/* A property's value: a number for a figure that is one, null for a
 * figure svinit does not know ("[not set]"), a string otherwise
 * ("infinity" included). */
static void value(const char *key, const char *v)
{
	if (numeric_key(key) && is_integer(v))
		fputs(v, stdout);
	else if (numeric_key(key) && strcmp(v, "[not set]") == 0)
		fputs("null", stdout);
	else
		ctljson_string(v);
}

static const char *const array_keys[] = {"Listen", "CGroupProc", "LogLine"};

static bool is_array_key(const char *k, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(array_keys); i++)
		if (strlen(array_keys[i]) == len &&
		    strncmp(array_keys[i], k, len) == 0)
			return true;
	return false;
}

/* The record [s, e) as one object: each Key=Value a member, in the order
 * svinit sent them, the repeated ones as arrays after them. */
static void record_object(const struct proto_msg *r, size_t s, size_t e)
{
	bool first = true;

	putchar('{');
	for (size_t i = s; i < e; i++) {
		const char *eq = strchr(r->v[i], '=');
		char key[128];
		size_t kl;

		if (!eq || (kl = (size_t)(eq - r->v[i])) >= sizeof(key) ||
		    is_array_key(r->v[i], kl))
			continue;
		memcpy(key, r->v[i], kl);
		key[kl] = '\0';
		printf("%s", first ? "" : ",");
		first = false;
		ctljson_string(key);
		putchar(':');
		value(key, eq + 1);
	}
	for (size_t k = 0; k < ARRAY_SIZE(array_keys); k++) {
		bool f = true;

		printf("%s\"%s\":[", first ? "" : ",", array_keys[k]);
		first = false;
		for (size_t i = s; i < e; i++) {
			const char *v = proto_kv(r->v[i], array_keys[k]);

			if (!v)
				continue;
			printf("%s", f ? "" : ",");
			f = false;
			ctljson_string(v);
		}
		putchar(']');
	}
	putchar('}');
}

void ctljson_units(const struct proto_msg *r)
{
	size_t pos = 0, s, e;
	bool first = true;

	putchar('[');
	while (proto_record_next(r, &pos, &s, &e)) {
		printf("%s", first ? "" : ",");
		first = false;
		record_object(r, s, e);
	}
	puts("]");
}

static const char *const list_keys[] = {"Id", "LoadState", "ActiveState",
					"SubState", "Description"};
static const char *const list_names[] = {"unit", "load", "active", "sub",
					 "description"};
static const char *const figure_keys[] = {"MemoryCurrent", "CPUUsageNSec",
					  "TasksCurrent"};
static const char *const figure_names[] = {"memory_current", "cpu_usage_nsec",
					   "tasks_current"};

void ctljson_list(const struct proto_msg *r)
{
	size_t pos = 0, s, e;
	bool first = true;

	putchar('[');
	while (proto_record_next(r, &pos, &s, &e)) {
		printf("%s{", first ? "" : ",");
		first = false;
		for (size_t k = 0; k < ARRAY_SIZE(list_keys); k++) {
			printf("%s\"%s\":", k ? "," : "", list_names[k]);
			ctljson_string(get(r, s, e, list_keys[k]));
		}
		/* The cgroup's figures: numbers, or null when the unit has
		 * no cgroup or the figure is not kept. */
		for (size_t k = 0; k < ARRAY_SIZE(figure_keys); k++) {
			const char *v = get(r, s, e, figure_keys[k]);

			printf(",\"%s\":", figure_names[k]);
			fputs(is_integer(v) ? v : "null", stdout);
		}
		printf(",\"health\":");
		string_or_null(get(r, s, e, "HealthState"));
		printf(",\"cgroup\":");
		string_or_null(get(r, s, e, "ControlGroup"));
		putchar('}');
	}
	puts("]");
}

/* A count of the overview, 0 when svinit did not send it. */
static long long count(const struct proto_msg *r, const char *key)
{
	return strtoll(get(r, 0, r->n, key), NULL, 10);
}

void ctljson_overview(const struct proto_msg *r)
{
	bool first = true;

	printf("{\"state\":");
	ctljson_string(get(r, 0, r->n, "SystemState"));
	printf(",\"version\":");
	ctljson_string(get(r, 0, r->n, "Version"));
	printf(",\"units\":%lld,\"active\":%lld,\"failed\":%lld,"
	       "\"jobs\":%lld,\"failed_units\":[",
	       count(r, "NUnits"), count(r, "NActive"), count(r, "NFailed"),
	       count(r, "NJobs"));
	for (size_t i = 0; i < r->n; i++)
		if (proto_kv(r->v[i], "FailedUnit")) {
			printf("%s", first ? "" : ",");
			first = false;
			ctljson_string(proto_kv(r->v[i], "FailedUnit"));
		}
	puts("]}");
}

/*
 * list-dependencies: {"unit", "active", "sub", "dependencies": [...]}
 * nested as the tree is. The records come depth first with their Depth,
 * so closing the objects of the deeper levels before each node is all
 * the nesting takes.
 */
void ctljson_deps(const struct proto_msg *r)
{
	size_t pos = 0, s, e, open = 0;
	/* has[l]: the array of level l has an element already. */
	bool *has = calloc(r->n + 2, sizeof(*has));

	if (!has) {
		puts("null");
		return;
	}
	while (proto_record_next(r, &pos, &s, &e)) {
		size_t d = strtoul(get(r, s, e, "Depth"), NULL, 10);

		if ((open == 0 && d != 0) || (open > 0 && d == 0))
			continue; /* malformed: one root, first */
		if (d > open)
			d = open; /* never deeper than one below its parent */
		for (; open > d; open--)
			printf("]}");
		if (d > 0 && has[d])
			putchar(',');
		has[d] = true;
		printf("{\"unit\":");
		ctljson_string(get(r, s, e, "Id"));
		printf(",\"active\":");
		ctljson_string(get(r, s, e, "ActiveState"));
		printf(",\"sub\":");
		ctljson_string(get(r, s, e, "SubState"));
		printf(",\"dependencies\":[");
		open = d + 1;
		has[open] = false;
	}
	for (; open > 0; open--)
		printf("]}");
	if (!has[0])
		printf("null");
	putchar('\n');
	free(has);
}

/* The characters of s escaped for a JSON string, without quotes. */
static void escaped(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
}

/* cat: [{"unit", "files": [{"path", "text", "error"}]}]; a built-in unit
 * has no file: an empty list; "error" is null unless svinit could not
 * read the file. The text is the file's lines, each ending in "\n". */
void ctljson_cat(const struct proto_msg *r)
{
	/* 0: before a unit, 1: in a unit's files, 2: in a file's text */
	int at = 0;
	bool first_unit = true, first_file = true;

	putchar('[');
	for (size_t i = 0; i < r->n; i++) {
		const char *v = r->v[i];

		if (proto_kv(v, "Line")) {
			if (at == 2) {
				escaped(proto_kv(v, "Line"));
				fputs("\\n", stdout);
			}
			continue;
		}
		if (proto_kv(v, "FileError")) {
			if (at == 2) {
				printf("\",\"error\":");
				ctljson_string(proto_kv(v, "FileError"));
				printf("}");
				at = 1;
			}
			continue;
		}
		if (at == 2)
			printf("\",\"error\":null}");
		if (proto_kv(v, "Id")) {
			if (at)
				printf("]}");
			printf("%s{\"unit\":", first_unit ? "" : ",");
			first_unit = false;
			ctljson_string(proto_kv(v, "Id"));
			printf(",\"files\":[");
			first_file = true;
			at = 1;
		} else if (proto_kv(v, "File") && at) {
			if (!*proto_kv(v, "File")) {
				at = 1; /* built in: no file */
				continue;
			}
			printf("%s{\"path\":", first_file ? "" : ",");
			first_file = false;
			ctljson_string(proto_kv(v, "File"));
			printf(",\"text\":\"");
			at = 2;
		}
	}
	if (at == 2)
		printf("\",\"error\":null}");
	if (at)
		printf("]}");
	puts("]");
}

/*
 * security: without a unit, [{"unit", "exposure", "rating"}]; with units,
 * the same with "settings": [{"setting", "weight", "exposed",
 * "explanation"}]. The exposure is a number from 0.0 to 10.0.
 */
void ctljson_security(const struct proto_msg *r)
{
	size_t pos = 0, s, e;
	bool first = true;

	putchar('[');
	while (proto_record_next(r, &pos, &s, &e)) {
		unsigned t = (unsigned)atoi(get(r, s, e, "Exposure"));
		bool detail = proto_record_get(r, s, e, "Setting") != NULL;
		bool f = true;

		printf("%s{\"unit\":", first ? "" : ",");
		first = false;
		ctljson_string(get(r, s, e, "Id"));
		printf(",\"exposure\":%u.%u,\"rating\":", t / 10, t % 10);
		ctljson_string(get(r, s, e, "Rating"));
		if (detail) {
			printf(",\"settings\":[");
			for (size_t i = s; i < e; i++) {
				const char *v = proto_kv(r->v[i], "Setting");
				int x = 0, off = 0;
				unsigned w = 0;
				char name[64];

				if (!v ||
				    sscanf(v, "%d %u %63s %n", &x, &w, name,
					   &off) < 3 ||
				    !off)
					continue;
				printf("%s{\"setting\":", f ? "" : ",");
				f = false;
				ctljson_string(name);
				printf(",\"weight\":%u,\"exposed\":%s,"
				       "\"explanation\":",
				       w, x ? "true" : "false");
				ctljson_string(v + off);
				putchar('}');
			}
			putchar(']');
		}
		putchar('}');
	}
	puts("]");
}

void ctljson_unit_files(const struct proto_msg *r)
{
	size_t pos = 0, s, e;
	bool first = true;

	putchar('[');
	while (proto_record_next(r, &pos, &s, &e)) {
		printf("%s{\"unit_file\":", first ? "" : ",");
		first = false;
		ctljson_string(get(r, s, e, "Id"));
		printf(",\"state\":");
		ctljson_string(get(r, s, e, "UnitFileState"));
		putchar('}');
	}
	puts("]");
}
