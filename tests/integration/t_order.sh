# Ordering under parallel start: After= chains run one after the other,
# independent units run at the same time, a target becomes active only
# after the units it wants are up, and shutdown stops in reverse order.
. "$TESTLIB"

mkdir -p "$T/bin"
O=$T/order
# step NAME SECS: "start NAME REAL MONO", sleep, "end NAME REAL MONO".
cat >"$T/bin/step" <<EOF
#!/bin/sh
stamp() { echo "\$1 \$2 \$(date +%s.%N) \$(python3 -c 'import time; print(time.monotonic_ns() // 1000)')" >>$O; }
stamp start "\$1"
sleep "\$2"
stamp end "\$1"
EOF
# mark WORD NAME: one line "WORD NAME REAL".
cat >"$T/bin/mark" <<EOF
#!/bin/sh
echo "\$1 \$2 \$(date +%s.%N)" >>$O
EOF
chmod +x "$T/bin/step" "$T/bin/mark"

# field WORD NAME N: field N of the first "WORD NAME" line.
field() { awk -v w="$1" -v n="$2" -v f="$3" '$1 == w && $2 == n { print $f; exit }' "$O"; }
# line WORD NAME: line number of "WORD NAME" in the order file.
line() { awk -v w="$1" -v n="$2" '$1 == w && $2 == n { print NR; exit }' "$O"; }
before() { # before W1 N1 W2 N2: line "W1 N1" comes before "W2 N2"
	local a b
	a=$(line "$1" "$2") b=$(line "$3" "$4")
	[ -n "$a" ] || fail "no '$1 $2' in the order file"
	[ -n "$b" ] || fail "no '$3 $4' in the order file"
	[ "$a" -lt "$b" ] || fail "'$1 $2' should come before '$3 $4'"
}

# A chain of oneshots, listed in reverse so that load order does not
# happen to match: c After b After a. Then d (exec) After c, e After d.
unit c.service <<EOF
[Unit]
After=b.service
[Service]
Type=oneshot
ExecStart=$T/bin/step c 0.2
[Install]
WantedBy=multi-user.target
EOF
unit b.service <<EOF
[Unit]
After=a.service
[Service]
Type=oneshot
ExecStart=$T/bin/step b 0.2
[Install]
WantedBy=multi-user.target
EOF
unit a.service <<EOF
[Service]
Type=oneshot
ExecStart=$T/bin/step a 0.2
[Install]
WantedBy=multi-user.target
EOF
unit d.service <<EOF
[Unit]
After=c.service
[Service]
Type=exec
ExecStartPre=$T/bin/mark pre d
ExecStart=/bin/sleep 600
ExecStopPost=$T/bin/mark stopped d
[Install]
WantedBy=multi-user.target
EOF
unit e.service <<EOF
[Unit]
After=d.service
[Service]
ExecStartPre=$T/bin/mark pre e
ExecStart=/bin/sleep 600
ExecStopPost=$T/bin/mark stopped e
[Install]
WantedBy=multi-user.target
EOF
# f has no ordering at all: it starts right away, in parallel with a.
unit f.service <<EOF
[Service]
Type=oneshot
ExecStart=$T/bin/step f 0.3
[Install]
WantedBy=multi-user.target
EOF

# Two independent oneshots of 1 s each, wanted by a target of their own.
for n in p q; do
	unit $n.service <<EOF
[Service]
Type=oneshot
ExecStart=$T/bin/step $n 1
[Install]
WantedBy=par.target
EOF
done
unit par.target <<EOF
[Unit]
Description=Parallel pair
EOF

start_svinit
wait_until "sv is-active e.service" 10 || fail "e.service did not become active"
wait_until "sv is-active default.target" 5 || fail "default.target not active"

before start a end a
before end a start b
before end b start c
before end c pre d
before pre d pre e
ok "c After b After a (oneshots): each starts after the previous one ended"
ok "d (exec) after c, e after d"

# f is independent: it started before a ended (both sleep >= 0.2 s).
before start f end a
before start a end f
ok "independent f ran alongside the chain"

# The target became active only after every wanted unit was up.
mu=$(prop multi-user.target ActiveEnterTimestampMonotonic)
dt=$(prop default.target ActiveEnterTimestampMonotonic)
[ -n "$mu" ] && [ "$mu" -gt 0 ] || fail "multi-user.target ActiveEnter '$mu'"
for n in a b c f; do
	end=$(field end $n 4)
	[ "$end" -le "$mu" ] ||
		fail "multi-user.target active at $mu before $n ended at $end"
done
[ "$mu" -le "$dt" ] || fail "default.target active before multi-user.target"
for n in a b c f; do
	expect_eq "$(sv is-active $n.service)" inactive "$n after success"
done
ok "multi-user.target and default.target active after a, b, c, f ended"

# Two independent 1 s oneshots started together take ~1 s, not 2.
t0=$(date +%s%N)
sv start par.target || fail "svctl start par.target failed"
t1=$(date +%s%N)
el=$(((t1 - t0) / 1000000))
[ $el -ge 900 ] || fail "par.target came up in $el ms: did not wait for p and q"
[ $el -lt 1700 ] || fail "p and q took $el ms: not run in parallel"
before start p end q
before start q end p
expect_eq "$(sv is-active par.target)" active "par.target"
pt=$(prop par.target ActiveEnterTimestampMonotonic)
for n in p q; do
	end=$(field end $n 4)
	[ "$end" -le "$pt" ] || fail "par.target active before $n ended"
done
ok "p and q (1 s each) ran concurrently: svctl start par.target took $el ms"

# Shutdown stops in reverse order: e, then d.
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
before stopped e stopped d
ok "shutdown stops e before d (reverse of start order)"
