# Processes that escape their unit's process group (setsid, double fork):
# - with cgroups (the default) they are still in the unit's cgroup, so
#   `svctl stop` ends them (SIGTERM, then SIGKILL after TimeoutStopSec=)
#   and the unit is inactive only once they are gone; its empty cgroup is
#   removed;
# - with --no-cgroups they outlive the unit, and svinit ends them when it
#   shuts down: they were reparented to svinit, which sends them SIGTERM,
#   then SIGKILL after a grace period, before it exits.
. "$TESTLIB"

cat >"$T/escape.sh" <<EOF2
setsid sh -c 'echo \$\$ > $T/polite.pid; exec sleep 600' &
setsid sh -c 'trap "" TERM; echo \$\$ > $T/stubborn.pid; while :; do sleep 1; done' &
exec sleep 600
EOF2
unit escape.service <<EOF2
[Service]
ExecStart=/bin/sh $T/escape.sh
TimeoutStopSec=2
[Install]
WantedBy=multi-user.target
EOF2

# escapees_up: wait for both, check that they left the service's session.
escapees_up() {
	wait_until "[ -s $T/polite.pid ] && [ -s $T/stubborn.pid ]" 10 ||
		fail "escapees did not start"
	init=$(ns_init)
	for f in polite stubborn; do
		pid=$(cat "$T/$f.pid")
		inns kill -0 "$pid" || fail "$f ($pid) is not running"
		[ "$(inns ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] ||
			fail "$f did not escape"
	done
}
inns() { nsenter -t "$init" -p -m "$@"; }

# ---- with cgroups ----
start_svinit
grep -q "cgroups: " "$T/svinit.err" ||
	skip "no usable cgroup file system here: $(grep -m1 cgroup "$T/svinit.err")"
escapees_up
for f in polite stubborn; do
	pid=$(cat "$T/$f.pid")
	inns grep -q "/$CG_ROOT/escape.service\$" "/proc/$pid/cgroup" ||
		fail "$f is not in the unit's cgroup: $(inns cat /proc/$pid/cgroup)"
done
ok "escapees are in escape.service's cgroup"
cgdir=$(find $(cg_dirs) -maxdepth 1 -name escape.service | head -1)
[ -n "$cgdir" ] || fail "no cgroup directory for escape.service"
t0=$(date +%s%N)
sv stop escape.service || fail "svctl stop failed"
t1=$(date +%s%N)
for f in polite stubborn; do
	inns kill -0 "$(cat "$T/$f.pid")" 2>/dev/null && fail "$f survived the stop"
done
# As in systemd: a stop that needed SIGKILL after its timeout failed.
expect_eq "$(prop escape.service ActiveState)" failed "state after stop"
expect_eq "$(prop escape.service Result)" timeout "result after stop"
ms=$(((t1 - t0) / 1000000))
[ $ms -ge 1800 ] || fail "stop did not wait for the TERM-ignoring escapee ($ms ms)"
[ $ms -le 10000 ] || fail "stop took $ms ms"
[ -d "$cgdir" ] && fail "the empty cgroup $cgdir was not removed"
ok "stop ended both escapees (SIGKILL after TimeoutStopSec, $ms ms); cgroup removed"
stop_svinit
[ "$SV_STATUS" = 0 ] || fail "svinit exited $SV_STATUS"
grep -q "leftover process" "$T/svinit.err" && fail "a leftover sweep was needed"
rm -f "$T/polite.pid" "$T/stubborn.pid" "$T/svinit.err"

# ---- without cgroups ----
start_svinit --no-cgroups
escapees_up
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
ok "--no-cgroups: escaped processes got SIGTERM, then SIGKILL at shutdown; svinit exited 0"
