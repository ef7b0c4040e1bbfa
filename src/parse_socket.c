/*
 * parse_socket: the [Socket] section of .socket units (socket.h), and
 * Sockets= of [Service].
 *
 * Decisions (the man page repeats them):
 * - Listen*= values are parsed here, at load, with no name lookup; a bad
 *   address is an error at its line. An empty Listen*= empties the list
 *   (of every kind, as in systemd).
 * - Accept=yes (a service instance per connection) is refused: svinit
 *   creates no units at runtime (doc/decisions.md).
 * - Keys of [Socket] that only tune what the kernel does and that svinit
 *   does not implement (Timestamping=, PassSecurity=, ...) are unknown
 *   keys: a warning, as for any unknown key. None of them confines a
 *   service, so running without them gives nothing away.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* An entry whose field is in struct socket_conf (parse_key_field). */
#define SOCK(name, fn, field, arg)                                             \
	{                                                                      \
		PARSE_SECT_SOCKET, name, fn, offsetof(struct socket_conf,     \
						      field),                  \
			arg                                                    \
	}

static int k_listen(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	struct socket_conf *sc = c->u->sock;
	struct socket_listen l, *grown;
	const char *why;
	char *s = NULL;
	int r;

	if (!*v) {
		for (size_t i = 0; i < sc->n_listen; i++)
			socket_listen_clear(&sc->listen[i]);
		sc->n_listen = 0;
		return 0;
	}
	r = parse_expand_word(c, k, v, v, &s);
	if (r)
		return r;
	if (!parse_list_room(c, k->name, sc->n_listen)) {
		free(s);
		return 1;
	}
	r = socket_parse_listen((enum socket_kind)k->arg, s, &l, &why);
	free(s);
	if (r == -EINVAL)
		return parse_bad(c, k, v, why);
	if (r < 0)
		return r;
	l.line = c->line;
	grown = realloc(sc->listen, (sc->n_listen + 1) * sizeof(*grown));
	if (!grown) {
		socket_listen_clear(&l);
		return -ENOMEM;
	}
	sc->listen = grown;
	sc->listen[sc->n_listen++] = l;
	return 0;
}

/* Service=: the unit the socket activates, a plain .service name. */
static int k_service(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	char *s = NULL;
	int r = *v ? parse_expand_word(c, k, v, v, &s) : 0;

	if (r)
		return r;
	if (s && (!unit_name_is_valid(s) ||
		  unit_type_from_name(s) != UNIT_SERVICE ||
		  unit_name_is_template(s))) {
		free(s);
		return parse_bad(c, k, v, "not the name of a service");
	}
	free(c->u->sock->service);
	c->u->sock->service = s;
	return 0;
}

/* FileDescriptorName=: goes into LISTEN_FDNAMES=, `:`-separated, so as
 * in systemd: printable ASCII without `:`, at most 255 bytes. */
static int k_fd_name(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	char *s = NULL;
	int r = *v ? parse_expand_word(c, k, v, v, &s) : 0;

	if (r)
		return r;
	for (const char *p = s; p && *p; p++)
		if (*p <= ' ' || *p > '~' || *p == ':' || p - s >= 255) {
			free(s);
			return parse_bad(c, k, v,
					 "printable, without spaces or `:`, at "
					 "most 255 bytes");
		}
	free(c->u->sock->fd_name);
	c->u->sock->fd_name = s;
	return 0;
}

/* SocketUser= (arg 0), SocketGroup= (arg 1): a name or number, resolved
 * by the loader (loadcheck.c), which reports an unknown one at this line. */
static int k_owner(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct socket_conf *sc = c->u->sock;
	char **f = k->arg ? &sc->group : &sc->user;
	char *s = NULL;
	int r = *v ? parse_expand_word(c, k, v, v, &s) : 0;

	if (r)
		return r;
	if (s && !parse_user_name_ok(s)) {
		free(s);
		return parse_bad(c, k, v, "not a user or group name");
	}
	free(*f);
	*f = s;
	*(k->arg ? &sc->group_line : &sc->user_line) = c->line;
	return 0;
}

