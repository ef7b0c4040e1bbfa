/* Check suite for health checks: Check= URLs, the [Health] keys and their
 * FILE:LINE errors, and the non-blocking probe (health.h) against small
 * servers on the loopback of a network namespace of the test's own (each
 * test runs in a child of its own, as Check forks them). */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "health.h"
#include "diag_expect.h"
#include "parse.h"

static struct health_conf *C;
static const char *why;

static int url(const char *v)
{
	health_conf_free(C);
	C = health_conf_new();
	ck_assert_ptr_nonnull(C);
	return health_parse_url(C, v, &why);
}

START_TEST(test_urls)
{
	const struct sockaddr_in *in4;

	ck_assert_int_eq(url("http://127.0.0.1:8080/health?x=1"), 0);
	in4 = (const void *)&C->addr;
	ck_assert_int_eq(C->kind, HEALTH_HTTP);
	ck_assert_int_eq(in4->sin_family, AF_INET);
	ck_assert_int_eq(ntohs(in4->sin_port), 8080);
	ck_assert_str_eq(C->host, "127.0.0.1:8080");
	ck_assert_str_eq(C->path, "/health?x=1");

	ck_assert_int_eq(url("http://localhost"), 0);
	in4 = (const void *)&C->addr;
	ck_assert_int_eq(ntohs(in4->sin_port), 80);
	ck_assert_int_eq(ntohl(in4->sin_addr.s_addr), 0x7f000001);
	ck_assert_str_eq(C->path, "/");

	ck_assert_int_eq(url("tcp://[::1]:6379"), 0);
	ck_assert_int_eq(C->kind, HEALTH_TCP);
	ck_assert_int_eq(C->addr.ss_family, AF_INET6);
	ck_assert_ptr_null(C->path);

	static const struct {
		const char *v, *why;
	} bad[] = {
		{"https://127.0.0.1/", "https is not supported"},
		{"ftp://127.0.0.1/", "expected http://"},
		{"tcp://127.0.0.1", "needs a port"},
		{"tcp://127.0.0.1:80/x", "no path"},
		{"http://example.com/", "names are not looked up"},
		{"http://127.0.0.1:0/", "out of range"},
		{"http://127.0.0.1:70000/", "out of range"},
		{"http://[::1/", "HOST:PORT"},
		{"http://127.0.0.1/a b", "white space"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(url(bad[i].v) == -EINVAL, "accepted %s",
			      bad[i].v);
		ck_assert_msg(why && strstr(why, bad[i].why), "%s: \"%s\"",
			      bad[i].v, why);
	}
}
END_TEST

static struct unit *parse(const char *text, struct diag_list *dl, int *rc)
{
	struct unit *u = unit_new("web@81.service", UNIT_SERVICE);

	ck_assert_ptr_nonnull(u);
	u->instance = strdup("81");
	u->template_name = strdup("web@.service");
	diag_init(dl);
	*rc = parse_unit_string(u, "web@.service", text, dl);
	if (*rc == 0)
		*rc = parse_unit_finish(u, dl);
	return u;
}

START_TEST(test_keys)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("[Service]\nExecStart=/bin/web\n"
			       "[Health]\n"
			       "Check=http://127.0.0.1:80%i/up\n"
			       "IntervalSec=2s\n"
			       "TimeoutSec=500ms\n"
			       "GracePeriodSec=30s\n"
			       "MaxConsecutiveFailures=5\n"
			       "ReadinessFromHealth=yes\n",
			       &dl, &rc);
	const struct health_conf *h = u->health;

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(dl.n, 0);
	/* %i: each instance checks its own port. */
	ck_assert_str_eq(h->check, "http://127.0.0.1:8081/up");
	ck_assert_int_eq(
		ntohs(((const struct sockaddr_in *)&h->addr)->sin_port), 8081);
	ck_assert_uint_eq(h->interval, 2 * USEC_PER_SEC);
	ck_assert_uint_eq(h->timeout, 500 * USEC_PER_MSEC);
	ck_assert_uint_eq(h->grace, 30 * USEC_PER_SEC);
	ck_assert_uint_eq(h->max_failures, 5);
	ck_assert(h->readiness);
	unit_free(u);
	diag_free(&dl);

	/* exec: a command line, with the defaults for the rest. */
	u = parse("[Service]\nExecStart=/bin/web\n[Health]\n"
		  "Check=exec:/bin/check --port %i\n",
		  &dl, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(u->health->kind, HEALTH_EXEC);
	ck_assert_uint_eq(u->health->exec.n, 1);
	ck_assert_str_eq(u->health->exec.cmds[0].path, "/bin/check");
	ck_assert_str_eq(u->health->exec.cmds[0].argv[2], "81");
	ck_assert_uint_eq(u->health->interval, 10 * USEC_PER_SEC);
	ck_assert_uint_eq(u->health->timeout, 5 * USEC_PER_SEC);
	ck_assert_uint_eq(u->health->max_failures, 3);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_key_errors)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("[Service]\nType=exec\nExecStart=/bin/web\n"
			       "[Health]\n"
			       "Check=http://db.internal/\n" /* 5 */
			       "IntervalSec=0\n"	     /* 6 */
			       "MaxConsecutiveFailures=0\n"  /* 7 */
			       "Check=exec:\n"		     /* 8 */
			       "ReadinessFromHealth=yes\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, 5, "invalid Check=: \"http://db.internal/\"");
	expect(&dl, 6, "invalid IntervalSec=");
	expect(&dl, 7, "invalid MaxConsecutiveFailures=");
	expect(&dl, 8, "invalid Check=");
	unit_free(u);
	diag_free(&dl);

	u = parse("[Service]\nType=exec\nExecStart=/bin/web\n[Health]\n"
		  "ReadinessFromHealth=yes\n",
		  &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, 0, "[Health] without Check=");
	expect(&dl, 0, "ReadinessFromHealth=yes needs Type=simple");
	unit_free(u);
	diag_free(&dl);

	/* Only services have [Health]. */
	u = unit_new("t.target", UNIT_TARGET);
	diag_init(&dl);
	ck_assert_int_eq(parse_unit_string(u, "t.target",
					   "[Health]\nCheck=tcp://1.2.3.4:5\n",
					   &dl),
			 -EINVAL);
	expect(&dl, 1, "a target unit cannot have a [Health] section");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

/* A network namespace of this test's own (the test runs in a child of
 * its own: Check forks), its loopback up: the probes never reach the
 * host's network. make check runs as root, where this works. */
static void private_loopback(void)
{
	struct ifreq ifr = {0};
	int s;

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): %s",
		      strerror(errno));
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s, 0);
	strcpy(ifr.ifr_name, "lo");
	ck_assert_int_eq(ioctl(s, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(s, SIOCSIFFLAGS, &ifr), 0);
	close(s);
}

