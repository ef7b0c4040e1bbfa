# Resource limits in the unit's cgroup, on whatever hierarchy this
# machine has (the VM tests cover cgroup v2 with controllers):
# - TasksMax= holds a fork bomb, and stop still ends it;
# - MemoryMax= gets a memory hog OOM-killed, reported as Result=oom-kill;
# - CPUQuota=20% holds a busy loop near 20% of a CPU;
# - status and show report the cgroup and its figures;
# - a limit the hierarchies cannot apply is a load error naming FILE:LINE.
. "$TESTLIB"

unit bomb.service <<EOF2
[Service]
ExecStart=/bin/bash -c 'while :; do sleep 600 & done'
TasksMax=20
TimeoutStopSec=5
EOF2
unit hog.service <<EOF2
[Service]
ExecStart=/usr/bin/perl -e 'push @a, "x" x 1048576 while 1'
MemoryMax=32M
EOF2
unit spin.service <<EOF2
[Service]
ExecStart=/bin/sh -c 'while :; do :; done'
CPUQuota=20%
EOF2
start_svinit
grep -q "cgroups: " "$T/svinit.err" ||
	skip "no usable cgroup file system here: $(grep -m1 cgroup "$T/svinit.err")"
mode=$(sed -n 's/.*cgroups: \([a-z]*\),.*/\1/p' "$T/svinit.err")
# A limit needs its controller: say which are missing instead of failing.
for c in pids memory cpu; do
	if [ "$mode" = unified ]; then
		grep -qw $c /sys/fs/cgroup/cgroup.controllers 2>/dev/null ||
			skip "cgroup2 without the $c controller"
	else
		[ -d /sys/fs/cgroup/$c ] || skip "no cgroup v1 $c hierarchy"
	fi
done

# ---- TasksMax ----
sv start bomb.service || fail "start bomb.service"
sleep 1
n=$(prop bomb.service TasksCurrent)
expect_eq "$(prop bomb.service TasksMax)" 20 "TasksMax in show"
[ "$n" -le 20 ] 2>/dev/null || fail "TasksCurrent is $n, over TasksMax=20"
[ "$n" -ge 10 ] || fail "the bomb did not fork (TasksCurrent $n)"
grep -q "Tasks: [0-9]* (limit: 20)" <<<"$(sv status bomb.service)" ||
	fail "status shows no tasks line: $(sv status bomb.service)"
ok "a fork bomb under TasksMax=20 holds $n tasks"
sv stop bomb.service
expect_eq "$(prop bomb.service TasksCurrent)" "[not set]" "tasks after stop"
ok "stop ended the bomb"

# ---- MemoryMax ----
sv start hog.service
wait_until '[ "$(prop hog.service ActiveState)" = failed ]' 20 ||
	fail "the hog was not stopped: $(prop hog.service ActiveState)"
expect_eq "$(prop hog.service Result)" oom-kill "hog's result"
grep -q "Result: oom-kill" <<<"$(sv status hog.service)" ||
	fail "status does not say oom-kill"
ok "a memory hog under MemoryMax=32M was OOM-killed: Result=oom-kill"

# ---- CPUQuota ----
sv start spin.service
sleep 0.5
a=$(prop spin.service CPUUsageNSec)
t0=$(date +%s%N)
sleep 2
b=$(prop spin.service CPUUsageNSec)
t1=$(date +%s%N)
case "$a$b" in *[!0-9]*|"") fail "CPUUsageNSec not reported ($a, $b)" ;; esac
pct=$(((b - a) * 100 / (t1 - t0)))
[ "$pct" -ge 12 ] && [ "$pct" -le 28 ] ||
	fail "CPUQuota=20% let the loop use $pct% of a CPU"
cg=$(prop spin.service ControlGroup)
expect_eq "$cg" "$(grep -o "under [^ ]*" "$T/svinit.err" | head -1 | cut -c7-)/spin.service" "ControlGroup"
grep -q "CGroup: $cg" <<<"$(sv status spin.service)" || fail "status shows no CGroup"
ok "CPUQuota=20%: $pct% of a CPU over 2 s; ControlGroup=$cg"
sv stop spin.service
stop_svinit

# ---- what cannot be applied ----
unit high.service <<EOF2
[Service]
ExecStart=/bin/true
MemoryHigh=10M
EOF2
out=$("$SVINIT" --verify --units "$T/units" 2>&1)
if [ "$mode" = unified ]; then
	grep -q "high.service" <<<"$out" && fail "MemoryHigh refused on cgroup v2: $out"
else
	grep -q "high.service:3: error: MemoryHigh= cannot be applied: cgroup v1 has no equivalent" <<<"$out" ||
		fail "MemoryHigh on cgroup v1 not refused at its line: $out"
fi
out=$("$SVINIT" --verify --no-cgroups --units "$T/units" 2>&1)
grep -q "hog.service:3: error: MemoryMax= cannot be applied: svinit runs without cgroups" <<<"$out" ||
	fail "MemoryMax without cgroups not refused: $out"
ok "limits that cannot be applied are load errors at their line"
