#!/bin/sh
# UDP_CHECK on this host's kernel (no IPVS here): vigild in namespace
# "dir" (192.0.2.100) checks UDP servers in "srv".
# 192.0.2.1:5000, no require_reply: a responder runs (its payload
#   arrives as configured): up; it stops: the ICMP port unreachable takes
#   the server down (notify_down); it is back: up (notify_up).
# 192.0.2.2:5000, require_reply "4f4bXX": the responder answers "OK!":
#   up (alpha: starts down); it is replaced by one answering "NO": down.
. "$(dirname "$0")/lib.sh"
need_root
PY=$(python3 -c 'import sys; print(sys.executable)')
HERE=$(cd "$(dirname "$0")" && pwd)

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
chmod 711 "$T_DIR"

responder() {	# responder NAME ADDR REPLY_HEX
	rm -f "$T_DIR/$1.pid"
	daemon_start srv "$T_DIR/$1.stderr" "$PY" "$HERE/udp_responder.py" \
	    "$2" 5000 "$3" "$T_DIR/$1.pid"
	eval "PID_$1=\$DAEMON_PID"
	wait_for 5 test -s "$T_DIR/$1.pid" || fail "responder $1 not up"
}
responder r1 192.0.2.1 00
responder r2 192.0.2.2 4f4b21

cat >"$T_DIR/dir.conf" <<EOF
global_defs {
    router_id dir
}
virtual_server 192.0.2.200 5000 {
    delay_loop 1
    protocol UDP
    real_server 192.0.2.1 5000 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/rs1.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/rs1.notify'"
        UDP_CHECK {
            connect_timeout 1
            payload 0102 abc
        }
    }
    real_server 192.0.2.2 5000 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/rs2.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/rs2.notify'"
        UDP_CHECK {
            connect_timeout 1
            alpha
            require_reply 4f4bXX
        }
    }
}
EOF
L=$T_DIR/dir.log
vigild_t=$("$VIGILD" -t -f "$T_DIR/dir.conf" 2>&1) || fail "vigild -t: $vigild_t"
echo "$vigild_t" | grep -q 'not supported' && fail "UDP_CHECK still warned: $vigild_t"
vigil_start dir "$T_DIR/dir.conf" -D

# require_reply matches: .2 comes up.
wait_for 10 grep -qx up "$T_DIR/rs2.notify" || fail ".2 not up on a matching reply"
wait_log "$L" "UDP_CHECK on service \[192.0.2.2\]:udp:5000 success" 1 ||
    fail "no success line for .2"
# The payload arrives as configured ("0102 abc": 01 02 ab 0c).
wait_for 5 grep -qx 0102ab0c "$T_DIR/r1.pid.log" || fail "payload not as configured"

# .1's responder stops: ICMP port unreachable, down.
stop_pid "$PID_r1"
wait_for 10 grep -qx down "$T_DIR/rs1.notify" || fail ".1 not down without a listener"
grep -Eq "UDP_CHECK on service \[192.0.2.1\]:udp:5000 failed after 1 retry: connection refused" "$L" ||
    fail "no 'connection refused' for .1"
responder r1 192.0.2.1 00
wait_for 10 grep -qx up "$T_DIR/rs1.notify" || fail ".1 not back up"

# .2 answers "NO": require_reply mismatch, down.
stop_pid "$PID_r2"
responder r2 192.0.2.2 4e4f
wait_for 10 grep -qx down "$T_DIR/rs2.notify" || fail ".2 not down on a mismatching reply"
grep -Eq "UDP_CHECK on service \[192.0.2.2\]:udp:5000 failed after 1 retry: reply" "$L" ||
    fail "no reply failure line for .2"
pass
