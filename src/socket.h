/*
 * socket: the configuration of a .socket unit, and opening what it
 * listens on.
 *
 * Owns: `struct socket_conf` (the [Socket] section: what to listen on and
 * how), the parsing of a Listen*= address, and the syscalls that turn
 * one listen entry into an open, bound, listening descriptor. The
 * runtime side (holding the descriptors, watching them, starting the
 * service on traffic) is the manager's (manager_socket.c); this module
 * keeps no state, so that the address parser can be tested and fuzzed
 * alone and an open can be tried in a test without a daemon.
 *
 * Addresses are parsed at load, never resolved: as in systemd, a Listen*=
 * value names a port, an IP address with a port, a path or an abstract
 * name, never a host name (a name lookup could block the loop).
 */
#ifndef SVINIT_SOCKET_H
#define SVINIT_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "util.h"

enum socket_kind {
	SOCKET_STREAM,	  /* ListenStream= */
	SOCKET_DATAGRAM,  /* ListenDatagram= */
	SOCKET_SEQPACKET, /* ListenSequentialPacket= */
	SOCKET_FIFO,	  /* ListenFIFO= */
	_SOCKET_KIND_MAX,
};

/* BindIPv6Only=: whether a [::] socket also takes IPv4 (the kernel's
 * default, which svinit does not change, unless `both` or `ipv6-only`). */
enum socket_v6only {
	SOCKET_V6_DEFAULT,
	SOCKET_V6_BOTH,
	SOCKET_V6_ONLY,
};

/* One Listen*= line, parsed. */
struct socket_listen {
	enum socket_kind kind;
	char *text; /* as written (after specifiers), for messages */
	/* The address to bind (not for a FIFO). A bare port is [::]:PORT,
	 * falling back to 0.0.0.0:PORT on a kernel without IPv6. */
	struct sockaddr_storage addr;
	socklen_t addr_len;
	bool port_only;
	/* A FIFO's path, or a unix socket's in the file system (not an
	 * abstract name): made, given SocketMode= and the owner, and
	 * removed at stop with RemoveOnStop=. NULL otherwise. */
	char *path;
	unsigned line;
};

struct socket_conf {
	struct socket_listen *listen;
	size_t n_listen;
	char *service; /* Service=; NULL: the unit's own name as .service */
	char *fd_name; /* FileDescriptorName=; NULL: the unit's name */
	unsigned backlog;	/* Backlog=, default SOMAXCONN */
	mode_t socket_mode;	/* SocketMode=, default 0666 */
	mode_t directory_mode;	/* DirectoryMode=, default 0755 */
	char *user, *group;	/* SocketUser=, SocketGroup=, as written */
	unsigned user_line, group_line;
	uid_t uid;		/* resolved at load (loadcheck.c); */
	gid_t gid;		/* (uid_t)-1 / (gid_t)-1: unchanged */
	bool accept;		/* Accept=yes: refused at load */
	bool reuse_port, free_bind, pass_cred, remove_on_stop, non_blocking;
	enum socket_v6only v6only;
	uint64_t rcvbuf, sndbuf; /* ReceiveBuffer=, SendBuffer=; 0 unset */
	/* TriggerLimitIntervalSec=/TriggerLimitBurst=: at most this many
	 * starts of the service by traffic in the interval, else the socket
	 * fails (a service that dies at once must not spin). */
	usec_t trigger_interval;
	unsigned trigger_burst;
};

/* A conf with systemd's defaults; NULL on ENOMEM. */
struct socket_conf *socket_conf_new(void);
void socket_conf_free(struct socket_conf *c);

/* Parse the value of a Listen*= key of kind k into *out (its strings
 * owned by out): 0, -ENOMEM, or -EINVAL with the reason in *why. */
int socket_parse_listen(enum socket_kind k, const char *v,
			struct socket_listen *out, const char **why);
void socket_listen_clear(struct socket_listen *l);

/* "Stream", "Datagram", "SequentialPacket", "FIFO": the Listen*= key's
 * tail, as svctl shows it. */
const char *socket_kind_to_string(enum socket_kind k);

/* Open, bind and listen for one entry of c: 0 with *fd (CLOEXEC), or
 * -errno and *step names what failed ("socket", "bind", ...), for a
 * message that names the address. The descriptor is blocking unless
 * NonBlocking=yes: the service shares its file status flags. */
int socket_listen_open(const struct socket_conf *c,
		       const struct socket_listen *l, int *fd,
		       const char **step);
/* At stop: remove the file of a unix socket or FIFO when RemoveOnStop=
 * asks; errors are ignored (the file may be gone). */
void socket_listen_remove(const struct socket_conf *c,
			  const struct socket_listen *l);

#endif
