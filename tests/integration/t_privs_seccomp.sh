# seccomp and its kin: every service runs the same probe, which tries
# things a unit may forbid (mount, namespaces, set-user-ID bits, a
# set-user-ID binary, sockets of a family, writable and executable
# memory, another personality, real-time scheduling) and records for
# each whether it was allowed. A plain service must be allowed all of
# them (so the probe can tell), each restricted one must be refused
# exactly what its unit forbids. (Calls of another architecture:
# t_privs_arch.sh.)
. "$TESTLIB"
[ "$(id -u)" = 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
PY=/usr/bin/python3
[ -x $PY ] || skip "no $PY for the socket and memory probes"
unshare -m true 2>/dev/null || skip "unshare -m does not work here"

chmod 755 "$T"
O=$T/out
mkdir -m 1777 "$O"
# A set-user-ID copy of id: it prints euid 0 when the bit takes effect.
cp /usr/bin/id "$T/suid-id"
chmod 4755 "$T/suid-id"
cat >"$T/probe.sh" <<'PROBE'
#!/bin/sh
# probe NAME: try each action; one line "ACTION allowed|denied".
d=$(dirname "$0")
o=$d/out/$1
try() {
	what=$1; shift
	if "$@" >/dev/null 2>&1; then echo "$what allowed"; else echo "$what denied"; fi
}
{
	grep -E '^(Seccomp|NoNewPrivs):' /proc/self/status
	try mount unshare -m true
	try userns unshare -U true
	try utsns unshare -u true
	touch "$o.f"
	try suid chmod u+s "$o.f"
	try inet /usr/bin/python3 -c 'import socket; socket.socket(socket.AF_INET)'
	try unix /usr/bin/python3 -c 'import socket; socket.socket(socket.AF_UNIX)'
	try wx /usr/bin/python3 -c 'import mmap; mmap.mmap(-1, 4096, prot=mmap.PROT_READ|mmap.PROT_WRITE|mmap.PROT_EXEC)'
	try linux32 setarch linux32 true
	try linux64 setarch x86_64 true
	echo "machine $(uname -m)"
	try fifo chrt -f 1 true
	echo "suid-id $("$d/suid-id" -u)"
} >"$o.tmp" 2>&1
mv "$o.tmp" "$o"
PROBE
chmod 755 "$T/probe.sh"

oneshot() {
	{ echo "[Service]"; echo "Type=oneshot"; echo "RemainAfterExit=yes"
	  cat; echo "ExecStart=/bin/sh $T/probe.sh $1"; } >"$T/units/$1.service"
}
oneshot plain </dev/null
oneshot denymount <<EOF
SystemCallFilter=~@mount
SystemCallErrorNumber=EPERM
EOF
oneshot allowlist <<EOF
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM
SystemCallArchitectures=native
EOF
oneshot nsall <<EOF
RestrictNamespaces=yes
EOF
oneshot nsuser <<EOF
RestrictNamespaces=~user
EOF
oneshot suid <<EOF
RestrictSUIDSGID=yes
EOF
oneshot af <<EOF
RestrictAddressFamilies=AF_UNIX
EOF
oneshot mdwe <<EOF
MemoryDenyWriteExecute=yes
EOF
oneshot pers <<EOF
LockPersonality=yes
EOF
oneshot pers32 <<EOF
Personality=x86
LockPersonality=yes
EOF
oneshot rt <<EOF
RestrictRealtime=yes
EOF
oneshot nnp <<EOF
User=nobody
NoNewPrivileges=yes
EOF
oneshot nobody <<EOF
User=nobody
EOF
# Without CAP_SYS_ADMIN the kernel only takes a filter under
# no_new_privs, which the filter therefore implies.
oneshot nobodyfilter <<EOF
User=nobody
SystemCallFilter=~uname
SystemCallErrorNumber=EPERM
EOF
# Without an error number a denied call kills the process (SIGSYS).
unit kill.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
SystemCallFilter=~@mount
ExecStart=/bin/sh -c 'unshare -m true; echo "rc \$?" >$O/kill'
EOF
start_svinit
for u in plain denymount allowlist nsall nsuser suid af mdwe pers pers32 rt nnp nobody nobodyfilter kill; do
	sv start "$u.service" >/dev/null 2>&1
	wait_until "test -f $O/$u" 10 ||
		fail "$u.service wrote nothing: $(sv status $u.service 2>&1 | head -5)"
done
get() { sed -n "s/^$2:\{0,1\}[[:space:]]\{1,\}//p" "$O/$1"; }
# expect UNIT ACTION allowed|denied
expect() { expect_eq "$(get "$1" "$2")" "$3" "$1: $2"; }

for a in mount userns utsns suid inet unix wx linux32 linux64 fifo; do
	expect plain $a allowed
done
expect plain Seccomp 0
expect_eq "$(get plain suid-id)" 0 "plain: a set-user-ID binary runs as root"
expect_eq "$(get nobody suid-id)" 0 "nobody: a set-user-ID binary runs as root"
ok "without restrictions the probe is allowed everything (so it can tell)"

expect denymount Seccomp 2
expect denymount mount denied
expect denymount utsns allowed
expect denymount inet allowed
ok "SystemCallFilter=~@mount with SystemCallErrorNumber=EPERM: mount fails, the rest works"
expect_eq "$(cat "$O/kill")" "rc 159" "kill: status of unshare -m under ~@mount"
ok "without SystemCallErrorNumber= the denied call kills the process (SIGSYS)"

expect allowlist Seccomp 2
expect allowlist mount denied
expect allowlist unix allowed
expect allowlist wx allowed
ok "SystemCallFilter=@system-service allows a shell and python, not mount"

expect nsall userns denied
expect nsall utsns denied
expect nsall mount denied
expect nsuser userns denied
expect nsuser utsns allowed
expect nsuser mount allowed
ok "RestrictNamespaces=yes denies every namespace, =~user only user namespaces"

expect suid suid denied
expect suid inet allowed
ok "RestrictSUIDSGID=yes: chmod u+s fails"
expect af inet denied
expect af unix allowed
ok "RestrictAddressFamilies=AF_UNIX: an AF_INET socket fails, AF_UNIX works"
expect mdwe wx denied
expect mdwe unix allowed
ok "MemoryDenyWriteExecute=yes: a writable and executable mapping fails"
expect pers linux32 denied
expect pers linux64 allowed
ok "LockPersonality=yes: setarch linux32 fails"
expect_eq "$(get plain machine)" "$(uname -m)" "plain: uname -m"
if [ "$(uname -m)" = x86_64 ]; then
	expect_eq "$(get pers32 machine)" i686 "pers32: uname -m"
	expect pers32 linux32 allowed
	expect pers32 linux64 denied
	ok "Personality=x86: uname says i686; with LockPersonality= it stays"
fi
expect rt fifo denied
expect rt utsns allowed
ok "RestrictRealtime=yes: chrt -f fails"
expect nnp NoNewPrivs 1
expect_eq "$(get nnp suid-id)" "$(id -u nobody)" "nnp: a set-user-ID binary under NoNewPrivileges="
ok "NoNewPrivileges=yes: a set-user-ID binary keeps the caller's uid"
expect nobody NoNewPrivs 0
expect nobodyfilter NoNewPrivs 1
expect nobodyfilter Seccomp 2
expect_eq "$(get nobody machine)" "$(uname -m)" "nobody: uname -m"
expect_eq "$(sed -n 's/^machine *//p' "$O/nobodyfilter")" "" "nobodyfilter: uname -m under ~uname"
ok "a filter for User=nobody implies no_new_privs and holds"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
