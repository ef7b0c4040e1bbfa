# A full log disk: svinit drops what it cannot write, and LogBytesDropped
# counts the bytes the service wrote (text and newlines), not the longer
# records (stamps, marks) that were lost. The log directory is a 256 KiB
# tmpfs inside the test's mount namespace; the service writes 4000 lines
# of 100 bytes (400,000 bytes, 528,000 as records). Once space is made,
# the next write starts with the note "svinit: N bytes dropped".
. "$TESTLIB"

NS_SETUP="mount -t tmpfs -o size=256k tmpfs '$T/log'"
# The first run floods; later runs write one line.
cat >"$T/flood.sh" <<EOF2
if [ -e "$T/flooded" ]; then echo after; exit 0; fi
awk 'BEGIN { for (i = 0; i < 4000; i++) printf "line %04d %s\n", i, sprintf("%089d", 0) }'
touch "$T/flooded"
EOF2
unit flood.service <<EOF2
[Service]
Type=oneshot
ExecStart=/bin/sh $T/flood.sh
EOF2
start_svinit
inns() { nsenter -t "$(ns_init)" -p -m -- "$@"; }
L=$T/log/flood.service.log
inns mountpoint -q "$T/log" || fail "no tmpfs on $T/log in the namespace"
sv start flood.service || fail "start flood.service"
[ -e "$T/flooded" ] || fail "flood.service did not run"
# Each line is 100 bytes with its newline; the file keeps whole records.
kept=$(inns grep -c ' out line [0-9]\{4\} 0\{89\}$' "$L")
[ "$kept" -gt 100 ] && [ "$kept" -lt 4000 ] ||
	fail "the tmpfs kept $kept of 4000 lines: the disk was not full"
# Bytes freed by cutting a torn record off may let a note in between.
inns cat "$L" >"$T/full.log"
noted=$(awk '$2 == "svinit:" && $4 == "bytes" { n += $3 } END { print n + 0 }' "$T/full.log")
notes=$(grep -c ' svinit: [0-9]* bytes dropped$' "$T/full.log")
expect_eq "$(wc -l <"$T/full.log")" "$((kept + notes))" "records in the log (all whole)"
want=$(((4000 - kept) * 100))
expect_eq "$(prop flood.service LogBytesDropped)" "$want" \
	"LogBytesDropped with $kept of 4000 lines kept"
sv status flood.service | grep -qx "       Logs: $want bytes dropped" ||
	fail "svctl status does not show the drop: $(sv status flood.service)"
ok "disk full: $kept lines kept, LogBytesDropped=$want (the service's bytes)"

# Make room; the next line is preceded by the note of what was lost.
inns truncate -s 0 "$L" || fail "cannot empty the log"
sv start flood.service || fail "start flood.service again"
inns cat "$L" >"$T/after.log"
expect_eq "$(cut -d' ' -f2- "$T/after.log" | tr '\n' '|')" \
	"svinit: $((want - noted)) bytes dropped|out after|" "the log after room was made"
expect_eq "$(prop flood.service LogBytesDropped)" "$want" "LogBytesDropped after the note"
ok "with room again: 'svinit: $((want - noted)) bytes dropped' (the rest of $want after $notes earlier note(s)), then the new line"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
