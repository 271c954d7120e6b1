#!/bin/sh
# test: exclusive
# What vigil sends decodes in tshark (Wireshark's VRRP dissector, an
# independent implementation) as valid VRRP, every packet: a master h1
# with VI_1 (v3, IPv4, VRID 51, priority 200, 0.1 s), VI_6 (v3, IPv6,
# VRID 60, priority 150, 0.1 s) and VI_2 (v2, IPv4, PASS, VRID 70,
# priority 120, 1 s, two VIPs). Captured on the client: each packet is an
# advertisement (type 1) of one of these, with a good VRRP checksum (v3:
# pseudo-header), a good IP header checksum, TTL / hop limit 255, sent to
# 224.0.0.18 from 192.0.2.1 or to ff02::12 from h1's link-local address,
# with its VRID, priority, interval, address count and addresses (v2: auth
# type 1 and the password); and enough of them (>= 60 % of 1 / interval).
# Then the injector of t_vrrp_hostile.sh is checked the same way: its
# valid adverts decode as good, and a "ttl" or "auth" packet is wrong in
# that alone (checksum good), a "checksum" one has a bad checksum.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_vrrp_hostile.sh"
need_root
command -v tshark >/dev/null || fail "tshark not installed"
[ -n "$PYTHON3" ] || fail "python3 not installed"

DUR=3
# capture NAME SECONDS: VRRP seen by the client for SECONDS from when
# tshark is ready, one line per packet in $T_DIR/NAME.txt.
capture() {
	ns_exec c timeout $(($2 + 5)) tshark -q -i eth0 -a duration:"$2" \
	    -f 'ip proto 112 or ip6 proto 112' -w "$T_DIR/$1.pcap" \
	    >"$T_DIR/$1.err" 2>&1
	tshark -r "$T_DIR/$1.pcap" -o ip.check_checksum:TRUE -T fields \
	    -E separator='|' -E aggregator=' ' -E occurrence=a \
	    -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e ip.ttl \
	    -e ipv6.hlim -e ip.checksum.status -e vrrp.version -e vrrp.type \
	    -e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.addr_count \
	    -e vrrp.checksum.status -e vrrp.short_adver_int -e vrrp.adver_int \
	    -e vrrp.auth_type -e vrrp.auth_string -e vrrp.ip_addr \
	    -e vrrp.ipv6_addr >"$T_DIR/$1.txt" 2>"$T_DIR/$1.err2" ||
	    fail "tshark -r: $(cat "$T_DIR/$1.err2")"
}

vrrp_lan
vh_attacker
vrrp_conf "$T_DIR/h1.conf" 200
cat >>"$T_DIR/h1.conf" <<EOF
vrrp_instance VI_6 {
	state BACKUP
	interface eth0
	virtual_router_id 60
	priority 150
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP6
	}
}
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 70
	priority 120
	version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass secret
	}
	virtual_ipaddress {
		192.0.2.20
		192.0.2.21
	}
}
EOF
vh_start h1 "$T_DIR/h1.conf"
LL=$(ip -n "$(ns h1)" -6 -o addr show dev eth0 scope link |
    awk '{ sub(/\/.*/, "", $4); print $4 }')
