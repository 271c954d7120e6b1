#!/bin/sh
# vigilctl events: two readers on h1 at once, h1 (200) and h2 (150) both
# vigild, h1 tracking vrrp_script chk (weight -60). chk fails on h1: each
# reader gets, as JSON lines, the script's failure, VI_1's priority
# 200 -> 140 with its reason, and MASTER -> BACKUP once h2 takes the VIP;
# a reader on h2 gets BACKUP -> MASTER. A reader that leaves does not
# disturb the others; the stream ends (exit 1) when vigild stops.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_script {
		chk
	}"
cat >>"$T_DIR/h1.conf" <<EOC

vrrp_script chk {
	script "$(rc_script h1 chk)"
	interval 1
	weight -60
}
EOC
vrrp_conf "$T_DIR/h2.conf" 150
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 (200) does not hold the VIP: $(holder)"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk succeeded' 5 ||
	fail "h1: chk never succeeded"

# reader NAME HOST: vigilctl events into $T_DIR/NAME.ev; R_PID.
reader() {
	"$VIGILCTL" -s "$T_DIR/$2.sock" events >"$T_DIR/$1.ev" \
	    2>"$T_DIR/$1.err" &
	R_PID=$!
	track_pid "$R_PID"
	wait_for 3 grep -q '"type":"events"' "$T_DIR/$1.ev" ||
		fail "$1: no first line from vigild"
}
reader r1 h1; R1=$R_PID
reader r2 h1; R2=$R_PID
reader r3 h2; R3=$R_PID
reader gone h1; kill "$R_PID"

script_result h1 chk 1 VI_1
wait_holder h2 3 || fail "h2 did not take the VIP: $(holder)"

# check FILE PYTHON-CONDITION...: each condition holds for some line.
check() {
	python3 - "$@" <<'EOP'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
ev = [json.loads(l) for l in lines]	# every line is JSON
for cond in sys.argv[2:]:
    if not any(eval(cond, {}, {"e": e}) for e in ev):
        print(sys.argv[1], "no line where", cond, "in", lines)
        sys.exit(1)
t = [e["time"] for e in ev]
if t != sorted(t):
    print(sys.argv[1], "lines out of order:", lines); sys.exit(1)
EOP
}
for r in r1 r2; do
	wait_for 3 grep -q '"state":"BACKUP","from":"MASTER"' "$T_DIR/$r.ev" ||
		fail "$r: no MASTER -> BACKUP line: $(cat "$T_DIR/$r.ev")"
	check "$T_DIR/$r.ev" \
	    'e["type"] == "script" and e["script"] == "chk" and e["result"] == "failure"' \
	    'e["type"] == "priority" and e["instance"] == "VI_1" and e["from"] == 200 and e["priority"] == 140 and e["reason"] == "chk failed"' \
	    'e["type"] == "state" and e["instance"] == "VI_1" and e["state"] == "BACKUP" and e["from"] == "MASTER" and e["priority"] == 140' ||
		fail "$r: events missing"
done
# The same events after each reader's own first line.
[ "$(tail -n +2 "$T_DIR/r1.ev")" = "$(tail -n +2 "$T_DIR/r2.ev")" ] ||
	fail "r1 and r2 read different events"
wait_for 3 grep -q '"state":"MASTER","from":"BACKUP"' "$T_DIR/r3.ev" ||
	fail "r3 (h2): no BACKUP -> MASTER line: $(cat "$T_DIR/r3.ev")"
check "$T_DIR/r3.ev" 'e["type"] == "state" and e["instance"] == "VI_1" and e["state"] == "MASTER"' ||
	fail "r3: no MASTER event"

# vigild stopping ends the stream: vigilctl says so, exit status 1.
stop_pid "$H1" 5
wait_log "$T_DIR/r1.err" 'closed the event stream' 3 ||
	fail "r1 still reading after vigild stopped: $(cat "$T_DIR/r1.err")"
wait "$R1"; rc=$?
[ "$rc" = 1 ] || fail "vigilctl events exited $rc, not 1, when vigild stopped"
pass
