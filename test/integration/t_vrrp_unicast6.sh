#!/bin/sh
# Two vigil routers over IPv6 unicast (v3, global unicast_src_ip and
# unicast_peer): election, hard failure, fail-back on the IPv6 VIP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

u6() {
	echo "version 3
	advert_int 0.1
	unicast_src_ip $1
	unicast_peer {
		$2
	}"
}
vrrp_lan
VIPS="$VIP6/64" vrrp_conf "$T_DIR/h1.conf" 200 "$(u6 2001:db8::1 2001:db8::2)"
VIPS="$VIP6/64" vrrp_conf "$T_DIR/h2.conf" 100 "$(u6 2001:db8::2 2001:db8::1)"
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 "$VIP6" || fail "h1 does not hold the VIP: $(holder "$VIP6")"
sleep 0.5
only_on h1 "$VIP6" || fail "the VIP moved: $(holder "$VIP6")"
grep -q 'Entering MASTER' "$T_DIR/h2.log" && fail "h2 became master"
wait_for 2 reaches "$VIP6" || fail "the client does not reach the VIP"
link_cut h1
wait_holder h2 2 "$VIP6" || fail "h2 did not take over: $(holder "$VIP6")"
reaches "$VIP6" || fail "the client does not reach the VIP on h2"
link_restore h1
wait_holder h1 3 "$VIP6" || fail "h1 did not preempt: $(holder "$VIP6")"
wait_for 2 reaches "$VIP6" || fail "the client does not reach the VIP on h1 again"
pass
