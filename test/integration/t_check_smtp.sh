#!/bin/sh
# test: exclusive
# E-mail alerts: two vigil routers on the LAN of lib_vrrp.sh and an SMTP
# sink (smtp_sink.py) on 192.0.2.25 port 2525 in namespace "mx".
# 1. One mail per state change, in order, with keepalived's subject and
#    the host, instance or group, new and old state and priority, sent
#    with the configured HELO, sender and recipients: h1 through a
#    failover and a fail-back (its FAULT mail waits for its link to come
#    back), h2 for an instance, a sync group and an instance a reload
#    deletes. A configuration without smtp_alert says, once, that no mail
#    will go.
# 2. The relay hangs (accepts, never greets), then is gone (refused):
#    the failover is as fast as ever, the check child answers a dump
#    while a try hangs, each failure is logged and an alert is given up
#    after 4 tries.
# 3. The relay back, h2 stops: what waits and the STOP alerts are sent
#    as its check child finishes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
command -v python3 >/dev/null || fail "python3 needed for the SMTP sink"
HERE=$(cd "$(dirname "$0")" && pwd)
MAILS=$T_DIR/mail.json
HOST=$(hostname)

# node_conf FILE ROUTER_ID PRIO GLOBAL_LINES INSTANCE_LINES [MORE]
node_conf() {
	cat >"$1" <<EOF
global_defs {
	router_id $2
	notification_email {
		ops@example.org
		oncall@example.org
	}
	smtp_server 192.0.2.25 2525
	smtp_connect_timeout 1
	$4
}

vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $3
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP4
	}
	$5
}
${6:-}
EOF
}

H2_MORE='vrrp_sync_group GRP {
	group {
		VI_1
	}
	smtp_alert
}

vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		192.0.2.12
	}
	smtp_alert
}'

# sink_start MODE: smtp_sink.py in mx; SINK is its pid.
sink_start() {
	rm -f "$MAILS.pid"
	daemon_start mx "$T_DIR/sink.log" python3 "$HERE/smtp_sink.py" \
	    192.0.2.25 2525 "$MAILS" "$1"
	SINK=$DAEMON_PID
	wait_for 5 test -s "$MAILS.pid" || fail "the SMTP sink did not start"
}

# states HOST INSTANCE: the states the instance entered, in order (INIT,
# when it stops, is no alert).
states() {
	grep -o "($2) Entering [A-Z]* STATE" "$T_DIR/$1.log" |
	    awk '$3 != "INIT" { print $3 }' | tr '\n' ' '
}

# mails RID KIND NAME: how many mails the sink has for that subject.
mails() { grep -c "Subject: \\[$1\\] VRRP $2 $3 - " "$MAILS" 2>/dev/null || true; }

vrrp_lan
ns_create mx
vrrp_port mx 192.0.2.25/24 2001:db8::25/64
sink_start ok

node_conf "$T_DIR/h1.conf" rid_h1 200 "notification_email_from vrrp-h1@example.org
	smtp_helo_name h1.example.org
	smtp_alert" ""
node_conf "$T_DIR/h2.conf" rid_h2 100 "" "smtp_alert" "$H2_MORE"

# The tutorials' configuration (no smtp_alert): one note, no mail.
node_conf "$T_DIR/quiet.conf" rid_q 100 "" ""
"$VIGILD" -t -f "$T_DIR/quiet.conf" >"$T_DIR/quiet.out" 2>&1 ||
	fail "vigild -t refused quiet.conf: $(cat "$T_DIR/quiet.out")"
n=$(grep -c "note: no e-mail alert will be sent: smtp_alert is off in every vrrp_instance and vrrp_sync_group.*write 'smtp_alert' in global_defs" "$T_DIR/quiet.out")
[ "$n" = 1 ] || fail "vigild -t says $n times that no e-mail will be sent: $(cat "$T_DIR/quiet.out")"
grep -q ':7:2: note: no e-mail' "$T_DIR/quiet.out" ||
	fail "the note is not at the smtp_server line: $(cat "$T_DIR/quiet.out")"

# 1. Delivery.
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "h1 alone is not master: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2: VI_1 not BACKUP"
wait_log "$T_DIR/h2.log" '\(VI_2\) Entering MASTER STATE' 5 || fail "h2: VI_2 not MASTER"
for h in h1 h2; do
	grep -q 'no e-mail alert will be sent' "$T_DIR/$h.log" &&
		fail "$h: says no e-mail will be sent, with smtp_alert on"
	grep -q 'not supported yet: no e-mail' "$T_DIR/$h.log" &&
		fail "$h: e-mail keywords still 'not supported yet'"
