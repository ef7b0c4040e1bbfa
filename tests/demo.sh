#!/bin/bash
# make demo: svinit in ten seconds. The example units of units/ start in
# dependency order, the web server answers a request, a crash of it is
# repaired by an automatic restart (a new PID answers), and SIGTERM stops
# everything. It all runs inside fresh namespaces (PID, mount, network,
# UTS) with a throw-away directory for runtime files and logs; /srv is a
# private tmpfs in there, and the web server listens on the namespace's
# own loopback, so the demo touches nothing on the host.
#
# Exits 0 when every step worked, 1 otherwise; either way every process
# it started is gone when it returns. With --wait, svinit keeps running
# after the show until Ctrl-C, for trying svctl by hand.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=$top/build
D=$(mktemp -d /tmp/svinit-demo.XXXXXX)
mkdir -p "$D/run" "$D/log"
export SVINIT_RUNTIME_DIR=$D/run
ns= init=

say() {
	if [ -t 1 ]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi
}
svctl() { "$B/svctl" --no-pager "$@"; }
# run CMD...: show a command as typed, then run it.
run() { echo "\$ $*"; "$@"; }
die() {
	echo "demo: $*" >&2
	echo "demo: svinit said:" >&2
	sed 's/^/    /' "$D/svinit.err" >&2
	exit 1
}

# Stop svinit with SIGTERM through the namespace's init (a signal to
# unshare would end the namespace at once), then make sure that the
# namespace, and so every process in it, is gone.
stop_svinit() {
	[ -n "$ns" ] || return 0
	[ -n "$init" ] && kill -TERM "$init" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$ns" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$ns" 2>/dev/null
	wait "$ns"
	status=$?
	ns=
	return $status
}
trap 'stop_svinit; rm -rf "$D"' EXIT
trap 'exit 1' INT TERM

# The namespace's init brings up loopback, mounts /srv and runs svinit,
# passing SIGTERM on to it. svinit's own log (debug: every state change)
# goes to a file, from which the demo quotes.
unshare --pid --fork --mount-proc --mount --net --uts --kill-child=SIGKILL -- \
	sh -c 'ip link set lo up && mount -t tmpfs tmpfs /srv || exit 1
	       "$@" & p=$!; trap "kill -TERM $p" TERM INT; wait $p; s=$?
	       while kill -0 $p 2>/dev/null; do wait $p; s=$?; done; exit $s' sh \
	"$B/svinit" --units "$top/units" --runtime-dir "$D/run" \
	--log-dir "$D/log" --log-level debug 2>"$D/svinit.err" &
ns=$!
for _ in $(seq 100); do [ -S "$D/run/control.sock" ] && break; sleep 0.05; done
[ -S "$D/run/control.sock" ] || die "svinit did not start"
init=$(tr -d " " <"/proc/$ns/task/$ns/children")

# get PATH: one HTTP request to the web server, from inside the demo's
# network namespace; prints the status and the body on one line.
get() {
	nsenter -t "$init" -n -- python3 - "$1" <<'EOF'
import sys, urllib.request
url = "http://127.0.0.1:8080" + sys.argv[1]
try:
    with urllib.request.urlopen(url, timeout=2) as r:
        body = r.read().decode().strip()
        print("GET %s -> %d %s: %s" % (url, r.status, r.reason, body))
except Exception as e:
    print("GET %s -> no answer (%s)" % (url, e))
    sys.exit(1)
EOF
}
# prop UNIT KEY: one property from svctl show.
prop() { svctl show "$1" | sed -n "s/^$2=//p"; }
# wait_for CMD: retry a shell condition for up to 10 seconds.
wait_for() {
	for _ in $(seq 200); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done
	return 1
}
# said FROM PATTERN: svinit's messages from line FROM on that match.
said() { tail -n +"$1" "$D/svinit.err" | grep -E "$2" | sed 's/^/  /'; }

wait_for "get /pid.txt" || die "the web server never answered"
say "svinit started the units in dependency order: demo-prepare (web root), demo-data, demo-web"
run svctl list-units | grep -E '^(UNIT|\$|demo-)'

say "The web server answers (from inside the demo's network namespace; /pid.txt is the PID of the process that answers)"
get / && get /time.txt && get /pid.txt || die "a request failed"
pid=$(prop demo-web.service MainPID)

say "A crash: demo-web.service's main process ($pid) is killed with SIGKILL"
from=$(($(wc -l <"$D/svinit.err") + 1))
run svctl kill demo-web.service -s KILL || die "svctl kill failed"
wait_for '[ "$(prop demo-web.service NRestarts)" = 1 ] && get /pid.txt' ||
	die "demo-web.service was not restarted"
new=$(prop demo-web.service MainPID)
[ "$new" != "$pid" ] || die "the main PID did not change"
say "svinit restarted it (Restart=always, RestartSec=1): NRestarts went up, PID $pid -> $new"
said $from 'demo-web.service: (pid .* exited|.*restarting|main process started|.*-> running)'
run svctl status demo-web.service
get /pid.txt || die "the restarted web server did not answer"

if [ "${1:-}" = --wait ]; then
	say "svinit runs on; try: SVINIT_RUNTIME_DIR=$D/run $B/svctl status. Ctrl-C stops it"
	trap 'echo' INT
	wait "$ns"
	trap 'exit 1' INT
fi
say "SIGTERM to svinit: every unit stops, in reverse dependency order"
from=$(($(wc -l <"$D/svinit.err") + 1))
stop_svinit
status=$?
said $from 'demo-.*-> dead$'
echo "svinit exited with status $status"
[ $status = 0 ] || die "svinit exited with status $status"
