# With a low soft limit on open files (Debian's default is 1024), svinit
# raises its own to the hard limit so that many units (two log pipes and
# a log file each) fit, and its services get the soft limit it started
# with back. 150 units need about 460 fds: a hard limit below 600 leaves
# nothing to raise to, and the test is skipped.
. "$TESTLIB"
n=150 need=600
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] || [ "$hard" -ge $need ] ||
	skip "hard limit on open files is $hard, below the $need this test needs"
for i in $(seq -w 1 $n); do
	unit "n$i.service" <<'EOF2'
[Service]
ExecStart=/bin/sh -c 'echo "nofile $(ulimit -n)"; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF2
done
ulimit -Sn 100 || fail "cannot lower the soft limit to 100"
expect_eq "$(ulimit -Sn)" 100 "soft limit svinit starts with"
start_svinit
wait_until '[ "$(sv list-units | grep -c " running ")" = '$n' ]' 20 ||
	fail "not all $n units run with a soft limit of 100: $(sv list-units | grep -c ' running ')"
# svinit is the child of the namespace's init; its soft limit is raised.
svpid=$(cat "/proc/$(ns_init)/task/$(ns_init)/children" | tr -d ' ')
lim=$(awk '/^Max open files/ { print $4, $5 }' "/proc/$svpid/limits")
expect_eq "$lim" "$hard $hard" "svinit's soft and hard limits on open files"
fds=$(ls "/proc/$svpid/fd" | wc -l)
[ "$fds" -gt 400 ] || fail "svinit holds only $fds fds: the test did not need a raised limit"
ok "$n units with a soft open-files limit of 100: svinit raised its own to $hard and holds $fds fds"
wait_until '[ $(cat "$T"/log/n*.service.log | grep -c "^.* out nofile ") = '$n' ]' 5 ||
	fail "not every unit wrote its limit: $(cat "$T"/log/n*.service.log | grep -c nofile)"
bad=$(cat "$T"/log/n*.service.log | grep -v ' out nofile 100$')
[ -z "$bad" ] || fail "services got another limit: $(echo "$bad" | head -3)"
ok "each of the $n services got the soft limit svinit started with (100)"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
