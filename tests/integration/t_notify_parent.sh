# --notify-parent: svinit tells the supervisor that runs it when its
# start is over, through libsystemd's sd_notify (loaded only then). Here
# the supervisor is svinit itself: the outer one runs an inner one as a
# Type=notify service; the inner's target needs a oneshot that takes a
# second, so the outer's unit must stay activating for that second and
# become active only at the inner's READY=1, when the oneshot is done.
# A stop makes the inner one say STOPPING=1 and stop its units. Without
# NOTIFY_SOCKET the option says so and svinit runs on.
. "$TESTLIB"

ldconfig -p 2>/dev/null | grep -q "libsystemd.so.0 " ||
	skip "no libsystemd.so.0 (libsystemd0)"

mkdir -p "$T/inner-units" "$T/inner-run" "$T/inner-log"
cat >"$T/inner-units/slow.service" <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'sleep 1; touch $T/slow-done'
[Install]
WantedBy=inner.target
EOF
printf '[Unit]\nDescription=inner target\n' >"$T/inner-units/inner.target"
unit inner.service <<EOF
[Service]
Type=notify
ExecStart=$SVINIT --notify-parent --no-cgroups --units $T/inner-units --runtime-dir $T/inner-run --log-dir $T/inner-log --target inner.target
EOF
start_svinit

isv() { "$SVCTL" --runtime-dir "$T/inner-run" "$@"; }
sv start inner.service &
starter=$!
wait_until 'isv is-active slow.service >/dev/null 2>&1 || test -S $T/inner-run/control.sock' 5 ||
	fail "the inner svinit did not come up"
[ "$(prop inner.service ActiveState)" = activating ] ||
	fail "inner.service is $(prop inner.service ActiveState) while its target starts"
[ -e "$T/slow-done" ] && fail "the oneshot was done too early to tell"
ok "activating while the inner svinit starts its target"

wait $starter || fail "svctl start inner.service failed"
[ -e "$T/slow-done" ] || fail "inner.service active before its target was reached"
[ "$(prop inner.service ActiveState)" = active ] || fail "inner.service not active"
isv is-active slow.service >/dev/null || fail "the inner slow.service is not active"
prop inner.service StatusText | grep -q "Start of inner.target: done" ||
	fail "no STATUS= from the inner svinit: $(prop inner.service StatusText)"
ok "active at the inner READY=1, after its target (STATUS=$(prop inner.service StatusText))"

sv stop inner.service || fail "stop inner.service"
[ "$(prop inner.service Result)" = success ] || fail "inner.service Result=$(prop inner.service Result)"
ok "stopped cleanly"

# What is sent, read straight from a notify socket of the test's own: a
# python receiver in the namespace runs svinit, waits for READY=1, sends
# SIGTERM, and expects STOPPING=1 before svinit exits.
run_inner() {
	nsenter -t "$(ns_init)" -p -m -- python3 - "$T" "$@" <<'PY'
import os, signal, socket, subprocess, sys
t, args = sys.argv[1], sys.argv[2:]
path = t + "/parent.sock"
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if os.path.exists(path): os.unlink(path)
s.bind(path)
s.settimeout(10)
env = dict(os.environ)
if args and args[0] == "--no-socket":
    args = args[1:]
    env.pop("NOTIFY_SOCKET", None)
else:
    env["NOTIFY_SOCKET"] = path
p = subprocess.Popen(args, env=env, stderr=subprocess.PIPE, text=True)
try:
    if "NOTIFY_SOCKET" in env:
        print("got:", s.recv(4096).decode().replace("\n", " "))
    else:
        import time; time.sleep(1.5)
    p.send_signal(signal.SIGTERM)
    if "NOTIFY_SOCKET" in env:
        print("got:", s.recv(4096).decode().replace("\n", " "))
except socket.timeout:
    print("timeout")
    p.kill()
err = p.communicate(timeout=20)[1]
print("exit:", p.returncode)
print(err)
PY
}
INNER="$SVINIT --notify-parent --no-cgroups --units $T/inner-units --runtime-dir $T/inner-run --log-dir $T/inner-log --target inner.target"
rm -f "$T/slow-done"
out=$(run_inner $INNER)
echo "$out" | sed -n 1p | grep -q "^got: READY=1 STATUS=Start of inner.target: done" ||
	fail "no READY=1 first: $out"
echo "$out" | sed -n 2p | grep -q "^got: STOPPING=1" || fail "no STOPPING=1 at SIGTERM: $out"
echo "$out" | grep -q "^exit: 0" || fail "svinit did not exit 0: $out"
[ -e "$T/slow-done" ] || fail "READY=1 came before the target's oneshot ended"
ok "READY=1 after the target, STOPPING=1 at SIGTERM, exit 0"

# Without NOTIFY_SOCKET: a warning, and svinit runs anyway.
out=$(run_inner --no-socket $INNER)
echo "$out" | grep -q "NOTIFY_SOCKET is not set: nothing to notify" ||
	fail "no warning without NOTIFY_SOCKET: $out"
echo "$out" | grep -q "^exit: 0" || fail "svinit did not run without NOTIFY_SOCKET: $out"
ok "without NOTIFY_SOCKET: a warning, svinit runs"
stop_svinit
