#!/bin/sh
# timer_expired_backup with nopreempt: a master whose vrrp process was
# frozen (SIGSTOP) long enough for the backup to take over steps down
# when it resumes, instead of advertising its higher priority and taking
# the VIP back. Without the keyword (the control, first) it takes the
# VIP back, as keepalived 2.2.7 does; a reload then adds the keyword.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# freeze_h1: the master's vrrp child stopped until h2 has taken over.
freeze_h1() {
	V1=$(vigil_pid h1 vrrp)
	[ -n "$V1" ] || fail "no vrrp child pid for h1"
	n=$(count_log "$T_DIR/h2.log" 'Entering MASTER STATE')
	kill -STOP "$V1"
	wait_for 3 sh -c "[ \$(grep -c 'Entering MASTER STATE' $T_DIR/h2.log) -gt $n ]" ||
	    { kill -CONT "$V1"; fail "h2 did not take over from a frozen master"; }
	sleep 0.5
}

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	nopreempt"
vrrp_conf "$T_DIR/h2.conf" 100 "version 3
	advert_int 0.1
	nopreempt"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
sleep 1
only_on h1 || fail "h2 took the VIP from h1 at start: $(holder)"

# The control: without the keyword, the resumed master takes it back.
freeze_h1
kill -CONT "$V1"
wait_holder h1 3 || fail "without timer_expired_backup: not h1 alone after SIGCONT: $(holder)"
grep -q 'timer_expired_backup, nopreempt' "$T_DIR/h1.log" &&
    fail "h1 stepped down without timer_expired_backup"

# A reload adds timer_expired_backup: the resumed master steps down.
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	nopreempt
	timer_expired_backup"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 applied' 3 || fail "h1 did not reload"
freeze_h1
b=$(count_log "$T_DIR/h2.log" 'Entering BACKUP STATE$')
kill -CONT "$V1"
wait_log "$T_DIR/h1.log" '\(VI_1\) No advert sent for [0-9.]+ s \(not scheduled\), longer than a backup of priority 254 waits \(0\.30 s\): stepping down, it is master now \(timer_expired_backup, nopreempt\)' 3 ||
    fail "h1 did not step down on resuming: $(tail -n 5 "$T_DIR/h1.log")"
sleep 1
only_on h2 || fail "the VIP is not on h2 alone after h1 resumed: $(holder)"
[ "$(count_log "$T_DIR/h2.log" 'Entering BACKUP STATE$')" = "$b" ] ||
    fail "h2 stepped down: h1 took the VIP back"
reaches || fail "the client does not reach the VIP"
pass
