#!/bin/sh
# vrrp_track_process, end to end: h1 (200) and h2 (150) on the LAN; h1
# tracks a process named "vtpNNNN" (a copy of sleep(1), so that no other
# process on the host has its name) with weight -60 and a delay of 0.5 s.
# Killed: 140 < 150, h2 takes the VIP after the delay, within a margin;
# started: h1 back. Through process events, not a scan every second (the
# dump says which, and counts the scans: one per configuration). A
# process living less than the delay changes nothing. quorum 2: one
# process is not enough, two are. param_match and full_command: the
# arguments count as vigil.conf(5) says.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

PNAME=vtp$$
PBIN=$T_DIR/$PNAME
cp /bin/sleep "$PBIN" || fail "cannot copy sleep"
chmod 755 "$T_DIR"

# h1_conf PROCESS_BLOCK_LINES
h1_conf() {
	vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_process {
		tp
	}"
	printf '\nvrrp_track_process tp {\n\tweight -60\n\tdelay 0.5\n\t%s\n}\n' \
	    "$1" >>"$T_DIR/h1.conf"
}

# pstart [ARG]: one more tracked process in h1's namespace; its PID in P.
pstart() {
	ip netns exec "$(ns h1)" "$PBIN" "${1:-1000}" &
	P=$!
	track_pid "$P"
}

stats() {
	STATS=$(vigil_dump h1 stats)
	rm -f "$STATS"
	kill -USR2 "$H1"
	wait_for 3 grep -q "Process scans" "$STATS" || fail "no dump from h1"
}

# ms_since START_NS: milliseconds elapsed since then.
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# reload N LINES: h1 with that process block, configuration N running.
reload() {
	h1_conf "$2"
	kill -HUP "$H1"
	wait_log "$T_DIR/h1.log" "configuration $1 running" 5 ||
	    fail "reload $1"
}

vrrp_lan
h1_conf "process $PNAME"
vrrp_conf "$T_DIR/h2.conf" 150
pstart
P1=$P
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"
grep -q 'track_process tp: quorum up (1 process)' "$T_DIR/h1.log" ||
    fail "the start-up scan did not find $PNAME"
other_lines "$T_DIR/h1.log" | grep -q 'not supported yet' &&
    fail "vrrp_track_process still draws 'not supported yet'"
stats
grep -q 'Track process source = process events connector' "$STATS" ||
    fail "not on process events: $(grep -i 'process' "$STATS")"
log "$(grep 'listening to process events' "$T_DIR/h1.log" | sed 's/.*vrrp: //')"

# Killed: h2 after the 0.5 s delay, within 1 s more.
t0=$(date +%s%N)
kill "$P1"
wait_holder h2 1.5 || fail "process killed: h2 did not take over: $(holder)"
ms=$(ms_since "$t0")
[ "$ms" -ge 450 ] || fail "the VIP moved after $ms ms, before the 0.5 s delay"
wait_log "$T_DIR/h1.log" 'track_process tp: quorum down \(0 processes\)' 1 ||
    fail "no quorum down line"
reaches || fail "the client does not reach the VIP on h2"
log "process killed: VIP on h2 after $ms ms (delay 0.5 s)"

# A process that lives less than the delay changes nothing.
pstart 0.2
sleep 1
only_on h2 || fail "a 0.2 s process brought the VIP back: $(holder)"

pstart
P2=$P
t0=$(date +%s%N)
wait_holder h1 1.5 || fail "process started: h1 did not take the VIP back: $(holder)"
log "process started: VIP back on h1 after $(ms_since "$t0") ms"
stats
scans=$(awk '/Process scans/ { print $4 }' "$STATS")
[ "$scans" = 1 ] || fail "$scans /proc scans for one configuration (polling?)"

# quorum 2: one process is down, two are up.
reload 2 "process $PNAME
	quorum 2"
wait_holder h2 2 || fail "quorum 2, one process: h2 did not take over: $(holder)"
pstart
P3=$P
wait_holder h1 2 || fail "quorum 2, two processes: h1 not back: $(holder)"
kill "$P3"
wait_holder h2 2 || fail "quorum 2, one left: h2 did not take over: $(holder)"
log "quorum 2: one process down, two up"

# The command line (P2 runs "PBIN 1000"): initial "10" matches the
# longer last argument; exact "10" does not; param_match without
# arguments wants none; full_command alone takes any.
reload 3 "process $PBIN 10
	param_match initial"
wait_holder h1 2 || fail "param_match initial 10 vs 1000: h1 not master: $(holder)"
reload 4 "process $PBIN 10"
wait_holder h2 2 || fail "exact 10 matched 1000: $(holder)"
reload 5 "process $PBIN 1000"
wait_holder h1 2 || fail "exact 1000 did not match 1000: $(holder)"
reload 6 "process $PBIN
	param_match partial"
wait_holder h2 2 || fail "param_match without arguments matched 1000: $(holder)"
reload 7 "process $PBIN
	full_command"
wait_holder h1 2 || fail "full_command without arguments: h1 not back: $(holder)"
log "command line: initial, exact, param_match alone, full_command as documented"
pass
