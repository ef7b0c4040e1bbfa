# svinit run directly as the init of a PID namespace is PID 1 there. A
# SIGTERM stops every unit (their processes end and are reaped), but
# svinit itself does not exit (a real init must not: the kernel panics;
# reboot and poweroff come with the PID-1 mode). It keeps answering svctl
# and keeps reaping the orphans that the kernel hands to PID 1. Every
# check below fails if svinit exited: its namespace would be gone with it.
. "$TESTLIB"

unit a.service <<'EOF2'
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF2
# Two processes: the main one and a child of it in the same group.
unit b.service <<'EOF2'
[Service]
ExecStart=/bin/sh -c 'sleep 600 & exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF2
unshare --pid --fork --mount-proc --mount --kill-child=SIGKILL -- \
	"$SVINIT" --units "$T/units" --runtime-dir "$T/run" --log-dir "$T/log" \
	>"$T/svinit.out" 2>"$T/svinit.err" &
NS_PID=$!
wait_until "test -S $T/run/control.sock" 10 || fail "no control socket"
for u in a b; do
	wait_until "[ \"\$(prop $u.service SubState)\" = running ]" 10 ||
		fail "$u.service did not start"
done
init=$(ns_init)
[ -n "$init" ] || fail "the namespace has no init"
# inns CMD...: run CMD in the namespace (its PIDs, its /proc).
inns() { nsenter -t "$init" -p -m -- "$@"; }
# gone PID: no such process in the namespace, not even a zombie.
gone() { ! inns test -e "/proc/$1"; }
# svinit_is_pid1: the namespace's PID 1 is the svinit binary itself (not
# a shell in front of it), and it is the process we started.
svinit_is_pid1() {
	[ "$(inns readlink /proc/1/exe)" = "$(readlink -f "$SVINIT")" ] &&
		[ "$(ns_init)" = "$init" ] && kill -0 "$init" 2>/dev/null
}
svinit_is_pid1 || fail "PID 1 of the namespace is $(inns readlink /proc/1/exe), not $SVINIT"

apid=$(prop a.service MainPID)
bpid=$(prop b.service MainPID)
bkid=$(inns cat "/proc/$bpid/task/$bpid/children" | tr -d ' ')
for p in "$apid" "$bpid" "$bkid"; do
	[ -n "$p" ] && [ "$p" -gt 1 ] && ! gone "$p" ||
		fail "a unit process '$p' is not running (a $apid, b $bpid, child $bkid)"
done
gone 4194000 && ! gone 1 || fail "gone() cannot tell a process from none"
ok "svinit is PID 1 of the namespace; units run: a $apid, b $bpid (child $bkid)"

# Process 1 of a PID namespace is not the init of a machine: it mounts
# nothing, and poweroff/reboot/halt are refused (they would reach the
# host's file systems and its reboot).
grep -q "cannot mount\|cannot bring up lo" "$T/svinit.err" &&
	fail "svinit set the namespace up as a machine: $(cat "$T/svinit.err")"
for v in poweroff reboot halt; do
	sv $v 2>"$T/err" && fail "svctl $v was accepted in a PID namespace"
	grep -q "not the init of this machine" "$T/err" || fail "svctl $v: $(cat "$T/err")"
done
ok "as process 1 of a namespace svinit does no machine duty; poweroff/reboot/halt refused"

# SIGTERM: every unit stops and its processes end, svinit stays.
kill -TERM "$init"
for u in a b; do
	wait_until "[ \"\$(prop $u.service ActiveState)\" = inactive ]" 10 ||
		fail "$u.service was not stopped: $(prop $u.service ActiveState)"
done
wait_until "gone $apid && gone $bpid && gone $bkid" 10 ||
	fail "unit processes left (or unreaped): $(inns ps -o pid=,stat=,args= -p "$apid,$bpid,$bkid")"
wait_until 'grep -q "as process 1 of a namespace svinit stays up" "$T/svinit.err"' 10 ||
	fail "no word of staying up"
svinit_is_pid1 || fail "svinit (PID 1) exited after SIGTERM"
grep -q "rebooting\|powering off\|halting" "$T/svinit.err" &&
	fail "svinit tried to reboot a PID namespace: $(cat "$T/svinit.err")"
ok "SIGTERM: a and b inactive, their processes ended and reaped, svinit still PID 1"

# An orphan started after the shutdown is reparented to PID 1 and
# reaped there when it exits: no zombie is left.
orphan=$(inns sh -c 'sleep 1 </dev/null >/dev/null 2>&1 & echo $!')
[ -n "$orphan" ] && [ "$orphan" -gt 1 ] || fail "no orphan pid: '$orphan'"
ppid=$(inns awk '/^PPid:/ { print $2 }' "/proc/$orphan/status")
expect_eq "$ppid" 1 "parent of the orphan $orphan"
wait_until "gone $orphan" 10 ||
	fail "orphan $orphan not reaped: $(inns ps -o pid=,stat=,args= -p "$orphan")"
svinit_is_pid1 || fail "svinit (PID 1) exited"
sv list-units >/dev/null || fail "svctl no longer answered"
expect_eq "$(sv is-active a.service)" inactive "a.service after the shutdown"
kill -0 "$NS_PID" 2>/dev/null || fail "the namespace ended"
ok "after the shutdown svinit reaps an orphan ($orphan, parent 1), answers svctl, and does not exit"
