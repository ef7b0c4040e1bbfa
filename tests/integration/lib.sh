# Shared helpers for integration tests; sourced by each t_*.sh.
#
# Every test runs svinit inside fresh PID and mount namespaces
# (unshare --pid --fork --mount-proc --mount), with a temporary directory
# for units, runtime dir and logs. The namespace's init is a tiny shell
# that forwards SIGTERM to svinit; when the test ends, the namespace is
# killed (--kill-child), which ends every process it still holds. Nothing
# outside $T is touched, and nothing is killed by name.

set -u
: "${SVINIT:?}" "${SVCTL:?}"

T=$(mktemp -d /tmp/svinit-test.XXXXXX)
mkdir -p "$T/units" "$T/run" "$T/log"
NS_PID=
export SVINIT_RUNTIME_DIR=$T/run
# svinit's cgroups go under a cgroup of this test's own, below the test's
# cgroup in every hierarchy (--cgroup-root), removed at the end.
CG_ROOT=$(basename "$T")

# cg_dirs: the test's cgroup root in every hierarchy where it exists.
cg_dirs() {
	find /sys/fs/cgroup -maxdepth 6 -type d -name "$CG_ROOT" 2>/dev/null
}

# Remove what svinit left of the test's cgroups (deepest first); a cgroup
# whose last process is still exiting is tried again for a moment.
cg_cleanup() {
	local d i
	for d in $(cg_dirs); do
		for i in 1 2 3 4 5 6 7 8 9 10; do
			find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$d" ] || break
			sleep 0.1
		done
	done
}

cleanup() {
	if [ -n "$NS_PID" ] && kill -0 "$NS_PID" 2>/dev/null; then
		kill -KILL "$NS_PID" 2>/dev/null
		wait "$NS_PID" 2>/dev/null
	fi
	cg_cleanup
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	if [ -f "$T/svinit.err" ]; then
		echo "--- svinit stderr (last 30 lines):"
		tail -30 "$T/svinit.err"
	fi
	exit 1
}

ok() { echo "ok: $*"; }

# skip REASON: this test cannot run here (a missing privilege, a limit
# too low to test with). The runner counts it as skipped, not passed, by
# the status 77 (automake's) and the "SKIP:" line. Call it before
# anything is checked, never to hide a failure.
skip() {
	echo "SKIP: $*"
	exit 77
}

# unit NAME <<EOF ... EOF: write a unit file.
unit() { cat >"$T/units/$1"; }

# Start svinit on $T/units in new namespaces; extra args are passed on.
# NS_SETUP, when set, is a shell command run in the namespaces first (for
# example a small tmpfs over $T/log); svinit is not started if it fails.
# NS_UNSHARE adds namespaces (--net: a network of its own, where only
# loopback exists; NS_SETUP then brings it up).
# A wait cut short by the trap is repeated: dash may already have reaped
# svinit (kill -0 then fails) but still hands its status to the next wait.
start_svinit() {
	NS_SETUP=${NS_SETUP:-} \
	unshare --pid --fork --mount-proc --mount ${NS_UNSHARE:-} \
		--kill-child=SIGKILL -- \
		sh -c 'eval "$NS_SETUP" || exit 125
		       "$@" & p=$!; g=0; trap "g=1; kill -TERM $p" TERM INT;
		       wait $p; s=$?; while [ $g = 1 ]; do
		       g=0; wait $p; s=$?; done; exit $s' sh \
		"$SVINIT" --units "$T/units" --runtime-dir "$T/run" \
		--log-dir "$T/log" --log-level debug --cgroup-root "$CG_ROOT" \
		"$@" \
		>"$T/svinit.out" 2>"$T/svinit.err" &
	NS_PID=$!
	wait_until "test -S $T/run/control.sock" 10 ||
		fail "svinit did not open its control socket"
}

# The host PID of the namespace's init (the shell that runs svinit).
ns_init() { cat "/proc/$NS_PID/task/$NS_PID/children" 2>/dev/null | tr -d ' '; }

# Stop svinit with SIGTERM and wait for it; its exit status is in $SV_STATUS.
# The signal goes to the namespace's init, which passes it to svinit:
# a signal to unshare itself would end the namespace at once.
stop_svinit() {
	kill -TERM "$(ns_init)"
	SV_STATUS=0
	wait "$NS_PID" || SV_STATUS=$?
	NS_PID=
}

sv() { "$SVCTL" --runtime-dir "$T/run" "$@"; }

# wait_until CMD [SECONDS]: retry a shell condition until it holds.
wait_until() {
	local cmd=$1 secs=${2:-10} i=0
	while [ $i -lt $((secs * 50)) ]; do
		eval "$cmd" >/dev/null 2>&1 && return 0
		sleep 0.02
		i=$((i + 1))
	done
	return 1
}

# prop UNIT KEY: one property from svctl show.
prop() { sv show "$1" 2>/dev/null | sed -n "s/^$2=//p"; }

expect_eq() { [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"; }
