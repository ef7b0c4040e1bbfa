# Failures before or at exec: a missing binary (step EXEC), a missing
# WorkingDirectory= (step CHDIR; with '-' the command runs in /). Each
# fails its start with a message naming the step; units that were running
# keep running. An unknown User= is caught earlier, when the unit loads:
# its start fails and nothing runs.
. "$TESTLIB"

mkdir -p "$T/m"
M=$T/m
state() { sv is-active "$1"; }
expect_state() { expect_eq "$(state "$1")" "$2" "$1 ($3)"; }

unit bystander.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit missing.service <<EOF
[Service]
Type=exec
ExecStart=/nonexistent/bin --flag
EOF
unit missing-simple.service <<EOF
[Service]
ExecStart=/nonexistent/bin
EOF
unit missing-oneshot.service <<EOF
[Service]
Type=oneshot
ExecStart=/nonexistent/bin
EOF
unit missing-pre.service <<EOF
[Service]
ExecStartPre=/nonexistent/pre
ExecStart=/bin/touch $M/missing-pre-main
EOF
unit notexec.service <<EOF
[Service]
Type=exec
ExecStart=$M
EOF
unit baduser.service <<EOF
[Service]
Type=exec
User=svinit-no-such-user
ExecStart=/bin/sleep 600
EOF
unit nodir.service <<EOF
[Service]
Type=exec
WorkingDirectory=$T/no/such/dir
ExecStart=/bin/sleep 600
EOF
unit nodir-ok.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
WorkingDirectory=-$T/no/such/dir
ExecStart=/bin/sh -c 'pwd >$M/pwd'
EOF

start_svinit
wait_until "sv is-active bystander.service" 5 || fail "bystander not active"
bpid=$(prop bystander.service MainPID)

# expect_step UNIT STEP PATH ERRNO-TEXT [RC]: svctl start exits RC (1,
# or 0 for Type=simple, which is up at fork), the unit fails, the message
# is on svinit's stderr and in svctl show.
expect_step() {
	local u=$1 step=$2 path=$3 text=$4 want=${5:-1} rc=0 msg
	sv start $u 2>"$T/err" || rc=$?
	expect_eq "$rc" "$want" "svctl start $u"
	[ "$want" = 0 ] || grep -q "job for $u failed" "$T/err" ||
		fail "$u: svctl said: $(cat "$T/err")"
	wait_until '[ "$(state $u)" = failed ]' 3 || fail "$u: $(state $u), expected failed"
	msg="svinit: $u: failed at step $step ($path): $text"
	grep -qxF "$msg" "$T/svinit.err" || {
		grep -F "$u" "$T/svinit.err" | tail -5
		fail "$u: no line '$msg'"
	}
	expect_eq "$(prop $u FailedStep)" "$step" "$u FailedStep"
	[ "$(prop $u StatusErrno)" -gt 0 ] || fail "$u: StatusErrno '$(prop $u StatusErrno)'"
	ok "$u: svctl start exits $want; '$msg'; FailedStep=$step StatusErrno=$(prop $u StatusErrno)"
}

expect_step missing.service EXEC /nonexistent/bin "No such file or directory"
expect_eq "$(prop missing.service StatusErrno)" 2 "missing StatusErrno (ENOENT)"
expect_step missing-simple.service EXEC /nonexistent/bin "No such file or directory" 0
expect_step missing-oneshot.service EXEC /nonexistent/bin "No such file or directory"
expect_step missing-pre.service EXEC /nonexistent/pre "No such file or directory"
[ ! -e "$M/missing-pre-main" ] || fail "missing-pre: ExecStart ran"
expect_step notexec.service EXEC "$M" "Permission denied"

# User= is resolved at load: an unknown user is a load error naming the
# file and line, and starting the unit fails without running anything.
msg="svinit: $T/units/baduser.service:3: error: unknown user \"svinit-no-such-user\""
grep -qxF "$msg" "$T/svinit.err" || fail "baduser: no line '$msg'"
rc=0
sv start baduser.service 2>"$T/err" || rc=$?
expect_eq "$rc" 1 "svctl start baduser.service"
# The unit stays known (not "not found"), and never ran.
expect_state baduser.service inactive "after a start refused at load"
expect_eq "$(prop baduser.service MainPID)" 0 "baduser MainPID"
ok "baduser.service: '$msg'; svctl start exits 1, the unit is listed and inactive"
expect_step nodir.service CHDIR "$T/no/such/dir" "No such file or directory"

sv start nodir-ok.service || fail "start nodir-ok"
expect_state nodir-ok.service active "WorkingDirectory=-missing"
expect_eq "$(cat "$M/pwd")" / "nodir-ok: working directory"
ok "WorkingDirectory=-missing: the command runs in /"

# A failed unit starts again once fixed (the failure is not sticky).
sv reset-failed missing-oneshot.service
expect_state missing-oneshot.service inactive "after reset-failed"
ok "reset-failed: a unit that failed at EXEC is inactive again"

expect_state bystander.service active "after all the failures"
expect_eq "$(prop bystander.service MainPID)" "$bpid" "bystander MainPID"
expect_eq "$(prop bystander.service NRestarts)" 0 "bystander NRestarts"
ok "bystander.service still running with the same MainPID $bpid"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
