# Automatic restarts: a delay that grows (RestartSteps=,
# RestartMaxDelaySec=), "next restart in" in svctl status,
# RestartPreventExitStatus=, SuccessExitStatus=, the start limit and
# reset-failed, Restart=always after a clean exit, svctl kill -s 9.
. "$TESTLIB"

mkdir -p "$T/s"
S=$T/s
# starts NAME: how many times NAME started (one line per start).
starts() { [ -f "$S/$1" ] && wc -l <"$S/$1" || echo 0; }
state() { sv is-active "$1"; }
expect_state() { expect_eq "$(state "$1")" "$2" "$1 ($3)"; }
# svc NAME EXIT-SHELL [extra lines]: a service that notes its start
# time in $S/NAME, then runs EXIT-SHELL.
svc() {
	unit "$1.service" <<EOF
[Unit]
${4:-}
[Service]
ExecStart=/bin/sh -c 'date +%%s.%%N >>$S/$1; $2'
$3
EOF
}

svc grow 'exit 1' "Restart=on-failure
RestartSec=0.2
RestartSteps=3
RestartMaxDelaySec=1.6" "StartLimitIntervalSec=0"
svc prevent 'exit 3' "Restart=always
RestartSec=0.1
RestartPreventExitStatus=3"
svc success 'exit 42' "Restart=on-failure
RestartSec=0.1
SuccessExitStatus=42"
svc limit 'exit 1' "Restart=always
RestartSec=0.1" "StartLimitBurst=3
StartLimitIntervalSec=10"
svc always 'sleep 0.1; exit 0' "Restart=always
RestartSec=0.2" "StartLimitIntervalSec=0"
svc killed 'exec sleep 600' "Restart=on-failure
RestartSec=0.1"

start_svinit

# --- growing delay ---
sv start grow.service || fail "start grow"
# Watch for 6 starts (delays 0.2 0.4 0.8 1.6 1.6 = 4.6 s); meanwhile look at
# svctl status and NextRestartUSec while a restart is pending.
seen_next= max_n=0 last_n=0 mono=yes
for _ in $(seq 1 400); do
	n=$(prop grow.service NRestarts)
	[ "$n" -ge "$last_n" ] || mono=no
	last_n=$n
	if [ -z "$seen_next" ] && [ "$(prop grow.service SubState)" = auto-restart ]; then
		st=$(sv status grow.service)
		nr=$(prop grow.service NextRestartUSec)
		if echo "$st" | grep -q 'next restart in' && [ "${nr:-0}" -gt 0 ]; then
			seen_next="$(echo "$st" | grep 'next restart in' | sed 's/^ *//'), NextRestartUSec=$nr"
		fi
	fi
	[ "$(starts grow)" -ge 6 ] && break
	sleep 0.02
done
[ "$(starts grow)" -ge 6 ] || fail "grow: only $(starts grow) starts in ~8 s"
sv stop grow.service || fail "stop grow"
[ "$mono" = yes ] || fail "grow: NRestarts went down"
n=$(prop grow.service NRestarts)
[ "$n" -ge 5 ] || fail "grow: NRestarts=$n after $(starts grow) starts"
ok "grow: NRestarts increased to $n"
[ -n "$seen_next" ] || fail "svctl status never showed 'next restart in' during auto-restart"
ok "svctl status while in auto-restart: $seen_next"
# Gaps between successive starts, in ms: expected 200 400 800 1600 1600
# (+spawn): growing over RestartSteps=3, then staying at the maximum.
gaps=$(head -6 "$S/grow" | awk 'NR > 1 { printf "%d ", ($1 - p) * 1000 } { p = $1 }')
set -- $gaps
exp=(200 400 800 1600 1600)
i=0
for g in "$@"; do
	e=${exp[$i]}
	# Each gap is at least its delay and well below the next one.
	[ "$g" -ge $((e - 20)) ] && [ "$g" -lt $((e * 3 / 2)) ] ||
		fail "grow: gaps $gaps ms, gap $((i + 1)) should be ~$e ms"
	i=$((i + 1))
done
[ "$1" -lt "$2" ] && [ "$2" -lt "$3" ] && [ "$3" -lt "$4" ] ||
	fail "grow: gaps $gaps do not grow"
