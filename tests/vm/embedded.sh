# tests/vm/embedded.sh: sourced by tests/vm/run (its boot(), vm_check,
# result, $W, $TIMEOUT, $busybox, $BUILD and the counters).
#
# ---- 7: an appliance: a read-only root, busybox and the static svinit ----
# A root with no C library at all: busybox-static (its applets as links;
# its sh is the only shell), svinit and svctl from the static build
# ($BUILD/static, `make STATIC=1`), /etc/passwd and the units. The
# initramfs's /init, a busybox sh script, copies that root to a tmpfs,
# remounts it read-only and switch_roots to svinit as process 1: what an
# appliance's initramfs does with its squashfs, without the modules a
# disk would need. svinit mounts /proc, /sys, /dev, a tmpfs /run and
# cgroup2 itself; its unit logs go to a small tmpfs-backed directory in
# /run (--log-dir, rotated tight), since /var/log/svinit cannot be made.
# The units (doc/embedded.md): a oneshot preparing /run/app, a service
# with MemoryMax= and ProtectSystem=strict writing only to /run/app, one
# that crashes and restarts up to its start limit, and one that checks,
# then powers off with svctl.
vm_embedded() {
	local E=$W/appliance S=$BUILD/static p a u t0 n
	if [ ! -x "$S/svinit" ] || [ ! -x "$S/svctl" ]; then
		skip=$((skip + 1)); echo "SKIP vm/appliance: no static build in $S (make STATIC=1)"
		return
	fi
	if readelf -lW "$busybox" 2>/dev/null | grep -q 'program interpreter'; then
		skip=$((skip + 1)); echo "SKIP vm/appliance: $busybox is not static (busybox-static)"
		return
	fi
	mkdir -p "$E/img"/{bin,sbin,dev,proc,sys,run,tmp,etc/svinit/units,var/log} "$E/init-root"
	cp "$busybox" "$E/img/bin/busybox"
	for a in $("$busybox" --list); do
		[ -e "$E/img/bin/$a" ] || ln -s busybox "$E/img/bin/$a"
	done
	for p in svinit svctl; do
		cp "$S/$p" "$E/img/bin/$p"
		strip "$E/img/bin/$p" 2>/dev/null
	done
	printf 'root:x:0:0:root:/:/bin/sh\napp:x:100:100:app:/:/bin/false\n' >"$E/img/etc/passwd"
	printf 'root:x:0:\napp:x:100:\n' >"$E/img/etc/group"
	echo appliance >"$E/img/etc/hostname"
	u=$E/img/etc/svinit/units
	printf '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/mkdir -p /run/app\nExecStart=/bin/chown app:app /run/app\nExecStart=/bin/sh -c "echo APP-PREPARED >/dev/console"\n[Install]\nWantedBy=multi-user.target\n' >"$u/prep.service"
	# The service: its own limit in its cgroup, / and /run read-only but
	# /run/app (ReadWritePaths=), as the user app (who cannot write to the
# console: end.service prints its report).
	cat >"$u/app.service" <<'EOF'
[Unit]
Requires=prep.service
After=prep.service
[Service]
User=app
MemoryMax=32M
ProtectSystem=strict
ReadWritePaths=/run/app
ExecStart=/bin/sh -c 'r=/run/app/report; cg=$(cut -d: -f3 /proc/self/cgroup); echo APP-MEMMAX=$(cat /sys/fs/cgroup$$cg/memory.max) >$$r; echo APP-WRITE-OK >>$$r; touch /run/other 2>/dev/null || echo APP-RUN-RO >>$$r; echo APP-UID=$(id -u) >>$$r; echo up >/run/app/state; exec sleep 600'
[Install]
WantedBy=multi-user.target
EOF
	printf '[Unit]\nStartLimitBurst=3\nStartLimitIntervalSec=60\n[Service]\nExecStart=/bin/sh -c "echo CRASH >/dev/console; exit 3"\nRestart=always\nRestartSec=0.2\n[Install]\nWantedBy=multi-user.target\n' >"$u/crash.service"
	# The root itself is read-only, for svinit's own root too.
	cat >"$u/end.service" <<'EOF'
[Unit]
After=app.service
[Service]
ExecStart=/bin/sh -c 'sleep 2; cat /run/app/report >/dev/console; touch /etc/x 2>/dev/null || echo ROOT-RO >/dev/console; grep " / " /proc/mounts | sed s/^/ROOT-MOUNT:/ >/dev/console; echo STATE-$(svctl is-active app.service)-$(cat /run/app/state) >/dev/console; svctl is-failed crash.service >/dev/null && echo CRASH-GAVE-UP >/dev/console; svctl poweroff'
[Install]
WantedBy=multi-user.target
EOF
	# The initramfs: busybox and the image; /init makes the read-only
	# root and hands process 1 to svinit.
	mkdir -p "$E/init-root"/{bin,dev,sysroot,proc}
	cp "$busybox" "$E/init-root/bin/busybox"
	mknod -m 600 "$E/init-root/dev/console" c 5 1
	mknod -m 600 "$E/img/dev/console" c 5 1
	cp -a "$E/img" "$E/init-root/image"
	cat >"$E/init-root/init" <<'EOF'
#!/bin/busybox sh
bb=/bin/busybox
# mount reads /proc/mounts to remount; svinit mounts its own /proc.
$bb mount -t proc proc /proc &&
	$bb mount -t tmpfs -o mode=0755,size=16m root /sysroot &&
	$bb cp -a /image/. /sysroot/ &&
	$bb mount -o remount,ro /sysroot &&
	$bb umount /proc || { echo "INIT-FAILED"; $bb poweroff -f; }
exec $bb switch_root /sysroot /bin/svinit --log-dir /run/log \
	--log-max-size 64K --log-keep 1
EOF
	chmod 755 "$E/init-root/init"
	(cd "$E/init-root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
		>"$E/initramfs" || { echo "tests/vm/run: cpio failed" >&2; exit 2; }
	t0=$SECONDS
	boot "$E/initramfs" "$W/console-appliance" "Kernel panic"
	vm_check "appliance (read-only root, busybox-static, static svinit as /init)" \
		"$W/console-appliance" $((SECONDS - t0)) \
		"svinit: svinit .*, the init of this machine" "APP-PREPARED" \
		"^APP-MEMMAX=33554432\$" "^APP-WRITE-OK\$" "^APP-RUN-RO\$" "^APP-UID=100\$" \
		"^ROOT-RO\$" "^ROOT-MOUNT:root / tmpfs ro[, ]" "^STATE-active-up\$" \
		"^CRASH-GAVE-UP\$" "Failed to start crash.service: start-limit-hit" \
		"powering off" '!INIT-FAILED'
	# StartLimitBurst=3: three starts, no fourth.
	n=$(tr -d '\r' <"$W/console-appliance" | grep -ac '^CRASH$')
	result "appliance_restarts (crash.service started $n times)" \
		"$([ "$n" = 3 ] || echo "; $n starts, not 3")"
}
vm_embedded
