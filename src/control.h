/*
 * control: the daemon side of the control socket RUNTIME_DIR/control.sock.
 *
 * Owns: the runtime directory check, the listening socket, and every
 * connected client with its buffers and peer credentials. It frames and
 * decodes requests (proto), authorizes them, and hands well-formed,
 * authorized requests to the daemon's handler; it never interprets a
 * verb beyond the read-only table.
 *
 * Event loop: control keeps its fds in an epoll instance of its own and
 * exposes that single fd (control_fd). The daemon watches it for EPOLLIN,
 * level-triggered, and calls control_dispatch when it is readable; this
 * handles every ready client without blocking. One fd means the daemon
 * needs no per-client bookkeeping, and clients come and go without it.
 *
 * Bounds: at most CONTROL_MAX_CLIENTS connections (one more is accepted
 * and closed at once); a request frame is at most proto's request bound;
 * one request is handled at a time per connection, and the next one is
 * not read before the reply to the previous one has been written, so a
 * client's output is at most one reply. Reads and writes never block; a
 * peer that does not read its reply only holds its own connection.
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
 * or until control calls on_gone (the peer hung up, or control_close);
 * on_gone is called exactly once for such a client, and never for a
 * client that was answered. After either, the pointer must be forgotten.
 * control_client_id gives a number that is never reused, for daemons that
 * prefer to look a client up again (control_client_by_id).
 *
 * Not reentrant: the handler and on_gone may call control_reply (for any
 * client) but not control_dispatch or control_close.
 */
#ifndef SVINIT_CONTROL_H
#define SVINIT_CONTROL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "proto.h"

#define CONTROL_MAX_CLIENTS 64
#define CONTROL_BACKLOG	    128

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
/* Disconnect every client (on_gone for pending ones), close the socket
 * and remove it when it is still ours. NULL is allowed. */
void control_close(struct control *c);

/* The fd to watch for EPOLLIN (level-triggered). */
int control_fd(const struct control *c);
/* Accept, read, write and dispatch what is ready; never blocks. */
void control_dispatch(struct control *c);

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
/* A one-line error reply (PROTO_F_ERROR) formatted with printf. */
int control_reply_error(struct control_client *cl, unsigned code,
			const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The request being handled or pending for cl, or NULL. */
const struct proto_msg *control_client_request(const struct control_client *cl);
uid_t control_client_uid(const struct control_client *cl);
pid_t control_client_pid(const struct control_client *cl);
uint64_t control_client_id(const struct control_client *cl);
struct control_client *control_client_by_id(struct control *c, uint64_t id);
size_t control_n_clients(const struct control *c);

/* The verbs every uid may use. */
bool control_verb_read_only(const char *verb);

#endif
