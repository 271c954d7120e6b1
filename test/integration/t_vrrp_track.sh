#!/bin/sh
# track_interface: h1 (200) tracks an interface (trk0, a veth). Down: h1 goes to
# FAULT and h2 takes the VIP; up: h1 comes back and preempts. With a
# weight (-150) instead, down lowers h1 to 50: h2 (100) takes over and
# h1 stays BACKUP; up: 200 again, h1 preempts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
ip -n "$(ns h1)" link add trk0 type veth peer name trk1 || fail "veth"
ip -n "$(ns h1)" link set trk1 up
ip -n "$(ns h1)" link set trk0 up
trk() { ip -n "$(ns h1)" link set trk0 "$1"; }

vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_interface {
		trk0
	}"
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
trk down
wait_holder h2 2 || fail "tracked interface down: h2 did not take over: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 1 || fail "h1 not in FAULT"
reaches || fail "the client does not reach the VIP on h2"
trk up
wait_holder h1 3 || fail "tracked interface up: h1 did not come back: $(holder)"
reaches || fail "the client does not reach the VIP on h1"
stop_pid "$H1"
wait_holder h2 2 || fail "h2 did not take over after h1 stopped"

mv "$T_DIR/h1.log" "$T_DIR/h1-fault.log"
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_interface {
		trk0 weight -150
	}"
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "weight: h1 does not hold the VIP: $(holder)"
trk down
wait_holder h2 2 || fail "weight -150: h2 did not take over: $(holder)"
sleep 0.5
grep -q 'Entering FAULT' "$T_DIR/h1.log" && fail "weight: h1 went to FAULT"
only_on h2 || fail "weight: the VIP moved back: $(holder)"
reaches || fail "the client does not reach the VIP on h2"
trk up
wait_holder h1 3 || fail "weight: h1 did not preempt when back at 200: $(holder)"
reaches || fail "the client does not reach the VIP on h1"
pass
