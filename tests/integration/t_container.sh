# --container: svinit as process 1 of a container (here a PID namespace)
# exits with the status of its Essential=yes unit once it ends for good:
# exit codes pass through exactly, a signal gives 128 + its number; the
# other units are stopped first. SIGTERM stops everything and exits with
# the essential unit's status; SIGUSR1, SIGUSR2 and SIGWINCH are passed on
# to the essential unit's main process.
. "$TESTLIB"

# container_run [SVINIT-ARGS...]: svinit --container as process 1 of new
# PID and mount namespaces on $T/units, in the background; its status is
# unshare's.
container_run() {
	unshare --pid --fork --mount-proc --mount --kill-child=SIGKILL -- \
		"$SVINIT" --container --units "$T/units" --runtime-dir "$T/run" \
		--log-dir "$T/log" --log-level debug --cgroup-root "$CG_ROOT" \
		"$@" >"$T/svinit.out" 2>"$T/svinit.err" &
	NS_PID=$!
}
# container_wait: wait for it (20 s at most); its status in $st.
container_wait() {
	st=0
	timeout 20 tail -s 0.02 --pid="$NS_PID" -f /dev/null || kill -KILL "$NS_PID"
	wait "$NS_PID" || st=$?
	NS_PID=
}

unit side.service <<EOF2
[Service]
ExecStart=/bin/sh -c 'echo \$\$ > $T/side.pid; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF2

# Every exit code, and two signals.
for code in $(seq 0 255) sig9 sig15; do
	case $code in
	sig*) cmd="kill -${code#sig} \$\$\$\$"; want=$((128 + ${code#sig})) ;;
	*) cmd="exit $code"; want=$code ;;
	esac
	unit app.service <<EOF2
[Unit]
After=side.service
[Service]
Essential=yes
ExecStart=/bin/sh -c '$cmd'
[Install]
WantedBy=multi-user.target
EOF2
	container_run
	container_wait
	[ "$st" = "$want" ] || fail "essential unit $code: svinit exited $st, expected $want"
	grep -q "side.service: running -> stop" "$T/svinit.err" ||
		fail "side.service was not stopped before the exit ($code)"
done
ok "all 256 exit codes pass through; SIGKILL -> 137, SIGTERM -> 143"

# SIGTERM: everything stops, the exit status is the essential unit's.
cat >"$T/app.sh" <<EOF2
trap 'echo USR1 >> $T/got' USR1
trap 'echo USR2 >> $T/got' USR2
trap 'echo WINCH >> $T/got' WINCH
echo \$\$ > $T/app.pid
while :; do sleep 0.1; done
EOF2
unit app.service <<EOF2
[Service]
Essential=yes
ExecStart=/bin/sh $T/app.sh
[Install]
WantedBy=multi-user.target
EOF2
rm -f "$T/got" "$T/app.pid"
container_run
wait_until "[ -s $T/app.pid ] && [ -s $T/side.pid ]" 10 || fail "units did not start"
init=$(cat "/proc/$NS_PID/task/$NS_PID/children" | tr -d ' ')
for s in USR1 USR2 WINCH; do
	kill -$s "$init"
	wait_until "grep -q $s $T/got" 5 || fail "SIG$s was not passed on to the essential unit"
done
ok "SIGUSR1, SIGUSR2, SIGWINCH passed on to the essential unit's main process"
kill -TERM "$init"
container_wait
expect_eq "$st" 143 "status after SIGTERM (the essential unit was ended by SIGTERM)"
ok "SIGTERM: all stopped, exit status 143 (the essential unit's)"
