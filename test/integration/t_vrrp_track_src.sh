#!/bin/sh
# track_src_ip: h1 (200) sends from mcast_src_ip 192.0.2.50, a second
# address on eth0. Removed: h1 goes to FAULT and h2 (100) takes the VIP;
# added back: h1 leaves FAULT and preempts. h1 started while the address
# is missing starts in FAULT, and leaves it when the address comes. A
# reload that adds track_src_ip while the address is missing puts h1 in
# FAULT at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
SRC=192.0.2.50
src() { ip -n "$(ns h1)" addr "$1" "$SRC/24" dev eth0; }
src add

vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	mcast_src_ip $SRC
	track_src_ip"
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
src del
wait_holder h2 2 || fail "source address removed: h2 did not take over: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 1 || fail "h1 not in FAULT"
reaches || fail "the client does not reach the VIP on h2"
src add
wait_holder h1 3 || fail "source address back: h1 did not come back: $(holder)"
reaches || fail "the client does not reach the VIP on h1"
stop_pid "$H1"
wait_holder h2 2 || fail "h2 did not take over after h1 stopped"

# Started without its source address: FAULT at once, out of it when the
# address comes.
src del
mv "$T_DIR/h1.log" "$T_DIR/h1-run.log"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 3 ||
    fail "h1 started without its source address: not in FAULT"
grep -q "(VI_1) tracked source address $SRC down at start-up" "$T_DIR/h1.log" ||
    fail "no start-up line for the missing source address"
sleep 0.5
only_on h2 || fail "h1 without its source address took the VIP: $(holder)"
src add
wait_holder h1 3 || fail "address added: h1 did not take the VIP: $(holder)"

# A reload that adds track_src_ip looks at the address at once.
H1=$(vigil_pid h1)
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	mcast_src_ip $SRC"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running in every process' 5 ||
    fail "reload 2 not applied"
src del
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	mcast_src_ip $SRC
	track_src_ip"
MARK=$(wc -l <"$T_DIR/h1.log")
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 3 running in every process' 5 ||
    fail "reload 3 not applied"
since_mark() { tail -n +"$((MARK + 1))" "$T_DIR/h1.log" | grep -Eq "$1"; }
wait_for 2 since_mark \
    "\\(VI_1\\) (reload: tracking source address $SRC|tracked source address $SRC down)" ||
    fail "reload: the source address is not tracked"
wait_holder h2 3 || fail "reload with track_src_ip: h2 did not take over: $(holder)"
pass
