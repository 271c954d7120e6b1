#!/bin/sh
# test: exclusive
# Fast preemption and the master's priority line, two vigil routers at
# advert_int 1 (VRRPv2, as the tutorials write it): h1 (200) tracks
# chk_minor (weight -20) and chk_nginx (weight -60); h2 (150) tracks
# nothing. The scripts are real commands run every second whose exit
# status the test sets (rc_script, script_result). h2 starts first and is master, then h1
# preempts it, so h1 has heard h2's priority (backups are silent).
#  - chk_minor fails: 180, still above h2's 150: h1 logs that it stays
#    MASTER, and the VIP does not move.
#  - chk_nginx fails: 140 < 150: h1 advertises 140 at once, h2 takes over
#    after its skew time (0.41 s), well before its master-down interval
#    (3.41 s; keepalived waits that long). Measured, bound 2.5 s.
#  - chk_nginx succeeds: h1 (200) takes the VIP back the same way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# log_sec FILE ERE: the time of day, in seconds, of the last line of FILE
# matching ERE (vigild -l stamps lines HH:MM:SS.mmm).
log_sec() {
	grep -E -- "$2" "$1" | tail -n 1 |
	    awk '{ split($1, t, ":"); printf "%.3f\n", t[1] * 3600 + t[2] * 60 + t[3] }'
}

# elapsed FROM TO: TO - FROM seconds (across midnight too), 3 decimals.
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = b - a; if (d < 0) d += 86400; printf "%.3f\n", d }'
}

now() { date +%s.%N; }

# send_result STATUS: h1's chk_nginx exits with STATUS from its next run
# on (within a second), without waiting for h1 to log it (script_result
# waits).
send_result() {
	echo "$1" >"$T_DIR/h1.chk_nginx.rc"
}

# wait_vip HOST: poll every 20 ms (300 times: 6 s and more) until HOST
# alone holds the VIP; prints how long that took.
wait_vip() {
	w0=$(now)
	i=0
	while [ $i -lt 300 ] && ! only_on "$1"; do
		sleep 0.02
		i=$((i + 1))
	done
	only_on "$1" || return 1
	elapsed "$w0" "$(now)"
}

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "advert_int 1
	track_script {
		chk_minor
		chk_nginx
	}"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_script chk_minor {
	script "$(rc_script h1 chk_minor)"
	interval 1
	weight -20
}

vrrp_script chk_nginx {
	script "$(rc_script h1 chk_nginx)"
	interval 1
	weight -60
}
EOF
vrrp_conf "$T_DIR/h2.conf" 150 "advert_int 1"

vigil_start h2 "$T_DIR/h2.conf"
wait_holder h2 8 || fail "h2 alone is not master: $(holder)"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 8 || fail "h1 (200) did not take over from h2: $(holder)"
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"
# Just started, h1 waited its whole master-down interval (its scripts
# may not have reported yet): no fast preemption then.
grep -q '(VI_1) received lower priority (150) advert from 192.0.2.2 - discarding' \
    "$T_DIR/h1.log" || fail "h1 at start-up: no 'discarding' line for h2's adverts"
grep -q 'taking over after skew time' "$T_DIR/h1.log" &&
    fail "h1 preempted fast in its first master-down interval"

# chk_minor fails: 200 - 20 = 180, still above h2's 150.
m2=$(count_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE')
script_result h1 chk_minor 1 VI_1
wait_log "$T_DIR/h1.log" '\(VI_1\) chk_minor failed: priority 200-20=180, still above the 150 last advertised by 192\.0\.2\.2: staying MASTER$' 2 ||
    fail "h1: no 'staying MASTER' line for chk_minor"
sleep 2		# h2's skew is 0.41 s: it would have taken over by now
only_on h1 || fail "chk_minor (180 > 150): the VIP moved: $(holder)"
[ "$(count_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE')" = "$m2" ] ||
    fail "chk_minor (180 > 150): h2 became master"
script_result h1 chk_minor 0 VI_1
wait_log "$T_DIR/h1.log" '\(VI_1\) chk_minor succeeded: priority 200\+0=200$' 2 ||
    fail "h1: no priority line for chk_minor's success"
log "chk_minor failed: h1 at 180 logged 'staying MASTER' and kept the VIP"

# chk_nginx fails: 140 < 150. h2 takes over after its skew time.
client_ping_start
sleep 0.3
send_result 1
took=$(wait_vip h2) || fail "chk_nginx failed: h2 did not take the VIP: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk_nginx failed' 2 ||
    fail "h1 did not log chk_nginx's failure"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 2 || fail "h2: no MASTER line"
verdict=$(log_sec "$T_DIR/h1.log" '\(VI_1\) tracked script chk_nginx failed')
master=$(log_sec "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE')
logged=$(elapsed "$verdict" "$master")
log "chk_nginx failed: h2 held the VIP after ${took} s (polled from the exit status set, the script runs every second), h1's verdict -> h2 MASTER ${logged} s in the logs; master-down interval 3.41 s"
awk -v t="$took" -v l="$logged" 'BEGIN { exit !(t < 3.5 && l < 2.5) }' ||
    fail "fast preemption took ${took} s (logs: ${logged} s), bounds 3.5 s and 2.5 s"
wait_log "$T_DIR/h1.log" '\(VI_1\) chk_nginx failed: priority 200-60=140, below the 150 last advertised by 192\.0\.2\.2: it takes over if it preempts$' 2 ||
    fail "h1: no priority line for chk_nginx"
wait_log "$T_DIR/h2.log" '\(VI_1\) received lower priority \(140\) advert from 192\.0\.2\.1, ours 150: taking over after skew time 0\.41 s$' 2 ||
    fail "h2: no fast preemption line"
wait_log "$T_DIR/h2.log" '\(VI_1\) Preempting 192\.0\.2\.1 \(priority 140, ours 150\) after skew time$' 2 ||
    fail "h2: no 'Preempting' line"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE$' 2 || fail "h1 not BACKUP"
sleep 0.3
client_ping_stop
log "client outage $(ping_gap_ms) ms"
reaches || fail "the client does not reach the VIP on h2"

# chk_nginx succeeds: h1 (200) hears h2's 150 and takes back the VIP
# after its own skew time (0.21 s) following h2's next advert.
send_result 0
took=$(wait_vip h1) || fail "chk_nginx succeeded: h1 did not take the VIP back: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) received lower priority \(150\) advert from 192\.0\.2\.2, ours 200: taking over after skew time 0\.21 s$' 2 ||
    fail "h1: no fast preemption line for the fail-back"
log "chk_nginx succeeded: h1 held the VIP again after ${took} s (h2's next advert, within 1 s, then 0.21 s)"
reaches || fail "the client does not reach the VIP on h1"
pass
