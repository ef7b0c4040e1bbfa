# svctl graph (Graphviz dot, checked by dot itself), analyze blame,
# critical-chain and plot (an SVG checked by an XML parser) on a start-up
# with known delays, and analyze verify on chosen files.
. "$TESTLIB"

command -v dot >/dev/null || skip "no dot (graphviz; make deps installs it)"

run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}

# db takes 0.4 s to be ready (a oneshot); web starts after it.
unit db.service <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/sleep 0.4
EOF
unit cache.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF
unit web.service <<EOF
[Unit]
Requires=db.service
After=db.service
Wants=cache.service
[Service]
ExecStart=/bin/sleep 600
[Install]
WantedBy=multi-user.target
EOF
unit rival.service <<EOF
[Unit]
Conflicts=web.service
[Service]
ExecStart=/bin/sleep 600
EOF
unit other.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF

start_svinit
wait_until '[ "$(sv is-active web.service)" = active ] && [ "$(sv is-active default.target)" = active ]' 10 ||
	fail "web.service did not start"

# --- graph ---
run sv graph
expect_eq "$rc" 0 "graph: exit status"
cp "$T/out" "$T/all.dot"
dot -Tsvg "$T/all.dot" >"$T/all.svg" 2>"$T/dot.err" || fail "dot -Tsvg refused svctl graph: $(cat "$T/dot.err")"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$T/all.svg" ||
	fail "dot's SVG of svctl graph is not XML"
edge() { grep -qF "\"$1\" -> \"$2\" [$3" "$T/all.dot" || fail "graph: no $1 -> $2 [$3: $(grep -F "\"$1\" ->" "$T/all.dot")"; }
edge web.service db.service "color=black, style=solid"
edge web.service cache.service "color=grey40, style=dashed"
edge web.service db.service "color=green4, style=dotted"
edge rival.service web.service "color=red, style=solid, arrowhead=tee"
edge multi-user.target web.service "color=grey40, style=dashed"
grep -q '"other.service"' "$T/all.dot" || fail "graph without a unit: other.service missing"
run sv graph web.service
dot -Tsvg "$T/out" >/dev/null 2>"$T/dot.err" || fail "dot -Tsvg refused svctl graph web.service: $(cat "$T/dot.err")"
grep -q '"db.service"' "$T/out" || fail "graph web.service: no db.service: $(cat "$T/out")"
grep -q '"rival.service" -> "web.service"' "$T/out" || fail "graph web.service: no conflict: $(cat "$T/out")"
grep -q '"other.service"' "$T/out" && fail "graph web.service draws other.service: $(cat "$T/out")"
run sv graph nope.service
expect_eq "$rc" 4 "graph of an unknown unit"
ok "graph: valid dot (dot -Tsvg), edge styles by kind (requires, wants, after, conflicts), the subgraph of one unit"

# --- analyze ---
run sv analyze blame
expect_eq "$rc" 0 "analyze blame: exit status"
line=$(grep ' db\.service$' "$T/out") || fail "blame: no db.service: $(cat "$T/out")"
head -1 "$T/out" | grep -q ' db\.service$' || fail "blame: db.service (the slowest) not first: $(cat "$T/out")"
grep -q ' web\.service$' "$T/out" || fail "blame: no web.service: $(cat "$T/out")"
run sv --json analyze blame
python3 - "$T/out" <<'EOF' || fail "analyze blame --json: $(cat "$T/out")"
import json, sys
d = {u["unit"]: u for u in json.load(open(sys.argv[1]))}
db, web = d["db.service"], d["web.service"]
assert 400000 <= db["time_usec"] < 3000000, db
assert db["ready_usec"] - db["start_usec"] == db["time_usec"], db
assert web["start_usec"] >= db["ready_usec"], (web, db)   # After=db
assert web["time_usec"] < db["time_usec"], (web, db)
EOF
run sv analyze critical-chain web.service
expect_eq "$rc" 0 "analyze critical-chain: exit status"
sed -n 4p "$T/out" | grep -Eq '^web\.service @' || fail "critical-chain: web.service first: $(cat "$T/out")"
sed -n 5p "$T/out" | grep -Eq '^└─db\.service @[0-9.]+(us|ms|s) \+[0-9.]+(us|ms|s)$' || fail "critical-chain: db.service below it, with its time: $(cat "$T/out")"
run sv analyze critical-chain
head -4 "$T/out" | tail -1 | grep -q '^default.target @' || fail "critical-chain without a unit: not from default.target: $(cat "$T/out")"
grep -q 'db\.service' "$T/out" || fail "critical-chain of default.target misses db.service: $(cat "$T/out")"
run sv analyze plot
expect_eq "$rc" 0 "analyze plot: exit status"
python3 - "$T/out" <<'EOF' || fail "analyze plot: $(head -c 2000 "$T/out")"
import sys, xml.etree.ElementTree as E
ns = {"s": "http://www.w3.org/2000/svg"}
root = E.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
bars = {}
for g in root.findall("s:g", ns):
    name = g.find("s:title", ns).text.split(":")[0]
    r = g.find("s:rect", ns)
    bars[name] = (float(r.get("x")), float(r.get("width")))
assert {"db.service", "web.service", "multi-user.target"} <= set(bars), bars
# web's bar starts where db's ends; db's is the widest.
assert abs(bars["web.service"][0] - sum(bars["db.service"])) < 40, bars
assert bars["db.service"][1] == max(w for x, w in bars.values()), bars
for href in ("href", "{http://www.w3.org/1999/xlink}href"):
    assert not any(e.get(href) for e in root.iter()), "external reference"
EOF
run sv analyze frobnicate
expect_eq "$rc" 2 "analyze frobnicate: exit status"
ok "analyze blame (slowest first, --json), critical-chain (the After= that set the start), plot (valid SVG, a bar per unit from start to ready)"

# --- analyze verify ---
mkdir -p "$T/check/bad.service.d"
cat >"$T/check/good.service" <<EOF
[Service]
ExecStart=/bin/true
EOF
cat >"$T/check/bad.service" <<EOF
[Service]
ExecStart=/bin/true
Restart=sometimes
EOF
cat >"$T/check/bad.service.d/x.conf" <<EOF
[Service]
TimeoutStopSec=soon
EOF
run sv analyze verify "$T/check/good.service"
expect_eq "$rc" 0 "analyze verify of a good file: exit status ($(cat "$T/out"))"
run sv analyze verify "$T/check/good.service" "$T/check/bad.service"
expect_eq "$rc" 1 "analyze verify of a bad file: exit status"
grep -q "^$T/check/bad.service:3: " "$T/out" || fail "verify: no message at $T/check/bad.service:3: $(cat "$T/out")"
grep -q "^$T/check/bad.service.d/x.conf:2: " "$T/out" || fail "verify: no message at the drop-in: $(cat "$T/out")"
grep -q "svctl-verify" "$T/out" && fail "verify: a temporary path leaked: $(cat "$T/out")"
rc=0; "$SVINIT" --verify --units "$T/check" >"$T/direct" 2>&1 || rc=$?
expect_eq "$rc" 1 "svinit --verify on the same directory"
expect_eq "$(grep -c "$T/check" "$T/out")" "$(grep -c "$T/check" "$T/direct")" "problems of analyze verify and svinit --verify"
run sv analyze verify "$T/check/nothere.service"
expect_eq "$rc" 1 "analyze verify of a missing file"
ls /tmp | grep -q '^svctl-verify' && fail "analyze verify left its temporary directory"
ok "analyze verify: svinit --verify's problems, at the files' own FILE:LINE"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
