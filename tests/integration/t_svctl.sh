# svctl: exit codes, status/show/list-units/cat output, job verbs,
# kill, reset-failed, --no-block, and authorization of a non-root user.
. "$TESTLIB"

# run CMD...: run it, keeping stdout, stderr and the status in $T/out,
# $T/err and $rc.
run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}
# expect_rc WANT WHAT: the status, and for failures one line on stderr.
expect_rc() {
	[ "$rc" = "$1" ] || fail "$2: exit status $rc, want $1 (stderr: $(cat "$T/err"))"
	if [ "$1" != 0 ] && [ "$1" != 3 ]; then
		[ "$(wc -l <"$T/err")" = 1 ] || fail "$2: want one line on stderr, got: $(cat "$T/err")"
	fi
}
# as_nobody CMD...: run svctl as uid/gid 65534.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		"$SVCTL" --runtime-dir "$T/run" "$@"
}

unit web.service <<EOF
[Unit]
Description=Web server
[Service]
ExecStart=/bin/sh -c 'echo "pid \$\$\$\$ X=\$\$X"; echo web-line-2; echo web-line-3 >&2; exec sleep 600'
ExecReload=/bin/sh -c 'echo reloaded >>$T/reload.marker'
[Install]
WantedBy=multi-user.target
EOF
mkdir -p "$T/units/web.service.d"
cat >"$T/units/web.service.d/x.conf" <<EOF
[Service]
Environment=X=from-dropin
EOF
unit noreload.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit idle.service <<EOF
[Unit]
Description=Never started
[Service]
ExecStart=/bin/sleep 600
EOF
unit bad.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo going to fail >&2; exit 7'
EOF
unit slow.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sleep 2
EOF
unit sig.service <<EOF
[Service]
ExecStart=/bin/sh -c 'trap "echo got-usr1" USR1; while :; do sleep 0.05; done'
[Install]
WantedBy=multi-user.target
EOF
unit sig2.service <<EOF
[Service]
ExecStart=/bin/sh -c 'trap "echo got-usr1" USR1; while :; do sleep 0.05; done'
[Install]
WantedBy=multi-user.target
EOF

start_svinit
wait_until '[ "$(prop web.service SubState)" = running ] && grep -q web-line-3 $T/log/web.service.log' 10 ||
	fail "web.service did not start"
wait_until '[ "$(prop sig.service SubState)" = running ]' 10 || fail "sig.service did not start"
wait_until '[ "$(prop noreload.service SubState)" = running ]' 10 || fail "noreload.service did not start"

# --- usage ---
run "$SVCTL" --runtime-dir "$T/run"
expect_rc 2 "svctl without a verb"
run sv frobnicate web.service
expect_rc 2 "an unknown verb"
grep -q frobnicate "$T/err" || fail "unknown verb not named: $(cat "$T/err")"
ok "usage errors: exit 2, one line on stderr"

# --- unknown units ---
for verb in status show start stop cat; do
	run sv $verb nope.service
	expect_rc 4 "$verb nope.service"
	grep -q nope.service "$T/err" || fail "$verb nope.service: unit not named: $(cat "$T/err")"
done
ok "status/show/start/stop/cat of an unknown unit: exit 4, one line naming it"

# --- status ---
run sv status web.service
expect_rc 0 "status of an active unit"
pid=$(prop web.service MainPID)
[ "$pid" -gt 1 ] 2>/dev/null || fail "MainPID of web.service: '$pid'"
grep -q "web.service - Web server" "$T/out" || fail "status: no title line: $(cat "$T/out")"
grep -Eq "Active: active \(running\)" "$T/out" || fail "status: no active state: $(cat "$T/out")"
grep -Eq "Main PID: $pid\b" "$T/out" || fail "status: no Main PID $pid: $(cat "$T/out")"
for l in "out pid $pid X=from-dropin" "out web-line-2" "err web-line-3"; do
	grep -q " $l\$" "$T/out" || fail "status: log line '$l' missing: $(cat "$T/out")"
