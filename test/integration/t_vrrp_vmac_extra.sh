#!/bin/sh
# use_vmac_addr, vmac_addr_prefix, garp_extra_if. Routers h1 and h2 sit
# on two LANs (eth0: 192.0.2.0/24, eth1: 198.51.100.0/24); VI_1 runs on
# eth0 and holds 192.0.2.10 there and 198.51.100.10 "dev eth1".
# - use_vmac_addr with "vmac_addr_prefix vx": each router has a macvlan
#   vx.51 on eth1 with the MAC 00:00:5e:00:01:33; the master holds
#   198.51.100.10 on it, the eth0 VIP stays on eth0 (no use_vmac). The
#   client's ARP entry for 198.51.100.10 is that MAC and stays so when h2
#   takes over; the stopped h1 has removed its vx.51. A SIGKILLed vrrp
#   child: the parent removes vx.51 and the new child makes it again.
# - garp_extra_if 1 (garp_master_delay 0, no refresh): while master, one
#   gratuitous ARP a second for 198.51.100.10 on LAN 2, from the VMAC's
#   MAC, and none for 192.0.2.10 (the instance's own interface).
# - Reloaded without use_vmac_addr (the instance restarts, vx.51 goes):
#   garp_extra_if 1 sends nothing (no VMAC of an address); reloaded with
#   "garp_extra_if all 1" (in place): one a second on eth1 from eth1's
#   own MAC.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

PYTHON3=${PYTHON3:-$(command -v python3)}
CAPTURE="$(cd "$(dirname "$0")" && pwd)/garp_capture.py"
VIPB=198.51.100.10
VMAC=00:00:5e:00:01:33

on_dev() { ip -n "$(ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -Fq " $3/"; }
mac_of() { ip -n "$(ns "$1")" link show "$2" 2>/dev/null | awk '/link\/ether/ { print $2 }'; }
has_link() { ip -n "$(ns "$1")" link show "$2" >/dev/null 2>&1; }
neigh_mac() { ip -n "$(ns c)" neigh show "$1" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }

# conf FILE PRIO INSTANCE-LINES
conf() {
	cat >"$1" <<EOC
global_defs {
	router_id vt_$$
	vmac_addr_prefix vx
	vrrp_garp_master_delay 0
}

vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	version 3
	advert_int 0.2
	$3
	virtual_ipaddress {
		$VIP4/24
		$VIPB/24 dev eth1
	}
}
EOC
}

# capture NAME IF SECONDS: the client records GARPs on IF into $T_DIR/NAME.
capture() {
	rm -f "$T_DIR/$1.ready"
	ns_exec c "$PYTHON3" "$CAPTURE" -i "$2" -t "$3" --mac \
	    --ready "$T_DIR/$1.ready" >"$T_DIR/$1" 2>"$T_DIR/$1.err" &
	track_pid "$!"
	eval "CAP_$1=\$!"
	wait_for 5 test -e "$T_DIR/$1.ready" ||
	    fail "capture did not start: $(cat "$T_DIR/$1.err")"
}
# count FILE ADDR [MAC]: GARPs for ADDR (from MAC) in FILE.
count() {
	awk -v a="$2" -v m="${3:-}" '$1 == "arp" && $2 == a &&
	    (m == "" || $4 == m)' "$1" | wc -l
}

vrrp_lan
br_create sw br1
for h in h1:1 h2:2 c:100; do
	n=${h%%:*}
	T_NPORT=$(( T_NPORT + 1 ))
	ns_veth "$n" eth1 sw "p$T_NPORT"
	ip -n "$(ns sw)" link set "p$T_NPORT" master br1
	ip -n "$(ns "$n")" addr add "198.51.100.${h#*:}/24" dev eth1
done

conf "$T_DIR/h1.conf" 200 "use_vmac_addr
	garp_extra_if 1"
conf "$T_DIR/h2.conf" 100 "use_vmac_addr
	garp_extra_if 1"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_for 5 on_dev h1 vx.51 $VIPB || fail "h1: $VIPB not on vx.51"
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 ||
    fail "h2 not backup"
for h in h1 h2; do
	[ "$(mac_of $h vx.51)" = $VMAC ] ||
	    fail "$h: vx.51's MAC is '$(mac_of $h vx.51)', not $VMAC"
	ip -n "$(ns $h)" -d link show vx.51 | grep -q 'vx.51@eth1' ||
	    fail "$h: vx.51 is not on eth1"
