/*
 * ctlsock: where the control socket lives, and its listening socket.
 *
 * Owns: the check of the runtime directory (ours, real, not writable by
 * others), the replacement of a stale socket file, the bind, mode and
 * listen, and at the end the removal of the socket file when it is still
 * ours. Only control uses it; it keeps no state beyond struct ctlsock
 * and never reads from a peer. Split from control so that each file
 * holds one concern: this one the filesystem, control the clients.
 */
#ifndef SVINIT_CTLSOCK_H
#define SVINIT_CTLSOCK_H

#include <sys/types.h>
#include <sys/un.h>

#define CTLSOCK_BACKLOG 128

struct ctlsock {
	int dirfd; /* the checked runtime directory */
	int lfd;   /* listening, non-blocking, CLOEXEC */
	dev_t dev; /* of the socket file we bound, to remove only ours */
	ino_t ino;
	struct sockaddr_un addr;
};

/*
 * Create runtime_dir (its last component, mode 0755) when missing, or
 * check the existing one: a real directory (a symlink is refused:
 * -ELOOP/-ENOTDIR), owned by our euid and not writable by group or
 * others (-EPERM). Replace a stale control.sock (a socket nobody listens
 * on); refuse one that answers (-EADDRINUSE) and any other file type
 * there (-EEXIST). Then bind, chmod 0666 (anyone may connect; the verbs
 * are authorized per request) and listen. 0, or -errno with nothing
 * left open.
 */
int ctlsock_open(struct ctlsock *s, const char *runtime_dir);
/* Remove the socket file when it is still the one we bound (a successor
 * may have replaced it), close both fds. Safe on a closed ctlsock. */
void ctlsock_close(struct ctlsock *s);

#endif
