# Every catchable signal (1-31 and the real-time ones 32-64, all but
# SIGKILL and SIGSTOP) sent to svinit as process 1 of a PID namespace,
# from outside the namespace (its host PID) and from inside (kill 1), has
# the effect svinit(8) SIGNALS documents for that role:
# - process 1 of a namespace (not a machine, not --container): SIGHUP
#   reloads the unit files; SIGTERM and SIGINT stop every unit and svinit
#   stays up; every other signal is ignored.
# - --container: SIGUSR1, SIGUSR2 and SIGWINCH reach the essential unit's
#   main process; every other signal but SIGTERM, SIGINT and SIGHUP is
#   ignored.
# "Ignored" is checked: svinit is still process 1, the unit still runs
# with the same main process, nothing was stopped or reloaded, and svctl
# answers. The faults (SIGSEGV, SIGABRT, ...) and 32-33 are not blocked
# by svinit: the kernel drops them itself, as for any process 1 without a
# handler; they are sent all the same.
. "$TESTLIB"

# The app records the signals it is passed on (the container's case).
cat >"$T/app.sh" <<EOF2
for s in USR1 USR2 WINCH; do trap "echo \$s >> $T/got" \$s; done
while :; do sleep 0.1; done
EOF2
unit a.service <<EOF2
[Service]
Essential=yes
ExecStart=/bin/sh $T/app.sh
[Install]
WantedBy=multi-user.target
EOF2

# start_pid1 [ARGS...]: svinit itself as process 1 of new PID and mount
# namespaces; a.service running. Sets init (its host PID).
start_pid1() {
	rm -f "$T/run/control.sock" "$T/got"
	unshare --pid --fork --mount-proc --mount --kill-child=SIGKILL -- \
		"$SVINIT" --units "$T/units" --runtime-dir "$T/run" \
		--log-dir "$T/log" --log-level debug --cgroup-root "$CG_ROOT" \
		"$@" >"$T/svinit.out" 2>"$T/svinit.err" &
	NS_PID=$!
	wait_until "test -S $T/run/control.sock" 10 || fail "no control socket"
	wait_until "[ \"\$(prop a.service SubState)\" = running ]" 10 ||
		fail "a.service did not start"
	init=$(ns_init)
	[ -n "$init" ] || fail "the namespace has no init"
}
# end_pid1: the namespace killed (by its unshare, as the trap would).
end_pid1() {
	kill -KILL "$NS_PID" 2>/dev/null
	wait "$NS_PID" 2>/dev/null
	NS_PID=
}
inside() { nsenter -t "$init" -p -m -- "$@"; }
# still_pid1: svinit is process 1 of the namespace and alive.
still_pid1() {
	kill -0 "$init" 2>/dev/null &&
		[ "$(inside readlink /proc/1/exe)" = "$(readlink -f "$SVINIT")" ]
}

# sweep WHAT SIG...: each signal from outside, then from inside; then
# svinit must be as before: process 1, a.service running with the same
# main process, nothing stopped or reloaded, svctl answering.
sweep() {
	local what=$1 s main
	shift
	main=$(prop a.service MainPID)
	for s in "$@"; do
		kill -s "$s" "$init" 2>/dev/null || fail "kill -$s $init (outside) failed"
		inside /bin/sh -c "kill -$s 1" || fail "kill -$s 1 (inside) failed"
		kill -0 "$init" 2>/dev/null || fail "svinit died of signal $s"
	done
	sleep 0.5
	still_pid1 || fail "$what: svinit is no longer process 1"
	expect_eq "$(prop a.service SubState)" running "$what: a.service"
	expect_eq "$(prop a.service MainPID)" "$main" "$what: a.service's main pid"
	grep -q "stopping all units\|reload:\|SIGHUP" "$T/svinit.err" &&
		fail "$what: an ignored signal had an effect: $(grep 'stopping\|reload\|SIGHUP' "$T/svinit.err")"
	sv list-units >/dev/null || fail "$what: svctl got no answer"
}

