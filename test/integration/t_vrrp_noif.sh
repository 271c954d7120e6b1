#!/bin/sh
# Unicast instances without interface (keepalived.conf: "if using
# unicasting, the interface can be omitted"): the VRRP socket is bound to
# no device and the kernel routes the adverts to the peer; the VIP goes
# on its own dev. h1 and h2 share the LAN (eth0: the VIP, the client)
# and a second link (eth1, 198.51.100.0/24) where the unicast addresses
# are (IPv4 for VI_1, IPv6 for VI_6): the adverts take eth1, chosen by
# the kernel's routes. Cutting eth1
# makes h2 master though eth0 is up; restoring it makes h2 back off;
# stopping h1 moves the VIP; Debian's keepalived on h1 (with interface
# eth1: 2.2.7 refuses an instance without) preempts vigil's h2 and hands
# the VIP back when it stops.
# vigild -t warns of a VIP without dev.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
ns_veth h1 eth1 h2 eth1
ip -n "$(ns h1)" addr add 198.51.100.1/24 dev eth1
ip -n "$(ns h2)" addr add 198.51.100.2/24 dev eth1
ip -n "$(ns h1)" addr add 2001:db8:1::1/64 dev eth1 nodad
ip -n "$(ns h2)" addr add 2001:db8:1::2/64 dev eth1 nodad
# eth1 is cut below: its IPv6 address stays through that.
ns_exec h1 sysctl -qw net.ipv6.conf.eth1.keep_addr_on_down=1

