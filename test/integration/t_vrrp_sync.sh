#!/bin/sh
# vrrp_sync_group: VI_1, VI_2 and VI_3 move together.
# FAULT: VI_2 on h1 tracks trk0, VI_3 tracks trk2. trk0 down puts VI_2
# in FAULT and VI_1 and VI_3 follow, so h2 takes the three VIPs (without
# the group VI_1 and VI_3 would stay on h1). trk2 down too, then trk0 up:
# the group stays in FAULT while VI_3 is (no member of h1 leaves FAULT,
# the VIPs stay on h2); trk2 up, h1 takes the three back.
# BACKUP: h2 is restarted without the group, VI_1 at 250: it preempts
# h1's VI_1, which steps down to BACKUP and takes VI_2 and VI_3 along
# (without that, h1 would keep them), so h2 ends up with the three VIPs;
# h1's VI_2 and VI_3 then hear h2's lower priority adverts but stay
# BACKUP (no bouncing back: VI_1 follows its master), as keepalived.
# MASTER only together: h2 with the group again (VI_1 250, the others
# 100): its VI_1 times out on h1's lower adverts but stays BACKUP, since
# h2's VI_2 and VI_3 follow h1 (keepalived 2.2.7 does the same).
# Group tracking (h1 reloaded, real scripts whose exit status the test
# sets: script_result): the group's track_script chk (weight -150) lowers every
# member of h1 to 50 < 100, h2 takes the group, and h1 takes it back on
# success; VI_2's own track_script chk2 (weight -60) counts as weight 0
# in a group: its failure puts the group in FAULT.
# Owner: VI_1 at 255 leaves FAULT straight for MASTER, and the others
# follow it at once (not after their master-down interval).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

VIP2=192.0.2.11
VIP3=192.0.2.12

inst() {	# NAME VRID PRIO VIP [LINES]
	cat <<EOF

vrrp_instance $1 {
	state BACKUP
	interface eth0
	virtual_router_id $2
	priority $3
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$4
	}
	${5:-}
}
EOF
}

group() {
	cat <<EOF

vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
		VI_3
	}
}
EOF
}

track() { printf 'track_interface {\n\t\t%s\n\t}' "$1"; }

# sync_conf FILE PRIO GROUP(yes|no) [VI_2 LINES] [VI_3 LINES] [VI_1 PRIO]
sync_conf() {
	vrrp_conf "$1" "${6:-$2}"
	{ inst VI_2 52 "$2" $VIP2 "${4:-}"
	  inst VI_3 53 "$2" $VIP3 "${5:-}"
	  [ "$3" = yes ] && group; } >>"$1"
}

# all_on HOST TIMEOUT: HOST alone holds the three VIPs.
all_on() {
	for a in $VIP4 $VIP2 $VIP3; do
		wait_holder "$1" "$2" $a || return 1
	done
}
holders() { echo "$(holder) $(holder $VIP2) $(holder $VIP3)"; }
states() { count_log "$T_DIR/$1.log" "\\(VI_[123]\\) Entering [A-Z]+ STATE"; }

vrrp_lan
for t in 0 2; do
	ip -n "$(ns h1)" link add trk$t type veth peer name trk$t.p || fail "veth"
	ip -n "$(ns h1)" link set trk$t.p up
	ip -n "$(ns h1)" link set trk$t up
done
sync_conf "$T_DIR/h1.conf" 200 yes "$(track trk0)" "$(track trk2)"
sync_conf "$T_DIR/h2.conf" 100 yes
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
all_on h1 5 || fail "h1 does not hold the VIPs: $(holders)"

# FAULT spreads.
ip -n "$(ns h1)" link set trk0 down
all_on h2 2 || fail "the group did not move to h2: $(holders)"
for i in VI_1 VI_2 VI_3; do
	wait_log "$T_DIR/h1.log" "\\($i\\) Entering FAULT STATE" 1 ||
	    fail "h1: $i not in FAULT"
done
reaches || fail "the client does not reach VI_1's VIP on h2"
reaches $VIP3 || fail "the client does not reach VI_3's VIP on h2"

# Two members in FAULT of their own: the first one out is not enough.
ip -n "$(ns h1)" link set trk2 down
wait_log "$T_DIR/h1.log" "tracked interface trk2 down" 1 ||
    fail "h1: trk2 down not seen"
n=$(states h1)
ip -n "$(ns h1)" link set trk0 up
wait_log "$T_DIR/h1.log" "tracked interface trk0 up" 1 ||
    fail "h1: trk0 up not seen"
sleep 1
[ "$(states h1)" -eq "$n" ] ||
    fail "h1 left FAULT with VI_3 still down: $(grep -E 'Entering' "$T_DIR/h1.log" | tail -n 3)"
all_on h2 0 || fail "the VIPs left h2 with VI_3 in FAULT on h1: $(holders)"
ip -n "$(ns h1)" link set trk2 up
all_on h1 3 || fail "the group did not come back to h1: $(holders)"
reaches || fail "the client does not reach VI_1's VIP on h1"
log "FAULT: the group left FAULT only when its last member did"

