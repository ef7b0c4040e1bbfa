# svinit under valgrind through a whole life: start with dependencies, a
# crash and restart, svctl requests, daemon-reload, stop. Any memory error
# or leak (definite or indirect) fails the test.
. "$TESTLIB"
command -v valgrind >/dev/null || fail "valgrind is not installed"

unit a.service <<'EOF2'
[Unit]
Description=A
[Service]
ExecStart=/bin/sh -c 'echo started; exec sleep 60'
[Install]
WantedBy=multi-user.target
EOF2
unit b.service <<'EOF2'
[Unit]
Requires=a.service
After=a.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/echo b
[Install]
WantedBy=multi-user.target
EOF2
unit crash.service <<'EOF2'
[Service]
ExecStart=/bin/sh -c 'echo crashing >&2; exit 2'
Restart=on-failure
RestartSec=0.1
StartLimitBurst=3
[Install]
WantedBy=multi-user.target
EOF2

# valgrind runs svinit itself; the children are not traced.
real=$SVINIT
SVINIT=$T/vg-svinit
cat >"$SVINIT" <<EOF2
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--log-file=$T/valgrind.log "$real" "\$@"
EOF2
chmod +x "$SVINIT"
start_svinit
wait_until '[ "$(prop b.service ActiveState)" = active ]' 30 || fail "b did not start"
wait_until '[ "$(prop crash.service Result)" = start-limit-hit ]' 30 ||
	fail "crash.service did not hit its start limit"
sv status a.service >/dev/null || fail "status a"
sv list-units --json >/dev/null || fail "list-units --json"
sv restart a.service || fail "restart a"
# b requires a, so it was restarted too; reload waits for no job.
wait_until '[ "$(prop b.service ActiveState)" = active ]' 30 || fail "b after restart"
unit d.service <<'EOF2'
[Service]
ExecStart=/bin/sleep 60
EOF2
sv daemon-reload >/dev/null || fail "daemon-reload"
sv start d.service || fail "start d"
rm "$T/units/d.service"
sv daemon-reload >/dev/null || fail "daemon-reload after removal"
[ "$(sv logs crash.service -n 2 | wc -l)" = 2 ] || fail "logs crash -n 2"
# A unit changed while running, then removed while running: its pending
# configuration belonged to a set that is gone; it is freed at a later
# reload once stopped. Any use of freed memory is a valgrind error.
unit e.service <<'EOF2'
[Service]
ExecStart=/bin/sleep 60
Environment=V=1
EOF2
sv daemon-reload >/dev/null || fail "reload adding e"
sv start e.service || fail "start e"
sed -i 's/V=1/V=2/' "$T/units/e.service"
sv daemon-reload >/dev/null || fail "reload changing e"
[ "$(prop e.service NeedDaemonReload)" = yes ] || fail "e is not marked changed"
rm "$T/units/e.service"
sv daemon-reload >/dev/null || fail "reload removing e"
wait_until '! sv list-units | grep -q e.service' 20 || fail "e still listed"
sleep 1
sv daemon-reload >/dev/null || fail "reload after e stopped"
sv list-units >/dev/null || fail "svinit did not survive the reloads"
stop_svinit
# -q writes nothing when all is well, but the file is made: valgrind ran.
[ -e "$T/valgrind.log" ] || fail "valgrind did not run svinit"
cat "$T/valgrind.log"
[ "$SV_STATUS" = 0 ] || fail "svinit under valgrind exited $SV_STATUS"
[ -s "$T/valgrind.log" ] && fail "valgrind reported problems"
ok "valgrind: no errors, no leaks"
