#!/bin/sh
# vrrp_sync_group: VI_1, VI_2 and VI_3 move together.
# FAULT: VI_2 on h1 tracks trk0, VI_3 tracks trk2. trk0 down puts VI_2
# in FAULT and VI_1 and VI_3 follow, so h2 takes the three VIPs (without
# the group VI_1 and VI_3 would stay on h1). trk2 down too, then trk0 up:
# the group stays in FAULT while VI_3 is (no member of h1 leaves FAULT,
# the VIPs stay on h2); trk2 up, h1 takes the three back.
# MASTER: h1 is restarted without the group (VI_2 still tracking trk0);
# trk0 down sends VI_2's priority 0: h2's VI_2 becomes master and takes
# h2's VI_1 and VI_3 along at once, though h1 still masters them (they
# step back down on h1's next advert: priority 200 against 100).
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

# sync_conf FILE PRIO GROUP(yes|no) [VI_2 LINES] [VI_3 LINES]
sync_conf() {
	vrrp_conf "$1" "$2"
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

# MASTER spreads (h1 without the group).
stop_pid "$H1" 3
all_on h2 3 || fail "h2 did not take over when h1 stopped: $(holders)"
sync_conf "$T_DIR/h1.conf" 200 no "$(track trk0)"
vigil_start h1 "$T_DIR/h1.conf"
all_on h1 5 || fail "the restarted h1 does not hold the VIPs: $(holders)"
sleep 0.3
m=$(count_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE')
ip -n "$(ns h1)" link set trk0 down
wait_holder h2 2 $VIP2 || fail "VI_2 did not move to h2: $(holder $VIP2)"
wait_log "$T_DIR/h2.log" '\(VI_1\) sync group member became MASTER' 1 ||
    fail "h2: VI_1 did not follow VI_2 to MASTER: $(grep -E 'VI_[12]' "$T_DIR/h2.log" | tail -n 4)"
wait_log "$T_DIR/h2.log" '\(VI_3\) sync group member became MASTER' 1 ||
    fail "h2: VI_3 did not follow VI_2 to MASTER"
[ "$(count_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE')" -gt "$m" ] ||
    fail "h2: no new 'VI_1 Entering MASTER'"
# h1 keeps VI_1 and VI_3 (better priority): h2's step back down.
wait_holder h1 2 || fail "VI_1 did not stay with h1: $(holder)"
wait_holder h1 2 $VIP3 || fail "VI_3 did not stay with h1: $(holder $VIP3)"
log "MASTER: $(grep -E '\(VI_[123]\) (Entering MASTER|sync group)' "$T_DIR/h2.log" | tail -n 5 | tr '\n' ' ')"
pass
