# KeyringMode=: each service runs build/probes/keyring, which prints its
# session keyring and whether the user's keyring is linked into it. A
# plain service (inherit, svinit's default) shares the session of the
# process that started svinit; private gets a new one of its own without
# the user's keyring, shared a new one with it; a private one for
# User=nobody is new too.
. "$TESTLIB"
[ "$(id -u)" = 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
K=$BUILD/probes/keyring
[ -x "$K" ] || fail "$K is missing (make build/probes/keyring)"
mine=$("$K") || skip "no keyrings here (keyctl fails): $mine"

chmod 755 "$T"
O=$T/out
mkdir -m 1777 "$O"
ks() { # NAME [KEY=VALUE lines on stdin]
	{ echo "[Service]"; echo "Type=oneshot"; echo "RemainAfterExit=yes"
	  cat; echo "ExecStart=/bin/sh -c '$K >$O/$1'"; } >"$T/units/$1.service"
}
ks plain </dev/null
echo "KeyringMode=private" | ks private
echo "KeyringMode=shared" | ks shared
printf 'KeyringMode=private\nUser=nobody\n' | ks nobody

start_svinit
for u in plain private shared nobody; do
	sv start "$u.service" >/dev/null 2>&1
	wait_until "test -s $O/$u" 10 ||
		fail "$u.service wrote nothing: $(sv status $u.service 2>&1 | head -5)"
done
ses() { sed -n 's/^session \([0-9]*\) .*/\1/p' "$O/$1"; }
linked() { sed -n 's/.* user-linked //p' "$O/$1"; }

expect_eq "$(cat "$O/plain")" "$mine" "plain: the session keyring svinit was started with"
[ "$(ses private)" != "$(ses plain)" ] || fail "private: still the inherited session keyring"
expect_eq "$(linked private)" no "private: user keyring linked"
[ "$(ses shared)" != "$(ses plain)" ] || fail "shared: still the inherited session keyring"
[ "$(ses shared)" != "$(ses private)" ] || fail "shared and private share a keyring"
expect_eq "$(linked shared)" yes "shared: user keyring linked"
[ "$(ses nobody)" != "$(ses plain)" ] || fail "nobody: still the inherited session keyring"
[ "$(ses nobody)" != "$(ses private)" ] || fail "nobody and private share a keyring"
ok "KeyringMode=inherit keeps the session keyring, private and shared make new ones (shared with the user's keyring)"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
