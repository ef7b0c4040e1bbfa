#!/bin/busybox sh
# The VM tests' /init (PID 1 of the guest; see tests/vm/run): a cgroup v2
# machine with every controller, then the integration tests as the
# runner on the host runs them, a report on the console, power off.
#
# With svtest.hostroot on the kernel command line, the tests of
# /tests/list-real run in the host's own userland instead: the host's /
# shared read-only by qemu (9p, tag hostroot) is mounted at /host, with
# tmpfs over the directories written (/tmp, /run, /var/tmp, /dev/shm),
# the kernel's file systems, and svinit, svctl and the tests copied to
# /host/tmp/svinit-vm; each test runs chrooted there. Root in the guest
# has every capability, so Debian's unit files run unmodified.
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

# hostroot: the root of the host's userland at /host (see above).
hostroot() {
	local m h=/host
	for m in $(cat /etc/9p-modules); do
		insmod /lib/modules/vm/$m || return 1
	done
	mkdir -p $h
	# cache=loose: the host's files do not change under the test (what
	# they write is on tmpfs), and every exec of perl or python reads
	# many of them.
	mount -t 9p -o ro,trans=virtio,version=9p2000.L,access=client,cache=loose,msize=262144 \
		hostroot $h || return 1
	mount -t tmpfs -o mode=1777 tmp $h/tmp && mount -t tmpfs -o mode=1777 tmp $h/var/tmp &&
		mount -t tmpfs -o mode=755 run $h/run || return 1
	mount -t proc proc $h/proc && mount -t sysfs sys $h/sys &&
		mount -t cgroup2 cgroup2 $h/sys/fs/cgroup &&
		mount -t devtmpfs dev $h/dev || return 1
	mkdir -p $h/dev/shm $h/dev/pts && mount -t tmpfs -o mode=1777 shm $h/dev/shm &&
		mount -t devpts -o newinstance,ptmxmode=666 devpts $h/dev/pts || return 1
	# (The same devtmpfs as /dev: it may have them already.)
	for m in fd:/proc/self/fd stdin:fd/0 stdout:fd/1 stderr:fd/2; do
		[ -e $h/dev/${m%%:*} ] || ln -s ${m#*:} $h/dev/${m%%:*}
	done
	mkdir -p $h/tmp/svinit-vm && cp -a /tests $h/tmp/svinit-vm/ &&
		cp /bin/svinit /bin/svctl $h/tmp/svinit-vm/ || return 1
	hostname vmguest
	# On top of / (as switch_root does), then `chroot .` from there: a
	# plain chroot into /host could not make user namespaces (the
	# kernel refuses CLONE_NEWUSER to a chrooted process), which
	# PrivateUsers= needs. This shell keeps the initramfs as its root
	# (a path walk does not cross a mount on its starting point) and
	# the 9p root as its working directory.
	cd $h && mount --move . /
}

pass=0 fail=0 skip=0
echo "VM-BEGIN"
echo "guest: Linux $(uname -r), cgroup2 controllers: $(cat /sys/fs/cgroup/cgroup.subtree_control)"
list=/tests/list in= dir=/tests
export BUILD=/ SVINIT=/bin/svinit SVCTL=/bin/svctl TESTLIB=/tests/lib.sh
case " $(cat /proc/cmdline) " in
*" svtest.hostroot "*)
	list=/tests/list-real
	if hostroot; then
		in="chroot ." dir=/tmp/svinit-vm/tests
		export BUILD=/tmp/svinit-vm SVINIT=/tmp/svinit-vm/svinit \
			SVCTL=/tmp/svinit-vm/svctl TESTLIB=$dir/lib.sh HOME=/root \
			SVTEST_NO_DEGRADE=1
		echo "guest: $(nproc) CPUs, the host's root over 9p; $(grep MemTotal /proc/meminfo | tr -s ' ');" \
			"root's CapEff $(sed -n 's/^CapEff:\t*//p' /proc/self/status), hard open-files limit $(ulimit -Hn)"
	else
		fail=1; echo "FAIL vm/hostroot: cannot mount the host's root (9p)"
		list=/dev/null
	fi
	;;
esac
for t in $(cat $list); do
	t0=$(date +%s)
	timeout 300 $in bash "$dir/$t.sh" >/tmp/log 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		pass=$((pass + 1)); echo "PASS vm/$t ($(($(date +%s) - t0))s)"
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