[ -n "$LL" ] || fail "h1 has no link-local address"
wait_holder h1 3 || fail "h1 does not hold $VIP4"
wait_holder h1 3 $VIP6 || fail "h1 does not hold $VIP6"
wait_holder h1 5 192.0.2.20 || fail "h1 does not hold 192.0.2.20"
sleep 0.3
capture vigil $DUR
# Fields: 1 ip.src 2 ipv6.src 3 ip.dst 4 ipv6.dst 5 ttl 6 hlim
# 7 ip.checksum.status 8 version 9 type 10 vrid 11 prio 12 count
# 13 checksum.status 14 v3 interval 15 v2 interval 16 auth type
# 17 auth string 18 IPv4 addresses 19 IPv6 addresses. Checksum status
# (Wireshark): 0 bad, 1 good, 2 not verified.
V4="192.0.2.1|224.0.0.18|255|1"
awk -F'|' -v ll="$LL" -v v4="$V4" -v vip4="$VIP4" -v vip6="$VIP6" '
	{ ip4 = $1 "|" $3 "|" $5 "|" $7; k = "" }
	$10 == 51 && ip4 == v4 && $2 == "" && $8 == 3 && $9 == 1 &&
	    $11 == 200 && $12 == 1 && $13 == 1 && $14 == 10 &&
	    $18 == vip4 && $19 == "" { k = "v3-ipv4" }
	$10 == 60 && $1 == "" && $2 == ll && $4 == "ff02::12" && $6 == 255 &&
	    $8 == 3 && $9 == 1 && $11 == 150 && $12 == 1 && $13 == 1 &&
	    $14 == 10 && $18 == "" && $19 == vip6 { k = "v3-ipv6" }
	$10 == 70 && ip4 == v4 && $8 == 2 && $9 == 1 && $11 == 120 &&
	    $12 == 2 && $13 == 1 && $15 == 1 && $16 == 1 &&
	    $17 == "secret" && $18 == "192.0.2.20 192.0.2.21" { k = "v2-ipv4" }
	k == "" { print "bad packet " NR ": " $0; bad++; next }
	{ n[k]++ }
	END { printf "counts %d %d %d\n", n["v3-ipv4"], n["v3-ipv6"],
	    n["v2-ipv4"]; exit bad > 0 }' "$T_DIR/vigil.txt" \
    >"$T_DIR/vigil.check" ||
    fail "not every advert decodes as expected: $(head -n 5 "$T_DIR/vigil.check")"
set -- $(tail -n 1 "$T_DIR/vigil.check")
log "$DUR s: $2 v3 IPv4, $3 v3 IPv6, $4 v2 adverts, all good"
[ "$2" -ge $((DUR * 6)) ] || fail "only $2 v3 IPv4 adverts in $DUR s"
[ "$3" -ge $((DUR * 6)) ] || fail "only $3 v3 IPv6 adverts in $DUR s"
[ "$4" -ge 2 ] || fail "only $4 v2 adverts in $DUR s"

# The injector, seen by tshark: one packet per line below, in order.
V3="--version 3 --vrid 51 --vip $VIP4 --prio 254"
V2="--version 2 --vrid 70 --vip 192.0.2.20 --vip 192.0.2.21 --prio 254 \
    --auth-type 1 --password secret"
ip netns exec "$(ns c)" timeout 40 tshark -q -i eth0 -c 8 \
    -f "ip proto 112 and src $VH_ATK4" -w "$T_DIR/inj.pcap" \
    >"$T_DIR/inj.err" 2>&1 &
TS=$!
track_pid "$TS"
wait_for 8 grep -q Capturing "$T_DIR/inj.err" || fail "tshark did not start"
sleep 0.3
for a in "$V3 -k good" "$V3 -k ttl" "$V3 -k checksum" "$V3 -k interval" \
    "$V2 -k good" "$V2 -k ttl" "$V2 -k checksum" "$V2 -k auth"; do
	vh_inject $a >/dev/null || fail "inject $a"
	sleep 0.05
done
wait "$TS"
tshark -r "$T_DIR/inj.pcap" -o ip.check_checksum:TRUE -T fields \
    -E separator='|' -e ip.ttl -e ip.checksum.status -e vrrp.version \
    -e vrrp.prio -e vrrp.checksum.status -e vrrp.short_adver_int \
    -e vrrp.adver_int -e vrrp.auth_string >"$T_DIR/inj.txt" 2>/dev/null ||
    fail "tshark -r inj.pcap"
cat >"$T_DIR/inj.want" <<EOF
255|1|3|254|1|10||
254|1|3|254|1|10||
255|1|3|254|0|10||
255|1|3|254|1|0||
255|1|2|254|1||1|secret
254|1|2|254|1||1|secret
255|1|2|254|0||1|secret
255|1|2|254|1||1|secretx
EOF
diff "$T_DIR/inj.want" "$T_DIR/inj.txt" >"$T_DIR/inj.diff" ||
    fail "the injector's packets, as tshark sees them: $(cat "$T_DIR/inj.diff")"
log "injector: good, ttl, checksum, interval, auth decode as intended"
pass
