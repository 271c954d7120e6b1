#!/bin/sh
# virtual_routes, virtual_rules, static_ipaddress, static_routes and
# static_rules on one two-node LAN: virtual routes and rules are on the
# master only and move on failover; statics are on both nodes from the
# start and untouched by failover. A vrrp
# child SIGKILLed on the master: the parent removes its virtual routes
# and rules (not the statics, which stay without a gap: `ip monitor`
# sees no deletion of them), the restarted child takes mastership back
# and puts the virtual ones back. A reload changes only the static or
# the master's virtual rule that changed. A stop removes the statics and
# the virtual routes and rules.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# conf FILE PRIO N [EXTRA STATIC ROUTE]: static address 203.0.113.N;
# $RULE3, if set, is one more virtual rule.
conf() {
	vrrp_conf "$1" "$2" "version 3
	advert_int 0.1
	virtual_routes {
		203.0.113.0/25 via 192.0.2.254 dev eth0
		198.51.100.0/25 dev eth0 metric 7
		198.51.100.128/25 via 192.0.2.254 dev eth0 table 100
	}
	virtual_rules {
		from $VIP4/32 table 100 priority 2000
		to 198.51.100.64/26 lookup 101
		${RULE3:-}
	}"
	cat >>"$1" <<EOC
static_ipaddress {
	203.0.113.$3/32 dev eth0
}
static_routes {
	198.51.100.0/26 via 192.0.2.254 dev eth0
	${4:-}
}
static_rules {
	from 203.0.113.0/24 table 100 priority 1000
}
EOC
}
statics() {
	ip -n "$(ns "$1")" -o addr show dev eth0 | grep -q " 203.0.113.$2/32" &&
	    ip -n "$(ns "$1")" route show 198.51.100.0/26 | grep -q 'via 192.0.2.254 dev eth0 proto keepalived' &&
	    ip -n "$(ns "$1")" rule show pref 1000 | grep -q 'from 203.0.113.0/24 lookup 100 proto keepalived'
}
no_statics() {
	! ip -n "$(ns "$1")" -o addr show dev eth0 | grep -q ' 203.0.113.' &&
	    [ -z "$(ip -n "$(ns "$1")" route show 198.51.100.0/26)" ] &&
	    [ -z "$(ip -n "$(ns "$1")" rule show pref 1000)" ]
}
nrules() {
	ip -n "$(ns "$1")" rule show | grep -Ec "from $VIP4 lookup 100|to 198.51.100.64/26 lookup 101"
}
virtuals() {
	[ "$(nrules "$1")" = 2 ] &&
	    [ "$(ip -n "$(ns "$1")" rule show pref 2000 | grep -c "from $VIP4 lookup 100 proto keepalived")" = 1 ] &&
	    ip -n "$(ns "$1")" rule show pref 16384 | grep -q "to 198.51.100.64/26 lookup 101 proto keepalived" &&
	    ip -n "$(ns "$1")" route show table 100 | grep -q '198.51.100.128/25 via 192.0.2.254' &&
	    ip -n "$(ns "$1")" route show 203.0.113.0/25 | grep -q 'via 192.0.2.254 dev eth0 proto keepalived' &&
	    ip -n "$(ns "$1")" route show 198.51.100.0/25 | grep -q 'dev eth0 proto keepalived scope link metric 7'
}
no_virtuals() {
	[ "$(nrules "$1")" = 0 ] &&
	    [ -z "$(ip -n "$(ns "$1")" route show table 100 2>/dev/null)" ] &&
	    [ -z "$(ip -n "$(ns "$1")" route show 203.0.113.0/25)" ] &&
	    [ -z "$(ip -n "$(ns "$1")" route show 198.51.100.0/25)" ]
}
virtuals_on() { o=h1; [ "$1" = h1 ] && o=h2; virtuals "$1" && no_virtuals "$o"; }

vrrp_lan
conf "$T_DIR/h1.conf" 200 1
conf "$T_DIR/h2.conf" 100 2
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
wait_for 2 virtuals_on h1 || fail "the virtual rules and routes are not on h1 alone"
wait_for 2 statics h1 1 || fail "h1's statics are not set"
wait_for 2 statics h2 2 || fail "h2's statics are not set (a backup)"
grep -q 'not supported yet' "$T_DIR/h1.log" && fail "a 'not supported yet' warning is left"

