#!/bin/sh
# Equal priorities. A backup does not preempt a master of the same
# priority (RFC 5798 6.4.2): the first one stays. Two masters that meet
# ("state MASTER" on both): the higher primary address (h2, 192.0.2.2)
# wins, the other steps down at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 150
vrrp_conf "$T_DIR/h2.conf" 150
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 3 || fail "h1 alone does not take the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 2 || fail "h2 not BACKUP"
sleep 1
only_on h1 || fail "equal priority: a backup preempted: $(holder)"
stop_pid "$H1"
stop_pid "$H2"
wait_for 2 sh -c "[ \"\$(holder)\" = none ]"
mv "$T_DIR/h1.log" "$T_DIR/h1-0.log"
mv "$T_DIR/h2.log" "$T_DIR/h2-0.log"

vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_holder h2 3 || fail "h2 alone does not take the VIP: $(holder)"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 2 || fail "h1 not BACKUP"
sleep 1
only_on h2 || fail "equal priority: the VIP left the higher address: $(holder)"
grep -q 'Entering MASTER' "$T_DIR/h1.log" && fail "h1 (lower address) became master"
stop_pid "$H1"
stop_pid "$H2"
wait_for 2 sh -c "[ \"\$(holder)\" = none ]"

# Two masters: h2 (same priority, higher address) wins.
mv "$T_DIR/h1.log" "$T_DIR/h1-first.log"
mv "$T_DIR/h2.log" "$T_DIR/h2-first.log"
STATE=MASTER vrrp_conf "$T_DIR/h1.conf" 150
STATE=MASTER vrrp_conf "$T_DIR/h2.conf" 150
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 3 || fail "h1 alone does not take the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h2 3 || fail "equal priority: h2 (higher address) did not take over: $(holder)"
wait_log "$T_DIR/h1.log" 'same priority 150 but higher IP address' 1 ||
	fail "h1: no step-down line"
reaches || fail "the client does not reach the VIP"
pass
