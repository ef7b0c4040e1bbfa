# With a low soft limit on open files (Debian's default is 1024), svinit
# raises its own to the hard limit so that many units (two log pipes and
# a log file each) fit, and its services get the soft limit it started
# with back.
. "$TESTLIB"
hard=$(ulimit -Hn)
[ "$hard" != unlimited ] && [ "$hard" -gt 1000 ] || { echo "hard limit $hard too low to test"; exit 0; }
for i in $(seq -w 1 150); do
	unit "n$i.service" <<'EOF2'
[Service]
ExecStart=/bin/sh -c 'echo "nofile $(ulimit -n)"; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF2
done
ulimit -Sn 100
start_svinit
wait_until '[ "$(sv list-units | grep -c " running ")" = 150 ]' 20 ||
	fail "not all 150 units run with a soft limit of 100: $(sv list-units | grep -c ' running ')"
ok "150 units with a soft open-files limit of 100"
wait_until 'grep -q "nofile" "$T/log/n150.service.log"' 5 || fail "no output from n150"
grep -q "nofile 100$" "$T/log/n150.service.log" ||
	fail "service limit: $(cat "$T/log/n150.service.log")"
ok "services get the soft limit svinit started with (100)"
stop_svinit
[ "$SV_STATUS" = 0 ] || fail "svinit exited $SV_STATUS"
