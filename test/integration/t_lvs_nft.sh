#!/bin/sh
# nftables_ipvs on this host's kernel (nf_tables, no IPVS: the services
# are only logged): vigild in namespace a keeps table inet T1 marking the
# address lines of its virtual server groups, as `nft list table` shows;
# packets from namespace b to a group's addresses and ports carry the
# mark when they reach a probe chain after vigil's (priority -5 < 0),
# others do not; a reload renumbers the marks; stop removes the table;
# with net_namespace_ipvs the table is in that namespace.
# (With IPVS, the fwmark services and traffic through them: t_lvs_qemu.)
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
ip -n "$(ns a)" addr add 192.0.2.1/24 dev veth0
ip -n "$(ns a)" addr add 2001:db8:f::1/64 dev veth0 nodad
ip -n "$(ns b)" addr add 192.0.2.2/24 dev veth0
ip -n "$(ns b)" addr add 2001:db8:f::2/64 dev veth0 nodad
ip -n "$(ns b)" route add 192.0.2.8/29 via 192.0.2.1
ip -n "$(ns b)" route add 2001:db8::/64 via 2001:db8:f::1

conf() {	# conf START_FWMARK
	cat >"$T_DIR/vigil.conf" <<EOF
global_defs {
	router_id nft_ipvs
	nftables_ipvs T1
	nftables_ipvs_priority -5
	nftables_ipvs_start_fwmark $1
}
virtual_server_group G4 {
	192.0.2.10-12 80
	192.0.2.14 443
	fwmark 7
}
virtual_server group G4 {
	delay_loop 60
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	real_server 198.51.100.1 80 {
	}
}
virtual_server_group G6 {
	2001:db8::1-2001:db8::3 53
}
virtual_server group G6 {
	delay_loop 60
	protocol UDP
	real_server 2001:db8:1::1 53 {
	}
}
EOF
}
conf 2000
L=$T_DIR/a.log
vigil_start a "$T_DIR/vigil.conf"
wait_log "$L" 'nftables_ipvs: table inet T1, 3 address lines marked' 10 ||
	fail "no table line: $(tail -5 "$L")"

# The table as nft prints it, without blank lines and indentation.
table() { ns_exec a nft list table inet T1 | sed 's/^[[:space:]]*//; /^$/d'; }
rules() {	# rules MARK4 MARK6
	printf '%s\n' \
	    "ip daddr 192.0.2.10-192.0.2.12 tcp dport 80 meta mark set $1" \
	    "ip daddr 192.0.2.14 tcp dport 443 meta mark set $1" \
	    "ip6 daddr 2001:db8::1-2001:db8::3 udp dport 53 meta mark set $2"
}
want() {	# want MARK4 MARK6: the whole table
	echo "table inet T1 {"
	echo "chain prerouting {"
	echo "type filter hook prerouting priority filter - 5; policy accept;"
	rules "$1" "$2"
	echo "}"
	echo "chain output {"
	echo "type route hook output priority filter - 5; policy accept;"
	rules "$1" "$2"
	echo "}"
	echo "}"
}
table >"$T_DIR/got"
want 0x000007d0 0x000007d1 >"$T_DIR/want"
cmp -s "$T_DIR/want" "$T_DIR/got" ||
	fail "table inet T1: $(diff "$T_DIR/want" "$T_DIR/got")"
log "table inet T1: one rule per address line, marks 2000 (TCP group) and 2001 (UDP IPv6 group)"
grep -q 'IPVS: would add service FWM 2000 sched rr$' "$L" ||
	fail "no FWM 2000 service"
grep -q 'IPVS: would add service FWM 7 sched rr$' "$L" ||
	fail "the group's fwmark line is no longer its own service"
grep -q 'would add service \[192' "$L" &&
	fail "an address of the group was made a service of its own"
log "IPVS: FWM 2000 for the group's addresses, FWM 7 kept"

