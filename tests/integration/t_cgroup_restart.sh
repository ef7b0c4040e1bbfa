# A unit whose cgroup was killed (svctl kill -s KILL: cgroup.kill on a
# cgroup2) restarts into the same cgroup and runs: on some kernels a
# child born by clone3 CLONE_INTO_CGROUP into a cgroup that was ever
# killed is killed at once (6.18 here), so svinit then joins it the old
# way. Also: a restart after kill -9 keeps the cgroup and its limits.
. "$TESTLIB"

unit r.service <<EOF2
[Service]
ExecStart=/bin/sleep 600
Restart=always
RestartSec=0.1
TasksMax=9
EOF2
start_svinit
grep -q "cgroups: " "$T/svinit.err" ||
	skip "no usable cgroup file system here: $(grep -m1 cgroup "$T/svinit.err")"
sv start r.service || fail "start"
cg=$(prop r.service ControlGroup)
for i in 1 2 3; do
	pid=$(prop r.service MainPID)
	sv kill -s KILL r.service || fail "kill $i"
	wait_until '[ "$(prop r.service NRestarts)" = '$i' ] && [ "$(prop r.service SubState)" = running ]' 10 ||
		fail "no restart $i: $(prop r.service SubState), NRestarts=$(prop r.service NRestarts)"
	[ "$(prop r.service MainPID)" != "$pid" ] || fail "same main process after kill $i"
done
sleep 1
expect_eq "$(prop r.service SubState)" running "state a second after the last restart"
expect_eq "$(prop r.service NRestarts)" 3 "restarts"
expect_eq "$(prop r.service ControlGroup)" "$cg" "the cgroup across restarts"
expect_eq "$(prop r.service TasksMax)" 9 "TasksMax across restarts"
ok "three SIGKILLs of the cgroup, three restarts into it, running"