done
link_cut h1
wait_holder h2 2 || fail "h2 did not take over: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 2 || fail "h1 not in FAULT"
sleep 0.5
link_restore h1
wait_holder h1 3 || fail "h1 did not take the VIP back: $(holder)"
wait_for 3 sh -c "[ \$(grep -c '(VI_1) Entering BACKUP STATE' '$T_DIR/h2.log') -ge 2 ]" ||
	fail "h2: VI_1 not back to BACKUP"
# A reload that removes VI_2 from h2: a DELETED alert.
node_conf "$T_DIR/h2.conf" rid_h2 100 "" "smtp_alert" \
    "$(echo "$H2_MORE" | sed '/^vrrp_instance VI_2/,$d')"
kill -HUP "$(vigil_pid h2)"
wait_log "$T_DIR/h2.log" '\(VI_2\) removed from the configuration' 5 ||
	fail "h2: VI_2 not removed by the reload"

h1s=$(states h1 VI_1) h2s=$(states h2 VI_1) v2s="$(states h2 VI_2)DELETED"
log "h1 VI_1: $h1s; h2 VI_1: $h2s; h2 VI_2: $v2s"
n1=$(echo $h1s | wc -w) n2=$(echo $h2s | wc -w) n3=$(echo $v2s | wc -w)
# h1's FAULT alert is retried once its link is back (2 s after the first try).
wait_for 20 sh -c "[ \$(grep -c 'Subject: \\[rid_h1\\] VRRP Instance VI_1 - ' '$MAILS') -ge $n1 ] &&
    [ \$(grep -c 'Subject: \\[rid_h2\\] VRRP Instance VI_1 - ' '$MAILS') -ge $n2 ] &&
    [ \$(grep -c 'Subject: \\[rid_h2\\] VRRP Group GRP - ' '$MAILS') -ge $n2 ] &&
    [ \$(grep -c 'Subject: \\[rid_h2\\] VRRP Instance VI_2 - ' '$MAILS') -ge $n3 ]" ||
	fail "mails: h1 VI_1 $(mails rid_h1 Instance VI_1)/$n1, h2 VI_1 $(mails rid_h2 Instance VI_1)/$n2, GRP $(mails rid_h2 Group GRP)/$n2, VI_2 $(mails rid_h2 Instance VI_2)/$n3"
sleep 0.5	# nothing more comes
[ "$(states h1 VI_1)" = "$h1s" ] && [ "$(states h2 VI_1)" = "$h2s" ] ||
	fail "more state changes than expected: h1 $(states h1 VI_1), h2 $(states h2 VI_1)"
R=ops@example.org,oncall@example.org
python3 "$HERE/smtp_mails.py" "$MAILS" rid_h1 Instance VI_1 200 h1.example.org \
    vrrp-h1@example.org $R $h1s || fail "h1's VI_1 alerts"
python3 "$HERE/smtp_mails.py" "$MAILS" rid_h2 Instance VI_1 100 "$HOST" \
    "vigil@$HOST" $R $h2s || fail "h2's VI_1 alerts"
python3 "$HERE/smtp_mails.py" "$MAILS" rid_h2 Group GRP 0 "$HOST" \
    "vigil@$HOST" $R $h2s || fail "h2's GRP alerts"
python3 "$HERE/smtp_mails.py" "$MAILS" rid_h2 Instance VI_2 100 "$HOST" \
    "vigil@$HOST" $R $v2s || fail "h2's VI_2 alerts"
grep -q 'try 1 of 4 failed' "$T_DIR/h1.log" ||
	fail "h1's FAULT alert, with its link down, did not fail a first try"
grep -q 'VI_1 - Entering FAULT state" sent to 2 recipients through 192.0.2.25:2525' \
    "$T_DIR/h1.log" || fail "h1: no 'sent' line for its FAULT alert"

# 2. A relay that hangs, then one that is gone.
stop_pid "$SINK"
sink_start silent
n0=$(grep -c 'connected (silent)' "$MAILS.log" 2>/dev/null || true)
SUBJ='\[rid_h2\] VRRP Instance VI_1 - Entering MASTER state'
client_ping_start
sleep 0.3
link_cut h1
wait_holder h2 2 || fail "relay hung: h2 did not take over: $(holder)"
sleep 0.3
client_ping_stop
gap=$(ping_gap_ms)
log "relay hung: client outage ${gap} ms at the failover"
[ "$gap" -lt 1000 ] || fail "relay hung: client outage ${gap} ms"
wait_for 3 sh -c "[ \$(grep -c 'connected (silent)' '$MAILS.log') -gt $n0 ]" ||
	fail "h2 did not connect to the hung relay"
