#!/bin/sh
# Accept mode (RFC 5798 6.1) with vrrp_strict: a master that does not own
# its addresses drops packets addressed to them (no_accept) through
# vigil's nftables table inet vigil; with `accept` it answers. ARP, ND
# and VRRP keep working. h1 (200) and h2 (100), both strict: VI_1 holds
# 192.0.2.10 (no_accept, implied), VI_2 2001:db8::10 (no_accept), VI_3
# 192.0.2.11 with accept. The client's ping and TCP to .10 and ::10 fail,
# to .11 succeed; its neighbour entries for them point at h1. h1 stopped:
# its table goes, h2 takes over and its table holds the addresses; h1
# back: h2's addresses leave its sets. h1's vrrp child SIGKILLed: the
# parent removes the table. The whole of h1 SIGKILLed: the table stays
# until vigild --release. VRRP version 2 in strict mode resets accept.
# Then keepalived 2.2.7 on h1, same configuration: the same answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
command -v nft >/dev/null || fail "nft (package nftables) not installed"

vrrp_lan
conf() {
	cat >"$1" <<EOF
global_defs {
	router_id vt_$$
	vrrp_strict
	vrrp_version 3
}
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority $2
	advert_int 0.5
	virtual_ipaddress {
		192.0.2.10
	}
}
vrrp_instance VI_2 {
	interface eth0
	virtual_router_id 52
	priority $2
	advert_int 0.5
	virtual_ipaddress {
		2001:db8::10
	}
}
vrrp_instance VI_3 {
	interface eth0
	virtual_router_id 53
	priority $2
	advert_int 0.5
	accept
	virtual_ipaddress {
		192.0.2.11
	}
}
EOF
}
conf "$T_DIR/h1.conf" 200
conf "$T_DIR/h2.conf" 100

# set_of HOST: the addresses in HOST's vigil sets, one a line ("none"
# when the table is not there).
set_of() {
	ns_exec "$1" nft list table inet vigil 2>/dev/null >"$T_DIR/nft.$1" ||
	    { echo none; return; }
	tr -s ' {},\t' '\n' <"$T_DIR/nft.$1" | grep -E '^(192\.0\.2|2001:db8)' |
	    sort | tr '\n' ' '
}
no_table() { [ "$(set_of "$1")" = none ]; }
set_is() { [ "$(set_of "$1")" = "$2" ]; }
ping4() { ns_exec c ping -c 1 -W "${2:-1}" "$1" >/dev/null 2>&1; }
ping6() { ns_exec c ping -6 -c 1 -W 1 "$1" >/dev/null 2>&1; }
# tcp ADDR [TIMEOUT]: a TCP connection to ADDR port 8080 (h1's and h2's
# listeners) opens.
tcp() {
	ns_exec c timeout "${2:-1}" bash -c 'exec 3<>"/dev/tcp/$0/8080"' "$1" 2>/dev/null
}
# lladdr HOST ADDR: the MAC the client has for ADDR.
mac_of() { ip -n "$(ns "$1")" -o link show dev eth0 | sed 's/.*ether \([^ ]*\).*/\1/'; }
lladdr() { ip -n "$(ns c)" neigh show "$1" | sed -n 's/.*lladdr \([^ ]*\).*/\1/p'; }

for h in h1 h2; do
	daemon_start "$h" "$T_DIR/l$h.out" python3 \
	    "$(dirname "$0")/tcp_listener.py" :: 8080 "$T_DIR/l$h.log"
done
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_holder h1 8 || fail "h1 is not master: $(holder)"
wait_for 5 test -s "$T_DIR/lh1.log.pid" -a -s "$T_DIR/lh2.log.pid" ||
    fail "the TCP listeners did not start: $(cat "$T_DIR"/l*.out)"
wait_holder h1 3 192.0.2.11 || fail "h1 does not hold .11"
wait_holder h1 3 "$VIP6" || fail "h1 does not hold $VIP6"
wait_for 3 set_is h1 "192.0.2.10 2001:db8::10 " ||
    fail "h1's sets: $(set_of h1)"
