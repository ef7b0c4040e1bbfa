# The descriptor store (FileDescriptorStoreMax=) with a daemon built on
# libsystemd (tests/helpers/notifier.c): what the first run stores with
# FDSTORE=1 and FDNAME= comes back to the next run, after a crash and an
# automatic restart and after `svctl restart`, as LISTEN_FDS and
# LISTEN_FDNAMES (the memfd still holds what the first run wrote); a stop
# ends the store; without FileDescriptorStoreMax= nothing is kept.
. "$TESTLIB"

N=$BUILD/helpers/notifier
[ -x "$N" ] || skip "no $N (libsystemd-dev missing: make deps)"

unit keeper.service <<EOF
[Service]
Type=notify
FileDescriptorStoreMax=4
Restart=always
RestartSec=100ms
ExecStart=$N show-fds store mystate written-by-the-first-run notify READY=1 pause
EOF
unit nostore.service <<EOF
[Service]
Type=notify
Restart=always
RestartSec=100ms
ExecStart=$N show-fds store mystate lost notify READY=1 pause
EOF
start_svinit

logs() { sv logs "$1" -n 100 2>/dev/null; }
runs() { logs "$1" | grep -c "LISTEN_FDS="; }

sv start keeper.service nostore.service || fail "start"
logs keeper.service | grep -q "LISTEN_FDS=unset" ||
	fail "the first run got descriptors: $(logs keeper.service)"

# A crash: the automatic restart gets the store back.
sv kill -s KILL keeper.service || fail "kill keeper"
sv kill -s KILL nostore.service || fail "kill nostore"
wait_until '[ "$(runs keeper.service)" -ge 2 ]' 5 || fail "no second run"
wait_until 'sv is-active keeper.service' 5 || fail "keeper not back"
logs keeper.service | grep -q "LISTEN_FDS=1 LISTEN_FDNAMES=mystate" ||
	fail "the restart got no descriptor: $(logs keeper.service)"
logs keeper.service | grep -q "fd 3 holds: written-by-the-first-run" ||
	fail "the descriptor is not the stored memfd: $(logs keeper.service)"
ok "FDSTORE=1: the automatic restart gets LISTEN_FDS=1 LISTEN_FDNAMES=mystate"

wait_until '[ "$(runs nostore.service)" -ge 2 ]' 5 || fail "nostore not back"
logs nostore.service | grep "LISTEN_FDS=" | grep -qv "LISTEN_FDS=unset" &&
	fail "a unit without FileDescriptorStoreMax= kept a descriptor"
ok "without FileDescriptorStoreMax= nothing is stored"

# svctl restart keeps it too; the second run stored the same name again:
# now two (one per run), both handed back.
sv restart keeper.service || fail "restart"
wait_until '[ "$(runs keeper.service)" -ge 3 ]' 5 || fail "no third run"
logs keeper.service | tail -4 | grep -q "LISTEN_FDS=2 LISTEN_FDNAMES=mystate:mystate" ||
	fail "svctl restart lost the store: $(logs keeper.service)"
ok "svctl restart keeps the store"

# A stop ends it: the next start has nothing.
sv stop keeper.service || fail "stop"
sv start keeper.service || fail "start again"
wait_until '[ "$(runs keeper.service)" -ge 4 ]' 5 || fail "no fourth run"
logs keeper.service | grep "LISTEN_FDS=" | tail -1 | grep -q "LISTEN_FDS=unset" ||
	fail "the store outlived a stop: $(logs keeper.service)"
ok "a stop ends the store"

stop_svinit
