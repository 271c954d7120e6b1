#!/bin/sh
# interface_up_down_delays on real links: two vigil routers on a bridge,
# VRRPv3 at 2 s (h2's master-down interval is 7.2 s, longer than every
# delay here); h1 (priority 200, master) debounces eth0 with a 2 s down
# and a 3 s up delay.
# - a 0.5 s flap (its port down at the bridge) changes nothing: h1 logs
#   the wait and its end, never leaves MASTER, keeps the VIP; h2 stays
#   BACKUP;
# - a long cut: FAULT only after the down delay (not within 1 s), then h2
#   takes over;
# - the link back: h1 stays in FAULT for the up delay (not within 1.5 s),
#   then BACKUP, and preempts;
# - a reload with other delays (1 s down, 0 up) applies them at once;
#   one during a wait (3.9 s, then 0) ends the wait.
# Timing bounds are a second or more away from the delays, so the test
# shares the machine: a loaded host only makes vigild late, never early.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

ADV="version 3
	advert_int 2"
updown_conf() {	# FILE DOWN UP: h1's configuration with those delays
	STATE=MASTER
	vrrp_conf "$1" 200 "$ADV"
	STATE=BACKUP
	printf 'interface_up_down_delays {\n\teth0 %s %s\n}\n' "$2" "$3" >>"$1"
}
# secs_since T0: seconds since T0 (date +%s.%N), as a decimal
secs_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

vrrp_lan
updown_conf "$T_DIR/h1.conf" 2 3
vrrp_conf "$T_DIR/h2.conf" 100 "$ADV"
ns_exec h1 "$VIGILD" -t -f "$T_DIR/h1.conf" >"$T_DIR/t.out" 2>&1 ||
	fail "vigild -t refuses h1's configuration: $(cat "$T_DIR/t.out")"
! grep -q 'interface_up_down_delays' "$T_DIR/t.out" ||
	fail "vigild -t warns about the delays: $(cat "$T_DIR/t.out")"
L=$T_DIR/h1.log
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "h1 (state MASTER) does not hold the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2: no BACKUP line"
sleep 2.5	# h2 has heard h1's adverts
only_on h1 || fail "the VIP is not on h1 alone: $(holder)"
[ "$(count_log "$L" 'Entering')" = 1 ] || fail "h1 changed state at start: $(grep Entering "$L")"

# 1. A flap shorter than the down delay: no state change anywhere.
link_cut h1
wait_log "$L" 'eth0 down: instances using it act on it in 2 s unless it comes back' 2 ||
	fail "h1 did not log the down delay: $(tail -5 "$L")"
vigil_ctl h1 status >"$T_DIR/st.out" 2>&1
grep -Eq 'VI_1 .* MASTER .*\(eth0 down in [0-9.]+ s\)' "$T_DIR/st.out" ||
	fail "vigilctl status does not show the wait: $(cat "$T_DIR/st.out")"
vigil_ctl h1 status --json | grep -q '"pending": *"down in ' ||
	fail "vigilctl status --json has no pending field"
sleep 0.5
link_restore h1
wait_log "$L" 'eth0 up again within its down delay \(2 s\): no state change' 2 ||
	fail "h1 did not log the end of the wait: $(tail -5 "$L")"
sleep 3	# past the end of the down delay
[ "$(count_log "$L" 'Entering')" = 1 ] || fail "h1 changed state on a 0.5 s flap: $(grep Entering "$L")"
only_on h1 || fail "the VIP left h1 on a 0.5 s flap: $(holder)"
! grep -q 'Entering MASTER' "$T_DIR/h2.log" || fail "h2 became master on a 0.5 s flap"
vigil_ctl h1 status | grep -q '(eth0 ' && fail "vigilctl status still shows a wait"

# 2. A long cut: FAULT after the down delay, then h2 takes over.
link_cut h1
T0=$(date +%s.%N)
sleep 1
! grep -q 'Entering FAULT' "$L" || fail "h1 went to FAULT within 1 s of a 2 s down delay"
has_vip h1 || fail "h1 dropped the VIP within 1 s of a 2 s down delay"
wait_log "$L" '\(VI_1\) Entering FAULT STATE' 5 || fail "h1 not in FAULT after the down delay"
t=$(secs_since "$T0")
ge "$t" 1.8 || fail "h1 went to FAULT ${t} s after the cut, before its 2 s down delay"
grep -q 'eth0 still down after its down delay (2 s): acting on it' "$L" ||
	fail "h1 did not log the end of the down delay"
