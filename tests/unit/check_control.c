/* Check suite for control: a real socket in a temporary runtime dir,
 * driven by a small poll loop in the test, with clients in the same
 * process (non-blocking) or in forked children (other uids). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "ctlclient.h"
#include "proto.h"
#include "skip.h"

#define NOBODY 65534

/* ---- the daemon side of the test ---- */

struct tctx {
	int n_requests;
	char last_verb[32];
	uid_t last_uid;
	pid_t last_pid;
	struct control_client *pending;
	int n_gone;
	struct control_client *gone_cl;
	bool gone_had_request;
	int reply_ret;
	int parts_made; /* by test streams */
	int n_released;
};

static struct tctx T;
static char base[64], rt[128], sock[192];

/*
 * A test stream: `parts` parts of about CONTROL_STREAM_PART bytes, lines
 * "PART:LINE:pad"; the part numbered fail_at (if any) fails with EIO.
 */
struct tstream {
	struct control_stream s;
	int parts, made, fail_at;
};

static int tstream_next(struct control_stream *s, struct proto_writer *w)
{
	struct tstream *t = (struct tstream *)s;
	static char pad[1001];

	T.parts_made++;
	if (t->made == t->fail_at)
		return -EIO;
	memset(pad, 'a' + t->made % 26, sizeof(pad) - 1);
	for (int i = 0; proto_writer_len(w) < CONTROL_STREAM_PART; i++)
		proto_writer_addf(w, "%d:%d:%s", t->made, i, pad);
	if (++t->made < t->parts)
		return 1;
	s->code = 7;
	s->flags = 0;
	return 0;
}

static void tstream_release(struct control_stream *s)
{
	T.n_released++;
	free(s);
}

static int on_request(void *ctx, struct control_client *cl,
		      const struct proto_msg *req)
{
	struct tctx *t = ctx;
	const char *verb = req->v[0];

	t->n_requests++;
	snprintf(t->last_verb, sizeof(t->last_verb), "%s", verb);
	t->last_uid = control_client_uid(cl);
	t->last_pid = control_client_pid(cl);
	if (strcmp(verb, "start") == 0) {
		t->pending = cl; /* answered later by the test */
		return 0;
	}
	if (strcmp(verb, "fail") == 0)
		return -EIO;
	if (strcmp(verb, "stream") == 0) {
		struct tstream *ts = calloc(1, sizeof(*ts));

		ts->s.next = tstream_next;
		ts->s.release = tstream_release;
		ts->parts = atoi(req->v[1]);
		ts->fail_at = req->n > 2 ? atoi(req->v[2]) : -1;
		t->reply_ret = control_reply_stream(cl, &ts->s);
		return 0;
	}
	if (strcmp(verb, "big") == 0 || strcmp(verb, "huge") == 0) {
		/* big: 2 MiB in 2048 strings; huge: beyond the reply bound */
		size_t n = verb[0] == 'b' ? 2048 : 17,
		       len = n == 17 ? 1 << 20 : 1023;
		char **v = calloc(n + 1, sizeof(*v));
		for (size_t i = 0; i < n; i++) {
			v[i] = malloc(len + 1);
			memset(v[i], 'a' + (int)(i % 26), len);
			v[i][len] = '\0';
		}
		t->reply_ret = control_reply(cl, 0, 0, v);
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		return 0;
	}
	/* Echo: the reply's strings point into the request itself. */
	t->reply_ret = control_reply(cl, 0, 0, req->v);
	return 0;
}

static void on_gone(void *ctx, struct control_client *cl)
{
	struct tctx *t = ctx;

	t->n_gone++;
	t->gone_cl = cl;
	t->gone_had_request = control_client_request(cl) != NULL;
}

static const struct control_ops ops = {
	.request = on_request,
	.on_gone = on_gone,
};

