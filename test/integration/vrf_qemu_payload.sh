#!/bin/sh
# Guest half of t_vrrp_vrf_qemu.sh (run by test/qemu/run.sh as root in a
# kernel with VRF support): routers h1 (priority 200) and h2 (100), client
# c on a bridge. On h1 and h2, eth0 is enslaved to the VRF blue (table
# 10), so the LAN's route is in table 10 only: the main table has no
# route to the peer. VI_1 has no interface, "vrf blue", unicast_src_ip
# and unicast_peer, the VIP 192.0.2.10 on dev eth0. Steps: vigild -t
# (accepts; warns of a device that is not a VRF, of a VIP outside the
# VRF); h1 master with the VIP, h2 backup (the adverts
# flow inside the VRF), the client reaches the VIP; blue down on h1: h1 in
# FAULT, h2 master; blue up: h1 master again; h1 stopped: h2 takes the
# VIP; h1 restarted without "vrf": its adverts find no route (the VRF's
# table is what makes the peer reachable).
# Prints "ok STEP" per step and "vrf payload: all steps passed".
set -u
W=/tmp/vrf
mkdir -p $W
bad() {
	echo "FAIL: $*"
	for h in h1 h2; do
		echo "--- $h"; ip -n $h -d addr show 2>&1; ip -n $h route show table all 2>&1
		tail -n 30 $W/$h.log
	done
	exit 1
}
T0=$(date +%s)
ok() { echo "ok $* ($(( $(date +%s) - T0 )) s)"; }
wait_for() {	# SECONDS CMD...
	_t=$(( $1 * 10 )); shift
	while [ $_t -gt 0 ]; do "$@" && return 0; sleep 0.1; _t=$((_t - 1)); done
	return 1
}
has_vip() { ip -n $1 -o addr show dev eth0 2>/dev/null | grep -Fq " 192.0.2.10/"; }
only_on() {	# HOST: it alone holds the VIP
	o=h1; [ $1 = h1 ] && o=h2
	has_vip $1 && ! has_vip $o
}
start() {	# HOST CONF
	: >>$W/$1.log
	ip netns exec $1 /usr/sbin/vigild -n -l -f $2 -p $W/$1.pid \
	    -r $W/$1.vrrp.pid -c $W/$1.check.pid --control-socket=$W/$1.sock \
	    >>$W/$1.log 2>&1 &
}

ip netns add sw && ip -n sw link set lo up || bad "netns sw"
ip -n sw link add br0 type bridge && ip -n sw link set br0 up || bad "bridge"
n=0
for h in h1 h2 c; do
	n=$((n + 1))
	ip netns add $h && ip -n $h link set lo up || bad "netns $h"
	ip link add eth0 netns $h type veth peer name p$n netns sw || bad "veth"
	ip -n sw link set p$n master br0 up
done
for h in h1 h2; do
	ip -n $h link add blue type vrf table 10 || bad "$h: ip link add blue type vrf"
	ip -n $h link set blue up
	ip -n $h link set eth0 master blue || bad "$h: eth0 into blue"
	ip -n $h link add d0 type dummy && ip -n $h link set d0 up
done
for h in h1 h2 c; do ip -n $h link set eth0 up; done
ip -n h1 addr add 192.0.2.1/24 dev eth0
ip -n h2 addr add 192.0.2.2/24 dev eth0
ip -n c addr add 192.0.2.100/24 dev eth0
ip -n h1 route get 192.0.2.2 >/dev/null 2>&1 &&
    bad "h1's main table has a route to 192.0.2.2: $(ip -n h1 route get 192.0.2.2)"
ip -n h1 route get vrf blue 192.0.2.2 >/dev/null || bad "no route to h2 in blue"

