#!/bin/sh
# Check build and test dependencies; install what is missing with apt-get
# when running as root on Debian, otherwise say what is missing and fail.
# pkg-config modules and the Debian packages that provide them (libsystemd:
# only for the test daemon tests/helpers/notifier.c, never for svinit):
set -u
# tests/deps.sh --cross TRIPLET (`make check-cross`): the cross toolchain,
# the target's -dev packages (Debian multiarch: dpkg --add-architecture)
# and qemu-user to run its unit tests. Only then: a plain `make check`
# adds no foreign architecture to the machine.
if [ "${1:-}" = --cross ]; then
	triplet=${2:?tests/deps.sh --cross TRIPLET}
	case $triplet in
	aarch64-linux-gnu) arch=arm64 qemu=qemu-aarch64 ;;
	arm-linux-gnueabihf) arch=armhf qemu=qemu-arm ;;
	*) echo "deps: no Debian architecture known for $triplet" >&2; exit 1 ;;
	esac
	missing=""
	command -v "$triplet-gcc" >/dev/null || missing="$missing gcc-$triplet"
	command -v "$qemu" >/dev/null || missing="$missing qemu-user"
	# libc6-dev of the target, multiarch (gcc-TRIPLET only recommends
	# its own libc6-dev-ARCH-cross, of another version than libc6:ARCH).
	[ -e "/usr/include/$triplet/bits/wordsize.h" ] ||
		missing="$missing libc6-dev:$arch"
	for m in inih:libinih-dev libseccomp:libseccomp-dev check:check; do
		[ -e "/usr/lib/$triplet/pkgconfig/${m%%:*}.pc" ] ||
			missing="$missing ${m#*:}:$arch"
	done
	[ -z "$missing" ] && exit 0
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		echo "deps: missing packages (Debian names):$missing" >&2
		echo "deps: as root: dpkg --add-architecture $arch; apt-get update; apt-get install$missing" >&2
		exit 1
	fi
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	dpkg --print-foreign-architectures | grep -qx "$arch" ||
		dpkg --add-architecture "$arch" || exit 1
	apt-get update -qq >/dev/null &&
		apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "deps: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi
mods="inih:libinih-dev check:check libcap:libcap-dev libseccomp:libseccomp-dev libsystemd:libsystemd-dev"
tools="pkg-config:pkg-config cc:gcc make:make mandoc:mandoc clang:clang unshare:util-linux setpriv:util-linux nsenter:util-linux ip:iproute2 ps:procps python3:python3 valgrind:valgrind perl:perl-base"
# The VM tests (tests/vm): qemu, a static busybox for the guest's tools,
# cpio for its initramfs, and a Debian kernel to boot.
# e2fsprogs: the guest's ext4 disk, made and checked on the host.
tools="$tools qemu-system-x86_64:qemu-system-x86 cpio:cpio busybox:busybox-static"
# graphviz: svctl graph's output is checked by dot -Tsvg (t_svctl_graph).
tools="$tools dot:graphviz"
tools="$tools mkfs.ext4:e2fsprogs dumpe2fs:e2fsprogs e2fsck:e2fsprogs debugfs:e2fsprogs"
# mkfs.ext4 and its kin live in /sbin, outside a user's PATH.
PATH=$PATH:/usr/sbin:/sbin
# The export tests validate with the official Kubernetes schemas
# (kubernetes-models, from the npm registry: tests/export/package.json).
tools="$tools node:nodejs npm:npm"
missing=""
# Install the export tests' validators into tests/export/node_modules.
npm_modules() {
	local d
	d=$(cd "$(dirname "$0")" && pwd)/export
	[ -d "$d/node_modules/kubernetes-models" ] && return 0
	command -v npm >/dev/null || { echo "deps: no npm" >&2; return 1; }
	(cd "$d" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) ||
		{ echo "deps: npm install failed in $d" >&2; return 1; }
}
for m in $mods; do
	pkg-config --exists "${m%%:*}" 2>/dev/null || missing="$missing ${m#*:}"
done
for t in $tools; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing ${t#*:}"
done
# libFuzzer's runtime for `make fuzz` (clang's compiler-rt).
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
	>/dev/null 2>&1 || missing="$missing libclang-rt-14-dev"
ls /boot/vmlinuz-* >/dev/null 2>&1 || missing="$missing linux-image-amd64"
# Real daemons run from their own Debian unit files by
# tests/integration/t_real_units.sh (and systemd-notify, from the systemd
# package, which is installed beside the host's init and does not replace
# it: that is systemd-sysv). They are installed but never started on the
# host: see below.
daemons="/usr/bin/redis-server:redis-server /usr/bin/redis-cli:redis-tools
/usr/bin/memcached:memcached /usr/sbin/nginx:nginx /usr/sbin/sshd:openssh-server
/usr/bin/pg_ctlcluster:postgresql /usr/bin/systemd-notify:systemd"
for t in $daemons; do
	[ -x "${t%%:*}" ] || missing="$missing ${t#*:}"
done
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
[ -z "${missing% }" ] && { npm_modules; exit $?; }
# The pids of the daemons' programs running now (the host's own, if any).
daemon_pids() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case "$exe" in
		/usr/bin/redis-server | /usr/bin/memcached | /usr/sbin/nginx | \
			/usr/sbin/sshd | /usr/lib/postgresql/*/bin/postgres)
			echo "${p#/proc/}" ;;
		esac
	done
}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# The Debian/Docker way to install a daemon without starting it: a
	# policy-rc.d that exits 101 makes invoke-rc.d (and
	# deb-systemd-invoke) refuse every start during the install. One
	# that is there already is set aside and put back.
	prc=/usr/sbin/policy-rc.d
	[ -e $prc ] && mv $prc $prc.svinit-deps
	printf '#!/bin/sh\nexit 101\n' >$prc && chmod 755 $prc
	before=" $(daemon_pids | tr '\n' ' ') "
	rc=0
	apt-get update -qq >/dev/null &&
		apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		rc=1
	rm -f $prc
	[ -e $prc.svinit-deps ] && mv $prc.svinit-deps $prc
	# Whatever a postinst started anyway is stopped, by its pid.
	for pid in $(daemon_pids); do
		case "$before" in *" $pid "*) continue ;; esac
		echo "deps: stopping $(readlink /proc/$pid/exe) (pid $pid) started by its package" >&2
		kill "$pid" 2>/dev/null
	done
	[ $rc = 0 ] || { echo "deps: apt-get install failed for:$missing" >&2; exit 1; }
	npm_modules; exit $?
fi
echo "deps: missing packages (Debian names):$missing" >&2
echo "deps: install them (as root: apt-get install$missing) and re-run" >&2
exit 1
