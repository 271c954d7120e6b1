#!/bin/sh
# The script runner on a real vigild (h1 alone on the LAN, VI_1 tracking
# every script with weight -1, so none of them moves anything):
#  - a script that sleeps past its timeout (and leaves a background
#    sleep in its group): logged "timed out" with the command, counted
#    failed and timed out, never two runs at once, nothing of it left;
#  - a script whose background child keeps its stdout open: each run
#    ends when the script exits (it succeeds every second);
#  - a missing program and a file that is not executable: failed, with
#    the reason logged once;
#  - rise 2 / fall 3 counting on a script whose exit status the test sets;
#  - no zombie under the check child, nothing left after vigild stops;
#  - enable_script_security: a root script in a world-writable directory
#    is not run, and the log names the directory.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# Distinctive sleeps, to find this test's processes (fractional seconds:
# no other process on the host sleeps exactly that long).
S1=1001.25 S2=1002.25 S3=3.125
printf '#!/bin/sh\nexit 0\n' >"$T_DIR/noexec.sh"
chmod 0644 "$T_DIR/noexec.sh"

vrrp_lan
STATE=MASTER vrrp_conf "$T_DIR/h1.conf" 150 "version 3
	advert_int 0.1
	track_script {
		chk_sleep weight -1
		chk_bg weight -1
		chk_missing weight -1
		chk_noexec weight -1
		chk_rf weight -1
	}"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_script chk_sleep {
	script "/bin/sh -c 'sleep $S1 & sleep $S2'"
	interval 1
	timeout 2
}
vrrp_script chk_bg {
	script "/bin/sh -c 'sleep $S3 & echo started'"
	interval 1
	timeout 5
}
vrrp_script chk_missing {
	script "/nonexistent/vigil-check"
	interval 1
}
vrrp_script chk_noexec {
	script "$T_DIR/noexec.sh"
	interval 1
}
vrrp_script chk_rf {
	script "$(rc_script h1 chk_rf)"
	interval 1
	rise 2
	fall 3
}
EOF

# count_procs ERE: processes whose command line matches (counted only).
count_procs() { pgrep -fc -- "$1" || true; }

# zombies_of PID: the PIDs of children of PID that are zombies.
zombies_of() { ps -o pid=,stat= --ppid "$1" | awk '$2 ~ /^Z/ { print $1 }'; }

# stats: h1's SIGUSR2 dump (check section).
stats() {
	f=$(vigil_dump h1 stats)
	rm -f "$f"
	kill -USR2 "$H1"
	wait_for 3 grep -q 'Checker Statistics' "$f" || fail "no stats dump"
	wait_for 3 grep -q 'VRRP Script chk_rf:' "$f" || fail "no script stats"
	cat "$f"
}

vigil_start h1 "$T_DIR/h1.conf" -D
H1=$VIGIL_PID
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"
CHECK=$(vigil_pid h1 check)

wait_log "$T_DIR/h1.log" "check: VRRP_Script\\(chk_sleep\\) timed out after 2000 ms: /bin/sh -c 'sleep $S1 & sleep $S2'" 5 ||
    fail "chk_sleep: no 'timed out' line with the command"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_sleep\) failed \(timed out after 2000 ms\)' 1 ||
    fail "chk_sleep: not failed"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk_sleep failed' 2 ||
    fail "VI_1 did not take chk_sleep's failure"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_missing\) failed \(not found\)' 3 ||
    fail "chk_missing: not failed as not found"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_noexec\) failed \(cannot be run: Permission denied\)' 3 ||
    fail "chk_noexec: not failed as not executable"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_bg\) succeeded' 3 || fail "chk_bg: no success"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_bg\) output: started' 3 ||
    fail "chk_bg: its output was not logged with -D"
log "timeout, missing, not executable and background child: as expected"

# Over 6 seconds: never two chk_sleep runs at once, chk_bg runs every
# second although its background child holds the pipe for 3 s.
max=0
zold=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	n=$(count_procs "^sleep $S2\$")
	[ "$n" -gt "$max" ] && max=$n
	# A script that just exited is a zombie until the check child's
	# SIGCHLD handler reaps it: one still there half a second later
	# was never reaped.
	for z in $zold; do
		zombies_of "$CHECK" | grep -qx "$z" &&
		    fail "zombie $z under the check child for 0.5 s"
	done
	zold=$(zombies_of "$CHECK")
	sleep 0.5
