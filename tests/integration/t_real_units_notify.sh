# systemd-notify(1) from Debian's systemd package (installed beside the
# host's init; the package does not make systemd the init, systemd-sysv
# does): a Type=notify service whose shell runs `systemd-notify --ready
# --status=...` after a delay is activating until then and active after.
# systemd-notify names its parent (the main process) as the sender, as it
# does under systemd, so NotifyAccess=main accepts it.
. "$TESTLIB"

N=/usr/bin/systemd-notify
[ -x $N ] || skip "no $N (tests/deps.sh installs the systemd package)"

unit late.service <<EOF
[Service]
Type=notify
ExecStart=/bin/sh -c 'sleep 1; $N --ready --status="ready by systemd-notify"; exec sleep 100'
EOF
start_svinit

t0=$(date +%s%N)
sv --no-block start late.service || fail "start"
wait_until '[ "$(sv is-active late.service)" = activating ]' 2 ||
	fail "late.service not activating: $(sv is-active late.service)"
wait_until '[ "$(sv is-active late.service)" = active ]' 5 ||
	fail "late.service never active: $(tail -20 "$T/svinit.err")"
el=$((($(date +%s%N) - t0) / 1000000))
[ $el -ge 900 ] || fail "active after ${el} ms, before systemd-notify --ready"
expect_eq "$(prop late.service StatusText)" "ready by systemd-notify" "StatusText"
expect_eq "$(prop late.service NNotifyRejected)" 0 "notifications rejected"
ok "systemd-notify --ready: activating until it ran, active after ${el} ms, StatusText from --status"
sv stop late.service
stop_svinit
