# RootDirectory=: the service runs chrooted in a directory of the test's
# (a static busybox and a file in it): it sees the root's files and none
# of the host's, its working directory is the root's /, and the exit code
# of the chroot step is CHROOT's when the directory is missing; beside a
# mount setting, or with a program that is not an absolute path, the unit
# does not load (svinit would read those paths outside the root).
. "$TESTLIB"
BB=$(command -v busybox) || skip "no busybox (busybox-static)"
file -L "$BB" 2>/dev/null | grep -q "statically linked" ||
	ldd "$BB" 2>&1 | grep -q "not a dynamic" || skip "$BB is not static"

R=$T/root
mkdir -p "$R/bin" "$R/data"
cp "$BB" "$R/bin/busybox"
echo "inside the root" >"$R/data/marker"
unit jail.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
RootDirectory=$R
ExecStart=/bin/busybox sh -c '/bin/busybox cat /data/marker; pwd; /bin/busybox ls /; test -e $T && echo HOST-VISIBLE || echo host-hidden'
EOF
unit nojail.service <<EOF
[Service]
Type=oneshot
RootDirectory=$T/no-such-root
ExecStart=/bin/busybox true
EOF
unit mixed.service <<EOF
[Service]
RootDirectory=$R
PrivateTmp=yes
ExecStart=/bin/busybox sleep 1
EOF
unit bare.service <<EOF
[Service]
RootDirectory=$R
ExecStart=busybox sleep 1
EOF
start_svinit
sv start jail.service || fail "start jail.service"
out=$(sv logs jail.service -n 20 | sed 's/^[^ ]* out //')
for want in "inside the root" "^/\$" "^bin\$" "^data\$" "host-hidden"; do
	grep -q -- "$want" <<<"$out" || fail "jail.service: no '$want' in: $out"
done
ok "RootDirectory=: the root's files, / as the directory, the host hidden"

sv start nojail.service 2>/dev/null && fail "nojail.service started"
grep -q "nojail.service: failed at step CHROOT (/bin/busybox): No such file or directory" "$T/svinit.err" ||
	fail "no CHROOT step: $(grep nojail "$T/svinit.err")"
expect_eq "$(prop nojail.service ExecMainStatus)" 210 "the exit code of CHROOT"
ok "a missing root fails at step CHROOT (status 210)"

sv status mixed.service | grep -q "RootDirectory= together with mounts" ||
	fail "mixed.service loaded: $(sv status mixed.service)"
sv status bare.service | grep -q "with RootDirectory=, the program must be an absolute path" ||
	fail "bare.service loaded: $(sv status bare.service)"
ok "RootDirectory= beside a mount, or with a bare program name, does not load"
stop_svinit