# BACKUP spreads (h2 without the group, VI_1 at 250).
stop_pid "$H2" 3
all_on h1 2 || fail "h1 does not hold the VIPs with h2 stopped: $(holders)"
mv "$T_DIR/h2.log" "$T_DIR/h2-1.log"
sync_conf "$T_DIR/h2.conf" 100 no "" "" 250
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_holder h2 3 || fail "h2's VI_1 (250) did not preempt: $(holder)"
all_on h2 3 || fail "VI_2 and VI_3 did not follow VI_1 to h2: $(holders)"
for i in VI_2 VI_3; do
	wait_log "$T_DIR/h1.log" "\\($i\\) sync group member left MASTER for BACKUP" 1 ||
	    fail "h1: $i was not taken to BACKUP by the group"
done
reaches $VIP2 || fail "the client does not reach VI_2's VIP on h2"
m=$(count_log "$T_DIR/h1.log" 'Entering MASTER STATE')
sleep 1.5
[ "$(count_log "$T_DIR/h1.log" 'Entering MASTER STATE')" -eq "$m" ] ||
    fail "h1 bounced back to MASTER: $(grep -E 'Entering|sync group' "$T_DIR/h1.log" | tail -n 6)"
all_on h2 0 || fail "the VIPs left h2: $(holders)"
wait_log "$T_DIR/h1.log" '\(VI_[23]\) Receive advertisement timeout: staying BACKUP until every member' 1 ||
    fail "h1: VI_2/VI_3 never waited for the group"
log "BACKUP: h1's group followed VI_1 to BACKUP and stayed there"

# MASTER only together (h2 with the group, VI_1 at 250).
stop_pid "$H2" 3
all_on h1 3 || fail "h1 did not take the group back when h2 stopped: $(holders)"
reaches || fail "the client does not reach VI_1's VIP on h1"
mv "$T_DIR/h2.log" "$T_DIR/h2-2.log"
sync_conf "$T_DIR/h2.conf" 100 yes "" "" 250
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_log "$T_DIR/h2.log" '\(VI_1\) Receive advertisement timeout: staying BACKUP until every member' 3 ||
    fail "h2: VI_1 did not wait for its group: $(grep -E 'VI_1' "$T_DIR/h2.log" | tail -n 4)"
sleep 1
all_on h1 0 || fail "h2's VI_1 took over without its group: $(holders)"
grep -q 'Entering MASTER' "$T_DIR/h2.log" && fail "h2: a member became MASTER"
log "MASTER: h2's VI_1 (250) waits for VI_2 and VI_3, which follow h1"
# Group tracking.
stop_pid "$H2" 3
all_on h1 3 || fail "h1 does not hold the VIPs with h2 stopped: $(holders)"
sync_conf "$T_DIR/h1.conf" 200 no "$(track trk0)
	track_script {
		chk2 weight -60
	}" "$(track trk2)"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
		VI_3
	}
	track_script {
		chk weight -150
	}
}

vrrp_script chk {
	script "$(rc_script h1 chk)"
	interval 1
}

vrrp_script chk2 {
	script "$(rc_script h1 chk2)"
	interval 1
}
EOF
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "h1: reload"
all_on h1 3 || fail "h1 does not hold the VIPs after the reload: $(holders)"
mv "$T_DIR/h2.log" "$T_DIR/h2-3.log"
sync_conf "$T_DIR/h2.conf" 100 yes
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_3\) Entering BACKUP' 3 || fail "h2 not started"
f=$(count_log "$T_DIR/h1.log" 'Entering FAULT')
script_result h1 chk 1 VI_1
all_on h2 3 || fail "group chk failed: h2 did not take the group: $(holders)"
[ "$(count_log "$T_DIR/h1.log" 'Entering FAULT')" -eq "$f" ] ||
    fail "group weight -150: h1 went to FAULT"
reaches $VIP3 || fail "the client does not reach VI_3's VIP on h2"
script_result h1 chk 0 VI_1
all_on h1 3 || fail "group chk succeeded: h1 did not take the group back: $(holders)"
script_result h1 chk2 1 VI_2
all_on h2 3 || fail "VI_2's chk2 failed: the group did not move: $(holders)"
wait_log "$T_DIR/h1.log" '\(VI_2\) Entering FAULT STATE' 1 ||
    fail "h1: VI_2's own weight was not taken as 0 (no FAULT)"
script_result h1 chk2 0 VI_2
all_on h1 3 || fail "VI_2's chk2 succeeded: h1 did not take the group back: $(holders)"
reaches || fail "the client does not reach VI_1's VIP on h1"
log "tracking: group weight moved the group, a member's own weight was 0"

# An address owner (VI_1 at 255) leaving FAULT goes MASTER at once and
# takes the group along at once, not after the others' master-down time.
sync_conf "$T_DIR/h1.conf" 200 yes "$(track trk0)" "" 255
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 3 running' 5 || fail "h1: reload 3"
all_on h1 3 || fail "h1 does not hold the VIPs after reload 3: $(holders)"
ip -n "$(ns h1)" link set trk0 down
all_on h2 2 || fail "owner: the group did not move to h2: $(holders)"
n=$(wc -l <"$T_DIR/h1.log")
ip -n "$(ns h1)" link set trk0 up
all_on h1 2 || fail "owner: h1 did not take the group back: $(holders)"
for i in VI_2 VI_3; do
	tail -n +"$n" "$T_DIR/h1.log" |
	    grep -q "($i) sync group member became MASTER" ||
	    fail "owner: $i did not follow VI_1 at once: $(tail -n +"$n" "$T_DIR/h1.log" | grep -E "$i" | head -n 5)"
done
log "owner: VI_2 and VI_3 followed the owner out of FAULT at once"
pass
