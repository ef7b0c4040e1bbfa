# Log capture: stdout and stderr marks, a 10 MB burst with nothing lost,
# a last line without newline, binary bytes escaped, long lines split,
# pipes kept across restarts, svctl logs -n and -f, and rotation with
# --log-max-size / --log-keep.
. "$TESTLIB"

L=$T/log
mkdir -p "$T/bin"

# Followers run svctl itself in the background (not the sv function, whose
# subshell would be what $! names) and are ended on any exit.
FPIDS=
trap 'kill $FPIDS 2>/dev/null; cleanup' EXIT
follower() {
	"$SVCTL" --runtime-dir "$T/run" logs "$1" -f >"$2" 2>&1 &
	FPID=$!
	FPIDS="$FPIDS $FPID"
}

# payloads FILE...: the text after "STAMP MARK " of every record, one a line.
payloads() { cat "$@" | cut -d' ' -f3-; }
# check_records FILE...: every line is one well-formed record.
check_records() {
	local bad
	bad=$(cat "$@" | grep -Evc '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}Z (out|err|out\+|err\+|svinit:) ')
	[ "$bad" = 0 ] || fail "$bad malformed record(s) in $*"
}

# --- units for the first svinit (default rotation: 10 MiB, 5 kept) ---
unit marks.service <<EOF
[Service]
ExecStart=/bin/sh -c 'echo to-stdout; echo to-stderr >&2; echo more-stdout; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF

# 120,000 numbered lines of 88 bytes: 10.5 MB as fast as awk writes them.
cat >"$T/bin/burst.sh" <<'EOF'
#!/bin/sh
exec awk 'BEGIN { pad = sprintf("%080d", 0);
	for (i = 1; i <= 120000; i++) printf "%06d %s\n", i, pad }'
EOF
unit burst.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh $T/bin/burst.sh
[Install]
WantedBy=multi-user.target
EOF

unit partial.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo first; printf "no newline at exit"'
[Install]
WantedBy=multi-user.target
EOF

# Bytes 0x00..0x1f and 0xff, then a newline: two records (0x0a ends one).
cat >"$T/bin/binary.py" <<'EOF'
import sys
sys.stdout.buffer.write(bytes(range(0x20)) + b"\xff\n")
sys.stdout.buffer.write(b"back\\slash\n")
EOF
unit binary.service <<EOF
[Service]
Type=oneshot
ExecStart=/usr/bin/python3 $T/bin/binary.py
[Install]
WantedBy=multi-user.target
EOF

# 20,001 bytes of text with 2-byte characters at odd offsets, so that a
# cut at 8192 bytes would fall inside one; then a short line on stderr
# and one on stdout.
cat >"$T/bin/long.py" <<'EOF'
import sys
sys.stdout.buffer.write(("a" + "\u00e9" * 10000 + "\n").encode())
sys.stdout.flush()
sys.stderr.write("short err\n")
sys.stderr.flush()
sys.stdout.write("short out\n")
EOF
unit long.service <<EOF
[Service]
Type=oneshot
ExecStart=/usr/bin/python3 $T/bin/long.py
[Install]
WantedBy=multi-user.target
EOF

# Exits after each run; counts its runs and tells which pipe it writes to.
unit again.service <<EOF
[Service]
ExecStart=/bin/sh -c 'n=\$\$(cat $T/again.n 2>/dev/null || echo 0); n=\$\$((n + 1)); echo \$\$n >$T/again.n; echo "run \$\$n pipe \$\$(readlink /proc/\$\$\$\$/fd/1)"; echo "err of run \$\$n" >&2; [ \$\$n -ge 3 ] && exec sleep 600; exit 1'
Restart=always
RestartSec=0.1
[Install]
WantedBy=multi-user.target
EOF

unit follow.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "follow \$\$(date +%%s%%N)"'
EOF

start_svinit

# --- stdout vs stderr ---
wait_until "grep -q more-stdout $L/marks.service.log" 10 ||
	fail "marks.service wrote nothing"
