#!/bin/sh
# use_vmac: the master holds the VIP on a macvlan "vrrp.51" with the
# virtual router MAC 00:00:5e:00:01:33 (adverts leave from it too), so
# the client's ARP entry for the VIP is that MAC and stays the same when
# the backup takes over; a stopped router removes its VMAC.
# Also: "use_vmac vip52" names the VMAC of VI_2 (192.0.2.11, MAC
# 00:00:5e:00:01:34); VI_6, IPv6 with the same VRID 51, gets "vrrp1.51"
# (vrrp.51 is VI_1's; keepalived's naming), MAC 00:00:5e:00:02:33 and
# the base's link-local address, its adverts' source; its VIP moves and
# the client's neighbour entry for it stays on the VMAC's MAC. A reload
# adding a VIP to VI_1 puts it on vrrp.51 without a transition.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

VMAC=00:00:5e:00:01:33
VIP2=192.0.2.11
vmac_vip() { ip -n "$(ns "$1")" -o addr show dev vrrp.51 2>/dev/null | grep -Fq " $VIP4/"; }
vmac_only() {
	vmac_vip "$1" || return 1
	o=h1; [ "$1" = h1 ] && o=h2
	! vmac_vip "$o" && ! has_vip "$o" && ! has_vip "$1"
}
client_mac() { ip -n "$(ns c)" neigh show "$VIP4" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }
# on_dev HOST DEV ADDR: ADDR is on HOST's DEV.
on_dev() { ip -n "$(ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -Fq " $3/"; }
# dev_only HOST DEV ADDR: on HOST's DEV, on no interface of the other.
dev_only() {
	o=h1; [ "$1" = h1 ] && o=h2
	on_dev "$1" "$2" "$3" &&
	    ! ip -n "$(ns $o)" -o addr show | grep -Fq " $3/" &&
	    ! on_dev "$1" eth0 "$3"
}
mac_of() { ip -n "$(ns "$1")" link show "$2" | awk '/link\/ether/ { print $2 }'; }
neigh_mac() { ip -n "$(ns c)" neigh show "$1" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }
ll6() { ip -n "$(ns "$1")" -6 -o addr show dev "$2" scope link | awk '{ sub(/\/.*/, "", $4); print $4 }'; }

more_conf() {	# FILE PRIO
	cat >>"$1" <<EOF

vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $2
	version 3
	advert_int 0.1
	use_vmac vip52
	virtual_ipaddress {
		$VIP2
	}
}

vrrp_instance VI_6 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	version 3
	advert_int 0.1
	use_vmac
	virtual_ipaddress {
		$VIP6
	}
}
EOF
}

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	use_vmac"
vrrp_conf "$T_DIR/h2.conf" 100 "version 3
	advert_int 0.1
	use_vmac"
more_conf "$T_DIR/h1.conf" 200
more_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
# h1 is master before h2 starts: on a slow host h2 could otherwise start
# more than the 39 ms by which h1's master-down interval is shorter
# before h1, and be master for a moment (this test is not about the election).
wait_for 5 vmac_only h1 || fail "h1 alone does not hold the VIP on vrrp.51"
vigil_start h2 "$T_DIR/h2.conf"
wait_for 5 vmac_only h1 || fail "h1 does not hold the VIP on vrrp.51"
ip -n "$(ns h1)" link show vrrp.51 | grep -q "link/ether $VMAC" ||
	fail "vrrp.51 on h1 does not carry $VMAC"
sleep 0.5
vmac_only h1 || fail "the VIP moved"
reaches || fail "the client does not reach the VIP"
[ "$(client_mac)" = "$VMAC" ] || fail "client ARP entry for the VIP: $(client_mac), not $VMAC"
# The named VMAC and the IPv6 one.
wait_for 3 dev_only h1 vip52 $VIP2 || fail "h1 does not hold $VIP2 on vip52"
[ "$(mac_of h1 vip52)" = 00:00:5e:00:01:34 ] || fail "vip52 has MAC $(mac_of h1 vip52)"
wait_for 3 dev_only h1 vrrp1.51 $VIP6 || fail "h1 does not hold $VIP6 on vrrp1.51: $(ip -n "$(ns h1)" -o addr show | grep -F "$VIP6/")"
[ "$(mac_of h1 vrrp1.51)" = 00:00:5e:00:02:33 ] || fail "vrrp1.51 has MAC $(mac_of h1 vrrp1.51)"
[ -n "$(ll6 h1 eth0)" ] && [ "$(ll6 h1 vrrp1.51)" = "$(ll6 h1 eth0)" ] ||
    fail "vrrp1.51's link-local '$(ll6 h1 vrrp1.51)' is not eth0's '$(ll6 h1 eth0)'"
grep -q 'Entering MASTER' "$T_DIR/h2.log" && fail "h2 was master: $(grep 'Entering MASTER' "$T_DIR/h2.log")"
reaches $VIP2 || fail "the client does not reach $VIP2"
reaches $VIP6 || fail "the client does not reach $VIP6"
[ "$(neigh_mac $VIP2)" = 00:00:5e:00:01:34 ] || fail "client: $VIP2 at $(neigh_mac $VIP2)"
[ "$(neigh_mac $VIP6)" = 00:00:5e:00:02:33 ] || fail "client: $VIP6 at $(neigh_mac $VIP6)"

link_cut h1
wait_for 2 vmac_only h2 || fail "h2 did not take the VIP on its vrrp.51"
reaches || fail "the client does not reach the VIP on h2"
[ "$(client_mac)" = "$VMAC" ] || fail "the VIP's MAC changed on failover: $(client_mac)"
wait_for 2 dev_only h2 vip52 $VIP2 || fail "h2 did not take $VIP2 on vip52"
wait_for 2 dev_only h2 vrrp1.51 $VIP6 || fail "h2 did not take $VIP6 on vrrp1.51"
wait_for 2 reaches $VIP6 || fail "the client does not reach $VIP6 on h2"
[ "$(neigh_mac $VIP6)" = 00:00:5e:00:02:33 ] || fail "client: $VIP6 at $(neigh_mac $VIP6) after failover"
link_restore h1
wait_for 3 vmac_only h1 || fail "h1 did not preempt"
# The restored link settles (macvlan carrier follows via linkwatch):
# a first probe may be lost.
wait_for 2 reaches || fail "the client does not reach the VIP on h1 again"

# A reload adding a VIP to VI_1: taken in place, the new VIP on vrrp.51.
entered=$(count_log "$T_DIR/h1.log" '\(VI_1\) Entering')
VIPS="$VIP4
		192.0.2.12" vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	use_vmac"
more_conf "$T_DIR/h1.conf" 200
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload not applied"
wait_for 2 dev_only h1 vrrp.51 192.0.2.12 || fail "h1 does not hold 192.0.2.12 on vrrp.51"
reaches 192.0.2.12 || fail "the client does not reach 192.0.2.12"
[ "$(neigh_mac 192.0.2.12)" = "$VMAC" ] || fail "client: 192.0.2.12 at $(neigh_mac 192.0.2.12)"
[ "$(count_log "$T_DIR/h1.log" '\(VI_1\) Entering')" = "$entered" ] ||
	fail "VI_1 changed state on the reload: $entered -> $(count_log "$T_DIR/h1.log" "\\(VI_1\\) Entering")"
vmac_only h1 || fail "the VIP moved on the reload"

stop_pid "$H1"
wait_for 2 vmac_only h2 || fail "h2 did not take over after the stop"
for d in vrrp.51 vrrp1.51 vip52; do
	ip -n "$(ns h1)" link show $d >/dev/null 2>&1 && fail "h1 left $d behind"
done
pass
