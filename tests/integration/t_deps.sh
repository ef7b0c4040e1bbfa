# Dependencies between units: Requires=, BindsTo= and PartOf= propagate
# stops and restarts; Wants= tolerates a failure; Requires= with After= on
# a failing unit fails the dependent's job with "dependency"; OnFailure=;
# Conflicts=; conditions skip a unit without failing it.
. "$TESTLIB"

mkdir -p "$T/bin" "$T/m" "$T/dir"
M=$T/m
echo data >"$T/full"
: >"$T/empty"
# A long-running service; NAME ExtraUnitLines.
daemon() {
	unit "$1" <<EOF
[Unit]
$2
[Service]
ExecStart=/bin/sleep 600
EOF
}
# A oneshot that leaves a marker file $M/NAME when it runs.
marker() {
	unit "$1" <<EOF
[Unit]
$2
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/touch $M/$1
EOF
}
state() { sv is-active "$1"; }
expect_state() { expect_eq "$(state "$1")" "$2" "$1 ($3)"; }

# --- Requires= ---
daemon db.service ""
daemon app.service "Requires=db.service
After=db.service"
# --- BindsTo= ---
daemon base.service ""
daemon bound.service "BindsTo=base.service
After=base.service"
# --- PartOf= ---
daemon group.service ""
daemon member.service "PartOf=group.service"
# --- Wants= a failing unit ---
unit broken.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/false
EOF
daemon wanter.service "Wants=broken.service
After=broken.service"
# --- Requires= + After= a failing unit ---
unit broken2.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 7'
EOF
unit needy.service <<EOF
[Unit]
Requires=broken2.service
After=broken2.service
[Service]
ExecStartPre=/bin/touch $M/needy-pre
ExecStart=/bin/touch $M/needy
EOF
# --- OnFailure= ---
unit crash.service <<EOF
[Unit]
OnFailure=handler.service
[Service]
ExecStart=/bin/sh -c 'sleep 0.2; exit 3'
EOF
marker handler.service ""
daemon fine.service "OnFailure=handler2.service"
marker handler2.service ""
# --- Conflicts= ---
daemon x.service "Conflicts=y.service"
daemon y.service ""
# --- Conditions ---
marker c-exists.service "ConditionPathExists=$T/full"
marker c-missing.service "ConditionPathExists=$T/missing"
marker c-notmissing.service "ConditionPathExists=!$T/missing"
marker c-notexists.service "ConditionPathExists=!$T/full"
marker c-isdir.service "ConditionPathIsDirectory=$T/dir"
marker c-filenotdir.service "ConditionPathIsDirectory=$T/full"
marker c-notdir.service "ConditionPathIsDirectory=!$T/full"
marker c-notempty.service "ConditionFileNotEmpty=$T/full"
marker c-empty.service "ConditionFileNotEmpty=$T/empty"
marker c-emptymissing.service "ConditionFileNotEmpty=$T/missing"
marker c-all.service "ConditionPathExists=$T/full
ConditionPathIsDirectory=$T/full"
daemon c-user.service "Requires=c-missing.service
After=c-missing.service"

start_svinit

# Requires=: starting app pulls in db; stopping db stops app first.
sv start app.service || fail "start app.service"
expect_state db.service active "pulled in by Requires="
expect_state app.service active "started"
sv stop db.service || fail "stop db.service"
expect_state db.service inactive "stopped"
expect_state app.service inactive "its Requires= db.service stopped"
ok "Requires=: start pulls db in; stopping db stops app"
sv start app.service || fail "start app.service again"
sv stop app.service || fail "stop app.service"
expect_state db.service active "after stopping app (reverse does not hold)"
ok "Requires=: stopping app leaves db running"

# BindsTo=: base dies of SIGKILL; bound is stopped.
sv start bound.service || fail "start bound.service"
expect_state base.service active "pulled in by BindsTo="
sv kill base.service -s 9 || fail "kill base.service"
wait_until '[ "$(state base.service)" = failed ]' 5 ||
	fail "base.service not failed after SIGKILL: $(state base.service)"
wait_until '[ "$(state bound.service)" = inactive ]' 5 ||
	fail "bound.service still $(state bound.service) after base died"
ok "BindsTo=: base killed -> base failed, bound stopped (inactive)"
sv reset-failed base.service

