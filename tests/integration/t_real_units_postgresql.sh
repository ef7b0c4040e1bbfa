# Debian's postgresql from its own unit files, laid out as the package
# does: postgresql.service (a oneshot) wants the cluster's instance of
# postgresql@.service through postgresql.service.wants/ (made at boot by
# the package's generator, here by the test); the instance is Type=forking
# with PIDFile=, pg_ctlcluster as ExecStart= and ExecStop=,
# OOMScoreAdjust=-900. The cluster's data is a copy (the host's stays
# untouched) under a mount of the test's own. Checked: starting
# postgresql.service starts the instance, which answers the protocol's
# SSLRequest on 127.0.0.1:5432 in the test's own network; stop leaves
# nothing.
. "$TESTLIB"
. "$(dirname "$0")/real_units.sh"

real_need /usr/bin/pg_ctlcluster
conf=$(ls -d /etc/postgresql/*/*/postgresql.conf 2>/dev/null | head -1)
[ -n "$conf" ] || skip "no PostgreSQL cluster in /etc/postgresql"
ver=$(basename "$(dirname "$(dirname "$conf")")")
name=$(basename "$(dirname "$conf")")
inst="postgresql@$ver-$name.service"
[ -d "/var/lib/postgresql/$ver/$name" ] || skip "no data for cluster $ver/$name"
real_unit postgresql.service postgresql@.service
mkdir "$T/units/postgresql.service.wants"
ln -s ../postgresql@.service "$T/units/postgresql.service.wants/$inst"
have_sys_resource ||
	real_degrade postgresql@.service OOMScoreAdjust=0 \
		"OOMScoreAdjust=-900 needs CAP_SYS_RESOURCE, which root lacks here"
cp -a /var/lib/postgresql "$T/pgdata"
REAL_SETUP="$REAL_SETUP && mount --bind \"\$T/pgdata\" /var/lib/postgresql"
real_tmpfs /var/log/postgresql root postgres 1775
real_tmpfiles postgresql-common.conf
real_start

sv start postgresql.service || fail "start postgresql.service: $(tail -20 "$T/svinit.err")"
expect_eq "$(sv is-active "$inst")" active "$inst, wanted by postgresql.service.wants/"
sv status "$inst" >"$T/status" 2>&1
grep -q "Active: active (running)" "$T/status" || fail "$inst: $(cat "$T/status")"
pid=$(prop "$inst" MainPID)
expect_eq "$(in_ns head -1 /run/postgresql/$ver-$name.pid)" "$pid" "MainPID from PIDFile="
reply=$(ask 5432 '\x00\x00\x00\x08\x04\xd2\x16\x2f')
case "$reply" in
N | S) ;;
*) fail "no PostgreSQL answer to SSLRequest: '$reply'" ;;
esac
ok "postgresql.service started $inst (postmaster $pid), SSLRequest answered '$reply' on 127.0.0.1:5432"

sv stop "$inst" postgresql.service || fail "stop"
expect_eq "$(sv is-active "$inst")" inactive "$inst after stop"
wait_until '[ -z "$(ns_others)" ]' 10 || fail "left after the stop: $(ns_others)"
ok "$inst stopped by pg_ctlcluster, nothing left"
real_end
