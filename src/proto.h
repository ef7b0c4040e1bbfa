/*
 * proto: the message format of the control socket, shared by svinit
 * (control) and svctl (ctlclient). Pure: no I/O, no logging.
 *
 * A frame is a fixed 16-byte header followed by a body:
 *
 *   offset size  field
 *   0      4     magic "SVCP"
 *   4      2     version, little-endian (PROTO_VERSION)
 *   6      1     kind (PROTO_REQUEST or PROTO_REPLY)
 *   7      1     flags (PROTO_F_*; unknown bits are rejected)
 *   8      4     code, little-endian: a reply's svctl exit status
 *                (0..255); 0 in a request
 *   12     4     body length in bytes, little-endian
 *
 * The body is a list of strings, each terminated by a NUL byte, like argv
 * laid end to end. A request's strings are the verb followed by the
 * verb's arguments exactly as svctl received them (options included, e.g.
 * "logs" "web.service" "-n" "10"); svctl's global options (--json,
 * --runtime-dir, --no-pager) are client-side and never sent. A reply's
 * strings are either output lines or, with PROTO_F_ERROR, messages for
 * stderr. Data verbs answer with records: "Key=Value" strings, several
 * records separated by an empty string (see proto_record_next), so that
 * svctl can render both a human table and --json from the same reply.
 *
 * The header layout (magic, version, length at fixed offsets) is frozen
 * for every version, so a peer can always frame a message it cannot
 * decode and answer "protocol version N not supported".
 *
 * Every bound is checked before memory is allocated for it: a header
 * announcing more than the bound is refused by proto_frame_len from its
 * first 16 bytes.
 */
#ifndef SVINIT_PROTO_H
#define SVINIT_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROTO_VERSION		  1
#define PROTO_HEADER_SIZE	  16
#define PROTO_MAX_REQUEST_BODY	  (64u * 1024)
#define PROTO_MAX_REPLY_BODY	  (16u * 1024 * 1024)
#define PROTO_MAX_REQUEST_STRINGS 4096u
/* Keeps the pointer array of a decoded reply to 8 MiB. */
#define PROTO_MAX_REPLY_STRINGS (1u << 20)

/* The socket's name inside the runtime directory. */
#define PROTO_SOCKET_NAME "control.sock"

enum proto_kind {
	PROTO_REQUEST = 1,
	PROTO_REPLY = 2,
};

/* Reply flag: the strings are error messages (stderr), not output. */
#define PROTO_F_ERROR 0x01u

/* Reply codes: svctl exits with them (systemctl's meanings). */
enum proto_code {
	PROTO_OK = 0,
	PROTO_FAILURE = 1,
	PROTO_USAGE = 2,
	PROTO_INACTIVE = 3,
	PROTO_NO_UNIT = 4,
};

/* A decoded message. v[0..n-1] point into body, v[n] is NULL; neither
 * is separately freeable: release the whole message with
 * proto_msg_free. A zeroed struct is an empty message. */
struct proto_msg {
	unsigned version;
	unsigned kind;
	unsigned flags;
	unsigned code;
	size_t n;
	char **v;
	char *body;
};

void proto_msg_free(struct proto_msg *m);

/* A growable output buffer; zeroed is empty. */
struct proto_buf {
	char *data;
	size_t len, cap;
};

void proto_buf_free(struct proto_buf *b);

/*
 * Append one frame to b. v holds n strings (NULL pointers are not
 * allowed; a request needs a non-empty verb first). 0, -EINVAL (bad
 * kind, flags, code or no verb), -E2BIG (too many
 * strings), -EMSGSIZE (body too long) or -ENOMEM; on error b is left as
 * it was.
 */
int proto_encode(struct proto_buf *b, unsigned kind, unsigned flags,
		 unsigned code, const char *const *v, size_t n);

/*
 * Incremental framing over the bytes received so far. Returns the total
 * length of the frame that starts at buf (header + body) once the header
 * is complete, PROTO_HEADER_SIZE while it is not, -EBADMSG as soon as
 * the bytes seen so far cannot begin a frame (bad magic), or -EMSGSIZE
 * when the announced body exceeds max_body. A result greater than len
 * means "read more". The version is not checked here, on purpose.
 */
ssize_t proto_frame_len(const void *buf, size_t len, size_t max_body);

/*
 * Decode exactly one whole frame of len bytes into m (which is
 * overwritten; free it with proto_msg_free on success only). Errors:
 * -EPROTONOSUPPORT for another version (m->version and m->kind are set,
 * nothing is allocated), -EBADMSG for a malformed frame (bad magic,
 * kind, flags or code; length mismatch; body not ending in NUL; a
 * request without a verb), -EMSGSIZE or -E2BIG for a body beyond the
 * bounds of its kind, -ENOMEM.
 */
int proto_decode(const void *frame, size_t len, struct proto_msg *m);

/* "Key=Value" helpers for replies of data verbs. */

/* The value when s is "key=value", else NULL. */
const char *proto_kv(const char *s, const char *key);

/*
 * Walk the records of m: on each call, [*start, *end) is the next
 * group of strings up to an empty string or the end. *pos is the cursor
 * (start at 0). Returns 0 when there is no further record.
 */
int proto_record_next(const struct proto_msg *m, size_t *pos, size_t *start,
		      size_t *end);

/* The value of key within the record [start, end) of m, or NULL. */
const char *proto_record_get(const struct proto_msg *m, size_t start,
			     size_t end, const char *key);

#endif
