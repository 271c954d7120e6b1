#!/bin/sh
# Notify scripts in event order (h1 alone on the LAN, VRRPv3 at 0.1 s):
#  - a recorder (notify, 0.3 s a run) sees every transition of a link
#    flapping every 0.15 s, in the order the vrrp child logged them, one
#    at a time (each run ends before the next starts), with keepalived's
#    arguments; notify_master / notify_backup / notify_fault run before
#    notify for the same event;
#  - a notify_master that never exits holds up the next notification for
#    10 s, no longer, and is left running;
#  - at stop, notify_stop and notify ... STOP run after the vrrp child has
#    left (the VIP is gone when they run).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

REC=$T_DIR/rec.log
cat >"$T_DIR/rec.sh" <<EOF
#!/bin/sh
# notify: INSTANCE VI_1 STATE PRIORITY; notify_*: one word of our own.
echo "start \$*" >>"$REC"
sleep 0.3
echo "end \$*" >>"$REC"
EOF
cat >"$T_DIR/hang.sh" <<EOF
#!/bin/sh
echo \$\$ >"$T_DIR/hang.pid"
echo "hang" >>"$REC"
exec sleep 1000.5
EOF

h1_conf() {	# h1_conf NOTIFY_MASTER_COMMAND
	STATE=MASTER vrrp_conf "$T_DIR/h1.conf" 150 "version 3
	advert_int 0.1
	notify \"/bin/sh $T_DIR/rec.sh\"
	notify_master \"$1\"
	notify_fault \"/bin/sh $T_DIR/rec.sh fault_script\"
	notify_stop \"/bin/sh $T_DIR/rec.sh stop_script\""
}

# The states VI_1 entered, from h1's log, one per line.
entered() {
	sed -n 's/.*vrrp: (VI_1) Entering \([A-Z]*\) STATE.*/\1/p' "$T_DIR/h1.log"
}

vrrp_lan
h1_conf "/bin/sh $T_DIR/rec.sh master_script"
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 not master: $(holder)"
for i in 1 2 3 4 5 6; do
	link_cut h1
	sleep 0.15
	link_restore h1
	sleep 0.15
done
wait_holder h1 5 || fail "h1 not master again after the flapping: $(holder)"
n=$(entered | wc -l)
[ "$n" -ge 8 ] || fail "only $n transitions: the link did not flap"
# Every transition is run: notify ends once per state entered, and the
# state's own script once per MASTER and FAULT.
wait_for 30 sh -c "[ \$(grep -c '^end INSTANCE' '$REC') -ge $n ]" ||
    fail "notify ran $(grep -c '^end INSTANCE' "$REC") times for $n transitions"
sleep 0.5
got=$(sed -n 's/^start INSTANCE VI_1 \([A-Z]*\) [0-9]*$/\1/p' "$REC")
[ "$got" = "$(entered)" ] ||
    fail "notify saw $(echo $got) for $(echo $(entered))"
# One at a time: start and end alternate, and an end follows its start.
awk '/^start/ { if (open) { bad = 1 } open = $0; next }
     /^end/ { s = open; sub(/^start/, "", s); e = $0; sub(/^end/, "", e);
	      if (!open || s != e) bad = 1; open = "" }
     END { exit bad || open != "" }' "$REC" ||
    fail "notifications overlapped: $(cat "$REC")"
# The state's own script first, then notify, for each MASTER / FAULT.
awk '/^start master_script/ { m = 1; next }
     /^start fault_script/ { f = 1; next }
     /^start INSTANCE VI_1 MASTER/ { if (!m) bad = 1; m = 0 }
     /^start INSTANCE VI_1 FAULT/ { if (!f) bad = 1; f = 0 }
     END { exit bad }' "$REC" ||
    fail "notify_master / notify_fault did not run before notify: $(cat "$REC")"
log "$n transitions, each notified in order, one at a time"

# A notify_master that never exits: the next notification waits 10 s.
: >"$REC"
h1_conf "/bin/sh $T_DIR/hang.sh"
kill -HUP "$H1"
wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload"
link_cut h1
wait_log "$REC" '^end INSTANCE VI_1 FAULT' 5 || fail "no FAULT notification"
link_restore h1
wait_log "$REC" '^hang$' 5 || fail "notify_master did not start"
wait_for 3 test -s "$T_DIR/hang.pid" || fail "no pid from the hanging script"
track_pid "$(cat "$T_DIR/hang.pid")"
t0=$(date +%s.%N)
wait_log "$REC" '^start INSTANCE VI_1 MASTER' 16 ||
    fail "the notification after a hanging notify_master never ran"
t1=$(date +%s.%N)
waited=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
awk -v w="$waited" 'BEGIN { exit !(w >= 9 && w < 15) }' ||
    fail "the next notification waited ${waited} s (10 s expected)"
wait_log "$T_DIR/h1.log" 'notify_master /bin/sh still running after 10 s: starting the next notification, this one runs on' 1 ||
    fail "no log line for the notification past 10 s"
alive "$(cat "$T_DIR/hang.pid")" || fail "the hanging notify_master was killed"
log "a hanging notify_master held the queue ${waited} s, and runs on"

# Stop: notify_stop then notify ... STOP, once the VIP is gone.
wait_log "$REC" '^end INSTANCE VI_1 MASTER' 3 || fail "notify MASTER did not end"
: >"$REC"
cat >"$T_DIR/rec.sh" <<EOF
#!/bin/sh
ip -o addr show dev eth0 | grep -q " $VIP4/" && vip=vip || vip=novip
echo "start \$* \$vip" >>"$REC"
echo "end \$* \$vip" >>"$REC"
EOF
stop_pid "$H1" 5
grep -q '^start stop_script novip$' "$REC" || fail "notify_stop: $(cat "$REC")"
grep -q '^start INSTANCE VI_1 STOP [0-9]* novip$' "$REC" ||
    fail "notify ... STOP: $(cat "$REC")"
[ "$(sed -n 1p "$REC")" = "start stop_script novip" ] ||
    fail "notify_stop did not run before notify: $(cat "$REC")"
log "stop: notify_stop, then notify STOP, after the VIP was removed"
pass
