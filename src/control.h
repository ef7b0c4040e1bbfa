/*
 * control: the daemon side of the control socket RUNTIME_DIR/control.sock.
 *
 * Owns: every connected client with its buffers, peer credentials and
 * deadline, and the listening socket (set up by ctlsock, which checks
 * the runtime directory). It frames and decodes requests (proto),
 * authorizes them, and hands well-formed, authorized requests to the
 * daemon's handler; it never interprets a verb beyond the read-only
 * table.
 *
 * Event loop: control keeps its fds (listener, clients, the timerfd) in
 * an epoll instance of its own and exposes that single fd (control_fd).
 * The daemon watches it for EPOLLIN, level-triggered, and calls
 * control_dispatch when it is readable; this handles every ready client
 * without blocking. One fd means the daemon needs no per-client
 * bookkeeping, and clients come and go without it.
 *
 * Deadlines: each client that owes svinit something (the rest of a
 * request, or reading its reply) must make progress within the timeout
 * (CONTROL_TIMEOUT, control_set_timeout): a byte read from it or
 * written to it moves its deadline on; at the deadline it is dropped. A
 * client whose request waits for the daemon (a start waiting for its
 * job) has no deadline: svinit owes it the answer. The deadlines live in
 * a timeoutq (one timerfd in control's own epoll set, O(1) per event,
 * armed only while a client is timed and never polled), not in the
 * loop's heap: so the daemon still watches a single fd for all of
 * control, and an idle svinit with no client connected stays asleep.
 *
 * Bounds: at most CONTROL_MAX_CLIENTS connections. Only privileged peers
 * (below) may take the last CONTROL_RESERVED of them, and each other uid
 * at most CONTROL_MAX_PER_UID, so no local user can lock root out: root
 * always finds a free slot unless root itself holds them. A peer beyond
 * a bound gets one error reply, written without blocking, and is closed.
 * A request frame is at most proto's request bound; one request is
 * handled at a time per connection, and the next one is not read before
 * the reply to the previous one has been written, so a client's output
 * is at most one reply. Reads and writes never block; a peer that does
 * not read its reply only holds its own connection, until its deadline.
 *
 * Big replies are streamed (control_reply_stream): the daemon's
 * producer is asked for the next part (about CONTROL_STREAM_PART bytes)
 * only when the previous one has been sent, and at most one part per
 * client per dispatch, so a reply of any size keeps O(part) memory and
 * never holds the loop for longer than one part takes to build; other
 * clients, timers and children are served between two parts.
 *
 * Authorization: the peer's uid (SO_PEERCRED, taken at accept) decides.
 * uid 0, or the uid svinit itself runs as, may use every verb; any other
 * uid only the read-only verbs (control_verb_read_only); anything else
 * gets "permission denied" with code 1 and the handler never sees it.
 *
 * Errors per connection: a malformed or oversized request closes that
 * connection only; a request of another protocol version is answered
 * "protocol version N not supported" and then the connection is closed.
 *
 * Deferred replies: the handler either replies before returning or
 * returns 0 without replying, which leaves the client pending. A pending
 * client and its request stay valid until the daemon calls control_reply
 * (or one of its variants) or until control calls on_gone (the peer hung
 * up, or control_close); on_gone is called exactly once for such a
 * client, and never for a client that was answered. After either, the
 * pointer must be forgotten. control_client_id gives a number that is
 * never reused, for daemons that prefer to look a client up again
 * (control_client_by_id).
 *
 * Not reentrant: the handler, on_gone and a stream's producer may call
 * control_reply (for any client) but not control_dispatch or
 * control_close.
 */
#ifndef SVINIT_CONTROL_H
#define SVINIT_CONTROL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "proto.h"
#include "util.h"

#define CONTROL_MAX_CLIENTS 64
#define CONTROL_RESERVED    16
#define CONTROL_MAX_PER_UID 8
#define CONTROL_TIMEOUT	    (5 * USEC_PER_SEC)
#define CONTROL_STREAM_PART (64 * 1024)

struct control;
struct control_client;

