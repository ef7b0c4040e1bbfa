# svctl's views: status without a unit (the overview), list-units
# --failed/--state=/--type=/patterns, list-dependencies (tree, --reverse,
# --all), and --json on every verb that prints, checked with a real JSON
# parser.
. "$TESTLIB"

# run CMD...: stdout, stderr and status in $T/out, $T/err, $rc.
run() {
	rc=0
	"$@" >"$T/out" 2>"$T/err" || rc=$?
}
# py SCRIPT: python3 with $T/out as sys.argv[1]; fails the test with
# what it printed.
py() { python3 - "$T/out" || fail "$1: $(cat "$T/out")"; }

unit db.service <<EOF
[Unit]
Description=42
[Service]
ExecStart=/bin/sh -c 'echo db-up; exec sleep 600'
EOF
unit web.service <<EOF
[Unit]
Description=Web server
Requires=db.service
After=db.service
[Service]
ExecStart=/bin/sh -c 'echo web-up; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF
unit bad.service <<EOF
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'exit 3'
[Install]
WantedBy=multi-user.target
EOF
unit idle.service <<EOF
[Service]
ExecStart=/bin/sleep 600
EOF

start_svinit
wait_until '[ "$(prop web.service SubState)" = running ] && [ "$(prop bad.service ActiveState)" = failed ] && grep -q web-up $T/log/web.service.log' 10 ||
	fail "web.service did not start, or bad.service did not fail"

# --- status without a unit ---
run sv status
expect_eq "$rc" 0 "status without a unit: exit status"
grep -Eq '^ +State: degraded$' "$T/out" || fail "overview: no 'State: degraded': $(cat "$T/out")"
grep -Eq '^ +Failed: 1 units$' "$T/out" || fail "overview: no failed count: $(cat "$T/out")"
grep -Eq '● bad\.service$' "$T/out" || fail "overview: the failed unit not named: $(cat "$T/out")"
grep -q "web.service - " "$T/out" && fail "overview shows units' status: $(cat "$T/out")"
run sv --json status
py "status --json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["state"] == "degraded", d
assert d["failed_units"] == ["bad.service"], d
assert d["failed"] == 1 and isinstance(d["units"], int) and d["active"] >= 4, d
assert d["jobs"] == 0 and d["version"], d
EOF
ok "status without a unit: State degraded, the failed unit named; --json"

# --- list-units filters ---
ids() { awk 'NR > 1 && NF && !/units listed/ {print $1}' "$T/out" | sort | tr '\n' ' '; }
run sv list-units --failed
expect_eq "$(ids)" "bad.service " "list-units --failed"
run sv list-units --state=running
expect_eq "$(ids)" "db.service web.service " "list-units --state=running"
run sv list-units --state=failed,dead --type=service
expect_eq "$(ids)" "bad.service idle.service " "list-units --state=failed,dead --type=service"
run sv list-units --type=target 'multi*'
expect_eq "$(ids)" "multi-user.target " "list-units --type=target 'multi*'"
run sv list-units '*.service'
expect_eq "$(ids)" "bad.service db.service idle.service web.service " "list-units '*.service'"
run sv list-units --type=bogus
expect_eq "$rc" 2 "list-units --type=bogus: exit status"
grep -q bogus "$T/err" || fail "list-units --type=bogus: not named: $(cat "$T/err")"
run sv --json list-units -t socket,service --state=active
py "list-units --json --state=active" <<'EOF'
import json, sys
units = sorted(u["unit"] for u in json.load(open(sys.argv[1])))
assert units == ["db.service", "web.service"], units
EOF
run sv status 'w*'
expect_eq "$rc" 0 "status 'w*': exit status"
grep -q "^● web.service - Web server" "$T/out" || fail "status 'w*': $(cat "$T/out")"
[ "$(grep -c '^● ' "$T/out")" = 1 ] || fail "status 'w*' shows more than web: $(cat "$T/out")"
run sv status '*.service'
expect_eq "$rc" 3 "status '*.service' (bad and idle are not active): exit status"
ok "list-units --failed, --state=, --type=, patterns; status PATTERN"

