/* Check suite for socket units: the Listen*= address parser, the [Socket]
 * keys and their FILE:LINE errors, Sockets=, the implicit links between a
 * socket and its service, and socket_listen_open on unix sockets and
 * FIFOs in a temporary directory (no network: TCP is exercised by the
 * integration tests, in a network namespace of their own). */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "diag_expect.h"
#include "parse.h"
#include "socket.h"
#include "unit.h"

static struct socket_listen L;
static const char *why;

static int listen_of(enum socket_kind k, const char *v)
{
	socket_listen_clear(&L);
	return socket_parse_listen(k, v, &L, &why);
}

START_TEST(test_parse_inet)
{
	const struct sockaddr_in *in4 = (const void *)&L.addr;
	const struct sockaddr_in6 *in6 = (const void *)&L.addr;
	char buf[64];

	/* A bare port: [::]:PORT, marked so that an IPv4-only kernel gets
	 * 0.0.0.0 instead. */
	ck_assert_int_eq(listen_of(SOCKET_STREAM, "8080"), 0);
	ck_assert_int_eq(L.addr.ss_family, AF_INET6);
	ck_assert(L.port_only);
	ck_assert_int_eq(ntohs(in6->sin6_port), 8080);
	ck_assert(IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr));
	ck_assert_str_eq(L.text, "8080");
	ck_assert_ptr_null(L.path);

	ck_assert_int_eq(listen_of(SOCKET_DATAGRAM, "127.0.0.1:53"), 0);
	ck_assert_int_eq(L.addr.ss_family, AF_INET);
	ck_assert(!L.port_only);
	ck_assert_int_eq(ntohs(in4->sin_port), 53);
	ck_assert_str_eq(inet_ntop(AF_INET, &in4->sin_addr, buf, sizeof(buf)),
			 "127.0.0.1");
	ck_assert_uint_eq(L.addr_len, sizeof(struct sockaddr_in));

	ck_assert_int_eq(listen_of(SOCKET_STREAM, "[::1]:443"), 0);
	ck_assert_int_eq(L.addr.ss_family, AF_INET6);
	ck_assert_int_eq(ntohs(in6->sin6_port), 443);
	ck_assert(IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr));

	ck_assert_int_eq(listen_of(SOCKET_STREAM, "65535"), 0);
}
END_TEST

START_TEST(test_parse_unix)
{
	const struct sockaddr_un *sun = (const void *)&L.addr;
	char longpath[200];

	ck_assert_int_eq(listen_of(SOCKET_STREAM, "/run/x/app.sock"), 0);
	ck_assert_int_eq(L.addr.ss_family, AF_UNIX);
	ck_assert_str_eq(sun->sun_path, "/run/x/app.sock");
	ck_assert_str_eq(L.path, "/run/x/app.sock");
	ck_assert_uint_eq(L.addr_len, offsetof(struct sockaddr_un, sun_path) +
					      strlen("/run/x/app.sock") + 1);

	/* Abstract: a NUL first, no file, no terminating NUL counted. */
	ck_assert_int_eq(listen_of(SOCKET_SEQPACKET, "@hidden"), 0);
	ck_assert_int_eq(sun->sun_path[0], '\0');
	ck_assert(memcmp(sun->sun_path + 1, "hidden", 6) == 0);
	ck_assert_ptr_null(L.path);
	ck_assert_uint_eq(L.addr_len,
			  offsetof(struct sockaddr_un, sun_path) + 7);

	ck_assert_int_eq(listen_of(SOCKET_FIFO, "/run/x/in.fifo"), 0);
	ck_assert_str_eq(L.path, "/run/x/in.fifo");

	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(listen_of(SOCKET_STREAM, longpath), -EINVAL);
	ck_assert_ptr_nonnull(strstr(why, "too long"));
}
END_TEST

