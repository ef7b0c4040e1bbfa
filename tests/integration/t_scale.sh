# Instances= of a template's [Deploy] and `svctl scale`: a template with
# Instances=2 runs web@1 and web@2 at start, each with its own %i; scale
# up starts new instances, scale down stops the highest; a daemon-reload
# keeps the count; --persist writes it as a drop-in that the next svinit
# reads; bad arguments are usage errors.
. "$TESTLIB"

unit web@.service <<'EOF'
[Unit]
Description=web instance %i
[Service]
ExecStart=/bin/sh -c 'echo "instance %i up"; exec sleep 600'
[Deploy]
Instances=2
[Install]
WantedBy=multi-user.target
EOF
start_svinit

active_set() {
	sv list-units | awk '$1 ~ /^web@/ && $3 == "active" {print $1}' | sort | tr '\n' ' '
}
wait_until '[ "$(active_set)" = "web@1.service web@2.service " ]' 5 ||
	fail "Instances=2: $(active_set)"
sv logs web@2.service | grep -q "instance 2 up" || fail "web@2 did not get its %i"
ok "Instances=2: web@1 and web@2 run, each with its %i"

sv scale web@ 4 || fail "scale up"
wait_until '[ "$(active_set)" = "web@1.service web@2.service web@3.service web@4.service " ]' 5 ||
	fail "scale 4: $(active_set)"
ok "scale web@ 4: two more instances"
sv status web@ >"$T/group" || fail "status web@"
head -1 "$T/group" | grep -qx "web@: 4 instances, 4 active" ||
	fail "status web@: $(head -3 "$T/group")"
[ "$(grep -c "^● web@[0-9]*.service" "$T/group")" = 4 ] || fail "status web@ lacks instances"
ok "status web@: the group line, then each instance"

pid1=$(prop web@1.service MainPID)
sv scale web@ 1 || fail "scale down"
wait_until '[ "$(active_set)" = "web@1.service " ]' 5 || fail "scale 1: $(active_set)"
expect_eq "$(prop web@1.service MainPID)" "$pid1" "web@1 untouched by the scale"
ok "scale web@ 1: the three highest stop, web@1 keeps running"

sv daemon-reload >/dev/null || fail "daemon-reload"
sleep 0.3
expect_eq "$(active_set)" "web@1.service " "after daemon-reload"
ok "the count survives a daemon-reload"

sv scale web@.service 3 --persist || fail "scale --persist"
grep -qx "Instances=3" "$T/units/web@.service.d/50-Instances.conf" ||
	fail "no drop-in: $(cat "$T/units/web@.service.d/50-Instances.conf" 2>&1)"
wait_until '[ "$(active_set)" = "web@1.service web@2.service web@3.service " ]' 5 ||
	fail "scale 3: $(active_set)"
stop_svinit
start_svinit
wait_until '[ "$(active_set)" = "web@1.service web@2.service web@3.service " ]' 5 ||
	fail "after a new start with the drop-in: $(active_set)"
ok "--persist: the drop-in gives 3 instances to the next svinit"

for args in "scale web@" "scale web@ x" "scale web.service 2" "scale web@ 1001"; do
	rc=0
	sv $args >/dev/null 2>"$T/err" || rc=$?
	[ $rc != 0 ] || fail "svctl $args succeeded"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "svctl $args: not one line: $(cat "$T/err")"
done
ok "bad arguments: a non-zero exit and one line each"
stop_svinit
