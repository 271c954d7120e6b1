#!/bin/sh
# track_group: h1 (priority 200) has static_ipaddress 198.51.100.1/24 and
# a static route to 203.0.113.0/24 on its uplink eth1, both with
# "track_group G1", whose group is VI_1. h2 (100) is the backup.
# - Someone deletes the static address: vigil puts it back at once; h1
#   stays master.
# - eth1 goes down (the kernel drops the route; it cannot be put back):
#   VI_1 on h1 enters FAULT and h2 takes the VIP.
# - eth1 up again: the route and address are there again, h1 leaves
#   FAULT and takes the VIP back (it preempts).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

SADDR=198.51.100.1
NET=203.0.113.0/24

has_saddr() { ip -n "$(ns h1)" -o addr show dev eth1 | grep -Fq " $SADDR/24"; }
has_route() { ip -n "$(ns h1)" route show $NET | grep -q 'via 198.51.100.254 dev eth1'; }

vrrp_lan
ns_create up
ns_veth h1 eth1 up u0
ip -n "$(ns up)" addr add 198.51.100.254/24 dev u0

vrrp_conf "$T_DIR/h1.conf" 200
cat >>"$T_DIR/h1.conf" <<EOF

track_group G1 {
	group {
		VI_1
	}
}
static_ipaddress {
	$SADDR/24 dev eth1 track_group G1
}
static_routes {
	$NET via 198.51.100.254 dev eth1 track_group G1
}
EOF
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
H1L=$T_DIR/h1.log
wait_holder h1 5 || fail "h1 not master: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2 not backup"
has_saddr || fail "static address not set"
has_route || fail "static route not set"
! grep -q 'not supported yet' "$H1L" || fail "a 'not supported yet' warning"

# Deleted by someone: put back, no transition.
ip -n "$(ns h1)" addr del $SADDR/24 dev eth1
wait_for 3 has_saddr || fail "deleted static address not put back"
wait_log "$H1L" "static address $SADDR/24 dev eth1 deleted: putting it back \\(track_group\\)" 2 ||
    fail "no log line for the restored address"
only_on h1 || fail "h1 lost the VIP after the address was put back: $(holder)"
log "deleted static address put back; h1 still master"

# The uplink down: FAULT on h1, h2 takes over.
ip -n "$(ns h1)" link set eth1 down
wait_log "$H1L" '\(VI_1\) Entering FAULT STATE' 3 || fail "h1 not in FAULT"
wait_holder h2 3 || fail "h2 did not take the VIP: $(holder)"
! has_route || fail "the kernel kept the route on a down link"
log "eth1 down: h1 FAULT, h2 holds the VIP"

# Up again: entries back, h1 master again.
ip -n "$(ns h1)" link set eth1 up
wait_for 5 has_route || fail "static route not put back after eth1 up"
has_saddr || fail "static address missing after eth1 up"
wait_log "$H1L" 'interface eth1 up: putting back its tracked static entries' 2 ||
    fail "no log line for the restore"
wait_holder h1 5 || fail "h1 did not take the VIP back: $(holder)"
[ "$(count_log "$H1L" '\(VI_1\) Entering FAULT STATE')" = 1 ] ||
    fail "h1 entered FAULT more than once"
log "eth1 up: route and address back, h1 master again"
pass
