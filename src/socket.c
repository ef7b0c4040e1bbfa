/*
 * socket: see socket.h. The defaults are systemd's (systemd.socket(5)),
 * except where doc/decisions.md says otherwise.
 */
#include "socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct socket_conf *socket_conf_new(void)
{
	struct socket_conf *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->backlog = SOMAXCONN;
	c->socket_mode = 0666;
	c->directory_mode = 0755;
	c->uid = (uid_t)-1;
	c->gid = (gid_t)-1;
	c->trigger_interval = 2 * USEC_PER_SEC;
	c->trigger_burst = 20;
	return c;
}

void socket_listen_clear(struct socket_listen *l)
{
	free(l->text);
	free(l->path);
	memset(l, 0, sizeof(*l));
}

void socket_conf_free(struct socket_conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_listen; i++)
		socket_listen_clear(&c->listen[i]);
	free(c->listen);
	free(c->service);
	free(c->fd_name);
	free(c->user);
	free(c->group);
	free(c);
}

const char *socket_kind_to_string(enum socket_kind k)
{
	static const char *const names[_SOCKET_KIND_MAX] = {
		[SOCKET_STREAM] = "Stream",
		[SOCKET_DATAGRAM] = "Datagram",
		[SOCKET_SEQPACKET] = "SequentialPacket",
		[SOCKET_FIFO] = "FIFO",
	};
	return (unsigned)k < _SOCKET_KIND_MAX ? names[k] : "?";
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A unix socket: "/path" in the file system, "@name" in the abstract
 * namespace (no file; sun_path starts with a NUL). */
static int parse_unix(const char *v, struct socket_listen *out,
		      const char **why)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&out->addr;
	bool abstract = v[0] == '@';
	size_t len = strlen(v);

	/* The path needs its NUL; an abstract name's `@` becomes the NUL. */
	if (len >= sizeof(sun->sun_path) || (abstract && len < 2)) {
		*why = abstract ? "abstract name empty or too long"
				: "path too long for a unix socket";
		return -EINVAL;
	}
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, v, len);
	if (abstract)
		sun->sun_path[0] = '\0';
	out->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				    len + (abstract ? 0 : 1));
	if (!abstract && !(out->path = strdup(v)))
		return -ENOMEM;
	return 0;
}

/* "PORT", "A.B.C.D:PORT" or "[V6]:PORT". */
static int parse_inet(const char *v, struct socket_listen *out,
		      const char **why)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)&out->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&out->addr;
	const char *colon;
	char host[INET6_ADDRSTRLEN + 1];
	uint16_t port;
	size_t hl;

	*why = "not a port, an IP address with a port, an absolute path or an "
	       "@abstract name (host names are not resolved)";
	if (all_digits(v)) {
		if (str_to_port(v, strlen(v), &port) < 0) {
			*why = "port out of range 1-65535";
			return -EINVAL;
		}
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_any;
		in6->sin6_port = htons(port);
		out->addr_len = sizeof(*in6);
		out->port_only = true;
		return 0;
	}
	if (v[0] == '[') {
		const char *end = strstr(v, "]:");

		if (!end || (size_t)(end - v - 1) >= sizeof(host))
			return -EINVAL;
		hl = (size_t)(end - v - 1);
		memcpy(host, v + 1, hl);
		host[hl] = '\0';
		if (strchr(host, '%')) {
			*why = "interface scopes (%IFACE) are not supported";
			return -EINVAL;
		}
		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
			return -EINVAL;
		colon = end + 1;
		in6->sin6_family = AF_INET6;
		out->addr_len = sizeof(*in6);
	} else {
		colon = strrchr(v, ':');
		if (!colon || (size_t)(colon - v) >= sizeof(host))
			return -EINVAL;
		hl = (size_t)(colon - v);
		memcpy(host, v, hl);
		host[hl] = '\0';
		if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
			return -EINVAL;
		in4->sin_family = AF_INET;
		out->addr_len = sizeof(*in4);
	}
	if (str_to_port(colon + 1, strlen(colon + 1), &port) < 0) {
		*why = "port missing or out of range 1-65535";
		return -EINVAL;
	}
	if (out->addr.ss_family == AF_INET6)
		in6->sin6_port = htons(port);
	else
		in4->sin_port = htons(port);
	return 0;
}

int socket_parse_listen(enum socket_kind k, const char *v,
			struct socket_listen *out, const char **why)
{
	int r;

	memset(out, 0, sizeof(*out));
	out->kind = k;
	*why = NULL;
	if (k == SOCKET_FIFO) {
		if (v[0] != '/' || strlen(v) >= PATH_MAX) {
			*why = "not an absolute path";
			return -EINVAL;
		}
		r = (out->path = strdup(v)) ? 0 : -ENOMEM;
	} else if (v[0] == '/' || v[0] == '@') {
		r = parse_unix(v, out, why);
	} else if (k == SOCKET_SEQPACKET) {
		*why = "sequential packet sockets are unix sockets: an "
		       "absolute path or an @abstract name";
		r = -EINVAL;
	} else {
		r = parse_inet(v, out, why);
	}
	if (r == 0 && !(out->text = strdup(v)))
		r = -ENOMEM;
	if (r < 0)
		socket_listen_clear(out);
	return r;
}

/* mkdir -p of the directories above path, with mode; existing ones are
 * left as they are (as systemd does). */
