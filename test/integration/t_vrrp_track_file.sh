#!/bin/sh
# track_file, end to end: h1 (200) and h2 (150) on the LAN; h1 tracks
# track_file tf (weight -60). init_file creates the file (0) at start.
# Value 1: 200 - 60 = 140 < 150, h2 takes the VIP; 0: h1 preempts back.
# The file deleted counts as 0 (h1 back), created again with 1, h2 again.
# Taken through inotify: each change is in the log within 0.5 s, and the
# file is read once per change only (the dump's read count stays put
# while nothing is written: no polling). A reload to "tf weight 0": a
# non-zero value is FAULT, 0 brings h1 back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# The vrrp child reads the file as its unprivileged user.
chmod 755 "$T_DIR"
mkdir -m 755 "$T_DIR/state"
TF=$T_DIR/state/tf

# h1_conf TRACK_LINE
h1_conf() {
	vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_file {
		$1
	}"
	cat >>"$T_DIR/h1.conf" <<EOF

track_file tf {
	file $TF
	weight -60
	init_file 0
}
EOF
}

# stats: h1's SIGUSR2 dump, in $STATS.
stats() {
	STATS=$(vigil_dump h1 stats)
	rm -f "$STATS"
	kill -USR2 "$H1"
	wait_for 3 grep -q "Process scans\|Track file inotify events" "$STATS" ||
	    fail "no dump from h1"
}

prio() {
	stats
	grep -q "Effective priority = $1\$" "$STATS" ||
	    fail "dump: effective priority is not $1: $(grep -E 'priority|Tracked' "$STATS")"
}

reads() { stats; awk '$1 == "Reads" { print $3 }' "$STATS"; }

# put VALUE|rm: change the file; h1's vrrp child logs the new value
# within 0.5 s (inotify; a poll every second would often miss that).
put() {
	n=$(count_log "$T_DIR/h1.log" "track_file tf: value ")
	if [ "$1" = rm ]; then rm -f "$TF"; v=0; else echo "$1" >"$TF"; v=$1; fi
	wait_for 0.5 sh -c "[ \$(grep -c 'track_file tf: value $v\$' \
	    '$T_DIR/h1.log') -gt 0 ] && [ \$(grep -c 'track_file tf: value ' \
	    '$T_DIR/h1.log') -gt $n ]" ||
	    fail "h1 did not take '$1' within 0.5 s"
}

vrrp_lan
h1_conf tf
vrrp_conf "$T_DIR/h2.conf" 150
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"
[ "$(cat "$TF")" = 0 ] || fail "init_file did not write 0 into $TF"
grep -q "track_file tf: $TF set to 0" "$T_DIR/h1.log" ||
    fail "no log line for init_file"
other_lines "$T_DIR/h1.log" | grep -q 'not supported yet' &&
    fail "track_file still draws 'not supported yet'"
prio 200

# Value 1: 140, h2 takes over; 0: h1 back.
put 1
wait_holder h2 2 || fail "value 1: h2 did not take over: $(holder)"
reaches || fail "the client does not reach the VIP on h2"
prio 140
grep -q 'Tracked file tf = value 1, weight -60, adjusts -60' "$STATS" ||
    fail "dump: $(grep Tracked "$STATS")"
put 0
wait_holder h1 2 || fail "value 0: h1 did not preempt back: $(holder)"
prio 200
log "value 1: 140 (h2 master); value 0: 200 (h1 master)"

# No polling: nothing written for 2.5 s, no read.
r1=$(reads)
sleep 2.5
r2=$(reads)
[ -n "$r1" ] && [ "$r1" = "$r2" ] ||
    fail "the file was read while nothing changed ($r1 -> $r2 reads)"
log "read $r1 times, not once more in 2.5 s without changes"

# Deleted: 0 (h1 keeps the VIP); created again with 2: 200 - 120 = 80.
put 1
wait_holder h2 2 || fail "value 1 again: h2 did not take over: $(holder)"
put rm
wait_holder h1 2 || fail "file deleted: h1 did not come back: $(holder)"
wait_log "$T_DIR/h1.log" "track_file tf: $TF does not exist: value 0" 1 ||
    fail "no log line for the missing file"
put 2
wait_holder h2 2 || fail "file created again (2): h2 did not take over: $(holder)"
prio 80
# Replaced by rename, as editors do.
echo 0 >"$TF.new" && mv "$TF.new" "$TF"
wait_holder h1 2 || fail "file renamed into place (0): h1 not back: $(holder)"
log "deleted: 0; created again: taken; renamed into place: taken"

# weight 0: a non-zero value is FAULT.
h1_conf "tf weight 0"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload 2"
wait_holder h1 3 || fail "weight 0, value 0: h1 does not hold the VIP: $(holder)"
put 3
wait_holder h2 2 || fail "weight 0, value 3: h2 did not take over: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 1 ||
    fail "weight 0, value 3: h1 not in FAULT"
put 0
wait_holder h1 3 || fail "weight 0, value 0: h1 did not come back: $(holder)"
[ "$(cat "$TF")" = 0 ] || fail "the reload rewrote the file"
log "weight 0: value 3 FAULT, value 0 back to MASTER"
pass