/* A server on 127.0.0.1:port that answers one connection with reply
 * (NULL: accepts and closes), in a child; its pid. */
static pid_t serve(int port, const char *reply)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(0x7f000001)};
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	pid_t pid;

	ck_assert_int_ge(s, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(s, 4), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[512];
		int c = accept(s, NULL, NULL);

		if (c >= 0 && reply) {
			/* The request first, as a server would. */
			(void)!read(c, buf, sizeof(buf));
			(void)!write(c, reply, strlen(reply));
		}
		_exit(0);
	}
	close(s);
	return pid;
}

/* Run a probe to its end with poll, as the loop would. */
static enum health_step run_probe(struct health_probe *p)
{
	uint32_t ev = 0;
	enum health_step st = health_probe_start(p, C, &ev);

	for (int i = 0; st == HEALTH_PENDING && i < 100; i++) {
		struct pollfd pfd = {.fd = p->fd,
				     .events = (short)((ev & 0x004) ? POLLOUT
								    : POLLIN)};

		ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
		st = health_probe_step(p, C, &ev);
	}
	return st;
}

START_TEST(test_probe)
{
	struct health_probe p;
	pid_t srv;

	private_loopback();
	health_probe_init(&p);

	ck_assert_int_eq(url("tcp://127.0.0.1:7001"), 0);
	ck_assert_int_eq(run_probe(&p), HEALTH_FAIL);
	ck_assert_str_eq(p.why, "connect: Connection refused");
	srv = serve(7001, NULL);
	ck_assert_int_eq(run_probe(&p), HEALTH_PASS);
	waitpid(srv, NULL, 0);

	ck_assert_int_eq(url("http://127.0.0.1:7002/up"), 0);
	srv = serve(7002, "HTTP/1.1 204 No Content\r\n\r\n");
	ck_assert_int_eq(run_probe(&p), HEALTH_PASS);
	ck_assert_int_eq(p.status, 204);
	waitpid(srv, NULL, 0);
	srv = serve(7002, "HTTP/1.0 503 Service Unavailable\r\n\r\n");
	ck_assert_int_eq(run_probe(&p), HEALTH_FAIL);
	ck_assert_str_eq(p.why, "status 503");
	waitpid(srv, NULL, 0);
	srv = serve(7002, "SSH-2.0-OpenSSH\r\n");
	ck_assert_int_eq(run_probe(&p), HEALTH_FAIL);
	ck_assert_str_eq(p.why, "not an HTTP answer");
	waitpid(srv, NULL, 0);
	/* Closed without a word. */
	srv = serve(7002, "");
	ck_assert_int_eq(run_probe(&p), HEALTH_FAIL);
	waitpid(srv, NULL, 0);
	ck_assert_int_eq(p.fd, -1);
}
END_TEST

/* Each test runs in a child of its own (Check forks): free what it left
 * there, so that the leak checker of the sanitizer build has nothing to
 * report. */
static void teardown(void)
{
	health_conf_free(C);
	C = NULL;
}

static Suite *suite(void)
{
	Suite *s = suite_create("health");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_urls);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_key_errors);
	tcase_add_test(tc, test_probe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	health_conf_free(C);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
