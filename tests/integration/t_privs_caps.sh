# Capabilities, no_new_privs, supplementary groups, rlimits, nice, the
# OOM score, scheduling, I/O priority and secure bits: each service
# records what its process really got (/proc/self/status, id, ulimit,
# /proc/self/stat, oom_score_adj, chrt, ionice, setpriv), and the test
# compares with what its unit asked; a plain service shows the defaults.
# Ambient capabilities for a non-root user are also shown to work (a bind
# to a port below 1024) against the same user without them, which must
# fail. A hard limit above svinit's own, which root here cannot raise,
# fails the start at step LIMITS.
. "$TESTLIB"
[ "$(id -u)" = 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
getent group daemon >/dev/null || skip "no group daemon"

chmod 755 "$T"
O=$T/out
mkdir -m 1777 "$O"
cat >"$T/probe.sh" <<'PROBE'
#!/bin/sh
# probe NAME [PORT]: what this process got, into out/NAME.
o=$(dirname "$0")/out/$1
{
	grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status
	echo "id $(id -u) $(id -g) $(id -G)"
	echo "nofile $(ulimit -Sn) $(ulimit -Hn)"
	echo "core $(awk '/^Max core file size/ { print $5, $6 }' /proc/self/limits)"
	echo "nice $(cut -d' ' -f19 /proc/self/stat)"
	echo "oom $(cat /proc/self/oom_score_adj)"
	echo "sched $(chrt -p $$ | sed -n 's/.*policy: //p')"
	echo "io $(ionice -p $$)"
	echo "secbits $(setpriv --dump | sed -n 's/^Securebits: //p')"
	if [ -n "${2:-}" ]; then
		if /usr/bin/python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$2" 2>/dev/null
		then echo "bind ok"; else echo "bind refused"; fi
	fi
} >"$o.tmp" && mv "$o.tmp" "$o"
PROBE
chmod 755 "$T/probe.sh"

# oneshot NAME [PORT] <<KEYS: a service that runs the probe once.
oneshot() {
	{ echo "[Service]"; echo "Type=oneshot"; echo "RemainAfterExit=yes"
	  cat; echo "ExecStart=/bin/sh $T/probe.sh $1 ${2:-}"; } >"$T/units/$1.service"
}
oneshot caps <<EOF
CapabilityBoundingSet=CAP_NET_BIND_SERVICE cap_chown
CapabilityBoundingSet=KILL
NoNewPrivileges=yes
EOF
oneshot inv <<EOF
CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_NET_RAW
EOF
oneshot amb 1 <<EOF
User=nobody
AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW
SupplementaryGroups=daemon
EOF
oneshot noamb 1 <<EOF
User=nobody
EOF
oneshot limits <<EOF
LimitNOFILE=64:128
LimitCORE=1M
Nice=7
OOMScoreAdjust=345
EOF
oneshot sched <<EOF
CPUSchedulingPolicy=batch
IOSchedulingClass=best-effort
IOSchedulingPriority=6
SecureBits=noroot
EOF
oneshot plain </dev/null
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ]; then
	oneshot badlimit <<EOF
LimitNOFILE=$((hard + 1))
EOF
fi

start_svinit
for u in caps inv amb noamb limits sched plain; do
	sv start "$u.service" >/dev/null 2>&1
	wait_until "test -f $O/$u" 10 ||
		fail "$u.service wrote nothing: $(sv status $u.service 2>&1 | head -5)"
done
field() { sed -n "s/^$2:[[:space:]]*//p" "$O/$1"; }
line() { sed -n "s/^$2 //p" "$O/$1"; }
hex() { printf '%016x' "$1"; }

