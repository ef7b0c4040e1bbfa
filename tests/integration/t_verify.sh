#!/bin/bash
# svinit --verify: loads and checks unit directories, prints every problem
# as FILE:LINE on stderr and a summary on stdout, exits 0 only when there
# is no problem. Starts nothing, so no namespace is needed.
set -u
: "${SVINIT:?}"
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d /tmp/svinit-verify.XXXXXX)
trap 'rm -rf "$T"' EXIT

fail() {
	echo "FAIL: $*"
	for f in out err; do
		[ -f "$T/$f" ] && { echo "--- $f:"; cat "$T/$f"; }
	done
	exit 1
}
ok() { echo "ok: $*"; }

# verify DIR...: run svinit --verify on the directories; status in $rc.
verify() {
	local args=()
	for d in "$@"; do args+=(--units "$d"); done
	rc=0
	"$SVINIT" --verify "${args[@]}" >"$T/out" 2>"$T/err" || rc=$?
}

# A good directory: exit 0, nothing on stderr, the summary.
mkdir -p "$T/good/web.service.d"
cat >"$T/good/web.service" <<'U'
[Unit]
Description=Web server
Wants=network-online.target
After=network-online.target db.service
Requires=db.service

[Service]
ExecStart=/usr/bin/python3 -m http.server 8080
Restart=on-failure

[Install]
WantedBy=multi-user.target
U
cat >"$T/good/web.service.d/10-env.conf" <<'U'
[Service]
Environment=PORT=8080
U
cat >"$T/good/db.service" <<'U'
[Unit]
Description=Database

[Service]
Type=simple
ExecStart=/bin/sleep infinity

[Install]
WantedBy=multi-user.target
U
verify "$T/good"
[ $rc = 0 ] || fail "good dir: exit $rc, expected 0"
[ ! -s "$T/err" ] || fail "good dir: unexpected problems on stderr"
grep -qx 'svinit: 9 units loaded, 0 errors, 0 warnings' "$T/out" ||
	fail "good dir: summary line (2 units + 7 built-in targets)"
ok "good directory: exit 0 and '$(cat "$T/out")'"

# A broken file: exit 1, FILE:LINE on stderr, the other units still load.
mkdir -p "$T/broken"
cp "$T/good/db.service" "$T/broken/db.service"
cat >"$T/broken/bad.service" <<'U'
[Unit]
Description=Broken

[Service]
ExecStart=/bin/true
Type=bogus
U
verify "$T/broken"
[ $rc = 1 ] || fail "broken dir: exit $rc, expected 1"
msg="$T/broken/bad.service:6: error: invalid Type=: \"bogus\""
grep -qxF "$msg" "$T/err" || fail "broken dir: no line '$msg'"
[ "$(wc -l <"$T/err")" = 1 ] || fail "broken dir: more than one problem"
grep -qx 'svinit: 8 units loaded, 1 error, 0 warnings' "$T/out" ||
	fail "broken dir: summary should count db.service and the targets"
ok "broken file: exit 1 and '$(grep bad.service "$T/err")'"

# A warning is a problem too.
mkdir -p "$T/warn"
cp "$T/good/db.service" "$T/warn/db.service"
printf '[Socket]\nListenStream=80\n' >"$T/warn/db.socket"
verify "$T/warn"
[ $rc = 1 ] || fail "warning: exit $rc, expected 1"
grep -qx "$T/warn/db.socket: warning: unit type not supported, ignored" \
	"$T/err" || fail "warning: message for db.socket"
grep -qx 'svinit: 8 units loaded, 0 errors, 1 warning' "$T/out" ||
	fail "warning: summary"
ok "unsupported type: exit 1 and a warning naming the file"

# An ordering cycle: exit 1, the full path printed.
mkdir -p "$T/cycle"
printf '[Unit]\nAfter=b.service\n[Service]\nExecStart=/bin/true\n' \
	>"$T/cycle/a.service"
printf '[Unit]\nAfter=c.service\n[Service]\nExecStart=/bin/true\n' \
	>"$T/cycle/b.service"
printf '[Unit]\nBefore=b.service\nAfter=a.service\n[Service]\nExecStart=/bin/true\n' \
	>"$T/cycle/c.service"
verify "$T/cycle"
[ $rc = 1 ] || fail "cycle: exit $rc, expected 1"
grep -q 'cycle: a.service -> b.service -> c.service -> a.service' "$T/err" ||
	fail "cycle: path a -> b -> c -> a not printed"
ok "cycle: exit 1 and '$(grep cycle "$T/err" | head -1)'"

# Precedence: the first directory wins, so a broken copy later is unseen.
verify "$T/good" "$T/broken"
[ $rc = 1 ] || fail "two dirs: exit $rc, expected 1 (bad.service)"
grep -q "$T/broken/db.service" "$T/err" &&
	fail "two dirs: the shadowed db.service was read"
ok "two directories: the first one's db.service wins"

# Usage errors: exit 2, one line.
rc=0
"$SVINIT" --verify --no-such-option >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "bad option: exit $rc, expected 2"
[ "$(wc -l <"$T/err")" = 1 ] || fail "bad option: not one line on stderr"
rc=0
"$SVINIT" --verify --units >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "missing argument: exit $rc, expected 2"
ok "usage errors: exit 2 with '$(cat "$T/err")'"

# Real systemd unit files.
data=$here/../data/systemd
[ -n "$(ls "$data"/*.service 2>/dev/null)" ] || fail "no files in $data"
# memcached.service runs as User=memcache, resolved at load: where that
# user does not exist the unit cannot load, and --verify says so at the
# User= line. With the user there (added in a private mount namespace, the
# host's /etc untouched) every file loads.
if getent passwd memcache >/dev/null && getent group memcache >/dev/null; then
	verify "$data"
	[ $rc = 0 ] || fail "tests/data/systemd: exit $rc, expected 0"
	ok "tests/data/systemd: $(cat "$T/out")"
	exit 0
fi
verify "$data"
[ $rc = 1 ] || fail "tests/data/systemd without user memcache: exit $rc, expected 1"
msg="$data/memcached.service:13: error: unknown user \"memcache\""
grep -qxF "$msg" "$T/err" || fail "no line '$msg'"
[ "$(wc -l <"$T/err")" = 1 ] || fail "tests/data/systemd: more than one problem"
ok "tests/data/systemd without user memcache: exit 1 and '$msg'"
{ cat /etc/passwd; echo 'memcache:x:64123:64123::/nonexistent:/usr/sbin/nologin'; } >"$T/passwd"
{ cat /etc/group; echo 'memcache:x:64123:'; } >"$T/group"
rc=0
unshare --mount -- sh -c 'mount --bind "$1/passwd" /etc/passwd &&
	mount --bind "$1/group" /etc/group &&
	exec "$2" --verify --units "$3"' sh "$T" "$SVINIT" "$data" \
	>"$T/out" 2>"$T/err" || rc=$?
[ $rc = 0 ] || fail "tests/data/systemd with user memcache: exit $rc, expected 0"
ok "tests/data/systemd with user memcache: $(cat "$T/out")"