conf() {	# FILE PRIO SRC PEER [VRF LINE] [VIP DEV]
	cat >$1 <<EOF
global_defs {
	router_id r$2
}
vrrp_instance VI_1 {
	state BACKUP
	virtual_router_id 51
	priority $2
	version 3
	advert_int 0.2
	${5-vrf blue}
	unicast_src_ip $3
	unicast_peer {
		$4
	}
	virtual_ipaddress {
		192.0.2.10/24 dev ${6:-eth0}
	}
}
EOF
}
conf $W/h1.conf 200 192.0.2.1 192.0.2.2
conf $W/h2.conf 100 192.0.2.2 192.0.2.1
vt() {	# CONF: vigild -t's output (in h1)
	ip netns exec h1 /usr/sbin/vigild -t -f $1 >$W/t.out 2>&1 ||
	    bad "vigild -t $1: $(cat $W/t.out)"
}
vt $W/h1.conf
grep -q 'warning\|error' $W/t.out && bad "vigild -t: $(cat $W/t.out)"
# One file, two instances: VI_1's vrf is not a VRF device, VI_2's VIP
# is on an interface outside its VRF.
conf $W/warn.conf 200 192.0.2.1 192.0.2.2 "vrf d0"
conf $W/warn2.conf 200 192.0.2.1 192.0.2.2 "vrf blue" d0
sed 's/VI_1/VI_2/; s/router_id 51/router_id 52/; /global_defs/,/^}/d' \
    $W/warn2.conf >>$W/warn.conf
vt $W/warn.conf
grep -q 'warn.conf:10:[0-9]*: warning: vrf d0 is not a VRF device (its kind is dummy); instance VI_1 binds its socket to it as to an interface' $W/t.out ||
    bad "no warning for a device that is not a VRF: $(cat $W/t.out)"
grep -q 'warn.conf:[0-9]*:[0-9]*: warning: vrrp_instance VI_2: interface d0 is not in vrf blue' $W/t.out ||
    bad "no warning for a VIP outside the VRF: $(cat $W/t.out)"
ok "vigild -t accepts vrf; warns of a non-VRF device, of a VIP outside the VRF"

start h1 $W/h1.conf
wait_for 5 only_on h1 || bad "h1 alone is not master"
start h2 $W/h2.conf
wait_for 5 grep -q '(VI_1) Entering BACKUP STATE' $W/h2.log || bad "h2 not backup"
sleep 1
only_on h1 || bad "the VIP moved"
grep -q '(VI_1) Entering MASTER STATE' $W/h2.log && bad "h2 became master"
ip netns exec c ping -c 1 -W 1 192.0.2.10 >/dev/null || bad "client: no answer from the VIP"
kill -USR1 "$(cat $W/h2.pid)"
wait_for 3 grep -q '^   VRF = blue$' /tmp/vigil.data || bad "data dump: $(cat /tmp/vigil.data)"
/usr/sbin/vigilctl -s $W/h2.sock status >$W/status 2>&1 ||
    bad "vigilctl status: $(cat $W/status)"
grep -Eq '^VI_1 +vrf:blue +vrid 51 +BACKUP' $W/status ||
    bad "vigilctl status: no vrf:blue interface column: $(cat $W/status)"
ok "h1 master with the VIP, h2 backup: the adverts flow in blue (h2's dump: VRF = blue)"

ip -n h1 link set blue down
wait_for 3 grep -q '(VI_1) Entering FAULT STATE' $W/h1.log || bad "blue down: h1 not in FAULT"
wait_for 3 only_on h2 || bad "blue down on h1: h2 did not take the VIP"
ip -n h1 link set blue up
wait_for 5 only_on h1 || bad "blue up: h1 is not master again"
ok "blue down on h1: FAULT, h2 master; up: h1 master again"

P1=$(cat $W/h1.pid)
kill -TERM "$P1"
wait_for 5 only_on h2 || bad "h1 stopped: h2 did not take the VIP"
ip netns exec c ping -c 1 -W 1 192.0.2.10 >/dev/null || bad "client: no answer from h2"
ok "h1 stopped: h2 holds the VIP"
wait_for 5 sh -c "! kill -0 $P1 2>/dev/null" || bad "h1 did not stop"

# Without vrf (bound to no device), h1's adverts to 192.0.2.2 find no
# route in the main table: h2 never hears them and stays master.
conf $W/h1novrf.conf 200 192.0.2.1 192.0.2.2 ""
: >$W/h1.log
start h1 $W/h1novrf.conf
wait_for 5 grep -q 'send vrrp to 192.0.2.2: Network is unreachable' $W/h1.log ||
    bad "h1 without vrf: no 'Network is unreachable'"
has_vip h2 || bad "h2 lost the VIP though h1's adverts cannot reach it"
ok "without vrf, h1's adverts find no route: the VRF's table carries them"
kill -TERM "$(cat $W/h1.pid)" "$(cat $W/h2.pid)"
wait
echo "vrf payload: all steps passed"
