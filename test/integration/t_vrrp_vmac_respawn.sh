#!/bin/sh
# use_vmac and a killed vrrp process (SIGKILL): its VIPs are on the VMACs
# vrrp.51 (IPv4) and vrrp1.51 (IPv6), not on eth0, so the parent removes
# the VMACs themselves (the addresses and the virtual router MACs go with
# them) before the backup takes over; the VIPs are never on both routers.
# The restarted process makes its VMACs again and preempts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

on_host() { ip -n "$(ns "$1")" -o addr show | grep -Fq " $2/"; }
has_link() { ip -n "$(ns "$1")" link show "$2" >/dev/null 2>&1; }

vmac_conf() {	# FILE PRIO
	vrrp_conf "$1" "$2" "version 3
	advert_int 0.1
	use_vmac"
	cat >>"$1" <<EOF2

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
EOF2
}

vrrp_lan
vmac_conf "$T_DIR/h1.conf" 200
vmac_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_for 5 on_host h1 "$VIP4" || fail "h1 does not hold $VIP4"
wait_for 3 on_host h1 "$VIP6" || fail "h1 does not hold $VIP6"
has_link h1 vrrp.51 && has_link h1 vrrp1.51 || fail "h1 has no VMACs"
V1=$(vigil_pid h1 vrrp)
kill -KILL "$V1"
# h2 takes over within 0.4 s; h1's process restarts after 1 s.
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 2 ||
	fail "h2 did not take over from a killed vrrp process"
wait_log "$T_DIR/h2.log" '\(VI_6\) Entering MASTER STATE' 2 ||
	fail "h2's VI_6 did not take over from a killed vrrp process"
for a in "$VIP4" "$VIP6"; do
	on_host h1 "$a" && fail "$a is on both routers: $(ip -n "$(ns h1)" -o addr show | grep -F " $a/")"
done
for d in vrrp.51 vrrp1.51; do
	has_link h1 $d && fail "the parent left h1's $d up"
done
grep -q 'removed VMAC vrrp\.51 ' "$T_DIR/h1.log" ||
	fail "no line for the VMAC removed"
vigil_wait_child h1 vrrp "$V1" 5 || fail "h1's vrrp process not restarted"
wait_for 3 on_host h1 "$VIP4" || fail "the restarted h1 did not preempt"
wait_for 3 on_host h1 "$VIP6" || fail "the restarted h1 did not preempt VI_6"
has_link h1 vrrp.51 && has_link h1 vrrp1.51 || fail "h1 did not make its VMACs again"
wait_for 2 reaches || fail "the client does not reach the VIP on h1"
pass