check_records "$L/marks.service.log"
grep -Eq '^\S+ out to-stdout$' "$L/marks.service.log" || fail "stdout line not marked out"
grep -Eq '^\S+ err to-stderr$' "$L/marks.service.log" || fail "stderr line not marked err"
grep -Eq '^\S+ out more-stdout$' "$L/marks.service.log" || fail "second stdout line"
expect_eq "$(wc -l <"$L/marks.service.log")" 3 "records in marks.service.log"
ok "stdout lines are marked out, stderr lines err"

# --- 10 MB burst ---
wait_until "[ \"\$(prop burst.service Result)\" = success ] && [ \"\$(prop burst.service ActiveState)\" = inactive ]" 20 ||
	fail "burst.service did not finish"
wait_until "tail -n1 $L/burst.service.log | grep -q ' out 120000 '" 20 ||
	fail "the last burst line is not in the log"
files=$(ls -r "$L"/burst.service.log.* 2>/dev/null) # .1 is newest: last
check_records $files "$L/burst.service.log"
payloads $files "$L/burst.service.log" | awk -v want=120000 '
	{ n = $1 + 0; if (n != NR || length($2) != 80) { print "line " NR ": " $0; bad = 1; exit } }
	END { if (!bad && NR != want) { print NR " lines, want " want; bad = 1 } exit bad }' >"$T/burst.err" ||
	fail "burst lines lost, doubled or out of order: $(cat "$T/burst.err")"
[ -e "$L/burst.service.log.1" ] || fail "14 MB of records did not rotate at 10 MiB"
size1=$(stat -c %s "$L/burst.service.log.1")
[ "$size1" -le $((10 * 1024 * 1024)) ] || fail "burst.service.log.1 is $size1 bytes, over 10 MiB"
expect_eq "$(prop burst.service LogBytesDropped)" 0 "LogBytesDropped of burst.service"
ok "120,000 lines (10.5 MB) written at once: each number once, in order, across the rotation"

# --- a last line without newline ---
wait_until "grep -q 'no newline at exit' $L/partial.service.log" 10 ||
	fail "the unterminated last line is not in the log while svinit runs: $(cat $L/partial.service.log 2>&1)"
check_records "$L/partial.service.log"
expect_eq "$(payloads "$L/partial.service.log" | tr '\n' '|')" "first|no newline at exit|" \
	"records of partial.service"
ok "a line without newline at exit is written"

# --- binary ---
wait_until "grep -q back $L/binary.service.log" 10 || fail "binary.service wrote nothing"
check_records "$L/binary.service.log"
expect_eq "$(wc -l <"$L/binary.service.log")" 3 "records for binary output"
want1=$(printf '\\x%02x' 0 1 2 3 4 5 6 7 8; printf '\t')
want2=$(printf '\\x%02x' $(seq 11 31) 255)
expect_eq "$(payloads "$L/binary.service.log" | sed -n 1p)" "$want1" "first binary record"
expect_eq "$(payloads "$L/binary.service.log" | sed -n 2p)" "$want2" "second binary record"
expect_eq "$(payloads "$L/binary.service.log" | sed -n 3p)" 'back\\slash' "backslash escaped"
ok "bytes 0x00-0x1f and 0xff are stored as \\xNN, tab as is, one record per line"

# --- a line longer than 8192 bytes ---
wait_until "grep -q 'short out' $L/long.service.log" 10 || fail "long.service wrote nothing"
check_records "$L/long.service.log"
python3 - "$L/long.service.log" <<'EOF' || fail "long line split wrongly"
import sys
recs = [l.rstrip("\n").split(" ", 2) for l in open(sys.argv[1], encoding="utf-8")]
marks = [r[1] for r in recs]
outs = [r for r in recs if r[1] in ("out", "out+")]
# the long line: one "out" piece, then "out+" pieces, then "short out"
assert outs[0][1] == "out", marks
pieces = [outs[0][2]]
for r in outs[1:]:
    if r[1] != "out+":
        break
    pieces.append(r[2])
