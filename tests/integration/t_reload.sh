# daemon-reload: a new file is loaded, a removed file stops its unit, a
# changed file applies at the next start (NeedDaemonReload=yes until
# then), a file that does not load becomes a visible placeholder while
# everything else applies (a running unit runs on), and a set with errors
# that also lacks a loaded unit changes nothing.
. "$TESTLIB"

run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}
# ns_alive PID: a process of the namespace (namespace PID) still exists.
ns_alive() { nsenter -t "$(ns_init)" -p -m -- sh -c "kill -0 $1" 2>/dev/null; }
listed() { sv list-units | grep -q "^$1 "; }

unit keep.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit gone.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
chg_unit() {
	unit chg.service <<EOF
[Service]
Environment=V=$1
ExecStart=/bin/sh -c 'echo "V=\$\$V pid \$\$\$\$"; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF
}
chg_unit one

start_svinit
for u in keep gone chg; do
	wait_until "[ \"\$(prop $u.service SubState)\" = running ]" 10 || fail "$u.service did not start"
done
wait_until "grep -q 'V=one' $T/log/chg.service.log" 5 || fail "chg.service did not log"

# --- nothing changed ---
run sv daemon-reload
[ "$rc" = 0 ] || fail "daemon-reload with no change: exit $rc: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "daemon-reload with no change printed: $(cat "$T/out")"
ok "daemon-reload with nothing changed: exit 0, nothing printed"

# --- a new file ---
unit new.service <<EOF
[Unit]
Description=Added later
[Service]
ExecStart=/bin/sh -c 'echo new-started; exec sleep 600'
EOF
listed new.service && fail "new.service listed before the reload"
run sv daemon-reload
[ "$rc" = 0 ] || fail "daemon-reload after adding: exit $rc: $(cat "$T/err")"
grep -qx "added new.service" "$T/out" || fail "daemon-reload did not report the new unit: $(cat "$T/out")"
listed new.service || fail "new.service not listed after the reload"
expect_eq "$(prop new.service ActiveState)" inactive "new.service after the reload (not started by it)"
run sv start new.service
[ "$rc" = 0 ] || fail "start new.service: exit $rc: $(cat "$T/err")"
expect_eq "$(prop new.service ActiveState)" active "new.service after start"
wait_until "grep -q new-started $T/log/new.service.log" 5 || fail "new.service did not log"
ok "a new unit file is loaded by daemon-reload, not started, and can be started"

# --- a removed file of a running unit ---
gpid=$(prop gone.service MainPID)
ns_alive 4194000 && fail "ns_alive finds a process that cannot exist"
[ "$gpid" -gt 1 ] || fail "gone.service MainPID '$gpid'"
ns_alive "$gpid" || fail "gone.service's process $gpid not found in the namespace"
rm "$T/units/gone.service"
run sv daemon-reload
[ "$rc" = 0 ] || fail "daemon-reload after removing: exit $rc: $(cat "$T/err")"
grep -qx "removed gone.service" "$T/out" || fail "daemon-reload did not report the removal: $(cat "$T/out")"
wait_until "! ns_alive $gpid" 5 || fail "gone.service's process $gpid still runs"
listed gone.service && fail "gone.service still listed"
run sv show gone.service
[ "$rc" = 4 ] || fail "show gone.service after removal: exit $rc"
ns_alive "$(prop keep.service MainPID)" || fail "keep.service's process died"
ok "a removed unit file: the unit is stopped, its process gone, and it is no longer listed"

# --- a changed file of a running unit ---
cpid=$(prop chg.service MainPID)
chg_unit two
run sv daemon-reload
[ "$rc" = 0 ] || fail "daemon-reload after a change: exit $rc: $(cat "$T/err")"
grep -q "chg.service" "$T/out" || fail "daemon-reload did not report the change: $(cat "$T/out")"
grep -q "keep.service" "$T/out" && fail "daemon-reload reported an unchanged unit: $(cat "$T/out")"
expect_eq "$(prop chg.service NeedDaemonReload)" yes "NeedDaemonReload after a change"
expect_eq "$(prop keep.service NeedDaemonReload)" no "NeedDaemonReload of an unchanged unit"
expect_eq "$(prop chg.service MainPID)" "$cpid" "chg.service MainPID after the reload"
ns_alive "$cpid" || fail "the old chg.service process was stopped by the reload"
expect_eq "$(prop chg.service ActiveState)" active "chg.service after the reload"
sv status chg.service | grep -qi "changed" || fail "status does not warn of the changed file"
grep -q 'V=two' "$T/log/chg.service.log" && fail "the new configuration applied without a restart"
run sv restart chg.service
[ "$rc" = 0 ] || fail "restart chg.service: exit $rc: $(cat "$T/err")"
cpid2=$(prop chg.service MainPID)
[ "$cpid2" != "$cpid" ] || fail "restart did not start a new process"
wait_until "grep -q 'V=two pid $cpid2\$' $T/log/chg.service.log" 5 ||
	fail "the restarted process did not see V=two: $(tail -n2 "$T/log/chg.service.log")"
