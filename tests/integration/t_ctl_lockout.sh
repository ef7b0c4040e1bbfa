# The control socket cannot be taken from root: connections are capped
# per uid, the last slots are kept for root, and idle or non-reading
# clients are dropped at the timeout (CONTROL_TIMEOUT, 5 s).
#
# Seven unprivileged uids each open 64 connections and hold them (the
# defect: 64 idle connections from nobody locked root out for as long as
# they were held). Each uid keeps at most 8, all of them together at
# most 48; the rest are told why and closed. Root's svctl works all the
# while; the held connections are dropped about 5 s after they went
# quiet, and a client that asked for a big listing and does not read it
# is dropped too.
. "$TESTLIB"

UIDS="65534 65533 65532 65531 65530 65529 65528"
PER_UID=8 UNPRIV=48 TIMEOUT=5

# Enough units that a status of all of them (about 1 MB) outgrows the
# socket buffers of a client that does not read.
for i in $(seq 1 2500); do
	printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$T/units/u$i.service"
done
unit web.service <<EOF
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF

# hold.py UID SOCK N OUT MODE: become UID (python3 may live where only
# root can reach it, so it starts as root), connect N times and
# hold them (MODE idle), or send one "status *" request on one connection
# and read nothing for a timeout and 2 s (MODE noread). Writes a JSON report to
# OUT: connections held and refused (with the reasons given), and after
# how many seconds the held ones were closed by svinit.
cat >"$T/hold.py" <<'EOF'
import json, os, select, socket, struct, sys, time
uid = int(sys.argv[1])
path, n, out, mode = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
os.setgroups([])
os.setresgid(uid, uid, uid)
os.setresuid(uid, uid, uid)
rep = {"held": 0, "refused": 0, "reasons": [], "closed_after": [], "bytes": 0,
       "complete": False}
got = b""
socks = []
for i in range(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    socks.append(s)
t0 = time.time()
if mode == "noread":
    body = b"status\0*\0"  # every unit: more than the socket buffers hold
    socks[0].sendall(b"SVCP" + struct.pack("<HBBII", 2, 1, 0, 0, len(body)) + body)
# Refused ones are answered and closed as svinit accepts them.
deadline = t0 + 1.5
held = list(socks)
while time.time() < deadline:
    r, _, _ = select.select(held, [], [], 0.1)
    for s in r:
        if mode == "noread":
            continue
        data = s.recv(4096)
        held.remove(s)
        rep["refused"] += 1
        rep["reasons"].append(data[16:].rstrip(b"\0").decode())
rep["held"] = len(held)
open(out + ".holding", "w").close()
if mode == "noread":
    time.sleep(int(os.environ.get("TIMEOUT", "5")) + 2)
# Wait for svinit to drop what is held, reading what it sent.
open_ = list(held)
while open_ and time.time() < t0 + 30:
    r, _, _ = select.select(open_, [], [], 0.5)
    for s in r:
        try:
            data = s.recv(1 << 20)
        except ConnectionResetError:
            data = b""
        rep["bytes"] += len(data)
        got += data
        if not data:
            open_.remove(s)
            rep["closed_after"].append(round(time.time() - t0, 2))
# Did the whole reply arrive (a last frame, without "more")?
while len(got) >= 16:
    flags, blen = got[7], struct.unpack("<I", got[12:16])[0]
    if len(got) < 16 + blen:
        break
    got = got[16 + blen:]
    if not flags & 2:
        rep["complete"] = True
json.dump(rep, open(out, "w"))
EOF

start_svinit
wait_until '[ "$(sv is-active web.service)" = active ]' 20 || fail "web.service did not start"
chmod 755 "$T"
# The reports are written by the unprivileged clients.
mkdir -m 1777 "$T/rep"

pids=
for u in $UIDS; do
	python3 "$T/hold.py" $u "$T/run/control.sock" 64 "$T/rep/hold.$u" idle 2>"$T/hold.$u.err" &
	pids="$pids $!"
done
for u in $UIDS; do
	wait_until "test -e $T/rep/hold.$u.holding" 20 || fail "uid $u: no report: $(cat "$T/hold.$u.err")"
done

# --- while they are held ---
t0=$(date +%s%N)
expect_eq "$(sv is-active web.service)" active "root's is-active while others hold connections"
sv start idle.service || fail "root's start while others hold connections exited $?"
expect_eq "$(sv is-active idle.service)" active "idle.service after root's start"
sv stop idle.service || fail "root's stop while others hold connections exited $?"
t1=$(date +%s%N)
[ $(((t1 - t0) / 1000000)) -lt 2000 ] || fail "root's commands took $(((t1 - t0) / 1000000)) ms"
ok "root is served (is-active, start, stop) while 7 uids hold what they can"

# An unprivileged client is refused while the unprivileged slots are
# full, and says so on stderr.
rc=0
setpriv --reuid=65520 --regid=65520 --clear-groups -- \
	"$SVCTL" --runtime-dir "$T/run" is-active web.service >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 1 "a new uid's svctl while the unprivileged slots are full"
grep -q "kept for root" "$T/err" || fail "a new uid's svctl: stderr: $(cat "$T/err")"
ok "another uid is refused with the reason (exit 1, 'the rest are kept for root')"

# --- the timeout ---
for p in $pids; do wait $p || fail "a holder failed"; done
python3 - "$T" $PER_UID $UNPRIV $TIMEOUT $UIDS <<'EOF' || fail "held connections: see above"
import json, sys
t, per_uid, unpriv, timeout = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
total = 0
for u in sys.argv[5:]:
    r = json.load(open("%s/rep/hold.%s" % (t, u)))
    print("uid", u, r["held"], "held,", r["refused"], "refused, closed after", sorted(set(r["closed_after"])))
    assert r["held"] <= per_uid, r
    assert r["held"] + r["refused"] == 64, r
    for why in r["reasons"]:
        assert why.startswith("svinit: too many connections"), why
    assert len(r["closed_after"]) == r["held"], r
    for s in r["closed_after"]:
        assert timeout - 0.5 <= s <= timeout + 3, ("closed after", s)
    total += r["held"]
assert total == unpriv, ("held in all", total)
EOF
ok "each uid held at most $PER_UID, all together $UNPRIV; idle ones dropped after about $TIMEOUT s"

# --- a client that does not read its reply ---
TIMEOUT=$TIMEOUT python3 "$T/hold.py" 65534 "$T/run/control.sock" 1 "$T/rep/noread" noread 2>"$T/noread.err" ||
	fail "noread client: $(cat "$T/noread.err")"
python3 - "$T/rep/noread" <<'EOF' || fail "a client that does not read was not dropped"
import json, sys
r = json.load(open(sys.argv[1]))
print("noread: got", r["bytes"], "bytes, closed:", r["closed_after"], "complete:", r["complete"])
assert r["closed_after"] and not r["complete"], r
EOF
ok "a client that does not read its listing is dropped; it got only what the socket buffers held"

# Once dropped, anyone may connect again.
rc=0
setpriv --reuid=65534 --regid=65534 --clear-groups -- \
	"$SVCTL" --runtime-dir "$T/run" is-active web.service >"$T/out" 2>"$T/err" || rc=$?
expect_eq "$rc" 0 "nobody's svctl after the others were dropped"
ok "slots freed by the timeout serve new clients"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
