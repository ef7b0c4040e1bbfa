# ProtectProc=, ProcSubset=, ExecPaths=, NoExecPaths=, PrivateMounts=: an
# unprivileged service looks at /proc and runs programs from a directory
# where execution is denied, and one below it where it is allowed again;
# a plain service as the same user is the control.
. "$TESTLIB"
chmod 755 "$T"
mkdir -p "$T/bin/ok"
printf '#!/bin/sh\nexit 0\n' >"$T/bin/no.sh"
cp "$T/bin/no.sh" "$T/bin/ok/yes.sh"
chmod 755 "$T/bin/no.sh" "$T/bin/ok/yes.sh"
try='t() { if "$$@" 2>/dev/null; then echo "yes $$*"; else echo "no $$*"; fi; }'
probe="$try; t test -e /proc/1; t test -e /proc/meminfo; t test -e /proc/self/status; \
  t $T/bin/no.sh; t $T/bin/ok/yes.sh; echo \"mnt \$\$(readlink /proc/self/ns/mnt)\""
for u in box plain; do
	{
		echo "[Service]"
		echo "Type=oneshot"
		echo "User=nobody"
		[ $u = box ] && printf '%s\n' ProtectProc=invisible ProcSubset=pid \
			"NoExecPaths=$T/bin" "ExecPaths=$T/bin/ok"
		echo "StandardOutput=file:$T/$u.out"
		echo "ExecStart=/bin/sh -c '$probe'"
	} | unit $u.service
done
unit mounts.service <<EOF2
[Service]
Type=oneshot
PrivateMounts=yes
StandardOutput=file:$T/mounts.out
ExecStart=/bin/sh -c 'readlink /proc/self/ns/mnt'
EOF2
start_svinit
for u in box plain mounts; do
	sv start $u.service || fail "$u.service did not start: $(tail -3 "$T/svinit.err")"
done
sed 's/^/    /' "$T/box.out"
want() { grep -qxF "$1" "$T/$2.out" || fail "$3 (expected \"$1\" in $2.out)"; }
want "no test -e /proc/1" box "ProtectProc=invisible shows another user's process"
want "yes test -e /proc/1" plain "the control does not see pid 1"
want "yes test -e /proc/self/status" box "the service does not see itself"
ok "ProtectProc=invisible: other users' processes are hidden"
want "no test -e /proc/meminfo" box "ProcSubset=pid shows /proc/meminfo"
want "yes test -e /proc/meminfo" plain "the control has no /proc/meminfo"
ok "ProcSubset=pid: only the processes in /proc"
want "no $T/bin/no.sh" box "NoExecPaths= lets a program run"
want "yes $T/bin/ok/yes.sh" box "ExecPaths= below NoExecPaths= does not let a program run"
want "yes $T/bin/no.sh" plain "the control cannot run no.sh"
ok "NoExecPaths= forbids execution, ExecPaths= below it allows it again"
svpid=$(cat "/proc/$(ns_init)/task/$(ns_init)/children" | tr -d ' ')
mine=$(readlink "/proc/$svpid/ns/mnt")
grep -qxF "$mine" "$T/mounts.out" && fail "PrivateMounts=yes shares svinit's mount namespace"
want "mnt $mine" plain "the control has a mount namespace of its own"
ok "PrivateMounts=yes: a mount namespace of its own"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
