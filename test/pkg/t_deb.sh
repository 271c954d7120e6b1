#!/bin/sh
# test: exclusive
# The packages: `make deb` builds the Debian package from this tree's build
# (packaging/debian, debhelper), `dpkg -x` unpacks it into a scratch root,
# and the files must be where the unit and the man pages say:
# - the unit in lib/systemd/system (or usr/lib/systemd/system), every
#   program its Exec lines run present and executable (vigild in the
#   scratch root, /bin/kill on this host), the directory of its condition
#   file there, and each page of its Documentation= under usr/share/man;
# - every man page of man/ under usr/share/man, vigild (and vigilctl when
#   this tree builds it) under usr/sbin, running `--version` with the
#   package's version; the examples under usr/share/doc/vigil/examples,
#   each accepted by the packaged `vigild -t`;
# - the package's Depends name the package of every library vigild links;
# - `systemd-analyze verify` of the packaged unit, its paths pointed into
#   the scratch root and MANPATH at its pages, exits 0 and prints nothing
#   (it also warns, exit 0, about unknown keys and bad values). It runs
#   without systemd as PID 1: verify loads the unit in a private manager,
#   checks its syntax, that its units and dependencies load, that its
#   Exec programs are executable and that `man` finds its Documentation=;
# - `make install DESTDIR=... PREFIX=/usr/local` writes the unit with
#   /usr/local/sbin/vigild, which is installed;
# - the RPM spec parses (`rpmspec -P`) and has the same version.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/vigil-t_deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for c in dpkg-buildpackage dh systemd-analyze man readelf rpmspec; do
	command -v "$c" >/dev/null || { echo "t_deb: $c missing (make deps)" >&2; exit 1; }
done

cd "$top"
version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
echo "package version $version"
# No -dbgsym package: it takes seconds and holds nothing to check here.
if ! DEB_BUILD_OPTIONS=noautodbgsym make -s deb >"$tmp/build.log" 2>&1; then
	tail -n 40 "$tmp/build.log"
	echo "FAIL: make deb"
	exit 1
fi
arch=$(dpkg --print-architecture)
deb=$top/build/deb/vigil_${version}_$arch.deb
[ -f "$deb" ] || { echo "FAIL: no $deb after make deb"; exit 1; }
root=$tmp/root
dpkg -x "$deb" "$root"
dpkg-deb -f "$deb" Depends >"$tmp/depends"
echo "Depends: $(cat "$tmp/depends")"

# The unit.
unit=""
for d in lib/systemd/system usr/lib/systemd/system; do
	[ -f "$root/$d/vigild.service" ] && unit=$root/$d/vigild.service
done
[ -n "$unit" ] || { echo "FAIL: no vigild.service under [usr/]lib/systemd/system"; exit 1; }
echo "unit: ${unit#$root}"
grep -q '^Type=notify$' "$unit" || fail "unit: not Type=notify"
grep -q '^ExecReload=.*kill -HUP \$MAINPID$' "$unit" || fail "unit: no ExecReload sending SIGHUP"
grep -q '^ExecStart=/usr/sbin/vigild -n ' "$unit" || fail "unit: ExecStart is not /usr/sbin/vigild -n"
# Each Exec program: vigild's in the scratch root, others (kill) on the host.
sed -n 's/^Exec[A-Za-z]*=[-@+!:]*\([^ ]*\).*/\1/p' "$unit" | sort -u >"$tmp/progs"
[ -s "$tmp/progs" ] || fail "unit: no Exec lines"
while read -r p; do
	case "$p" in
	*/vigil*) [ -x "$root$p" ] || fail "unit runs $p: not in the package" ;;
	*) [ -x "$p" ] || fail "unit runs $p: not on this host" ;;
	esac
