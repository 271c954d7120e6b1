#!/bin/sh
# use_vmac: the master holds the VIP on a macvlan "vrrp.51" with the
# virtual router MAC 00:00:5e:00:01:33 (adverts leave from it too), so
# the client's ARP entry for the VIP is that MAC and stays the same when
# the backup takes over; a stopped router removes its VMAC.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

VMAC=00:00:5e:00:01:33
vmac_vip() { ip -n "$(ns "$1")" -o addr show dev vrrp.51 2>/dev/null | grep -Fq " $VIP4/"; }
vmac_only() {
	vmac_vip "$1" || return 1
	o=h1; [ "$1" = h1 ] && o=h2
	! vmac_vip "$o" && ! has_vip "$o" && ! has_vip "$1"
}
client_mac() { ip -n "$(ns c)" neigh show "$VIP4" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	use_vmac"
vrrp_conf "$T_DIR/h2.conf" 100 "version 3
	advert_int 0.1
	use_vmac"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_for 5 vmac_only h1 || fail "h1 does not hold the VIP on vrrp.51"
ip -n "$(ns h1)" link show vrrp.51 | grep -q "link/ether $VMAC" ||
	fail "vrrp.51 on h1 does not carry $VMAC"
sleep 0.5
vmac_only h1 || fail "the VIP moved"
reaches || fail "the client does not reach the VIP"
[ "$(client_mac)" = "$VMAC" ] || fail "client ARP entry for the VIP: $(client_mac), not $VMAC"

link_cut h1
wait_for 2 vmac_only h2 || fail "h2 did not take the VIP on its vrrp.51"
reaches || fail "the client does not reach the VIP on h2"
[ "$(client_mac)" = "$VMAC" ] || fail "the VIP's MAC changed on failover: $(client_mac)"
link_restore h1
wait_for 3 vmac_only h1 || fail "h1 did not preempt"
# The restored link settles (macvlan carrier follows via linkwatch):
# a first probe may be lost.
wait_for 2 reaches || fail "the client does not reach the VIP on h1 again"

stop_pid "$H1"
wait_for 2 vmac_only h2 || fail "h2 did not take over after the stop"
ip -n "$(ns h1)" link show vrrp.51 >/dev/null 2>&1 && fail "h1 left vrrp.51 behind"
pass
