# What svctl shows: a failed unit's Result on the Active line, invalid
# unit names, --version, and the Description of a unit changed on disk
# while it runs, right after daemon-reload.
. "$TESTLIB"

run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}

unit bad.service <<EOF
[Unit]
Description=Fails on purpose
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 3'
EOF
desc_unit() {
	unit web.service <<EOF
[Unit]
Description=$1
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
}
desc_unit "Old description"

start_svinit
wait_until '[ "$(prop web.service SubState)" = running ]' 10 || fail "web.service did not start"

# --- a failed unit ---
run sv start bad.service
expect_eq "$rc" 1 "start of bad.service"
run sv status bad.service
expect_eq "$rc" 3 "status of a failed unit"
grep -Eq "^ +Active: failed \(Result: exit-code\) since " "$T/out" ||
	fail "status bad.service: Active line: $(grep Active: "$T/out")"
grep -q "failed (failed)" "$T/out" && fail "status still says 'failed (failed)'"
run sv status web.service
grep -Eq "^ +Active: active \(running\) since " "$T/out" ||
	fail "status web.service: Active line: $(grep Active: "$T/out")"
grep -q "Result:" "$T/out" && fail "status of a unit that did not fail mentions a Result"
ok "status of a failed unit: 'Active: failed (Result: exit-code)'; a running one: 'active (running)'"

# --- invalid unit names ---
for name in 'a b' foo.bar 'web.service/x' '' '@.service'; do
	for verb in status show start stop cat is-active; do
		run sv $verb "$name"
		expect_eq "$rc" 2 "svctl $verb '$name'"
		grep -qxF "svctl: invalid unit name: $name" "$T/err" ||
			fail "svctl $verb '$name': stderr: $(cat "$T/err")"
	done
done
# A valid name that is not loaded is still "not found".
run sv status nope.service
expect_eq "$rc" 4 "status of a valid unknown name"
grep -q "not found" "$T/err" || fail "status nope.service: $(cat "$T/err")"
# One invalid name among good ones: nothing is done.
run sv stop web.service 'a b'
expect_eq "$rc" 2 "stop of a good and an invalid name"
expect_eq "$(prop web.service ActiveState)" active "web.service after a refused stop"
ok "an invalid unit name: 'invalid unit name', exit 2, nothing done; an unknown one: 'not found', exit 4"

# --- --version ---
run "$SVCTL" --version
expect_eq "$rc" 0 "svctl --version"
v=$("$SVINIT" --version | sed -n 's/^svinit //p')
[ -n "$v" ] || fail "svinit --version printed no version"
expect_eq "$(cat "$T/out")" "svctl $v" "svctl --version"
run "$SVCTL" --help
expect_eq "$rc" 0 "svctl --help"
grep -q -- "--version" "$T/out" || fail "svctl --help does not mention --version"
ok "svctl --version prints 'svctl $v', as svinit --version does"

# --- the Description after daemon-reload of a running unit ---
pid=$(prop web.service MainPID)
desc_unit "New description"
run sv daemon-reload
expect_eq "$rc" 0 "daemon-reload"
grep -qx "changed (restart needed) web.service" "$T/out" || fail "daemon-reload said: $(cat "$T/out")"
expect_eq "$(prop web.service MainPID)" "$pid" "web.service MainPID after the reload"
expect_eq "$(prop web.service NeedDaemonReload)" yes "NeedDaemonReload of a changed running unit"
expect_eq "$(prop web.service Description)" "New description" "show Description after the reload"
sv list-units | grep -Eq '^web\.service +loaded +active +running +New description$' ||
	fail "list-units after the reload: $(sv list-units | grep web.service)"
sv status web.service | grep -q "web.service - New description" ||
	fail "status after the reload: $(sv status web.service | head -1)"
sv status "*" | grep -q "web.service - New description" || fail "status of all units after the reload"
sv list-units --json | grep -q '"description":"New description"' || fail "list-units --json after the reload"
sv cat web.service | grep -qx "Description=New description" || fail "cat after the reload: $(sv cat web.service)"
run sv restart web.service
expect_eq "$rc" 0 "restart web.service"
expect_eq "$(prop web.service NeedDaemonReload)" no "NeedDaemonReload after the restart"
expect_eq "$(prop web.service Description)" "New description" "Description after the restart"
ok "after daemon-reload, show/status/list-units/cat give the new Description at once; NeedDaemonReload=yes until the restart"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
