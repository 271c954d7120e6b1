#!/bin/sh
# Adverts captured on the LAN decode in tshark as valid VRRP: v3 over
# IPv4 and IPv6 and v2 with PASS auth, good checksum, TTL / hop limit 255,
# our VRID, priority and VIP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
command -v tshark >/dev/null || fail "tshark not installed"

capture() {	# NAME: 3 s of VRRP seen by the client
	ns_exec c timeout 3 tshark -i eth0 -f 'ip proto 112 or ip6 proto 112' \
	    -w "$T_DIR/$1.pcap" >/dev/null 2>&1
	tshark -r "$T_DIR/$1.pcap" -T fields -E separator=, \
	    -e vrrp.version -e vrrp.virt_rtr_id -e vrrp.prio \
	    -e vrrp.checksum.status -e ip.ttl -e ipv6.hlim \
	    -e vrrp.ip_addr -e vrrp.ipv6_addr 2>/dev/null | sort | uniq -c \
	    >"$T_DIR/$1.txt"
	log "$1: $(cat "$T_DIR/$1.txt")"
}

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200
cat >>"$T_DIR/h1.conf" <<EOF2
vrrp_instance VI_6 {
	state MASTER
	interface eth0
	virtual_router_id 60
	priority 150
	advert_int 0.1
	version 3
	virtual_ipaddress {
		$VIP6
	}
}
vrrp_instance VI_2 {
	state MASTER
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
	}
}
EOF2
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP"
capture all
# count version,vrid,prio,checksum status (1: good),ttl,hlim,addr,addr6
grep -Eq '^ *[0-9]+ 3,51,200,1,255,,192\.0\.2\.10,$' "$T_DIR/all.txt" ||
	fail "no good v3 IPv4 advert (VRID 51, 200, ttl 255)"
grep -Eq '^ *[0-9]+ 3,60,150,1,,255,,2001:db8::10$' "$T_DIR/all.txt" ||
	fail "no good v3 IPv6 advert (VRID 60, 150, hop limit 255)"
grep -Eq '^ *[0-9]+ 2,70,120,1,255,,192\.0\.2\.20,$' "$T_DIR/all.txt" ||
	fail "no good v2 advert (VRID 70, 120, ttl 255)"
[ "$(wc -l <"$T_DIR/all.txt")" = 3 ] || fail "other VRRP packets seen"
pass
