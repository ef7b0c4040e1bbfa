#!/bin/bash
# make demo: run svinit on units/ inside fresh namespaces (PID, mount,
# network, UTS) with a throw-away directory for runtime files and logs.
# /srv is a private tmpfs in there, so the demo writes nothing on the host.
# Shows `svctl status` and `svctl list-units`; Ctrl-C stops it cleanly.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
D=$(mktemp -d /tmp/svinit-demo.XXXXXX)
mkdir -p "$D/run" "$D/log"
export SVINIT_RUNTIME_DIR=$D/run

unshare --pid --fork --mount-proc --mount --net --uts --kill-child=SIGKILL -- \
	sh -c 'ip link set lo up 2>/dev/null; mount -t tmpfs tmpfs /srv &&
	       "$@" & p=$!; trap "kill -TERM $p" TERM INT; wait $p; s=$?
	       while kill -0 $p 2>/dev/null; do wait $p; s=$?; done; exit $s' sh \
	"$B/svinit" --units "$top/units" --runtime-dir "$D/run" \
	--log-dir "$D/log" &
ns=$!

stop() {
	echo
	echo "== stopping svinit (SIGTERM): units stop in reverse order"
	kill -TERM "$(cat /proc/$ns/task/$ns/children)" 2>/dev/null
	wait $ns
	echo "== svinit exited with status $?; logs were in $D/log"
	rm -rf "$D"
	exit 0
}
trap stop INT TERM

for _ in $(seq 100); do [ -S "$D/run/control.sock" ] && break; sleep 0.05; done
sleep 3
echo "== svctl list-units"
"$B/svctl" list-units
echo
echo "== svctl status"
"$B/svctl" --no-pager status demo-prepare demo-data demo-web demo-flaky
if [ -t 0 ] && [ -z "${CI:-}" ]; then
	echo
	echo "== svinit is running; try: SVINIT_RUNTIME_DIR=$D/run $B/svctl status demo-flaky.service"
	echo "== press Ctrl-C to stop"
	while kill -0 $ns 2>/dev/null; do sleep 1; done
fi
stop
