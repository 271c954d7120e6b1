#!/bin/sh
# test: exclusive
# The parent SIGKILLed (kill -9 of the main pid, the OOM killer): its
# children see their channel to it close and leave as on SIGTERM, at
# once: h1's vrrp child sends priority 0 and removes its VIP, h2 takes
# over after its skew time, not after the master-down interval, and the
# VIP is never on both. advert_int 1, so that skew (0.61 s) and
# master-down (3.6 s) are far apart; the client pings the VIP every 10 ms.
# Then the whole daemon SIGKILLed (every process at once): the VIP stays
# on h1 (nobody left to remove it), with its virtual route and rule and
# h1's static address, route and rule, until `vigild --release -f h1.conf`
# removes them, and only them (another address, route and rule of h1's,
# close to the configuration's, stay); --release is refused while a
# vigild runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "advert_int 1
	virtual_routes {
		198.51.100.128/25 via 192.0.2.254 table 100
	}
	virtual_rules {
		from $VIP4 table 100 priority 2000
	}"
cat >>"$T_DIR/h1.conf" <<EOF
static_ipaddress {
	203.0.113.1/32 dev eth0
}
static_routes {
	198.51.100.0/26 via 192.0.2.254 dev eth0
}
static_rules {
	from 203.0.113.0/24 table 100 priority 1000
}
EOF
# h1's configured routes and rules, with protocol keepalived.
h1_routes() {
	ip -n "$(ns h1)" route show table 100 proto keepalived | grep -q '^198.51.100.128/25 via 192.0.2.254' &&
	    ip -n "$(ns h1)" route show proto keepalived | grep -q '^198.51.100.0/26 via 192.0.2.254' &&
	    ip -n "$(ns h1)" rule show pref 2000 | grep -q "from $VIP4 lookup 100 proto keepalived" &&
	    ip -n "$(ns h1)" rule show pref 1000 | grep -q 'from 203.0.113.0/24 lookup 100 proto keepalived' &&
	    ip -n "$(ns h1)" -o addr show dev eth0 | grep -q ' 203.0.113.1/32'
}
h1_no_routes() {
	[ -z "$(ip -n "$(ns h1)" route show table all proto keepalived)" ] &&
	    ! ip -n "$(ns h1)" rule show | grep -q 'proto keepalived' &&
	    ! ip -n "$(ns h1)" -o addr show dev eth0 | grep -q ' 203.0.113.1/32'
}
vrrp_conf "$T_DIR/h2.conf" 100 "advert_int 1"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 8 || fail "h1 alone is not master: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2 not BACKUP"
V1=$(vigil_pid h1 vrrp)
C1=$(vigil_pid h1 check)
[ -n "$V1" ] || fail "h1 has no vrrp child"

client_ping_start
sleep 0.5
t0=$(date +%s%N)
kill -KILL "$H1"
wait_for 2 sh -c "! ip -n $(ns h1) -o addr show dev eth0 | grep -Fq ' $VIP4/'" ||
    fail "the VIP is still on h1 2 s after its parent died"
ms=$((($(date +%s%N) - t0) / 1000000))
wait_holder h2 3 || fail "h2 did not take the VIP: $(holder)"
sleep 0.3
client_ping_stop
gap=$(ping_gap_ms)
log "parent SIGKILLed: VIP off h1 after ${ms} ms, client outage ${gap} ms (skew 0.61 s, master-down 3.6 s)"
[ "$gap" -lt 1500 ] ||
    fail "client outage ${gap} ms: h2 waited for the master-down interval, not the priority 0 advert"
grep -q 'core process closed the channel: leaving as on SIGTERM' "$T_DIR/h1.log" ||
    fail "h1's children did not say why they left"
wait_log "$T_DIR/h2.log" 'received priority 0|Entering MASTER' 2 || fail "h2: no takeover line"
wait_for 5 sh -c "! kill -0 $V1 2>/dev/null" || fail "h1's vrrp child still runs"
[ -z "$C1" ] || wait_for 5 sh -c "! kill -0 $C1 2>/dev/null" ||
    fail "h1's check child still runs"
only_on h2 || fail "the VIP is not on h2 alone: $(holder)"
reaches || fail "the client does not reach the VIP on h2"

# The whole daemon killed at once.
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 8 || fail "h1 did not take the VIP back: $(holder)"
ns_exec h1 "$VIGILD" --release -f "$T_DIR/h1.conf" -p "$T_DIR/h1.pid" -l \
    >"$T_DIR/release0.out" 2>&1 && fail "--release ran beside a running vigild"
grep -q 'a vigild runs' "$T_DIR/release0.out" ||
    fail "--release beside vigild: $(cat "$T_DIR/release0.out")"
only_on h1 || fail "a refused --release changed the VIP: $(holder)"
wait_for 2 h1_routes || fail "h1 (master) lacks its virtual or static routes, rules, address"
ip -n "$(ns h1)" addr add 192.0.2.99/24 dev eth0
ip -n "$(ns h1)" route add 198.51.100.0/25 via 192.0.2.254 table 100
ip -n "$(ns h1)" rule add from "$VIP4" table 100 pref 3000
# Stopped first, then killed: a child that saw its parent die before its
# own SIGKILL would leave as on SIGTERM (priority 0, VIP removed), which is
# not what this step is about.
PIDS="$H1 $(vigil_pid h1 vrrp) $(vigil_pid h1 check)"
kill -STOP $PIDS
kill -KILL $PIDS
# h2 takes over after its master-down interval; h1 keeps the VIP.
both_hold() { [ "$(holder)" = both ]; }
wait_for 6 both_hold ||
    fail "after SIGKILL of every process the VIP is not on both: $(holder)"
ns_exec h1 "$VIGILD" --release -f "$T_DIR/h1.conf" -p "$T_DIR/h1.pid" -l \
    >"$T_DIR/release.out" 2>&1 || fail "--release failed: $(cat "$T_DIR/release.out")"
grep -q "removed VIP $VIP4 from eth0" "$T_DIR/release.out" ||
    fail "--release did not say what it removed: $(cat "$T_DIR/release.out")"
only_on h2 || fail "after --release the VIP is not on h2 alone: $(holder)"
ip -n "$(ns h1)" -o addr show dev eth0 | grep -q ' 192.0.2.99/24' ||
    fail "--release removed an address that is not the configuration's"
h1_no_routes || fail "--release left routes, rules or a static address: $(cat "$T_DIR/release.out")"
grep -q 'removed rule "from 192.0.2.10 table 100 priority 2000" (VI_1)' "$T_DIR/release.out" ||
    fail "--release did not say it removed the virtual rule: $(cat "$T_DIR/release.out")"
ip -n "$(ns h1)" route show table 100 | grep -q '^198.51.100.0/25 via 192.0.2.254' &&
    ip -n "$(ns h1)" rule show pref 3000 | grep -q "from $VIP4 lookup 100" ||
    fail "--release removed a route or rule that is not the configuration's"
reaches || fail "the client does not reach the VIP on h2"
pass
