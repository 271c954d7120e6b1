#!/bin/sh
# vmac_prefix and use_vmac's MAC: with "vmac_prefix vm", VI_1 (use_vmac
# 02:00:5e:10:20, 5 octets) holds the VIP on "vm.51" with the MAC
# 02:00:5e:10:20:33 (the VRID appended), the client's ARP entry for the
# VIP is that MAC; VI_2 ("use_vmac vx52 02:00:5e:10:20:99") on vx52 with
# that MAC; VI_2 has vmac_xmit_base, so its adverts leave with eth0's MAC
# while VI_1's leave with vm.51's. A killed vrrp process (SIGKILL): the parent finds both VMACs
# by their custom MAC and removes them; the restarted process makes them
# again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

MAC1=02:00:5e:10:20:33
MAC2=02:00:5e:10:20:99
VIP2=192.0.2.11
on_dev() { ip -n "$(ns "$1")" -o addr show dev "$2" 2>/dev/null | grep -Fq " $3/"; }
mac_of() { ip -n "$(ns "$1")" link show "$2" 2>/dev/null | awk '/link\/ether/ { print $2 }'; }
has_link() { ip -n "$(ns "$1")" link show "$2" >/dev/null 2>&1; }
# adverts: "SOURCE-MAC VRID" of the VRRP packets c sees in 0.5 s.
adverts() {
	ns_exec c python3 -c '
import socket, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind(("eth0", 0))
s.settimeout(0.1)
end = time.time() + 0.5
seen = set()
while time.time() < end:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    if len(f) > 35 and f[23] == 112:
        seen.add("%s %d" % (f[6:12].hex(":"), f[14 + 4 * (f[14] & 15) + 1]))
print("\n".join(sorted(seen)))'
}
neigh_mac() { ip -n "$(ns c)" neigh show "$1" | grep -o 'lladdr [0-9a-f:]*' | cut -d' ' -f2; }

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	use_vmac 02:00:5e:10:20" "vmac_prefix vm"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority 200
	version 3
	advert_int 0.1
	use_vmac vx52 $MAC2
	vmac_xmit_base
	virtual_ipaddress {
		$VIP2
	}
}
EOF
vigil_start h1 "$T_DIR/h1.conf"
wait_for 5 on_dev h1 vm.51 "$VIP4" || fail "h1 does not hold $VIP4 on vm.51: $(ip -n "$(ns h1)" -o link show)"
[ "$(mac_of h1 vm.51)" = $MAC1 ] || fail "vm.51 has MAC $(mac_of h1 vm.51), not $MAC1"
wait_for 3 on_dev h1 vx52 $VIP2 || fail "h1 does not hold $VIP2 on vx52"
[ "$(mac_of h1 vx52)" = $MAC2 ] || fail "vx52 has MAC $(mac_of h1 vx52), not $MAC2"
wait_for 2 reaches || fail "the client does not reach $VIP4"
[ "$(neigh_mac "$VIP4")" = $MAC1 ] || fail "client: $VIP4 at $(neigh_mac "$VIP4")"
reaches $VIP2 || fail "the client does not reach $VIP2"
[ "$(neigh_mac $VIP2)" = $MAC2 ] || fail "client: $VIP2 at $(neigh_mac $VIP2)"
want="$MAC1 51
$(mac_of h1 eth0) 52"
got=$(adverts)
[ "$got" = "$want" ] || fail "adverts seen (MAC VRID): $got; want: $want"

V1=$(vigil_pid h1 vrrp)
kill -KILL "$V1"
wait_log "$T_DIR/h1.log" 'removed VMAC vm\.51 ' 2 || fail "no line for vm.51 removed"
wait_log "$T_DIR/h1.log" 'removed VMAC vx52 ' 2 || fail "no line for vx52 removed"
for d in vm.51 vx52; do
	has_link h1 $d && fail "the parent left h1's $d"
done
vigil_wait_child h1 vrrp "$V1" 5 || fail "h1's vrrp process not restarted"
wait_for 3 on_dev h1 vm.51 "$VIP4" || fail "the restarted h1 does not hold $VIP4 on vm.51"
[ "$(mac_of h1 vm.51)" = $MAC1 ] || fail "the new vm.51 has MAC $(mac_of h1 vm.51)"
pass
