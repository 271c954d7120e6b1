#!/bin/sh
# VRRPv2 PASS authentication between two vigil nodes. With different
# passwords they ignore each other: no election, both MASTER holding the
# VIP, and each counts (SIGUSR2 stats, "Received auth") and logs the
# other's adverts as dropped for "auth" and nothing else. With the same
# password (h2 reloaded, SIGHUP) exactly one master remains: h1 (priority
# 200), h2 BACKUP without the VIP, no more auth failures counted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_vrrp_hostile.sh"
need_root

# auth_conf FILE PRIO PASSWORD
auth_conf() {
	vrrp_conf "$1" "$2" "version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass $3
	}"
}

# counted NAME FILE REASON N: NAME's stats (dumped to FILE) count at
# least N adverts of VI_1 under REASON.
counted() {
	vh_stats $1 >"$2"
	[ "$(vh_stat "$2" VI_1 $3)" -ge "$4" ]
}

vrrp_lan
auth_conf "$T_DIR/h1.conf" 200 vigil-h1
auth_conf "$T_DIR/h2.conf" 100 vigil-h2
vh_start h1 "$T_DIR/h1.conf"
vh_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
# v2 at 1 s: each becomes master after its master-down interval (~3.2 s).
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering MASTER STATE' 6 ||
    fail "h1 not master"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 6 ||
    fail "h2 not master: it obeyed adverts with the wrong password"
sleep 2.5
[ "$(holder)" = both ] || fail "wrong passwords: VIP on $(holder), not both"
for h in h1 h2; do
	[ "$(vh_states "$T_DIR/$h.log")" -eq 2 ] ||
	    fail "$h: state changes: $(grep Entering "$T_DIR/$h.log")"
	# The peer sends one a second: 3 seen soon after both are master
	# (2.5 s ago), however late its advert timer fires on a busy host.
	wait_for 5 counted $h "$T_DIR/$h.st0" auth 3
	[ "$(vh_stat_line "$T_DIR/$h.st0" VI_1 State)" = MASTER ] ||
	    fail "$h: stats say $(vh_stat_line "$T_DIR/$h.st0" VI_1 State)"
	a=$(vh_stat "$T_DIR/$h.st0" VI_1 auth)
	ok=$(vh_stat "$T_DIR/$h.st0" VI_1 ok)
	log "$h: MASTER, $a adverts dropped for auth, $ok accepted"
	[ "$a" -ge 3 ] || fail "$h: only $a auth failures counted"
	[ "$ok" -eq 0 ] || fail "$h: $ok adverts accepted despite the password"
	grep -Eq '\(VI_1\) dropped advert from 192\.0\.2\.[12]: auth ' \
	    "$T_DIR/$h.log" || fail "$h: no log line for the wrong password"
	grep -E '\(VI_1\) dropped advert' "$T_DIR/$h.log" | grep -v ': auth ' &&
	    fail "$h: adverts dropped for another reason"
done

# Same password: h2 reloads and obeys h1.
auth_conf "$T_DIR/h2.conf" 100 vigil-h1
kill -HUP "$H2"
wait_holder h1 5 || fail "same password: VIP on $(holder), not h1 alone"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 3 ||
    fail "h2 did not become BACKUP"
vh_stats h1 >"$T_DIR/h1.stb"	# h2 is BACKUP: it sends no more
sleep 2.5
only_on h1 || fail "same password: VIP on $(holder)"
b1=$(vh_states "$T_DIR/h1.log")
[ "$b1" -eq 2 ] || fail "h1 changed state: $(grep Entering "$T_DIR/h1.log")"
reaches || fail "the client does not reach the VIP"
vh_stats h1 >"$T_DIR/h1.st1"
# h1 sends one a second: 2 accepted soon after h2 is BACKUP (2.5 s ago).
wait_for 5 counted h2 "$T_DIR/h2.st1" ok 2
[ "$(vh_stat_line "$T_DIR/h1.st1" VI_1 State)" = MASTER ] || fail "h1 not MASTER"
[ "$(vh_stat_line "$T_DIR/h2.st1" VI_1 State)" = BACKUP ] || fail "h2 not BACKUP"
ok=$(vh_stat "$T_DIR/h2.st1" VI_1 ok)
[ "$ok" -ge 2 ] || fail "h2 counted only $ok adverts accepted"
# Once h2 is BACKUP h1 counts no more failures (one in flight at most).
a0=$(vh_stat "$T_DIR/h1.st0" VI_1 auth)
ab=$(vh_stat "$T_DIR/h1.stb" VI_1 auth)
a1=$(vh_stat "$T_DIR/h1.st1" VI_1 auth)
log "h2: $ok adverts accepted; h1 auth failures $a0 -> $ab (h2 BACKUP) -> $a1"
[ $((a1 - ab)) -le 1 ] ||
    fail "h1: auth failures still counted after h2 went BACKUP ($ab -> $a1)"
pass