# PartOf=: restart and stop of group reach member; not the reverse.
sv start group.service member.service || fail "start group and member"
pid1=$(prop member.service MainPID)
gpid1=$(prop group.service MainPID)
sv restart group.service || fail "restart group.service"
# member has no ordering against group: its restart runs alongside.
# One svctl show gives state and pid of the same moment.
snap() { sv show "$1" | awk -F= '$1 == "ActiveState" { a = $2 } $1 == "MainPID" { p = $2 } END { print a, p }'; }
wait_until 'set -- $(snap member.service); [ "$1" = active ] && [ "$2" -gt 1 ] &&
	[ "$2" != "$pid1" ]' 5 ||
	fail "member.service not restarted with group: $(snap member.service)"
pid2=$(prop member.service MainPID)
[ "$(prop group.service MainPID)" != "$gpid1" ] || fail "group not restarted"
ok "PartOf=: restarting group restarts member (MainPID $pid1 -> $pid2)"
sv stop member.service || fail "stop member"
expect_state group.service active "member stopped (reverse does not hold)"
sv start member.service || fail "start member"
sv stop group.service || fail "stop group.service"
wait_until '[ "$(state member.service)" = inactive ]' 5 ||
	fail "member.service is $(state member.service) after group stopped"
ok "PartOf=: stopping group stops member; stopping member leaves group"

# Wants=: a wanted unit that fails does not fail the wanting one.
sv start wanter.service || fail "start wanter.service failed: Wants= must tolerate"
expect_state wanter.service active "wanted unit failed"
expect_state broken.service failed "ExecStart=/bin/false"
ok "Wants=: broken.service failed, wanter.service active, job succeeded"

# Requires=+After= on a failing unit: the dependent's job fails.
rc=0
sv start needy.service 2>"$T/needy.err" || rc=$?
expect_eq "$rc" 1 "svctl start needy.service exit status"
grep -qx 'svctl: job for needy.service failed (result: dependency)' \
	"$T/needy.err" || fail "stderr of svctl start: $(cat "$T/needy.err")"
[ ! -e "$M/needy-pre" ] && [ ! -e "$M/needy" ] ||
	fail "needy.service ran although its requirement failed"
expect_state broken2.service failed "exit 7"
st=$(state needy.service)
[ "$st" = inactive ] || [ "$st" = failed ] || fail "needy.service is $st"
ok "Requires=+After= a failing unit: '$(cat "$T/needy.err")', exit 1, never ran"

# OnFailure=: crash fails, handler runs; a clean stop does not trigger it.
sv start crash.service || fail "start crash.service"
wait_until "test -e $M/handler.service" 5 ||
	fail "handler.service did not run after crash.service failed"
expect_state crash.service failed "exit 3"
expect_state handler.service active "OnFailure= handler"
ok "OnFailure=: crash.service failed -> handler.service started"
sv start fine.service || fail "start fine.service"
sv stop fine.service || fail "stop fine.service"
sleep 0.3
[ ! -e "$M/handler2.service" ] || fail "OnFailure= ran after a clean stop"
ok "OnFailure=: not run after a clean stop"

# Conflicts=: starting one stops the other, both ways.
sv start y.service || fail "start y"
sv start x.service || fail "start x"
expect_state x.service active "started"
wait_until '[ "$(state y.service)" = inactive ]' 5 ||
	fail "y.service is $(state y.service) after x (Conflicts=y) started"
sv start y.service || fail "start y again"
expect_state y.service active "started"
wait_until '[ "$(state x.service)" = inactive ]' 5 ||
	fail "x.service is $(state x.service) after y started (x Conflicts=y)"
ok "Conflicts=: starting x stops y, starting y stops x"

# Conditions.
for u in exists notmissing isdir notdir notempty; do
	sv start c-$u.service || fail "start c-$u.service"
	expect_state c-$u.service active "condition holds"
	[ -e "$M/c-$u.service" ] || fail "c-$u.service did not run"
done
ok "conditions that hold: PathExists, !PathExists, PathIsDirectory, !PathIsDirectory, FileNotEmpty run"
for u in missing notexists filenotdir empty emptymissing all; do
	rc=0
	sv start c-$u.service 2>"$T/c.err" || rc=$?
	expect_eq "$rc" 0 "svctl start c-$u.service (skipped) exit status"
	[ ! -s "$T/c.err" ] || fail "c-$u.service: svctl said $(cat "$T/c.err")"
	expect_state c-$u.service inactive "condition false"
	sv is-failed c-$u.service >/dev/null && fail "c-$u.service counts as failed"
	expect_eq "$(prop c-$u.service Result)" success "c-$u.service Result"
	[ ! -e "$M/c-$u.service" ] || fail "c-$u.service ran"
done
ok "conditions that fail: skipped, inactive (not failed), job succeeds, nothing ran"
sv start c-user.service || fail "a unit requiring a skipped unit must start"
expect_state c-user.service active "its Requires= was skipped"
ok "Requires= a skipped unit: the dependent starts"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
