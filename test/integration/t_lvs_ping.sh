#!/bin/sh
# PING_CHECK on this host's kernel (no IPVS here): vigild in namespace
# "dir" (192.0.2.100) pings 192.0.2.1 in "srv" from an unprivileged
# ICMP datagram socket.
# 1. Without net.ipv4.ping_group_range covering the check child's group
#    the checker fails and says why.
# 2. With it: the address answers: the server comes up (alpha: it starts
#    down), notify_up runs.
# 3. The address is removed: no echo reply, the server goes down after
#    its retry, notify_down runs.
# 4. The address is back: up again.
. "$(dirname "$0")/lib.sh"
need_root

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
chmod 711 "$T_DIR"

cat >"$T_DIR/dir.conf" <<EOF
global_defs {
    router_id dir
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    protocol TCP
    real_server 192.0.2.1 80 {
        notify_up "/bin/sh -c 'echo up >> $T_DIR/rs1.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/rs1.notify'"
        PING_CHECK {
            connect_timeout 1
            retry 1
            delay_before_retry 1
            alpha
            log_all_failures
        }
    }
}
EOF
L=$T_DIR/dir.log

# 1. "1 0" (the kernel's default): no group may open ICMP sockets.
ip netns exec "$(ns dir)" sysctl -qw net.ipv4.ping_group_range="1 0"
vigil_start dir "$T_DIR/dir.conf" -D
wait_log "$L" "PING_CHECK on service \[192.0.2.1\] failed.*ping_group_range does not include gid" 10 ||
    fail "no ping_group_range reason in the log"
[ ! -s "$T_DIR/rs1.notify" ] || fail "notify ran without echo replies"
stop_pid "$VIGIL_PID"
rm -f "$T_DIR/dir.pid"

# 2.
ip netns exec "$(ns dir)" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
: >"$L"
vigil_start dir "$T_DIR/dir.conf" -D
wait_log "$L" "PING_CHECK on service \[192.0.2.1\] success" 10 ||
    fail "PING_CHECK did not succeed"
wait_for 5 grep -qx up "$T_DIR/rs1.notify" || fail "notify_up did not run"

# 3.
ip -n "$(ns srv)" addr del 192.0.2.1/24 dev eth0
wait_for 10 grep -qx down "$T_DIR/rs1.notify" || fail "notify_down did not run"
grep -Eq "PING_CHECK on service \[192.0.2.1\] failed after 1 retry: timeout" "$L" ||
    fail "no failure line"

# 4.
ip -n "$(ns srv)" addr add 192.0.2.1/24 dev eth0
wait_for 10 sh -c "grep -c up '$T_DIR/rs1.notify' | grep -qx 2" ||
    fail "not up again"
pass
