#!/bin/sh
# systemd Type=notify: READY=1 once both children have applied the
# configuration; RELOADING=1 then READY=1 around a reload; STOPPING=1.
# The test plays systemd with a datagram socket (python3).
. "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || fail "python3 needed to play systemd"

ns_create a
ns_create b
ns_veth a veth0 b veth0
CONF=$T_DIR/vigil.conf
vigil_conf_min "$CONF" veth0 192.0.2.10/24
L=$T_DIR/a.log
SOCK=$T_DIR/notify.sock
OUT=$T_DIR/notify.out

python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "a", buffering=1)
while True:
    m = s.recv(4096).decode()
    out.write(m.replace("\n", " ") + "\n")
' "$SOCK" "$OUT" &
track_pid $!
wait_for 10 test -S "$SOCK" || fail "no notify socket"

NOTIFY_SOCKET=$SOCK vigil_start a "$CONF"
P=$VIGIL_PID
wait_for 5 grep -q '^READY=1' "$OUT" || fail "no READY=1"
r=$(grep -n 'configuration 1 running in every process' "$L" | cut -d: -f1)
for who in vrrp check; do
	a=$(grep -n "$who: configuration 1 applied" "$L" | cut -d: -f1)
	[ -n "$a" ] && [ -n "$r" ] && [ "$a" -lt "$r" ] ||
		fail "READY=1 before the $who child applied the configuration"
done

kill -HUP "$P"
wait_for 5 grep -q 'READY=1 STATUS=running configuration 2' "$OUT" ||
	fail "no READY=1 after the reload"
grep -q '^RELOADING=1 MONOTONIC_USEC=' "$OUT" || fail "no RELOADING=1"
[ "$(grep -n RELOADING "$OUT" | cut -d: -f1)" -lt \
  "$(grep -n 'configuration 2' "$OUT" | cut -d: -f1)" ] ||
	fail "RELOADING=1 not before READY=1"

kill -TERM "$P"
wait_for 5 grep -q '^STOPPING=1' "$OUT" || fail "no STOPPING=1"
cat "$OUT"
pass