# Failover and back: the statics stay, the virtual rules move.
ip_monitor h1 "$T_DIR/mon1" address route rule
MON1=$MON_PID
link_cut h1
wait_holder h2 2 || fail "h2 did not take over: $(holder)"
wait_for 1 virtuals_on h2 || fail "the virtual rules did not move to h2"
statics h1 1 && statics h2 2 || fail "failover touched the statics"
link_restore h1
wait_holder h1 3 || fail "h1 did not preempt: $(holder)"
wait_for 1 virtuals_on h1 || fail "the virtual rules did not come back to h1"

# The master's vrrp child SIGKILLed: the parent removes the virtual
# routes and rules, leaves the statics; the restarted child preempts.
V1=$(vigil_pid h1 vrrp)
kill -KILL "$V1"
wait_log "$T_DIR/h1.log" 'removed rule "from 192.0.2.10/32 table 100 priority 2000" \(VI_1\)' 2 ||
    fail "the parent did not remove VI_1's virtual rule"
grep -q 'removed route "198.51.100.128/25 via 192.0.2.254 dev eth0 table 100" (VI_1)' "$T_DIR/h1.log" ||
    fail "the parent did not remove VI_1's virtual route"
wait_for 3 sh -c "[ -s $T_DIR/h1.vrrp.pid ] && [ \$(cat $T_DIR/h1.vrrp.pid) != $V1 ]" ||
    fail "no new vrrp child on h1"
wait_holder h1 5 || fail "the restarted child did not take the VIP back: $(holder)"
wait_for 2 virtuals_on h1 || fail "the restarted child did not put the virtual rules back"
statics h1 1 || fail "h1's statics are gone after the vrrp child restart"
kill "$MON1"
grep -E 'Deleted.*(203\.0\.113\.1/32|198\.51\.100\.0/26|from 203\.0\.113\.0/24)' "$T_DIR/mon1" &&
    fail "a static was removed during failover or the vrrp child restart"
grep -q 'Deleted.*from 192.0.2.10 lookup 100' "$T_DIR/mon1" ||
    fail "ip monitor saw no rule move (the check above would be blind)"

# Reload: one static route added, the rest untouched.
ip_monitor h2 "$T_DIR/mon2" address route rule
MON2=$MON_PID
conf "$T_DIR/h2.conf" 100 2 "203.0.113.128/26 via 192.0.2.254"
kill -HUP "$H2"
wait_for 3 sh -c "ip -n $(ns h2) route show 203.0.113.128/26 | grep -q keepalived" ||
    fail "the reload did not add the new static route"
conf "$T_DIR/h2.conf" 100 2
kill -HUP "$H2"
wait_for 3 sh -c "[ -z \"\$(ip -n $(ns h2) route show 203.0.113.128/26)\" ]" ||
    fail "the reload did not remove the dropped static route"
kill "$MON2"
[ "$(mon_lines "$T_DIR/mon2" | grep -c .)" = 2 ] ||
    fail "the reloads changed other than the one route: $(mon_lines "$T_DIR/mon2")"
statics h2 2 || fail "h2's statics are gone after the reloads"

# Reload on the master: a virtual rule added, then removed; the others
# stay (no deletion seen).
ip_monitor h1 "$T_DIR/mon3" rule
MON3=$MON_PID
RULE3="fwmark 7 table 102 priority 2100" conf "$T_DIR/h1.conf" 200 1
kill -HUP "$H1"
wait_for 3 sh -c "ip -n $(ns h1) rule show pref 2100 | grep -q 'fwmark 0x7 lookup 102 proto keepalived'" ||
    fail "a reload did not add the new virtual rule on the master"
conf "$T_DIR/h1.conf" 200 1
kill -HUP "$H1"
wait_for 3 sh -c "[ -z \"\$(ip -n $(ns h1) rule show pref 2100)\" ]" ||
    fail "a reload did not remove the dropped virtual rule"
kill "$MON3"
[ "$(mon_lines "$T_DIR/mon3" | grep -c .)" = 2 ] ||
    fail "the reloads changed other than the one rule: $(mon_lines "$T_DIR/mon3")"
virtuals_on h1 || fail "the reloads lost virtual rules or routes"

# Stop: the master's statics and virtual rules go, h2 takes the rules.
stop_pid "$H1"
wait_holder h2 2 || fail "h2 did not take over after the stop"
wait_for 1 virtuals_on h2 || fail "the virtual rules are not on h2 alone after h1 stopped"
no_statics h1 || fail "h1's statics are left after its stop"
statics h2 2 || fail "h2's statics moved"
pass
