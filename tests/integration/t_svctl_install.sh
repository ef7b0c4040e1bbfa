# svctl enable, disable, is-enabled, mask, unmask and list-unit-files:
# the links, masks and the [Install]-emptying drop-in in the first unit
# directory, and what svinit makes of them after the reload.
. "$TESTLIB"

run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups -- \
		"$SVCTL" --runtime-dir "$T/run" "$@"
}
# The unit files are in $T/vendor, as in /usr/lib; $T/units, the first
# unit directory, is the administrator's, as /etc: what the verbs change.
mkdir -p "$T/vendor"
vendor() { cat >"$T/vendor/$1"; }
# in_multi_user NAME: whether multi-user.target pulls NAME in now.
in_multi_user() { sv list-dependencies multi-user.target | grep -q "─$1\$"; }

vendor web.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
vendor plain.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
# Enabled by a package's link, without [Install].
vendor pkg.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
mkdir -p "$T/units/multi-user.target.wants"
ln -s "$T/vendor/pkg.service" "$T/units/multi-user.target.wants/pkg.service"
# A unit file of the administrator's own, which mask must not replace.
unit local.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
vendor idle.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF

start_svinit --units "$T/vendor"
wait_until '[ "$(sv is-active web.service)" = active ] && [ "$(sv is-active pkg.service)" = active ]' 10 ||
	fail "web.service or pkg.service did not start"
webpid=$(prop web.service MainPID)

# --- is-enabled and list-unit-files ---
run sv is-enabled web.service plain pkg.service default.target
expect_eq "$rc" 0 "is-enabled of enabled and static units: exit status"
expect_eq "$(tr '\n' ' ' <"$T/out")" "enabled static enabled static " "is-enabled web plain pkg default.target"
run sv is-enabled nope.service
expect_eq "$rc" 4 "is-enabled of no unit: exit status"
run sv list-unit-files
grep -Eq '^UNIT FILE +STATE$' "$T/out" || fail "list-unit-files header: $(cat "$T/out")"
grep -Eq '^web\.service +enabled$' "$T/out" || fail "list-unit-files web: $(cat "$T/out")"
grep -Eq '^plain\.service +static$' "$T/out" || fail "list-unit-files plain: $(cat "$T/out")"
grep -Eq '^default\.target +static$' "$T/out" || fail "list-unit-files default.target: $(cat "$T/out")"
grep -q 'multi-user.target.wants' "$T/out" && fail "list-unit-files lists a .wants directory: $(cat "$T/out")"
run sv --json list-unit-files '*.service'
python3 - "$T/out" <<'EOF' || fail "list-unit-files --json: $(cat "$T/out")"
import json, sys
d = {u["unit_file"]: u["state"] for u in json.load(open(sys.argv[1]))}
assert d == {"web.service": "enabled", "plain.service": "static",
             "pkg.service": "enabled", "idle.service": "static",
             "local.service": "static"}, d
EOF
ok "is-enabled: enabled ([Install] or a link), static; list-unit-files (table, pattern, --json)"