START_TEST(test_parse_bad)
{
	static const struct {
		enum socket_kind k;
		const char *v, *why;
	} bad[] = {
		{SOCKET_STREAM, "0", "out of range"},
		{SOCKET_STREAM, "65536", "out of range"},
		{SOCKET_STREAM, "localhost:80", "host names are not resolved"},
		{SOCKET_STREAM, "1.2.3.4", "host names"},
		{SOCKET_STREAM, "1.2.3.4:", "port"},
		{SOCKET_STREAM, "1.2.3.4:x", "port"},
		{SOCKET_STREAM, "1.2.3.999:80", "host names"},
		{SOCKET_STREAM, "[::1:80", "host names"},
		{SOCKET_STREAM, "[fe80::1%eth0]:80", "interface scopes"},
		{SOCKET_STREAM, "vsock:2:80", "host names"},
		{SOCKET_STREAM, "@", "abstract name"},
		{SOCKET_SEQPACKET, "127.0.0.1:80", "unix sockets"},
		{SOCKET_FIFO, "relative/fifo", "absolute path"},
		{SOCKET_FIFO, "8080", "absolute path"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(listen_of(bad[i].k, bad[i].v) == -EINVAL,
			      "accepted %s", bad[i].v);
		ck_assert_msg(why && strstr(why, bad[i].why),
			      "%s: reason \"%s\"", bad[i].v, why);
		ck_assert_ptr_null(L.text);
	}
}
END_TEST

/* A unit parsed from text, with the checks across keys. */
static struct unit *parse(const char *name, const char *text,
			  struct diag_list *dl, int *rc)
{
	struct unit *u = unit_new(name, (enum unit_type)unit_type_from_name(
						name));

	ck_assert_ptr_nonnull(u);
	diag_init(dl);
	*rc = parse_unit_string(u, name, text, dl);
	if (*rc == 0)
		*rc = parse_unit_finish(u, dl);
	return u;
}

START_TEST(test_keys)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("web.socket",
			       "[Socket]\n"
			       "ListenStream=8080\n"
			       "ListenDatagram=/run/web/%N.dgram\n"
			       "Service=app.service\n"
			       "FileDescriptorName=front\n"
			       "Backlog=16\n"
			       "SocketMode=0600\n"
			       "DirectoryMode=0750\n"
			       "SocketUser=nobody\n"
			       "ReusePort=yes\n"
			       "NonBlocking=yes\n"
			       "BindIPv6Only=ipv6-only\n"
			       "ReceiveBuffer=1M\n"
			       "TriggerLimitBurst=3\n"
			       "TriggerLimitIntervalSec=5s\n",
			       &dl, &rc);
	const struct socket_conf *c = u->sock;

	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(dl.n, 0);
	ck_assert_uint_eq(c->n_listen, 2);
	ck_assert_int_eq(c->listen[0].kind, SOCKET_STREAM);
	ck_assert_uint_eq(c->listen[0].line, 2);
	/* Specifiers expand in addresses (%N: the name without suffix). */
	ck_assert_str_eq(c->listen[1].text, "/run/web/web.dgram");
	ck_assert_int_eq(c->listen[1].kind, SOCKET_DATAGRAM);
	ck_assert_str_eq(c->service, "app.service");
	ck_assert_str_eq(c->fd_name, "front");
	ck_assert_uint_eq(c->backlog, 16);
	ck_assert_uint_eq(c->socket_mode, 0600);
	ck_assert_uint_eq(c->directory_mode, 0750);
	ck_assert_str_eq(c->user, "nobody");
	ck_assert_uint_eq(c->user_line, 9);
	ck_assert(c->reuse_port && c->non_blocking && !c->free_bind);
	ck_assert_int_eq(c->v6only, SOCKET_V6_ONLY);
	ck_assert_uint_eq(c->rcvbuf, 1024 * 1024);
	ck_assert_uint_eq(c->trigger_burst, 3);
	ck_assert_uint_eq(c->trigger_interval, 5 * USEC_PER_SEC);
	unit_free(u);
	diag_free(&dl);

	/* The defaults, and an empty Listen*= empties the list. */
	u = parse("d.socket",
		  "[Socket]\nListenStream=1\nListenStream=\nListenFIFO=/f\n",
		  &dl, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(u->sock->n_listen, 1);
	ck_assert_int_eq(u->sock->listen[0].kind, SOCKET_FIFO);
	ck_assert_ptr_null(u->sock->service);
	ck_assert_uint_eq(u->sock->backlog, SOMAXCONN);
	ck_assert_uint_eq(u->sock->socket_mode, 0666);
	ck_assert_uint_eq(u->sock->directory_mode, 0755);
	ck_assert_uint_eq(u->sock->trigger_burst, 20);
	ck_assert_uint_eq(u->sock->trigger_interval, 2 * USEC_PER_SEC);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_key_errors)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("bad.socket",
			       "[Socket]\n"
			       "ListenStream=localhost:80\n" /* 2 */
			       "Service=app.target\n"	     /* 3 */
			       "FileDescriptorName=a:b\n"    /* 4 */
			       "SocketMode=0999\n"	     /* 5 */
			       "BindIPv6Only=sometimes\n"    /* 6 */
			       "SocketGroup=a b\n"	     /* 7 */
			       "[Service]\n"		     /* 8 */
			       "ExecStart=/bin/true\n",
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, 2, "invalid ListenStream=: \"localhost:80\": not a port");
	expect(&dl, 3, "invalid Service=: \"app.target\": not the name of a "
		       "service");
	expect(&dl, 4, "invalid FileDescriptorName=");
	expect(&dl, 5, "invalid SocketMode=");
	expect(&dl, 6, "invalid BindIPv6Only=");
	expect(&dl, 7, "invalid SocketGroup=");
	expect(&dl, 8, "a socket unit cannot have a [Service] section");
	unit_free(u);
	diag_free(&dl);

	/* Across keys: something to listen on; Accept=yes is refused. */
	u = parse("none.socket", "[Socket]\nAccept=yes\n", &dl, &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, 0, "socket unit has no ListenStream=");
	expect(&dl, 0, "Accept=yes (a service instance per connection) is "
		       "not supported");
	unit_free(u);
	diag_free(&dl);

	/* [Socket] belongs to sockets only. */
	u = parse("s.service", "[Service]\nExecStart=/x\n[Socket]\n", &dl,
		  &rc);
	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, 3, "a service unit cannot have a [Socket] section");
	unit_free(u);
	diag_free(&dl);
}
END_TEST