assert len(pieces) >= 3, "expected at least 3 pieces, got %d" % len(pieces)
for p in pieces:
    assert len(p.encode()) <= 8192, "a piece of %d bytes" % len(p.encode())
whole = "".join(pieces)
assert whole == "a" + "\u00e9" * 10000, "pieces differ from the line (%d chars)" % len(whole)
assert [r[2] for r in outs[len(pieces):]] == ["short out"], outs[len(pieces):]
assert [r[2] for r in recs if r[1] == "err"] == ["short err"]
EOF
ok "a 20,001-byte line is split into out + out+ pieces of at most 8192 bytes, nothing lost"

# --- pipes kept across restarts ---
wait_until "grep -q 'run 3' $L/again.service.log" 10 || fail "again.service did not run 3 times"
check_records "$L/again.service.log"
for i in 1 2 3; do
	grep -Eq "^\S+ out run $i pipe pipe:\[[0-9]+\]$" "$L/again.service.log" || fail "stdout of run $i missing"
	grep -Eq "^\S+ err err of run $i$" "$L/again.service.log" || fail "stderr of run $i missing"
done
npipes=$(grep -o 'pipe:\[[0-9]*\]' "$L/again.service.log" | sort -u | wc -l)
expect_eq "$npipes" 1 "distinct stdout pipes over 3 runs"
[ "$(prop again.service NRestarts)" -ge 2 ] || fail "NRestarts of again.service"
ok "a restarting service logs all its runs into one file, through the same pipe"

# --- svctl logs -n ---
expect_eq "$(sv logs marks.service -n 2)" "$(tail -n 2 "$L/marks.service.log")" "logs -n 2"
expect_eq "$(sv logs marks -n 3 | wc -l)" 3 "logs marks -n 3 (short name)"
expect_eq "$(sv logs burst.service -n 3 | payloads | cut -c1-6 | tr '\n' ' ')" "119998 119999 120000 " \
	"logs burst -n 3"
# more lines than the current file holds: the rest come from .1
n=$(($(wc -l <"$L/burst.service.log") + 2))
expect_eq "$(sv logs burst.service -n $n | md5sum)" \
	"$(cat "$L/burst.service.log.1" "$L/burst.service.log" | tail -n $n | md5sum)" \
	"logs burst -n $n across burst.service.log.1"
rc=0
sv logs nope.service -n 3 >/dev/null 2>"$T/err" || rc=$?
expect_eq "$rc" 4 "exit status of logs for an unknown unit"
ok "svctl logs -n N prints the last N lines, across rotated files"

# --- svctl logs -f ---
sv start follow.service || fail "start follow.service"
first=$(payloads "$L/follow.service.log")
follower follow.service "$T/follow.out"
# The follower may miss lines written before it is watching: write until
# one arrives, then check that it arrives once.
got=
for i in $(seq 1 20); do
	sv start follow.service || fail "start follow.service"
	if wait_until "[ \$(grep -c ' out follow' $T/follow.out) -ge 2 ]" 1; then
		got=1; break
	fi
done
[ -n "$got" ] || fail "logs -f printed no new line: $(cat "$T/follow.out")"
kill -0 "$FPID" 2>/dev/null || fail "logs -f exited"
grep -q " out $first\$" "$T/follow.out" || fail "logs -f did not print the existing line first"
last=$(tail -n1 "$L/follow.service.log")
grep -qxF "$last" "$T/follow.out" || fail "the newest line is not in the follower's output"
expect_eq "$(grep -cxF "$last" "$T/follow.out")" 1 "times the newest line was printed"
kill "$FPID"
wait "$FPID" 2>/dev/null
ok "svctl logs -f prints the log, then the lines appended to it"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"

