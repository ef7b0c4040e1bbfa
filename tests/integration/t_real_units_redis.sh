# Debian's redis-server from its own unit file (Type=notify, `--supervised
# systemd`, PrivateUsers=, PrivateTmp=, ProtectSystem=strict, a system
# call filter, RemoveIPC=, ...): svctl start returns once redis said
# READY=1 (its STATUS= is shown), it answers PING on 127.0.0.1:6379 in
# the test's own network, and stop leaves nothing.
. "$TESTLIB"
. "$(dirname "$0")/real_units.sh"

real_need /usr/bin/redis-server
real_unit redis-server.service
have_sys_resource || [ "$(ulimit -Hn)" -ge 65535 ] ||
	real_degrade redis-server.service LimitNOFILE=$(ulimit -Hn) \
		"LimitNOFILE=65535 is above the hard limit $(ulimit -Hn) and root lacks CAP_SYS_RESOURCE"
real_tmpfs /var/lib/redis redis redis 750
real_tmpfs /var/log/redis redis adm 2750
real_start

expect_eq "$(prop redis-server.service Type)" notify "Type"
real_active redis-server.service
# Type=notify: active only after READY=1, so it answers at once.
expect_eq "$(ask 6379 '*1\r\n$4\r\nPING\r\n')" "+PONG" "PING right after start"
expect_eq "$(prop redis-server.service StatusText)" "Ready to accept connections" \
	"the STATUS= redis sent with READY=1"
pid=$(prop redis-server.service MainPID)
# Its sandbox is in force: its own user namespace, uid redis inside.
uns=$(in_ns readlink /proc/$pid/ns/user)
[ -n "$uns" ] && [ "$uns" != "$(readlink /proc/self/ns/user)" ] ||
	fail "PrivateUsers=: redis is in the host's user namespace ($uns)"
expect_eq "$(in_ns awk '{print $1, $2, $3}' /proc/$pid/uid_map)" "$(id -u redis) $(id -u redis) 1" "redis's uid map"
ok "redis-server (Type=notify) active at READY=1: PING answered, StatusText '$(prop redis-server.service StatusText)', own user namespace"

real_stopped redis-server.service
ok "redis-server stopped, nothing left"
real_end
