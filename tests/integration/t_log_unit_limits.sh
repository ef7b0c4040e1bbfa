# Per-unit log rotation (LogMaxSize=, LogKeep=) overrides the daemon's
# --log-max-size / --log-keep, and a daemon-reload applies a changed limit.
. "$TESTLIB"

unit small.service <<'EOF2'
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'i=0; while [ $$i -lt 400 ]; do echo "small line $$i padding padding padding padding"; i=$$((i+1)); done'
LogMaxSize=4K
LogKeep=2
[Install]
WantedBy=multi-user.target
EOF2
unit big.service <<'EOF2'
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sh -c 'i=0; while [ $$i -lt 400 ]; do echo "big line $$i padding padding padding padding"; i=$$((i+1)); done'
[Install]
WantedBy=multi-user.target
EOF2
start_svinit --log-max-size 1M --log-keep 5
wait_until '[ "$(prop small.service SubState)" = exited ] && [ "$(prop big.service SubState)" = exited ]' 10 ||
	fail "units did not finish"
L=$T/log
[ -f "$L/small.service.log.1" ] && [ -f "$L/small.service.log.2" ] ||
	fail "small.service was not rotated twice: $(ls $L)"
[ -e "$L/small.service.log.3" ] && fail "LogKeep=2 kept a third file"
for f in "$L"/small.service.log*; do
	size=$(stat -c %s "$f")
	[ "$size" -le 4096 ] || fail "$f is $size bytes, over LogMaxSize=4K"
done
ok "LogMaxSize=4K, LogKeep=2: two rotated files, none over 4 KiB"
# The newest 400 lines are not all kept: the oldest were rotated away.
grep -q "small line 399" "$L/small.service.log" || fail "last line missing"
cat "$L"/small.service.log* | grep -q "small line 0 " && fail "oldest line should be gone"
[ -e "$L/big.service.log.1" ] && fail "big.service used the unit limit of another unit"
[ "$(grep -c 'big line' "$L/big.service.log")" = 400 ] || fail "big.service lost lines"
ok "a unit without the keys keeps the daemon's 1M limit"

# A changed limit applies after daemon-reload and a restart.
sed -i 's/^LogMaxSize=4K/LogMaxSize=1M/' "$T/units/small.service"
sv daemon-reload >/dev/null || fail "daemon-reload"
sv restart small.service || fail "restart"
# All 400 new lines land in the current file, which passes 4 KiB now.
[ "$(grep -c 'small line' "$L/small.service.log")" -ge 400 ] ||
	fail "the new limit was not applied (or lines were lost)"
[ "$(stat -c %s "$L/small.service.log")" -gt 4096 ] ||
	fail "the current file is still held under 4 KiB"
ok "a changed LogMaxSize= applies after daemon-reload"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
