# Debian's memcached from its own unit file (a Perl wrapper that execs
# memcached -u memcache, PrivateTmp=, ProtectSystem=full,
# CapabilityBoundingSet=, MemoryDenyWriteExecute=, ...): active, answers
# `version` on 127.0.0.1:11211 in the test's own network, stop leaves
# nothing.
. "$TESTLIB"
. "$(dirname "$0")/real_units.sh"

real_need /usr/bin/memcached /usr/share/memcached/scripts/systemd-memcached-wrapper
real_unit memcached.service
real_tmpfiles memcached.conf
real_start

real_active memcached.service
wait_until 'ask 11211 "version\r\n" | grep -q "^VERSION "' 5 ||
	fail "memcached does not answer: $(ask 11211 'version\r\n' 2>&1)"
pid=$(prop memcached.service MainPID)
expect_eq "$(in_ns stat -c %U /proc/$pid)" memcache "memcached's user"
ok "memcached active, '$(ask 11211 'version\r\n')' on 127.0.0.1:11211, running as memcache"

real_stopped memcached.service
ok "memcached stopped, nothing left"
real_end
