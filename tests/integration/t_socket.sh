# Socket activation with a server built on libsystemd
# (tests/helpers/sockecho.c), in a network namespace of the test's own
# (only its loopback): sockets.target pulls in an enabled socket at start;
# the first connection starts the service on demand, which gets the
# socket as fd 3.. with LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES; it is
# watched again once the service exits; TCP, unix stream (SocketMode=),
# datagram and FIFO; Sockets= on a service; a port in use fails the
# socket unit with the address and the errno; a service that keeps
# failing fails its socket; a stop closes the port and RemoveOnStop=
# removes the file.
. "$TESTLIB"

E=$BUILD/helpers/sockecho
[ -x "$E" ] || skip "no $E (libsystemd-dev missing: make deps)"
command -v ip >/dev/null || skip "no ip (iproute2)"
command -v python3 >/dev/null || skip "no python3"

unit echo.socket <<EOF
[Unit]
Description=Echo sockets
[Socket]
ListenStream=127.0.0.1:7001
ListenStream=$T/run/echo.sock
SocketMode=0600
FileDescriptorName=echo
RemoveOnStop=yes
[Install]
WantedBy=sockets.target
EOF
unit echo.service <<EOF
[Service]
ExecStart=$E one exit-after 1
EOF
unit dgram.socket <<EOF
[Socket]
ListenDatagram=127.0.0.1:7002
Service=dgram-server.service
EOF
unit dgram-server.service <<EOF
[Service]
ExecStart=$E dg
EOF
unit fifo.socket <<EOF
[Socket]
ListenFIFO=$T/run/in.fifo
SocketMode=0620
EOF
unit fifo.service <<EOF
[Service]
ExecStart=$E ff
EOF
unit extra.socket <<EOF
[Socket]
ListenStream=127.0.0.1:7003
FileDescriptorName=extra
Service=echo.service
EOF
unit user.service <<EOF
[Service]
Sockets=extra.socket
ExecStart=$E user
EOF
unit busy.socket <<EOF
[Socket]
ListenStream=127.0.0.1:7001
EOF
unit busy.service <<EOF
[Service]
ExecStart=$E busy
EOF
unit opts.socket <<EOF
[Socket]
ListenStream=[::1]:7005
ListenSequentialPacket=@svinit-test-$$
Backlog=7
ReusePort=yes
FreeBind=yes
BindIPv6Only=ipv6-only
EOF
unit opts.service <<EOF
[Service]
ExecStart=$E opts
EOF
unit owned.socket <<EOF
[Socket]
ListenStream=$T/run/owned/o.sock
SocketUser=nobody
SocketGroup=nogroup
DirectoryMode=0700
Service=opts.service
EOF
# Two services that die at once: one hits the socket's trigger limit
# (its own start limit off), the other its own start limit (the socket's
# trigger limit off).
unit bad.socket <<EOF
[Socket]
ListenStream=127.0.0.1:7004
TriggerLimitBurst=3
EOF
unit bad.service <<EOF
[Unit]
StartLimitBurst=0
[Service]
ExecStart=$E bad fail
EOF
unit bad2.socket <<EOF
[Socket]
ListenStream=127.0.0.1:7006
TriggerLimitBurst=0
EOF
unit bad2.service <<EOF
[Unit]
StartLimitBurst=2
[Service]
ExecStart=$E bad2 fail
EOF

NS_UNSHARE=--net NS_SETUP="ip link set lo up" start_svinit

# client KIND ADDRESS TEXT: one exchange from inside the namespace's
# network; prints the answer, or "ERROR <reason>".
client() {
	nsenter -t "$(ns_init)" -n -- python3 - "$@" <<'PY'
import socket, sys
kind, addr, text = sys.argv[1:4]
try:
    if kind == "unix":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); a = addr
    elif kind == "seqpacket":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        a = "\0" + addr[1:]
    elif kind == "tcp6":
        host, port = addr.rsplit(":", 1)
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        a = (host.strip("[]"), int(port))
    else:
        host, port = addr.rsplit(":", 1); a = (host, int(port))
        s = socket.socket(socket.AF_INET,
                          socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM)
    s.settimeout(10)
    if kind == "udp":
        s.sendto((text + "\n").encode(), a)
        print(s.recv(600).decode().strip())
    else:
        s.connect(a); s.sendall((text + "\n").encode())
        print(s.makefile().readline().strip())
except Exception as e:
    print("ERROR", e)
PY
}
logs() { sv logs "$1" -n 100 2>/dev/null; }

# sockets.target (pulled in by the default target) started the enabled
# socket; the service waits for traffic.
wait_until 'sv is-active echo.socket' 5 || fail "echo.socket not started at boot"
sv is-active echo.service >/dev/null && fail "echo.service started without traffic"
sv status echo.socket | grep -q "listening" ||
	fail "status does not say listening: $(sv status echo.socket)"
sv show echo.socket | grep -q "^Listen=127.0.0.1:7001 (Stream)" ||
	fail "show lacks Listen=: $(sv show echo.socket)"
ok "sockets.target starts an enabled socket; the service waits for traffic"

got=$(client tcp 127.0.0.1:7001 hello)
expect_eq "$got" "one echo: hello" "the first connection"
logs echo.service | grep -q "sockecho one: fds=2 names=echo:echo pid=" ||
	fail "LISTEN_FDS/LISTEN_FDNAMES/LISTEN_PID not as expected: $(logs echo.service)"