done
on_dev h1 eth0 $VIP4 || fail "h1: $VIP4 not on eth0"
! on_dev h1 eth1 $VIPB || fail "h1: $VIPB on eth1, not only on vx.51"
! on_dev h2 vx.51 $VIPB || fail "h2 (backup) holds $VIPB"
log "vx.51 (MAC $VMAC) on eth1 of both; the master's holds $VIPB"

# garp_extra_if 1: one GARP a second on LAN 2 from the VMAC, none on LAN 1.
sleep 1
capture e1 eth1 4.5
capture e0 eth0 4.5
wait "$CAP_e1" "$CAP_e0"
n1=$(count "$T_DIR/e1" $VIPB $VMAC)
n0=$(count "$T_DIR/e0" $VIP4)
log "in 4.5 s: $n1 GARPs for $VIPB from $VMAC on LAN 2, $n0 for $VIP4 on LAN 1"
[ "$n1" -ge 4 ] && [ "$n1" -le 5 ] ||
    fail "$n1 GARPs for $VIPB, not 4 or 5: $(cat "$T_DIR/e1")"
[ "$(count "$T_DIR/e1" $VIPB)" = "$n1" ] ||
    fail "GARPs for $VIPB from another MAC: $(cat "$T_DIR/e1")"
[ "$n0" = 0 ] || fail "$n0 periodic GARPs for $VIP4 on eth0"

# The client's entry for the VIP on LAN 2 is the VMAC, across a failover.
ns_exec c ping -c 2 -W 1 -i 0.2 $VIPB >/dev/null || fail "no answer from $VIPB"
[ "$(neigh_mac $VIPB)" = $VMAC ] ||
    fail "client: $VIPB is at '$(neigh_mac $VIPB)', not $VMAC"
stop_pid "$H1" 5
wait_for 5 on_dev h2 vx.51 $VIPB || fail "h2 did not take $VIPB"
! has_link h1 vx.51 || fail "stopped h1 left vx.51"
ns_exec c ping -c 2 -W 1 -i 0.2 $VIPB >/dev/null ||
    fail "no answer from $VIPB after the failover"
[ "$(neigh_mac $VIPB)" = $VMAC ] ||
    fail "client: $VIPB now at '$(neigh_mac $VIPB)', not $VMAC"
log "failover: h2 holds $VIPB on its vx.51, the client's entry stays $VMAC"

# A killed vrrp child: the parent removes vx.51, the new child makes it.
OLD=$(vigil_pid h2 vrrp)
kill -KILL "$OLD"
wait_log "$T_DIR/h2.log" 'removed VMAC vx\.51 \(VI_1\)' 5 ||
    fail "parent did not remove vx.51 after the vrrp child died"
vigil_wait_child h2 vrrp "$OLD" 10 || fail "no new vrrp child"
wait_for 10 on_dev h2 vx.51 $VIPB || fail "h2: $VIPB not back on vx.51"
log "vrrp child killed: parent removed vx.51, the new child made it again"

# Without use_vmac_addr: no VMAC, and garp_extra_if sends nothing ...
conf "$T_DIR/h2.conf" 100 "garp_extra_if 1"
kill -HUP "$H2"
wait_log "$T_DIR/h2.log" 'configuration 2 running in every process' 5 ||
    fail "reload 2 not applied"
wait_for 5 on_dev h2 eth1 $VIPB || fail "h2: $VIPB not on eth1 after reload"
! has_link h2 vx.51 || fail "h2 kept vx.51 without use_vmac_addr"
sleep 1
capture n1 eth1 3
wait "$CAP_n1"
[ "$(count "$T_DIR/n1" $VIPB)" = 0 ] ||
    fail "garp_extra_if without all sent on eth1: $(cat "$T_DIR/n1")"
# ... and with "all", one a second on eth1 from eth1's MAC.
conf "$T_DIR/h2.conf" 100 "garp_extra_if all 1"
kill -HUP "$H2"
wait_log "$T_DIR/h2.log" 'configuration 3 running in every process' 5 ||
    fail "reload 3 not applied"
capture a1 eth1 3.5
wait "$CAP_a1"
n=$(count "$T_DIR/a1" $VIPB "$(mac_of h2 eth1)")
log "garp_extra_if 1: none; all 1: $n in 3.5 s from eth1's MAC"
[ "$n" -ge 3 ] && [ "$n" -le 4 ] ||
    fail "garp_extra_if all 1: $n GARPs, not 3 or 4: $(cat "$T_DIR/a1")"
pass