# While that try hangs (up to smtp_connect_timeout, 1 s), the check
# child answers a stats dump at once.
dump=$(vigil_dump h2 stats)
rm -f "$dump"
t0=$(date +%s%N)
kill -USR2 "$(vigil_pid h2)"
wait_for 2 grep -q 'E-mail alerts queued' "$dump" || fail "h2: no stats dump"
dt=$(( ($(date +%s%N) - t0) / 1000000 ))
hung=$(grep -c "$SUBJ\": try 1 of 4 failed" "$T_DIR/h2.log" || true)
log "stats dump in $dt ms while a try hangs (tries failed so far: $hung)"
[ "$hung" = 0 ] || fail "the try had ended before the dump: not a test of a hung relay"
[ "$dt" -lt 700 ] || fail "the check child took $dt ms to answer a dump"
wait_log "$T_DIR/h2.log" "$SUBJ\": try 1 of 4 failed: 192.0.2.25:2525: no answer to the greeting within 1 s; next try in 2 s" 3 ||
	fail "h2: no failed try logged for the hung relay"
stop_pid "$SINK"
wait_log "$T_DIR/h2.log" "$SUBJ\" not sent: 192.0.2.25:2525: connect: Connection refused \(try 4 of 4, giving up\)" 25 ||
	fail "h2: the alert was not given up after 4 tries"
grep -q "$SUBJ\": try 2 of 4 failed: 192.0.2.25:2525: connect: Connection refused; next try in 4 s" "$T_DIR/h2.log" ||
	fail "h2: no second try refused"
grep -q "$SUBJ\": try 3 of 4 failed: 192.0.2.25:2525: connect: Connection refused; next try in 8 s" "$T_DIR/h2.log" ||
	fail "h2: no third try refused"
sleep 0.3
n=$(grep -c "$SUBJ\": try" "$T_DIR/h2.log")
[ "$n" = 3 ] || fail "h2: $n tries failed before giving up, want 3 (then the 4th, given up)"
only_on h2 || fail "the VIP moved while the relay was down: $(holder)"
# The VRRP side never waited: h2's advert timer stayed on time.
rm -f "$dump"
kill -USR2 "$(vigil_pid h2)"
wait_for 3 grep -q 'E-mail alerts not sent' "$dump" || fail "h2: no stats"
late=$(awk -F'= ' '/Advert timer late max/ { print $2 + 0 }' "$dump")
notsent=$(awk -F'= ' '/E-mail alerts not sent/ { print $2 + 0 }' "$dump")
log "relay down: h2 advert timer late max $late ms; alerts not sent $notsent"
awk -v l="$late" 'BEGIN { exit !(l < 100) }' || fail "h2's advert timer was up to $late ms late"
[ "$notsent" -ge 1 ] || fail "h2's stats count no alert not sent"

# 3. The relay back, h2 stops: its check child, which outlives the vrrp
# child, gives what waits one more try at once and sends the STOP alerts,
# then exits.
sink_start ok
H2=$(vigil_pid h2)
t0=$(date +%s%N)
kill -TERM "$H2"
wait_for 5 sh -c "! kill -0 $H2 2>/dev/null" || fail "h2 did not stop"
dt=$(( ($(date +%s%N) - t0) / 1000000 ))
log "h2 stopped in $dt ms, its alerts sent on the way"
grep -q 'stopping: [0-9]* e-mail alerts\{0,1\} to send, one try each' "$T_DIR/h2.log" ||
	fail "h2: no 'stopping: ... e-mail alerts to send' line"
for a in 'Instance VI_1 - Entering STOP state' 'Group GRP - Entering STOP state' \
    'Group GRP - Entering MASTER state'; do
	grep -q "\"\[rid_h2\] VRRP $a\" sent to 2 recipients" "$T_DIR/h2.log" ||
		fail "h2: '$a' not sent at stop"
done
grep -q 'State:      STOP (was MASTER)' "$MAILS" || fail "no 'STOP (was MASTER)' in the mails"
[ "$dt" -lt 3500 ] || fail "h2 took $dt ms to stop"
pass