set_is h2 "" || fail "h2 (backup) has addresses in its sets: $(set_of h2)"
grep -q '(VI_1) strict mode: traffic to the VIPs is dropped unless accept is set' \
    "$T_DIR/h1.log" || fail "no strict mode line for VI_1"
grep -q '(VI_3) strict mode' "$T_DIR/h1.log" && fail "VI_3 (accept) logged strict mode"

check_master() {
	m=$(mac_of "$1")
	# The probes at once: each that must fail waits out its 1 s.
	ping4 192.0.2.10 & p1=$!
	tcp 192.0.2.10 & p2=$!
	ping6 "$VIP6" & p3=$!
	tcp "$VIP6" & p4=$!
	ping4 192.0.2.11 3 & p5=$!
	tcp 192.0.2.11 3 & p6=$!
	wait $p1 && fail "ping to 192.0.2.10 (no_accept) answered on $1"
	wait $p2 && fail "TCP to 192.0.2.10 (no_accept) accepted on $1"
	wait $p3 && fail "ping to $VIP6 (no_accept) answered on $1"
	wait $p4 && fail "TCP to $VIP6 (no_accept) accepted on $1"
	wait $p5 || fail "ping to 192.0.2.11 (accept) not answered on $1"
	wait $p6 || fail "TCP to 192.0.2.11 (accept) refused on $1"
	# ARP and ND still answered, by the master.
	[ "$(lladdr 192.0.2.10)" = "$m" ] ||
	    fail "client's ARP for 192.0.2.10: '$(lladdr 192.0.2.10)', not $1's $m"
	[ "$(lladdr "$VIP6")" = "$m" ] ||
	    fail "client's ND for $VIP6: '$(lladdr "$VIP6")', not $1's $m"
}
check_master h1
log "h1 master: no_accept drops ping and TCP (IPv4, IPv6), accept answers, ARP/ND answered"

# A reload changes only what changed: VI_3 turns no_accept, 192.0.2.11
# joins the set, the table stays (no second "set up"), nobody changes
# state. Then accept again and nftables_counters: the table made anew
# with counters, 192.0.2.11 out.
reload_h1() {
	kill -HUP "$H1"
	wait_log "$T_DIR/h1.log" "configuration $1 running in every process" 5 ||
	    fail "h1: reload $1 not applied"
}
sed '/^\taccept$/d' "$T_DIR/h2.conf" | sed 's/priority 100/priority 200/' \
    >"$T_DIR/h1.new" && mv "$T_DIR/h1.new" "$T_DIR/h1.conf"
reload_h1 2
set_is h1 "192.0.2.10 192.0.2.11 2001:db8::10 " ||
    fail "after a reload to no_accept, h1's sets: $(set_of h1)"
ping4 192.0.2.11 && fail "192.0.2.11 answers after the reload to no_accept"
[ "$(count_log "$T_DIR/h1.log" 'table inet vigil set up')" = 1 ] ||
    fail "a reload of accept made the table anew"
[ "$(count_log "$T_DIR/h1.log" 'Entering')" = 6 ] ||
    fail "a reload of accept changed states: $(grep Entering "$T_DIR/h1.log")"
sed 's/^\tvrrp_version 3$/\tvrrp_version 3\n\tnftables_counters/' \
    "$T_DIR/h2.conf" | sed 's/priority 100/priority 200/' >"$T_DIR/h1.new" &&
    mv "$T_DIR/h1.new" "$T_DIR/h1.conf"
reload_h1 3
set_is h1 "192.0.2.10 2001:db8::10 " ||
    fail "after a reload to accept, h1's sets: $(set_of h1)"
grep -q 'counter packets' "$T_DIR/nft.h1" || fail "nftables_counters: no counters"
[ "$(count_log "$T_DIR/h1.log" 'table inet vigil set up')" = 2 ] ||
    fail "nftables_counters did not make the table anew"
ping4 192.0.2.11 3 || fail "192.0.2.11 does not answer after the reload to accept"
log "reloads: accept to no_accept moves 192.0.2.11 into the set alone; nftables_counters makes the table anew"

