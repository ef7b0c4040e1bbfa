# RemoveIPC=: when a unit running as a user stops and no other unit of
# that user is up, the System V IPC objects and the /dev/shm entries the
# user owns are removed; without the key, or while another unit of the
# user runs, they stay. svinit runs in an IPC namespace of its own with a
# tmpfs over /dev/shm: the host's objects are never looked at.
. "$TESTLIB"
command -v ipcmk >/dev/null && command -v ipcs >/dev/null ||
	skip "no ipcmk/ipcs (util-linux)"
getent passwd nobody >/dev/null || skip "no user nobody"
nob=$(id -u nobody)

mk() {
	unit "$1.service" <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
User=nobody
$2
ExecStart=/bin/sh -c 'ipcmk -M 4096 >/dev/null && ipcmk -Q >/dev/null && touch /dev/shm/$1'
EOF
}
mk remover RemoveIPC=yes
mk keeper ""
unit other.service <<EOF
[Service]
User=nobody
ExecStart=/bin/sleep 600
EOF
NS_UNSHARE=--ipc
NS_SETUP='mount -t tmpfs -o mode=1777 tmpfs /dev/shm'
start_svinit

in_ipc() { nsenter --ipc=/proc/$(ns_init)/ns/ipc --mount=/proc/$(ns_init)/ns/mnt "$@"; }
# objs: System V objects and /dev/shm entries owned by nobody.
objs() {
	echo "$(in_ipc ipcs -m -q -c | awk -v u=nobody '$3 == u' | wc -l) $(in_ipc find /dev/shm -mindepth 1 -user $nob | wc -l)"
}

sv start remover.service || fail "start remover"
expect_eq "$(objs)" "2 1" "objects made by remover"
sv stop remover.service || fail "stop remover"
expect_eq "$(objs)" "0 0" "objects after remover stopped"
ok "RemoveIPC=yes: the user's shared memory, message queue and /dev/shm file are removed at stop"

sv start keeper.service || fail "start keeper"
sv stop keeper.service || fail "stop keeper"
expect_eq "$(objs)" "2 1" "objects after keeper (no RemoveIPC=) stopped"
ok "without RemoveIPC= they stay"

sv start other.service remover.service || fail "start other and remover"
sv stop remover.service || fail "stop remover"
expect_eq "$(objs)" "4 2" "objects while another unit of the user runs"
sv stop other.service
ok "while another unit runs as the same user nothing is removed"
stop_svinit
