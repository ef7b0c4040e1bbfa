# A call of another architecture (i386, through int 0x80, by
# build/probes/int80) is allowed without a filter, and killed (SIGSYS,
# status 159) under SystemCallArchitectures=native and under any filter,
# which svinit writes for the native architecture only. Skipped where the
# kernel runs no i386 call at all (no IA32 emulation: the probe itself
# dies with SIGSEGV outside svinit).
. "$TESTLIB"
[ "$(id -u)" = 0 ] || skip "needs root"
I80=$BUILD/probes/int80
[ -x "$I80" ] || fail "$I80 is missing (make build/probes/int80)"
out=$("$I80" 2>/dev/null)
rc=$?
[ "$out" = unsupported ] && skip "not x86-64: no call of another architecture to try"
[ $rc = 0 ] || skip "this kernel runs no i386 system call (int80 probe: status $rc)"

O=$T/out
mkdir -m 1777 "$O"
archs="arch-none arch-native arch-any"
arch_unit() {
	unit "$1.service" <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
$2
ExecStart=/bin/sh -c '$I80 >/dev/null; echo "rc \$?" >$O/$1'
EOF
}
arch_unit arch-none ""
arch_unit arch-native "SystemCallArchitectures=native"
arch_unit arch-any "SystemCallFilter=~@swap"

start_svinit
for u in $archs; do
	sv start "$u.service" >/dev/null 2>&1
	wait_until "test -f $O/$u" 10 || fail "$u.service wrote nothing"
done
expect_eq "$(cat "$O/arch-none")" "rc 0" "arch-none: an i386 call"
expect_eq "$(cat "$O/arch-native")" "rc 159" "arch-native: an i386 call"
expect_eq "$(cat "$O/arch-any")" "rc 159" "arch-any: an i386 call"
ok "an i386 system call is killed under SystemCallArchitectures=native and any filter"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