/* SocketMode=, DirectoryMode=: octal, at most 07777. */
static int k_mode(struct parse_ctx *c, const struct parse_key *k,
		  const char *v)
{
	unsigned m = 0;
	const char *p = v;

	for (; *p >= '0' && *p <= '7' && m <= 07777; p++)
		m = m * 8 + (unsigned)(*p - '0');
	if (p == v || *p || m > 07777)
		return parse_bad(c, k, v, "not an octal mode");
	*(mode_t *)parse_key_field(c, k) = (mode_t)m;
	return 0;
}

static int k_v6only(struct parse_ctx *c, const struct parse_key *k,
		    const char *v)
{
	static const char *const names[] = {"default", "both", "ipv6-only",
					    NULL};
	int i = parse_find_word(names, v);

	if (i < 0)
		return parse_bad(c, k, v, NULL);
	c->u->sock->v6only = (enum socket_v6only)i;
	return 0;
}

/* Sockets=: like Requires= in what it accepts, but only .socket names;
 * as in systemd, each is also wanted and ordered before the service. */
static int k_sockets(struct parse_ctx *c, const struct parse_key *k,
		     const char *v)
{
	struct unit *u = c->u;
	size_t before = strv_len(u->svc.sockets);
	int r = parse_k_list(c, k, v);

	for (size_t i = before; r == 0 && u->svc.sockets && u->svc.sockets[i];
	     i++) {
		const char *w = u->svc.sockets[i];

		if (unit_type_from_name(w) != UNIT_SOCKET)
			return parse_bad(c, k, w, "not a .socket unit");
		if (!strv_contains(u->deps[DEP_WANTS], w))
			r = strv_push_dup(&u->deps[DEP_WANTS], w);
		if (r == 0 && !strv_contains(u->deps[DEP_AFTER], w))
			r = strv_push_dup(&u->deps[DEP_AFTER], w);
	}
	return r;
}

static const struct parse_key keys[] = {
	SOCK("ListenStream", k_listen, listen, SOCKET_STREAM),
	SOCK("ListenDatagram", k_listen, listen, SOCKET_DATAGRAM),
	SOCK("ListenSequentialPacket", k_listen, listen, SOCKET_SEQPACKET),
	SOCK("ListenFIFO", k_listen, listen, SOCKET_FIFO),
	SOCK("Accept", parse_k_bool, accept, 0),
	SOCK("Service", k_service, service, 0),
	SOCK("FileDescriptorName", k_fd_name, fd_name, 0),
	SOCK("Backlog", parse_k_unsigned, backlog, 0),
	SOCK("SocketUser", k_owner, user, 0),
	SOCK("SocketGroup", k_owner, group, 1),
	SOCK("SocketMode", k_mode, socket_mode, 0),
	SOCK("DirectoryMode", k_mode, directory_mode, 0),
	SOCK("ReusePort", parse_k_bool, reuse_port, 0),
	SOCK("FreeBind", parse_k_bool, free_bind, 0),
	SOCK("PassCredentials", parse_k_bool, pass_cred, 0),
	SOCK("RemoveOnStop", parse_k_bool, remove_on_stop, 0),
	SOCK("NonBlocking", parse_k_bool, non_blocking, 0),
	SOCK("BindIPv6Only", k_v6only, v6only, 0),
	SOCK("ReceiveBuffer", parse_k_size, rcvbuf, 0),
	SOCK("SendBuffer", parse_k_size, sndbuf, 0),
	SOCK("TriggerLimitIntervalSec", parse_k_time, trigger_interval, 0),
	SOCK("TriggerLimitBurst", parse_k_unsigned, trigger_burst, 0),
	PARSE_SVC_KEY("Sockets", k_sockets, sockets, LIST_HARD),
};

const struct parse_key_table parse_socket_keys = PARSE_KEY_TABLE(keys);

/* The checks across keys of a socket unit, after every file was read. */
int parse_socket_finish(struct unit *u, struct diag_list *dl)
{
	const char *file = u->path ? u->path : u->name;
	size_t errors = dl->n_errors;

	if (u->sock->n_listen == 0)
		diag_add(dl, DIAG_ERROR, file, 0,
			 "socket unit has no ListenStream=, ListenDatagram=, "
			 "ListenSequentialPacket= or ListenFIFO=");
	if (u->sock->accept)
		diag_add(dl, DIAG_ERROR, file, 0,
			 "Accept=yes (a service instance per connection) is "
			 "not supported: use Accept=no and let the service "
			 "accept");
	return dl->n_errors > errors ? -EINVAL : 0;
}
