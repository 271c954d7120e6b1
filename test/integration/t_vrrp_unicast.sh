#!/bin/sh
# test: exclusive
# Two vigil routers over unicast (unicast_src_ip, unicast_peer), v3 at
# 0.1 s: election, hard failure, fail-back; virtual_ipaddress_excluded
# (198.51.100.10, not advertised) moves with the VIP. h1 lists 40 peers,
# h2 the 40th (none is dropped: h2 must hear h1 to stay backup).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
PEERS=$(i=150; while [ $i -lt 189 ]; do printf '192.0.2.%d ' $i; i=$((i + 1)); done)
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	unicast_src_ip 192.0.2.1
	unicast_peer {
		$PEERS
		192.0.2.2
	}
	virtual_ipaddress_excluded {
		198.51.100.10/24
	}"
vrrp_conf "$T_DIR/h2.conf" 100 "version 3
	advert_int 0.1
	unicast_src_ip 192.0.2.2
	unicast_peer {
		192.0.2.1
	}
	virtual_ipaddress_excluded {
		198.51.100.10/24
	}"
vigil_start h1 "$T_DIR/h1.conf"
# h1 is master before h2 starts: on a slow host h2 could otherwise start
# more than the 39 ms by which h1's master-down interval is shorter
# before h1, and be master for a moment (this test is not about the election).
wait_holder h1 5 || fail "h1 alone is not master: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
sleep 0.5
only_on h1 || fail "the VIP moved: $(holder)"
grep -q 'Entering MASTER' "$T_DIR/h2.log" && fail "h2 became master"
reaches || fail "the client does not reach the VIP"
wait_holder h1 1 198.51.100.10 || fail "h1 does not hold the excluded VIP"
link_cut h1
wait_holder h2 2 || fail "h2 did not take over: $(holder)"
wait_holder h2 1 198.51.100.10 || fail "the excluded VIP did not move"
reaches || fail "the client does not reach the VIP on h2"
link_restore h1
wait_holder h1 3 || fail "h1 did not preempt: $(holder)"
reaches || fail "the client does not reach the VIP on h1 again"
pass
