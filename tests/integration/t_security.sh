# svctl security: an exposure score per service, from 0.0 (locked down)
# to 10.0, with each setting, its weight and what its absence leaves
# open; a unit with every setting scores 0.0, one with none near 10.
. "$TESTLIB"

unit open.service <<EOF2
[Service]
ExecStart=/bin/sleep 600
EOF2
unit tight.service <<EOF2
[Service]
ExecStart=/bin/sleep 600
User=nobody
NoNewPrivileges=yes
CapabilityBoundingSet=
PrivateTmp=yes
PrivateDevices=yes
PrivateNetwork=yes
PrivateIPC=yes
RestrictAddressFamilies=AF_UNIX
ProtectSystem=strict
ProtectHome=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectClock=yes
ProtectControlGroups=yes
ProtectHostname=yes
ProtectProc=invisible
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
MemoryDenyWriteExecute=yes
SystemCallFilter=@system-service
EOF2
unit half.service <<EOF2
[Service]
ExecStart=/bin/sleep 600
User=nobody
NoNewPrivileges=yes
PrivateTmp=yes
EOF2
start_svinit
sv security >"$T/table" || fail "svctl security failed"
head -1 "$T/table" | grep -Eq '^UNIT +EXPOSURE PREDICATE$' || fail "table header: $(head -1 "$T/table")"
score() { awk -v u="$1" '$1 == u { print $2 }' "$T/table"; }
o=$(score open.service) t=$(score tight.service) h=$(score half.service)
expect_eq "$t" 0.0 "tight.service's exposure"
awk -v o="$o" 'BEGIN { exit !(o >= 9.0) }' || fail "open.service's exposure is $o"
awk -v o="$o" -v h="$h" 'BEGIN { exit !(h > 0 && h < o) }' || fail "half.service $h, open $o"
grep -q "^open.service .* UNSAFE$" "$T/table" || fail "open.service not UNSAFE: $(cat "$T/table")"
grep -q "^tight.service .* OK$" "$T/table" || fail "tight.service not OK: $(cat "$T/table")"
ok "table: open $o UNSAFE, half $h, tight $t OK"

sv security half.service >"$T/half"
grep -q "^✓ NoNewPrivileges= " "$T/half" || fail "NoNewPrivileges not shown as set: $(cat "$T/half")"
grep -q "^✗ ProtectSystem= .*can write /usr" "$T/half" || fail "ProtectSystem not shown as open: $(cat "$T/half")"
grep -q "Overall exposure level for half.service: $h " "$T/half" || fail "no overall line: $(tail -1 "$T/half")"
sv security default.target 2>"$T/err" && fail "security of a target was accepted"
sv security nosuch.service 2>/dev/null && fail "security of an unknown unit was accepted"
# A read-only verb: any user may run it (the test dir opened to them).
chmod 755 "$T"
setpriv --reuid=65534 --regid=65534 --clear-groups -- \
	"$SVCTL" --runtime-dir "$T/run" security >/dev/null ||
	fail "a non-root user cannot read security"
ok "detail: each setting with its weight; targets and unknown units refused; readable by anyone"
