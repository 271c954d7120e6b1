#!/bin/sh
# SNMP, KEEPALIVED-MIB's checker part (enable_snmp_checker, snmp_name):
# vigild in namespace "dir" runs its agent under Debian's snmpd (AgentX
# on a unix socket in the test's directory) and checks TCP listeners in
# "srv". This kernel has no IPVS (the check child logs what it would
# program and runs the checks), so the statistics columns are absent and
# keepalived, whose checker exits without IPVS, cannot run here: the
# values below are what keepalived 2.2.7 gives for such rows under a
# kernel with IPVS (t_snmp_checker_qemu.sh compares the two there).
# 1. A walk of keepalived.check (.1.3.6.1.4.1.9586.100.5.3) holds the
#    rows expected: the group and its three kinds of members, each
#    virtual server's type, address, scheduler, method, persistence,
#    quorum, commands, timers, tunnel, snmp_name; each real server's
#    address, weight, thresholds, commands, failed checks, snmp_name; the
#    sorry server as the first row, type sorry(2). Nothing of the VRRP
#    part (enable_snmp_vrrp is off), the global scalars are there.
# 2. The listener of 192.0.2.1 stops: snmptrapd gets realServerStateChange
#    (dead, 1 of 2 up) and virtualServerQuorumStateChange (notMet); the
#    table shows it dead, one failed check, the quorum not met. It
#    comes back: alive, met, traps again.
. "$(dirname "$0")/lib.sh"
need_root
for p in /usr/sbin/snmpd /usr/sbin/snmptrapd /usr/bin/snmpwalk; do
	[ -x "$p" ] || fail "$p not installed (test/deps.sh)"
done
PY=$(python3 -c 'import sys; print(sys.executable)')
HERE=$(cd "$(dirname "$0")" && pwd)

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
chmod 0711 "$T_DIR"
mkdir -m 0755 "$T_DIR/ax"

listener() {	# listener NAME ADDR
	rm -f "$T_DIR/$1.pid"
	daemon_start srv "$T_DIR/$1.stderr" "$PY" "$HERE/tcp_listener.py" \
	    "$2" 80 "$T_DIR/$1"
	eval "PID_$1=\$DAEMON_PID"
	wait_for 5 test -s "$T_DIR/$1.pid" || fail "listener $1 not up"
}
listener rs1 192.0.2.1
listener rs2 192.0.2.2