done
run sv status idle.service
expect_rc 3 "status of an inactive unit"
grep -Eq "Active: inactive \(dead\)" "$T/out" || fail "status idle: $(cat "$T/out")"
run sv status web.service idle.service
expect_rc 3 "status of an active and an inactive unit"
ok "status: state, Main PID, last log lines; exit 0 active, 3 inactive"

# --- show ---
run sv show web.service
expect_rc 0 "show"
for kv in Id=web.service ActiveState=active SubState=running Result=success \
	"MainPID=$pid" NRestarts=0 ExecMainStatus=0 "Description=Web server" \
	LoadState=loaded Type=simple "FragmentPath=$T/units/web.service" NeedDaemonReload=no; do
	grep -qxF "$kv" "$T/out" || fail "show web.service: no line $kv: $(cat "$T/out")"
done
grep -q " out pid $pid " "$T/log/web.service.log" || fail "MainPID $pid is not the process that logged"
ok "show: Id, ActiveState, SubState, Result, MainPID (the real process), NRestarts, ExecMainStatus..."

# --- is-active / is-failed ---
run sv is-active web.service
expect_rc 0 "is-active web"
expect_eq "$(cat "$T/out")" active "is-active web output"
run sv is-active idle.service
expect_rc 3 "is-active idle"
expect_eq "$(cat "$T/out")" inactive "is-active idle output"
run sv is-active web.service noreload.service
expect_rc 0 "is-active of two active units"
expect_eq "$(cat "$T/out" | tr '\n' ' ')" "active active " "is-active two units"
run sv is-active web.service idle.service noreload.service
expect_rc 3 "is-active with one inactive"
expect_eq "$(cat "$T/out" | tr '\n' ' ')" "active inactive active " "is-active three units"
ok "is-active: one word per unit, exit 0 only if all are active"

# --- a failing start ---
run sv start bad.service
expect_rc 1 "start of a failing unit"
grep -q bad.service "$T/err" || fail "start bad: unit not named: $(cat "$T/err")"
expect_eq "$(prop bad.service ActiveState)" failed "bad.service ActiveState"
expect_eq "$(prop bad.service Result)" exit-code "bad.service Result"
expect_eq "$(prop bad.service ExecMainStatus)" 7 "bad.service ExecMainStatus"
run sv is-failed bad.service
expect_rc 0 "is-failed bad"
expect_eq "$(cat "$T/out")" failed "is-failed bad output"
run sv is-failed bad.service web.service
[ "$rc" != 0 ] || fail "is-failed of a failed and an active unit exited 0"
expect_eq "$(cat "$T/out" | tr '\n' ' ')" "failed active " "is-failed two units"
run sv status bad.service
expect_rc 3 "status of a failed unit"
grep -q "going to fail" "$T/out" || fail "status bad: no log line: $(cat "$T/out")"
ok "start of a failing unit: exit 1 naming it; is-failed; status shows the failure"

# --- reset-failed ---
run sv reset-failed bad.service
expect_rc 0 "reset-failed bad"
expect_eq "$(prop bad.service ActiveState)" inactive "ActiveState after reset-failed"
expect_eq "$(prop bad.service Result)" success "Result after reset-failed"
ok "reset-failed clears the failed state"

# --- list-units ---
run sv list-units
expect_rc 0 "list-units"
head -n1 "$T/out" | grep -Eq '^UNIT +LOAD +ACTIVE +SUB +DESCRIPTION$' || fail "list-units header: $(head -n1 "$T/out")"
grep -Eq '^web\.service +loaded +active +running +Web server$' "$T/out" || fail "list-units web row: $(cat "$T/out")"
grep -Eq '^idle\.service +loaded +inactive +dead +Never started$' "$T/out" || fail "list-units idle row: $(cat "$T/out")"
run sv list-units --json
expect_rc 0 "list-units --json"
python3 - "$T/out" <<'EOF' || fail "list-units --json: $(cat "$T/out")"
import json, sys
units = {u["unit"]: u for u in json.load(open(sys.argv[1]))}
web = units["web.service"]
assert {k: web[k] for k in ("unit", "load", "active", "sub", "description")} == {
    "unit": "web.service", "load": "loaded", "active": "active",
    "sub": "running", "description": "Web server"}, web
