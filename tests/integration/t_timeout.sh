# Timeouts and stopping: TimeoutStartSec= fails a hanging start and
# leaves nothing running; TimeoutStopSec= ends a stop with SIGKILL;
# ExecStop= and ExecStopPost= order; KillSignal=; KillMode=process vs
# control-group.
. "$TESTLIB"

mkdir -p "$T/bin" "$T/m"
M=$T/m
L=$M/log
cat >"$T/bin/mark" <<EOF
#!/bin/sh
echo "\$1" >>$L
EOF
chmod +x "$T/bin/mark"
# procs TAG: host processes with $T/bin/TAG (exactly) in their command
# line; the bracket keeps grep from counting itself.
procs() {
	grep -lasz -- "^$T/bin/[${1:0:1}]${1:1}\$" /proc/[0-9]*/cmdline | wc -l
}
# hang.sh TAG: a shell named $T/bin/TAG with a child named $T/bin/TAG-child,
# both sleeping forever.
cat >"$T/bin/hang.sh" <<EOF
sh -c 'sleep 600; :' $T/bin/"\$1"-child &
exec sh -c 'sleep 600; :' $T/bin/"\$1"
EOF
# traps.sh: notes the signals it gets (INT, TERM) in $L as "main got
# SIG", and exits 0 on them. The sleep runs in the foreground: a
# background one would ignore SIGINT.
cat >"$T/bin/traps.sh" <<EOF
trap 'echo "main got INT" >>$L; exit 0' INT
trap 'echo "main got TERM" >>$L; exit 0' TERM
echo started >>$L
while :; do sleep 0.1; done
EOF
# stubborn.sh: ignores SIGTERM.
cat >"$T/bin/stubborn.sh" <<EOF
trap '' TERM
echo started >>$L
while :; do sleep 0.1; done
EOF
# parent.sh TAG: starts a child (kid.sh, with $T/bin/TAG in its command
# line) that writes its pid to $M/TAG.pid and notes "TAG got TERM".
cat >"$T/bin/parent.sh" <<EOF
sh $T/bin/kid.sh $T/bin/"\$1" $M/"\$1".pid &
wait
EOF
cat >"$T/bin/kid.sh" <<EOF
trap 'echo "\${1##*/} got TERM" >>$L; exit 0' TERM
echo \$\$ >"\$2.tmp" && mv "\$2.tmp" "\$2"
sleep 600
EOF
state() { sv is-active "$1"; }
expect_state() { expect_eq "$(state "$1")" "$2" "$1 ($3)"; }
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

unit hang-oneshot.service <<EOF
[Service]
Type=oneshot
TimeoutStartSec=1
ExecStart=/bin/sh $T/bin/hang.sh hang-a
EOF
unit hang-pre.service <<EOF
[Service]
TimeoutStartSec=1
ExecStartPre=/bin/sh $T/bin/hang.sh hang-b
ExecStart=$T/bin/mark hang-pre-main
EOF
unit stubborn.service <<EOF
[Service]
TimeoutStopSec=1
ExecStart=/bin/sh $T/bin/stubborn.sh
EOF
unit stops.service <<EOF
[Service]
TimeoutStopSec=5
ExecStart=/bin/sh $T/bin/traps.sh
ExecStop=$T/bin/mark stop1
ExecStop=$T/bin/mark stop2
ExecStopPost=$T/bin/mark post1
ExecStopPost=$T/bin/mark post2
EOF
unit sigint.service <<EOF
[Service]
KillSignal=SIGINT
TimeoutStopSec=5
ExecStart=/bin/sh $T/bin/traps.sh
EOF
for mode in process control-group mixed; do
	unit km-$mode.service <<EOF
[Service]
KillMode=$mode
TimeoutStopSec=5
ExecStart=/bin/sh $T/bin/parent.sh kid-$mode
EOF
done

start_svinit