cat >"$T_DIR/dir.conf" <<EOF
global_defs {
    router_id snmp_chk
    enable_snmp_checker
    enable_traps
    snmp_socket unix:$T_DIR/ax/agentx
}
virtual_server_group web {
    192.0.2.210 80
    192.0.2.220-222 80
    fwmark 7
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind DR
    protocol TCP
    persistence_timeout 300
    persistence_granularity 255.255.255.0
    quorum 4
    hysteresis 0
    quorum_up "/bin/true up"
    quorum_down "/bin/true down"
    virtualhost www.example.com
    retry 2
    snmp_name "web front"
    sorry_server 192.0.2.9 80
    real_server 192.0.2.1 80 {
        weight 3
        uthreshold 100
        lthreshold 10
        snmp_name rs_one
        notify_down "/bin/true rs1 down"
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server 192.0.2.2 80 {
        weight 2
        inhibit_on_failure
        delay_before_retry 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server group web {
    delay_loop 2
    lb_algo sh
    sh-port
    lb_kind NAT
    protocol TCP
    real_server 192.0.2.1 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server fwmark 5 {
    delay_loop 3
    lb_algo rr
    lb_kind TUN type gue port 6080
    alpha
    omega
    real_server 192.0.2.2 80 {
        weight 4
    }
}
EOF

cat >"$T_DIR/snmpd.conf" <<EOF
master agentx
agentXSocket $T_DIR/ax/agentx
agentXPerms 0777 0755
rocommunity public 192.0.2.100
agentaddress udp:192.0.2.100:161
trap2sink 192.0.2.100:162 public
EOF
printf 'disableAuthorization yes\n' >"$T_DIR/snmptrapd.conf"
daemon_start dir "$T_DIR/trapd.log" /usr/sbin/snmptrapd -f -Lo -On -C \
    -c "$T_DIR/snmptrapd.conf" -p "$T_DIR/trapd.pid" -F 'TRAP %v\n' \
    udp:192.0.2.100:162
wait_log "$T_DIR/trapd.log" 'NET-SNMP version' 5 || fail "snmptrapd did not start"
daemon_start dir "$T_DIR/snmpd.log" /usr/sbin/snmpd -f -Lo -C \
    -c "$T_DIR/snmpd.conf" -p "$T_DIR/snmpd.pid"
wait_for 5 test -S "$T_DIR/ax/agentx" || fail "snmpd: no AgentX socket"

K=.1.3.6.1.4.1.9586.100.5
C=$K.3
TRUE=$(realpath /bin)/true	# a command shows its directory resolved
walk() {
	ns_exec dir snmpwalk -v2c -c public -On -t 2 192.0.2.100 "$K" \
	    >"$T_DIR/$1.walk" 2>&1
}
# expect WALK <<EOF "OID = TYPE: value" lines that must be in WALK.
expect() {
	miss=""
	while IFS= read -r l; do
		grep -qxF -- "$l" "$T_DIR/$1.walk" || miss="$miss
  $l"
	done
	[ -z "$miss" ] || fail "$1: missing from the walk:$miss
(the walk: $T_DIR/$1.walk)
$(grep "^$C\." "$T_DIR/$1.walk" | head -150)"
}

vigil_start dir "$T_DIR/dir.conf"
wait_log "$T_DIR/dir.log" 'started snmp agent' 5 || fail "no snmp agent"
wait_for 10 sh -c "ip netns exec $(ns dir) snmpget -v2c -c public -On -Oqv -t 1 -r 0 192.0.2.100 $C.4.1.6.1.2 2>/dev/null | grep -qx 1" ||
	fail "the agent does not show 192.0.2.1 alive: $(vigil_ctl dir status)"
# Both real servers of VS 1 up: quorum (4 <= 3 + 2) met.
wait_for 5 sh -c "ip netns exec $(ns dir) snmpget -v2c -c public -On -Oqv -t 1 -r 0 192.0.2.100 $C.3.1.23.1 2>/dev/null | grep -qx 1" ||
	fail "VS 1's quorum is not met"
sleep 1
walk up

expect up <<EOF
$K.1.2.0 = STRING: "snmp_chk"
$C.1.1.2.1 = STRING: "web"
$C.2.1.2.1.1 = INTEGER: 1
$C.2.1.3.1.1 = Gauge32: 7
$C.2.1.2.1.2 = INTEGER: 2
$C.2.1.4.1.2 = INTEGER: 1
$C.2.1.5.1.2 = Hex-STRING: C0 00 02 D2 
$C.2.1.8.1.2 = Gauge32: 80
$C.2.1.2.1.3 = INTEGER: 3
$C.2.1.4.1.3 = INTEGER: 1
$C.2.1.6.1.3 = Hex-STRING: C0 00 02 DC 
$C.2.1.7.1.3 = Hex-STRING: C0 00 02 DE 
$C.2.1.8.1.3 = Gauge32: 80
$C.3.1.2.1 = INTEGER: 2
$C.3.1.5.1 = INTEGER: 1
$C.3.1.6.1 = Hex-STRING: C0 00 02 C8 
$C.3.1.7.1 = Gauge32: 80
$C.3.1.8.1 = INTEGER: 1
$C.3.1.9.1 = INTEGER: 2
$C.3.1.10.1 = INTEGER: 2
$C.3.1.11.1 = INTEGER: 1
$C.3.1.12.1 = STRING: "www.example.com"
$C.3.1.13.1 = INTEGER: 1
$C.3.1.14.1 = Gauge32: 300
$C.3.1.15.1 = Hex-STRING: FF FF FF 00 
$C.3.1.16.1 = Gauge32: 1
$C.3.1.17.1 = INTEGER: 2
$C.3.1.18.1 = INTEGER: 2
$C.3.1.19.1 = INTEGER: 2
$C.3.1.20.1 = Gauge32: 2
$C.3.1.21.1 = Gauge32: 2
$C.3.1.22.1 = Gauge32: 4
$C.3.1.23.1 = INTEGER: 1
$C.3.1.24.1 = STRING: "'$TRUE' 'up'"
$C.3.1.25.1 = STRING: "'$TRUE' 'down'"
$C.3.1.26.1 = Gauge32: 0
$C.3.1.56.1 = INTEGER: 1
$C.3.1.57.1 = Gauge32: 2
$C.3.1.60.1 = INTEGER: 1
$C.3.1.64.1 = Gauge32: 1000000
$C.3.1.67.1 = Gauge32: 5000000
$C.3.1.71.1 = STRING: "web front"
$C.3.1.2.2 = INTEGER: 3
$C.3.1.3.2 = STRING: "web"
$C.3.1.9.2 = INTEGER: 8
$C.3.1.10.2 = INTEGER: 1
$C.3.1.13.2 = INTEGER: 2
$C.3.1.53.2 = INTEGER: 2
$C.3.1.54.2 = INTEGER: 1
$C.3.1.16.2 = Gauge32: 2
$C.3.1.2.3 = INTEGER: 1
$C.3.1.4.3 = Gauge32: 5
$C.3.1.10.3 = INTEGER: 3
$C.3.1.17.3 = INTEGER: 2
$C.3.1.18.3 = INTEGER: 1
$C.3.1.19.3 = INTEGER: 1
$C.3.1.68.3 = INTEGER: 2
$C.3.1.69.3 = Gauge32: 6080
$C.3.1.70.3 = INTEGER: 1
$C.4.1.2.1.2 = INTEGER: 1
$C.4.1.3.1.2 = INTEGER: 1
$C.4.1.4.1.2 = Hex-STRING: C0 00 02 01 
$C.4.1.5.1.2 = Gauge32: 80
$C.4.1.6.1.2 = INTEGER: 1
$C.4.1.7.1.2 = INTEGER: 3
$C.4.1.8.1.2 = Gauge32: 100
$C.4.1.9.1.2 = Gauge32: 10
$C.4.1.10.1.2 = INTEGER: 1
$C.4.1.12.1.2 = STRING: "'$TRUE' 'rs1' 'down'"
$C.4.1.13.1.2 = Gauge32: 0
$C.4.1.40.1.2 = INTEGER: 2
$C.4.1.55.1.2 = STRING: "rs_one"
$C.4.1.7.1.3 = INTEGER: 2
$C.4.1.10.1.3 = INTEGER: 2
$C.4.1.44.1.3 = Gauge32: 2
$C.4.1.48.1.3 = Gauge32: 2000000
$C.4.1.2.1.1 = INTEGER: 2
$C.4.1.4.1.1 = Hex-STRING: C0 00 02 09 
$C.4.1.43.1.2 = Gauge32: 2
$C.4.1.43.1.1 = Gauge32: 0
$C.3.1.57.2 = Gauge32: 0
$C.3.1.5.2 = INTEGER: 1
$C.3.1.15.2 = Hex-STRING: FF FF FF FF 
$C.3.1.51.2 = Gauge32: 4294967295
$C.4.1.7.3.1 = INTEGER: 4
$C.4.1.52.3.1 = INTEGER: 2
EOF
# Columns that must have no instance: the VRRP part, the statistics
# (no IPVS here), a group's address, a fwmark server's port, the
# tunnel of a non-TUN server, retry where none is configured.
for o in "$K.2." "$C.3.1.27.1 " "$C.4.1.14.1.2 " "$C.3.1.6.2 " \
    "$C.3.1.7.3 " "$C.3.1.8.3 " "$C.3.1.68.1 " "$C.3.1.51.1 " "$C.4.1.6.1.1 " \
    "$C.4.1.7.1.1 " "$C.4.1.8.1.3 " "$C.4.1.55.1.3 " "$C.3.1.71.2 " \
    "$C.3.1.1." "$C.4.1.1."; do
	grep -qF -- "$o" "$T_DIR/up.walk" &&
		fail "the walk has $o: $(grep -F -- "$o" "$T_DIR/up.walk" | head -3)"
done
n=$(grep -c "^$C\.4\.1\.2\." "$T_DIR/up.walk")
[ "$n" = 5 ] || fail "realServerType: $n rows, not 5 (2 + sorry, 1, 1)"
log "walk: $(grep -c "^$C\." "$T_DIR/up.walk") checker variables as expected"

# 2. 192.0.2.1 down: its checker (retry 0) fails within 2 s.
stop_pid "$PID_rs1"
wait_for 10 sh -c "grep -q '$C\\.5\\.0\\.2' '$T_DIR/trapd.log'" ||
	fail "no virtualServerQuorumStateChange: $(cat "$T_DIR/trapd.log")"
wait_for 5 sh -c "[ \$(grep -c '$C\\.5\\.0\\.1' '$T_DIR/trapd.log') -ge 2 ]" ||
	fail "not 2 realServerStateChange (VS 1 and the group's): $(cat "$T_DIR/trapd.log")"
sleep 1
grep "^TRAP " "$T_DIR/trapd.log" >"$T_DIR/down.traps"
# One line a trap: OID = value pairs.
trap_has() {	# trap_has TRAPOID PATTERN...: a trap of TRAPOID with all
	t=$1; shift
	grep "OID: $t" "$T_DIR/$T_TRAPS" | while IFS= read -r l; do
		ok=1
		for p; do
			printf '%s\n' "$l" | grep -qF -- "$p" || ok=0
		done
		[ $ok = 1 ] && echo y && break
	done | grep -q y
}
T_TRAPS=down.traps
trap_has "$C.5.0.1" "$C.4.1.3 = INTEGER: 1" \
    "$C.4.1.4 = Hex-STRING: C0 00 02 01" "$C.4.1.5 = Gauge32: 80" \
    "$C.4.1.6 = INTEGER: 2" "$C.3.1.2 = INTEGER: 2" \
    "$C.3.1.6 = Hex-STRING: C0 00 02 C8" "$C.3.1.7 = Gauge32: 80" \
    "$C.3.1.8 = INTEGER: 1" "$C.3.1.21 = Gauge32: 1" \
    "$C.3.1.20 = Gauge32: 2" "$K.1.2.0 = STRING: \"snmp_chk\"" ||
	fail "no realServerStateChange for 192.0.2.1 in VS 1: $(cat "$T_DIR/down.traps")"
trap_has "$C.5.0.1" "$C.4.1.6 = INTEGER: 2" "$C.3.1.2 = INTEGER: 3" \
    "$C.3.1.3 = STRING: \"web\"" "$C.3.1.21 = Gauge32: 0" ||
	fail "no realServerStateChange for 192.0.2.1 in the group's VS: $(cat "$T_DIR/down.traps")"
trap_has "$C.5.0.2" "$C.3.1.2 = INTEGER: 2" "$C.3.1.23 = INTEGER: 2" \
    "$C.3.1.22 = Gauge32: 4" "$C.3.1.21 = Gauge32: 1" ||
	fail "no virtualServerQuorumStateChange notMet for VS 1: $(cat "$T_DIR/down.traps")"
walk down
expect down <<EOF
$C.3.1.11.1 = INTEGER: 2
$C.3.1.21.1 = Gauge32: 1
$C.3.1.23.1 = INTEGER: 2
$C.4.1.6.1.2 = INTEGER: 2
$C.4.1.13.1.2 = Gauge32: 1
$C.4.1.6.2.1 = INTEGER: 2
EOF

listener rs1 192.0.2.1
wait_for 10 sh -c "[ \$(grep -c '$C\\.5\\.0\\.2' '$T_DIR/trapd.log') -ge 2 ]" ||
	fail "no second virtualServerQuorumStateChange"
sleep 1
grep "^TRAP " "$T_DIR/trapd.log" >"$T_DIR/up.traps"
T_TRAPS=up.traps
trap_has "$C.5.0.2" "$C.3.1.23 = INTEGER: 1" "$C.3.1.21 = Gauge32: 2" ||
	fail "no virtualServerQuorumStateChange met: $(cat "$T_DIR/up.traps")"
trap_has "$C.5.0.1" "$C.4.1.6 = INTEGER: 1" "$C.3.1.6 = Hex-STRING: C0 00 02 C8" ||
	fail "no realServerStateChange alive: $(cat "$T_DIR/up.traps")"
walk back
expect back <<EOF
$C.3.1.23.1 = INTEGER: 1
$C.4.1.6.1.2 = INTEGER: 1
$C.4.1.13.1.2 = Gauge32: 0
EOF
stop_pid "$VIGIL_PID" 5
pass
