#!/bin/sh
# notify_fifo, end to end: h1 (200) and h2 (150) on the LAN; h1 writes
# its VRRP lines to notify_fifo, which vigild creates (mode 0600, root)
# and notify_fifo_script reads (the FIFO's path appended to its
# arguments). h1's chk (weight 0, an rc_script) drives FAULT.
# - Lines in order, in keepalived's format: BACKUP, MASTER, FAULT,
#   BACKUP, MASTER.
# - The reader stopped (SIGSTOP) and the FIFO full: the check child does
#   not stall: the script's results still reach the vrrp child (FAULT and
#   back), notify_fault still runs; the 3 lines are dropped, counted in
#   the SIGUSR2 stats, "is full" logged once; once the reader reads
#   again, the next line goes in and "writing again" is logged.
# - The reader killed: started again; lines written meanwhile wait in
#   the FIFO and reach the new one.
# - The check child killed: the parent stops its reader; the new check
#   child gets the FIFO again and starts one reader.
# - A reload keeps the FIFO and its reader; with
#   fifo_write_vrrp_states_on_reload it writes the current state, also
#   to a vrrp_notify_fifo the reload adds, made for user nobody.
# - With vrrp_notify_priority_changes (taken by the reload in place),
#   chk_prio (weight -10) failing and back: MASTER_PRIORITY 190, 200.
# - At stop: STOP last; the FIFO vigild made is removed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
command -v python3 >/dev/null || fail "python3 needed to fill the FIFO"

FIFO=$T_DIR/h1.fifo
VFIFO=$T_DIR/h1.vfifo
OUT=$T_DIR/fifo.out
RPID=$T_DIR/reader.pid

# The reader: records its pid and arguments, then cat (same pid).
cat >"$T_DIR/reader.sh" <<EOF
#!/bin/sh
echo \$\$ >"$RPID.tmp" && mv "$RPID.tmp" "$RPID"
echo "\$*" >>"$T_DIR/reader.args"
exec cat "\$2" >>"$OUT"
EOF
cat >"$T_DIR/notify.sh" <<EOF
#!/bin/sh
echo "\$*" >>"$T_DIR/notify.out"
EOF
chmod 755 "$T_DIR/reader.sh" "$T_DIR/notify.sh"

# h1_conf [GLOBAL LINES]
h1_conf() {
	vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_script {
		chk weight 0
		chk_prio weight -10
	}
	notify_fault \"$T_DIR/notify.sh fault\"" "notify_fifo $FIFO
	notify_fifo_script \"$T_DIR/reader.sh -x\"
	${1:-}"
	cat >>"$T_DIR/h1.conf" <<EOF

vrrp_script chk {
	script "$(rc_script h1 chk)"
	interval 1
}

vrrp_script chk_prio {
	script "$(rc_script h1 chk_prio)"
	interval 1
}
EOF
}

# lines: the INSTANCE and GROUP lines the reader got, one per line.
lines() { grep -E '^(INSTANCE|GROUP) ' "$OUT" 2>/dev/null || true; }
# expect_lines LINE...: the reader got exactly these, in this order.
expect_lines() {
	printf '%s\n' "$@" >"$T_DIR/want"
	wait_for 3 sh -c "grep -E '^(INSTANCE|GROUP) ' '$OUT' | cmp -s - '$T_DIR/want'" ||
	    fail "FIFO lines: want
$(cat "$T_DIR/want")
got
$(lines)"
}
reader() { cat "$RPID"; }
stats() {
	S=$(vigil_dump h1 stats)
	rm -f "$S"
	kill -USR2 "$H1"
	wait_for 3 grep -q 'Notify FIFO' "$S" || fail "no FIFO line in h1's stats"
	grep 'Notify FIFO' "$S"
}

B='INSTANCE "VI_1" BACKUP 200'
M='INSTANCE "VI_1" MASTER 200'
F='INSTANCE "VI_1" FAULT 200'

vrrp_lan
h1_conf
vrrp_conf "$T_DIR/h2.conf" 150
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"

[ -p "$FIFO" ] || fail "no FIFO at $FIFO"
[ "$(stat -c '%a %U' "$FIFO")" = "600 root" ] ||
	fail "FIFO mode/owner: $(stat -c '%a %U' "$FIFO")"
wait_for 3 test -s "$RPID" || fail "the reader did not start"
grep -qx -- "-x $FIFO" "$T_DIR/reader.args" ||
	fail "reader arguments: $(cat "$T_DIR/reader.args")"
grep -q "notify_fifo_script $T_DIR/reader.sh -x started (pid $(reader)" \
    "$T_DIR/h1.log" || fail "no 'started' line for the reader"
track_pid "$(reader)"
expect_lines "$B" "$M"
log "start: $(lines | tr '\n' ' ')"

script_result h1 chk 1 VI_1
wait_holder h2 3 || fail "chk failed: h2 did not take over: $(holder)"
script_result h1 chk 0 VI_1
wait_holder h1 3 || fail "chk succeeded: h1 did not come back: $(holder)"
expect_lines "$B" "$M" "$F" "$B" "$M"
log "FAULT and back: in order"

# The reader stops reading; the FIFO is filled up to the last byte.
R1=$(reader)
kill -STOP "$R1"
python3 -c '
import errno, os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
n = 0
for size in (4096, 1):
    while True:
        try:
            n += os.write(fd, b"j" * (size - 1) + b"\n")
        except BlockingIOError:
            break
