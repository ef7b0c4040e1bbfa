/* Check suite for ctlrender, ctljson and ctlpicture: svctl's views drawn
 * from hand-made replies, compared byte for byte: the JSON rules (which
 * properties are numbers, arrays always present, nesting of the tree),
 * the tree's glyphs, cat's files, the dot quoting and analyze's order. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctlrender.h"
#include "proto.h"

/* The reply made of the strings v (NULL-terminated), as svctl gets it. */
static struct proto_msg reply(const char *const *v)
{
	struct proto_buf b = {0};
	struct proto_msg m;
	size_t n = 0;

	while (v[n])
		n++;
	ck_assert_int_eq(proto_encode(&b, PROTO_REPLY, 0, 0, v, n), 0);
	ck_assert_int_eq(proto_decode(b.data, b.len, &m), 0);
	proto_buf_free(&b);
	return m;
}

/* What ctlrender_reply prints for verb and v (malloc'd). */
static char *render(const char *verb, bool json, const char *const *v)
{
	struct ctlrender_opts o = {.json = json};
	struct proto_msg m = reply(v);
	FILE *f = tmpfile();
	int saved = dup(STDOUT_FILENO);
	char *out = calloc(1, 65536);

	ck_assert_ptr_nonnull(f);
	fflush(stdout);
	dup2(fileno(f), STDOUT_FILENO);
	ck_assert(ctlrender_reply(verb, &o, &m));
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(f);
	ck_assert_uint_gt(fread(out, 1, 65535, f), 0);
	fclose(f);
	proto_msg_free(&m);
	return out;
}

START_TEST(test_units_json)
{
	const char *v[] = {"Id=web.service",	 "Description=42",
			   "MainPID=12",	 "MemoryCurrent=[not set]",
			   "MemoryMax=infinity", "LogLine=a \"q\"\\",
			   "NRestarts=3",	 "",
			   "Id=b.service",	 NULL};
	char *out = render("show", true, v);

	ck_assert_str_eq(
		out, "[{\"Id\":\"web.service\",\"Description\":\"42\","
		     "\"MainPID\":12,\"MemoryCurrent\":null,"
		     "\"MemoryMax\":\"infinity\",\"NRestarts\":3,"
		     "\"Listen\":[],\"CGroupProc\":[],"
		     "\"LogLine\":[\"a \\\"q\\\"\\\\\"]},"
		     "{\"Id\":\"b.service\",\"Listen\":[],\"CGroupProc\":[],"
		     "\"LogLine\":[]}]\n");
	free(out);
}
END_TEST

static const char *const deps[] = {
	"Depth=0", "Id=a.target",  "ActiveState=active", "",
	"Depth=1", "Id=b.service", "ActiveState=active", "",
	"Depth=2", "Id=c.service", "ActiveState=failed", "",
	"Depth=1", "Id=d.target",  "ActiveState=active", "",
	"Depth=2", "Id=e.service", "ActiveState=active", NULL,
};

START_TEST(test_deps_tree)
{
	char *out = render("list-dependencies", false, deps);

	ck_assert_str_eq(out, "a.target\n"
			      "● ├─b.service\n"
			      "● │ └─c.service\n"
			      "● └─d.target\n"
			      "●   └─e.service\n");
	free(out);
}
END_TEST

START_TEST(test_deps_json)
{
	char *out = render("list-dependencies", true, deps);

	ck_assert_str_eq(
		out,
		"{\"unit\":\"a.target\",\"active\":\"active\",\"sub\":\"\","
		"\"dependencies\":[{\"unit\":\"b.service\",\"active\":"
		"\"active\",\"sub\":\"\",\"dependencies\":[{\"unit\":"
		"\"c.service\",\"active\":\"failed\",\"sub\":\"\","
		"\"dependencies\":[]}]},{\"unit\":\"d.target\",\"active\":"
		"\"active\",\"sub\":\"\",\"dependencies\":[{\"unit\":"
		"\"e.service\",\"active\":\"active\",\"sub\":\"\","
		"\"dependencies\":[]}]}]}\n");
	free(out);
}
END_TEST