expect_eq "$(prop chg.service NeedDaemonReload)" no "NeedDaemonReload after the restart"
ok "a changed file: NeedDaemonReload=yes, the old process runs on; restart applies it (V=two)"

# --- a broken set of files ---
cpid=$cpid2
kpid=$(prop keep.service MainPID)
cat >>"$T/units/chg.service" <<EOF
this line is broken
EOF
line=$(grep -n 'this line is broken' "$T/units/chg.service" | cut -d: -f1)
unit new2.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
mv "$T/units/keep.service" "$T/keep.service.aside"
run sv daemon-reload
expect_eq "$rc" 1 "daemon-reload with a broken file"
grep -q "$T/units/chg.service:$line:" "$T/err" ||
	fail "daemon-reload did not print FILE:LINE ($T/units/chg.service:$line): $(cat "$T/err")"
for u in keep.service chg.service new.service; do
	listed $u || fail "$u no longer listed after a failed reload"
	expect_eq "$(prop $u ActiveState)" active "$u after a failed reload"
done
listed new2.service && fail "new2.service listed after a failed reload"
expect_eq "$(prop chg.service MainPID)" "$cpid" "chg.service MainPID after a failed reload"
expect_eq "$(prop keep.service MainPID)" "$kpid" "keep.service MainPID after a failed reload"
expect_eq "$(prop chg.service NeedDaemonReload)" no "chg.service NeedDaemonReload after a failed reload"
ns_alive "$cpid" || fail "chg.service's process died"
ns_alive "$kpid" || fail "keep.service's process died"
run sv restart chg.service
[ "$rc" = 0 ] || fail "restart chg.service after a failed reload: exit $rc: $(cat "$T/err")"
wait_until "grep -q \"V=two pid \$(prop chg.service MainPID)\$\" $T/log/chg.service.log" 5 ||
	fail "chg.service did not restart with its last good configuration"
ok "a broken file: daemon-reload exits 1 with FILE:LINE, units, processes and configuration untouched"

# --- fixed again ---
chg_unit three
mv "$T/keep.service.aside" "$T/units/keep.service"
run sv daemon-reload
[ "$rc" = 0 ] || fail "daemon-reload after the fix: exit $rc: $(cat "$T/err")"
grep -qx "added new2.service" "$T/out" || fail "new2.service not added: $(cat "$T/out")"
expect_eq "$(prop chg.service NeedDaemonReload)" yes "chg.service NeedDaemonReload after the fix"
ok "once fixed, the reload applies"

# --- one broken file, nothing missing: the rest applies ---
cpid=$(prop chg.service MainPID)
echo "this line is broken" >>"$T/units/chg.service"
line=$(grep -n 'this line is broken' "$T/units/chg.service" | cut -d: -f1)
unit bad.service <<EOF
[Service]
ExecStart=/bin/sleep 600
PrivatePIDs=yes
EOF
unit new3.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
run sv daemon-reload
[ "$rc" = 0 ] || fail "daemon-reload with one broken file: exit $rc: $(cat "$T/err")"
grep -q "$T/units/chg.service:$line:" "$T/out" ||
	fail "daemon-reload did not print FILE:LINE: $(cat "$T/out")"
grep -qx "added new3.service" "$T/out" || fail "new3.service not added: $(cat "$T/out")"
listed new3.service || fail "new3.service not listed"
expect_eq "$(prop chg.service MainPID)" "$cpid" "chg.service MainPID: it runs on"
ns_alive "$cpid" || fail "chg.service's process died"
expect_eq "$(prop chg.service LoadState)" error "chg.service LoadState"
prop chg.service LoadError | grep -q "chg.service:$line:" ||
	fail "chg.service LoadError: $(prop chg.service LoadError)"
expect_eq "$(prop bad.service LoadState)" error "bad.service LoadState"
sv status bad.service | grep -q "Loaded: error (.*bad.service:3: .*PrivatePIDs" ||
	fail "status bad.service: $(sv status bad.service)"
run sv start bad.service
expect_eq "$rc" 1 "start bad.service"
grep -q "bad.service: the unit failed to load: .*bad.service:3:" "$T/err" ||
	fail "start bad.service said: $(cat "$T/err")"
expect_eq "$(prop bad.service ActiveState)" inactive "bad.service after start"
# As systemctl: a restart into a file that does not load is refused and
# the unit runs on; once stopped, it cannot start.
run sv restart chg.service
expect_eq "$rc" 1 "restart chg.service into a broken file"
grep -q "chg.service: the unit failed to load" "$T/err" ||
	fail "restart chg.service said: $(cat "$T/err")"
expect_eq "$(prop chg.service MainPID)" "$cpid" "chg.service MainPID after a refused restart"
run sv stop chg.service
[ "$rc" = 0 ] || fail "stop chg.service: exit $rc: $(cat "$T/err")"
wait_until "! ns_alive $cpid" 5 || fail "chg.service's process still runs"
run sv start chg.service
expect_eq "$rc" 1 "start chg.service from a broken file"
expect_eq "$(prop chg.service ActiveState)" inactive "chg.service after start"
ok "a broken file alone: the rest applies, the unit shows LoadState=error and why, runs on, and cannot start again"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
