# Shutdown: SIGTERM to svinit, and svctl exit, stop every unit in reverse
# dependency order, svinit exits 0 and leaves no process behind.
. "$TESTLIB"

# Like start_svinit, but the namespace's init holds on after svinit exits
# (it writes svinit's status to $T/svinit.status and waits on a FIFO), so
# that the namespace's processes can be listed before it goes away.
start_held() {
	rm -f "$T/svinit.status" "$T/run/control.sock" "$T/hold"
	mkfifo "$T/hold"
	unshare --pid --fork --mount-proc --mount --kill-child=SIGKILL -- \
		sh -c 'h=$1; shift; "$@" & p=$!; g=0; trap "g=1; kill -TERM $p" TERM INT;
		       wait $p; s=$?; while [ $g = 1 ]; do g=0; wait $p; s=$?; done;
		       echo $s >$h/svinit.status.tmp; mv $h/svinit.status.tmp $h/svinit.status;
		       read x <$h/hold; exit $s' sh \
		"$T" "$SVINIT" --units "$T/units" --runtime-dir "$T/run" \
		--log-dir "$T/log" --log-level debug \
		>"$T/svinit.out" 2>"$T/svinit.err" &
	NS_PID=$!
	wait_until "test -S $T/run/control.sock" 10 ||
		fail "svinit did not open its control socket"
}
# The processes of the namespace other than its init and our ps.
ns_procs() {
	nsenter -t "$(ns_init)" -p -m -- ps -e -o pid=,ppid=,args= |
		awk '$1 != 1 && $3 != "ps"'
}
release() {
	echo >"$T/hold"
	SV_STATUS=0
	wait "$NS_PID" || SV_STATUS=$?
	NS_PID=
}

# db <- app <- web (each After= and Requires= the one before), each
# recording its ExecStop and the TERM its main process gets; the stops
# are slow, so that stops out of order would show.
svc() {
	local name=$1 after=$2
	unit $name.service <<EOF
[Unit]
${after:+After=$after
Requires=$after}
[Service]
ExecStart=/bin/sh -c 'trap "echo term-$name >>$T/stops; exit 0" TERM; echo up; while :; do sleep 0.05; done'
ExecStop=/bin/sh -c 'echo stop-$name >>$T/stops; sleep 0.2'
[Install]
WantedBy=multi-user.target
EOF
}
svc db ""
svc app db.service
svc web app.service
# processes a service left in the background, and one that ignores TERM
unit leaky.service <<EOF
[Service]
ExecStart=/bin/sh -c 'sleep 600 & (sleep 600 &) ; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF
unit stubborn.service <<EOF
[Service]
ExecStart=/bin/sh -c 'trap "" TERM; while :; do sleep 0.05; done'
TimeoutStopSec=0.5
[Install]
WantedBy=multi-user.target
EOF

check_shutdown() {
	local how=$1
	for u in db app web leaky stubborn; do
		wait_until "[ \"\$(prop $u.service SubState)\" = running ]" 10 || fail "$how: $u.service did not start"
	done
	wait_until "[ \$(ns_procs | wc -l) -ge 8 ]" 5 || fail "$how: the services' processes are not there: $(ns_procs)"
	rm -f "$T/stops"
	if [ "$how" = SIGTERM ]; then
		kill -TERM "$(ns_init)"
	else
		sv exit || fail "svctl exit failed"
	fi
	wait_until "test -e $T/svinit.status" 15 || fail "$how: svinit did not exit"
	expect_eq "$(cat "$T/svinit.status")" 0 "$how: svinit exit status"
	expect_eq "$(tr '\n' ' ' <"$T/stops")" \
		"stop-web term-web stop-app term-app stop-db term-db " "$how: stop order"
	left=$(ns_procs)
	[ -z "$left" ] || fail "$how: processes left in the namespace after svinit exited: $left"
	release
	expect_eq "$SV_STATUS" 0 "$how: status of the namespace's init"
	[ ! -e "$T/run/control.sock" ] || fail "$how: the control socket was left behind"
}

start_held
check_shutdown SIGTERM
ok "SIGTERM: units stop in reverse dependency order (web, app, db), svinit exits 0, no process is left"

start_held
check_shutdown "svctl exit"
ok "svctl exit: the same"