# --- TimeoutStartSec= ---
for u in hang-oneshot:hang-a hang-pre:hang-b; do
	tag=${u#*:} u=${u%:*}.service
	t0=$(date +%s%N)
	rc=0
	sv start $u 2>"$T/err" &
	spid=$!
	# While the start hangs, procs sees both processes: so that "none
	# left" below means something.
	wait_until '[ "$(procs $tag)" = 1 ] && [ "$(procs $tag-child)" = 1 ]' 1 ||
		fail "$u: hanging processes not found: $(procs $tag) main, $(procs $tag-child) child"
	wait $spid || rc=$?
	el=$(ms $t0)
	expect_eq "$rc" 1 "svctl start $u"
	grep -qx "svctl: job for $u failed (result: timeout)" "$T/err" ||
		fail "$u: svctl said: $(cat "$T/err")"
	[ $el -ge 900 ] && [ $el -lt 2500 ] || fail "$u: start failed after $el ms, expected ~1000"
	expect_state $u failed "start timed out"
	expect_eq "$(prop $u Result)" timeout "$u Result"
	wait_until '[ "$(procs $tag)" = 0 ] && [ "$(procs $tag-child)" = 0 ]' 3 ||
		fail "$u: left running: $(procs $tag) main, $(procs $tag-child) child"
	ok "TimeoutStartSec=1: $u failed after $el ms (result timeout), nothing left running"
done
[ ! -s "$L" ] || fail "hang-pre: ExecStart ran after ExecStartPre timed out"

# --- TimeoutStopSec= with a service that ignores SIGTERM ---
sv start stubborn.service || fail "start stubborn"
wait_until "grep -q started $L" 3 || fail "stubborn did not start"
p=$(prop stubborn.service MainPID)
t0=$(date +%s%N)
rc=0
sv stop stubborn.service 2>"$T/err" || rc=$?
el=$(ms $t0)
# The stop itself is done (the unit is down), as with systemctl stop.
expect_eq "$rc" 0 "svctl stop stubborn.service ($(cat "$T/err"))"
[ $el -ge 900 ] && [ $el -lt 2500 ] || fail "stubborn: stop took $el ms, expected ~1000"
st=$(state stubborn.service)
expect_eq "$st" failed "stubborn: state after a stop that timed out"
expect_eq "$(prop stubborn.service Result)" timeout "stubborn Result"
expect_eq "$(prop stubborn.service ExecMainCode)" 2 "stubborn ExecMainCode (killed)"
expect_eq "$(prop stubborn.service ExecMainStatus)" 9 "stubborn ExecMainStatus (SIGKILL)"
grep -q "stubborn.service: .*stop-sigterm -> stop-sigkill" "$T/svinit.err" ||
	fail "stubborn: no stop-sigkill state in the log"
ok "TimeoutStopSec=1, SIGTERM ignored: stop took $el ms, SIGKILL, Result=timeout, $st"
: >"$L"

# --- ExecStop= and ExecStopPost= order ---
sv start stops.service || fail "start stops"
wait_until "grep -q started $L" 3 || fail "stops did not start"
sv stop stops.service || fail "stop stops"
expect_eq "$(grep -v started "$L" | tr '\n' ' ')" \
	"stop1 stop2 main got TERM post1 post2 " "stop order"
expect_state stops.service inactive "stopped"
ok "ExecStop x2, then SIGTERM to what is left, then ExecStopPost x2, in order"
: >"$L"

# --- KillSignal= ---
sv start sigint.service || fail "start sigint"
wait_until "grep -q started $L" 3 || fail "sigint did not start"
sv stop sigint.service || fail "stop sigint"
expect_eq "$(grep -v started "$L")" "main got INT" "KillSignal=SIGINT"
expect_state sigint.service inactive "stopped by SIGINT"
ok "KillSignal=SIGINT: the service got SIGINT, not SIGTERM"

# --- KillMode= ---
# nspid PIDFILE TAG: the host process named $T/bin/TAG whose namespace pid
# is the one in PIDFILE, if it is alive.
nsproc() {
	local want p
	want=$(cat "$1")
	for p in $(grep -lasz -- "^$T/bin/[${2:0:1}]${2:1}\$" /proc/[0-9]*/cmdline); do
		p=${p%/cmdline}
		[ "$(awk '/^NSpid:/ { print $NF }' "$p/status" 2>/dev/null)" = "$want" ] &&
			echo "${p#/proc/}"
	done
}
for mode in process control-group mixed; do
	u=km-$mode.service tag=kid-$mode
	sv start $u || fail "start $u"
	wait_until "test -s $M/$tag.pid" 3 || fail "$u: child wrote no pid file"
	[ -n "$(nsproc "$M/$tag.pid" $tag)" ] || fail "$u: child $(cat "$M/$tag.pid") not found"
	t0=$(date +%s%N)
	sv stop $u || fail "stop $u"
	el=$(ms $t0)
	[ $el -lt 2000 ] || fail "$u: stop took $el ms (TimeoutStopSec=5)"
	expect_state $u inactive "stopped"
	expect_eq "$(prop $u Result)" success "$u Result"
	if [ $mode = process ]; then
		sleep 0.3
		[ -n "$(nsproc "$M/$tag.pid" $tag)" ] ||
			fail "$u: the child was killed"
		grep -q "$tag got TERM" "$L" && fail "$u: the child got SIGTERM"
		ok "KillMode=process: stop leaves the child (pid $(cat "$M/$tag.pid")) running"
	else
		wait_until '[ -z "$(nsproc "$M/$tag.pid" $tag)" ]' 3 ||
			fail "$u: the child (pid $(cat "$M/$tag.pid")) survived the stop"
		if [ $mode = mixed ]; then
			grep -q "$tag got TERM" "$L" && fail "$u: the child got SIGTERM"
			how="SIGKILL once the main process is gone"
		else
			grep -q "$tag got TERM" "$L" || fail "$u: the child got no SIGTERM"
			how=SIGTERM
		fi
		ok "KillMode=$mode: stop kills the child (pid $(cat "$M/$tag.pid")) too, with $how, in $el ms"
	fi
done

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