# Every catchable signal by number: 1-31 and 32-64 (SIGRTMIN-2 ..
# SIGRTMAX), without 9 (SIGKILL) and 19 (SIGSTOP).
all=$(seq 1 64 | grep -vxE '9|19')
# but: ALL without the numbers given.
but() {
	local l=$all n
	for n in "$@"; do l=$(grep -vx "$n" <<<"$l"); done
	echo $l
}

# ---- process 1 of a namespace ----
start_pid1
# 1 SIGHUP, 2 SIGINT, 15 SIGTERM have an effect here; the rest does not.
ignored=$(but 1 2 15)
sweep "namespace" $ignored
ok "process 1 of a namespace: $(wc -w <<<"$ignored") signals ignored, from inside and outside"

# SIGHUP from inside, then from outside: a new unit file is read each time.
for from in inside outside; do
	printf '[Service]\nExecStart=/bin/sleep 600\n' >"$T/units/$from.service"
	if [ $from = inside ]; then inside /bin/sh -c 'kill -HUP 1'; else kill -HUP "$init"; fi
	wait_until "[ \"\$(prop $from.service LoadState)\" = loaded ]" 10 ||
		fail "SIGHUP from $from: $from.service not loaded: $(sv show $from.service 2>&1 | head -3)"
done
expect_eq "$(prop a.service SubState)" running "a.service after the reloads"
still_pid1 || fail "svinit is no longer process 1 after SIGHUP"
ok "SIGHUP from inside and from outside: the unit files reloaded, a.service untouched"

# SIGINT from inside: every unit stops, svinit stays process 1.
inside /bin/sh -c 'kill -INT 1'
wait_until "[ \"\$(prop a.service ActiveState)\" = inactive ]" 10 ||
	fail "SIGINT from inside: a.service is $(prop a.service ActiveState)"
wait_until 'grep -q "as process 1 of a namespace svinit stays up" "$T/svinit.err"' 10 ||
	fail "SIGINT from inside: no word of staying up"
still_pid1 || fail "svinit exited after SIGINT"
ok "SIGINT from inside: a.service stopped, svinit still process 1"
end_pid1

# SIGTERM from inside and SIGINT from outside, on fresh namespaces
# (SIGTERM from outside: t_pid1_stays).
for case in "TERM inside" "INT outside"; do
	set -- $case
	start_pid1
	if [ "$2" = inside ]; then inside /bin/sh -c "kill -$1 1"; else kill -"$1" "$init"; fi
	wait_until "[ \"\$(prop a.service ActiveState)\" = inactive ]" 10 ||
		fail "SIG$1 from $2: a.service is $(prop a.service ActiveState)"
	wait_until 'grep -q "as process 1 of a namespace svinit stays up" "$T/svinit.err"' 10 ||
		fail "SIG$1 from $2: no word of staying up"
	still_pid1 || fail "svinit exited after SIG$1 from $2"
	end_pid1
	ok "SIG$1 from $2: a.service stopped, svinit still process 1"
done

# ---- --container ----
# SIGTERM and SIGINT end the container (t_container), SIGHUP reloads;
# SIGUSR1 (10), SIGUSR2 (12) and SIGWINCH (28) are passed on; the rest is
# ignored.
start_pid1 --container
ignored=$(but 1 2 15 10 12 28)
sweep "container" $ignored
[ -e "$T/got" ] && fail "container: an ignored signal was passed on: $(cat "$T/got")"
ok "container: $(wc -w <<<"$ignored") signals ignored, from inside and outside"
for s in USR1 USR2 WINCH; do
	inside /bin/sh -c "kill -$s 1"
	wait_until "[ \"\$(grep -c $s $T/got)\" = 1 ]" 5 ||
		fail "SIG$s from inside was not passed on once: $(cat "$T/got" 2>&1)"
	kill -s $s "$init"
	wait_until "[ \"\$(grep -c $s $T/got)\" = 2 ]" 5 ||
		fail "SIG$s from outside was not passed on: $(cat "$T/got" 2>&1)"
done
still_pid1 || fail "svinit (container) is no longer process 1"
ok "container: SIGUSR1, SIGUSR2, SIGWINCH from inside and outside passed on to the essential unit"
end_pid1
