# svctl status draws the processes of the unit's cgroup as a tree (a
# detached grandchild included), and list-units --json carries the
# cgroup and its figures: numbers, or null for a unit without a cgroup.
. "$TESTLIB"

unit tree.service <<EOF2
[Service]
ExecStart=/bin/sh -c 'sleep 600 & setsid sh -c "sleep 500 & exec sleep 400" & exec sleep 300'
EOF2
start_svinit
grep -q "cgroups: " "$T/svinit.err" ||
	skip "no usable cgroup file system here: $(grep -m1 cgroup "$T/svinit.err")"
sv start tree.service || fail "start"
# Four processes, the detached shell exec'd into sleep 400.
wait_until '[ "$(prop tree.service TasksCurrent)" = 4 ] &&
	sv status tree.service | grep -q "sleep 400\$"' 10 ||
	fail "expected 4 tasks, got $(prop tree.service TasksCurrent): $(sv status tree.service)"
sv status tree.service >"$T/status"
main=$(prop tree.service MainPID)
# The main process at the root; under it the first sleep and the
# detached shell (now sleep 400) whose child is sleep 500.
grep -q "^             └─$main sleep 300\$" "$T/status" || fail "no root line: $(cat "$T/status")"
grep -q "^               ├─[0-9]* sleep 600\$" "$T/status" || fail "no first child: $(cat "$T/status")"
grep -q "^               └─[0-9]* sleep 400\$" "$T/status" || fail "no last child: $(cat "$T/status")"
grep -q "^                 └─[0-9]* sleep 500\$" "$T/status" || fail "no grandchild: $(cat "$T/status")"
ok "status draws the cgroup's tree, detached processes included"

sv list-units --json >"$T/json"
# One object per unit, in order; grep each of the two looked at.
obj() { grep -o "{\"unit\":\"$1\"[^}]*}" "$T/json"; }
t=$(obj tree.service) d=$(obj default.target)
grep -q '"tasks_current":4,' <<<"$t" || fail "tree.service: $t"
grep -q '"cpu_usage_nsec":[0-9][0-9]*,' <<<"$t" || fail "tree.service: $t"
grep -q '"cgroup":"/[^"]*/tree.service"' <<<"$t" || fail "tree.service: $t"
grep -q '"tasks_current":null,.*"cgroup":null' <<<"$d" || fail "default.target: $d"
ok "list-units --json: cgroup, tasks_current, cpu_usage_nsec"

# svinit leaves nothing behind: the units' cgroups and the root it made
# are gone once it has exited.
stop_svinit
[ "$SV_STATUS" = 0 ] || fail "svinit exited $SV_STATUS"
left=$(cg_dirs)
[ -z "$left" ] || fail "cgroups left after svinit exited: $left $(find $left)"
ok "svinit removed its cgroups when it exited"
