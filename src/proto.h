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
 * One request is answered by one reply, which is one frame or several:
 * every frame but the last carries PROTO_F_MORE. The daemon produces a
 * big reply (the status of every unit) piece by piece as the peer reads
 * it, so it never holds the whole of it, and the length of the whole is
 * not known when the first frame goes out. The reply's strings are those
 * of all its frames in order; its code and flags are the last frame's.
 * An error frame (PROTO_F_ERROR) always ends a reply and stands alone:
 * output strings sent before it are dropped (the daemon failed midway).
 * Version 2 introduced PROTO_F_MORE; a version-1 peer is answered "not
 * supported" rather than handed frames it would misread.
 *
 * The header layout (magic, version, length at fixed offsets) is frozen
 * for every version, so a peer can always frame a message it cannot
 * decode and answer "protocol version N not supported".
 *
 * Every bound is checked before memory is allocated for it: a header
 * announcing more than the bound is refused by proto_frame_len from its
 * first 16 bytes, and a reply of many frames is refused as soon as its
 * total passes PROTO_MAX_REPLY_TOTAL.
 */
#ifndef SVINIT_PROTO_H
#define SVINIT_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROTO_VERSION		  2
#define PROTO_HEADER_SIZE	  16
#define PROTO_MAX_REQUEST_BODY	  (64u * 1024)
#define PROTO_MAX_REPLY_BODY	  (16u * 1024 * 1024)
#define PROTO_MAX_REQUEST_STRINGS 4096u
/* Keeps the pointer array of a decoded frame to 8 MiB. */
#define PROTO_MAX_REPLY_STRINGS (1u << 20)
/* Bounds of a whole reply of several frames, checked by proto_collect:
 * svctl's memory, which the peer decides. */
#define PROTO_MAX_REPLY_TOTAL	      (256u * 1024 * 1024)
#define PROTO_MAX_REPLY_TOTAL_STRINGS (1u << 23)

/* The socket's name inside the runtime directory. */
#define PROTO_SOCKET_NAME "control.sock"

enum proto_kind {
	PROTO_REQUEST = 1,
	PROTO_REPLY = 2,
};

/* Reply flag: the strings are error messages (stderr), not output. */
#define PROTO_F_ERROR 0x01u
/* Reply flag: further frames of the same reply follow this one. Never
 * together with PROTO_F_ERROR. */
#define PROTO_F_MORE 0x02u

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
/* Append len bytes; the capacity doubles, so appends are amortised
 * O(1). 0 or -ENOMEM (b unchanged). */
int proto_buf_append(struct proto_buf *b, const void *p, size_t len);

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
 * A frame built string by string, for replies whose strings are produced
 * on the fly: each append is amortised O(1) (the buffer doubles), so a
 * reply of n strings costs O(n) whatever n is. Zeroed is empty and
 * ready. buf holds room for the header, then the body; after a
 * successful proto_writer_finish it holds exactly one whole frame.
 *
 * Errors are sticky: the first failed append (-ENOMEM, -EMSGSIZE once
 * the body would pass PROTO_MAX_REPLY_BODY, -E2BIG past
 * PROTO_MAX_REPLY_STRINGS, -EINVAL for a string with a NUL inside) is
 * kept in err, later appends do nothing, and finish returns it. So a
 * caller appends without checking each call, and checks once. Memory is
 * bounded by the reply bound whatever the caller appends.
 */
struct proto_writer {
	struct proto_buf buf;
	size_t n; /* strings appended */
	int err;
};

int proto_writer_add(struct proto_writer *w, const char *s);
int proto_writer_addf(struct proto_writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Body bytes so far (a producer stops a part at some size). */
size_t proto_writer_len(const struct proto_writer *w);
/* Drop every string and the error; the memory is kept for reuse. */
void proto_writer_reset(struct proto_writer *w);
/* Write the header: buf then holds one frame. 0, the sticky error, or
 * -EINVAL / -EMSGSIZE / -E2BIG as proto_encode for kind's bounds. */
int proto_writer_finish(struct proto_writer *w, unsigned kind, unsigned flags,
			unsigned code);
void proto_writer_free(struct proto_writer *w);

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

/*
 * The reply of several frames, put together by svctl. Feed each whole
 * frame in order; zeroed is empty. Returns 1 while the reply goes on
 * (PROTO_F_MORE), 0 when it is complete and *m holds it (as from
 * proto_decode: free it with proto_msg_free), or -errno as proto_decode
 * (a request, or a frame of another version, is -EBADMSG /
 * -EPROTONOSUPPORT), or -EMSGSIZE / -E2BIG when the whole reply passes
 * PROTO_MAX_REPLY_TOTAL / PROTO_MAX_REPLY_TOTAL_STRINGS. Each frame's
 * body is copied once, so the whole costs O(total). After 0 or an error
 * the collector is empty again.
 */
struct proto_collector {
	struct proto_buf body; /* the bodies so far, end to end */
	size_t n;	       /* their strings */
};

int proto_collect(struct proto_collector *c, const void *frame, size_t len,
		  struct proto_msg *m);
void proto_collector_free(struct proto_collector *c);

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
