# Service types: simple, exec (a missing binary fails the start), oneshot
# (inactive after success, RemainAfterExit=, ExecStartPre/Post order, the
# '-' prefix), forking (PID file or none: MainPID, stop kills the daemon).
. "$TESTLIB"

mkdir -p "$T/bin" "$T/m"
M=$T/m
L=$M/log
# mark WORD: append WORD to $L.
cat >"$T/bin/mark" <<EOF
#!/bin/sh
echo "\$1" >>$L
EOF
# The daemon half of a forking service: sh child.sh NAME $T/bin/daemon-NAME.
# On SIGTERM it notes "NAME got TERM" and exits; its own child (a shell
# named $T/bin/grand-NAME) is left to the group kill.
cat >"$T/bin/child.sh" <<EOF
trap 'echo "\$1 got TERM" >>$L; exit 0' TERM
sh -c 'sleep 600; :' $T/bin/grand-"\$1" &
wait
EOF
# forker.sh NAME PIDFILE [late-setsid]: start child.sh in the background,
# write its pid to PIDFILE, exit. With late-setsid, the daemon moves to a
# session of its own 0.3 s later, after svinit has read the PID file.
cat >"$T/bin/forker.sh" <<EOF
if [ "\$3" = late-setsid ]; then
	sh -c 'sleep 0.3; exec setsid "\$@"' late sh $T/bin/child.sh "\$1" $T/bin/daemon-"\$1" </dev/null >/dev/null 2>&1 &
else
	sh $T/bin/child.sh "\$1" $T/bin/daemon-"\$1" </dev/null >/dev/null 2>&1 &
fi
echo \$! >"\$2.tmp" && mv "\$2.tmp" "\$2"
echo "\$1 parent exits" >>$L
EOF
chmod +x "$T/bin/mark"

# procs daemon|grand NAME: how many processes on the host have
# $T/bin/daemon-NAME (or grand-NAME) in their command line. The bracket
# keeps grep from counting itself.
procs() {
	grep -las -- "$T/bin/[${1:0:1}]${1:1}-$2" /proc/[0-9]*/cmdline | wc -l
}
state() { sv is-active "$1"; }
expect_state() { expect_eq "$(state "$1")" "$2" "$1 ($3)"; }

unit simple.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
unit exec.service <<EOF
[Service]
Type=exec
ExecStart=/bin/sleep 600
EOF
unit exec-missing.service <<EOF
[Service]
Type=exec
ExecStart=$T/bin/not-there
EOF
unit oneshot.service <<EOF
[Service]
Type=oneshot
ExecStartPre=$T/bin/mark pre1
ExecStartPre=$T/bin/mark pre2
ExecStart=/bin/sh -c 'sleep 0.3; $T/bin/mark main1'
ExecStart=$T/bin/mark main2
ExecStartPost=$T/bin/mark post1
ExecStartPost=$T/bin/mark post2
EOF
unit remain.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$T/bin/mark remain
ExecStop=$T/bin/mark remain-stop
EOF
unit ignore.service <<EOF
[Service]
Type=oneshot
ExecStartPre=-/bin/false
ExecStartPre=-$T/bin/not-there
ExecStart=-/bin/sh -c 'exit 4'
ExecStart=$T/bin/mark ignore-main
ExecStartPost=-/bin/false
ExecStartPost=$T/bin/mark ignore-post
EOF
unit prefail.service <<EOF
[Service]
Type=oneshot
ExecStartPre=/bin/false
ExecStart=$T/bin/mark prefail-main
EOF
unit mainfail.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 5'
ExecStart=$T/bin/mark mainfail-second
ExecStartPost=$T/bin/mark mainfail-post
EOF
unit postfail.service <<EOF
[Service]
ExecStart=/bin/sleep 600
ExecStartPost=/bin/false
EOF
unit forking.service <<EOF
[Service]
Type=forking
PIDFile=$M/forking.pid
ExecStart=/bin/sh $T/bin/forker.sh forking $M/forking.pid
EOF
unit forking-setsid.service <<EOF
[Service]
Type=forking
PIDFile=$M/setsid.pid
ExecStart=/bin/sh $T/bin/forker.sh setsid $M/setsid.pid late-setsid
EOF
unit forking-nopid.service <<EOF
[Service]
Type=forking
ExecStart=/bin/sh $T/bin/forker.sh nopid $M/nopid.pid
EOF

start_svinit

# simple: active at once, MainPID set.
sv start simple.service || fail "start simple"
expect_state simple.service active "started"
expect_eq "$(prop simple.service SubState)" running "simple SubState"
expect_eq "$(prop simple.service Type)" simple "simple Type"
[ "$(prop simple.service MainPID)" -gt 1 ] || fail "simple MainPID"
ok "simple: active (running) with a MainPID"