# --- list-dependencies ---
run sv list-dependencies web.service
expect_eq "$rc" 0 "list-dependencies web.service"
expect_eq "$(sed 's/^[^ ]* //' "$T/out" | sed 1d)" "└─db.service" "list-dependencies web.service (tree)"
expect_eq "$(head -1 "$T/out")" "web.service" "list-dependencies: the root first"
run sv list-dependencies --reverse --all db.service
cat >"$T/want" <<'EOF'
db.service
● └─web.service
●   └─multi-user.target
●     └─default.target
EOF
diff "$T/want" "$T/out" >/dev/null || fail "list-dependencies --reverse --all db.service: $(cat "$T/out")"
# Without --all only targets are expanded: db.service is not below web.
run sv list-dependencies
head -1 "$T/out" | grep -qx default.target || fail "list-dependencies without a unit: not default.target: $(cat "$T/out")"
grep -q "multi-user.target" "$T/out" || fail "list-dependencies: no multi-user.target: $(cat "$T/out")"
grep -q "web.service" "$T/out" || fail "list-dependencies: no web.service: $(cat "$T/out")"
grep -q "db.service" "$T/out" && fail "list-dependencies expanded a service without --all: $(cat "$T/out")"
run sv list-dependencies --all
grep -Eq '^● +│? *(│ )* *└─db\.service$|db\.service$' "$T/out" || fail "list-dependencies --all: no db.service: $(cat "$T/out")"
run sv --json list-dependencies --all
py "list-dependencies --json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
assert t["unit"] == "default.target", t
def find(n, name):
    if n["unit"] == name:
        return n
    for c in n["dependencies"]:
        f = find(c, name)
        if f:
            return f
web = find(t, "web.service")
assert web and web["active"] == "active" and web["sub"] == "running", web
assert [c["unit"] for c in web["dependencies"]] == ["db.service"], web
EOF
run sv list-dependencies nope.service
expect_eq "$rc" 4 "list-dependencies of an unknown unit"
ok "list-dependencies: the tree, --reverse, --all, the default target, --json"

# --- --json of show, status, cat, security ---
run sv --json show web.service db.service
py "show --json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert [u["Id"] for u in d] == ["web.service", "db.service"], d
web, db = d
assert isinstance(web["MainPID"], int) and web["MainPID"] > 1, web
assert web["ActiveState"] == "active" and web["NRestarts"] == 0, web
assert db["Description"] == "42", db   # a string, not a figure
assert web["Listen"] == [] and isinstance(web["LogLine"], list), web
assert web["MemoryMax"] == "infinity", web
EOF
run sv --json status web.service
expect_eq "$rc" 0 "status --json web.service"
py "status --json web.service" <<'EOF'
import json, sys
(web,) = json.load(open(sys.argv[1]))
assert any(l.endswith("out web-up") for l in web["LogLine"]), web["LogLine"]
assert web["SubState"] == "running", web
EOF
run sv --json cat web.service idle.service default.target
py "cat --json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert [u["unit"] for u in d] == ["web.service", "idle.service", "default.target"], d
f = d[0]["files"][0]
assert f["path"].endswith("/units/web.service") and f["error"] is None, f
assert f["text"].startswith("[Unit]\nDescription=Web server\n") and "exec sleep 600'\n" in f["text"], f
assert d[2]["files"] == [], d[2]
EOF
run sv cat web.service
head -1 "$T/out" | grep -q "^# .*/units/web.service$" || fail "cat: no # path line: $(cat "$T/out")"
run sv --json security
py "security --json" <<'EOF'
import json, sys
d = {u["unit"]: u for u in json.load(open(sys.argv[1]))}
assert set(d) == {"bad.service", "db.service", "idle.service", "web.service"}, d
assert 9.0 <= d["web.service"]["exposure"] <= 10.0 and d["web.service"]["rating"] == "UNSAFE", d
EOF
run sv --json security web.service
py "security --json web.service" <<'EOF'
import json, sys
(web,) = json.load(open(sys.argv[1]))
s = {x["setting"]: x for x in web["settings"]}
assert s["NoNewPrivileges="]["exposed"] is True and s["NoNewPrivileges="]["weight"] > 0, s
assert len(s) >= 20 and web["rating"] == "UNSAFE", web
EOF
ok "--json: show, status UNIT, cat, security (table and detail) are one valid JSON document each"

stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
