#!/bin/sh
# track_script, end to end: h1 (200) and h2 (150) track vrrp_script chk
# (weight -60), a real command run by each check child every second
# whose exit status the test sets (rc_script, script_result).
# weight -60: failure makes h1 140 < 150, h2 takes the VIP; success, h1
# (200) preempts back. The effective priority is in the SIGUSR2 dump.
# track_script { chk weight 0 } (a reload): failure is FAULT, success
# brings h1 back. init_fail: h1 starts in FAULT until the first success.
# A reload that restarts the instance keeps the script's last result.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# h1_conf [TRACK LINE] [SCRIPT LINES]
h1_conf() {
	vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_script {
		${1:-chk}
	}"
	script_block h1 "${2:-}" >>"$T_DIR/h1.conf"
}
# script_block HOST [LINES]
script_block() {
	cat <<EOF

vrrp_script chk {
	script "$(rc_script "$1" chk)"
	interval 1
	weight -60
	${2:-}
}
EOF
}

# result NAME STATUS: h1's script exits with STATUS; its check child
# counts it, its vrrp child takes it.
result() {
	script_result h1 "$1" "$2" VI_1
	w=failed; [ "$2" = 0 ] && w=succeeded
	wait_log "$T_DIR/h1.log" "check: VRRP_Script\\($1\\) $w" 1 ||
	    fail "the check child did not log the result of $1"
}

# prio VALUE: h1's SIGUSR2 dump shows that effective priority.
prio() {
	STATS=$(vigil_dump h1 stats)
	rm -f "$STATS"
	kill -USR2 "$H1"
	wait_for 3 grep -q "pid = $H1\$" $STATS || fail "no dump from h1"
	wait_for 3 grep -q "Priority 0 received" $STATS ||
	    fail "no vrrp section in the dump"
	grep -q "Effective priority = $1\$" $STATS ||
	    fail "dump: effective priority is not $1: $(grep -E 'priority|Tracked' $STATS)"
}

vrrp_lan
h1_conf
vrrp_conf "$T_DIR/h2.conf" 150 "version 3
	advert_int 0.1
	track_script {
		chk
	}"
script_block h2 "" >>"$T_DIR/h2.conf"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk succeeded' 3 ||
    fail "h1: no first result of chk"
prio 200
grep -q 'Tracked script chk = succeeded, weight -60, adjusts 0' $STATS ||
    fail "dump: chk not succeeded after its first run"

# weight -60: 200 - 60 = 140 < 150.
result chk 1
wait_holder h2 2 || fail "chk failed: h2 did not take over: $(holder)"
reaches || fail "the client does not reach the VIP on h2"
grep -q 'Entering FAULT' "$T_DIR/h1.log" && fail "weight -60: h1 went to FAULT"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 1 ||
    fail "h1 not in BACKUP"
prio 140
grep -q 'Tracked script chk = failed, weight -60, adjusts -60' $STATS ||
    fail "dump: chk not failed: $(grep Tracked $STATS)"
result chk 0
wait_holder h1 2 || fail "chk succeeded: h1 did not preempt back: $(holder)"
reaches || fail "the client does not reach the VIP on h1"
prio 200
log "weight -60: failure 140 (h2 master), success 200 (h1 master)"

# A reload that changes VI_1's tracker weight to -70 (taken in place)
# while chk is failing: the script's last result still holds (130), h1
# does not take the VIP back as if chk had never reported.
result chk 1
wait_holder h2 2 || fail "chk failed again: h2 did not take over: $(holder)"
h1_conf "chk weight -70"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload 2"
sleep 0.5
only_on h2 || fail "after a reload h1 took the VIP back while chk fails: $(holder)"
prio 130
result chk 0
wait_holder h1 2 || fail "chk succeeded after the reload: h1 did not preempt: $(holder)"
log "reload: a failing script's result holds for the restarted instance"

# track_script { chk weight 0 }: failure is FAULT.
h1_conf "chk weight 0"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 3 running' 5 || fail "reload 3"
wait_holder h1 3 || fail "weight 0: h1 does not hold the VIP: $(holder)"
result chk 2
wait_holder h2 2 || fail "weight 0, chk failed: h2 did not take over: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 1 ||
    fail "weight 0: h1 not in FAULT"
reaches || fail "the client does not reach the VIP on h2"
result chk 0
wait_holder h1 3 || fail "weight 0, chk succeeded: h1 did not come back: $(holder)"
log "weight 0: failure FAULT, success back to MASTER"

# init_fail (a changed script starts over, the instance takes the
# reload in place): FAULT stays while the script keeps failing, back at
# the first success.
result chk 1
wait_holder h2 3 || fail "weight 0, chk failed: h2 did not take over: $(holder)"
h1_conf "chk weight 0" "init_fail"
n=$(count_log "$T_DIR/h1.log" '\(VI_1\) Entering')
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 4 running' 5 || fail "reload 4"
wait_log "$T_DIR/h1.log" '\(VI_1\) reload: configuration taken in place \(FAULT\)' 1 ||
    fail "init_fail: h1 not in FAULT after the reload"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk\) changed: starting over' 1 ||
    fail "init_fail: the check child did not restart chk"
sleep 1.5
only_on h2 || fail "init_fail: h2 does not hold the VIP: $(holder)"
[ "$(count_log "$T_DIR/h1.log" '\(VI_1\) Entering')" = "$n" ] ||
    fail "init_fail: h1 left FAULT before the first success"
result chk 0
wait_holder h1 3 || fail "init_fail: h1 did not come back on success: $(holder)"
log "init_fail: FAULT until the first success"
pass
