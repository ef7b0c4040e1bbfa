# The watchdog as systemd runs it: WatchdogSec= gives the main process
# (only it: not ExecStartPre=) WATCHDOG_USEC= and WATCHDOG_PID= (its own
# pid, its MainPID), and NOTIFY_SOCKET= even with Type=simple (systemd
# turns NotifyAccess=main on for a watchdog). A missed ping sends
# WatchdogSignal= (default SIGABRT) where KillMode= sends KillSignal=,
# without ExecStop=; a process that survives it gets SIGKILL after
# TimeoutStopSec=; the result is `watchdog` either way.
. "$TESTLIB"

command -v python3 >/dev/null || skip "no python3 (make deps)"

# env.sh FILE: record the watchdog variables and pid, then run on.
cat >"$T/env.sh" <<'EOF'
#!/bin/sh
echo "pid=$$ WATCHDOG_PID=${WATCHDOG_PID-unset} WATCHDOG_USEC=${WATCHDOG_USEC-unset} NOTIFY_SOCKET=${NOTIFY_SOCKET:+set}" >>"$1"
[ "${2-}" = run ] && exec sleep 100
exit 0
EOF
# sigs.py FILE [exit]: write the name of each signal received; with
# `exit`, end cleanly at the first, else live on (until SIGKILL).
cat >"$T/sigs.py" <<'EOF'
import os, signal, sys, time
def h(sig, frame):
    with open(sys.argv[1], "a") as f:
        f.write(signal.Signals(sig).name + "\n")
    if len(sys.argv) > 2:
        os._exit(0)
for s in (signal.SIGABRT, signal.SIGTERM, signal.SIGUSR1, signal.SIGINT):
    signal.signal(s, h)
open(sys.argv[1] + ".up", "w").close()
while True:
    time.sleep(1)
EOF
chmod +x "$T/env.sh"

unit wd-env.service <<EOF
[Service]
WatchdogSec=1h
ExecStartPre=$T/env.sh $T/pre.env
ExecStart=$T/env.sh $T/main.env run
EOF
unit nowd-env.service <<EOF
[Service]
ExecStart=$T/env.sh $T/nowd.env run
EOF
unit abort.service <<EOF
[Service]
WatchdogSec=300ms
TimeoutStopSec=1s
ExecStart=/usr/bin/python3 $T/sigs.py $T/abort.sig
ExecStop=/bin/touch $T/abort.execstop
EOF
unit usr1.service <<EOF
[Service]
WatchdogSec=300ms
WatchdogSignal=SIGUSR1
ExecStart=/usr/bin/python3 $T/sigs.py $T/usr1.sig exit
EOF
start_svinit

sv start wd-env.service nowd-env.service || fail "start env units"
wait_until "[ -s $T/main.env ] && [ -s $T/nowd.env ]" 5 || fail "no env written"
main=$(prop wd-env.service MainPID)
read -r line <"$T/main.env"
expect_eq "$line" "pid=$main WATCHDOG_PID=$main WATCHDOG_USEC=3600000000 NOTIFY_SOCKET=set" \
	"the main process's environment"
read -r line <"$T/pre.env"
case "$line" in
*"WATCHDOG_PID=unset WATCHDOG_USEC=unset NOTIFY_SOCKET=set") ;;
*) fail "ExecStartPre= got the watchdog: $line" ;;
esac
read -r line <"$T/nowd.env"
case "$line" in
*"WATCHDOG_PID=unset WATCHDOG_USEC=unset NOTIFY_SOCKET=") ;;
*) fail "a unit without WatchdogSec= got: $line" ;;
esac
expect_eq "$(prop wd-env.service NotifyAccess)" main "NotifyAccess with WatchdogSec="
# A restart is a new process with its own pid in WATCHDOG_PID=.
sv restart wd-env.service || fail "restart"
wait_until "[ \$(wc -l <$T/main.env) -ge 2 ]" 5 || fail "no second run"
main2=$(prop wd-env.service MainPID)
[ "$main2" != "$main" ] || fail "the restart kept pid $main"
expect_eq "$(sed -n 2p "$T/main.env")" "pid=$main2 WATCHDOG_PID=$main2 WATCHDOG_USEC=3600000000 NOTIFY_SOCKET=set" \
	"the second run's environment"
ok "WATCHDOG_PID= is the main process's own pid ($main, then $main2), only it gets the watchdog"
sv stop wd-env.service nowd-env.service

expect_eq "$(prop abort.service WatchdogSignal)" 6 "default WatchdogSignal"
t0=$(date +%s%N)
sv start abort.service || fail "start abort"
wait_until '[ "$(sv is-active abort.service)" = failed ]' 10 ||
	fail "abort.service did not fail"
el=$((($(date +%s%N) - t0) / 1000000))
expect_eq "$(prop abort.service Result)" watchdog "abort Result"
expect_eq "$(tr '\n' ' ' <"$T/abort.sig")" "SIGABRT " "signals the main process got"
[ -e "$T/abort.execstop" ] && fail "ExecStop= ran on a watchdog timeout"
# The ping was missed after 300 ms; SIGABRT was ignored, so SIGKILL came
# TimeoutStopSec=1s later.
[ $el -ge 1200 ] || fail "failed after ${el} ms: SIGKILL before TimeoutStopSec="
grep -q "abort.service: watchdog timeout" "$T/svinit.err" || fail "no timeout logged"
ok "a missed ping: SIGABRT, no ExecStop=, SIGKILL after TimeoutStopSec= (${el} ms), Result=watchdog"

expect_eq "$(prop usr1.service WatchdogSignal)" 10 "WatchdogSignal=SIGUSR1"
sv start usr1.service || fail "start usr1"
wait_until '[ "$(sv is-active usr1.service)" = failed ]' 5 ||
	fail "usr1.service did not fail"
expect_eq "$(tr '\n' ' ' <"$T/usr1.sig")" "SIGUSR1 " "signals usr1 got"
expect_eq "$(prop usr1.service Result)" watchdog "usr1 Result (it exited 0)"
ok "WatchdogSignal=SIGUSR1 is the one sent; a clean exit after it is still Result=watchdog"

stop_svinit
