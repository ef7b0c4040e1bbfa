# Processes that escape their unit's process group (setsid) are still
# ended when svinit shuts down: they were reparented to svinit, which
# sends them SIGTERM, then SIGKILL after a grace period, before it exits.
. "$TESTLIB"

cat >"$T/escape.sh" <<EOF2
setsid sh -c 'echo \$\$ > $T/polite.pid; exec sleep 600' &
setsid sh -c 'trap "" TERM; echo \$\$ > $T/stubborn.pid; while :; do sleep 1; done' &
exec sleep 600
EOF2
unit escape.service <<EOF2
[Service]
ExecStart=/bin/sh $T/escape.sh
[Install]
WantedBy=multi-user.target
EOF2
start_svinit
wait_until "[ -s $T/polite.pid ] && [ -s $T/stubborn.pid ]" 10 || fail "escapees did not start"
init=$(ns_init)
inns() { nsenter -t "$init" -p -m "$@"; }
for f in polite stubborn; do
	pid=$(cat "$T/$f.pid")
	inns kill -0 "$pid" || fail "$f ($pid) is not running"
	# It escaped: its session is its own, not the service's.
	[ "$(inns ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] || fail "$f did not escape"
done
t0=$(date +%s)
kill -TERM "$init"
# svinit leaves only when waitid() says it has no child left, so its exit
# after the sweep means both escapees are gone.
wait "$NS_PID"; st=$?
NS_PID=
t1=$(date +%s)
[ "$st" = 0 ] || fail "svinit exited $st"
grep -q "leftover process" "$T/svinit.err" || fail "no leftover sweep in svinit's log"
grep -q "sending SIGKILL" "$T/svinit.err" || fail "the TERM-ignoring escapee was not sent SIGKILL"
[ $((t1 - t0)) -ge 4 ] || fail "SIGKILL came before the grace period ($((t1 - t0)) s)"
[ $((t1 - t0)) -le 20 ] || fail "shutdown took $((t1 - t0)) s"
ok "escaped processes got SIGTERM, then SIGKILL; svinit exited 0"