ok "grow: gaps between starts $gaps ms (RestartSec=0.2 .. RestartMaxDelaySec=1.6 over 3 steps)"
c=$(starts grow)
sleep 0.5
expect_eq "$(starts grow)" "$c" "grow: starts after svctl stop"
expect_state grow.service inactive "stopped during restarts"
ok "grow: svctl stop ends the restarts"

# --- RestartPreventExitStatus= ---
sv start prevent.service || fail "start prevent"
wait_until '[ "$(state prevent.service)" = failed ]' 3 ||
	fail "prevent: $(state prevent.service), expected failed"
sleep 0.3
expect_eq "$(starts prevent)" 1 "prevent: starts"
expect_eq "$(prop prevent.service NRestarts)" 0 "prevent: NRestarts"
expect_eq "$(prop prevent.service ExecMainStatus)" 3 "prevent: ExecMainStatus"
ok "RestartPreventExitStatus=3: exit 3 with Restart=always is not restarted (failed)"

# --- SuccessExitStatus= ---
sv start success.service || fail "start success"
wait_until '[ "$(prop success.service SubState)" = dead ]' 3 ||
	fail "success: $(prop success.service SubState), expected dead"
sleep 0.3
expect_eq "$(starts success)" 1 "success: starts"
expect_state success.service inactive "exit 42 is a success"
expect_eq "$(prop success.service Result)" success "success: Result"
ok "SuccessExitStatus=42: exit 42 is clean, no restart with on-failure, inactive"

# --- start limit ---
sv start limit.service || fail "start limit"
wait_until '[ "$(state limit.service)" = failed ]' 5 ||
	fail "limit: $(state limit.service), expected failed"
sleep 0.3
expect_eq "$(starts limit)" 3 "limit: starts with StartLimitBurst=3"
expect_eq "$(prop limit.service Result)" start-limit-hit "limit: Result"
ok "start limit: 3 starts, then failed with Result=start-limit-hit"
rc=0
sv start limit.service 2>"$T/err" || rc=$?
expect_eq "$rc" 1 "svctl start limit.service within the interval"
expect_eq "$(starts limit)" 3 "limit: starts after a refused start"
ok "start limit: another start is refused: $(cat "$T/err")"
sv reset-failed limit.service || fail "reset-failed limit"
expect_state limit.service inactive "after reset-failed"
sv start limit.service || fail "start limit after reset-failed"
wait_until '[ "$(starts limit)" -ge 4 ]' 3 || fail "limit: no start after reset-failed"
wait_until '[ "$(state limit.service)" = failed ]' 5 || fail "limit: not failed again"
sleep 0.3
expect_eq "$(starts limit)" 6 "limit: starts after reset-failed (3 more)"
ok "start limit: reset-failed allows a start again (3 more starts, then the limit)"

# --- Restart=always after a clean exit ---
sv start always.service || fail "start always"
wait_until '[ "$(starts always)" -ge 3 ]' 5 ||
	fail "always: $(starts always) starts"
n=$(prop always.service NRestarts)
[ "$n" -ge 2 ] || fail "always: NRestarts=$n"
sv stop always.service || fail "stop always"
expect_state always.service inactive "stopped"
expect_eq "$(prop always.service Result)" success "always: Result"
ok "Restart=always: restarted after exit 0 (NRestarts=$n)"

# --- svctl kill -s 9, then the restart ---
sv start killed.service || fail "start killed"
p1=$(prop killed.service MainPID)
sv kill killed.service -s 9 || fail "svctl kill -s 9"
# (Two svctl calls are two moments: wait for the restart count first.)
wait_until '[ "$(prop killed.service NRestarts)" = 1 ] &&
	[ "$(state killed.service)" = active ]' 3 ||
	fail "killed: not restarted: $(state killed.service) NRestarts $(prop killed.service NRestarts)"
p2=$(prop killed.service MainPID)
[ "$p2" -gt 1 ] && [ "$p2" != "$p1" ] || fail "killed: MainPID $p1 -> $p2"
expect_eq "$(starts killed)" 2 "killed: starts"
ok "svctl kill -s 9 with Restart=on-failure: restarted, MainPID $p1 -> $p2"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