# VI_1 over IPv4, VI_6 over IPv6 (2001:db8:1::1 and ::2 on eth1).
noif_conf() {	# FILE PRIO SRC PEER [VIP DEV]
	cat >"$1" <<EOF
global_defs {
	router_id vt_$$
}
vrrp_instance VI_1 {
	state BACKUP
	virtual_router_id 51
	priority $2
	version 3
	advert_int 0.2
	unicast_src_ip $3
	unicast_peer {
		$4
	}
	virtual_ipaddress {
		$VIP4/24 ${5-dev eth0}
	}
}
vrrp_instance VI_U {
	state BACKUP
	interface eth1
	virtual_router_id 53
	priority $2
	version 3
	advert_int 0.2
	unicast_src_ip $3
	unicast_peer {
		$4
	}
	virtual_ipaddress {
		192.0.2.53/24 dev eth0
	}
}
vrrp_instance VI_6 {
	state BACKUP
	virtual_router_id 52
	priority $2
	advert_int 0.2
	unicast_src_ip 2001:db8:1::${3##*.}
	unicast_peer {
		2001:db8:1::${4##*.}
	}
	virtual_ipaddress {
		$VIP6/64 dev eth0
	}
}
EOF
}
noif_conf "$T_DIR/h1.conf" 200 198.51.100.1 198.51.100.2
noif_conf "$T_DIR/h2.conf" 100 198.51.100.2 198.51.100.1

ns_exec h1 "$VIGILD" -t -f "$T_DIR/h1.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t: $(cat "$T_DIR/t.out")"
grep -q 'warning\|error\|not supported' "$T_DIR/t.out" &&
    fail "vigild -t: $(cat "$T_DIR/t.out")"
noif_conf "$T_DIR/nodev.conf" 200 198.51.100.1 198.51.100.2 ""
ns_exec h1 "$VIGILD" -t -f "$T_DIR/nodev.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t (VIP without dev): $(cat "$T_DIR/t.out")"
grep -q 'nodev.conf:[0-9]*:[0-9]*: warning: vrrp_instance VI_1 has no interface: this address goes on default_interface eth0; add dev IFNAME' \
    "$T_DIR/t.out" || fail "no warning for a VIP without dev: $(cat "$T_DIR/t.out")"
log "vigild -t: accepted; a VIP without dev is warned about"

vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 alone is not master: $(holder)"
wait_holder h1 5 $VIP6 || fail "h1 alone is not master (IPv6): $(holder $VIP6)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2 not backup"
sleep 1
only_on h1 || fail "the VIP moved: $(holder)"
only_on h1 $VIP6 || fail "the IPv6 VIP moved: $(holder $VIP6)"
grep -q 'Entering MASTER' "$T_DIR/h2.log" && fail "h2 became master"
reaches || fail "the client does not reach the VIP"
vigil_ctl h1 status >"$T_DIR/status.out" 2>&1 || fail "vigilctl status: $(cat "$T_DIR/status.out")"
grep -Eq '^VI_1 +\(none\) +vrid 51 +MASTER' "$T_DIR/status.out" ||
    fail "vigilctl status: no '(none)' interface: $(cat "$T_DIR/status.out")"
kill -USR1 "$H1"
wait_for 3 grep -q '^   Interface = (none: unicast)$' "$(vigil_dump h1 data)" ||
    fail "data dump: $(cat "$(vigil_dump h1 data)" 2>&1)"
# VI_U (interface eth1) reads the same adverts on eth1's socket as VI_1
# on the unbound one: neither socket counts the other's as unknown.
vigil_ctl h2 stats >"$T_DIR/stats.out" 2>&1 || fail "vigilctl stats: $(cat "$T_DIR/stats.out")"
[ "$(grep -c '^socket' "$T_DIR/stats.out")" = 3 ] ||
    fail "not 3 sockets (eth1, any IPv4, any IPv6): $(cat "$T_DIR/stats.out")"
grep '^socket' "$T_DIR/stats.out" | grep -Eq 'unknown_vrid[ =:]+[1-9]' &&
    fail "unknown VRIDs counted: $(grep '^socket' "$T_DIR/stats.out")"
log "h1 master with the VIP on eth0, h2 backup; the dump says no interface"
log "$(grep '^socket' "$T_DIR/stats.out" | head -2)"

ip -n "$(ns h1)" link set eth1 down
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 3 ||
    fail "eth1 cut (eth0 up): h2 did not become master"
ip -n "$(ns h1)" link set eth1 up
wait_holder h1 5 || fail "eth1 back: h2 did not back off: $(holder)"
wait_holder h1 5 $VIP6 || fail "eth1 back: h2 kept the IPv6 VIP: $(holder $VIP6)"
log "the adverts run on eth1: cut, h2 is master; restored, h2 backs off"

stop_pid "$H1" 5
wait_holder h2 5 || fail "h2 did not take over: $(holder)"
wait_holder h2 5 $VIP6 || fail "h2 did not take the IPv6 VIP: $(holder $VIP6)"
reaches || fail "the client does not reach the VIP on h2"
log "h1 stopped: h2 holds the VIP"

# Debian's keepalived 2.2.7 on h1 with the same configuration refuses
# it ("(VI_1) Unknown interface!": it checks for unicast peers before
# it has noted them); given interface eth1 it runs, preempts vigil's
# h2, which hears it and backs off.
sed 's/^\tvirtual_router_id 5[12]$/\tinterface eth1\n&/' "$T_DIR/h1.conf" \
    >"$T_DIR/h1ka.conf"
grep -q 'interface eth1' "$T_DIR/h1ka.conf" || fail "sed: $(cat "$T_DIR/h1ka.conf")"
nb=$(grep -c '(VI_1) Entering BACKUP STATE' "$T_DIR/h2.log")
: >"$T_DIR/h1.log"
ka_start h1 "$T_DIR/h1ka.conf"
wait_holder h1 5 || fail "keepalived on h1 did not take the VIP: $(holder)"
wait_holder h1 5 $VIP6 || fail "keepalived: no IPv6 VIP: $(holder $VIP6)"
wait_for 2 sh -c "[ \$(grep -c '(VI_1) Entering BACKUP STATE' '$T_DIR/h2.log') -gt $nb ]" ||
    fail "h2 did not go back to BACKUP"
reaches || fail "the client does not reach the VIP on keepalived's h1"
ka_stop "$KA_PID"
wait_holder h2 5 || fail "keepalived stopped: h2 did not take over: $(holder)"
pass