struct control_ops {
	/* A well-formed, authorized request. Return 0 after replying, or 0
	 * without replying to keep cl pending, or -errno without replying:
	 * control then answers code 1 with strerror. */
	int (*request)(void *ctx, struct control_client *cl,
		       const struct proto_msg *req);
	/* A pending client went away before its reply. May be NULL. */
	void (*on_gone)(void *ctx, struct control_client *cl);
};

/*
 * A reply produced in parts. next appends the next part's strings to w
 * (stopping at about CONTROL_STREAM_PART bytes: at least one string or
 * record, so that every call moves on) and returns 1 when more will
 * follow, or 0 when this was the last part, with code and flags set
 * for the reply (flags 0 or PROTO_F_ERROR), or -errno: the client then
 * gets an error reply instead ("cannot send the reply"), and its output
 * so far is dropped. release is called exactly once: after the last
 * part, after an error, or when the client goes away; after it, control
 * never touches s again. The client's request (control_client_request)
 * stays valid until release, so a producer may keep pointers into it.
 */
struct control_stream {
	int (*next)(struct control_stream *s, struct proto_writer *w);
	void (*release)(struct control_stream *s);
	unsigned code, flags;
};

/*
 * Create runtime_dir (its last component, mode 0755) when missing, or
 * check the existing one: a real directory (a symlink is refused:
 * -ELOOP/-ENOTDIR), owned by our euid and not writable by group or
 * others (-EPERM). Replace a stale control.sock (a socket nobody listens
 * on); refuse one that answers (-EADDRINUSE) and any other file type
 * there (-EEXIST). Then bind, chmod 0666 (anyone may connect; the verbs
 * are authorized per request) and listen. 0 or -errno.
 */
int control_open(struct control **out, const char *runtime_dir,
		 const struct control_ops *ops, void *ctx);
/* Disconnect every client (on_gone for pending ones, release for
 * streams), close the socket and remove it when it is still ours. NULL
 * is allowed. */
void control_close(struct control *c);

/* The fd to watch for EPOLLIN (level-triggered). */
int control_fd(const struct control *c);
/* Accept, read, write, expire and dispatch what is ready; never blocks. */
void control_dispatch(struct control *c);
/* The progress timeout of clients from now on (CONTROL_TIMEOUT unless
 * set): for tests, which cannot wait for the real one. */
void control_set_timeout(struct control *c, usec_t timeout);

/*
 * Answer cl's current request with code (0..255) and the strings of the
 * NULL-terminated v (may be NULL), PROTO_F_ERROR in flags for error
 * messages. The reply is queued and written without blocking. Whatever
 * the result, cl is no longer pending afterwards and, outside the
 * handler call for cl, must be forgotten. When the reply cannot be
 * encoded (-EMSGSIZE, -E2BIG, -ENOMEM, -EINVAL), a short error reply
 * replaces it, or the connection is closed; the error is returned so the
 * caller can log it. -EALREADY when cl has no request to answer.
 */
int control_reply(struct control_client *cl, unsigned code, unsigned flags,
		  char *const *v);
/* The same with the strings appended to w (proto_writer): the frame is
 * finished and its buffer taken over, without a copy; w is left empty
 * (and must still be freed by its owner: it may keep memory). Errors of
 * the writer (sticky ones included) are handled as control_reply's. */
int control_reply_writer(struct control_client *cl, struct proto_writer *w,
			 unsigned code, unsigned flags);
/* A one-line error reply (PROTO_F_ERROR) formatted with printf. */
int control_reply_error(struct control_client *cl, unsigned code,
			const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Answer with a stream (above). 0, or -EALREADY (then s is released at
 * once, as it is on every other path). */
int control_reply_stream(struct control_client *cl, struct control_stream *s);

/* The request being handled, pending or streamed for cl, or NULL. */
const struct proto_msg *control_client_request(const struct control_client *cl);
uid_t control_client_uid(const struct control_client *cl);
pid_t control_client_pid(const struct control_client *cl);
uint64_t control_client_id(const struct control_client *cl);
struct control_client *control_client_by_id(struct control *c, uint64_t id);
size_t control_n_clients(const struct control *c);

/* The verbs every uid may use. */
bool control_verb_read_only(const char *verb);

#endif
