/*
 * notify: the sd_notify socket and the parser of its datagrams.
 *
 * Owns: one AF_UNIX SOCK_DGRAM socket (notify.sock in the runtime dir),
 * bound with SO_PASSCRED so that the kernel tells who sent each datagram,
 * non-blocking and close-on-exec, read from the loop; and the pure parser
 * that turns a datagram's text (systemd's protocol: newline-separated
 * KEY=VALUE assignments) into a `struct notify_msg`.
 *
 * Trust: a datagram comes from any process that can reach the socket. It
 * is bounded (NOTIFY_DGRAM_MAX bytes; a longer one is dropped whole), it
 * must carry the sender's credentials (the kernel's, not the sender's
 * word), and it may carry descriptors only with FDSTORE=1 (at most
 * NOTIFY_FDS_MAX): others are closed at once and the datagram is
 * dropped. A datagram that is not text assignments is dropped too. Every
 * drop is counted in `struct notify_stats`; nothing dropped is acted on.
 * What the message means for a unit (which unit the sender belongs to,
 * whether NotifyAccess= lets it speak) is the caller's to decide.
 */
#ifndef SVINIT_NOTIFY_H
#define SVINIT_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "loop.h"
#include "util.h"

/* systemd's limit too: a daemon never sends more in one datagram. */
#define NOTIFY_DGRAM_MAX 4096
/* Descriptors one datagram may carry (FDSTORE=1); more: all dropped. */
#define NOTIFY_FDS_MAX 64

/* What a datagram says; a flag for each assignment present. */
enum {
	NOTIFY_READY = 1 << 0,		  /* READY=1 */
	NOTIFY_RELOADING = 1 << 1,	  /* RELOADING=1 */
	NOTIFY_STOPPING = 1 << 2,	  /* STOPPING=1 */
	NOTIFY_STATUS = 1 << 3,		  /* STATUS=text */
	NOTIFY_MAINPID = 1 << 4,	  /* MAINPID=pid */
	NOTIFY_ERRNO = 1 << 5,		  /* ERRNO=n */
	NOTIFY_EXTEND_TIMEOUT = 1 << 6,	  /* EXTEND_TIMEOUT_USEC=n */
	NOTIFY_WATCHDOG = 1 << 7,	  /* WATCHDOG=1 */
	NOTIFY_WATCHDOG_TRIGGER = 1 << 8, /* WATCHDOG=trigger */
	NOTIFY_WATCHDOG_USEC = 1 << 9,	  /* WATCHDOG_USEC=n */
	NOTIFY_MONOTONIC = 1 << 10,	  /* MONOTONIC_USEC=n */
	NOTIFY_FDSTORE = 1 << 11,	  /* FDSTORE=1 */
	NOTIFY_FDSTOREREMOVE = 1 << 12,	  /* FDSTOREREMOVE=1 */
	NOTIFY_FDNAME = 1 << 13,	  /* FDNAME=name */
	NOTIFY_FDPOLL_OFF = 1 << 14,	  /* FDPOLL=0 */
};

/* systemd's bound on FDNAME= (and on the names in LISTEN_FDNAMES). */
#define NOTIFY_FDNAME_MAX 255

struct notify_msg {
	unsigned flags;
	const char *status; /* STATUS= text, NUL-terminated, in the buffer */
	const char *fdname; /* FDNAME=: printable ASCII, no `:`, <= 255 */
	pid_t main_pid;
	int errno_value;
	usec_t extend_usec, watchdog_usec, monotonic_usec;
	/* Known keys with a value that is not theirs (READY=2, MAINPID=x,
	 * a STATUS= with control characters): each is ignored alone. */
	unsigned n_bad;
};

/*
 * Parse the len bytes of buf (one datagram; modified in place: each line
 * is NUL-terminated, so status points into buf, which must have room for
 * len + 1 bytes: a last line without its newline ends at buf[len]). Unknown
 * keys are ignored, as systemd does; for a key given twice the last one wins.
 * 0, or -EBADMSG when the datagram is not assignments at all (empty, a
 * NUL byte, a line without `=` or with an empty key): then m says
 * nothing.
 */
int notify_parse(char *buf, size_t len, struct notify_msg *m);

/* Datagrams dropped, by reason. */
struct notify_stats {
	uint64_t received;  /* every datagram read, dropped or not */
	uint64_t oversized; /* longer than NOTIFY_DGRAM_MAX */
	uint64_t with_fds;  /* descriptors without FDSTORE=1, or too many */
	uint64_t no_creds;  /* without the sender's credentials */
	uint64_t garbage;   /* notify_parse said -EBADMSG */
};

/* Called for each datagram that was not dropped: pid is the sender's
 * (from the kernel's credentials), m its message, and with FDSTORE=1
 * the n_fds descriptors it carried (close-on-exec), which the callee
 * owns: it closes those it does not keep. */
typedef void notify_fn(void *ctx, pid_t pid, const struct notify_msg *m,
		       int *fds, size_t n_fds);

struct notify_sock {
	struct loop_io io; /* io.fd is -1 while closed */
	struct loop *loop;
	char *path;
	notify_fn *fn;
	void *ctx;
	struct notify_stats stats;
	char buf[NOTIFY_DGRAM_MAX + 1]; /* one byte more tells truncation */
};

/* A closed socket (notify_close does nothing on it). */
void notify_init(struct notify_sock *n);
/* Bind path (a stale socket there is replaced) and watch it in l. 0 or
 * -errno (-ENAMETOOLONG: the path does not fit a sockaddr_un). */
int notify_open(struct notify_sock *n, struct loop *l, const char *path,
		notify_fn *fn, void *ctx);
/* Stop watching, close and unlink the socket. */
void notify_close(struct notify_sock *n);
/* Read every datagram waiting (the loop calls it; tests may too). */
void notify_drain(struct notify_sock *n);

#endif
