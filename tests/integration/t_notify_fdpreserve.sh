# FileDescriptorStorePreserve=, as systemd documents it, with a daemon
# built on libsystemd (tests/helpers/notifier.c): `yes` keeps the store
# past a stop (the next start gets it back) until a daemon-reload removes
# the unit; `no` releases it whenever the service's processes are gone,
# before an automatic restart too. `restart`, the default, is
# t_notify_fdstore.sh's.
. "$TESTLIB"

N=$BUILD/helpers/notifier
[ -x "$N" ] || skip "no $N (libsystemd-dev missing: make deps)"

keep_yes() {
	unit keep-yes.service <<EOF
[Service]
Type=notify
FileDescriptorStoreMax=4
FileDescriptorStorePreserve=yes
ExecStart=$N show-fds store mystate kept-past-a-stop notify READY=1 pause
EOF
}
keep_yes
unit keep-no.service <<EOF
[Service]
Type=notify
FileDescriptorStoreMax=4
FileDescriptorStorePreserve=no
Restart=always
RestartSec=100ms
ExecStart=$N show-fds store mystate lost notify READY=1 pause
EOF
start_svinit

logs() { sv logs "$1" -n 100 2>/dev/null; }
runs() { logs "$1" | grep -c "LISTEN_FDS="; }
last() { logs "$1" | grep "LISTEN_FDS=" | tail -1; }

expect_eq "$(prop keep-yes.service FileDescriptorStorePreserve)" yes "show yes"
expect_eq "$(prop keep-no.service FileDescriptorStorePreserve)" no "show no"
sv start keep-yes.service keep-no.service || fail "start"
wait_until '[ "$(prop keep-yes.service NFileDescriptorStore)" = 1 ]' 5 ||
	fail "keep-yes stored nothing"
sv stop keep-yes.service || fail "stop keep-yes"
expect_eq "$(prop keep-yes.service NFileDescriptorStore)" 1 "the store after a stop"
sv start keep-yes.service || fail "start keep-yes again"
wait_until '[ "$(runs keep-yes.service)" -ge 2 ]' 5 || fail "no second run"
last keep-yes.service | grep -q "LISTEN_FDS=1 LISTEN_FDNAMES=mystate" ||
	fail "the start after a stop got no descriptor: $(logs keep-yes.service)"
logs keep-yes.service | grep -q "fd 3 holds: kept-past-a-stop" ||
	fail "not the stored memfd: $(logs keep-yes.service)"
ok "FileDescriptorStorePreserve=yes: the store outlives svctl stop"

# Removed by a daemon-reload: the store goes with the unit. Put back, it
# starts with nothing.
sv stop keep-yes.service || fail "stop keep-yes"
rm "$T/units/keep-yes.service"
sv daemon-reload >/dev/null || fail "daemon-reload (removed)"
keep_yes
sv daemon-reload >/dev/null || fail "daemon-reload (added)"
expect_eq "$(prop keep-yes.service NFileDescriptorStore)" 0 "the store of the unit put back"
sv start keep-yes.service || fail "start the unit put back"
wait_until '[ "$(runs keep-yes.service)" -ge 3 ]' 5 || fail "no third run"
last keep-yes.service | grep -q "LISTEN_FDS=unset" ||
	fail "the store outlived the unit's removal: $(logs keep-yes.service)"
ok "FileDescriptorStorePreserve=yes: removing the unit (daemon-reload) ends the store"

wait_until '[ "$(prop keep-no.service NFileDescriptorStore)" = 1 ]' 5 ||
	fail "keep-no stored nothing"
sv kill -s KILL keep-no.service || fail "kill keep-no"
wait_until '[ "$(runs keep-no.service)" -ge 2 ]' 5 || fail "keep-no not restarted"
last keep-no.service | grep -q "LISTEN_FDS=unset" ||
	fail "FileDescriptorStorePreserve=no kept the store across a restart: $(logs keep-no.service)"
ok "FileDescriptorStorePreserve=no: an automatic restart starts with an empty store"

stop_svinit
