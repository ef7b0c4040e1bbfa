# Restarts for failed health checks are limited across all units (3 in
# 30 s, svinit.unit(5)): five services whose checks all fail at once, as
# when a whole machine stalls, get three restarts between them, and the
# others are held back, logged, and keep failing (HealthFailures= grows).
. "$TESTLIB"
command -v ip >/dev/null || skip "no ip (iproute2)"

for i in 1 2 3 4 5; do
	unit "sick$i.service" <<EOF
[Service]
ExecStart=/bin/sleep infinity
[Health]
Check=tcp://127.0.0.1:719$i
IntervalSec=200ms
MaxConsecutiveFailures=1
EOF
done
NS_UNSHARE=--net NS_SETUP="ip link set lo up" start_svinit
sv start sick1.service sick2.service sick3.service sick4.service sick5.service ||
	fail "start"
total() {
	local t=0 i
	for i in 1 2 3 4 5; do t=$((t + $(prop "sick$i.service" NHealthRestarts))); done
	echo $t
}
wait_until '[ "$(grep -c "restart held back" "$T/svinit.err")" -ge 5 ]' 10 ||
	fail "no restart held back: $(grep unhealthy "$T/svinit.err")"
expect_eq "$(total)" 3 "health restarts across the five units"
grep -q "restart held back: already 3 health restarts in 30 s" "$T/svinit.err" ||
	fail "the message does not give the limit"
held=
for i in 1 2 3 4 5; do
	[ "$(prop "sick$i.service" NHealthRestarts)" = 0 ] && held="$held sick$i"
done
[ -n "$held" ] || fail "every unit was restarted"
for u in $held; do
	n=$(prop "$u.service" HealthFailures)
	[ "$n" -ge 2 ] || fail "$u: HealthFailures=$n, expected it to keep counting"
done
ok "3 restarts among 5 failing units; the others held back and still counted:$held"
stop_svinit