START_TEST(test_cat)
{
	const char *v[] = {"Id=a.service",
			   "File=/u/a.service",
			   "Line=[Service]",
			   "Line=X=\"1\"",
			   "File=/u/a.service.d/x.conf",
			   "FileError=Permission denied",
			   "Id=b.target",
			   "File=",
			   NULL};
	char *human = render("cat", false, v);
	char *json = render("cat", true, v);

	ck_assert_str_eq(human, "# /u/a.service\n[Service]\nX=\"1\"\n\n"
				"# /u/a.service.d/x.conf\n"
				"# (cannot read: Permission denied)\n\n"
				"# b.target is built in: it has no file\n");
	ck_assert_str_eq(
		json,
		"[{\"unit\":\"a.service\",\"files\":[{\"path\":"
		"\"/u/a.service\",\"text\":\"[Service]\\nX=\\\"1\\\"\\n\","
		"\"error\":null},{\"path\":\"/u/a.service.d/x.conf\","
		"\"text\":\"\",\"error\":\"Permission denied\"}]},"
		"{\"unit\":\"b.target\",\"files\":[]}]\n");
	free(human);
	free(json);
}
END_TEST

START_TEST(test_dot_quotes_names)
{
	const char *v[] = {"Node=a\"b.service active", "Node=c.service failed",
			   "Edge=wants a\"b.service c.service",
			   "Edge=unknown-kind c.service a\"b.service", NULL};
	char *out = render("graph", false, v);

	ck_assert_ptr_nonnull(
		strstr(out, "\t\"a\\\"b.service\" [style=filled"));
	ck_assert_ptr_nonnull(strstr(out, "\t\"c.service\" [color=red"));
	ck_assert_ptr_nonnull(strstr(
		out, "\t\"a\\\"b.service\" -> \"c.service\" [color=grey40, "
		     "style=dashed"));
	/* A kind svctl does not know is left out, not drawn unstyled. */
	ck_assert_ptr_null(strstr(out, "\"c.service\" -> "));
	free(out);
}
END_TEST

START_TEST(test_analyze_blame_and_chain)
{
	const char *blame[] = {"Analyze=blame",
			       "T0Monotonic=1000000",
			       "",
			       "Id=fast.service",
			       "StartMonotonic=1100000",
			       "ReadyMonotonic=1105000",
			       "",
			       "Id=slow.service",
			       "StartMonotonic=1000000",
			       "ReadyMonotonic=3500000",
			       NULL};
	const char *chain[] = {"Analyze=critical-chain",
			       "T0Monotonic=0",
			       "",
			       "Depth=0",
			       "Id=web.service",
			       "StartMonotonic=400000",
			       "ReadyMonotonic=410000",
			       "",
			       "Depth=1",
			       "Id=db.service",
			       "StartMonotonic=200",
			       "ReadyMonotonic=400000",
			       NULL};
	char *b = render("analyze", false, blame);
	char *bj = render("analyze", true, blame);
	char *c = render("analyze", false, chain);

	ck_assert_str_eq(b, "      2.500s slow.service\n"
			    "         5ms fast.service\n");
	ck_assert_str_eq(bj,
			 "[{\"unit\":\"slow.service\",\"active\":\"\","
			 "\"start_usec\":0,\"ready_usec\":2500000,"
			 "\"time_usec\":2500000},{\"unit\":\"fast.service\","
			 "\"active\":\"\",\"start_usec\":100000,"
			 "\"ready_usec\":105000,\"time_usec\":5000}]\n");
	ck_assert_ptr_nonnull(strstr(c, "\n\nweb.service @400ms +10ms\n"
					"└─db.service @200us +399ms\n"));
	free(b);
	free(bj);
	free(c);
}
END_TEST

static Suite *ctlrender_suite(void)
{
	Suite *s = suite_create("ctlrender");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_units_json);
	tcase_add_test(tc, test_deps_tree);
	tcase_add_test(tc, test_deps_json);
	tcase_add_test(tc, test_cat);
	tcase_add_test(tc, test_dot_quotes_names);
	tcase_add_test(tc, test_analyze_blame_and_chain);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ctlrender_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
