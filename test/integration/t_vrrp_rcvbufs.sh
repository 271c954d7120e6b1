#!/bin/sh
# global_defs' netlink receive buffers, read back with ss(8) on the real
# vrrp child's sockets: vrrp_netlink_cmd_rcv_bufs on the request socket
# (rtnl), vrrp_netlink_monitor_rcv_bufs on the link/address events socket
# (rtnl), process_monitor_rcv_bufs on the connector socket that watches
# processes for vrrp_track_process; SO_RCVBUF is capped by rmem_max, the
# _force flags pass it (SO_RCVBUFFORCE). The kernel doubles what is set,
# and ss shows the doubled size (rb). A reload applies new sizes; one
# without the keywords puts vigil's own back (1 MiB forced for the two
# monitors, libnl's 32 KiB for the request socket).
# The VRRP socket's receive buffer (ss -w): vrrp_rx_bufs_policy MTU
# (interface MTU times vrrp_rx_bufs_multiplier), ADVERT (advert IP
# packet times the multiplier), a size, an instance's kernel_rx_buf_size
# before the policy, and vigil's 1 MiB (forced) without them.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
ns_exec a ip addr add 192.0.2.1/24 dev veth0
MAX=$(ns_exec a cat /proc/sys/net/core/rmem_max)
# Above rmem_max, to tell SO_RCVBUFFORCE from SO_RCVBUF.
BIG=$((MAX + 4096))
conf() {
	vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24 "
global_defs {
$1
}"
}
conf "	vrrp_netlink_cmd_rcv_bufs 100000
	vrrp_netlink_monitor_rcv_bufs $BIG
	vrrp_netlink_monitor_rcv_bufs_force
	process_monitor_rcv_bufs $BIG
	process_monitor_rcv_bufs_force yes"
"$VIGILD" -t -f "$T_DIR/vigil.conf" >"$T_DIR/t.out" 2>&1 ||
	fail "vigild -t: $(cat "$T_DIR/t.out")"
grep -q 'rcv_bufs' "$T_DIR/t.out" && fail "-t: $(cat "$T_DIR/t.out")"
vigil_start a "$T_DIR/vigil.conf"
wait_log "$T_DIR/a.log" 'configuration 1 running' 5 || fail "not ready"
V=$(vigil_pid a vrrp)

# rb of the netlink sockets of protocol $1 whose ss line matches $2:
# in namespace a only vigild has any (the request socket has no groups,
# the monitor one has), and the connector socket lives in PID 1's
# network namespace (process events are only sent there) with the vrrp
# child's PID as its port id. Sorted, one line.
rbs() {
	{ ns_exec a ss -f netlink -m -e; ss -f netlink -m -e; } 2>/dev/null |
	    awk -v proto="$1:" -v re="$2" '
	    index($0, proto) && !index($0, proto "kernel") && $0 ~ re {
		if (match($0, /rb[0-9]+/))
			print substr($0, RSTART + 2, RLENGTH - 2)
	    }' | sort -n | uniq | tr '\n' ' '
}
# has LIST SIZE: SIZE is one of LIST's words.
has() { case " $1" in *" $2 "*) return 0 ;; esac; return 1; }
check() {
	q=$(rbs rtnl 'groups=0x00000000') m=$(rbs rtnl 'groups=0x0*[1-9a-f]')
	c=$(rbs connector "/$V ")
	log "$1: request rb: $q; monitor rb: $m; connector rb: $c"
	has "$q" "$2" || fail "$1: no request socket with rb$2 ($q)"
	[ "$m" = "$3 " ] || fail "$1: monitor socket not rb$3 ($m)"
	[ "$c" = "$4 " ] || fail "$1: connector socket not rb$4 ($c)"
}
check start 200000 $((2 * BIG)) $((2 * BIG))

# Without _force: capped at rmem_max.
conf "	vrrp_netlink_cmd_rcv_bufs 120000
	vrrp_netlink_monitor_rcv_bufs $BIG
	vrrp_netlink_monitor_rcv_bufs_force no
	process_monitor_rcv_bufs 150000"
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'configuration 2 running' 5 || fail "no reload"
check reload 240000 $((2 * MAX)) 300000

# Without the keywords: vigil's own sizes again.
conf ""
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'configuration 3 running' 5 || fail "no reload 2"
check "reload without" 65536 2097152 2097152

# SO_RCVBUF of the vrrp child's IPv4 VRRP socket (protocol 112) on
# veth0: ss shows no memory for raw sockets without raw_diag.
vrrp_rb() {
	python3 "$(dirname "$0")/sock_rcvbuf.py" "$V" |
	    awk '$1 == 2 && $2 == 112 && $3 == "veth0" { print $4 }' |
	    tr '\n' ' '
}
n=3
phase() {
	conf "$2"
	[ -z "$3" ] || sed -i "s/^\tpriority 150\$/&\n\tkernel_rx_buf_size $3/" \
	    "$T_DIR/vigil.conf"
	n=$((n + 1))
	kill -HUP "$VIGIL_PID"
	wait_log "$T_DIR/a.log" "configuration $n running" 5 ||
		fail "$1: no reload"
	got=$(vrrp_rb)
	log "$1: VRRP socket rb $got"
	[ "$got" = "$4 " ] || fail "$1: VRRP socket rb '$got', want $4"
}
# 1500 * 4, doubled by the kernel
phase MTU "	vrrp_rx_bufs_policy MTU
	vrrp_rx_bufs_multiplier 4" "" 12000
# v2 over IPv4, one VIP: 20 + 8 + 4 + 8 bytes, * 1000, doubled
phase ADVERT "	vrrp_rx_bufs_policy ADVERT
	vrrp_rx_bufs_multiplier 1000" "" 80000
phase size "	vrrp_rx_bufs_policy 30000" "" 60000
phase kernel_rx_buf_size "	vrrp_rx_bufs_policy 30000" 50000 100000
phase none "" "" 2097152
grep -E 'receive buffer of|SO_RCVBUFFORCE refused' "$T_DIR/a.log" &&
	fail "warnings in the log"
pass
