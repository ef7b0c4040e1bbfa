/*
 * ctlclient: svctl's side of the control socket.
 *
 * Owns: one blocking request/reply exchange. svctl has nothing else to
 * do while it waits, so this blocks, and it waits as long as svinit
 * takes (a start waits for its job). Used by svctl only; the daemon
 * never blocks on a socket.
 */
#ifndef SVINIT_CTLCLIENT_H
#define SVINIT_CTLCLIENT_H

#include <stddef.h>

#include "proto.h"

/*
 * Connect to sock_path, send the request argv[0..argc-1] (the verb and
 * its arguments, see proto.h) and read the whole reply into *reply
 * (free it with proto_msg_free). 0, or -errno: -ENOENT / -ECONNREFUSED
 * when svinit is not running there, -ENAMETOOLONG for a path that does
 * not fit a socket address, -EPROTONOSUPPORT when svinit speaks another
 * version (reply->version tells which), -EBADMSG / -EMSGSIZE for a
 * malformed reply, -ECONNRESET when svinit closed the connection
 * without answering.
 */
int ctlclient_call(const char *sock_path, const char *const *argv, size_t argc,
		   struct proto_msg *reply);

#endif