# Failover: h1 stops, its table goes; h2 takes over and drops.
stop_pid "$H1" 5
no_table h1 || fail "h1 stopped: its table is left: $(set_of h1)"
wait_holder h2 5 || fail "h2 did not take over: $(holder)"
wait_holder h2 3 "$VIP6" || fail "h2 does not hold $VIP6"
set_is h2 "192.0.2.10 2001:db8::10 " || fail "h2's sets: $(set_of h2)"
ns_exec c ip neigh flush dev eth0
check_master h2
log "h1 stopped: no table left; h2 master drops the same"

# h1 back: it preempts, h2's addresses leave its sets (the table stays,
# its instances still run in no_accept mode).
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 8 || fail "h1 did not take over again: $(holder)"
wait_for 3 set_is h2 "" || fail "h2 (backup again) sets: $(set_of h2)"
wait_for 3 set_is h1 "192.0.2.10 2001:db8::10 " ||
    fail "h1's sets: $(set_of h1)"

# The vrrp child SIGKILLed: the parent removes the table.
V1=$(vigil_pid h1 vrrp)
kill -KILL "$V1"
wait_log "$T_DIR/h1.log" 'removed nftables table inet vigil' 5 ||
    fail "the parent did not remove the table after a vrrp child crash"
vigil_wait_child h1 vrrp "$V1" 5 || fail "h1's vrrp child not restarted"
wait_holder h1 8 || fail "h1 did not take over after its restart: $(holder)"
wait_for 3 set_is h1 "192.0.2.10 2001:db8::10 " ||
    fail "h1's sets after its vrrp child's restart: $(set_of h1)"

# Every process of h1 SIGKILLed: the table stays until --release.
# (stopped first, so that none of them sees another die and cleans up)
P1="$H1 $(vigil_pid h1 vrrp) $(vigil_pid h1 check)"
kill -STOP $P1
kill -KILL $P1
wait_for 3 sh -c "! kill -0 $H1 2>/dev/null" || fail "h1 did not die"
set_is h1 "192.0.2.10 2001:db8::10 " || fail "h1 killed: sets $(set_of h1)"
ns_exec h1 "$VIGILD" --release -f "$T_DIR/h1.conf" -p "$T_DIR/h1.pid" -l \
    >"$T_DIR/release.out" 2>&1 || fail "--release: $(cat "$T_DIR/release.out")"
grep -q 'removed nftables table inet vigil' "$T_DIR/release.out" ||
    fail "--release did not say it removed the table: $(cat "$T_DIR/release.out")"
no_table h1 || fail "after --release the table is left: $(set_of h1)"
log "vrrp child SIGKILL: the parent removed the table; SIGKILL of all + --release: none left"

# RFC 3768 has no accept mode: strict version 2 resets it (as keepalived).
sed 's/vrrp_version 3/vrrp_version 2/; s/advert_int 0.5/advert_int 1/' \
    "$T_DIR/h1.conf" >"$T_DIR/v2.conf"
"$VIGILD" -t -f "$T_DIR/v2.conf" >"$T_DIR/v2.out" 2>&1
grep -q 'VI_3: VRRP version 2 (RFC 3768) has no accept mode; strict mode resets accept' \
    "$T_DIR/v2.out" || fail "v2 strict accept: $(cat "$T_DIR/v2.out")"

# keepalived on h1, the same configuration: the same answers.
stop_pid "$H2" 5
ka_start h1 "$T_DIR/h1.conf"
wait_holder h1 8 || fail "keepalived on h1 is not master: $(holder)"
wait_holder h1 3 192.0.2.11 || fail "keepalived on h1 does not hold .11"
sleep 0.5
ping4 192.0.2.10 && fail "keepalived answers a ping to 192.0.2.10"
ping4 192.0.2.11 || fail "keepalived does not answer a ping to 192.0.2.11"
ka_stop "$KA_PID"
log "keepalived 2.2.7: the same (ping to .10 dropped, .11 answered)"
pass
