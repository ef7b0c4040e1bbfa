# sd_notify readiness with a daemon built on libsystemd
# (tests/helpers/notifier.c): a Type=notify unit is activating until
# READY=1 and active after it, and `svctl start` waits for it; STATUS=
# shows in status and show; TimeoutStartSec= without READY=1 is
# Result=timeout; a main process that exits before READY=1 fails the
# unit; NotifyAccess=main refuses a child's READY=1 (and counts it),
# NotifyAccess=all takes it; MAINPID= moves the main process.
. "$TESTLIB"

N=$BUILD/helpers/notifier
[ -x "$N" ] || skip "no $N (libsystemd-dev missing: make deps)"

unit slow.service <<EOF
[Service]
Type=notify
ExecStart=$N sleep 1500 notify "READY=1\\nSTATUS=serving 3 clients" pause
EOF
unit never.service <<EOF
[Service]
Type=notify
TimeoutStartSec=1
ExecStart=$N pause
EOF
unit early.service <<EOF
[Service]
Type=notify
ExecStart=$N exit 0
EOF
unit child-main.service <<EOF
[Service]
Type=notify
TimeoutStartSec=3
ExecStart=$N child READY=1 pause
EOF
unit child-all.service <<EOF
[Service]
Type=notify
NotifyAccess=all
ExecStart=$N child READY=1 pause
EOF
unit forker.service <<EOF
[Service]
Type=notify
ExecStart=$N fork notify READY=1 pause
EOF
unit after-slow.service <<EOF
[Unit]
Requires=slow.service
After=slow.service
[Service]
ExecStart=/bin/sleep 600
EOF
start_svinit

# Activating until READY=1, which comes 1.5 s after the start.
sv start --no-block slow.service || fail "start --no-block slow"
sv start --no-block after-slow.service || fail "start --no-block after-slow"
sleep 0.5
expect_eq "$(sv is-active slow.service)" activating "slow before READY"
expect_eq "$(prop slow.service SubState)" start "slow before READY"
expect_eq "$(sv is-active after-slow.service)" inactive \
	"a unit ordered after slow waits for its READY"
wait_until "sv is-active slow.service" 5 || fail "slow never active"
expect_eq "$(prop slow.service StatusText)" "serving 3 clients" "StatusText"
sv status slow.service | grep -q 'Status: "serving 3 clients"' ||
	fail "status shows no Status: line"
wait_until "sv is-active after-slow.service" 5 ||
	fail "after-slow never started"
ok "Type=notify is activating until READY=1; STATUS= shown; dependents wait"

# svctl start waits for READY=1.
sv stop slow.service after-slow.service
t0=$(date +%s%N)
sv start slow.service || fail "start slow"
el=$((($(date +%s%N) - t0) / 1000000))
[ $el -ge 1300 ] || fail "svctl start returned after ${el} ms, before READY"
expect_eq "$(sv is-active slow.service)" active "slow after svctl start"
ok "svctl start waits for READY=1 (${el} ms)"

sv start never.service && fail "never.service started"
expect_eq "$(prop never.service Result)" timeout "never.service Result"
ok "no READY=1 within TimeoutStartSec= is Result=timeout"

sv start early.service && fail "early.service started"
expect_eq "$(prop early.service Result)" protocol "early.service Result"
ok "a main process that exits before READY=1 fails the unit"

sv start --no-block child-main.service
wait_until '[ "$(prop child-main.service NNotifyRejected)" = 1 ]' 5 ||
	fail "the child's READY=1 was not counted as refused"
expect_eq "$(sv is-active child-main.service)" activating \
	"NotifyAccess=main ignores a child's READY=1"
wait_until '[ "$(prop child-main.service Result)" = timeout ]' 6 ||
	fail "child-main did not time out"
sv start child-all.service || fail "NotifyAccess=all refused a child"
expect_eq "$(prop child-all.service NNotifyRejected)" 0 "child-all rejected"
ok "NotifyAccess=main refuses a child (counted), all accepts it"

# The parent says MAINPID=child and exits; the child says READY=1 (as
# the main process now, which NotifyAccess=main requires).
sv start forker.service || fail "forker did not start"
pid=$(prop forker.service MainPID)
[ "${pid:-0}" -gt 0 ] || fail "forker has no main pid"
sv status forker.service | grep -q "Main PID: $pid" || fail "status MainPID"
sleep 0.3
expect_eq "$(sv is-active forker.service)" active \
	"forker after its parent exited"
expect_eq "$(prop forker.service MainPID)" "$pid" "forker's main pid"
ok "MAINPID= moves the main process to the child"

stop_svinit
