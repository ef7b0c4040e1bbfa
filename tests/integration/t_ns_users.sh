# PrivateUsers=: the service runs in a user namespace of its own where
# only its own user and group map to themselves (nobody else: root shows
# as the overflow id), CapabilityBoundingSet= still holds inside it (the
# namespace resets the bounding set, svinit drops it again), and a
# capability of root does not reach outside (mknod needs CAP_MKNOD in the
# machine's namespace). Each check fails if the key were ignored: the
# service would see the test's maps and make the device node.
. "$TESTLIB"
getent passwd nobody >/dev/null || skip "no user nobody"
nob=$(id -u nobody) nobg=$(id -g nobody)
ovf=$(cat /proc/sys/kernel/overflowuid)
me_user=$(readlink /proc/self/ns/user)
chmod 755 "$T"
mkdir -m 777 "$T/out"

unit users.service <<EOF
[Service]
Type=oneshot
User=nobody
PrivateUsers=yes
CapabilityBoundingSet=CAP_NET_RAW
StandardOutput=file:$T/out/users.out
ExecStart=/bin/sh -c 'echo "ns \$\$(readlink /proc/self/ns/user)"; \
  echo "uid_map \$\$(cat /proc/self/uid_map | tr -s " " | sed "s/^ //")"; \
  echo "gid_map \$\$(cat /proc/self/gid_map | tr -s " " | sed "s/^ //")"; \
  echo "setgroups \$\$(cat /proc/self/setgroups)"; \
  echo "root file owner \$\$(stat -c %%u /etc/passwd)"; \
  grep CapBnd /proc/self/status'
EOF
unit rootns.service <<EOF
[Service]
Type=oneshot
PrivateUsers=yes
StandardOutput=file:$T/out/rootns.out
ExecStart=/bin/sh -c 'echo "uid_map \$\$(cat /proc/self/uid_map | tr -s " " | sed "s/^ //")"; \
  mknod $T/out/null c 1 3 2>/dev/null && echo "mknod ok" || echo "mknod refused"'
EOF
unit rootplain.service <<EOF
[Service]
Type=oneshot
StandardOutput=file:$T/out/rootplain.out
ExecStart=/bin/sh -c 'mknod $T/out/null2 c 1 3 && echo "mknod ok"'
EOF
start_svinit

sv start users.service || fail "users.service: $(tail -5 "$T/svinit.err")"
out=$(cat "$T/out/users.out")
echo "$out" | sed 's/^/    /'
got=$(echo "$out" | sed -n 's/^ns //p')
[ -n "$got" ] && [ "$got" != "$me_user" ] || fail "the service shares the user namespace ($got)"
echo "$out" | grep -qx "uid_map $nob $nob 1" || fail "uid map: $out"
echo "$out" | grep -qx "gid_map $nobg $nobg 1" || fail "gid map: $out"
echo "$out" | grep -qx "setgroups deny" || fail "setgroups: $out"
echo "$out" | grep -qx "root file owner $ovf" || fail "root is mapped: $out"
echo "$out" | grep -q "^CapBnd:.*0000000000002000$" || fail "bounding set lost in the namespace: $out"
ok "PrivateUsers=: own user namespace, only nobody mapped, root is $ovf, CapabilityBoundingSet= holds"

sv start rootns.service rootplain.service || fail "root units: $(tail -5 "$T/svinit.err")"
expect_eq "$(cat "$T/out/rootns.out")" "uid_map 0 0 1
mknod refused" "root service in its user namespace"
expect_eq "$(cat "$T/out/rootplain.out")" "mknod ok" "root service without PrivateUsers="
ok "PrivateUsers= for root: uid 0 maps to 0, but mknod (CAP_MKNOD of the machine) is refused; without the key it works"
stop_svinit
