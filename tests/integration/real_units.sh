# Shared by t_real_units_*.sh: Debian's own daemons run by svinit from
# their own, unmodified unit files (copied from /lib/systemd/system), as
# issue 7 and 8 ask. Sourced after lib.sh.
#
# svinit runs in the test's namespaces (pid, mount, and here network and
# IPC too: the daemons' ports and RemoveIPC= never meet the host's), with
# a tmpfs over every directory the daemons write: /run, /dev/shm and the
# packages' /var/lib and /var/log directories, all mounted in the test's
# own mount namespace (unshare makes it private: nothing propagates to the
# host). svinit's runtime dir is /run/svinit there, as on a real machine
# (PrivateTmp= services could not reach a notify socket under /tmp), bind
# mounted from $T/run so that svctl reaches it from outside.
#
# What systemd-tmpfiles does at boot for the packages (their
# /usr/lib/tmpfiles.d `d` lines: /run/memcached, /run/postgresql) is done
# by the setup, since /run is empty: it is the boot's job, not the
# units'.
#
# This machine's root may lack CAP_SYS_RESOURCE (a container): then a
# unit that raises LimitNOFILE= above the hard limit or lowers
# OOMScoreAdjust= cannot start under any manager. real_degrade adds a
# drop-in for that one key, the rest is tested, and the test ends in SKIP
# naming the key: an unmodified unit that did not run is never a pass.
# `make check-vm` runs these tests again in a guest whose root has every
# capability (tests/vm/run), with SVTEST_NO_DEGRADE=1: there they must
# pass unmodified.

command -v python3 >/dev/null || skip "no python3 (make deps)"
command -v nsenter >/dev/null || skip "no nsenter (make deps)"
DEGRADED=

# real_need BINARY...: skip unless the package's programs are installed.
real_need() {
	for b in "$@"; do
		[ -x "$b" ] || skip "$b missing (tests/deps.sh installs it)"
	done
}

# real_unit NAME...: copy Debian's unit files, unchanged.
real_unit() {
	for n in "$@"; do
		[ -f "/lib/systemd/system/$n" ] || skip "no /lib/systemd/system/$n"
		cp "/lib/systemd/system/$n" "$T/units/$n"
	done
}

# have_sys_resource: whether root here has CAP_SYS_RESOURCE (bit 24).
have_sys_resource() {
	local eff
	eff=$(sed -n 's/^CapEff:\t*//p' /proc/self/status)
	[ $((0x$eff >> 24 & 1)) = 1 ]
}

# real_degrade UNIT KEY=VALUE REASON: a drop-in for one key the machine
# cannot grant; the test ends in SKIP with REASON. Where every key must
# be granted (SVTEST_NO_DEGRADE=1: the VM tests' guest, whose root has
# every capability) it is a failure instead.
real_degrade() {
	[ -z "${SVTEST_NO_DEGRADE:-}" ] || fail "$1 cannot run unmodified: $3"
	mkdir -p "$T/units/$1.d"
	printf '[Service]\n%s\n' "$2" >"$T/units/$1.d/zz-machine.conf"
	DEGRADED="${DEGRADED:+$DEGRADED; }$1: $3 (ran with the drop-in $2)"
}

# real_tmpfs DIR OWNER GROUP MODE: a tmpfs over DIR owned as the package
# left it (the daemon's user must be able to write it).
real_tmpfs() {
	REAL_SETUP="$REAL_SETUP &&
	mount -t tmpfs -o mode=$4,uid=\$(id -u $2),gid=\$(getent group $3 | cut -d: -f3) tmpfs $1"
}

# real_tmpfiles PKGFILE: the `d` lines of a tmpfiles.d file, for /run.
real_tmpfiles() {
	local f=/usr/lib/tmpfiles.d/$1 t p m u g rest
	[ -f "$f" ] || return 0
	while read -r t p m u g rest; do
		case "$t:$p" in
		d:/run/*) REAL_SETUP="$REAL_SETUP && mkdir -p $p &&
			chown $u:$g $p && chmod $m $p" ;;
		esac
	done <"$f"
}

REAL_SETUP='ip link set lo up &&
	mount -t tmpfs -o mode=755 tmpfs /run &&
	mkdir /run/svinit && mount --bind "$T/run" /run/svinit &&
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm'

# real_start: svinit in the namespaces, its runtime dir /run/svinit.
# Before: the unit files verify clean (no key refused, no user unknown).
real_start() {
	"$SVINIT" --verify --units "$T/units" >"$T/verify" 2>&1 ||
		fail "the unit files do not verify: $(cat "$T/verify")"
	NS_UNSHARE="--net --ipc"
	NS_SETUP="T='$T'; $REAL_SETUP"
	start_svinit --runtime-dir /run/svinit
}

# in_ns CMD...: run CMD in the test's network and mount namespaces.
in_ns() { nsenter --net=/proc/$(ns_init)/ns/net --mount=/proc/$(ns_init)/ns/mnt "$@"; }

# ask PORT SEND: connect to 127.0.0.1:PORT in the test's network, send
# SEND (Python escapes allowed: \r\n), print the first reply.
ask() {
	in_ns python3 - "$1" "$2" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 3)
s.settimeout(3)
msg = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
if msg:
    s.sendall(msg)
print(s.recv(200).decode("latin-1", "replace").splitlines()[0])
EOF
}

# real_active UNIT: started, and svctl status says active (running).
real_active() {
	sv start "$1" || fail "svctl start $1: $(sv status "$1" 2>&1 | head -5; tail -20 "$T/svinit.err")"
	sv status "$1" >"$T/status" 2>&1
	grep -q "Active: active (running)" "$T/status" ||
		fail "$1 not active: $(cat "$T/status")"
}

# ns_others: processes of the namespace other than its init and svinit.
ns_others() {
	local init=$(ns_init) sv=$(cat /proc/$(ns_init)/task/$(ns_init)/children 2>/dev/null | tr -d ' ')
	local ns=$(readlink /proc/$init/ns/pid) p
	for p in /proc/[0-9]*; do
		[ "$(readlink $p/ns/pid 2>/dev/null)" = "$ns" ] || continue
		case " ${p#/proc/} " in " $init " | " $sv ") continue ;; esac
		echo "${p#/proc/} $(tr '\0' ' ' <$p/cmdline 2>/dev/null)"
	done
}

# real_stopped UNIT: stopped, and none of its processes left anywhere.
real_stopped() {
	sv stop "$1" || fail "svctl stop $1"
	expect_eq "$(sv is-active "$1")" inactive "$1 after stop"
	wait_until '[ -z "$(ns_others)" ]' 5 ||
		fail "left after stopping $1: $(ns_others)"
}

# real_end: stop svinit; SKIP when a key had to be relaxed.
real_end() {
	stop_svinit
	[ -z "$DEGRADED" ] || skip "unmodified unit could not run on this machine: $DEGRADED; everything else passed"
}
