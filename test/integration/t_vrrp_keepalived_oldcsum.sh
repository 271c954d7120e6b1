#!/bin/sh
# old_unicast_checksum with Debian's keepalived (VRRPv3 unicast, 0.1 s):
# keepalived before 1.3.6 summed unicast adverts over the multicast group
# as pseudo-header destination; `old_unicast_checksum` makes a node send
# that sum. keepalived (h2, 200) with it: vigil (h1, 100) with nothing
# set accepts its adverts and says it switched (stays BACKUP); with
# `old_unicast_checksum never` it drops them as bad checksums and becomes
# MASTER next to keepalived. vigil (h1, 200) with `old_unicast_checksum`:
# keepalived (100) without it stays BACKUP and says it switched to the
# old sum. v3_checksum_as_v2 in global_defs: keepalived 2.2.7 drops vigil's
# adverts as bad checksums.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
uni() {	# SRC PEER [LINE]
	printf 'version 3\n\tadvert_int 0.1\n\tunicast_src_ip %s\n\tunicast_peer {\n\t\t%s\n\t}\n\t%s' \
	    "$1" "$2" "${3:-}"
}

vrrp_conf "$T_DIR/h2.conf" 200 "$(uni 192.0.2.2 192.0.2.1 old_unicast_checksum)"
ka_start h2 "$T_DIR/h2.conf"
K=$KA_PID
wait_holder h2 5 || fail "keepalived (200) does not hold the VIP: $(holder)"

# vigil, nothing set: detects and accepts the old sum.
vrrp_conf "$T_DIR/h1.conf" 100 "$(uni 192.0.2.1 192.0.2.2)"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) Setting unicast VRRPv3 checksum to old version' 3 ||
    fail "vigil did not detect keepalived's old checksum"
sleep 1
only_on h2 || fail "auto: the VIP moved: $(holder)"
grep -q 'Entering MASTER' "$T_DIR/h1.log" && fail "auto: vigil became MASTER"
stop_pid "$VIGIL_PID" 3
log "auto: vigil took keepalived's old unicast checksum"

# vigil with `old_unicast_checksum never`: drops them.
mv "$T_DIR/h1.log" "$T_DIR/h1-auto.log"
vrrp_conf "$T_DIR/h1.conf" 100 "$(uni 192.0.2.1 192.0.2.2 'old_unicast_checksum never')"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering MASTER' 3 ||
    fail "never: vigil accepted the old checksum (stayed BACKUP)"
grep -q 'Setting unicast VRRPv3 checksum to old' "$T_DIR/h1.log" &&
    fail "never: vigil switched to the old checksum"
stop_pid "$VIGIL_PID" 3
ka_stop "$K"
log "never: vigil dropped the old checksum"

# vigil sends the old sum; keepalived without the option accepts it.
mv "$T_DIR/h1.log" "$T_DIR/h1-never.log"
mv "$T_DIR/h2.log" "$T_DIR/h2-first.log"
vrrp_conf "$T_DIR/h1.conf" 200 "$(uni 192.0.2.1 192.0.2.2 old_unicast_checksum)"
vrrp_conf "$T_DIR/h2.conf" 100 "$(uni 192.0.2.2 192.0.2.1)"
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "vigil (200) does not hold the VIP: $(holder)"
ka_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 3 ||
    fail "keepalived not BACKUP"
sleep 1
only_on h1 || fail "old: the VIP moved: $(holder)"
grep -q '(VI_1) Entering MASTER' "$T_DIR/h2.log" &&
    fail "old: keepalived did not take vigil's old checksum: $(grep -i checksum "$T_DIR/h2.log" | head -n 3)"
grep -q 'Setting unicast VRRPv3 checksum to old version' "$T_DIR/h2.log" ||
    fail "old: vigil did not send the old checksum (keepalived saw none)"
log "old: keepalived took vigil's old unicast checksum"

# v3_checksum_as_v2 (keepalived 2.2.8's, for other vendors' routers): the
# sum leaves the pseudo-header out; keepalived 2.2.7 rejects it.
# A fresh keepalived: this one switched to the old sum.
stop_pid "$VIGIL_PID" 3
ka_stop "$KA_PID"
mv "$T_DIR/h1.log" "$T_DIR/h1-old.log"
mv "$T_DIR/h2.log" "$T_DIR/h2-old.log"
vrrp_conf "$T_DIR/h1.conf" 200 "$(uni 192.0.2.1 192.0.2.2)" v3_checksum_as_v2
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "as_v2: vigil (200) does not hold the VIP: $(holder)"
ka_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '[Cc]hecksum' 3 ||
    fail "as_v2: keepalived took vigil's adverts: the sum was the RFC's"
log "as_v2: keepalived 2.2.7 rejects the pseudo-header-less sum"
pass
