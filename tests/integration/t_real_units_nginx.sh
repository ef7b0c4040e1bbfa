# Debian's nginx from its own unit file (Type=forking with PIDFile=,
# ExecStartPre= `nginx -t`, ExecStop= start-stop-daemon, KillMode=mixed):
# active with the master as MainPID, answers HTTP on 127.0.0.1:80 in the
# test's own network, stop leaves no worker.
. "$TESTLIB"
. "$(dirname "$0")/real_units.sh"

real_need /usr/sbin/nginx /sbin/start-stop-daemon
real_unit nginx.service
real_tmpfs /var/log/nginx root adm 755
real_tmpfs /var/lib/nginx root root 755
real_start

expect_eq "$(prop nginx.service Type)" forking "Type"
real_active nginx.service
pid=$(prop nginx.service MainPID)
expect_eq "$(in_ns cat /run/nginx.pid)" "$pid" "MainPID from PIDFile="
reply=$(ask 80 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n')
case "$reply" in
"HTTP/1.1 "[1-5][0-9][0-9]*) ;;
*) fail "nginx's answer: '$reply'" ;;
esac
ok "nginx active (master $pid from /run/nginx.pid), '$reply' on 127.0.0.1:80"

real_stopped nginx.service
ok "nginx stopped (ExecStop= start-stop-daemon), nothing left"
real_end