START_TEST(test_sockets_key)
{
	struct diag_list dl;
	int rc;
	struct unit *u = parse("app.service",
			       "[Service]\n"
			       "ExecStart=/bin/app\n"
			       "Sockets=a.socket b.socket\n"
			       "Sockets=a.socket\n"
			       "Sockets=c.service\n", /* 5 */
			       &dl, &rc);

	ck_assert_int_eq(rc, -EINVAL);
	expect(&dl, 5, "invalid Sockets=: \"c.service\": not a .socket unit");
	ck_assert_uint_eq(strv_len(u->svc.sockets), 3);
	/* As in systemd: wanted and ordered before the service. */
	ck_assert(strv_contains(u->deps[DEP_WANTS], "a.socket"));
	ck_assert(strv_contains(u->deps[DEP_AFTER], "b.socket"));
	ck_assert_uint_eq(strv_len(u->deps[DEP_WANTS]), 2);
	unit_free(u);
	diag_free(&dl);
}
END_TEST

/* unit_link_sockets: a socket activates the service of its name (or
 * Service=), which takes its descriptors and is ordered after it; a
 * socket without its service is a warning. Then the default dependencies
 * put sockets before sockets.target. */
START_TEST(test_link)
{
	struct unitset s;
	struct diag_list dl;
	int rc;
	struct unit *u;

	unitset_init(&s);
	diag_init(&dl);
	u = parse("web.socket", "[Socket]\nListenStream=1\n", &dl, &rc);
	ck_assert_int_eq(unitset_add(&s, u), 0);
	u = parse("alt.socket",
		  "[Socket]\nListenStream=2\nService=web.service\n", &dl, &rc);
	ck_assert_int_eq(unitset_add(&s, u), 0);
	u = parse("lone.socket", "[Socket]\nListenStream=3\n", &dl, &rc);
	ck_assert_int_eq(unitset_add(&s, u), 0);
	u = parse("web.service", "[Service]\nExecStart=/x\n", &dl, &rc);
	ck_assert_int_eq(unitset_add(&s, u), 0);
	ck_assert_int_eq(unitset_add(&s, unit_new("sockets.target",
						  UNIT_TARGET)),
			 0);

	ck_assert_int_eq(unit_link_sockets(&s, &dl), 0);
	u = unitset_get(&s, "web.service");
	ck_assert_uint_eq(strv_len(u->svc.sockets), 2);
	ck_assert(strv_contains(u->svc.sockets, "web.socket"));
	ck_assert(strv_contains(u->svc.sockets, "alt.socket"));
	ck_assert(strv_contains(unitset_get(&s, "web.socket")->deps[DEP_BEFORE],
				"web.service"));
	ck_assert_str_eq(unitset_get(&s, "web.socket")->sock->service,
			 "web.service");
	ck_assert_str_eq(unitset_get(&s, "lone.socket")->sock->service,
			 "lone.service");
	expect(&dl, 0, "activates lone.service, which is not a loaded service");

	ck_assert_int_eq(unit_add_default_deps(&s), 0);
	ck_assert(strv_contains(unitset_get(&s, "web.socket")->deps[DEP_BEFORE],
				"sockets.target"));
	unitset_free(&s);
	diag_free(&dl);
}
END_TEST

