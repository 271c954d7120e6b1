#!/bin/sh
# The master's interface deleted: FAULT, the backup takes over; created
# again (new index, address added after it is up): the instance starts
# over on it and, at the higher priority, preempts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
ip -n "$(ns h1)" link del eth0
wait_holder h2 2 || fail "h2 did not take over: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 1 || fail "h1 not in FAULT"
# A new eth0 on a new bridge port.
ip link add "$T_PREFIX-v" type veth peer name "$T_PREFIX-p" || fail "veth"
ip link set "$T_PREFIX-v" netns "$(ns h1)" name eth0
ip link set "$T_PREFIX-p" netns "$(ns sw)" name p9
ip -n "$(ns sw)" link set p9 master br0
ip -n "$(ns sw)" link set p9 up
ip -n "$(ns h1)" link set eth0 up
sleep 0.3
ip -n "$(ns h1)" addr add 192.0.2.1/24 dev eth0
wait_log "$T_DIR/h1.log" 're-created: restarting' 2 || fail "h1 did not restart on the new eth0"
wait_holder h1 3 || fail "h1 did not preempt on its new eth0: $(holder)"
wait_for 2 reaches || fail "the client does not reach the VIP on h1"
pass