log "FAULT ${t} s after the cut (down delay 2 s)"
wait_for 3 sh -c "! ip -n $(ns h1) -o addr show dev eth0 | grep -qw $VIP4" ||
	fail "h1 in FAULT kept the VIP"
wait_holder h2 12 || fail "h2 did not take over: $(holder)"

# 3. The link back: FAULT held for the up delay, then BACKUP; h1 preempts.
n=$(count_log "$L" 'Entering')
link_restore h1
T0=$(date +%s.%N)
wait_log "$L" 'eth0 up: instances using it act on it in 3 s unless it goes down again' 2 ||
	fail "h1 did not log the up delay"
sleep 1.5
[ "$(count_log "$L" 'Entering')" = "$n" ] || fail "h1 left FAULT within 1.5 s of a 3 s up delay"
only_on h2 || fail "the VIP moved during h1's up delay: $(holder)"
wait_for 6 sh -c "[ \$(grep -c Entering '$L') -gt $n ]" || fail "h1 did not leave FAULT"
t=$(secs_since "$T0")
grep Entering "$L" | tail -1 | grep -q 'Entering BACKUP STATE' ||
	fail "h1 left FAULT for $(grep Entering "$L" | tail -1)"
ge "$t" 2.8 || fail "h1 left FAULT ${t} s after the link came back, before its 3 s up delay"
log "BACKUP ${t} s after the link came back (up delay 3 s)"
wait_holder h1 12 || fail "h1 did not preempt after its up delay: $(holder)"

# 4. Reload: 1 s down, no up delay.
updown_conf "$T_DIR/h1.conf" 1 0
kill -HUP "$(vigil_pid h1)"
wait_log "$L" 'configuration 2 running in every process' 5 || fail "reload not applied"
n=$(count_log "$L" 'Entering')
link_cut h1
wait_log "$L" 'eth0 down: instances using it act on it in 1 s unless it comes back' 2 ||
	fail "the reload did not take the new down delay: $(tail -5 "$L")"
wait_log "$L" 'eth0 still down after its down delay \(1 s\)' 4 || fail "no FAULT after 1 s"
wait_for 3 sh -c "[ \$(grep -c Entering '$L') -gt $n ]" || fail "h1 not in FAULT"
grep Entering "$L" | tail -1 | grep -q 'Entering FAULT STATE' || fail "h1 not in FAULT"
n=$(count_log "$L" 'Entering')
link_restore h1
wait_for 4 sh -c "[ \$(grep -c Entering '$L') -gt $n ]" || fail "h1 did not leave FAULT"
grep Entering "$L" | tail -1 | grep -q 'Entering BACKUP STATE' || fail "h1 did not go to BACKUP"
! grep -q 'act on it in 0 s' "$L" || fail "a 0 s up delay waited"
[ "$(count_log "$L" 'eth0 up: instances using it act on it')" = 1 ] ||
	fail "the reload kept the 3 s up delay"

# 5. A reload during a wait: the new delay (0) ends it at once.
updown_conf "$T_DIR/h1.conf" 3.9 0
kill -HUP "$(vigil_pid h1)"
wait_log "$L" 'configuration 3 running in every process' 5 || fail "reload 3 not applied"
n=$(count_log "$L" 'Entering FAULT')
link_cut h1
wait_log "$L" 'eth0 down: instances using it act on it in 3.9 s' 2 ||
	fail "no 3.9 s wait: $(tail -5 "$L")"
updown_conf "$T_DIR/h1.conf" 0 0
kill -HUP "$(vigil_pid h1)"
wait_log "$L" 'configuration 4 running in every process' 3 || fail "reload 4 not applied"
wait_log "$L" 'eth0 down: its down delay is now 0 s, over: acting on it' 2 ||
	fail "the reload did not end the wait: $(tail -5 "$L")"
wait_for 2 sh -c "[ \$(grep -c 'Entering FAULT' '$L') -gt $n ]" || fail "h1 not in FAULT"
! grep -q 'still down after its down delay (3.9 s)' "$L" ||
	fail "the 3.9 s wait ran to its end despite the reload"
pass