static void setup(void)
{
	memset(&T, 0, sizeof(T));
	snprintf(base, sizeof(base), "/tmp/check_control.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
	/* Other uids must be able to reach the socket. */
	ck_assert_int_eq(chmod(base, 0755), 0);
	snprintf(rt, sizeof(rt), "%s/run", base);
	snprintf(sock, sizeof(sock), "%s/%s", rt, PROTO_SOCKET_NAME);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", base);
}

static struct control *open_ok(void)
{
	struct control *c;

	ck_assert_int_eq(control_open(&c, rt, &ops, &T), 0);
	return c;
}

static void pump(struct control *c, int ms)
{
	struct pollfd p = {.fd = control_fd(c), .events = POLLIN};

	if (poll(&p, 1, ms) > 0)
		control_dispatch(c);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

#define PUMP_UNTIL(c, cond)                                                    \
	do {                                                                   \
		long long end_ = now_ms() + 5000;                              \
		while (!(cond) && now_ms() < end_)                             \
			pump((c), 10);                                         \
		ck_assert_msg((cond), "timed out waiting for " #cond);         \
	} while (0)

/* ---- the client side ---- */

static int cli_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, sock);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	return fd;
}

static void cli_write(int fd, const void *p, size_t len)
{
	ck_assert_int_eq(send(fd, p, len, MSG_NOSIGNAL), (ssize_t)len);
}

static void cli_send(int fd, const char *const *argv, size_t argc)
{
	struct proto_buf b = {0};

	ck_assert_int_eq(proto_encode(&b, PROTO_REQUEST, 0, 0, argv, argc), 0);
	cli_write(fd, b.data, b.len);
	proto_buf_free(&b);
}

/*
 * Pump the server and read one reply within ms: its frames, put together
 * by proto_collect. 0 with *m decoded, -ECONNRESET on end of stream,
 * -ETIMEDOUT. Bytes after the reply stay in the socket: it reads each
 * header first, then exactly the body. *frames (when not NULL) gets the
 * number of frames.
 */
static int cli_recv_frames(struct control *c, int fd, struct proto_msg *m,
			   int ms, int *frames)
{
	static char buf[PROTO_HEADER_SIZE + PROTO_MAX_REPLY_BODY];
	struct proto_collector col = {0};
	size_t have = 0, want = PROTO_HEADER_SIZE;
	long long end = now_ms() + ms;
	int r = -ETIMEDOUT, nf = 0;

	while (now_ms() < end) {
		ssize_t n = read(fd, buf + have, want - have);

		if (n == 0 || (n < 0 && errno == ECONNRESET)) {
			r = -ECONNRESET;
			break;
		}
		if (n < 0) {
			ck_assert_int_eq(errno, EAGAIN);
			pump(c, 5);
			continue;
		}
		have += (size_t)n;
		if (have == PROTO_HEADER_SIZE) {
			ssize_t l = proto_frame_len(buf, have,
						    PROTO_MAX_REPLY_BODY);
			ck_assert_int_ge(l, PROTO_HEADER_SIZE);
			want = (size_t)l;
		}
		if (have == want) {
			nf++;
			r = proto_collect(&col, buf, have, m);
			ck_assert_int_ge(r, 0);
			if (r == 0)
				break;
			have = 0;
			want = PROTO_HEADER_SIZE;
			r = -ETIMEDOUT;
		}
	}
	proto_collector_free(&col);
	if (frames)
		*frames = nf;
	if (r == 0)
		ck_assert_uint_eq(m->kind, PROTO_REPLY);
	return r;
}

static int cli_recv(struct control *c, int fd, struct proto_msg *m, int ms)
{
	return cli_recv_frames(c, fd, m, ms, NULL);
}

/* Send argv, expect the echo handler's answer. */
static void roundtrip_echo(struct control *c, int fd, const char *const *argv,
			   size_t argc)
{
	struct proto_msg m;

	cli_send(fd, argv, argc);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_uint_eq(m.code, 0);
	ck_assert_uint_eq(m.flags, 0);
	ck_assert_uint_eq(m.n, argc);
	for (size_t i = 0; i < argc; i++)
		ck_assert_str_eq(m.v[i], argv[i]);
	proto_msg_free(&m);
}

/* ---- tests ---- */

START_TEST(test_request_reply)
{
	struct control *c = open_ok();
	const char *a1[] = {"status", "web.service"};
	const char *a2[] = {"show", "db.service", ""};
	struct stat st;
	int fd;

	ck_assert_int_eq(stat(sock, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0666);
	ck_assert_int_eq(stat(rt, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);

	fd = cli_connect();
	roundtrip_echo(c, fd, a1, 2);
	ck_assert_int_eq(T.n_requests, 1);
	ck_assert_str_eq(T.last_verb, "status");
	ck_assert_uint_eq(T.last_uid, geteuid());
	ck_assert_int_eq(T.last_pid, getpid());
	ck_assert_int_eq(T.reply_ret, 0);
	/* The connection serves the next request too. */
	roundtrip_echo(c, fd, a2, 3);
	ck_assert_int_eq(T.n_requests, 2);
	ck_assert_uint_eq(control_n_clients(c), 1);
	close(fd);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	ck_assert_int_eq(T.n_gone, 0);
	control_close(c);
	/* The socket is removed at close. */
	ck_assert_int_eq(lstat(sock, &st), -1);
}
END_TEST

START_TEST(test_pipelined_requests)
{
	struct control *c = open_ok();
	const char *a1[] = {"status", "one"}, *a2[] = {"status", "two"};
	struct proto_buf b = {0};
	struct proto_msg m;
	int fd = cli_connect();

	/* Both requests in a single write: answered one after the other. */
	proto_encode(&b, PROTO_REQUEST, 0, 0, a1, 2);
	proto_encode(&b, PROTO_REQUEST, 0, 0, a2, 2);
	cli_write(fd, b.data, b.len);
	proto_buf_free(&b);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_str_eq(m.v[1], "one");
	proto_msg_free(&m);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_str_eq(m.v[1], "two");
	proto_msg_free(&m);
	ck_assert_int_eq(T.n_requests, 2);
	close(fd);
	control_close(c);
}
END_TEST

START_TEST(test_deferred_reply)
{
	struct control *c = open_ok();
	const char *start[] = {"start", "a.service", "--no-block"};
	const char *st[] = {"status"};
	char *ok[] = {"done", NULL};
	const struct proto_msg *req;
	struct proto_msg m;
	int fd = cli_connect(), fd2 = cli_connect();

	cli_send(fd, start, 3);
	PUMP_UNTIL(c, T.pending != NULL);
	ck_assert_int_eq(cli_recv(c, fd, &m, 200), -ETIMEDOUT);
	/* The request stays available while it is pending. */
	req = control_client_request(T.pending);
	ck_assert_ptr_nonnull(req);
	ck_assert_uint_eq(req->n, 3);
	ck_assert_str_eq(req->v[2], "--no-block");
	/* Others are served meanwhile. */
	roundtrip_echo(c, fd2, st, 1);

	ck_assert_int_eq(control_reply(T.pending, 0, 0, ok), 0);
	ck_assert_ptr_null(control_client_request(T.pending));
	ck_assert_int_eq(control_reply(T.pending, 0, 0, ok), -EALREADY);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_str_eq(m.v[0], "done");
	proto_msg_free(&m);
	ck_assert_int_eq(T.n_gone, 0);
	/* And the connection takes a new request afterwards. */
	roundtrip_echo(c, fd, st, 1);
	close(fd);
	close(fd2);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	ck_assert_int_eq(T.n_gone, 0);
	control_close(c);
}
END_TEST

START_TEST(test_disconnect_before_deferred_reply)
{
	struct control *c = open_ok();
	const char *start[] = {"start", "a.service"};
	const char *st[] = {"status"};
	struct control_client *cl;
	uint64_t id;
	int fd = cli_connect(), fd2 = cli_connect();

	cli_send(fd, start, 2);
	PUMP_UNTIL(c, T.pending != NULL);
	cl = T.pending;
	id = control_client_id(cl);
	ck_assert_ptr_eq(control_client_by_id(c, id), cl);
	close(fd);
	PUMP_UNTIL(c, T.n_gone == 1);
	ck_assert_ptr_eq(T.gone_cl, cl);
	ck_assert(T.gone_had_request);
	ck_assert_ptr_null(control_client_by_id(c, id));
	ck_assert_uint_eq(control_n_clients(c), 1);
	/* Ids are not reused by later clients. */
	roundtrip_echo(c, fd2, st, 1);
	fd = cli_connect();
	PUMP_UNTIL(c, control_n_clients(c) == 2);
	ck_assert_ptr_null(control_client_by_id(c, id));
	close(fd);
	close(fd2);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	ck_assert_int_eq(T.n_gone, 1);
	control_close(c);
}
END_TEST

START_TEST(test_close_with_pending_client)
{
	struct control *c = open_ok();
	const char *start[] = {"start", "a.service"};
	struct proto_msg m;
	int fd = cli_connect();

	cli_send(fd, start, 2);
	PUMP_UNTIL(c, T.pending != NULL);
	control_close(c);
	ck_assert_int_eq(T.n_gone, 1);
	ck_assert_ptr_eq(T.gone_cl, T.pending);
	ck_assert_int_eq(read(fd, &m, sizeof(m)), 0);
	close(fd);
}
END_TEST

START_TEST(test_handler_error)
{
	struct control *c = open_ok();
	const char *fail[] = {"fail"};
	struct proto_msg m;
	int fd = cli_connect();

	cli_send(fd, fail, 1);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_uint_eq(m.code, PROTO_FAILURE);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_str_eq(m.v[0], strerror(EIO));
	proto_msg_free(&m);
	close(fd);
	control_close(c);
}
END_TEST

START_TEST(test_reply_beyond_bound)
{
	struct control *c = open_ok();
	const char *huge[] = {"huge"};
	struct proto_msg m;
	int fd = cli_connect();

	cli_send(fd, huge, 1);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_int_eq(T.reply_ret, -EMSGSIZE);
	ck_assert_uint_eq(m.code, PROTO_FAILURE);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_ptr_nonnull(strstr(m.v[0], "cannot send the reply"));
	proto_msg_free(&m);
	close(fd);
	control_close(c);
}
END_TEST

/* A client that reads nothing holds only its own connection. */
START_TEST(test_slow_client)
{
	struct control *c = open_ok();
	const char *big[] = {"big"}, *st[] = {"status"};
	struct proto_msg m;
	int slow = cli_connect(), fd = cli_connect();

	cli_send(slow, big, 1);
	PUMP_UNTIL(c, T.n_requests == 1);
	ck_assert_int_eq(T.reply_ret, 0);
	for (int i = 0; i < 20; i++)
		pump(c, 5); /* returns although slow's reply is not sent */
	roundtrip_echo(c, fd, st, 1);
	ck_assert_int_eq(cli_recv(c, slow, &m, 5000), 0);
	ck_assert_uint_eq(m.n, 2048);
	ck_assert_uint_eq(strlen(m.v[2047]), 1023);
	ck_assert_int_eq(m.v[27][0], 'b');
	proto_msg_free(&m);
	close(slow);
	close(fd);
	control_close(c);
}
END_TEST

/* Run in a child as uid NOBODY: a write verb is refused, reads are not. */
static int nobody_client(void)
{
	const char *start[] = {"start", "web.service"};
	const char *stop[] = {"daemon-reload"};
	const char *status[] = {"status", "web.service"};
	const char *logs[] = {"logs", "web.service", "-n", "5"};
	struct proto_msg m;

	if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0)
		return 10;
	if (ctlclient_call(sock, start, 2, &m) < 0)
		return 11;
	if (m.code != PROTO_FAILURE || m.flags != PROTO_F_ERROR || m.n != 1 ||
	    strcmp(m.v[0], "permission denied") != 0)
		return 12;
	proto_msg_free(&m);
	if (ctlclient_call(sock, stop, 1, &m) < 0 || m.code != PROTO_FAILURE)
		return 13;
	proto_msg_free(&m);
	if (ctlclient_call(sock, status, 2, &m) < 0 || m.code != 0 ||
	    m.n != 2 || strcmp(m.v[1], "web.service") != 0)
		return 14;
	proto_msg_free(&m);
	if (ctlclient_call(sock, logs, 4, &m) < 0 || m.code != 0 || m.n != 4)
		return 15;
	proto_msg_free(&m);
	return 0;
}

START_TEST(test_non_root_read_only)
{
	struct control *c;
	int status = -1;
	pid_t pid, w = 0;
	long long end;

	/* Added only for root, who can become NOBODY (control_suite). */
	c = open_ok();
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(nobody_client());
	end = now_ms() + 10000;
	while (w == 0 && now_ms() < end) {
		pump(c, 10);
		w = waitpid(pid, &status, WNOHANG);
	}
	ck_assert_int_eq(w, pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	/* The handler saw the two reads only, from uid NOBODY. */
	ck_assert_int_eq(T.n_requests, 2);
	ck_assert_str_eq(T.last_verb, "logs");
	ck_assert_uint_eq(T.last_uid, NOBODY);
	ck_assert(control_verb_read_only("is-failed"));
	ck_assert(!control_verb_read_only("stop"));
	ck_assert(!control_verb_read_only("Status"));
	control_close(c);
}
END_TEST

/* ---- streams ---- */

/* Parts are made only as the client reads: a reader that stops holds a
 * few parts (its socket buffer), not the whole reply; others are served
 * meanwhile; the reply read at last is whole and in order. */
START_TEST(test_stream_gated_by_reader)
{
	struct control *c = open_ok();
	const char *big[] = {"stream", "40"}, *st[] = {"status"};
	struct proto_msg m;
	int slow = cli_connect(), fd = cli_connect(), frames = 0, held;
	size_t pos = 0, s, e;

	cli_send(slow, big, 2);
	PUMP_UNTIL(c, T.parts_made > 0);
	for (int i = 0; i < 50; i++)
		pump(c, 2);
	held = T.parts_made;
	ck_assert_msg(held < 10, "%d parts made without a read", held);
	roundtrip_echo(c, fd, st, 1);
	ck_assert_int_eq(T.n_released, 0);
	ck_assert_int_eq(cli_recv_frames(c, slow, &m, 10000, &frames), 0);
	ck_assert_int_eq(frames, 40);
	ck_assert_int_eq(T.parts_made, 40);
	ck_assert_int_eq(T.n_released, 1);
	ck_assert_uint_eq(m.code, 7);
	ck_assert_uint_eq(m.flags, 0);
	ck_assert(strncmp(m.v[0], "0:0:a", 5) == 0);
	ck_assert(strncmp(m.v[m.n - 1], "39:", 3) == 0);
	/* In order: part numbers never go down. */
	for (size_t i = 1; i < m.n; i++)
		ck_assert_int_ge(atoi(m.v[i]), atoi(m.v[i - 1]));
	ck_assert_int_eq(proto_record_next(&m, &pos, &s, &e), 1);
	proto_msg_free(&m);
	/* The connection takes the next request. */
	roundtrip_echo(c, slow, st, 1);
	close(slow);
	close(fd);
	control_close(c);
}
END_TEST

/* However fast the reader, one dispatch makes at most one part per
 * client: the loop is never held for a whole reply. */
START_TEST(test_stream_one_part_per_dispatch)
{
	struct control *c = open_ok();
	const char *big[] = {"stream", "30"};
	static char sink[1 << 20];
	int fd = cli_connect(), before;

	cli_send(fd, big, 2);
	PUMP_UNTIL(c, T.parts_made > 0);
	while (T.n_released == 0) {
		while (read(fd, sink, sizeof(sink)) > 0)
			;
		before = T.parts_made;
		control_dispatch(c);
		ck_assert_int_le(T.parts_made - before, 1);
	}
	ck_assert_int_eq(T.parts_made, 30);
	close(fd);
	control_close(c);
}
END_TEST

/* A reader that hangs up mid-stream: the producer is released once,
 * and on_gone (for pending requests) is not called. */
START_TEST(test_stream_hangup_releases)
{
	struct control *c = open_ok();
	const char *big[] = {"stream", "1000"};
	int fd = cli_connect();

	cli_send(fd, big, 2);
	PUMP_UNTIL(c, T.parts_made > 0);
	close(fd);
	PUMP_UNTIL(c, T.n_released == 1);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	ck_assert_int_lt(T.parts_made, 1000);
	ck_assert_int_eq(T.n_gone, 0);
	/* And at control_close too. */
	fd = cli_connect();
	cli_send(fd, big, 2);
	T.parts_made = 0;
	PUMP_UNTIL(c, T.parts_made > 0);
	control_close(c);
	ck_assert_int_eq(T.n_released, 2);
	close(fd);
}
END_TEST

/* A producer that fails: the reply becomes one error, what was sent
 * before it is void. */
START_TEST(test_stream_error)
{
	struct control *c = open_ok();
	const char *bad[] = {"stream", "10", "3"};
	struct proto_msg m;
	int fd = cli_connect(), frames;

	cli_send(fd, bad, 3);
	ck_assert_int_eq(cli_recv_frames(c, fd, &m, 5000, &frames), 0);
	ck_assert_int_eq(frames, 4);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_uint_eq(m.code, PROTO_FAILURE);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_str_eq(m.v[0], "svinit: cannot send the reply: "
				 "Input/output error");
	ck_assert_int_eq(T.n_released, 1);
	proto_msg_free(&m);
	close(fd);
	control_close(c);
}
END_TEST

/* A reply built with a writer is sent as it is. */
static int writer_request(void *ctx, struct control_client *cl,
			  const struct proto_msg *req)
{
	struct proto_writer w = {0};

	for (int i = 0; i < 100000; i++)
		proto_writer_addf(&w, "line %d", i);
	T.reply_ret = control_reply_writer(cl, &w, 3, 0);
	proto_writer_free(&w);
	return 0;
}

START_TEST(test_reply_writer)
{
	static const struct control_ops wops = {.request = writer_request};
	struct control *c;
	const char *st[] = {"status"};
	struct proto_msg m;
	int fd;

	ck_assert_int_eq(control_open(&c, rt, &wops, &T), 0);
	fd = cli_connect();
	cli_send(fd, st, 1);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_int_eq(T.reply_ret, 0);
	ck_assert_uint_eq(m.code, 3);
	ck_assert_uint_eq(m.n, 100000);
	ck_assert_str_eq(m.v[99999], "line 99999");
	proto_msg_free(&m);
	close(fd);
	control_close(c);
}
END_TEST

/* ---- deadlines ---- */

/* Is the control fd readable within ms (the timer or a client)? */
static bool fd_ready(struct control *c, int ms)
{
	struct pollfd p = {.fd = control_fd(c), .events = POLLIN};

	return poll(&p, 1, ms) > 0;
}

/* A peer that owes a request and sends nothing, or half of one, is
 * dropped at the timeout; one that keeps talking, or waits for the
 * daemon, is not. */
START_TEST(test_idle_timeout)
{
	struct control *c = open_ok();
	const char *st[] = {"status"}, *start[] = {"start", "x"};
	char *ok[] = {"done", NULL};
	struct proto_msg m;
	long long t0;
	int idle, half, busy, pend;

	control_set_timeout(c, 300 * USEC_PER_MSEC);
	t0 = now_ms();
	idle = cli_connect();
	half = cli_connect();
	cli_write(half, "SVCP\2\0", 6);
	busy = cli_connect();
	pend = cli_connect();
	cli_send(pend, start, 2);
	PUMP_UNTIL(c, T.pending != NULL && control_n_clients(c) == 4);
	while (now_ms() < t0 + 150)
		pump(c, 10);
	ck_assert_uint_eq(control_n_clients(c), 4);
	/* busy talks every 100 ms; the others wait. */
	while (now_ms() < t0 + 900) {
		roundtrip_echo(c, busy, st, 1);
		for (long long e = now_ms() + 100; now_ms() < e;)
			pump(c, 10);
	}
	ck_assert_int_eq(cli_recv(c, idle, &m, 10), -ECONNRESET);
	ck_assert_int_eq(cli_recv(c, half, &m, 10), -ECONNRESET);
	ck_assert_uint_eq(control_n_clients(c), 2);
	ck_assert_int_eq(T.n_gone, 0);
	/* Answered, pend owes a read, then a request: timed again. */
	ck_assert_int_eq(control_reply(T.pending, 0, 0, ok), 0);
	ck_assert_int_eq(cli_recv(c, pend, &m, 5000), 0);
	proto_msg_free(&m);
	ck_assert_int_eq(cli_recv(c, pend, &m, 2000), -ECONNRESET);
	close(idle);
	close(half);
	close(busy);
	close(pend);
	control_close(c);
}
END_TEST

/* The timer wakes the loop at the deadline and not before: nothing is
 * polled; with no client there is nothing to wake up for at all. */
START_TEST(test_timeout_wakes_once)
{
	struct control *c = open_ok();
	long long t0;
	int fd;

	control_set_timeout(c, 400 * USEC_PER_MSEC);
	ck_assert(!fd_ready(c, 100));
	fd = cli_connect();
	t0 = now_ms();
	PUMP_UNTIL(c, control_n_clients(c) == 1);
	ck_assert(!fd_ready(c, 250));
	ck_assert(fd_ready(c, 2000));
	ck_assert_int_ge(now_ms() - t0, 350);
	control_dispatch(c);
	ck_assert_uint_eq(control_n_clients(c), 0);
	ck_assert(!fd_ready(c, 100));
	close(fd);
	control_close(c);
}
END_TEST

/* A client that connects and hangs up leaves nothing armed: the daemon
 * does not wake at the deadline it would have had (an idle svinit wakes
 * up zero times). */
START_TEST(test_no_wakeup_after_last_client)
{
	struct control *c = open_ok();
	int fd;

	control_set_timeout(c, 300 * USEC_PER_MSEC);
	fd = cli_connect();
	PUMP_UNTIL(c, control_n_clients(c) == 1);
	close(fd);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	ck_assert(!fd_ready(c, 700));
	control_close(c);
}
END_TEST

/* A peer that does not read its reply is dropped once no byte has gone
 * out for the timeout, and what was queued for it is let go. */
START_TEST(test_slow_reader_timeout)
{
	struct control *c = open_ok();
	const char *big[] = {"stream", "1000"};
	int fd = cli_connect();

	control_set_timeout(c, 300 * USEC_PER_MSEC);
	cli_send(fd, big, 2);
	PUMP_UNTIL(c, T.parts_made > 0);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	ck_assert_int_eq(T.n_released, 1);
	ck_assert_int_lt(T.parts_made, 10);
	close(fd);
	control_close(c);
}
END_TEST

/* ---- limits per uid, and the reserve for root (as root only) ---- */

/*
 * In a child as uid: connect n times, expect `refused` of them to be
 * told `why` and closed (the last ones), then hold the rest until the
 * parent writes to the release pipe. Exit status 0 when all went as
 * expected.
 */
static int hold_child(uid_t uid, int n, int refused, const char *why,
		      int ready_fd, int release_fd)
{
	int fds[32], got = 0;
	/* Generous: on a loaded machine the parent's pumping is slow. */
	long long end = now_ms() + 20000;

	if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
	    setresuid(uid, uid, uid) < 0)
		return 10;
	for (int i = 0; i < n; i++) {
		struct sockaddr_un sa = {.sun_family = AF_UNIX};

		fds[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		strcpy(sa.sun_path, sock);
		if (connect(fds[i], (struct sockaddr *)&sa, sizeof(sa)) < 0)
			return 11;
	}
	/* The refused ones are answered as the parent accepts them. */
	while (got < refused && now_ms() < end) {
		for (int i = 0; i < n; i++) {
			struct pollfd p = {.fd = fds[i], .events = POLLIN};
			char buf[256];
			ssize_t l;

			if (fds[i] < 0 || poll(&p, 1, 5) <= 0)
				continue;
			l = read(fds[i], buf, sizeof(buf) - 1);
			if (l < PROTO_HEADER_SIZE)
				return 12;
			buf[l] = '\0';
			if (!strstr(buf + PROTO_HEADER_SIZE, why))
				return 13;
			close(fds[i]);
			fds[i] = -1;
			got++;
		}
	}
	if (got != refused)
		return 14;
	if (write(ready_fd, "R", 1) != 1)
		return 15;
	/* Held until the parent is done. */
	if (read(release_fd, fds, 1) < 0)
		return 16;
	return 0;
}

struct holder {
	pid_t pid;
	int release; /* a byte written to it lets the child go */
};

/* Start a hold_child and pump until it holds its connections. */
static struct holder start_holder(struct control *c, uid_t uid, int n,
				  int refused, const char *why)
{
	int ready[2], release[2];
	struct holder h;
	char b;

	ck_assert_int_eq(pipe2(ready, O_CLOEXEC | O_NONBLOCK), 0);
	ck_assert_int_eq(pipe2(release, O_CLOEXEC), 0);
	h.pid = fork();
	ck_assert_int_ge(h.pid, 0);
	if (h.pid == 0) {
		close(release[1]);
		_exit(hold_child(uid, n, refused, why, ready[1], release[0]));
	}
	close(ready[1]);
	close(release[0]);
	h.release = release[1];
	/* Not PUMP_UNTIL: its condition is evaluated once more at the end,
	 * and the byte is read only once. */
	for (long long e = now_ms() + 30000; now_ms() < e;) {
		if (read(ready[0], &b, 1) == 1)
			break;
		pump(c, 5);
	}
	close(ready[0]);
	return h;
}

static void end_holder(struct control *c, struct holder h)
{
	int status = -1;
	pid_t w = 0;

	/* A byte, not EOF: later children hold copies of this pipe. */
	ck_assert_int_eq(write(h.release, "x", 1), 1);
	close(h.release);
	for (long long e = now_ms() + 20000; w == 0 && now_ms() < e;) {
		pump(c, 5);
		w = waitpid(h.pid, &status, WNOHANG);
	}
	ck_assert_int_eq(w, h.pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "holder of uid exited with %d", WEXITSTATUS(status));
}

START_TEST(test_uid_cap_and_root_reserve)
{
	const int unpriv = CONTROL_MAX_CLIENTS - CONTROL_RESERVED;
	const int n_uids = unpriv / CONTROL_MAX_PER_UID;
	struct control *c = open_ok();
	const char *st[] = {"status"};
	struct holder h[16];
	int fds[CONTROL_MAX_CLIENTS];

	ck_assert_int_eq(unpriv % CONTROL_MAX_PER_UID, 0);
	ck_assert_int_le(n_uids + 1, 16);
	/* Each uid gets its cap and not one more; the last one's extra
	 * connections meet the full unprivileged slots first. */
	for (int u = 0; u < n_uids; u++)
		h[u] = start_holder(
			c, NOBODY - (uid_t)u, CONTROL_MAX_PER_UID + 2, 2,
			u < n_uids - 1 ? "too many connections from this "
					 "user"
				       : "the rest are kept for root");
	ck_assert_uint_eq(control_n_clients(c), (size_t)unpriv);
	/* The unprivileged slots are full: another uid is refused ... */
	h[n_uids] = start_holder(c, NOBODY - (uid_t)n_uids, 1, 1,
				 "the rest are kept for root");
	/* ... while root takes every remaining slot and is served. */
	for (int i = 0; i < CONTROL_RESERVED; i++)
		fds[i] = cli_connect();
	PUMP_UNTIL(c, control_n_clients(c) == CONTROL_MAX_CLIENTS);
	for (int i = 0; i < CONTROL_RESERVED; i++)
		roundtrip_echo(c, fds[i], st, 1);
	for (int i = 0; i < CONTROL_RESERVED; i++)
		close(fds[i]);
	for (int u = 0; u <= n_uids; u++)
		end_holder(c, h[u]);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	/* Slots given back are free for anyone again. */
	h[0] = start_holder(c, NOBODY, CONTROL_MAX_PER_UID, 0, "");
	ck_assert_uint_eq(control_n_clients(c), CONTROL_MAX_PER_UID);
	end_holder(c, h[0]);
	control_close(c);
}
END_TEST

static int bind_stale(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	strcpy(sa.sun_path, path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return close(fd);
}

START_TEST(test_stale_socket_replaced)
{
	struct control *c, *c2;
	const char *st[] = {"status"};
	struct stat s1, s2;
	int fd;

	ck_assert_int_eq(mkdir(rt, 0755), 0);
	bind_stale(sock);
	ck_assert_int_eq(stat(sock, &s1), 0);
	ck_assert(S_ISSOCK(s1.st_mode));
	/* bind would fail with EADDRINUSE had the old one stayed. */
	c = open_ok();
	ck_assert_int_eq(stat(sock, &s2), 0);
	fd = cli_connect();
	roundtrip_echo(c, fd, st, 1);
	/* A socket somebody answers on is not stale. */
	ck_assert_int_eq(control_open(&c2, rt, &ops, &T), -EADDRINUSE);
	ck_assert_ptr_null(c2);
	ck_assert_int_eq(stat(sock, &s1), 0);
	ck_assert(s1.st_ino == s2.st_ino);
	roundtrip_echo(c, fd, st, 1);
	close(fd);
	control_close(c);
}
END_TEST

START_TEST(test_non_socket_not_replaced)
{
	struct control *c;
	char target[256], buf[8] = {0};
	int fd;

	ck_assert_int_eq(mkdir(rt, 0755), 0);
	fd = open(sock, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	ck_assert_int_eq(write(fd, "keep", 4), 4);
	close(fd);
	ck_assert_int_eq(control_open(&c, rt, &ops, &T), -EEXIST);
	fd = open(sock, O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "keep");
	close(fd);

	/* Nor a symlink, even to a socket. */
	ck_assert_int_eq(unlink(sock), 0);
	snprintf(target, sizeof(target), "%s/elsewhere.sock", base);
	bind_stale(target);
	ck_assert_int_eq(symlink(target, sock), 0);
	ck_assert_int_eq(control_open(&c, rt, &ops, &T), -EEXIST);
	ck_assert_int_eq(access(target, F_OK), 0);
}
END_TEST

START_TEST(test_unsafe_runtime_dir_refused)
{
	struct control *c;
	char real[128], file[256];
	int r;

	snprintf(real, sizeof(real), "%s/real", base);
	ck_assert_int_eq(mkdir(real, 0755), 0);
	ck_assert_int_eq(symlink(real, rt), 0);
	r = control_open(&c, rt, &ops, &T);
	ck_assert_msg(r == -ELOOP || r == -ENOTDIR, "got %d", r);
	ck_assert_ptr_null(c);
	snprintf(file, sizeof(file), "%s/%s", real, PROTO_SOCKET_NAME);
	ck_assert_int_eq(access(file, F_OK), -1);

	/* A directory others may write to. */
	ck_assert_int_eq(chmod(real, 0775), 0);
	ck_assert_int_eq(control_open(&c, real, &ops, &T), -EPERM);
	ck_assert_int_eq(chmod(real, 0757), 0);
	ck_assert_int_eq(control_open(&c, real, &ops, &T), -EPERM);
	/* A file where the directory should be. */
	snprintf(file, sizeof(file), "%s/file", base);
	close(open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	ck_assert_int_eq(control_open(&c, file, &ops, &T), -ENOTDIR);
	/* A missing parent is not created. */
	snprintf(file, sizeof(file), "%s/no/such", base);
	ck_assert_int_eq(control_open(&c, file, &ops, &T), -ENOENT);
}
END_TEST

/* Somebody else's directory. Added only for root, who can give one away
 * (control_suite). */
START_TEST(test_foreign_runtime_dir_refused)
{
	struct control *c;
	char real[128];

	snprintf(real, sizeof(real), "%s/real", base);
	ck_assert_int_eq(mkdir(real, 0755), 0);
	ck_assert_int_eq(chown(real, NOBODY, NOBODY), 0);
	ck_assert_int_eq(control_open(&c, real, &ops, &T), -EPERM);
	ck_assert_ptr_null(c);
}
END_TEST

START_TEST(test_created_dir_ignores_umask)
{
	struct control *c;
	struct stat st;
	mode_t old = umask(077);

	c = open_ok();
	umask(old);
	ck_assert_int_eq(stat(rt, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(stat(sock, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0666);
	control_close(c);
}
END_TEST

static void put_le32(unsigned char *p, uint32_t x)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(x >> (8 * i));
}

static size_t raw_frame(unsigned char *f, unsigned version, unsigned kind,
			const char *body, uint32_t blen, uint32_t claimed)
{
	memcpy(f, "SVCP", 4);
	f[4] = (unsigned char)version;
	f[5] = 0;
	f[6] = (unsigned char)kind;
	f[7] = 0;
	put_le32(f + 8, 0);
	put_le32(f + 12, claimed);
	memcpy(f + PROTO_HEADER_SIZE, body, blen);
	return PROTO_HEADER_SIZE + blen;
}

START_TEST(test_malformed_closes_only_that_connection)
{
	struct control *c = open_ok();
	const char *st[] = {"status", "x"};
	unsigned char f[64];
	struct proto_msg m;
	size_t len = 0;
	int good = cli_connect();

	roundtrip_echo(c, good, st, 2);
	for (int i = 0; i < 6; i++) {
		int fd = cli_connect();

		switch (i) {
		case 0:
			memcpy(f, "GET / HTTP/1.0\r\n\r\n", 18);
			len = 18;
			break;
		case 1: /* announces more than a request may be */
			len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, "", 0,
					PROTO_MAX_REQUEST_BODY + 1);
			break;
		case 2: /* no final NUL */
			len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST,
					"status", 6, 6);
			break;
		case 3: /* a reply where a request belongs */
			len = raw_frame(f, PROTO_VERSION, PROTO_REPLY, "x", 2,
					2);
			break;
		case 4: /* a request without a verb */
			len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, "", 0,
					0);
			break;
		case 5: /* half a header, then end of stream */
			len = raw_frame(f, PROTO_VERSION, PROTO_REQUEST, "", 0,
					0) /
			      2;
			break;
		}
		cli_write(fd, f, len);
		if (i == 5)
			shutdown(fd, SHUT_WR);
		ck_assert_msg(cli_recv(c, fd, &m, 5000) == -ECONNRESET,
			      "case %d not closed", i);
		close(fd);
		roundtrip_echo(c, good, st, 2);
	}
	ck_assert_int_eq(T.n_requests, 7);
	PUMP_UNTIL(c, control_n_clients(c) == 1);
	close(good);
	control_close(c);
}
END_TEST

START_TEST(test_bad_version_answered_then_closed)
{
	struct control *c = open_ok();
	unsigned char f[64];
	struct proto_msg m;
	int fd = cli_connect();
	size_t len = raw_frame(f, 9, PROTO_REQUEST, "status", 7, 7);

	cli_write(fd, f, len);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), 0);
	ck_assert_uint_eq(m.code, PROTO_FAILURE);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_str_eq(m.v[0], "protocol version 9 not supported");
	proto_msg_free(&m);
	ck_assert_int_eq(cli_recv(c, fd, &m, 5000), -ECONNRESET);
	ck_assert_int_eq(T.n_requests, 0);
	close(fd);
	control_close(c);
}
END_TEST

START_TEST(test_max_clients)
{
	struct control *c = open_ok();
	const char *st[] = {"status"};
	int fds[CONTROL_MAX_CLIENTS], extra;
	struct proto_msg m;

	for (int i = 0; i < CONTROL_MAX_CLIENTS; i++)
		fds[i] = cli_connect();
	PUMP_UNTIL(c, control_n_clients(c) == CONTROL_MAX_CLIENTS);
	/* One more is told why, and closed at once. */
	extra = cli_connect();
	ck_assert_int_eq(cli_recv(c, extra, &m, 5000), 0);
	ck_assert_uint_eq(m.flags, PROTO_F_ERROR);
	ck_assert_uint_eq(m.code, PROTO_FAILURE);
	ck_assert_str_eq(m.v[0], "svinit: too many connections");
	proto_msg_free(&m);
	ck_assert_int_eq(cli_recv(c, extra, &m, 5000), -ECONNRESET);
	close(extra);
	ck_assert_uint_eq(control_n_clients(c), CONTROL_MAX_CLIENTS);
	roundtrip_echo(c, fds[17], st, 1);
	/* A freed slot serves a new client. */
	close(fds[0]);
	PUMP_UNTIL(c, control_n_clients(c) == CONTROL_MAX_CLIENTS - 1);
	fds[0] = cli_connect();
	roundtrip_echo(c, fds[0], st, 1);
	for (int i = 0; i < CONTROL_MAX_CLIENTS; i++)
		close(fds[i]);
	PUMP_UNTIL(c, control_n_clients(c) == 0);
	control_close(c);
}
END_TEST

/* Out of fds: the pending connection is taken and closed, the listener
 * does not stay readable forever, and service resumes afterwards. */
START_TEST(test_out_of_fds)
{
	struct rlimit rl = {64, 64};
	struct control *c = open_ok();
	const char *st[] = {"status"};
	struct proto_msg m;
	int fds[64], n = 0, victim;

	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	while (n < 64 && (fds[n] = dup(control_fd(c))) >= 0)
		n++;
	ck_assert_int_lt(n, 64);
	ck_assert_int_gt(n, 0);
	close(fds[--n]);
	victim = cli_connect(); /* takes the last free fd */
	ck_assert_int_eq(cli_recv(c, victim, &m, 5000), -ECONNRESET);
	close(victim);
	ck_assert_uint_eq(control_n_clients(c), 0);
	while (n > 0)
		close(fds[--n]);
	victim = cli_connect();
	roundtrip_echo(c, victim, st, 1);
	close(victim);
	control_close(c);
}
END_TEST

START_TEST(test_ctlclient_errors)
{
	const char *st[] = {"status"};
	struct proto_msg m;
	char longp[200];

	ck_assert_int_eq(ctlclient_call(sock, st, 1, &m), -ENOENT);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	ck_assert_int_eq(ctlclient_call(longp, st, 1, &m), -ENAMETOOLONG);
	/* A request without a verb is not even sent. */
	ck_assert_int_eq(ctlclient_call(sock, st, 0, &m), -EINVAL);
}
END_TEST

static Suite *control_suite(void)
{
	Suite *s = suite_create("control");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_request_reply);
	tcase_add_test(tc, test_no_wakeup_after_last_client);
	tcase_add_test(tc, test_pipelined_requests);
	tcase_add_test(tc, test_deferred_reply);
	tcase_add_test(tc, test_disconnect_before_deferred_reply);
	tcase_add_test(tc, test_close_with_pending_client);
	tcase_add_test(tc, test_handler_error);
	tcase_add_test(tc, test_reply_beyond_bound);
	tcase_add_test(tc, test_slow_client);
	tcase_add_test(tc, test_stale_socket_replaced);
	tcase_add_test(tc, test_non_socket_not_replaced);
	tcase_add_test(tc, test_unsafe_runtime_dir_refused);
	tcase_add_test_if(tc, test_foreign_runtime_dir_refused, geteuid() == 0,
			  "needs root to give a directory to uid 65534");
	tcase_add_test(tc, test_created_dir_ignores_umask);
	tcase_add_test(tc, test_malformed_closes_only_that_connection);
	tcase_add_test(tc, test_bad_version_answered_then_closed);
	tcase_add_test(tc, test_max_clients);
	tcase_add_test(tc, test_out_of_fds);
	tcase_add_test(tc, test_ctlclient_errors);
	tcase_add_test(tc, test_stream_gated_by_reader);
	tcase_add_test(tc, test_stream_one_part_per_dispatch);
	tcase_add_test(tc, test_stream_hangup_releases);
	tcase_add_test(tc, test_stream_error);
	tcase_add_test(tc, test_reply_writer);
	tcase_add_test(tc, test_idle_timeout);
	tcase_add_test(tc, test_timeout_wakes_once);
	tcase_add_test(tc, test_slow_reader_timeout);
	/* Other uids need root to become; a test that cannot run is not
	 * counted as passed, but said skipped. */
	tcase_add_test_if(tc, test_non_root_read_only, geteuid() == 0,
			  "needs root to run a client as uid 65534");
	tcase_add_test_if(tc, test_uid_cap_and_root_reserve, geteuid() == 0,
			  "needs root to act as other uids");
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(control_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	skip_summary("control");
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
