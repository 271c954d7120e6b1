#!/bin/sh
# vigil and Debian's keepalived as peers, VRRPv3 over IPv4 multicast at
# 0.1 s (KA_EXTRA, KA_UNICAST, KA_WAIT: other versions and unicast): vigil master + keepalived backup (hard failure, fail-back), then
# keepalived master + vigil backup (graceful stop, fail-back). Each step
# checks who holds the VIP, both daemons' log lines and the client.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
EXTRA=${KA_EXTRA:-"version 3
	advert_int 0.1"}
WAIT=${KA_WAIT:-2}
S200=${KA_STATE200:-BACKUP}	# MASTER: no master-down wait at start
if [ -n "${KA_UNICAST:-}" ]; then
	E1="$EXTRA
	unicast_src_ip 192.0.2.1
	unicast_peer {
		192.0.2.2
	}"
	E2="$EXTRA
	unicast_src_ip 192.0.2.2
	unicast_peer {
		192.0.2.1
	}"
else
	E1=$EXTRA E2=$EXTRA
fi

# vigil master (h1, 200), keepalived backup (h2, 100).
STATE=$S200 vrrp_conf "$T_DIR/h1.conf" 200 "$E1"
vrrp_conf "$T_DIR/h2.conf" 100 "$E2"
vigil_start h1 "$T_DIR/h1.conf"
ka_start h2 "$T_DIR/h2.conf"
K=$KA_PID
wait_holder h1 5 || fail "vigil (200) does not hold the VIP: $(holder)"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 3 ||
	fail "keepalived not BACKUP"
sleep 1
only_on h1 || fail "the VIP moved: $(holder)"
grep -q '(VI_1) Entering MASTER STATE' "$T_DIR/h2.log" &&
	fail "keepalived became master next to vigil at 200"
reaches || fail "the client does not reach the VIP on vigil"
link_cut h1
wait_holder h2 "$WAIT" || fail "keepalived did not take over: $(holder)"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 1 ||
	fail "keepalived: no MASTER line"
reaches || fail "the client does not reach the VIP on keepalived"
link_restore h1
wait_holder h1 "$((WAIT + 2))" || fail "vigil did not preempt keepalived: $(holder)"
wait_for 2 sh -c "[ \$(grep -c '(VI_1) Entering BACKUP STATE' '$T_DIR/h2.log') -ge 2 ]" ||
	fail "keepalived did not go back to BACKUP"
reaches || fail "the client does not reach the VIP on vigil again"
ka_stop "$K"
stop_pid "$VIGIL_PID"

# keepalived master (h2, 200), vigil backup (h1, 100).
mv "$T_DIR/h2.log" "$T_DIR/h2-first.log"
mv "$T_DIR/h1.log" "$T_DIR/h1-first.log"
vrrp_conf "$T_DIR/h1.conf" 100 "$E1"
STATE=$S200 vrrp_conf "$T_DIR/h2.conf" 200 "$E2"
ka_start h2 "$T_DIR/h2.conf"
K=$KA_PID
wait_holder h2 5 || fail "keepalived (200) does not hold the VIP: $(holder)"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 3 ||
	fail "vigil not BACKUP"
sleep 1
only_on h2 || fail "the VIP moved: $(holder)"
grep -q '(VI_1) Entering MASTER STATE' "$T_DIR/h1.log" &&
	fail "vigil became master next to keepalived at 200"
ka_stop "$K"
wait_holder h1 "$WAIT" || fail "vigil did not take over from keepalived: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering MASTER STATE' 1 || fail "vigil: no MASTER line"
reaches || fail "the client does not reach the VIP on vigil"
mv "$T_DIR/h2.log" "$T_DIR/h2-second.log"
ka_start h2 "$T_DIR/h2.conf"
wait_holder h2 "$((WAIT + 3))" || fail "keepalived did not preempt vigil: $(holder)"
wait_log "$T_DIR/h1.log" 'higher priority 200' 1 || fail "vigil: no step-down line"
reaches || fail "the client does not reach the VIP on keepalived again"
# Nothing either side sent was rejected by the other.
for f in "$T_DIR"/h2*.log; do
	grep -Ei 'invalid|checksum|ttl|not present|mismatch|bad ' "$f" &&
	    fail "keepalived complained ($f)"
done
for f in "$T_DIR"/h1*.log; do
	grep -E 'dropped advert|accepted advert' "$f" &&
	    fail "vigil rejected keepalived's adverts ($f)"
done
if [ -n "${KA_UNICAST:-}" ]; then
	grep -q 'unicast' "$T_DIR/h2-first.log" || fail "keepalived not unicast"
fi
pass
