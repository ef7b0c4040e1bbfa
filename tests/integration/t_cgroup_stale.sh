# Processes left in a unit's cgroup by an svinit that was killed: the new
# svinit kills them before it starts the unit, instead of running a
# second copy beside them. The "earlier svinit" is simulated: this test
# puts a process of its own into the unit's cgroup before svinit starts.
# It is outside svinit's PID namespace, so only cgroup2's cgroup.kill can
# reach it: without a cgroup2 the test is skipped.
. "$TESTLIB"

v2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$v2" ] || skip "no cgroup2 mounted"
own=$(sed -n 's/^0:://p' /proc/self/cgroup)
cg="$v2${own%/}/$CG_ROOT/stale.service"
mkdir -p "$cg" || skip "cannot make a cgroup under $v2$own"
sleep 600 &
stale=$!
echo "$stale" >"$cg/cgroup.procs" || fail "cannot move a process into $cg"
grep -q "populated 1" "$cg/cgroup.events" || fail "the cgroup is not populated"

unit stale.service <<EOF2
[Service]
ExecStart=/bin/sleep 600
EOF2
start_svinit
sv start stale.service || fail "start stale.service"
wait_until "! kill -0 $stale" 5 || { kill "$stale"; fail "the stale process survived"; }
wait "$stale" 2>/dev/null
grep -q "stale.service: killing the processes an earlier svinit left" "$T/svinit.err" ||
	fail "svinit did not say it killed them"
expect_eq "$(prop stale.service ActiveState)" active "the unit after the cleanup"
ok "the stale process was killed; the unit runs"