assert set(web) == {"unit", "load", "active", "sub", "description", "health",
                    "memory_current", "cpu_usage_nsec", "tasks_current",
                    "health", "cgroup"}, web
assert web["health"] is None, web
assert units["idle.service"]["active"] == "inactive"
assert units["bad.service"]["active"] == "inactive"
assert "multi-user.target" in units
EOF
ok "list-units: columns UNIT LOAD ACTIVE SUB DESCRIPTION; --json is valid JSON with the same data"

# --- cat ---
run sv cat web.service
expect_rc 0 "cat"
{
	echo "# $T/units/web.service"
	cat "$T/units/web.service"
	echo
	echo "# $T/units/web.service.d/x.conf"
	cat "$T/units/web.service.d/x.conf"
} >"$T/want"
diff "$T/want" "$T/out" >"$T/diff" || fail "cat web.service: $(cat "$T/diff")"
ok "cat prints the unit file and its drop-in, each after a # path line"

# --- restart / try-restart ---
run sv restart web.service
expect_rc 0 "restart web"
pid2=$(prop web.service MainPID)
[ "$pid2" -gt 1 ] && [ "$pid2" != "$pid" ] || fail "restart: MainPID $pid -> $pid2"
expect_eq "$(prop web.service ActiveState)" active "ActiveState after restart"
grep -q " out pid $pid2 " "$T/log/web.service.log" || fail "the restarted process did not log"
run sv try-restart web.service
expect_rc 0 "try-restart web"
pid3=$(prop web.service MainPID)
[ "$pid3" != "$pid2" ] || fail "try-restart of an active unit did not restart it"
run sv try-restart idle.service
expect_rc 0 "try-restart idle"
expect_eq "$(prop idle.service ActiveState)" inactive "idle after try-restart"
ok "restart and try-restart start a new main process; try-restart leaves an inactive unit alone"

# --- reload ---
run sv reload web.service
expect_rc 0 "reload web"
expect_eq "$(cat "$T/reload.marker" 2>/dev/null)" reloaded "ExecReload marker"
expect_eq "$(prop web.service MainPID)" "$pid3" "MainPID after reload"
expect_eq "$(prop web.service ActiveState)" active "ActiveState after reload"
run sv reload noreload.service
[ "$rc" = 1 ] || fail "reload of a unit without ExecReload: exit $rc, want 1"
grep -q noreload.service "$T/err" || fail "reload noreload: unit not named: $(cat "$T/err")"
expect_eq "$(prop noreload.service ActiveState)" active "noreload after a refused reload"
ok "reload runs ExecReload; reload without ExecReload fails, the unit keeps running"

# --- kill ---
spid=$(prop sig.service MainPID)
run sv kill sig.service -s USR1
expect_rc 0 "kill -s USR1"
wait_until "grep -q got-usr1 $T/log/sig.service.log" 5 || fail "USR1 not delivered"
expect_eq "$(prop sig.service MainPID)" "$spid" "sig.service MainPID after USR1"
# Two units in one call: each gets the signal.
: >"$T/log/sig.service.log"
run sv kill sig.service sig2.service -s USR1
expect_rc 0 "kill of two units"
wait_until "grep -q got-usr1 $T/log/sig.service.log && grep -q got-usr1 $T/log/sig2.service.log" 5 ||
	fail "kill of two units: USR1 reached $(grep -l got-usr1 $T/log/sig*.log)"
