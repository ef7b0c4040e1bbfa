# RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=,
# ConfigurationDirectory=: made with their mode and owner before the
# service starts, named in its environment, writable under
# ProtectSystem=strict, and the runtime one removed at stop unless
# RuntimeDirectoryPreserve= says otherwise. The test's namespace gets
# its own /run, /var/lib, /var/cache, /var/log (tmpfs) and /etc (an
# overlay whose changes go to $T), so nothing of the host's is touched;
# the test looks into that namespace with nsenter.
. "$TESTLIB"
grep -qw overlay /proc/filesystems || skip "no overlay file system for a private /etc"
command -v nsenter >/dev/null || skip "no nsenter"
mkdir -p "$T/etc-up" "$T/etc-work"
NS_SETUP="for d in /run /var/lib /var/cache /var/log; do mount -t tmpfs tmpfs \$d || exit 1; done
  mount -t overlay overlay -o lowerdir=/etc,upperdir=$T/etc-up,workdir=$T/etc-work /etc &&
  : >/run/plainfile"
unit dirs.service <<EOF2
[Service]
User=nobody
RuntimeDirectory=app app/sub/deep
RuntimeDirectoryMode=0700
StateDirectory=app
StateDirectoryMode=0750
CacheDirectory=app
LogsDirectory=app/logs
ConfigurationDirectory=app
ProtectSystem=strict
StandardOutput=file:$T/dirs.out
ExecStart=/bin/sh -c 'env | grep _DIRECTORY= | sort; \
  for d in /run/app /run/app/sub /run/app/sub/deep /var/lib/app /var/cache/app /var/log/app /var/log/app/logs /etc/app; do \
    stat -c "%%n %%a %%U" \$\$d; done; \
  touch /run/app/r /run/app/sub/deep/r /var/lib/app/s /var/cache/app/c /var/log/app/logs/l && echo writes ok; \
  touch /var/lib/other 2>/dev/null || echo strict holds; exec sleep 600'
EOF2
unit keep.service <<EOF2
[Service]
RuntimeDirectory=keep
RuntimeDirectoryPreserve=yes
ExecStart=/bin/sleep 600
EOF2
unit clash.service <<EOF2
[Service]
Type=exec
RuntimeDirectory=plainfile
ExecStart=/bin/sleep 600
EOF2
# Across an automatic restart: kept with RuntimeDirectoryPreserve=restart,
# made afresh with the default (no).
for p in restart no; do
	unit "r$p.service" <<EOF2
[Service]
RuntimeDirectory=r$p
RuntimeDirectoryPreserve=$p
Restart=on-failure
RestartSec=100ms
StandardOutput=append:$T/r$p.out
ExecStart=/bin/sh -c 'if [ -e /run/r$p/mark ]; then echo kept; else echo fresh; fi; touch /run/r$p/mark; sleep 0.5; exit 1'
EOF2
done
start_svinit
in_ns() { nsenter -t "$(ns_init)" -m -- "$@"; }
sv start dirs.service keep.service || fail "the units did not start: $(tail -3 "$T/svinit.err")"
wait_until "grep -q 'strict holds' $T/dirs.out" 5 || fail "the service did not finish its probe: $(cat $T/dirs.out)"
sed 's/^/    /' "$T/dirs.out"
want() { grep -qxF "$1" "$T/dirs.out" || fail "$2 (expected \"$1\")"; }
want "RUNTIME_DIRECTORY=/run/app:/run/app/sub/deep" "RUNTIME_DIRECTORY"
want "STATE_DIRECTORY=/var/lib/app" "STATE_DIRECTORY"
want "CACHE_DIRECTORY=/var/cache/app" "CACHE_DIRECTORY"
want "LOGS_DIRECTORY=/var/log/app/logs" "LOGS_DIRECTORY"
want "CONFIGURATION_DIRECTORY=/etc/app" "CONFIGURATION_DIRECTORY"
ok "the service's environment names its directories"
want "/run/app 700 nobody" "RuntimeDirectory= mode or owner"
want "/run/app/sub 755 root" "an intermediate directory is not 0755 root"
want "/run/app/sub/deep 700 nobody" "a nested RuntimeDirectory="
want "/var/lib/app 750 nobody" "StateDirectory= mode or owner"
want "/var/cache/app 755 nobody" "CacheDirectory= mode or owner"
want "/var/log/app 755 root" "LogsDirectory= parent"
want "/var/log/app/logs 755 nobody" "LogsDirectory= mode or owner"
want "/etc/app 755 root" "ConfigurationDirectory= stays root's"
ok "made with their modes; the innermost owned by User=, the configuration by root"
want "writes ok" "the directories are not writable under ProtectSystem=strict"
want "strict holds" "the control: /var/lib is writable under strict"
ok "writable under ProtectSystem=strict, when /var/lib itself is not"
[ -d "$T/etc-up/app" ] || fail "ConfigurationDirectory= was not made in the test's /etc"
sv stop dirs.service keep.service || fail "stop failed"
in_ns test -e /run/app && fail "RuntimeDirectory= is still there after stop"
in_ns test -e /var/lib/app/s || fail "StateDirectory= went away at stop"
in_ns test -d /run/keep || fail "RuntimeDirectoryPreserve=yes did not keep /run/keep"
ok "at stop the runtime directory goes, the state directory and a preserved one stay"
sv start rrestart.service rno.service || fail "the restarting units did not start"
wait_until "[ \$(wc -l <$T/rrestart.out) -ge 2 ] && [ \$(wc -l <$T/rno.out) -ge 2 ]" 10 ||
	fail "the units did not restart"
sv stop rrestart.service rno.service
expect_eq "$(sed -n 2p "$T/rrestart.out")" kept "RuntimeDirectoryPreserve=restart across a restart"
expect_eq "$(sed -n 2p "$T/rno.out")" fresh "RuntimeDirectoryPreserve=no across a restart"
in_ns test -e /run/rrestart && fail "RuntimeDirectoryPreserve=restart kept the directory after stop"
ok "RuntimeDirectoryPreserve=restart keeps the directory across a restart, no does not; both go at stop"
sv start clash.service && fail "a RuntimeDirectory= over a file started"
grep -q "clash.service: failed at step RUNTIME_DIRECTORY: Not a directory" "$T/svinit.err" ||
	fail "no RUNTIME_DIRECTORY failure logged: $(grep clash "$T/svinit.err" | tail -3)"
ok "a RuntimeDirectory= that is a file fails at step RUNTIME_DIRECTORY"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
