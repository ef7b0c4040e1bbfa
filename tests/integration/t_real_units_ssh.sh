# Debian's ssh.service from its own unit file (Type=notify: Debian's
# sshd tells systemd when it listens; ExecStartPre= `sshd -t`,
# RuntimeDirectory=sshd, KillMode=process, EnvironmentFile=-): active,
# the SSH banner on 127.0.0.1:22 in the test's own network, stop leaves
# nothing.
. "$TESTLIB"
. "$(dirname "$0")/real_units.sh"

real_need /usr/sbin/sshd
ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1 || skip "no host keys in /etc/ssh"
real_unit ssh.service
real_start

expect_eq "$(prop ssh.service Type)" notify "Type"
real_active ssh.service
in_ns test -d /run/sshd || fail "RuntimeDirectory=sshd: no /run/sshd"
banner=$(ask 22 '')
case "$banner" in
SSH-2.0-OpenSSH*) ;;
*) fail "no SSH banner: '$banner'" ;;
esac
ok "ssh.service active at READY=1, /run/sshd made, banner '$banner'"

real_stopped ssh.service
in_ns test -d /run/sshd && fail "RuntimeDirectory= left /run/sshd"
ok "ssh.service stopped, /run/sshd removed, nothing left"
real_end