# CAP_CHOWN (0), CAP_KILL (5), CAP_NET_BIND_SERVICE (10): the second line
# adds to the first.
expect_eq "$(field caps CapBnd)" "$(hex 0x421)" "caps: CapBnd"
expect_eq "$(field caps CapEff)" "$(hex 0x421)" "caps: CapEff (root, bounded)"
expect_eq "$(field caps NoNewPrivs)" 1 "caps: NoNewPrivs"
expect_eq "$(field plain NoNewPrivs)" 0 "plain: NoNewPrivs"
ok "CapabilityBoundingSet= (names in any case, CAP_ optional, lines add) and NoNewPrivileges="

host=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
want=$(hex $((0x$host & ~(1 << 21) & ~(1 << 13))))
expect_eq "$(field inv CapBnd)" "$want" "inv: CapBnd"
expect_eq "$(field plain CapBnd)" "$host" "plain: CapBnd"
ok "CapabilityBoundingSet=~ removes only the listed capabilities ($want)"

# CAP_NET_BIND_SERVICE (10) and CAP_NET_RAW (13) for nobody.
expect_eq "$(field amb CapAmb)" "$(hex 0x2400)" "amb: CapAmb"
expect_eq "$(field amb CapEff)" "$(hex 0x2400)" "amb: CapEff"
expect_eq "$(field amb CapPrm)" "$(hex 0x2400)" "amb: CapPrm"
expect_eq "$(field noamb CapEff)" "$(hex 0)" "noamb: CapEff"
dgid=$(getent group daemon | cut -d: -f3)
nuid=$(id -u nobody) ngid=$(id -g nobody)
expect_eq "$(line amb id)" "$nuid $ngid $ngid $dgid" "amb: uid gid groups"
expect_eq "$(line noamb id)" "$nuid $ngid $ngid" "noamb: uid gid groups"
if [ -x /usr/bin/python3 ]; then
	expect_eq "$(line amb bind)" ok "amb: bind to port 1 as nobody"
	expect_eq "$(line noamb bind)" refused "noamb: bind to port 1 as nobody"
	ok "nobody binds a port below 1024 with the ambient capability, not without"
fi
ok "AmbientCapabilities= for User=nobody, and SupplementaryGroups=daemon"

expect_eq "$(line limits nofile)" "64 128" "limits: LimitNOFILE=64:128"
expect_eq "$(line limits core)" "1048576 1048576" "limits: LimitCORE=1M"
expect_eq "$(line limits nice)" 7 "limits: Nice="
expect_eq "$(line limits oom)" 345 "limits: OOMScoreAdjust="
expect_eq "$(line plain nice)" "$(cut -d' ' -f19 /proc/self/stat)" "plain: nice"
[ "$(line plain oom)" != 345 ] || fail "plain service has the OOM score of another"
ok "LimitNOFILE=, LimitCORE=, Nice=, OOMScoreAdjust="

expect_eq "$(line sched sched)" SCHED_BATCH "sched: CPUSchedulingPolicy=batch"
expect_eq "$(line plain sched)" SCHED_OTHER "plain: scheduling policy"
expect_eq "$(line sched io)" "best-effort: prio 6" "sched: IOScheduling*="
[ "$(line plain io)" != "best-effort: prio 6" ] || fail "plain has the I/O priority of another"
expect_eq "$(line sched secbits)" noroot "sched: SecureBits=noroot"
expect_eq "$(line plain secbits)" "[none]" "plain: secure bits"
# noroot: root gains no capabilities by execve.
expect_eq "$(field sched CapEff)" "$(hex 0)" "sched: CapEff of root under noroot"
ok "CPUSchedulingPolicy=, IOSchedulingClass=/IOSchedulingPriority=, SecureBits="

if [ "$hard" != unlimited ]; then
	sv start badlimit.service >/dev/null 2>&1 &&
		fail "a hard limit above svinit's own started"
	st=$(sv status badlimit.service 2>&1)
	echo "$st" | grep -q 'at step LIMITS.*: Operation not permitted' ||
		fail "badlimit: no LIMITS failure in status: $st"
	ok "LimitNOFILE=$((hard + 1)) (above the hard limit) fails at step LIMITS"
fi
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
