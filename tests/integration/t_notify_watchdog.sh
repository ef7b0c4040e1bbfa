# WatchdogSec= and Type=notify-reload with a daemon built on libsystemd
# (tests/helpers/notifier.c): a daemon that pings (sd_watchdog_enabled
# finds WATCHDOG_USEC=) stays up past many periods; one that stops
# pinging is Result=watchdog and is restarted by Restart=on-watchdog;
# `svctl reload` of a notify-reload unit sends ReloadSignal= and waits
# for RELOADING=1 then READY=1; STOPPING=1 makes the unit deactivating.
. "$TESTLIB"

N=$BUILD/helpers/notifier
[ -x "$N" ] || skip "no $N (libsystemd-dev missing: make deps)"

# A period long enough that a loaded machine still delivers its pings
# (every quarter period) in time.
unit pinger.service <<EOF
[Service]
Type=notify
WatchdogSec=1s
Restart=on-watchdog
ExecStart=$N notify READY=1 watchdog
EOF
# Pings for a while (three pings at a quarter period), then stops.
unit quiet.service <<EOF
[Service]
Type=notify
WatchdogSec=400ms
Restart=on-watchdog
RestartSec=300ms
ExecStart=$N notify READY=1 sleep 100 notify WATCHDOG=1 pause
EOF
unit quiet-no.service <<EOF
[Service]
Type=notify
WatchdogSec=300ms
ExecStart=$N notify READY=1 pause
EOF
unit reloader.service <<EOF
[Service]
Type=notify-reload
ReloadSignal=SIGHUP
ExecStart=$N reload-on-hup notify READY=1 pause
EOF
unit stopper.service <<EOF
[Service]
Type=notify
ExecStart=$N notify READY=1 sleep 500 notify STOPPING=1 sleep 800 exit 0
EOF
start_svinit

sv start pinger.service quiet.service || fail "start"
expect_eq "$(prop pinger.service WatchdogUSec)" 1000000 "WatchdogUSec"
wait_until '[ "$(prop quiet.service NRestarts)" -ge 1 ]' 5 ||
	fail "quiet.service was never restarted by its watchdog"
# The restarted run has a Result of its own: the one that ended is in
# the log, with the restart it caused.
grep -q "quiet.service: watchdog timeout" "$T/svinit.err" ||
	fail "no watchdog timeout logged"
grep -q "quiet.service: watchdog, restarting in 300 ms" "$T/svinit.err" ||
	fail "the run did not end with Result=watchdog"
# By now pinger.service lived several periods on its pings alone.
expect_eq "$(sv is-active pinger.service)" active "pinger"
expect_eq "$(prop pinger.service NRestarts)" 0 "pinger restarts"
expect_eq "$(prop pinger.service Result)" success "pinger result"
sv stop quiet.service pinger.service
sv start quiet-no.service || fail "start quiet-no"
wait_until '[ "$(sv is-active quiet-no.service)" = failed ]' 3 ||
	fail "quiet-no.service did not fail without pings"
expect_eq "$(prop quiet-no.service Result)" watchdog "quiet-no Result"
ok "a missed ping is Result=watchdog and restarts; pings keep it up"

sv start reloader.service || fail "start reloader"
pid=$(prop reloader.service MainPID)
t0=$(date +%s%N)
sv reload reloader.service || fail "reload reloader"
el=$((($(date +%s%N) - t0) / 1000000))
# The daemon waits 200 ms between RELOADING=1 and READY=1.
[ $el -ge 180 ] || fail "svctl reload returned after ${el} ms, before READY"
expect_eq "$(sv is-active reloader.service)" active "after reload"
expect_eq "$(prop reloader.service StatusText)" reloaded "reload status"
expect_eq "$(prop reloader.service MainPID)" "$pid" "same main process"
ok "notify-reload: svctl reload signals and waits for READY=1 (${el} ms)"

sv start stopper.service || fail "start stopper"
wait_until '[ "$(sv is-active stopper.service)" = deactivating ]' 3 ||
	fail "STOPPING=1 did not make stopper deactivating"
wait_until '[ "$(sv is-active stopper.service)" = inactive ]' 5 ||
	fail "stopper did not end"
expect_eq "$(prop stopper.service Result)" success "stopper result"
ok "STOPPING=1: deactivating until the service ends"

stop_svinit
