# Run directly as the init of a PID namespace, svinit is PID 1: a SIGTERM
# still stops every unit, but svinit itself does not exit (PID 1 must not;
# reboot and poweroff come with the PID-1 mode) and keeps answering svctl.
. "$TESTLIB"

unit a.service <<'EOF2'
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF2
unshare --pid --fork --mount-proc --mount --kill-child=SIGKILL -- \
	"$SVINIT" --units "$T/units" --runtime-dir "$T/run" --log-dir "$T/log" \
	>"$T/svinit.out" 2>"$T/svinit.err" &
NS_PID=$!
wait_until "test -S $T/run/control.sock" 10 || fail "no control socket"
wait_until '[ "$(prop a.service ActiveState)" = active ]' 10 || fail "a did not start"
init=$(ns_init)
[ "$(nsenter -t "$init" -p -m ps -o pid= -p 1 | tr -d ' ')" = 1 ] || fail "no PID 1"
grep -q svinit "/proc/$init/cmdline" || fail "the namespace init is not svinit"
kill -TERM "$init"
wait_until '[ "$(prop a.service ActiveState)" = inactive ]' 10 || fail "a was not stopped"
wait_until 'grep -q "as PID 1 svinit stays up" "$T/svinit.err"' 10 ||
	fail "no word of staying up"
kill -0 "$init" 2>/dev/null || fail "svinit (PID 1) exited"
sv list-units >/dev/null || fail "svctl no longer answered"
ok "as PID 1: units stopped on SIGTERM, svinit still up and answering"
