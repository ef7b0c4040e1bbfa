# svinit --export kubernetes: offline, from unit files, a Deployment and a
# Service that the official Kubernetes schemas accept (kubernetes-models'
# validate(), tests/export/validate.js), with each unit key where it
# belongs (round-trip assertions); a warning FILE:LINE for each key that
# has no equivalent; without an image, a failure that says so.
. "$TESTLIB"
V=$(dirname "$TESTLIB")/../export/validate.js
command -v node >/dev/null || skip "no node (make deps)"
[ -d "$(dirname "$V")/node_modules/kubernetes-models" ] ||
	skip "no kubernetes-models (make deps runs npm install)"

unit web@.service <<'EOF'
[Unit]
Description=Web front end %i
After=network.target
[Service]
User=nobody
Environment=PORT=80%i "GREETING=hello world"
ExecStart=/usr/bin/web --port ${PORT} --name "x y"
ExecStartPre=/bin/true
MemoryMax=256M
MemoryLow=64M
CPUQuota=50%
NoNewPrivileges=yes
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
ProtectSystem=strict
Restart=always
Sockets=web.socket
[Health]
Check=http://127.0.0.1:80%i/healthz
IntervalSec=5s
TimeoutSec=2s
GracePeriodSec=30s
MaxConsecutiveFailures=4
[Deploy]
Instances=4
MinHealthyCapacity=0.75
MaxOverCapacity=0.25
Image=registry.example/web:2
[Install]
WantedBy=multi-user.target
EOF
unit web.socket <<'EOF'
[Socket]
ListenStream=8080
ListenDatagram=127.0.0.1:5353
Service=web@1.service
EOF
unit plain.service <<'EOF'
[Service]
ExecStart=/bin/plain
Restart=on-failure
EOF

# No running svinit: export reads the files, as --verify does.
"$SVINIT" --export kubernetes --units "$T/units" 'web@.service' >"$T/out.yaml" 2>"$T/warn" ||
	fail "export failed: $(cat "$T/warn")"
node "$V" <"$T/out.yaml" >"$T/objects" 2>"$T/verr" ||
	fail "not valid for Kubernetes: $(cat "$T/verr")"
python3 - "$T/objects" <<'PY' || fail "round trip"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1])]
d = next(o for o in objs if o["kind"] == "Deployment")
s = next(o for o in objs if o["kind"] == "Service")
c = d["spec"]["template"]["spec"]["containers"][0]
checks = [
    (d["spec"]["replicas"], 4),
    (d["spec"]["strategy"]["rollingUpdate"], {"maxUnavailable": 1, "maxSurge": 1}),
    (c["image"], "registry.example/web:2"),
    (c["command"], ["/usr/bin/web"]),
    (c["args"], ["--port", "$(PORT)", "--name", "x y"]),
    (c["env"], [{"name": "PORT", "value": "801"}, {"name": "GREETING", "value": "hello world"}]),
    (c["resources"], {"limits": {"memory": "268435456", "cpu": "500m"}, "requests": {"memory": "67108864"}}),
    (c["readinessProbe"]["httpGet"], {"path": "/healthz", "port": 801}),
    (c["livenessProbe"]["periodSeconds"], 5),
    (c["livenessProbe"]["timeoutSeconds"], 2),
    (c["livenessProbe"]["failureThreshold"], 4),
    (c["livenessProbe"]["initialDelaySeconds"], 30),
    (c["securityContext"]["allowPrivilegeEscalation"], False),
    (c["securityContext"]["readOnlyRootFilesystem"], True),
    (c["securityContext"]["capabilities"], {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}),
    (c["securityContext"]["runAsUser"], 65534),
    (s["spec"]["ports"], [{"name": "p0", "port": 8080, "targetPort": 8080, "protocol": "TCP"},
                          {"name": "p1", "port": 5353, "targetPort": 5353, "protocol": "UDP"}]),
    (s["spec"]["selector"], d["spec"]["selector"]["matchLabels"]),
]
for got, want in checks:
    assert got == want, (got, want)
PY
ok "a template with [Health], [Deploy], limits, sandbox and a socket: valid Deployment and Service, each key in place"

for w in "web@.service:3: After= (web@1.service) has no Kubernetes equivalent" \
	"web@.service:8: ExecStartPre= (web@1.service) has no Kubernetes equivalent"; do
	grep -qF "$T/units/$w" "$T/warn" || fail "no warning '$w': $(cat "$T/warn")"
done
grep -q "ProtectSystem=" "$T/warn" && fail "ProtectSystem=strict maps, yet warned"
ok "a FILE:LINE warning for each key without an equivalent"

rc=0
"$SVINIT" --export kubernetes --units "$T/units" plain.service >"$T/out" 2>"$T/err" || rc=$?
[ $rc = 1 ] || fail "export without an image: exit $rc"
grep -q "plain.service: no image: set \[Deploy\] Image= or give --image" "$T/err" ||
	fail "no reason: $(cat "$T/err")"
"$SVINIT" --export kubernetes --image example/plain:1 --units "$T/units" plain.service >"$T/out.yaml" 2>"$T/err" ||
	fail "export with --image: $(cat "$T/err")"
node "$V" <"$T/out.yaml" >/dev/null || fail "plain.service: not valid"
grep -q "Restart=on-failure: a Deployment always restarts" "$T/err" || fail "no Restart= warning"
ok "no image: exit 1 saying so; --image gives one; Restart= other than always is a warning"
