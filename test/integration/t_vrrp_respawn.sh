#!/bin/sh
# The master's vrrp process killed (SIGKILL): the parent removes its VIP
# and restarts it; the backup takes over; the restarted process starts
# in BACKUP and, at the higher priority, preempts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
V1=$(vigil_pid h1 vrrp)
kill -KILL "$V1"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 2 ||
	fail "h2 did not take over from a killed vrrp process"
vigil_wait_child h1 vrrp "$V1" 5 || fail "h1's vrrp process not restarted"
wait_log "$T_DIR/h1.log" 'restarted after a crash' 3 || fail "no restart line"
grep -q 'removed VIP 192\.0\.2\.10 from eth0' "$T_DIR/h1.log" ||
	fail "the parent did not remove the killed process's VIP"
wait_holder h1 3 || fail "the restarted h1 did not preempt: $(holder)"
sleep 0.3
reaches || fail "the client does not reach the VIP on h1"
pass
