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

for r in r1 r2; do
	wait_for 3 grep -q '"state":"BACKUP","from":"MASTER"' "$T_DIR/$r.ev" ||
		fail "$r: no MASTER -> BACKUP line: $(cat "$T_DIR/$r.ev")"
done
wait_for 3 grep -q '"state":"MASTER","from":"BACKUP"' "$T_DIR/r3.ev" ||
	fail "r3 (h2): no BACKUP -> MASTER line: $(cat "$T_DIR/r3.ev")"
# Every line is JSON, in time order; each reader has its events; r1 and
# r2 the same ones after their own first line.
python3 - "$T_DIR" <<'EOP' || fail "events missing or malformed"
import json, sys
def load(r):
    lines = open(sys.argv[1] + "/" + r + ".ev").read().splitlines()
    ev = [json.loads(l) for l in lines]
    t = [e["time"] for e in ev]
    assert t == sorted(t), (r, "out of order", lines)
    assert ev[0]["type"] == "events", (r, lines)
    return ev
def has(r, ev, **kw):
    assert any(all(e.get(k) == v for k, v in kw.items()) for e in ev), \
        (r, "no event", kw, ev)
for r in ("r1", "r2"):
    ev = load(r)
    has(r, ev, type="script", script="chk", result="failure")
    has(r, ev, type="priority", instance="VI_1", priority=140, **{"from": 200},
        base_priority=200, reason="chk failed")
    has(r, ev, type="state", instance="VI_1", state="BACKUP",
        priority=140, **{"from": "MASTER"})
assert load("r1")[1:] == load("r2")[1:], "r1 and r2 read different events"
has("r3", load("r3"), type="state", instance="VI_1", state="MASTER",
    **{"from": "BACKUP"})
EOP

# vigild stopping ends the stream: vigilctl says so, exit status 1.
stop_pid "$H1" 5
wait_log "$T_DIR/r1.err" 'closed the event stream' 3 ||
	fail "r1 still reading after vigild stopped: $(cat "$T_DIR/r1.err")"
wait "$R1"; rc=$?
[ "$rc" = 1 ] || fail "vigilctl events exited $rc, not 1, when vigild stopped"
pass