print(n)
' "$FIFO" >"$T_DIR/filled" || { kill -CONT "$R1"; fail "cannot fill the FIFO"; }
log "FIFO filled with $(cat "$T_DIR/filled") bytes"
script_result h1 chk 1 VI_1
wait_holder h2 3 || fail "FIFO full: h2 did not take over: $(holder)"
wait_for 3 grep -qx fault "$T_DIR/notify.out" ||
	fail "FIFO full: notify_fault did not run"
script_result h1 chk 0 VI_1
wait_holder h1 3 || fail "FIFO full: h1 did not come back: $(holder)"
wait_log "$T_DIR/h1.log" 'Entering MASTER STATE' 1 || fail "h1 not master"
st=$(stats)
echo "$st" | grep -q "notify_fifo $FIFO: full, lines written = 5, dropped = 3, found full = 1" ||
	fail "stats after 3 lines dropped: $st"
[ "$(count_log "$T_DIR/h1.log" "notify_fifo $FIFO is full")" = 1 ] ||
	fail "'is full' not logged once: $(grep 'is full' "$T_DIR/h1.log")"
kill -CONT "$R1"
wait_for 3 sh -c "[ \$(grep -c '^j' '$OUT') -gt 10 ]" ||
	fail "the reader did not read again"
script_result h1 chk 1 VI_1
wait_log "$T_DIR/h1.log" "notify_fifo $FIFO: writing again; 3 lines were dropped" 3 ||
	fail "no 'writing again' line"
expect_lines "$B" "$M" "$F" "$B" "$M" "$F"
[ "$(count_log "$T_DIR/h1.log" "notify_fifo $FIFO is full")" = 1 ] ||
	fail "'is full' logged again"
log "full FIFO: 3 lines dropped and counted, scripts went on, logged once"

# The reader dies: started again; what was written meanwhile waits.
kill -TERM "$R1"
wait_log "$T_DIR/h1.log" "notify_fifo_script $T_DIR/reader.sh -x killed by signal 15: starting it again in 1 s" 3 ||
	fail "the reader's death was not logged"
script_result h1 chk 0 VI_1
wait_for 5 sh -c "[ \"\$(cat '$RPID')\" != '$R1' ]" ||
	fail "the reader was not started again"
R2=$(reader)
track_pid "$R2"
wait_holder h1 3 || fail "h1 did not come back: $(holder)"
expect_lines "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M"
log "reader killed: started again ($R1 -> $R2), nothing lost"

C=$(vigil_pid h1 check)
kill -KILL "$C"
vigil_wait_child h1 check "$C" 5 || fail "no new check child"
wait_for 3 sh -c "! kill -0 $R2 2>/dev/null" ||
	fail "the reader of the dead check child runs on"
wait_log "$T_DIR/h1.log" "stopping the reader \\(pid $R2\\) of the check child that died" 1 ||
	fail "no 'stopping the reader' line"
wait_for 5 sh -c "[ \"\$(cat '$RPID')\" != '$R2' ]" ||
	fail "the new check child started no reader"
R3=$(reader)
track_pid "$R3"
[ "$(ps -eo args | grep -c "^cat $FIFO\$")" = 1 ] ||
	fail "not one reader: $(ps -eo pid,ppid,args | grep "cat $FIFO")"
script_result h1 chk 1 VI_1
wait_holder h2 3 || fail "h2 did not take over: $(holder)"
script_result h1 chk 0 VI_1
wait_holder h1 3 || fail "h1 did not come back: $(holder)"
expect_lines "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M"
log "check child killed: its reader stopped, one new reader ($R3)"
R2=$R3

# A reload: same FIFO, same reader; the current state written again,
# to the new vrrp_notify_fifo too (no reader: it waits there).
h1_conf "fifo_write_vrrp_states_on_reload
	vrrp_notify_priority_changes
	vrrp_notify_fifo $VFIFO nobody"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload"
expect_lines "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$M"
[ "$(reader)" = "$R2" ] && alive "$R2" || fail "the reload restarted the reader"
[ -p "$VFIFO" ] && [ "$(stat -c '%a %U' "$VFIFO")" = "600 nobody" ] ||
	fail "vrrp_notify_fifo: $(ls -l "$VFIFO" 2>&1)"
[ "$(timeout 3 head -n 1 "$VFIFO")" = "$M" ] ||
	fail "vrrp_notify_fifo: no state line after the reload"
log "reload: FIFO and reader kept, states written, new FIFO for nobody"
grep -q 'Entering BACKUP STATE (init)' "$T_DIR/h1.log" &&
[ "$(count_log "$T_DIR/h1.log" 'Entering BACKUP STATE \(init\)')" = 1 ] ||
	fail "the reload restarted VI_1"

script_result h1 chk_prio 1 VI_1
script_result h1 chk_prio 0 VI_1
expect_lines "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$M" \
    'INSTANCE "VI_1" MASTER_PRIORITY 190' 'INSTANCE "VI_1" MASTER_PRIORITY 200'
log "priority changes: MASTER_PRIORITY 190, 200"

# Stop: STOP is the last line, the FIFO vigild made is gone.
kill -TERM "$H1"
wait_for 8 sh -c "! kill -0 $H1 2>/dev/null" || fail "h1 did not stop"
expect_lines "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$F" "$B" "$M" "$M" \
    'INSTANCE "VI_1" MASTER_PRIORITY 190' 'INSTANCE "VI_1" MASTER_PRIORITY 200' \
    'INSTANCE "VI_1" STOP 200'
[ ! -e "$FIFO" ] && [ ! -e "$VFIFO" ] || fail "a FIFO is left: $(ls "$T_DIR")"
grep -q "notify_fifo $FIFO removed" "$T_DIR/h1.log" || fail "no 'removed' line"
wait_for 3 sh -c "! kill -0 $R2 2>/dev/null" || fail "the reader outlived vigild"
lines
pass