run sv kill sig.service -s 9
expect_rc 0 "kill -s 9"
wait_until '[ "$(prop sig.service ActiveState)" = failed ]' 5 || fail "sig.service not failed after SIGKILL"
expect_eq "$(prop sig.service Result)" signal "Result after SIGKILL"
run sv kill idle.service -s 9
expect_rc 1 "kill of an inactive unit"
run sv reset-failed
expect_rc 0 "reset-failed of all units"
expect_eq "$(prop sig.service ActiveState)" inactive "sig.service after reset-failed"
ok "kill -s delivers the signal (name or number); SIGKILL fails the unit; reset-failed without a unit"

# --- --no-block ---
t0=$(date +%s%N)
run sv --no-block start slow.service
t1=$(date +%s%N)
expect_rc 0 "--no-block start"
[ $(((t1 - t0) / 1000000)) -lt 1000 ] || fail "--no-block start took $(((t1 - t0) / 1000000)) ms"
expect_eq "$(prop slow.service ActiveState)" activating "slow.service right after --no-block start"
t0=$(date +%s%N)
run sv start slow.service
t1=$(date +%s%N)
expect_rc 0 "blocking start of a oneshot"
[ $(((t1 - t0) / 1000000)) -ge 500 ] || fail "blocking start returned after $(((t1 - t0) / 1000000)) ms"
ok "--no-block returns at once while the job runs; without it svctl waits"

# --- authorization ---
chmod 755 "$T"
pid=$(prop web.service MainPID)
rc=0; as_nobody status web.service >"$T/out" 2>"$T/err" || rc=$?
expect_rc 0 "nobody: status web"
grep -q "Main PID: $pid" "$T/out" || fail "nobody: status output: $(cat "$T/out")"
rc=0; as_nobody status idle.service >/dev/null 2>"$T/err" || rc=$?
expect_rc 3 "nobody: status idle"
for args in "show web.service" "list-units" "list-units --json" "is-active web.service" "list-dependencies web.service" \
	"cat web.service" "logs web.service -n 2"; do
	rc=0; as_nobody $args >"$T/out" 2>"$T/err" || rc=$?
	expect_rc 0 "nobody: $args"
	[ -s "$T/out" ] || fail "nobody: $args printed nothing"
done
rc=0; as_nobody is-failed web.service >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$(cat "$T/out")" active "nobody: is-failed web output"
expect_eq "$(as_nobody logs web.service -n 2)" "$(sv logs web.service -n 2)" "nobody: logs"

unit added.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
for args in "stop web.service" "start idle.service" "restart web.service" "daemon-reload" \
	"kill web.service -s 9" "exit"; do
	rc=0; as_nobody $args >"$T/out" 2>"$T/err" || rc=$?
	expect_rc 1 "nobody: $args"
	grep -q "permission denied" "$T/err" || fail "nobody: $args: $(cat "$T/err")"
done
expect_eq "$(prop web.service MainPID)" "$pid" "web.service MainPID after nobody's attempts"
expect_eq "$(prop web.service ActiveState)" active "web.service after nobody's attempts"
expect_eq "$(prop idle.service ActiveState)" inactive "idle.service after nobody's start"
run sv show added.service
expect_rc 4 "added.service after nobody's daemon-reload"
kill -0 "$NS_PID" || fail "svinit exited on nobody's exit"
run sv is-active web.service
expect_rc 0 "svctl as root after nobody's attempts"
ok "a non-root user may read (status, show, list-units, is-active, is-failed, cat, logs); start/stop/restart/daemon-reload/kill/exit are denied and change nothing"

# --- nothing listening ---
mkdir -p "$T/empty"
run "$SVCTL" --runtime-dir "$T/empty" status web.service
expect_rc 1 "svctl with no svinit"
grep -q "$T/empty" "$T/err" || fail "no svinit: the socket is not named: $(cat "$T/err")"
run "$SVCTL" --runtime-dir "$T/empty" list-units
expect_rc 1 "list-units with no svinit"
ok "svctl where nothing listens: exit 1, one line on stderr"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
run sv status web.service
expect_rc 1 "svctl after svinit exited"
ok "svctl after svinit exited: exit 1, one line on stderr"
