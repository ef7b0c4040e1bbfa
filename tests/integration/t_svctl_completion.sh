# contrib/svctl.bash: completion of verbs, options and unit names from the
# running svinit; and svctl --help, svctl(1) and the completion naming the
# same verbs and options.
. "$TESTLIB"

here=$(cd "$(dirname "$0")/../.." && pwd)
COMPLETION=$here/contrib/svctl.bash
MAN=$here/man/svctl.1
[ -f "$COMPLETION" ] || fail "no $COMPLETION"

unit web.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit worker.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit pool@.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
start_svinit
wait_until '[ "$(sv is-active web.service)" = active ] && [ "$(sv is-active worker.service)" = active ]' 10 ||
	fail "the units did not start"

# complete WORDS...: what bash completion offers for the command line
# WORDS (the last one being completed), sorted, on one line. svctl is the
# one under test, found on PATH.
complete_line() {
	PATH=$(dirname "$SVCTL"):$PATH bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_svctl
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		sh "$COMPLETION" "$@"
}
expect_completion() {
	local want=$1
	shift
	expect_eq "$(complete_line "$@")" "$want" "completion of '$*'"
}

expect_completion "list-dependencies list-unit-files list-units " svctl list
expect_completion "--json " svctl --js
expect_completion "web.service worker.service " svctl status w
expect_completion "web.service worker.service " svctl --runtime-dir "$T/run" restart w
expect_completion "idle.service " svctl start i
# stop offers the units that are up, not idle.service.
[ "$(complete_line svctl stop "" | grep -c idle.service)" = 0 ] || fail "stop offers idle.service: $(complete_line svctl stop "")"
complete_line svctl stop "" | grep -q web.service || fail "stop does not offer web.service"
# enable and its kin: the unit files.
complete_line svctl enable "" | grep -q "idle.service" || fail "enable: no idle.service: $(complete_line svctl enable "")"
expect_completion "--state= " svctl list-units --st
expect_completion "--type=service --type=socket " svctl list-units --type=s
expect_completion "--state=failed " svctl list-units --state=fa
expect_completion "--all --reverse " svctl list-dependencies --
expect_completion "SIGTERM " svctl kill web.service -s SIGTE
expect_completion "blame critical-chain plot verify " svctl analyze ""
expect_completion "web.service " svctl analyze critical-chain we
expect_completion "$T/units/web.service " svctl analyze verify "$T/units/we"
expect_completion "MemoryHigh= MemoryLow= MemoryMax= MemorySwapMax= " svctl set-property web.service Mem
expect_completion "pool@ " svctl scale po
ok "completion: verbs, options, option values, unit names from svinit (loaded, active for stop, files for enable)"

# --- the same verbs in --help, svctl(1) and the completion ---
verbs=$(bash -c '. "$1"; echo $_svctl_verbs' sh "$COMPLETION")
help=$("$SVCTL" --help)
# svctl(1)'s verbs: the .It Cm entries of DESCRIPTION.
man_verbs=$(sed -n '/^\.Sh DESCRIPTION/,/^\.Sh OPTIONS/p' "$MAN" | grep '^\.It Cm ' |
	sed 's/ Op .*//; s/ Ar .*//; s/ Oo .*//' | grep -o 'Cm [a-z][a-z-]*' | awk '{print $2}' | sort -u)
for v in $verbs; do
	printf '%s\n' "$help" | grep -Eq "(^|[ |])$v([ |]|\$)" || fail "--help does not name the verb $v"
	printf '%s\n' "$man_verbs" | grep -qx "$v" || fail "svctl(1) has no entry for the verb $v"
done
for v in $man_verbs; do
	case " $(echo $verbs) " in *" $v "*) ;; *) fail "svctl(1)'s verb $v is not completed" ;; esac
done
for o in --runtime-dir --json --no-pager --no-block --help --version; do
	printf '%s\n' "$help" | grep -q -- "$o" || fail "--help does not name $o"
	grep -q -- "Fl ${o#-}" "$MAN" || fail "svctl(1) does not name $o"
	complete_line svctl -- | grep -q -- "$o" || fail "completion does not offer $o"
done
n=$(echo $verbs | wc -w)
ok "--help, svctl(1) and the completion name the same $n verbs and the global options"

stop_svinit
