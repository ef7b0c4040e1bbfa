# svctl set-property: limits changed on the running cgroup at once (a
# limit whose v1 hierarchy the unit was not in moves its processes
# there), all or nothing, kept for later starts, and with --persist
# written as a drop-in that outlives daemon-reload.
. "$TESTLIB"

unit live.service <<EOF2
[Service]
ExecStart=/bin/sleep 600
TasksMax=50
EOF2
start_svinit
grep -q "cgroups: " "$T/svinit.err" ||
	skip "no usable cgroup file system here: $(grep -m1 cgroup "$T/svinit.err")"
mode=$(sed -n 's/.*cgroups: \([a-z]*\),.*/\1/p' "$T/svinit.err")
sv start live.service || fail "start"
pid=$(prop live.service MainPID)

# file_of NAME: the unit's file NAME in whichever hierarchy has it.
file_of() {
	find $(cg_dirs) -path "*/live.service/$1" 2>/dev/null | head -1
}
sv set-property live.service TasksMax=7 || fail "set-property TasksMax=7"
expect_eq "$(cat "$(file_of pids.max)")" 7 "pids.max of the running cgroup"
expect_eq "$(prop live.service TasksMax)" 7 "TasksMax in show"

if [ "$mode" = unified ]; then mf=memory.max; else mf=memory.limit_in_bytes; fi
sv set-property live.service MemoryMax=32M CPUQuota=50% ||
	fail "set-property MemoryMax=32M CPUQuota=50%"
expect_eq "$(cat "$(file_of $mf)")" 33554432 "$mf of the running cgroup"
# The main process is in the unit's memory cgroup (on v1 it was moved
# there now): its /proc/PID/cgroup names it for the memory controller.
nsenter -t "$(ns_init)" -p -m grep -q "memory:.*/live.service\$\|^0::.*/live.service\$" "/proc/$pid/cgroup" ||
	fail "main process is not in live.service's memory cgroup: $(nsenter -t "$(ns_init)" -p -m cat /proc/$pid/cgroup)"
ok "TasksMax, MemoryMax and CPUQuota changed on the running cgroup"

# One bad value: nothing changes, one line on stderr, exit non-zero.
if sv set-property live.service TasksMax=9 MemoryMax=lots 2>"$T/err"; then
	fail "a bad value was accepted"
fi
[ "$(wc -l <"$T/err")" = 1 ] || fail "expected one line on stderr: $(cat "$T/err")"
grep -q "MemoryMax" "$T/err" || fail "the error does not name the key: $(cat "$T/err")"
expect_eq "$(cat "$(file_of pids.max)")" 7 "pids.max after a refused change"
sv set-property live.service Nice=5 2>"$T/err" && fail "a non-limit key was accepted"
ok "a bad value changes nothing: $(cat "$T/err")"

# Kept for the next start, and persisted across daemon-reload.
sv restart live.service
expect_eq "$(cat "$(file_of pids.max)")" 7 "pids.max after a restart"
sv set-property --persist live.service TasksMax=11 || fail "--persist"
[ -f "$T/units/live.service.d/50-TasksMax.conf" ] || fail "no drop-in written"
sv daemon-reload >/dev/null
sv restart live.service
expect_eq "$(cat "$(file_of pids.max)")" 11 "pids.max after reload and restart"
# Not persisted: gone (on v1 the unit is not even in the memory
# hierarchy any more; on v2 the file says "max").
if [ "$mode" = unified ]; then nolimit=max; else nolimit=; fi
expect_eq "$(cat "$(file_of $mf)" 2>/dev/null)" "$nolimit" "MemoryMax (not persisted) after reload and restart"
ok "limits are kept for later starts; --persist survives daemon-reload"
