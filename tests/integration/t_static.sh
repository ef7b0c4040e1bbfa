# The static build (make STATIC=1, in $BUILD/static): svinit and svctl
# have no program interpreter, and they run where no shared library
# exists: /usr/lib (and with it /lib, /lib64 of a merged-/usr system)
# is hidden under an empty tmpfs in svinit's mount namespace, so only
# static programs (busybox from busybox-static) run there. A oneshot
# prepares a directory, a service runs as a user of /etc/passwd, one
# crashes and is restarted until its start limit; an unknown user and a
# dynamic program fail as units, not svinit (a static glibc would load
# nsswitch.conf's other modules with its static dlopen and crash: it
# looks up the files only). --notify-parent fails, saying why.
. "$TESTLIB"

ST=${SVINIT_STATIC_DIR:-$BUILD/static}
[ -x "$ST/svinit" ] && [ -x "$ST/svctl" ] ||
	skip "no static build in $ST (make STATIC=1)"
command -v readelf >/dev/null || skip "no readelf (binutils)"
bb=$(command -v busybox) || skip "no busybox"
readelf -lW "$bb" 2>/dev/null | grep -q 'Requesting program interpreter' &&
	skip "$bb is dynamic (busybox-static installs a static one)"
for p in svinit svctl; do
	readelf -lW "$ST/$p" | grep -q 'Requesting program interpreter' &&
		fail "$ST/$p has a program interpreter: not static"
	readelf -dW "$ST/$p" | grep -q NEEDED && fail "$ST/$p needs shared libraries"
done
ok "svinit and svctl are static (no interpreter, no NEEDED)"
SVINIT=$ST/svinit SVCTL=$ST/svctl

out=$(NOTIFY_SOCKET=/nonexistent "$SVINIT" --notify-parent --units "$T/units" \
	--runtime-dir "$T/run" 2>&1) && fail "--notify-parent ran on: $out"
grep -q "not available in a static build" <<<"$out" ||
	fail "--notify-parent: $out"
ok "--notify-parent: $(head -1 <<<"$out")"

user=nobody
# The user reaches $T/app through $T (mktemp made it 0700).
chmod 755 "$T"
uid=$(awk -F: -v u=$user '$1 == u { print $3 }' /etc/passwd)
[ -n "$uid" ] || skip "no $user in /etc/passwd"
unit prep.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$bb mkdir -p $T/app
ExecStart=$bb chmod 777 $T/app
[Install]
WantedBy=default.target
EOF
unit who.service <<EOF
[Unit]
Requires=prep.service
After=prep.service
[Service]
User=$user
ExecStart=$bb sh -c '$bb id -u >$T/app/id; exec $bb sleep 600'
[Install]
WantedBy=default.target
EOF
unit crash.service <<EOF
[Unit]
StartLimitBurst=3
StartLimitIntervalSec=30
[Service]
ExecStart=$bb sh -c 'echo x >>$T/crashes; exit 3'
Restart=always
RestartSec=0.1
[Install]
WantedBy=default.target
EOF
unit ghost.service <<EOF
[Service]
User=no-such-user-svinit
ExecStart=$bb sleep 600
[Install]
WantedBy=default.target
EOF
unit dyn.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/true
[Install]
WantedBy=default.target
EOF
printf '[Unit]\nDescription=default\n' >"$T/units/default.target"
# mount, dynamic itself, is loaded before its tmpfs hides the libraries.
NS_SETUP="mount -t tmpfs -o ro,mode=755 none /usr/lib"
start_svinit

wait_until "sv is-active who.service >/dev/null 2>&1 && test -s $T/app/id" 10 ||
	fail "who.service: $(prop who.service ActiveState) $(prop who.service Result)"
expect_eq "$(cat "$T/app/id")" "$uid" "who.service's uid"
ok "prep.service made $T/app, who.service runs as $user (uid $uid)"
wait_until "[ \$(wc -l <$T/crashes 2>/dev/null || echo 0) -ge 3 ] && [ \"\$(prop crash.service ActiveState)\" = failed ]" 10 ||
	fail "crash.service: $(wc -l <"$T/crashes" 2>/dev/null) starts, $(prop crash.service ActiveState)"
expect_eq "$(wc -l <"$T/crashes")" 3 "crash.service's starts (StartLimitBurst=3)"
ok "crash.service restarted to its start limit: $(prop crash.service Result)"
# An unknown user is a load error (as in the dynamic build).
grep -q 'ghost.service:2: error: unknown user "no-such-user-svinit"' "$T/svinit.err" ||
	fail "ghost.service: no load error for its unknown user: $(grep ghost "$T/svinit.err" | head -3)"
wait_until "[ \"\$(prop dyn.service ActiveState)\" = failed ]" 5 ||
	fail "dyn.service (/bin/true, dynamic, without its libraries) is $(prop dyn.service ActiveState)"
ok "an unknown user is a load error, a dynamic program fails ($(prop dyn.service Result))"
sv status who.service >/dev/null || fail "svctl status who.service"
kill -0 "$(ns_init)" 2>/dev/null || fail "svinit is gone"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit's exit status"
grep -qi "segmentation\|core dumped" "$T/svinit.err" && fail "a crash: $(tail -3 "$T/svinit.err")"
ok "stopped cleanly"
