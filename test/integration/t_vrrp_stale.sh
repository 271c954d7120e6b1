#!/bin/sh
# A VIP left on an interface by an earlier run (a crash) is removed at
# start, before the instance enters BACKUP: the VIP is not on two
# routers, and the client keeps reaching the master. An address that is
# no VIP of ours stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 100
vrrp_conf "$T_DIR/h2.conf" 200
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h2 3 || fail "h2 does not hold the VIP: $(holder)"
ip -n "$(ns h1)" addr add "$VIP4/32" dev eth0
ip -n "$(ns h1)" addr add 198.51.100.7/32 dev eth0
[ "$(holder)" = both ] || fail "no stale VIP to test with"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" 'removing stale VIP' 2 || fail "no stale VIP removal"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 1 || fail "h1 not BACKUP"
only_on h2 || fail "the stale VIP is still on h1: $(holder)"
has_vip h1 198.51.100.7 || fail "an address that is no VIP was removed"
reaches || fail "the client does not reach the VIP on h2"
pass
