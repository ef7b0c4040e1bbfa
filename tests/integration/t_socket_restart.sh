# Socket activation keeps the listening socket through restarts: a client
# connecting in a loop (tests/helpers/connloop.py, one connection at a
# time, bounded to 4 s) while the service is restarted twice sees no
# connection refused and none failed; connections made while the service
# is down wait in the backlog and are answered by the next instance, which
# takes 200 ms to start serving.
. "$TESTLIB"

E=$BUILD/helpers/sockecho
LOOP=$(dirname "$TESTLIB")/../helpers/connloop.py
[ -x "$E" ] || skip "no $E (libsystemd-dev missing: make deps)"
command -v ip >/dev/null || skip "no ip (iproute2)"
command -v python3 >/dev/null || skip "no python3"

unit web.socket <<EOF
[Socket]
ListenStream=127.0.0.1:7010
EOF
unit web.service <<EOF
[Service]
ExecStart=$E web delay 200
EOF
NS_UNSHARE=--net NS_SETUP="ip link set lo up" start_svinit
sv start web.socket || fail "start web.socket"

nsenter -t "$(ns_init)" -n -- python3 "$LOOP" 127.0.0.1 7010 4 >"$T/loop.out" 2>&1 &
loop=$!
wait_until 'sv is-active web.service' 5 || fail "the loop did not start web.service"
sleep 1
sv restart web.service || fail "first restart"
sleep 1
sv restart web.service || fail "second restart"
wait $loop
out=$(cat "$T/loop.out")
runs=$(sv logs web.service -n 100 | grep -c "sockecho web: fds=1")
[ "$runs" = 3 ] || fail "expected 3 runs of the service, saw $runs"
case $out in
ok=*" refused=0 failed=0") ;;
*) fail "connections lost across the restarts: $out" ;;
esac
n=${out#ok=}
n=${n%% *}
[ "$n" -ge 50 ] || fail "too few connections to mean anything: $out"
ok "two restarts under a connection loop: $out"
stop_svinit
