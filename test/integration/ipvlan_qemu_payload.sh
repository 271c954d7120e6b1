#!/bin/sh
# Guest half of t_vrrp_ipvlan_qemu.sh (run by test/qemu/run.sh as root in
# a kernel with ipvlan): routers h1 (priority 200) and h2 (100), client c
# on a bridge; VI_1 has "use_ipvlan ipv51 192.0.2.201/24" (h2: .202).
# Each router has an L2 ipvlan ipv51 on eth0 with its address; the
# master holds the VIP 192.0.2.10 on it and sends the adverts there;
# the backup hears them; the client reaches the VIP at eth0's MAC (an
# ipvlan shares it); h1 stopped: h2's ipv51 takes the VIP, h1's ipv51 is gone (the
# client's traffic after that is not checked: see below).
# Prints "ok STEP" per step and "ipvlan payload: all steps passed".
set -u
W=/tmp/ipvlan
mkdir -p $W
bad() {
	echo "FAIL: $*"
	for h in h1 h2; do
		echo "--- $h"; ip -n $h -d addr show 2>&1
		tail -n 30 $W/$h.log
	done
	exit 1
}
ok() { echo "ok $*"; }
wait_for() {	# SECONDS CMD...
	_t=$(( $1 * 10 )); shift
	while [ $_t -gt 0 ]; do "$@" && return 0; sleep 0.1; _t=$((_t - 1)); done
	return 1
}
on_ipv() { ip -n $1 -o addr show dev ipv51 2>/dev/null | grep -Fq " $2/"; }

ip netns add sw && ip -n sw link set lo up || bad "netns sw"
ip -n sw link add br0 type bridge && ip -n sw link set br0 up || bad "bridge"
n=0
for h in h1 h2 c; do
	n=$((n + 1))
	ip netns add $h && ip -n $h link set lo up || bad "netns $h"
	ip link add eth0 netns $h type veth peer name p$n netns sw || bad "veth"
	ip -n sw link set p$n master br0 up
	ip -n $h link set eth0 up
done
ip -n h1 addr add 192.0.2.1/24 dev eth0
ip -n h2 addr add 192.0.2.2/24 dev eth0
ip -n c addr add 192.0.2.100/24 dev eth0

conf() {	# FILE PRIO ADDR
	cat >$1 <<EOF
global_defs {
	router_id $2
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $2
	version 3
	advert_int 0.2
	use_ipvlan ipv51 $3/24
	virtual_ipaddress {
		192.0.2.10/24
	}
}
EOF
}
conf $W/h1.conf 200 192.0.2.201
conf $W/h2.conf 100 192.0.2.202
/usr/sbin/vigild -t -f $W/h1.conf >$W/t.out 2>&1 || bad "vigild -t: $(cat $W/t.out)"
grep -q 'not supported yet' $W/t.out && bad "use_ipvlan: $(cat $W/t.out)"
ok "vigild -t accepts use_ipvlan"

ip netns exec h1 /usr/sbin/vigild -n -l -f $W/h1.conf -p $W/h1.pid \
    -r $W/h1.vrrp.pid -c $W/h1.check.pid --control-socket=$W/h1.sock \
    >$W/h1.log 2>&1 &
H1=$!
wait_for 5 on_ipv h1 192.0.2.10 || bad "h1: VIP not on ipv51"
ip netns exec h2 /usr/sbin/vigild -n -l -f $W/h2.conf -p $W/h2.pid \
    -r $W/h2.vrrp.pid -c $W/h2.check.pid --control-socket=$W/h2.sock \
    >$W/h2.log 2>&1 &
H2=$!
wait_for 5 grep -q '(VI_1) Entering BACKUP STATE' $W/h2.log || bad "h2 not backup"
for h in h1 h2; do
	ip -n $h -d link show ipv51 | grep -q 'ipvlan.*mode l2' ||
	    bad "$h: ipv51 is not an L2 ipvlan: $(ip -n $h -d link show ipv51)"
	ip -n $h -d link show ipv51 | grep -q 'ipv51@eth0' || bad "$h: not on eth0"
done
on_ipv h1 192.0.2.201 || bad "h1: 192.0.2.201 not on ipv51"
on_ipv h2 192.0.2.202 || bad "h2: 192.0.2.202 not on ipv51"
on_ipv h2 192.0.2.10 && bad "h2 (backup) holds the VIP"
ok "both have an L2 ipvlan ipv51 on eth0 with their address; h1's holds the VIP"

# h2 hears h1's adverts (sent on h1's ipvlan): it stays BACKUP.
sleep 2
grep -q '(VI_1) Entering MASTER STATE' $W/h2.log && bad "h2 became master"
ok "h2 stays BACKUP: it hears h1's adverts"

ip netns exec c ping -c 2 -W 1 192.0.2.10 >/dev/null || bad "client: no answer from the VIP"
mac=$(ip -n c neigh show 192.0.2.10 | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2)
[ "$mac" = "$(ip -n h1 link show eth0 | awk '/link\/ether/ { print $2 }')" ] ||
    bad "client: the VIP at $mac, not h1's eth0 MAC"
ok "the client reaches the VIP at h1's eth0 MAC"

kill -TERM $H1
wait_for 5 on_ipv h2 192.0.2.10 || bad "h2 did not take the VIP"
wait_for 5 sh -c '! ip -n h1 link show ipv51 >/dev/null 2>&1' || bad "h1 left ipv51"
# Not checked: the client's answers after the failover. In this setup
# (the base eth0 holds an address of the VIP's subnet) h2's replies leave
# by eth0, whose ARP for the client stayed INCOMPLETE; see vigil.conf(5).
ok "h1 stopped: h2's ipv51 holds the VIP, h1's ipv51 is gone"
kill -TERM $H2
wait
echo "ipvlan payload: all steps passed"