# A probe table after vigil's chain (priority 0) counts what arrives.
ns_exec a nft -f - <<'EOF' || fail "probe table"
table inet probe {
	chain pre {
		type filter hook prerouting priority 0; policy accept;
		ip daddr 192.0.2.11 tcp dport 80 meta mark 2000 counter
		ip daddr 192.0.2.11 tcp dport 81 counter
		ip daddr 192.0.2.11 tcp dport 81 meta mark != 0 counter
		ip daddr 192.0.2.13 counter
		ip daddr 192.0.2.13 meta mark != 0 counter
		ip6 daddr 2001:db8::2 udp dport 53 meta mark 2001 counter
	}
}
EOF
send() {	# send ADDR PORT tcp|udp: one packet or connection attempt
	ns_exec b python3 - "$@" <<'EOF'
import socket, sys
a, p, t = sys.argv[1], int(sys.argv[2]), sys.argv[3]
fam = socket.AF_INET6 if ':' in a else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM if t == 'tcp' else socket.SOCK_DGRAM)
s.settimeout(0.3)
try:
    if t == 'tcp':
        s.connect((a, p))
    else:
        s.sendto(b'x', (a, p))
except OSError:
    pass
EOF
}
send 192.0.2.11 80 tcp
send 192.0.2.11 81 tcp
send 192.0.2.13 80 tcp
send 2001:db8::2 53 udp
counts=$(ns_exec a nft list table inet probe |
    sed -n 's/.*counter packets \([0-9]*\) .*/\1/p' | tr '\n' ' ')
set -- $counts
[ $# = 6 ] || fail "probe counters: $counts"
[ "$1" -gt 0 ] || fail "192.0.2.11:80 not marked 2000 (counters $counts)"
[ "$2" -gt 0 ] && [ "$3" = 0 ] ||
	fail "192.0.2.11:81 (no such line) marked, or not seen (counters $counts)"
[ "$4" -gt 0 ] && [ "$5" = 0 ] ||
	fail "192.0.2.13 (out of the range) marked, or not seen (counters $counts)"
[ "$6" -gt 0 ] || fail "[2001:db8::2]:53/udp not marked 2001 (counters $counts)"
log "traffic: the group's address and port marked, others not (counters $counts)"

# A reload with another first mark: the table is replaced, renumbered.
conf 3000
kill -HUP "$VIGIL_PID"
wait_for 10 sh -c "ip netns exec $(ns a) nft list table inet T1 | grep -q 'mark set 0x00000bb8'" ||
	fail "reload: marks not renumbered: $(table)"
table >"$T_DIR/got"
want 0x00000bb8 0x00000bb9 >"$T_DIR/want"
cmp -s "$T_DIR/want" "$T_DIR/got" ||
	fail "table inet T1 after reload: $(diff "$T_DIR/want" "$T_DIR/got")"
wait_log "$L" 'IPVS: would add service FWM 3000 sched rr$' 5 ||
	fail "reload: no FWM 3000 service"
grep -q 'IPVS: would delete service FWM 2000$' "$L" ||
	fail "reload: FWM 2000 not deleted"
log "reload: the table replaced, marks from 3000, FWM 2000 replaced by FWM 3000"

stop_pid "$VIGIL_PID" 10 || fail "vigild did not stop"
ns_exec a nft list table inet T1 >/dev/null 2>&1 &&
	fail "table inet T1 left at stop"
grep -q 'nftables_ipvs: table inet T1 removed' "$L" || fail "no removal line"
ns_exec a nft list table inet probe >/dev/null 2>&1 ||
	fail "the probe table (not vigil's) was removed"
log "stop: table inet T1 removed, other tables kept"

# With net_namespace_ipvs the table goes where IPVS is programmed: b,
# not a where vigild runs.
sed -i 's/^\tnftables_ipvs T1$/\tnftables_ipvs T1\n\tnet_namespace_ipvs '"$(ns b)"'/' \
    "$T_DIR/vigil.conf"
grep -q net_namespace_ipvs "$T_DIR/vigil.conf" || fail "conf edit"
: >"$L"
vigil_start a "$T_DIR/vigil.conf"
wait_log "$L" 'nftables_ipvs: table inet T1, 3 address lines marked' 10 ||
	fail "net_namespace_ipvs: no table line: $(tail -5 "$L")"
ns_exec b nft list table inet T1 | grep -q 'mark set 0x00000bb8' ||
	fail "net_namespace_ipvs: no table in $(ns b)"
ns_exec a nft list table inet T1 >/dev/null 2>&1 &&
	fail "net_namespace_ipvs: the table is in $(ns a), where vigild runs"
stop_pid "$VIGIL_PID" 10
ns_exec b nft list table inet T1 >/dev/null 2>&1 &&
	fail "net_namespace_ipvs: table left in $(ns b) at stop"
log "net_namespace_ipvs: the table in $(ns b), removed at stop"
pass
