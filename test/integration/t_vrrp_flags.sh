#!/bin/sh
# Instance flags that change how an instance runs, on one host:
# unicast_fault_no_peer without peers keeps VI_2 in FAULT (VI_1, the
# same without the flag, runs over multicast and becomes MASTER), and a
# reload giving VI_2 a peer brings it out; promote_secondaries sets the
# interface's IPv4 flag (0 before), so a VIP that is its subnet's primary
# address can go without taking the other addresses of the subnet along.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
flag() { ns_exec h1 sysctl -n net.ipv4.conf.eth0.promote_secondaries; }
[ "$(flag)" = 0 ] || fail "promote_secondaries already set on h1's eth0"
conf() {	# PEERS
	cat >"$T_DIR/h1.conf" <<EOF2
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority 100
	advert_int 0.1
	version 3
	promote_secondaries
	virtual_ipaddress {
		192.0.2.10/24
	}
}
vrrp_instance VI_2 {
	interface eth0
	virtual_router_id 52
	priority 100
	advert_int 0.1
	version 3
	unicast_fault_no_peer
	$1
	virtual_ipaddress {
		192.0.2.11/24
	}
}
EOF2
}
conf ""
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering MASTER STATE' 3 || fail "VI_1 not MASTER"
wait_log "$T_DIR/h1.log" '\(VI_2\) no unicast_peer and unicast_fault_no_peer: staying in FAULT' 1 ||
    fail "VI_2: no fault_no_peer line"
grep -q '(VI_2) Entering FAULT STATE' "$T_DIR/h1.log" || fail "VI_2 not in FAULT"
sleep 0.5
grep -q '(VI_2) Entering MASTER' "$T_DIR/h1.log" && fail "VI_2 became MASTER without peers"
has_vip h1 192.0.2.11 && fail "VI_2's VIP is up"
[ "$(flag)" = 1 ] || fail "promote_secondaries not set by VI_1"
log "fault_no_peer: FAULT without peers; promote_secondaries set"

conf "unicast_peer {
		192.0.2.2
	}"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" '\(VI_2\) Entering MASTER STATE' 3 ||
    fail "VI_2 did not leave FAULT once given a peer"
has_vip h1 192.0.2.11 || fail "VI_2's VIP is not up after the reload"
log "fault_no_peer: a peer given by a reload brings VI_2 out of FAULT"
pass
