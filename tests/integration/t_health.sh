# [Health] checks in a network namespace of the test's own: http (a
# python web server: 200 passes, 404 fails), tcp (refused fails), exec (the
# exit status), a timeout, the grace period, the restart of a unit that
# fails MaxConsecutiveFailures= checks in a row, ReadinessFromHealth=
# (activating until the first pass; what is ordered after it waits), and
# the state in show, status and list-units --json.
. "$TESTLIB"
command -v ip >/dev/null || skip "no ip (iproute2)"
command -v python3 >/dev/null || skip "no python3"

mkdir -p "$T/www"
echo fine >"$T/www/ok"
PY=$(command -v python3)
unit web.service <<EOF
[Service]
ExecStart=$PY -m http.server 7100 --bind 127.0.0.1 --directory $T/www
[Health]
Check=http://127.0.0.1:7100/ok
IntervalSec=300ms
TimeoutSec=1s
GracePeriodSec=3s
MaxConsecutiveFailures=2
EOF
unit tcpfail.service <<EOF
[Service]
ExecStart=/bin/sleep infinity
[Health]
Check=tcp://localhost:7199
IntervalSec=300ms
MaxConsecutiveFailures=1000
EOF
unit execcheck.service <<EOF
[Service]
ExecStart=/bin/sleep infinity
[Health]
Check=exec:/bin/test -e $T/exec-ok
IntervalSec=300ms
MaxConsecutiveFailures=1000
EOF
unit hang.service <<EOF
[Service]
ExecStart=$PY -c "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',7102)); s.listen(); c=s.accept(); time.sleep(1000)"
[Health]
Check=http://127.0.0.1:7102/
IntervalSec=300ms
TimeoutSec=400ms
MaxConsecutiveFailures=1000
EOF
unit graceful.service <<EOF
[Service]
ExecStart=/bin/sleep infinity
[Health]
Check=tcp://127.0.0.1:7198
IntervalSec=300ms
GracePeriodSec=2s
MaxConsecutiveFailures=1
EOF
unit ready.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 1.5; exec $PY -m http.server 7103 --bind 127.0.0.1 --directory $T/www'
[Health]
Check=http://127.0.0.1:7103/ok
IntervalSec=10s
ReadinessFromHealth=yes
EOF
unit after.service <<EOF
[Unit]
Requires=ready.service
After=ready.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'curl_free=1; echo started >$T/after-started'
EOF
NS_UNSHARE=--net NS_SETUP="ip link set lo up" start_svinit

sv start web.service tcpfail.service execcheck.service hang.service || fail "start"
wait_until '[ "$(prop web.service HealthState)" = healthy ]' 5 ||
	fail "web not healthy: $(sv show web.service | grep Health)"
expect_eq "$(prop web.service HealthLastResult)" passed "web last result"
sv status web.service | grep -q "Health: healthy (http://127.0.0.1:7100/ok; last: passed" ||
	fail "status lacks the health line: $(sv status web.service)"
sv list-units --json | grep -q '"unit":"web.service"[^}]*"health":"healthy"' ||
	fail "list-units --json lacks health: $(sv list-units --json)"
ok "http: 200 is healthy (show, status, list-units --json)"

wait_until '[ "$(prop tcpfail.service HealthState)" = unhealthy ]' 5 || fail "tcpfail not unhealthy"
prop tcpfail.service HealthLastResult | grep -q "connect: Connection refused" ||
	fail "tcpfail reason: $(prop tcpfail.service HealthLastResult)"
ok "tcp: a refused connection is unhealthy ($(prop tcpfail.service HealthLastResult))"

wait_until '[ "$(prop execcheck.service HealthLastResult)" = "exit status 1" ]' 5 ||
	fail "exec check: $(prop execcheck.service HealthLastResult)"
touch "$T/exec-ok"
wait_until '[ "$(prop execcheck.service HealthState)" = healthy ]' 5 || fail "exec check not healthy"
ok "exec: exit status 1 is unhealthy, 0 healthy"

wait_until '[ "$(prop hang.service HealthLastResult)" = "no answer within 400 ms" ]' 5 ||
	fail "timeout: $(prop hang.service HealthLastResult)"
ok "a check without an answer fails at TimeoutSec="

# 404 twice in a row, past the grace period: restarted; healthy again
# once the file is back.
# (The grace period covers a slow start of python on a loaded machine.)
n0=$(prop web.service NHealthRestarts)
sleep 1
expect_eq "$(prop web.service NHealthRestarts)" "$n0" "restarts of a healthy web.service"
pid=$(prop web.service MainPID)
rm "$T/www/ok"
wait_until '[ "$(prop web.service NHealthRestarts)" -gt "$n0" ]' 10 ||
	fail "web not restarted: $(sv show web.service | grep Health)"
echo fine >"$T/www/ok"
grep -q "web.service: unhealthy (2 failed checks: status 404), restarting" "$T/svinit.err" ||
	fail "no restart message: $(grep "web.service: unhealthy" $T/svinit.err)"
wait_until 'sv is-active web.service' 5 || fail "web not back"
[ "$(prop web.service MainPID)" != "$pid" ] || fail "same main process after the restart"
wait_until '[ "$(prop web.service HealthState)" = healthy ]' 5 || fail "web not healthy again"
ok "MaxConsecutiveFailures=2 failed checks (404) restart the unit"

# Grace: failures in the first 2 s do not count; then one is enough.
sv start graceful.service || fail "start graceful"
sleep 1
expect_eq "$(prop graceful.service HealthState)" in-grace "graceful during its grace period"
expect_eq "$(prop graceful.service NHealthRestarts)" 0 "restarts within grace"
wait_until '[ "$(prop graceful.service NHealthRestarts)" -ge 1 ]' 5 ||
	fail "not restarted after its grace period"
ok "GracePeriodSec=: failures do not count until it ends"

# Readiness: activating until the first pass; after.service waits for it.
sv start after.service &
starter=$!
sleep 0.8
expect_eq "$(prop ready.service ActiveState)" activating "ready.service before its check passes"
[ -e "$T/after-started" ] && fail "after.service started before ready.service was healthy"
wait $starter || { cp "$T/svinit.err" /tmp/health.err; fail "start after.service"; }
expect_eq "$(prop ready.service ActiveState)" active "ready.service"
expect_eq "$(prop ready.service HealthState)" healthy "ready.service health"
[ -e "$T/after-started" ] || fail "after.service did not run"
ok "ReadinessFromHealth=yes: activating until the first passing check; dependents wait"
stop_svinit
