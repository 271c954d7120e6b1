#!/bin/sh
# test: exclusive
# nopreempt: a higher priority backup that starts after the master leaves
# it be; preempt_delay: it takes over, but only after the delay.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h2 5 || fail "h2 alone does not take the VIP: $(holder)"

vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	nopreempt"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 3 || fail "h1 not BACKUP"
sleep 1.5
only_on h2 || fail "nopreempt: the VIP moved to the higher priority: $(holder)"
grep -q 'Entering MASTER' "$T_DIR/h1.log" && fail "nopreempt: h1 became master"
reaches || fail "the client does not reach the VIP on h2"
stop_pid "$H1"

mv "$T_DIR/h1.log" "$T_DIR/h1-nopreempt.log"
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	preempt_delay 1.5"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 3 || fail "h1 not BACKUP"
sleep 0.8
only_on h2 || fail "preempt_delay 1.5: the VIP moved within 0.8 s: $(holder)"
wait_holder h1 3 || fail "preempt_delay: h1 never took over: $(holder)"
wait_log "$T_DIR/h2.log" 'higher priority 200' 1 || fail "h2: no step-down line"
reaches || fail "the client does not reach the VIP on h1"
pass
