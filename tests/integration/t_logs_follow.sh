# svctl logs -n N -f: the history and the followed lines meet exactly,
# even while the service writes without pause: every number from the
# first one printed to the last one is there, once, in order.
. "$TESTLIB"

cat >"$T/fast.py" <<'EOF2'
import itertools, sys, time
for i in itertools.count():
    print("n %d" % i, flush=True)
    if i % 20 == 0:
        time.sleep(0.001)
EOF2
unit fast.service <<EOF2
[Service]
ExecStart=/usr/bin/python3 $T/fast.py
EOF2
start_svinit
sv start fast.service || fail "start"
wait_until "[ -s $T/log/fast.service.log ]" 5 || fail "no log"
for round in 1 2 3 4 5; do
	"$SVCTL" --runtime-dir "$T/run" logs fast.service -n 5 -f >"$T/f.out" 2>&1 &
	f=$!
	sleep 0.3
	kill "$f"
	wait "$f" 2>/dev/null
	awk '{ print $4 }' "$T/f.out" | python3 -c '
import sys
nums = [int(x) for x in sys.stdin.read().split()]
if len(nums) < 10:
    sys.exit("too few lines: %d" % len(nums))
gaps = [(a, b) for a, b in zip(nums, nums[1:]) if b != a + 1]
if gaps:
    sys.exit("not contiguous at %s" % gaps[:3])
' || fail "round $round: $(wc -l < "$T/f.out") lines: $(head -c 300 "$T/f.out")"
done
ok "logs -n 5 -f: history and followed lines contiguous, 5 rounds"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