ok "a connection starts the service, which gets fds=2 names=echo:echo (LISTEN_PID its own)"

# exit-after 1: the service ends; the socket watches again, and the next
# connection starts it again.
wait_until '! sv is-active echo.service' 5 || fail "echo.service did not end"
got=$(client unix "$T/run/echo.sock" again)
expect_eq "$got" "one echo: again" "the connection after the service ended"
[ "$(logs echo.service | grep -c 'sockecho one: fds=2')" = 2 ] ||
	fail "not started a second time: $(logs echo.service)"
[ "$(stat -c %a "$T/run/echo.sock")" = 600 ] ||
	fail "SocketMode=0600 not applied: $(stat -c %a "$T/run/echo.sock")"
ok "started again on demand once it ended; unix socket with SocketMode=0600"

sv start dgram.socket || fail "start dgram.socket"
got=$(client udp 127.0.0.1:7002 ping)
expect_eq "$got" "dg dgram.socket: ping" "a datagram"
sv is-active dgram-server.service >/dev/null || fail "Service= not started"
ok "ListenDatagram= with Service=: a datagram starts the named service"

sv start fifo.socket || fail "start fifo.socket"
[ -p "$T/run/in.fifo" ] || fail "no FIFO made"
[ "$(stat -c %a "$T/run/in.fifo")" = 620 ] || fail "FIFO mode not 620"
echo "through the fifo" >"$T/run/in.fifo"
wait_until 'logs fifo.service | grep -q "ff fifo: through the fifo"' 5 ||
	fail "the FIFO did not reach the service: $(logs fifo.service)"
ok "ListenFIFO=: data in the FIFO starts the service, which reads it"

# Sockets= wants the socket and passes it (after its own socket, if any).
sv start user.service || fail "start user.service"
sv is-active extra.socket >/dev/null || fail "Sockets= did not pull in extra.socket"
logs user.service | grep -q "sockecho user: fds=1 names=extra pid=" ||
	fail "Sockets= did not pass the socket: $(logs user.service)"
ok "Sockets=: the socket is pulled in and passed"

# The options: IPv6 only, SO_REUSEPORT, IP_FREEBIND, the backlog (ss
# shows it as Send-Q of a listening socket); an abstract seqpacket
# socket; the owner and directory mode of a unix socket's file.
sv start opts.socket owned.socket || fail "start opts.socket owned.socket"
got=$(client tcp6 "[::1]:7005" six)
expect_eq "$got" "opts opts.socket: six" "an IPv6 connection"
logs opts.service | grep -q "fd 3: reuseport=1 v6only=1 freebind=1" ||
	fail "socket options not set: $(logs opts.service)"
q=$(nsenter -t "$(ns_init)" -n -- ss -ltnH 'sport = :7005' | awk '{print $3}')
expect_eq "$q" 7 "Backlog=7"
got=$(client seqpacket "@svinit-test-$$" seq)
expect_eq "$got" "opts opts.socket: seq" "an abstract seqpacket connection"
[ "$(stat -c %U:%G "$T/run/owned/o.sock")" = nobody:nogroup ] ||
	fail "SocketUser/SocketGroup: $(stat -c %U:%G "$T/run/owned/o.sock")"
[ "$(stat -c %a "$T/run/owned")" = 700 ] || fail "DirectoryMode=0700 not applied"
ok "IPv6 only, ReusePort, FreeBind, Backlog, abstract seqpacket, SocketUser/Group, DirectoryMode"

# A port in use: the socket fails, saying which address and why.
sv start busy.socket 2>/dev/null && fail "busy.socket started on a port in use"
[ "$(prop busy.socket ActiveState)" = failed ] || fail "busy.socket not failed"
grep -q "busy.socket: cannot listen on 127.0.0.1:7001 (Stream): bind: Address already in use" "$T/svinit.err" ||
	fail "no message naming the address and errno: $(grep busy "$T/svinit.err")"
ok "a port in use fails the socket: address, step and errno logged"

# A service that fails at once: the socket gives up instead of spinning.
sv start bad.socket bad2.socket || fail "start bad.socket bad2.socket"
client tcp 127.0.0.1:7004 x >/dev/null
client tcp 127.0.0.1:7006 x >/dev/null
wait_until '[ "$(prop bad.socket ActiveState)" = failed ]' 10 ||
	fail "bad.socket still $(prop bad.socket ActiveState)"
expect_eq "$(prop bad.socket Result)" trigger-limit-hit "bad.socket Result"
[ "$(logs bad.service | grep -c 'sockecho bad:')" = 3 ] ||
	fail "bad.service not started exactly TriggerLimitBurst=3 times"
wait_until '[ "$(prop bad2.socket ActiveState)" = failed ]' 10 ||
	fail "bad2.socket still $(prop bad2.socket ActiveState)"
expect_eq "$(prop bad2.socket Result)" service-start-limit-hit "bad2.socket Result"
ok "a service that keeps failing fails its socket (trigger-limit-hit, service-start-limit-hit)"

# A stop closes the port and removes the file (RemoveOnStop=yes).
sv stop echo.socket || fail "stop echo.socket"
got=$(client tcp 127.0.0.1:7001 x)
case $got in ERROR*) ;; *) fail "port still open after stop: $got" ;; esac
[ -e "$T/run/echo.sock" ] && fail "RemoveOnStop=yes left the file"
ok "stop closes the port and removes the unix socket file"

stop_svinit
ok "svinit exited ($SV_STATUS)"
