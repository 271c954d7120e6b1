#!/bin/sh
# virtual_routes follow the VIP: on the master only, moved on failover,
# removed at a graceful stop.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

ROUTES="virtual_routes {
		203.0.113.0/24 via 192.0.2.254 dev eth0
		198.51.100.0/25 dev eth0 metric 7
	}"
has_routes() {
	ip -n "$(ns "$1")" route show 203.0.113.0/24 | grep -q 'via 192.0.2.254 dev eth0' &&
	    ip -n "$(ns "$1")" route show 198.51.100.0/25 | grep -q 'metric 7'
}
no_routes() {
	[ -z "$(ip -n "$(ns "$1")" route show 203.0.113.0/24)" ] &&
	    [ -z "$(ip -n "$(ns "$1")" route show 198.51.100.0/25)" ]
}
routes_on() { o=h1; [ "$1" = h1 ] && o=h2; has_routes "$1" && no_routes "$o"; }

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	$ROUTES"
vrrp_conf "$T_DIR/h2.conf" 100 "version 3
	advert_int 0.1
	$ROUTES"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
wait_for 1 routes_on h1 || fail "the virtual routes are not on h1 alone"
link_cut h1
wait_holder h2 2 || fail "h2 did not take over: $(holder)"
wait_for 1 routes_on h2 || fail "the virtual routes did not move to h2"
link_restore h1
wait_holder h1 3 || fail "h1 did not preempt: $(holder)"
wait_for 1 routes_on h1 || fail "the virtual routes did not come back to h1"
stop_pid "$H1"
wait_holder h2 2 || fail "h2 did not take over after the stop"
wait_for 1 routes_on h2 || fail "the routes are not on h2 alone after h1 stopped"
pass
