#!/bin/sh
# vrrp_sync_group: VI_1 and VI_2 move together. VI_2 on h1 tracks trk0;
# trk0 down puts VI_2 in FAULT and VI_1 follows, so h2 takes both VIPs
# (without the group VI_1 would stay on h1); trk0 up, h1 takes both back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

sync_conf() {	# FILE PRIO [VI_2 LINES]
	vrrp_conf "$1" "$2"
	cat >>"$1" <<EOF2

vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $2
	version 3
	advert_int 0.1
	virtual_ipaddress {
		192.0.2.11
	}
	${3:-}
}

vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
}
EOF2
}
vrrp_lan
ip -n "$(ns h1)" link add trk0 type veth peer name trk1 || fail "veth"
ip -n "$(ns h1)" link set trk1 up
ip -n "$(ns h1)" link set trk0 up
sync_conf "$T_DIR/h1.conf" 200 "track_interface {
		trk0
	}"
sync_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold VI_1's VIP: $(holder)"
wait_holder h1 1 192.0.2.11 || fail "h1 does not hold VI_2's VIP"
ip -n "$(ns h1)" link set trk0 down
wait_holder h2 2 192.0.2.11 || fail "VI_2 did not move: $(holder 192.0.2.11)"
wait_holder h2 2 || fail "VI_1 did not follow its sync group: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 1 || fail "VI_1 not in FAULT"
reaches || fail "the client does not reach VI_1's VIP on h2"
reaches 192.0.2.11 || fail "the client does not reach VI_2's VIP on h2"
ip -n "$(ns h1)" link set trk0 up
wait_holder h1 3 192.0.2.11 || fail "VI_2 did not come back: $(holder 192.0.2.11)"
wait_holder h1 3 || fail "VI_1 did not come back: $(holder)"
reaches || fail "the client does not reach VI_1's VIP on h1"
pass