# --- rotation: a second svinit with 64 KiB files, 3 kept ---
rm -f "$T"/units/*
rm -f "$T/run/control.sock"
# 8000 records of 53 bytes: 414 KiB, so more than 3 full old files. In
# 8 bursts of 53 KB, so that the follower below can keep up: a file that
# is rotated out before it reads it is lost to it.
cat >"$T/bin/rot.sh" <<'EOF'
#!/bin/sh
for b in 0 1 2 3 4 5 6 7; do
	awk -v b=$b 'BEGIN { for (i = 1; i <= 1000; i++) printf "rot %06d xxxxxxxxxx\n", b * 1000 + i }'
	sleep 0.1
done
EOF
unit rot.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh $T/bin/rot.sh
[Install]
WantedBy=multi-user.target
EOF
# the follower is started before the unit logs anything: hold the start
unit gate.service <<EOF
[Unit]
Before=rot.service
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'while [ ! -e $T/go ]; do sleep 0.05; done'
[Install]
WantedBy=multi-user.target
EOF
start_svinit --log-max-size 64K --log-keep 3
follower rot.service "$T/rotfollow.out"
sleep 0.5
touch "$T/go"
wait_until "tail -n1 $L/rot.service.log 2>/dev/null | grep -q 'rot 008000'" 10 ||
	fail "rot.service did not finish"
for k in 1 2 3; do
	[ -f "$L/rot.service.log.$k" ] || fail "rot.service.log.$k missing"
	s=$(stat -c %s "$L/rot.service.log.$k")
	[ "$s" -le 65536 ] || fail "rot.service.log.$k is $s bytes, over 64 KiB"
	[ "$s" -ge 60000 ] || fail "rot.service.log.$k is only $s bytes"
done
[ ! -e "$L/rot.service.log.4" ] || fail "rot.service.log.4 exists with --log-keep 3"
check_records "$L/rot.service.log.3" "$L/rot.service.log.2" "$L/rot.service.log.1" "$L/rot.service.log"
# the kept files hold the newest records, contiguous, up to the last
payloads "$L/rot.service.log.3" "$L/rot.service.log.2" "$L/rot.service.log.1" "$L/rot.service.log" |
	awk '{ n = $2 + 0; if (NR > 1 && n != prev + 1) { print "after " prev ": " n; exit 1 } prev = n }
	     END { if (prev != 8000) { print "last " prev; exit 1 } }' >"$T/rot.err" ||
	fail "rotated files are not contiguous: $(cat "$T/rot.err")"
first=$(payloads "$L/rot.service.log.3" | head -n1 | cut -d' ' -f2)
[ "$first" != 000001 ] || fail "nothing was dropped with --log-keep 3"
ok "--log-max-size 64K --log-keep 3: rot.service.log.1..3 of at most 64 KiB, oldest dropped"

all="$L/rot.service.log.3 $L/rot.service.log.2 $L/rot.service.log.1 $L/rot.service.log"
expect_eq "$(sv logs rot.service -n 3 | md5sum)" "$(cat $all | tail -n 3 | md5sum)" "logs rot -n 3"
n=$(($(wc -l <"$L/rot.service.log") + 3))
expect_eq "$(sv logs rot.service -n $n | md5sum)" "$(cat $all | tail -n $n | md5sum)" "logs rot -n $n"
n=$(($(cat $all | wc -l) - 5))
expect_eq "$(sv logs rot.service -n $n | md5sum)" "$(cat $all | tail -n $n | md5sum)" "logs rot -n $n"
ok "svctl logs -n reads back across rotated files"

wait_until "grep -q 'rot 008000' $T/rotfollow.out" 5 || fail "logs -f did not follow to the end: $(tail -n2 "$T/rotfollow.out")"
payloads "$T/rotfollow.out" | awk '{ n = $2 + 0; if (n != NR) { print "line " NR ": " $0; exit 1 } }
	END { if (NR != 8000) { print NR " lines"; exit 1 } }' >"$T/rotf.err" ||
	fail "logs -f lost or doubled lines across rotations: $(cat "$T/rotf.err")"
kill "$FPID"
wait "$FPID" 2>/dev/null
ok "svctl logs -f follows the log through 3+ rotations without loss"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
