# The exec prefixes `+`, `!` and `!!` in one unit that runs as nobody
# with a bounding set, no_new_privs, a seccomp filter and a limit:
# `+` runs as root without any of the restrictions but with the limit,
# `!` runs as root with the restrictions, `!!` and a plain line run as
# nobody with everything. Each command records its ids and
# /proc/self/status; the plain line proves the restrictions are there.
. "$TESTLIB"
[ "$(id -u)" = 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"

chmod 755 "$T"
O=$T/out
mkdir -m 1777 "$O"
cat >"$T/probe.sh" <<'PROBE'
#!/bin/sh
o=$(dirname "$0")/out/$1
{
	grep -E '^(CapBnd|NoNewPrivs|Seccomp):' /proc/self/status
	echo "uid $(id -u)"
	echo "nofile $(ulimit -Sn)"
} >"$o.tmp" && mv "$o.tmp" "$o"
PROBE
unit prefix.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
User=nobody
CapabilityBoundingSet=CAP_CHOWN
NoNewPrivileges=yes
SystemCallFilter=~@mount
LimitNOFILE=77
ExecStartPre=+/bin/sh $T/probe.sh plus
ExecStartPre=!/bin/sh $T/probe.sh bang
ExecStartPre=!!/bin/sh $T/probe.sh bangbang
ExecStart=/bin/sh $T/probe.sh plain
EOF

start_svinit
sv start prefix.service >/dev/null 2>&1 ||
	fail "prefix.service did not start: $(sv status prefix.service 2>&1)"
get() { sed -n "s/^$2:\{0,1\}[[:space:]]\{1,\}//p" "$O/$1"; }
host=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
nobody=$(id -u nobody)

expect_eq "$(get plain uid)" "$nobody" "plain: uid"
expect_eq "$(get plain CapBnd)" 0000000000000001 "plain: CapBnd"
expect_eq "$(get plain NoNewPrivs)" 1 "plain: NoNewPrivs"
expect_eq "$(get plain Seccomp)" 2 "plain: Seccomp"
expect_eq "$(get plain nofile)" 77 "plain: LimitNOFILE="
ok "a plain line runs as nobody with every restriction"

expect_eq "$(get plus uid)" 0 "+: uid"
expect_eq "$(get plus CapBnd)" "$host" "+: CapBnd"
expect_eq "$(get plus NoNewPrivs)" 0 "+: NoNewPrivs"
expect_eq "$(get plus Seccomp)" 0 "+: Seccomp"
expect_eq "$(get plus nofile)" 77 "+: LimitNOFILE="
ok "+ runs as root, unrestricted, with the unit's limits"

expect_eq "$(get bang uid)" 0 "!: uid"
expect_eq "$(get bang CapBnd)" 0000000000000001 "!: CapBnd"
expect_eq "$(get bang NoNewPrivs)" 1 "!: NoNewPrivs"
expect_eq "$(get bang Seccomp)" 2 "!: Seccomp"
ok "! runs as root with the sandbox"

expect_eq "$(get bangbang uid)" "$nobody" "!!: uid"
expect_eq "$(get bangbang Seccomp)" 2 "!!: Seccomp"
ok "!! changes nothing where the kernel has ambient capabilities"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
