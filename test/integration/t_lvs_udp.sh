#!/bin/sh
# UDP_CHECK on this host's kernel (no IPVS here), over IPv4 and IPv6:
# vigild in namespace "dir" (192.0.2.100, 2001:db8::100) checks UDP
# servers in "srv". Each step runs for both families at once.
# 192.0.2.1:5000 and [2001:db8::1]:5000, no require_reply: a responder
#   runs (its payload arrives as configured): up; it stops: the ICMP
#   (ICMPv6) port unreachable takes the server down (notify_down); it is
#   back: up (notify_up).
# 192.0.2.2:5000 and [2001:db8::2]:5000, require_reply "4f4bXX": the
#   responder answers "OK!": up (alpha: starts down); it switches to
#   answering "NO" (still bound, so no port unreachable meanwhile): down,
#   the reply being shorter than the pattern.
. "$(dirname "$0")/lib.sh"
need_root
PY=$(python3 -c 'import sys; print(sys.executable)')
HERE=$(cd "$(dirname "$0")" && pwd)

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
ip -n "$(ns dir)" addr add 2001:db8::100/64 dev eth0 nodad
ip -n "$(ns srv)" addr add 2001:db8::1/64 dev eth0 nodad
ip -n "$(ns srv)" addr add 2001:db8::2/64 dev eth0 nodad
chmod 711 "$T_DIR"

responder() {	# responder NAME ADDR REPLY_HEX [LATER_HEX]
	rm -f "$T_DIR/$1.pid"
	daemon_start srv "$T_DIR/$1.stderr" "$PY" "$HERE/udp_responder.py" \
	    "$2" 5000 "$3" "$T_DIR/$1.pid" ${4:-}
	eval "PID_$1=\$DAEMON_PID"
	wait_for 5 test -s "$T_DIR/$1.pid" || fail "responder $1 not up"
}
responder r1 192.0.2.1 00
responder r2 192.0.2.2 4f4b21 4e4f
responder r3 2001:db8::1 00
responder r4 2001:db8::2 4f4b21 4e4f

# rs NAME ADDR WHAT: a real server at ADDR port 5000 with notify scripts
# writing NAME.notify and UDP_CHECK WHAT.
rs() {
	cat <<RS
    real_server $2 5000 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/$1.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/$1.notify'"
        UDP_CHECK {
            connect_timeout 1
            $3
        }
    }
RS
}
cat >"$T_DIR/dir.conf" <<EOF2
global_defs {
    router_id dir
}
virtual_server 192.0.2.200 5000 {
    delay_loop 1
    protocol UDP
$(rs rs1 192.0.2.1 "payload 0102 abc")
$(rs rs2 192.0.2.2 "alpha
            require_reply 4f4bXX")
}
virtual_server 2001:db8::200 5000 {
    delay_loop 1
    protocol UDP
$(rs rs3 2001:db8::1 "payload 0102 abc")
$(rs rs4 2001:db8::2 "alpha
            require_reply 4f4bXX")
}
EOF2
L=$T_DIR/dir.log
vigild_t=$("$VIGILD" -t -f "$T_DIR/dir.conf" 2>&1) || fail "vigild -t: $vigild_t"
echo "$vigild_t" | grep -q 'not supported' && fail "UDP_CHECK still warned: $vigild_t"
vigil_start dir "$T_DIR/dir.conf" -D

# require_reply matches: .2 and ::2 come up.
for s in "rs2 192.0.2.2" "rs4 2001:db8::2"; do
	set -- $s
	wait_for 10 grep -qx up "$T_DIR/$1.notify" ||
	    fail "$2 not up on a matching reply"
	wait_log "$L" "UDP_CHECK on service \[$2\]:udp:5000 success" 1 ||
	    fail "no success line for $2"
done
# The payload arrives as configured ("0102 abc": 01 02 ab 0c).
for r in r1 r3; do
	wait_for 5 grep -qx 0102ab0c "$T_DIR/$r.pid.log" ||
	    fail "payload not as configured ($r)"
done

# went_down NAME ADDR REASON: ADDR's notify_down ran and the log gives
# REASON for its failure.
went_down() {
	wait_for 10 grep -qx down "$T_DIR/$1.notify" || fail "$2 not down"
	grep -Fq "UDP_CHECK on service [$2]:udp:5000 failed after 1 retry: $3." "$L" ||
	    fail "no '$3' failure line for $2"
}

# .1's and ::1's responders stop: ICMP (ICMPv6) port unreachable, down.
stop_pid "$PID_r1"
stop_pid "$PID_r3"
went_down rs1 192.0.2.1 "connection refused"
went_down rs3 2001:db8::1 "connection refused"
responder r1 192.0.2.1 00
responder r3 2001:db8::1 00
for s in "rs1 192.0.2.1" "rs3 2001:db8::1"; do
	set -- $s
	wait_for 10 sh -c "grep -c up '$T_DIR/$1.notify' | grep -qx 1" ||
	    fail "$2 not back up"
done

# .2 and ::2 answer "NO": require_reply mismatch, down.
kill -USR1 "$PID_r2" "$PID_r4"
went_down rs2 192.0.2.2 "reply of 2 bytes, shorter than the 3 required"
went_down rs4 2001:db8::2 "reply of 2 bytes, shorter than the 3 required"
pass
