#!/bin/sh
# VRRPv2 PASS authentication: with different passwords the two routers
# do not hear each other: both become master, and every advert of the
# other is dropped and counted ("auth"); with the same password there
# is one master.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

v2auth() {
	echo "version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass $1
	}"
}
vrrp_lan
STATE=MASTER vrrp_conf "$T_DIR/h1.conf" 200 "$(v2auth right)"
STATE=MASTER vrrp_conf "$T_DIR/h2.conf" 100 "$(v2auth wrong)"
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder both 3 || fail "not both masters with different passwords: $(holder)"
wait_log "$T_DIR/h2.log" 'dropped advert from 192\.0\.2\.1: auth' 3 ||
	fail "h2 did not count h1's adverts as bad auth"
wait_log "$T_DIR/h1.log" 'dropped advert from 192\.0\.2\.2: auth' 3 ||
	fail "h1 did not count h2's adverts as bad auth"
only_on both || fail "a wrong password changed state: $(holder)"
grep -q 'Entering BACKUP STATE$' "$T_DIR/h2.log" && fail "h2 stepped down"
pass
