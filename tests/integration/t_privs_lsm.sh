# AppArmorProfile=, SELinuxContext=, SmackProcessLabel=: a label the
# machine cannot apply (the module is not running here, or it refuses a
# profile that does not exist) fails the start at its step, never runs
# the service without it; with a leading `-` it is optional and the
# service runs. The profile names are made up, so that the outcome is
# the same on a machine with the module as without it.
. "$TESTLIB"

i=0
for key in AppArmorProfile SELinuxContext SmackProcessLabel; do
	i=$((i + 1))
	unit "must$i.service" <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
$key=svinit-test-no-such-label-$$
ExecStart=/bin/sh -c 'echo ran >$T/must$i'
EOF
	unit "may$i.service" <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
$key=-svinit-test-no-such-label-$$
ExecStart=/bin/sh -c 'echo ran >$T/may$i'
EOF
done
start_svinit
i=0
for step in APPARMOR SELINUX_CONTEXT SMACK_PROCESS_LABEL; do
	i=$((i + 1))
	sv start "must$i.service" 2>/dev/null && fail "must$i.service started"
	[ -e "$T/must$i" ] && fail "must$i.service ran without its label"
	grep -q "must$i.service: failed at step $step" "$T/svinit.err" ||
		fail "no step $step in the message: $(grep "must$i" "$T/svinit.err")"
	sv start "may$i.service" || fail "may$i.service (optional label) did not start"
	[ -e "$T/may$i" ] || fail "may$i.service did not run"
done
ok "a label that cannot be applied fails the start at its step; with '-' the service runs"
stop_svinit
