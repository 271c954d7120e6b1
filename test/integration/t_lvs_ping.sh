#!/bin/sh
# PING_CHECK on this host's kernel (no IPVS here), over IPv4 and IPv6:
# vigild in namespace "dir" (192.0.2.100, 2001:db8::100) pings
# 192.0.2.1 and 2001:db8::1 in "srv" from unprivileged ICMP and ICMPv6
# datagram sockets. Each step runs for both families at once.
# 1. Without net.ipv4.ping_group_range covering the check child's group
#    (the one sysctl rules both families) both checkers fail and say why.
# 2. With it: the addresses answer: the servers come up (alpha: they
#    start down), notify_up runs.
# 3. The addresses are removed: no echo reply, the servers go down after
#    their retry, notify_down runs.
# 4. The addresses are back: up again.
. "$(dirname "$0")/lib.sh"
need_root

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
ip -n "$(ns dir)" addr add 2001:db8::100/64 dev eth0 nodad
ip -n "$(ns srv)" addr add 2001:db8::1/64 dev eth0 nodad
chmod 711 "$T_DIR"

# vs VIP NAME ADDR: a virtual server at VIP port 80 whose real server
# ADDR is pinged, its notify scripts writing NAME.notify.
vs() {
	cat <<VS
virtual_server $1 80 {
    delay_loop 1
    protocol TCP
    real_server $3 80 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/$2.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/$2.notify'"
        PING_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
            alpha
            log_all_failures
        }
    }
}
VS
}
cat >"$T_DIR/dir.conf" <<EOF
global_defs {
    router_id dir
}
$(vs 192.0.2.200 rs1 192.0.2.1)
$(vs 2001:db8::200 rs6 2001:db8::1)
EOF
L=$T_DIR/dir.log
SERVERS="rs1/192.0.2.1 rs6/2001:db8::1"

# 1. "1 0" (the kernel's default): no group may open ICMP sockets of
# either family.
ip netns exec "$(ns dir)" sysctl -qw net.ipv4.ping_group_range="1 0"
vigil_start dir "$T_DIR/dir.conf" -D
for s in $SERVERS; do
	wait_log "$L" "PING_CHECK on service \[${s#*/}\] failed.*ping_group_range does not include gid" 10 ||
	    fail "no ping_group_range reason in the log for ${s#*/}"
	[ ! -s "$T_DIR/${s%/*}.notify" ] ||
	    fail "notify ran without echo replies (${s#*/})"
done
stop_pid "$VIGIL_PID"
rm -f "$T_DIR/dir.pid"

# 2.
ip netns exec "$(ns dir)" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
: >"$L"
vigil_start dir "$T_DIR/dir.conf" -D
for s in $SERVERS; do
	wait_log "$L" "PING_CHECK on service \[${s#*/}\] success" 10 ||
	    fail "PING_CHECK of ${s#*/} did not succeed"
	wait_for 5 grep -qx up "$T_DIR/${s%/*}.notify" ||
	    fail "notify_up did not run (${s#*/})"
done

# 3.
ip -n "$(ns srv)" addr del 192.0.2.1/24 dev eth0
ip -n "$(ns srv)" addr del 2001:db8::1/64 dev eth0
for s in $SERVERS; do
	wait_for 10 grep -qx down "$T_DIR/${s%/*}.notify" ||
	    fail "notify_down did not run (${s#*/})"
	grep -Eq "PING_CHECK on service \[${s#*/}\] failed after 1 retry: timeout" "$L" ||
	    fail "no failure line for ${s#*/}"
done

# 4.
ip -n "$(ns srv)" addr add 192.0.2.1/24 dev eth0
ip -n "$(ns srv)" addr add 2001:db8::1/64 dev eth0 nodad
for s in $SERVERS; do
	wait_for 10 sh -c "grep -c up '$T_DIR/${s%/*}.notify' | grep -qx 2" ||
	    fail "${s#*/} not up again"
done
pass
