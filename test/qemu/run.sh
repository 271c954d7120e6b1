#!/bin/sh
# Run a shell script as root inside a small Linux guest under qemu, for
# tests that need what this host's kernel lacks (IPVS).
#
#   test/qemu/run.sh PAYLOAD.sh [FILE|DIR...]
#   test/qemu/run.sh --build          (only make the cache: make qemu)
#
# The guest boots Debian's stock kernel (linux-image-amd64's versioned
# package, downloaded with apt-get download, never installed) with an
# initramfs holding dash as sh, bash, busybox (nc, httpd, wget ...),
# iproute2's ip (ip netns), kmod (modprobe: the kernel's own module
# requests work), setpriv, ipvsadm, ss, nft, ./vigild and ./vigilctl (in
# /usr/sbin) and build/tools/* (in /usr/local/bin), with the libraries
# they link. At boot it loads ip_vs with every scheduler, ip_vs_pe_sip,
# nf_conntrack, veth, bridge, dummy, macvlan, ipip, ipvlan, vrf, netlink_diag
# (for ss -f netlink) and nf_tables; then it runs
# PAYLOAD.sh (as /payload/payload.sh, cwd /payload, where the FILEs are
# copied by base name) with /tmp and /run on tmpfs and VIGIL_QEMU=1. No
# network: -nic none; namespaces, veth and bridges inside are fine.
#
# Prints what the payload wrote (stdout and stderr, through the serial
# console) on stdout and exits with its exit status; 124 if the guest did
# not finish within VIGIL_QEMU_TIMEOUT seconds (default 120: qemu is
# killed), 125 if it ended without the payload's status. The whole
# console log is kept in build/qemu/console.log; VIGIL_QEMU_KEEP=1 keeps
# the run's directory (build/qemu/run.*: initrd, console.log).
#
# Cached under build/qemu/ (flock'd): kernel/ (vmlinuz, its uncompressed
# vmlinux booted through PVH, the modules above depmod'ed; fetched again
# when the list changes), base.cpio (busybox, ip, kmod, ipvsadm, modules;
# made again when this script changes), vigil.cpio (made again when
# vigild or a tool is newer). A run after the first costs the boot and
# the payload: 5-10 s of boot under software emulation here; KVM is used
# where /dev/kvm is writable and the CPU shows vmx or svm. The first run
# downloads the kernel package (about 70 MB) with apt-get.
#
# End-to-end tests reuse test/integration/lib.sh in the guest:
#
#   # payload.sh, run as: test/qemu/run.sh payload.sh test/integration/lib.sh
#   VIGILD=/usr/sbin/vigild
#   . ./lib.sh                      # ns_create, vigil_start, wait_log ...
#   ns_create lvs; ns_create rs1 ...  # real servers: busybox httpd -f -p 80
#   vigil_start lvs "$CONF"         # vigild -n -l in namespace lvs
#   ns_exec lvs ipvsadm -Ln         # the table as servers go down and up
#   pass
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${VIGIL_QEMU_CACHE:-$ROOT/build/qemu}
TIMEOUT=${VIGIL_QEMU_TIMEOUT:-120}
SELF=$ROOT/test/qemu/run.sh
MODULES="ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr
ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq ip_vs_mh ip_vs_fo ip_vs_ovf ip_vs_pe_sip
nf_conntrack veth bridge dummy macvlan ipip ipvlan vrf netlink_diag nf_tables"

KLAYOUT=2	# the kernel cache's layout: bump to fetch it again

die() { echo "qemu/run.sh: $*" >&2; exit 125; }

