# What svctl says about jobs: a stop that cancels a start succeeds and
# only the start's waiter hears "canceled"; a start refused for an
# ordering cycle says so; a start whose required unit failed says
# "dependency".
. "$TESTLIB"

run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}
ns_alive() { nsenter -t "$(ns_init)" -p -m -- sh -c "kill -0 $1" 2>/dev/null; }

unit prestop.service <<EOF
[Service]
ExecStartPre=/bin/sh -c 'echo \$\$\$\$ >$T/pre.pid; exec sleep 600'
ExecStart=/bin/sleep 600
EOF
unit c1.service <<EOF
[Unit]
After=c2.service
[Service]
ExecStart=/bin/sleep 600
EOF
unit c2.service <<EOF
[Unit]
After=c1.service
[Service]
ExecStart=/bin/sleep 600
EOF
unit onc.service <<EOF
[Unit]
Requires=c1.service
After=c1.service
[Service]
ExecStart=/bin/sleep 600
EOF
unit bad.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/false
EOF
unit needy.service <<EOF
[Unit]
Requires=bad.service
After=bad.service
[Service]
ExecStart=/bin/sleep 600
EOF

start_svinit

# --- stop while the start is in ExecStartPre ---
"$SVCTL" --runtime-dir "$T/run" start prestop.service >"$T/start.out" 2>"$T/start.err" &
starter=$!
wait_until '[ "$(prop prestop.service SubState)" = start-pre ] && test -s $T/pre.pid' 10 ||
	fail "prestop.service did not reach ExecStartPre"
pre=$(cat "$T/pre.pid")
ns_alive "$pre" || fail "the ExecStartPre process $pre is not running"
run sv stop prestop.service
expect_eq "$rc" 0 "svctl stop of a unit in ExecStartPre"
[ ! -s "$T/err" ] || fail "svctl stop printed on stderr: $(cat "$T/err")"
expect_eq "$(prop prestop.service ActiveState)" inactive "prestop.service after the stop"
wait_until "! ns_alive $pre" 5 || fail "the ExecStartPre process $pre survived the stop"
src=0
wait $starter || src=$?
expect_eq "$src" 1 "the waiting svctl start"
grep -qx "svctl: job for prestop.service was canceled (result: canceled)" "$T/start.err" ||
	fail "the waiting start was told: $(cat "$T/start.err")"
ok "stop during ExecStartPre: stop exits 0 silently; the start's waiter hears 'canceled'"

# The same with nobody waiting on the start.
run sv --no-block start prestop.service
expect_eq "$rc" 0 "--no-block start"
wait_until '[ "$(prop prestop.service SubState)" = start-pre ]' 10 || fail "no start-pre the second time"
run sv stop prestop.service
expect_eq "$rc" 0 "svctl stop after a --no-block start"
[ ! -s "$T/err" ] || fail "svctl stop printed on stderr: $(cat "$T/err")"
# And a stop of a unit that is down already.
run sv stop prestop.service
expect_eq "$rc" 0 "svctl stop of an inactive unit"
ok "stop after a --no-block start, and of an inactive unit: exit 0"

# --- a start refused for an ordering cycle ---
run sv start c1.service
expect_eq "$rc" 1 "start of a unit on an ordering cycle"
grep -q "c1.service is on an ordering cycle" "$T/err" || fail "start c1: stderr: $(cat "$T/err")"
grep -q "result: success" "$T/err" && fail "start c1 still says result: success"
[ "$(wc -l <"$T/err")" = 1 ] || fail "start c1: more than one line: $(cat "$T/err")"
expect_eq "$(prop c1.service ActiveState)" inactive "c1.service after the refused start"
run sv restart c2.service
expect_eq "$rc" 1 "restart of a unit on an ordering cycle"
grep -q "c2.service is on an ordering cycle" "$T/err" || fail "restart c2: stderr: $(cat "$T/err")"
ok "start/restart of a unit on an ordering cycle: exit 1, the cycle named"

# --- required units that did not come up ---
run sv start onc.service
expect_eq "$rc" 1 "start of a unit requiring a cycle unit"
grep -qx "svctl: job for onc.service failed (result: dependency)" "$T/err" ||
	fail "start onc: stderr: $(cat "$T/err")"
run sv start needy.service
expect_eq "$rc" 1 "start of a unit requiring a failing one"
grep -qx "svctl: job for needy.service failed (result: dependency)" "$T/err" ||
	fail "start needy: stderr: $(cat "$T/err")"
run sv start bad.service
expect_eq "$rc" 1 "start of the failing unit itself"
grep -qx "svctl: job for bad.service failed (result: exit-code)" "$T/err" ||
	fail "start bad: stderr: $(cat "$T/err")"
ok "a Requires= that did not start: 'result: dependency'; the failed unit: its Result"

# --- several units: each judged by its own job ---
run sv start bad.service prestop.service --no-block
expect_eq "$rc" 0 "--no-block start of two units"
wait_until '[ "$(prop prestop.service SubState)" = start-pre ]' 10 || fail "no start-pre the third time"
run sv stop prestop.service bad.service
expect_eq "$rc" 0 "stop of two units, one canceling a start"
ok "stop of several units: exit 0"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
