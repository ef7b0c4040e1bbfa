# PrivateDevices=, ProtectKernelTunables=, ProtectControlGroups=,
# ProtectKernelModules=, ProtectKernelLogs=, ProtectClock=: a
# service lists its /dev, uses the devices it keeps, reads its bounding
# set, and asks whether kernel tunables and cgroup files are writable; a
# plain service asks the same as the control, so each check would fail
# if its key were ignored.
. "$TESTLIB"
cg=$(awk '$2 ~ "^/sys/fs/cgroup/." { print $2; exit }' /proc/self/mounts)
[ -n "$cg" ] || cg=/sys/fs/cgroup
[ -w /proc/sys/kernel/hostname ] && [ -w /sys/kernel/mm/ksm/run ] && [ -w "$cg" ] ||
	skip "/proc/sys, /sys/kernel/mm/ksm/run or $cg is not writable here"
try='t() { if "$$@" 2>/dev/null; then echo "yes $$*"; else echo "no $$*"; fi; }'
probe="$try; echo \"dev \$\$(ls /dev | tr \"\\\\n\" \" \")\"; \
  t sh -c \"echo x >/dev/null\"; t sh -c \"head -c1 /dev/urandom >/dev/null\"; t test -e /dev/kmsg; \
  grep ^CapBnd /proc/self/status; \
  t test -w /proc/sys/kernel/hostname; t test -w /sys/kernel/mm/ksm/run; t test -w $cg; \
  grep ^Seccomp: /proc/self/status; t sh -c \"dmesg -S >/dev/null\"; \
  echo \"dmesg \$\$(dmesg 2>/dev/null | head -3 | wc -l)\"; echo \"modules \$\$(ls /lib/modules | wc -l)\""
# ProtectControlGroups= alone in cg.service: /sys read-only would hide it.
for u in dev cg kern plain; do
	{
		echo "[Service]"
		echo "Type=oneshot"
		[ $u = dev ] && printf '%s\n' PrivateDevices=yes \
			ProtectKernelTunables=yes
		[ $u = cg ] && echo ProtectControlGroups=yes
		[ $u = kern ] && printf '%s\n' ProtectKernelModules=yes \
			ProtectKernelLogs=yes ProtectClock=yes
		echo "StandardOutput=file:$T/$u.out"
		echo "ExecStart=/bin/sh -c '$probe'"
	} | unit $u.service
done
start_svinit
for u in dev cg kern plain; do
	sv start $u.service || fail "$u.service did not start: $(tail -3 "$T/svinit.err")"
done
sed 's/^/    /' "$T/dev.out"
want() { grep -qxF "$1" "$T/$2.out" || fail "$3 (expected \"$1\" in $2.out)"; }
devs="fd full null ptmx pts random shm stderr stdin stdout tty urandom zero"
[ -e /dev/mqueue ] && devs=$(echo $devs mqueue | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
want "dev $devs " dev "PrivateDevices= /dev is not the minimal one"
want "yes sh -c echo x >/dev/null" dev "/dev/null is not writable"
want "yes sh -c head -c1 /dev/urandom >/dev/null" dev "/dev/urandom is not readable"
want "no test -e /dev/kmsg" dev "/dev/kmsg is there"
want "yes test -e /dev/kmsg" plain "the control has no /dev/kmsg"
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' "$T/dev.out")
# CAP_SYS_RAWIO is 17, CAP_MKNOD 27.
[ $(( 0x$bnd >> 17 & 1 )) = 0 ] && [ $(( 0x$bnd >> 27 & 1 )) = 0 ] ||
	fail "CAP_MKNOD or CAP_SYS_RAWIO still in the bounding set ($bnd)"
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' "$T/plain.out")
[ $(( 0x$bnd >> 27 & 1 )) = 1 ] || fail "the control lacks CAP_MKNOD ($bnd)"
ok "PrivateDevices: only null zero full random urandom tty, pts, shm; no CAP_MKNOD"
want "no test -w /proc/sys/kernel/hostname" dev "/proc/sys is writable"
want "no test -w /sys/kernel/mm/ksm/run" dev "/sys is writable"
want "yes test -w /proc/sys/kernel/hostname" plain "the control cannot write /proc/sys"
want "yes test -w /sys/kernel/mm/ksm/run" plain "the control cannot write /sys"
ok "ProtectKernelTunables: /proc/sys and /sys are read-only"
want "no test -w $cg" cg "$cg is writable"
want "yes test -w /sys/kernel/mm/ksm/run" cg "ProtectControlGroups= made all of /sys read-only"
want "yes test -w $cg" plain "the control cannot write $cg"
ok "ProtectControlGroups: $cg is read-only"
sed 's/^/    /' "$T/kern.out"
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' "$T/kern.out")
# CAP_SYS_MODULE 16, CAP_SYS_TIME 25, CAP_SYSLOG 34, CAP_WAKE_ALARM 35.
for c in 16 25 34 35; do
	[ $(( 0x$bnd >> c & 1 )) = 0 ] || fail "capability $c still in the bounding set ($bnd)"
done
bnd=$(sed -n 's/^CapBnd:[[:space:]]*//p' "$T/plain.out")
for c in 16 25 34 35; do
	[ $(( 0x$bnd >> c & 1 )) = 1 ] || fail "the control lacks capability $c ($bnd)"
done
ok "ProtectKernelModules, ProtectKernelLogs, ProtectClock: their capabilities leave the bounding set"
want "modules 0" kern "ProtectKernelModules= shows /lib/modules"
grep -q "^modules [1-9]" "$T/plain.out" || fail "the control sees no /lib/modules"
ok "ProtectKernelModules: /lib/modules is hidden"
want "Seccomp:	2" kern "ProtectKernelLogs= set no seccomp filter"
want "Seccomp:	0" plain "the control has a seccomp filter"
want "no sh -c dmesg -S >/dev/null" kern "ProtectKernelLogs= lets syslog(2) read the kernel log"
want "yes sh -c dmesg -S >/dev/null" plain "the control cannot call syslog(2)"
want "dmesg 0" kern "ProtectKernelLogs= lets /dev/kmsg be read"
want "dmesg 3" plain "the control cannot read /dev/kmsg"
ok "ProtectKernelLogs: syslog(2) is filtered and /dev/kmsg is hidden"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
