#!/bin/bash
# svinit --verify: loads and checks unit directories, prints every problem
# as FILE:LINE on stderr and a summary on stdout, exits 1 when there is an
# error (a unit that would not load) and 0 otherwise: warnings are printed
# but fail only with --strict. Starts nothing, so no namespace is needed.
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

# verify [--strict] DIR...: run svinit --verify on the directories;
# status in $rc.
verify() {
	local args=()
	[ "$1" = --strict ] && { args+=(--strict); shift; }
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
grep -qx 'svinit: 10 units loaded, 0 errors, 0 warnings' "$T/out" ||
	fail "good dir: summary line (2 units + 8 built-in targets)"
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
grep -qx 'svinit: 9 units loaded, 1 error, 0 warnings' "$T/out" ||
	fail "broken dir: summary should count db.service and the targets"
ok "broken file: exit 1 and '$(grep bad.service "$T/err")'"
verify --strict "$T/broken"
[ $rc = 1 ] || fail "broken dir with --strict: exit $rc, expected 1"
grep -qxF "$msg" "$T/err" || fail "broken dir with --strict: no line '$msg'"
ok "broken file with --strict: exit 1 too"

# A warning is printed, but every unit loads: exit 0; --strict: exit 1.
mkdir -p "$T/warn"
cp "$T/good/db.service" "$T/warn/db.service"
printf '[Timer]\nOnCalendar=daily\n' >"$T/warn/db.timer"
for strict in "" --strict; do
	verify $strict "$T/warn"
	want=0
	[ -n "$strict" ] && want=1
	[ $rc = $want ] || fail "warning ${strict:-without --strict}: exit $rc, expected $want"
	grep -qx "$T/warn/db.timer: warning: unit type not supported, ignored" \
		"$T/err" || fail "warning ${strict}: message for db.timer"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "warning ${strict}: more than one problem"
	grep -qx 'svinit: 9 units loaded, 0 errors, 1 warning' "$T/out" ||
		fail "warning ${strict}: summary"
done
ok "unsupported type: a warning naming the file; exit 0, and 1 with --strict"

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
# (The copy must be broken: a good one read by mistake would say nothing.)
mkdir -p "$T/shadow"
printf '[Service]\nType=bogus\nExecStart=/bin/true\n' >"$T/shadow/db.service"
verify "$T/shadow"
[ $rc = 1 ] || fail "the broken db.service alone: exit $rc, expected 1"
verify "$T/good" "$T/shadow"
[ $rc = 0 ] || fail "two dirs: exit $rc, expected 0 (the broken db.service is shadowed)"
[ ! -s "$T/err" ] || fail "two dirs: the shadowed db.service was read"
verify "$T/shadow" "$T/good"
[ $rc = 1 ] || fail "two dirs the other way: exit $rc, expected 1"
grep -q "^$T/shadow/db.service:2: error: " "$T/err" ||
	fail "two dirs the other way: the broken db.service was not the one read"
ok "two directories: the first one's db.service wins, either way round"

# Usage errors: exit 2, one line.
rc=0
"$SVINIT" --verify --no-such-option >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "bad option: exit $rc, expected 2"
[ "$(wc -l <"$T/err")" = 1 ] || fail "bad option: not one line on stderr"
rc=0
"$SVINIT" --verify --units >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "missing argument: exit $rc, expected 2"
ok "usage errors: exit 2 with '$(cat "$T/err")'"
# Were --strict accepted, svinit would run: on an empty unit directory
# and scratch paths, and for 5 seconds at most.
rc=0
mkdir -p "$T/empty" "$T/run" "$T/log"
timeout -s KILL 5 "$SVINIT" --strict --units "$T/empty" --runtime-dir "$T/run" \
	--log-dir "$T/log" >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "--strict without --verify: exit $rc, expected 2"
grep -qx 'svinit: --strict needs --verify' "$T/err" ||
	fail "--strict without --verify: $(cat "$T/err")"
ok "--strict without --verify: exit 2 with '$(cat "$T/err")'"
"$SVINIT" --help >"$T/out" || fail "svinit --help"
grep -q -- '--strict' "$T/out" || fail "--help does not mention --strict"

# Real systemd unit files: clean.
data=$here/../data/systemd
[ -n "$(ls "$data"/*.service 2>/dev/null)" ] || fail "no files in $data"
# memcached.service runs as User=memcache, resolved at load: where that
# user does not exist the unit cannot load, and --verify says so at the
# User= line. With the user there (added in a private mount namespace, the
# host's /etc untouched) every file loads.
if getent passwd memcache >/dev/null && getent group memcache >/dev/null; then
	for strict in "" --strict; do
		verify $strict "$data"
		[ $rc = 0 ] || fail "tests/data/systemd $strict: exit $rc, expected 0"
		[ ! -s "$T/err" ] || fail "tests/data/systemd $strict: problems reported"
	done
	ok "tests/data/systemd: exit 0, also with --strict: $(cat "$T/out")"
else
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
fi

# Real unit files that load with warnings. Debian's
# systemd-user-sessions.service orders itself After=home.mount, a unit
# type svinit lacks: a warning; the unit loads and runs, so plain --verify
# passes and --strict does not.
data=$here/../data/warnings
verify "$data"
[ $rc = 0 ] || fail "tests/data/warnings: exit $rc, expected 0"
grep -qx "$data/systemd-user-sessions.service:13: warning: After=home.mount: svinit has no unit of this type, ignored" \
	"$T/err" || fail "tests/data/warnings: no warning about home.mount"
grep -v ': warning: ' "$T/err" && fail "tests/data/warnings: problems other than warnings"
grep -Eq ', 0 errors, [1-9][0-9]* warnings?$' "$T/out" || fail "tests/data/warnings: summary"
ok "tests/data/warnings: exit 0 with warnings: $(cat "$T/out")"
verify --strict "$data"
[ $rc = 1 ] || fail "tests/data/warnings with --strict: exit $rc, expected 1"
ok "tests/data/warnings with --strict: exit 1"
