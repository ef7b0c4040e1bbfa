#!/bin/busybox sh
# The VM tests' /init (PID 1 of the guest; see tests/vm/run): a cgroup v2
# machine with every controller, then the integration tests as the
# runner on the host runs them, a report on the console, power off.
/bin/busybox --install -s /bin
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin TERM=dumb
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mount -t cgroup2 cgroup2 /sys/fs/cgroup
# Every controller the kernel has, for the children of the root.
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
	echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control
done
ln -s /proc/self/fd /dev/fd 2>/dev/null

cd /tests
export BUILD=/ SVINIT=/bin/svinit SVCTL=/bin/svctl TESTLIB=/tests/lib.sh
pass=0 fail=0 skip=0
echo "VM-BEGIN"
echo "guest: Linux $(uname -r), cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
for t in $(cat /tests/list); do
	timeout 300 bash "/tests/$t.sh" >/tmp/log 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		pass=$((pass + 1)); echo "PASS vm/$t"
	elif [ $rc = 77 ] && grep -q '^SKIP: ' /tmp/log; then
		skip=$((skip + 1)); echo "SKIP vm/$t: $(sed -n 's/^SKIP: //p' /tmp/log | head -1)"
	else
		fail=$((fail + 1)); echo "FAIL vm/$t (exit $rc)"
		tail -40 /tmp/log | sed 's/^/    /'
	fi
done
echo "VM-DONE $pass passed, $fail failed, $skip skipped"
sync
poweroff -f