# exec: active once the program is executed; a missing binary fails.
sv start exec.service || fail "start exec"
expect_state exec.service active "started"
expect_eq "$(prop exec.service Type)" exec "exec Type"
rc=0
sv start exec-missing.service 2>"$T/err" || rc=$?
expect_eq "$rc" 1 "svctl start exec-missing.service"
grep -q 'job for exec-missing.service failed' "$T/err" ||
	fail "svctl start exec-missing: $(cat "$T/err")"
expect_state exec-missing.service failed "binary missing"
ok "exec: runs; missing binary -> svctl start exits 1: $(cat "$T/err")"

# oneshot: start returns when everything ran, in order; then inactive.
sv start oneshot.service || fail "start oneshot"
expect_eq "$(tr '\n' ' ' <"$L")" "pre1 pre2 main1 main2 post1 post2 " \
	"oneshot command order"
expect_state oneshot.service inactive "oneshot after success"
expect_eq "$(prop oneshot.service Result)" success "oneshot Result"
expect_eq "$(prop oneshot.service SubState)" dead "oneshot SubState"
ok "oneshot: ExecStartPre x2, ExecStart x2, ExecStartPost x2 in order; inactive after"
: >"$L"

sv start remain.service || fail "start remain"
expect_state remain.service active "RemainAfterExit=yes"
expect_eq "$(prop remain.service SubState)" exited "remain SubState"
sv stop remain.service || fail "stop remain"
expect_state remain.service inactive "stopped"
expect_eq "$(tr '\n' ' ' <"$L")" "remain remain-stop " "remain markers"
ok "oneshot RemainAfterExit=yes: active (exited), ExecStop runs on stop"
: >"$L"

sv start ignore.service || fail "'-' commands that fail must not fail the start"
expect_eq "$(tr '\n' ' ' <"$L")" "ignore-main ignore-post " "ignore markers"
expect_state ignore.service inactive "done"
expect_eq "$(prop ignore.service Result)" success "ignore Result"
ok "'-' prefix: failing ExecStartPre (also a missing binary), ExecStart, ExecStartPost ignored"
: >"$L"

rc=0
sv start prefail.service 2>/dev/null || rc=$?
expect_eq "$rc" 1 "svctl start prefail"
expect_state prefail.service failed "ExecStartPre=/bin/false"
[ ! -s "$L" ] || fail "prefail: ExecStart ran after a failed ExecStartPre"
rc=0
sv start mainfail.service 2>/dev/null || rc=$?
expect_eq "$rc" 1 "svctl start mainfail"
expect_state mainfail.service failed "ExecStart exit 5"
expect_eq "$(prop mainfail.service ExecMainStatus)" 5 "mainfail ExecMainStatus"
expect_eq "$(prop mainfail.service Result)" exit-code "mainfail Result"
[ ! -s "$L" ] || fail "mainfail: later commands ran: $(cat "$L")"
rc=0
sv start postfail.service 2>/dev/null || rc=$?
expect_eq "$rc" 1 "svctl start postfail"
expect_state postfail.service failed "ExecStartPost=/bin/false"
[ "$(prop postfail.service MainPID)" = 0 ] || fail "postfail: main process left"
ok "failures without '-': ExecStartPre, ExecStart (status 5), ExecStartPost fail the start"

# forking: MainPID is the daemon; stop kills it and its child.
# check_forking UNIT NAME PIDFILE (empty: none)
check_forking() {
	local u=$1 n=$2 pf=$3 fpid
	sv start $u || fail "start $u: $(tail -5 "$T/svinit.err")"
	expect_state $u active "forked"
	grep -q "$n parent exits" "$L" || fail "$u: parent did not run"
	# One daemon once its child has exec'd (a moment after the fork, the
	# child still shows the daemon's command line).
	wait_until '[ "$(procs daemon $n)" = 1 ]' 3 ||
		fail "$u: daemon processes: expected 1, got $(procs daemon $n)"
	wait_until '[ "$(procs grand $n)" = 1 ]' 3 || fail "$u: no grandchild"
	if [ -n "$pf" ]; then
		fpid=$(cat "$pf")
		expect_eq "$(prop $u MainPID)" "$fpid" "$u: MainPID vs PID file"
		ok "$u: active, MainPID $fpid = the PID file"
	fi
	sv stop $u || fail "stop $u"
	expect_state $u inactive "stopped"
	grep -q "$n got TERM" "$L" || fail "$u: daemon got no SIGTERM"
	wait_until '[ "$(procs daemon $n)" = 0 ] && [ "$(procs grand $n)" = 0 ]' 3 ||
		fail "$u: left running after stop: $(procs daemon $n) daemon, $(procs grand $n) grandchild"
	ok "$u: stop sends SIGTERM to the daemon, its child is killed too"
}
check_forking forking.service forking "$M/forking.pid"
check_forking forking-setsid.service setsid "$M/setsid.pid"
check_forking forking-nopid.service nopid ""

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