[ $# -ge 1 ] || die "usage: test/qemu/run.sh PAYLOAD.sh [FILE...] | --build"
[ "$1" = --build ] || [ -f "$1" ] || die "no payload $1"
for t in qemu-system-x86_64 cpio depmod modprobe ipvsadm /bin/busybox \
    flock setpriv ip ss nft dash bash python3; do
	command -v "$t" >/dev/null 2>&1 ||
	    die "missing $t (test/deps.sh --install)"
done
mkdir -p "$CACHE"

# The stock kernel and the modules we load, from the versioned package.
kernel_fetch() {
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	if [ -z "$pkg" ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	fi
	[ -n "$pkg" ] || die "cannot resolve linux-image-amd64's kernel package"
	kver=${pkg#linux-image-}
	dl=$CACHE/dl
	rm -rf "$dl" "$CACHE/kernel"
	mkdir -p "$dl/x"
	(cd "$dl" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
	    die "apt-get download $pkg failed"
	dpkg-deb -x "$dl"/"$pkg"_*.deb "$dl/x"
	depmod -b "$dl/x" "$kver"
	k=$CACHE/kernel.new
	rm -rf "$k"
	mkdir -p "$k/lib/modules/$kver"
	cp "$dl/x/boot/vmlinuz-$kver" "$k/vmlinuz"
	# The uncompressed ELF kernel boots through its PVH entry, without
	# decompressing itself under emulation first (2-3 s of each boot).
	python3 - "$k/vmlinuz" "$k/vmlinux" <<'PY' || rm -f "$k/vmlinux"
import lzma, sys
d = open(sys.argv[1], 'rb').read()
i = d.find(b'\xfd7zXZ\x00')
if i < 0:
    sys.exit(1)
out = lzma.LZMADecompressor().decompress(d[i:])
if out[:4] != b'\x7fELF':
    sys.exit(1)
open(sys.argv[2], 'wb').write(out)
PY
	for m in $MODULES; do
		modprobe -d "$dl/x" -S "$kver" --show-depends "$m" 2>/dev/null ||
		    echo "qemu/run.sh: no module $m in $pkg" >&2
	done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r f; do
		rel=${f#"$dl/x/lib/modules/$kver/"}
		mkdir -p "$k/lib/modules/$kver/$(dirname "$rel")"
		cp "$f" "$k/lib/modules/$kver/$rel"
	done
	cp "$dl/x/lib/modules/$kver"/modules.order \
	    "$dl/x/lib/modules/$kver"/modules.builtin* "$k/lib/modules/$kver/"
	depmod -b "$k" "$kver"
	echo "$kver" >"$k/version"
	echo "$MODULES" >"$k/modules.list"
	echo "$KLAYOUT" >"$k/layout"
	mv "$k" "$CACHE/kernel"
	rm -rf "$dl"
}

# A binary and the shared libraries it needs, at their paths, into $1.
add_bin() {	# add_bin ROOT FILE [DEST]
	r=$1 f=$2 d=${3:-$2}
	mkdir -p "$r$(dirname "$d")"
	cp -L "$f" "$r$d"
	ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
	    $1 ~ /^\// { print $1 }' | while read -r l; do
		[ -e "$r$l" ] && continue
		mkdir -p "$r$(dirname "$l")"
		cp -L "$l" "$r$l"
	done
}

mkcpio() {	# mkcpio DIR OUT
	(cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
	    >"$2.new"
	mv "$2.new" "$2"
}

base_build() {
	kver=$(cat "$CACHE/kernel/version")
	r=$CACHE/base.root
	rm -rf "$r"
	mkdir -p "$r/usr/bin" "$r/usr/sbin" "$r/usr/lib64" "$r/usr/lib"
	for d in bin sbin lib lib64; do ln -s "usr/$d" "$r/$d"; done
	mkdir -p "$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/run" "$r/root" \
	    "$r/etc" "$r/var/run" "$r/payload"
	mknod -m 0600 "$r/dev/console" c 5 1 2>/dev/null || true
	cp -a "$CACHE/kernel/lib/modules" "$r/usr/lib/"
	add_bin "$r" /bin/busybox
	# dash is sh, as on Debian: busybox's own sh would run its applets
	# (its ip, no netns) before anything in PATH.
	add_bin "$r" /bin/dash /usr/bin/dash
	ln -s dash "$r/usr/bin/sh"
	add_bin "$r" /bin/bash /usr/bin/bash
	add_bin "$r" "$(command -v ipvsadm)" /usr/sbin/ipvsadm
	add_bin "$r" "$(command -v ip)" /usr/sbin/ip
	add_bin "$r" "$(command -v ss)" /usr/sbin/ss
	add_bin "$r" "$(command -v nft)" /usr/sbin/nft
	add_bin "$r" "$(command -v kmod)" /usr/bin/kmod
	add_bin "$r" "$(command -v setpriv)" /usr/bin/setpriv
	for a in modprobe rmmod insmod lsmod modinfo depmod; do
		ln -s /usr/bin/kmod "$r/usr/sbin/$a"
	done
	/bin/busybox --list-full | while read -r a; do
		[ -e "$r/$a" ] || [ -L "$r/$a" ] || ln -s /bin/busybox "$r/$a"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$r/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
	printf 'passwd: files\ngroup: files\nhosts: files\n' >"$r/etc/nsswitch.conf"
	printf '127.0.0.1 localhost\n::1 localhost\n' >"$r/etc/hosts"
	echo $MODULES >"$r/etc/vigil-qemu-modules"
	cat >"$r/init" <<'EOF'
#!/bin/sh
# vigil qemu guest: mount, load modules, run /payload/payload.sh, power off.
export PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TMPDIR=/tmp VIGIL_QEMU=1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
dmesg -n 1
ip link set lo up
modprobe -a $(cat /etc/vigil-qemu-modules) || echo "init: modprobe failed"
echo "@@VIGIL-QEMU-BEGIN@@"
cd /payload && sh ./payload.sh </dev/null 2>&1
echo "@@VIGIL-QEMU-END $?@@"
sync
poweroff -f
reboot -f
EOF
	chmod 0755 "$r/init"
	mkcpio "$r" "$CACHE/base.cpio"
	rm -rf "$r"
	cksum <"$SELF" >"$CACHE/base.stamp"
}

vigil_files() {
	for f in "$ROOT/vigild" "$ROOT/vigilctl" "$ROOT"/build/tools/*; do
		[ -f "$f" ] && [ -x "$f" ] && echo "$f"
	done
	return 0
}

vigil_build() {
	r=$CACHE/vigil.root
	rm -rf "$r"
	mkdir -p "$r/usr/lib" "$r/usr/lib64" "$r/usr/bin" "$r/usr/sbin" \
	    "$r/usr/local/bin"
	for d in bin sbin lib lib64; do ln -s "usr/$d" "$r/$d"; done
	vigil_files | while read -r f; do
		case $f in
		"$ROOT"/build/tools/*) add_bin "$r" "$f" "/usr/local/bin/${f##*/}" ;;
		*) add_bin "$r" "$f" "/usr/sbin/${f##*/}" ;;
		esac
	done
	rm -f "$r/bin" "$r/sbin" "$r/lib" "$r/lib64"	# base.cpio has them
	mkcpio "$r" "$CACHE/vigil.cpio"
	rm -rf "$r"
	vigil_files >"$CACHE/vigil.list"
}

vigil_stale() {
	[ -f "$CACHE/vigil.cpio" ] || return 0
	[ "$(vigil_files)" = "$(cat "$CACHE/vigil.list" 2>/dev/null)" ] ||
	    return 0
	[ -n "$(vigil_files | while read -r f; do
	    [ "$f" -nt "$CACHE/vigil.cpio" ] && echo "$f"; done)" ]
}

exec 9>"$CACHE/.lock"
flock 9
if [ ! -f "$CACHE/kernel/version" ] ||
    [ "$MODULES" != "$(cat "$CACHE/kernel/modules.list" 2>/dev/null)" ] ||
    [ "$KLAYOUT" != "$(cat "$CACHE/kernel/layout" 2>/dev/null)" ]; then
	kernel_fetch
fi
if [ ! -f "$CACHE/base.cpio" ] ||
    [ "$(cksum <"$SELF")" != "$(cat "$CACHE/base.stamp" 2>/dev/null)" ]; then
	base_build
fi
vigil_stale && vigil_build
[ "$1" = --build ] && exit 0

RUN=$(mktemp -d "$CACHE/run.XXXXXX")
QPID=
cleanup() {
	[ -n "$QPID" ] && kill "$QPID" 2>/dev/null
	[ -n "${VIGIL_QEMU_KEEP:-}" ] || rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$RUN/root/payload"
cp "$1" "$RUN/root/payload/payload.sh"
shift
for f in "$@"; do
	cp -R "$f" "$RUN/root/payload/"
done
mkcpio "$RUN/root" "$RUN/payload.cpio"
cat "$CACHE/base.cpio" "$CACHE/vigil.cpio" "$RUN/payload.cpio" >"$RUN/initrd"
flock -u 9

ACCEL="-accel tcg"
if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
	ACCEL="-accel kvm -cpu host"
fi
LOG=$RUN/console.log
KERNEL=$CACHE/kernel/vmlinuz
[ -f "$CACHE/kernel/vmlinux" ] && KERNEL=$CACHE/kernel/vmlinux
: >"$LOG"
set +e
# shellcheck disable=SC2086
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 $ACCEL -nodefaults \
    -display none -no-reboot -nic none -m 512 -smp 1 \
    -serial "file:$LOG" -kernel "$KERNEL" \
    -initrd "$RUN/initrd" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 mitigations=off \
    cryptomgr.notests tsc=reliable edd=off" \
    </dev/null >"$RUN/qemu.out" 2>&1 &
QPID=$!
wait "$QPID"
qrc=$?
QPID=
set -e
tr -d '\r' <"$LOG" >"$CACHE/console.log"
sed -n '/^@@VIGIL-QEMU-BEGIN@@$/,/^@@VIGIL-QEMU-END [0-9]*@@$/p' \
    "$CACHE/console.log" | sed '1d;$d'
rc=$(sed -n 's/^@@VIGIL-QEMU-END \([0-9]*\)@@$/\1/p' "$CACHE/console.log")
if [ -z "$rc" ]; then
	[ "$qrc" = 124 ] || [ "$qrc" = 137 ] &&
	    echo "qemu/run.sh: guest timed out after ${TIMEOUT}s" >&2
	echo "qemu/run.sh: no payload status (qemu exit $qrc); console:" >&2
	tail -n 40 "$CACHE/console.log" | sed 's/^/    /' >&2
	sed 's/^/    qemu: /' "$RUN/qemu.out" >&2
	[ "$qrc" = 124 ] || [ "$qrc" = 137 ] && exit 124
	exit 125
fi
exit "$rc"
