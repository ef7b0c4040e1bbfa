# PrivateTmp=, PrivateNetwork=, PrivateIPC=, ProtectHostname=: a service
# records what it sees (namespaces, /tmp, network interfaces, hostname)
# into a file opened by svinit, and the test compares with its own view.
# Each check fails if the key were ignored: the namespaces would be the
# test's own, /tmp would hold the test's directory, eth0 would be there.
. "$TESTLIB"
me_net=$(readlink /proc/self/ns/net) me_ipc=$(readlink /proc/self/ns/ipc)
me_uts=$(readlink /proc/self/ns/uts) me_host=$(hostname)
probe=/tmp/svinit-ns-probe-$$
unit iso.service <<EOF2
[Service]
Type=oneshot
PrivateTmp=yes
PrivateNetwork=yes
PrivateIPC=yes
ProtectHostname=yes
StandardOutput=file:$T/iso.out
ExecStart=/bin/sh -c 'for n in net ipc uts; do echo "ns \$\$n \$\$(readlink /proc/self/ns/\$\$n)"; done; \
  echo "tmp \$\$(ls -A /tmp /var/tmp | grep -cv -e "^/" -e "^\$\$")"; touch $probe && echo "tmp writable"; \
  echo "links [\$\$(ip -o link | cut -d: -f2 | tr -d " " | tr "\\n" " ")]"; \
  ip -o link show lo | grep -q "[<,]UP[,>]" && echo "lo up"; \
  hostname svinit-probe && echo "hostname \$\$(hostname)"'
EOF2
unit plain.service <<EOF2
[Service]
Type=oneshot
StandardOutput=file:$T/plain.out
ExecStart=/bin/sh -c 'echo "ns net \$\$(readlink /proc/self/ns/net)"; ls -d $T'
EOF2
start_svinit
sv start iso.service || fail "iso.service did not start: $(tail -3 $T/svinit.err)"
out=$(cat "$T/iso.out")
echo "$out" | sed 's/^/    /'
for n in net ipc uts; do
	got=$(echo "$out" | sed -n "s/^ns $n //p")
	[ -n "$got" ] || fail "no $n namespace recorded"
	eval "mine=\$me_$n"
	[ "$got" != "$mine" ] || fail "the service shares the $n namespace ($got)"
done
ok "the service has its own net, ipc and uts namespaces"
echo "$out" | grep -qx "tmp 0" ||
	fail "/tmp and /var/tmp are not empty: $(echo "$out" | grep '^tmp ')"
echo "$out" | grep -qx "tmp writable" || fail "the private /tmp is not writable"
[ ! -e "$probe" ] || { rm -f "$probe"; fail "the service's /tmp file reached the host's /tmp"; }
ok "PrivateTmp: an empty, writable /tmp and /var/tmp that the host does not see"
echo "$out" | grep -qx "links \[lo \]" ||
	fail "interfaces other than lo: $(echo "$out" | grep '^links ')"
echo "$out" | grep -qx "lo up" || fail "loopback is not up"
ok "PrivateNetwork: only loopback, and it is up"
echo "$out" | grep -qx "hostname svinit-probe" || fail "hostname could not be set in the service"
expect_eq "$(hostname)" "$me_host" "the host's hostname after the service set its own"
ok "ProtectHostname: the service's hostname change stays in the service"
# The control: without the keys the service shares the namespaces and
# sees the host's /tmp (so the checks above can tell).
sv start plain.service || fail "plain.service did not start"
grep -qxF "ns net $me_net" "$T/plain.out" || fail "a plain service has another net namespace"
grep -qxF "$T" "$T/plain.out" || fail "a plain service does not see $T"
ok "a service without the keys shares the test's namespaces and /tmp"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