# --- disable, enable ---
in_multi_user web.service || fail "web.service not under multi-user.target before disable"
run sv disable web.service
expect_eq "$rc" 0 "disable web.service: exit status ($(cat "$T/err"))"
dropin=$T/units/web.service.d/99-svctl-disable.conf
[ -f "$dropin" ] || fail "disable: no drop-in $dropin: $(cat "$T/out")"
grep -qF "Created $dropin." "$T/out" || fail "disable did not say what it wrote: $(cat "$T/out")"
run sv is-enabled web.service
expect_eq "$rc:$(cat "$T/out")" "1:disabled" "is-enabled after disable"
in_multi_user web.service && fail "web.service still under multi-user.target after disable"
expect_eq "$(prop web.service MainPID)" "$webpid" "web.service's main PID after disable (it runs on)"
run sv enable web.service
expect_eq "$rc" 0 "enable web.service: exit status ($(cat "$T/err"))"
[ -e "$dropin" ] && fail "enable left the drop-in"
link=$T/units/multi-user.target.wants/web.service
[ "$(readlink "$link")" = "$T/vendor/web.service" ] || fail "enable: $link -> '$(readlink "$link")'"
grep -qF "Created symlink $link → $T/vendor/web.service." "$T/out" || fail "enable did not say so: $(cat "$T/out")"
expect_eq "$(sv is-enabled web.service)" enabled "is-enabled after enable"
in_multi_user web.service || fail "web.service not under multi-user.target after enable"
run sv enable web.service
expect_eq "$rc:$(cat "$T/out")" "0:" "enable of an enabled unit (nothing to do)"
run sv disable web.service
[ -e "$link" ] && fail "disable left the link $link"
grep -qF "Removed \"$link\"." "$T/out" || fail "disable did not say it removed the link: $(cat "$T/out")"
[ -f "$dropin" ] || fail "disable (after enable): no drop-in"
expect_eq "$(sv is-enabled web.service)" disabled "is-enabled after the second disable"
# A unit enabled by a package's link only: disable removes the link.
run sv disable pkg.service
[ -e "$T/units/multi-user.target.wants/pkg.service" ] && fail "disable pkg.service left its link"
[ -e "$T/units/pkg.service.d" ] && fail "disable pkg.service wrote a drop-in for a unit without [Install]"
expect_eq "$(sv is-enabled pkg.service)" static "is-enabled pkg.service after disable"
in_multi_user pkg.service && fail "pkg.service still under multi-user.target after disable"
run sv enable plain.service
expect_eq "$rc" 0 "enable of a static unit: exit status"
grep -q "nothing to enable" "$T/out" || fail "enable plain.service: $(cat "$T/out")"
ok "disable: the drop-in, then the links removed, the unit runs on; enable: the drop-in removed, the links made; svinit reloaded each time"

# --- mask, unmask ---
run sv mask idle.service
expect_eq "$rc" 0 "mask idle.service: exit status ($(cat "$T/err"))"
[ "$(readlink "$T/units/idle.service")" = /dev/null ] || fail "mask: $T/units/idle.service is no link to /dev/null"
run sv is-enabled idle.service
expect_eq "$rc:$(cat "$T/out")" "1:masked" "is-enabled of a masked unit"
run sv start idle.service
expect_eq "$rc" 4 "start of a masked (unloaded) unit: exit status"
expect_eq "$(sv list-units 'idle*' | grep -c idle)" 0 "list-units idle* after the mask (the reload removed it)"
run sv unmask idle.service
expect_eq "$rc" 0 "unmask idle.service: exit status ($(cat "$T/err"))"
[ -e "$T/units/idle.service" ] && fail "unmask left $T/units/idle.service"
expect_eq "$(sv is-enabled idle.service)" static "is-enabled after unmask"
run sv start idle.service
expect_eq "$rc" 0 "start after unmask: exit status ($(cat "$T/err"))"
# A running unit: masked on disk, but the reload that would stop it waits.
run sv mask web.service
expect_eq "$rc" 0 "mask of a running unit: exit status"
grep -q "web.service is active: the mask applies at the next daemon-reload" "$T/out" || fail "mask web: $(cat "$T/out")"
expect_eq "$(sv is-enabled web.service)" masked "is-enabled of a masked running unit"
expect_eq "$(prop web.service MainPID)" "$webpid" "web.service's main PID after the mask"
run sv unmask web.service
expect_eq "$(sv is-enabled web.service)" disabled "is-enabled after unmask (still disabled)"
run sv mask local.service
expect_eq "$rc" 1 "mask over a unit file of the first directory: exit status"
grep -q "is not a mask" "$T/err" || fail "mask local.service: $(cat "$T/err")"
[ -f "$T/units/local.service" ] && [ ! -L "$T/units/local.service" ] || fail "mask replaced local.service"
ok "mask: a link to /dev/null, the unit unloaded (a running one waits for daemon-reload); unmask; a real file is not replaced"

# --- privileges, usage ---
chmod 755 "$T"
rc=0; as_nobody is-enabled web.service >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$(cat "$T/out")" disabled "nobody: is-enabled"
rc=0; as_nobody list-unit-files >/dev/null 2>"$T/err" || rc=$?
expect_eq "$rc" 0 "nobody: list-unit-files"
for v in enable disable mask unmask; do
	rc=0; as_nobody $v plain.service >/dev/null 2>"$T/err" || rc=$?
	[ $rc != 0 ] || fail "nobody may $v"
done
[ -e "$T/units/plain.service" ] && fail "nobody's mask changed the files"
run sv enable
expect_eq "$rc" 2 "enable without a unit"
run sv enable nope.service
expect_eq "$rc" 4 "enable of an unknown unit"
ok "is-enabled and list-unit-files for anyone, the changes for root only; usage errors"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