static char dir[] = "/tmp/check_socket.XXXXXX";

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/check_socket.XXXXXX");
}

static void conf_listen(struct socket_conf *c, enum socket_kind k,
			const char *v)
{
	ck_assert_int_eq(listen_of(k, v), 0);
	c->listen = malloc(sizeof(*c->listen));
	ck_assert_ptr_nonnull(c->listen);
	c->listen[0] = L;
	c->n_listen = 1;
	memset(&L, 0, sizeof(L));
}

/* A unix stream socket: parents made with DirectoryMode=, the file with
 * SocketMode=, listening, CLOEXEC and blocking; a stale socket file from
 * an earlier run is replaced; another kind of file is not. */
START_TEST(test_open_unix)
{
	struct socket_conf *c = socket_conf_new();
	char path[PATH_MAX + 16], sub[PATH_MAX];
	const char *step;
	struct stat st;
	int fd, fd2, v;
	socklen_t len = sizeof(v);

	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	snprintf(path, sizeof(path), "%s/app.sock", sub);
	c->socket_mode = 0640;
	c->directory_mode = 0710;
	conf_listen(c, SOCKET_STREAM, path);
	ck_assert_int_eq(socket_listen_open(c, &c->listen[0], &fd, &step), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0710);
	ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len),
			 0);
	ck_assert_int_eq(v, 1);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ck_assert(!(fcntl(fd, F_GETFL) & O_NONBLOCK));

	/* The file of a socket that died with its owner is taken over. */
	close(fd);
	ck_assert_int_eq(socket_listen_open(c, &c->listen[0], &fd2, &step), 0);
	close(fd2);

	/* RemoveOnStop= removes it; without, it stays. */
	socket_listen_remove(c, &c->listen[0]);
	ck_assert_int_eq(access(path, F_OK), 0);
	c->remove_on_stop = true;
	socket_listen_remove(c, &c->listen[0]);
	ck_assert_int_eq(access(path, F_OK), -1);

	/* A regular file in the way is not svinit's to remove. */
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(socket_listen_open(c, &c->listen[0], &fd, &step),
			 -EADDRINUSE);
	ck_assert_str_eq(step, "bind");
	ck_assert_int_eq(access(path, F_OK), 0);
	socket_conf_free(c);
}
END_TEST

START_TEST(test_open_fifo_and_dgram)
{
	struct socket_conf *c = socket_conf_new();
	char path[PATH_MAX];
	const char *step;
	struct stat st;
	int fd, type;
	socklen_t len = sizeof(type);

	snprintf(path, sizeof(path), "%s/in.fifo", dir);
	c->socket_mode = 0620;
	conf_listen(c, SOCKET_FIFO, path);
	ck_assert_int_eq(socket_listen_open(c, &c->listen[0], &fd, &step), 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0620);
	ck_assert(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	/* Read and write: data written by anyone stays readable. */
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	socket_conf_free(c);

	c = socket_conf_new();
	snprintf(path, sizeof(path), "%s/log.dgram", dir);
	c->non_blocking = true;
	conf_listen(c, SOCKET_DATAGRAM, path);
	ck_assert_int_eq(socket_listen_open(c, &c->listen[0], &fd, &step), 0);
	ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len), 0);
	ck_assert_int_eq(type, SOCK_DGRAM);
	ck_assert(fcntl(fd, F_GETFL) & O_NONBLOCK);
	close(fd);
	socket_conf_free(c);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("socket");
	TCase *tc = tcase_create("core");
	TCase *io = tcase_create("open");

	tcase_add_test(tc, test_parse_inet);
	tcase_add_test(tc, test_parse_unix);
	tcase_add_test(tc, test_parse_bad);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_key_errors);
	tcase_add_test(tc, test_sockets_key);
	tcase_add_test(tc, test_link);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(io, setup, teardown);
	tcase_add_test(io, test_open_unix);
	tcase_add_test(io, test_open_fifo_and_dgram);
	suite_add_tcase(s, io);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	socket_listen_clear(&L);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