static int make_parents(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

/* SocketMode= and SocketUser=/SocketGroup= on the file of a unix socket
 * or a FIFO. */
static int set_owner_mode(const struct socket_conf *c, const char *path)
{
	if (chmod(path, c->socket_mode) < 0)
		return -errno;
	if ((c->uid != (uid_t)-1 || c->gid != (gid_t)-1) &&
	    lchown(path, c->uid, c->gid) < 0)
		return -errno;
	return 0;
}

static int open_fifo(const struct socket_conf *c, const struct socket_listen *l,
		     int *fd, const char **step)
{
	struct stat st;
	int f, r;

	*step = "mkdir";
	r = make_parents(l->path, c->directory_mode);
	if (r < 0)
		return r;
	*step = "mkfifo";
	if (mkfifo(l->path, c->socket_mode) < 0 && errno != EEXIST)
		return -errno;
	/* O_RDWR: the open does not wait for a writer, and the FIFO never
	 * reads end-of-file while svinit holds it. */
	*step = "open";
	f = open(l->path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (f < 0)
		return -errno;
	/* Something else by that name is not svinit's to replace. */
	r = fstat(f, &st) < 0 ? -errno : S_ISFIFO(st.st_mode) ? 0 : -EEXIST;
	if (r < 0) {
		close(f);
		return r;
	}
	*step = "chmod";
	r = set_owner_mode(c, l->path);
	if (r < 0) {
		close(f);
		return r;
	}
	*fd = f;
	return 0;
}

static int set_int_opt(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value)) < 0 ? -errno
								       : 0;
}

/* The options that must be set before bind(). The address-level ones
 * (SO_REUSEADDR, SO_REUSEPORT, the IP ones) are for IP sockets only: a
 * unit listing both kinds means them for its IP sockets, and unix
 * sockets refuse them. */
static int set_options(const struct socket_conf *c, int fd, int family)
{
	bool ip = family == AF_INET || family == AF_INET6;
	int r = 0;

	if (ip)
		r = set_int_opt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (r == 0 && family == AF_INET6 && c->v6only != SOCKET_V6_DEFAULT)
		r = set_int_opt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
				c->v6only == SOCKET_V6_ONLY);
	if (r == 0 && c->reuse_port && ip)
		r = set_int_opt(fd, SOL_SOCKET, SO_REUSEPORT, 1);
	if (r == 0 && c->free_bind && family == AF_INET)
		r = set_int_opt(fd, IPPROTO_IP, IP_FREEBIND, 1);
	if (r == 0 && c->free_bind && family == AF_INET6)
		r = set_int_opt(fd, IPPROTO_IPV6, IPV6_FREEBIND, 1);
	if (r == 0 && c->pass_cred)
		r = set_int_opt(fd, SOL_SOCKET, SO_PASSCRED, 1);
	if (r == 0 && c->rcvbuf)
		r = set_int_opt(fd, SOL_SOCKET, SO_RCVBUF,
				c->rcvbuf > INT_MAX ? INT_MAX : (int)c->rcvbuf);
	if (r == 0 && c->sndbuf)
		r = set_int_opt(fd, SOL_SOCKET, SO_SNDBUF,
				c->sndbuf > INT_MAX ? INT_MAX : (int)c->sndbuf);
	return r;
}

/* A file left where a unix socket is to be bound: a stale socket (an
 * earlier run, a crash) is removed; anything else is not svinit's to
 * remove, and bind() then fails with EADDRINUSE. */
static void remove_stale_socket(const char *path)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		(void)unlink(path);
}

int socket_listen_open(const struct socket_conf *c,
		       const struct socket_listen *l, int *fd,
		       const char **step)
{
	static const int types[] = {[SOCKET_STREAM] = SOCK_STREAM,
				    [SOCKET_DATAGRAM] = SOCK_DGRAM,
				    [SOCKET_SEQPACKET] = SOCK_SEQPACKET};
	struct sockaddr_storage addr = l->addr;
	socklen_t len = l->addr_len;
	int s, r;

	if (l->kind == SOCKET_FIFO)
		return open_fifo(c, l, fd, step);
	*step = "socket";
	s = socket(addr.ss_family, types[l->kind] | SOCK_CLOEXEC, 0);
	if (s < 0 && l->port_only && errno == EAFNOSUPPORT) {
		/* A kernel without IPv6: the bare port on IPv4 alone. */
		struct sockaddr_in *in4 = (struct sockaddr_in *)&addr;
		uint16_t port = ((const struct sockaddr_in6 *)&l->addr)
					->sin6_port;

		memset(&addr, 0, sizeof(addr));
		in4->sin_family = AF_INET;
		in4->sin_addr.s_addr = htonl(INADDR_ANY);
		in4->sin_port = port;
		len = sizeof(*in4);
		s = socket(AF_INET, types[l->kind] | SOCK_CLOEXEC, 0);
	}
	if (s < 0)
		return -errno;
	*step = "setsockopt";
	r = set_options(c, s, addr.ss_family);
	if (r == 0 && l->path) {
		*step = "mkdir";
		r = make_parents(l->path, c->directory_mode);
		remove_stale_socket(l->path);
	}
	if (r == 0) {
		*step = "bind";
		r = bind(s, (struct sockaddr *)&addr, len) < 0 ? -errno : 0;
	}
	if (r == 0 && l->path) {
		*step = "chmod";
		r = set_owner_mode(c, l->path);
	}
	if (r == 0 && l->kind != SOCKET_DATAGRAM) {
		*step = "listen";
		r = listen(s, (int)(c->backlog > INT_MAX ? INT_MAX
							 : c->backlog)) < 0
			    ? -errno
			    : 0;
	}
	if (r == 0 && c->non_blocking) {
		*step = "fcntl";
		r = fcntl(s, F_SETFL, O_NONBLOCK) < 0 ? -errno : 0;
	}
	if (r < 0) {
		close(s);
		return r;
	}
	*fd = s;
	return 0;
}

void socket_listen_remove(const struct socket_conf *c,
			  const struct socket_listen *l)
{
	if (c->remove_on_stop && l->path)
		(void)unlink(l->path);
}
