#!/bin/sh
# Without -l, vigild logs to syslog with one ident per process (vigild,
# vigild_vrrp, vigild_check) and the facility of -S. The test plays
# syslogd on /dev/log inside a private mount namespace (a tmpfs over /dev
# there only), so the host's /dev is never touched.
. "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || fail "python3 needed to play syslogd"
command -v unshare >/dev/null || fail "unshare (util-linux) needed"

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24
OUT=$T_DIR/syslog.out
mkdir "$T_DIR/olddev"

cat >"$T_DIR/run.sh" <<EOF
set -e
mount --make-rprivate /
mount --bind /dev "$T_DIR/olddev"
mount -t tmpfs tmpfs /dev
for d in null zero urandom random; do
	touch /dev/\$d
	mount --bind "$T_DIR/olddev/\$d" /dev/\$d
done
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
out = open(sys.argv[1], "a", buffering=1)
while True:
    out.write(s.recv(4096).decode(errors="replace") + "\n")
' "$OUT" &
echo \$! >"$T_DIR/syslogd.pid"
while [ ! -S /dev/log ]; do sleep 0.05; done
exec "$VIGILD" -n -S local3 -f "$T_DIR/vigil.conf" -p "$T_DIR/a.pid" \\
    -r "$T_DIR/a.vrrp.pid" -c "$T_DIR/a.check.pid"
EOF
daemon_start a "$T_DIR/a.log" unshare -m sh "$T_DIR/run.sh"
wait_for 5 test -s "$T_DIR/syslogd.pid" || fail "no fake syslogd"
track_pid "$(cat "$T_DIR/syslogd.pid")"
wait_for 5 grep -q 'configuration 1 running in every process' "$OUT" ||
	fail "no readiness line in syslog"
P=$(vigil_pid a)
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)
# <158> = LOG_LOCAL3 (19 * 8) + LOG_INFO (6)
grep -Eq "^<158>.*vigild\[$P\]: core: started vrrp child" "$OUT" ||
	fail "parent: no 'vigild[$P]: core:' line with facility local3"
grep -Eq "^<158>.*vigild_vrrp\[$V\]: vrrp: " "$OUT" ||
	fail "vrrp child: no 'vigild_vrrp[$V]' line"
grep -Eq "^<158>.*vigild_check\[$C\]: check: " "$OUT" ||
	fail "check child: no 'vigild_check[$C]' line"
[ ! -s "$T_DIR/a.log" ] || fail "output on stderr: $(cat "$T_DIR/a.log")"
kill -TERM "$P"
wait_for 5 sh -c "! kill -0 $P 2>/dev/null" || fail "did not stop"
pass
