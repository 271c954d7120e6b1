#!/bin/sh
# test: exclusive
# Planned handover in a unicast pair: h1 (master, priority 200) and h2
# (100), each the other's only unicast_peer, advert_int 1. SIGTERM of
# h1 (systemctl stop): h1 sends priority 0, and h2, h1's only possible
# successor, takes over at once instead of after its skew time (0.61 s):
# the client pinging the VIP every 10 ms sees a gap of a few pings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "advert_int 1
	unicast_src_ip 192.0.2.1
	unicast_peer {
		192.0.2.2
	}"
vrrp_conf "$T_DIR/h2.conf" 100 "advert_int 1
	unicast_src_ip 192.0.2.2
	unicast_peer {
		192.0.2.1
	}"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 8 || fail "h1 alone is not master: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2 not BACKUP"
sleep 1.2
client_ping_start
sleep 0.5
kill -TERM "$H1"
wait_holder h2 3 || fail "h2 did not take the VIP: $(holder)"
sleep 0.5
client_ping_stop
gap=$(ping_gap_ms)
log "planned handover (SIGTERM of the master, unicast pair): client outage ${gap} ms (skew time 610 ms)"
wait_log "$T_DIR/h2.log" '\(VI_1\) priority 0 from 192.0.2.1, our only unicast peer: taking over at once' 2 ||
    fail "h2 did not take over at once"
[ "$gap" -lt 300 ] || fail "client outage ${gap} ms: h2 waited for its skew time"
reaches || fail "the client does not reach the VIP on h2"
pass