done <"$tmp/progs"
cond=$(sed -n 's/^ConditionFileNotEmpty=//p' "$unit")
[ -n "$cond" ] && [ -d "$root${cond%/*}" ] || fail "unit: condition $cond: no ${cond%/*} in the package"
for page in $(sed -n 's/^Documentation=//p' "$unit"); do
	case "$page" in
	man:*)	p=${page#man:}; name=${p%(*}; sec=${p#*(}; sec=${sec%)}
		[ -f "$root/usr/share/man/man$sec/$name.$sec.gz" ] ||
		    fail "unit: $page not in usr/share/man/man$sec" ;;
	esac
done

# systemd-analyze verify, on the packaged unit with its paths in the root.
sed -e "s|/usr/sbin/|$root/usr/sbin/|g" "$unit" >"$tmp/vigild.service"
rc=0
MANPATH=$root/usr/share/man systemd-analyze verify "$tmp/vigild.service" \
    >"$tmp/verify" 2>&1 || rc=$?
if [ "$rc" != 0 ] || [ -s "$tmp/verify" ]; then
	sed 's/^/    /' "$tmp/verify"
	fail "systemd-analyze verify: exit $rc"
else
	echo "systemd-analyze verify: clean"
fi
# It must see a broken unit: an unknown key, a program not there.
sed -e 's/^LockPersonality=yes/LockPersonality=yes\nNoSuchKey=1/' \
    "$tmp/vigild.service" >"$tmp/bad.service"
systemd-analyze verify --man=no "$tmp/bad.service" 2>&1 | grep -q NoSuchKey ||
    fail "systemd-analyze verify did not report an unknown key"

# Man pages and programs.
for m in man/*.5 man/*.8; do
	[ -f "$m" ] || continue
	b=${m##*/}
	[ -f "$root/usr/share/man/man${b##*.}/$b.gz" ] || fail "$b not in usr/share/man/man${b##*.}"
done
progs=vigild
[ -f core/vigilctl.c ] && progs="$progs vigilctl"
for p in $progs; do
	out=$("$root/usr/sbin/$p" --version 2>&1) || fail "$p --version: exit status not 0"
	echo "$p --version: $out"
	case "$out" in
	*"$version"*) ;;
	*) fail "$p --version does not print $version" ;;
	esac
done
n=0
for f in conf/examples/*.conf; do
	b=${f##*/}
	n=$((n + 1))
	cmp -s "$f" "$root/usr/share/doc/vigil/examples/$b" ||
	    fail "example $b not in usr/share/doc/vigil/examples"
	"$root/usr/sbin/vigild" -t -f "$root/usr/share/doc/vigil/examples/$b" \
	    >/dev/null 2>&1 || fail "packaged vigild -t refuses example $b"
done
echo "$n examples installed and accepted"
[ -d "$root/etc/vigil" ] || fail "no /etc/vigil"
[ ! -e "$root/etc/vigil/vigil.conf" ] || fail "the package ships /etc/vigil/vigil.conf"

# Depends: the package of each library vigild links.
for lib in $(readelf -d vigild | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
	path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
	[ -n "$path" ] || { fail "$lib: not found by ldconfig"; continue; }
	pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null) ||
	    { fail "$lib: no package owns $path"; continue; }
	pkg=${pkg%%:*}
	grep -Eq "(^|, )$pkg( |,|$)" "$tmp/depends" ||
	    fail "vigild links $lib ($pkg), not in Depends"
done

# make install with another prefix.
make -s install DESTDIR="$tmp/inst" PREFIX=/usr/local >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "make install"; }
iu=$tmp/inst/usr/local/lib/systemd/system/vigild.service
if [ -f "$iu" ]; then
	grep -q '^ExecStart=/usr/local/sbin/vigild -n -f /etc/vigil/vigil.conf$' "$iu" ||
	    fail "make install PREFIX=/usr/local: ExecStart is not /usr/local/sbin/vigild"
	[ -x "$tmp/inst/usr/local/sbin/vigild" ] || fail "make install: no /usr/local/sbin/vigild"
	[ -f "$tmp/inst/usr/local/share/man/man8/vigild.8" ] || fail "make install: no vigild.8"
else
	fail "make install PREFIX=/usr/local: no $iu"
fi

# The RPM spec.
rpmspec -P packaging/vigil.spec >"$tmp/spec" 2>&1 || { cat "$tmp/spec"; fail "rpmspec -P"; }
sv=$(rpmspec -q --srpm --qf '%{version}' packaging/vigil.spec 2>/dev/null || true)
[ "$sv" = "$version" ] || fail "vigil.spec has version '$sv', the Debian changelog $version"

[ "$fails" = 0 ] || { echo "t_deb: $fails failures"; exit 1; }
echo "t_deb: ok"