done
[ "$max" -le 1 ] || fail "chk_sleep: $max runs at once"
[ "$max" = 1 ] || fail "chk_sleep: never seen running (the test looks at the wrong thing)"
S=$(stats)
echo "$S" | grep -E 'VRRP Script chk_(sleep|bg):'
runs=$(echo "$S" | sed -n 's/.*VRRP Script chk_bg: runs = \([0-9]*\).*/\1/p')
[ "${runs:-0}" -ge 6 ] || fail "chk_bg ran $runs times in over 6 s (held up by its background child?)"
echo "$S" | grep -Eq 'VRRP Script chk_sleep: runs = [0-9]+, failed = ([1-9][0-9]*), timed out = [1-9]' ||
    fail "chk_sleep: timeouts not counted: $(echo "$S" | grep chk_sleep)"
echo "$S" | grep -Eq 'VRRP Script chk_sleep: .*skipped \(still running\) = [1-9]' ||
    fail "chk_sleep: no turn skipped while a run was still going"
[ "$(count_log "$T_DIR/h1.log" 'VRRP_Script\(chk_missing\) not found')" = 1 ] ||
    fail "chk_missing: the reason was logged more than once"
log "no overlap, no zombie, chk_bg ran $runs times"

# rise 2 / fall 3: the first result decided (success); three failures in
# a row to fail (2 s at least after the first failing run), two
# successes to succeed again.
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_rf\) succeeded' 3 || fail "chk_rf: no first success"
t0=$(date +%s.%N)
echo 1 >"$T_DIR/h1.chk_rf.rc"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_rf\) failed' 6 || fail "chk_rf: never failed"
t1=$(date +%s.%N)
echo 0 >"$T_DIR/h1.chk_rf.rc"
wait_for 6 sh -c "[ \$(grep -c 'VRRP_Script(chk_rf) succeeded' '$T_DIR/h1.log') = 2 ]" ||
    fail "chk_rf: never succeeded again"
t2=$(date +%s.%N)
fall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
rise=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
log "chk_rf failed ${fall} s after its status turned (fall 3), succeeded ${rise} s after (rise 2)"
awk -v f="$fall" -v r="$rise" 'BEGIN { exit !(f >= 1.9 && r >= 0.9) }' ||
    fail "chk_rf turned too early: fall 3 after ${fall} s, rise 2 after ${rise} s"

# Stop: nothing of the scripts is left.
stop_pid "$H1" 5
wait_for 3 sh -c "! pgrep -f '^sleep ($S1|$S2)\$'" ||
    fail "sleeps of chk_sleep left after vigild stopped"
log "vigild stopped: no chk_sleep process left"

# enable_script_security: a script in a world-writable directory.
mkdir -p "$T_DIR/ww"
chmod 0777 "$T_DIR/ww"
printf '#!/bin/sh\nexit 0\n' >"$T_DIR/ww/chk.sh"
chmod 0755 "$T_DIR/ww/chk.sh"
mv "$T_DIR/h1.log" "$T_DIR/h1-1.log"
STATE=MASTER vrrp_conf "$T_DIR/h1.conf" 150 "version 3
	advert_int 0.1
	track_script {
		chk_ww
	}" "enable_script_security
	script_user root"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_script chk_ww {
	script "$T_DIR/ww/chk.sh"
	interval 1
}
EOF
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_log "$T_DIR/h1.log" "VRRP_Script\\(chk_ww\\): $T_DIR/ww/chk.sh runs as root but $T_DIR/ww can be changed by a user other than root: not run \\(enable_script_security\\)" 5 ||
    fail "enable_script_security: no refusal naming $T_DIR/ww"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 3 ||
    fail "enable_script_security: the refused script (weight 0) did not count as failed"
# Paths are checked at start and at each reload (by the parent, as root:
# the check child could not even look into $T_DIR, which is root's 0700).
chmod 0755 "$T_DIR/ww"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'VRRP_Script\(chk_ww\) succeeded' 5 ||
    fail "enable_script_security: the script did not run once its directory was safe"
log "enable_script_security: refused while $T_DIR/ww was world-writable, run after a reload once it was not"
pass
