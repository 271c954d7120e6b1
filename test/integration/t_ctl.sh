#!/bin/sh
# vigilctl against a running pair: h1 (200, tracking vrrp_script chk with
# weight -60) and h2 (150, tracking a file of 0), each with its control
# socket in $T_DIR.
#  - status: h1 MASTER, h2 BACKUP following 192.0.2.1; a failing script
#    moves h1 to "200-60 chk = 140" and h2 takes over;
#  - status --json, parsed by python3's json module, fields checked;
#  - stats: the advert counters move; dump (stats): the SIGUSR1 (SIGUSR2)
#    text;
#  - reload: applied (exit 0); a broken file: exit 1, file:line:col
#    printed, the daemon keeps the old configuration;
#  - a client that sends nothing, or does not read, stalls nobody;
#  - errors: no daemon, the socket 0600 root refusing another user; a
#    control_socket_group opens it to that group;
#  - metrics: parsed by prometheus_client's text parser, on stdout and
#    over HTTP from vigilctl --listen running as nobody;
#  - a stopped child: the answer ends in an error after 5 s.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
command -v setpriv >/dev/null || fail "setpriv (util-linux) needed"
# Debian's python3, where python3-prometheus-client is.
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3
"$PY" -c 'import prometheus_client.parser' 2>/dev/null ||
	fail "python3-prometheus-client needed"
[ -x "$VIGILCTL" ] || fail "no $VIGILCTL: make first"
NOGROUP=nogroup		# Debian's; RPM distributions call it nobody
getent group nogroup >/dev/null || NOGROUP=nobody

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_script {
		chk
	}"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_script chk {
	script "$(rc_script h1 chk)"
	interval 1
	weight -60
}
EOF
cp "$T_DIR/h1.conf" "$T_DIR/h1.good"
# h2 tracks a file holding 0 (its priority stays 150); the vrrp child,
# unprivileged, reads it through $T_DIR.
chmod 711 "$T_DIR"
mkdir -m 755 "$T_DIR/state"
vrrp_conf "$T_DIR/h2.conf" 150 "version 3
	advert_int 0.1
	track_file {
		tf
	}" "control_socket_group $NOGROUP"
cat >>"$T_DIR/h2.conf" <<EOF

track_file tf {
	file $T_DIR/state/tf
	weight 1
	init_file 0
}
EOF
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
wait_for 3 sh -c "'$VIGILCTL' -s '$T_DIR/h2.sock' status |
    grep -q 'master 192.0.2.1 prio 200'" ||
	fail "h2's status does not name h1 as master: $(vigil_ctl h2 status)"

vigil_ctl h1 status >"$T_DIR/st1" || fail "status h1: exit $?"
grep -Eq '^VI_1 +eth0 +vrid 51 +MASTER +prio 200 ' "$T_DIR/st1" ||
	fail "status h1: $(cat "$T_DIR/st1")"
grep -q 'vips 192.0.2.10/32' "$T_DIR/st1" || fail "no VIP: $(cat "$T_DIR/st1")"
grep -Eq '^  chk +GOOD' "$T_DIR/st1" || fail "no script: $(cat "$T_DIR/st1")"
vigil_ctl h2 status >"$T_DIR/st2" || fail "status h2: exit $?"
grep -Eq '^VI_1 +eth0 +vrid 51 +BACKUP +prio 150 ' "$T_DIR/st2" &&
    grep -Eq "^  tf +$T_DIR/state/tf value 0 \(ok\)" "$T_DIR/st2" ||
	fail "status h2: $(cat "$T_DIR/st2")"

# The script fails: 200-60 = 140 < 150, h2 takes over.
script_result h1 chk 1 VI_1
wait_holder h2 3 || fail "h2 did not take over: $(holder)"
wait_for 3 sh -c "'$VIGILCTL' -s '$T_DIR/h1.sock' status |
    grep -q 'BACKUP  *prio 200-60 chk = 140  master 192.0.2.2 prio 150'" ||
	fail "status h1 after the failure: $(vigil_ctl h1 status)"

vigil_ctl h1 status --json >"$T_DIR/j1" || fail "status --json: exit $?"
python3 - "$T_DIR/j1" "$H1" <<'EOF' || fail "status --json: fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["daemon"]["pid"] == int(sys.argv[2]), d["daemon"]
assert d["daemon"]["generation"] == 1
i = d["instances"][0]
assert (i["name"], i["interface"], i["vrid"], i["state"]) == \
    ("VI_1", "eth0", 51, "BACKUP"), i
assert (i["base_priority"], i["priority"]) == (200, 140), i
assert i["adjust"] == [{"name": "chk", "weight": -60}], i["adjust"]
assert i["master"] == {"address": "192.0.2.2", "priority": 150}, i["master"]
assert i["vips"] == ["192.0.2.10/32"], i["vips"]
assert isinstance(i["since"], float) and 0 <= i["since"] < 30, i["since"]
assert i["stats"]["became_master"] == 1, i["stats"]
assert i["stats"]["rx_errors"]["ttl"] == 0, i["stats"]["rx_errors"]
t = [t for t in i["tracks"] if t["type"] == "script"][0]
assert (t["type"], t["name"], t["state"], t["adjust"]) == \
    ("script", "chk", "failed", -60) and t["fault"] == 0, t
s = d["scripts"][0]
assert (s["name"], s["state"]) == ("chk", "BAD") and s["failures"] >= 1, s
assert d["sockets"][0]["drops"]["unknown_vrid"] == 0, d["sockets"]
EOF

# stats: h1 (BACKUP) keeps receiving h2's adverts.
rx() { vigil_ctl h1 stats --json | python3 -c 'import json, sys
print(json.load(sys.stdin)["instances"][0]["stats"]["adverts_received"])'; }
a=$(rx); sleep 0.5; b=$(rx)
[ "$b" -gt "$a" ] || fail "adverts_received did not move: $a then $b"
vigil_ctl h1 stats >"$T_DIR/stats" || fail "stats: exit $?"
grep -q '^VI_1: transitions [0-9]*, became_master 1, adverts_sent' \
    "$T_DIR/stats" || fail "stats: $(cat "$T_DIR/stats")"
grep -q '^script chk: runs [1-9]' "$T_DIR/stats" ||
	fail "stats: no script line: $(cat "$T_DIR/stats")"

vigil_ctl h1 dump >"$T_DIR/dump" || fail "dump: exit $?"
grep -q "pid = $H1\$" "$T_DIR/dump" && grep -q 'VRRP Topology' "$T_DIR/dump" &&
    grep -q 'VRRP Script = chk' "$T_DIR/dump" || fail "dump: $(cat "$T_DIR/dump")"
vigil_ctl h1 dump stats | grep -q 'Effective priority = 140$' ||
	fail "dump stats: $(vigil_ctl h1 dump stats)"
rc=0; vigil_ctl h1 frobnicate 2>/dev/null || rc=$?
[ "$rc" = 64 ] || fail "a usage error: exit $rc"

# Reload: applied; then a broken file is refused, the old one runs on.
vigil_ctl h1 reload >"$T_DIR/rl" 2>&1 || fail "reload: exit $?: $(cat "$T_DIR/rl")"
grep -q 'configuration 2 running in every process' "$T_DIR/rl" ||
	fail "reload: $(cat "$T_DIR/rl")"
printf 'vrrp_instance VI_9 {\n\tinterface eth0\n\tvirtual_router_id 300\n}\n' \
    >>"$T_DIR/h1.conf"
rc=0; vigil_ctl h1 reload >"$T_DIR/rl" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "broken reload: exit $rc: $(cat "$T_DIR/rl")"
grep -q "h1.conf:[0-9]*:[0-9]*: error:" "$T_DIR/rl" ||
	fail "broken reload: no file:line:col: $(cat "$T_DIR/rl")"
grep -q 'keeping configuration 2' "$T_DIR/rl" || fail "broken reload: $(cat "$T_DIR/rl")"
alive "$H1" || fail "vigild stopped after a broken reload"
vigil_ctl h1 status --json | python3 -c 'import json, sys
d = json.load(sys.stdin)
assert d["daemon"]["generation"] == 2, d["daemon"]
assert [i["name"] for i in d["instances"]] == ["VI_1"], d["instances"]' ||
	fail "the old configuration does not run on"
cp "$T_DIR/h1.good" "$T_DIR/h1.conf"

# A client that sends nothing and one that never reads stall nobody.
python3 - "$T_DIR/h1.sock" <<'EOF' &
import socket, sys, time
idle = socket.socket(socket.AF_UNIX); idle.connect(sys.argv[1])
deaf = socket.socket(socket.AF_UNIX); deaf.connect(sys.argv[1])
deaf.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
deaf.send(b"dump\n")
time.sleep(8)
EOF
track_pid $!
sleep 0.3
wait_for 2 sh -c "'$VIGILCTL' -s '$T_DIR/h1.sock' status >/dev/null" ||
	fail "status blocked by idle clients"

# Errors: no daemon; the 0600 socket refuses nobody; h2's group opens it.
rc=0; "$VIGILCTL" -s "$T_DIR/none.sock" status 2>"$T_DIR/err" || rc=$?
[ "$rc" = 2 ] && grep -q 'no vigild answers at' "$T_DIR/err" ||
	fail "no daemon: exit $rc: $(cat "$T_DIR/err")"
[ "$(stat -c '%a %U' "$T_DIR/h1.sock")" = "600 root" ] ||
	fail "h1.sock: $(stat -c '%a %U %G' "$T_DIR/h1.sock")"
[ "$(stat -c '%a %G' "$T_DIR/h2.sock")" = "660 $NOGROUP" ] ||
	fail "h2.sock: $(stat -c '%a %U %G' "$T_DIR/h2.sock")"
NOBODY="setpriv --reuid=nobody --regid=$NOGROUP --clear-groups"
rc=0; $NOBODY "$VIGILCTL" -s "$T_DIR/h1.sock" status 2>"$T_DIR/err" || rc=$?
[ "$rc" = 2 ] && grep -q 'permission denied' "$T_DIR/err" ||
	fail "nobody on h1: exit $rc: $(cat "$T_DIR/err")"
$NOBODY "$VIGILCTL" -s "$T_DIR/h2.sock" status | grep -q '^VI_1 .* MASTER ' ||
	fail "nobody (group $NOGROUP) cannot read h2's status"

# Metrics, on stdout and over HTTP from an unprivileged vigilctl in h2.
cat >"$T_DIR/prom.py" <<'EOF'
import sys, urllib.request
from prometheus_client.parser import text_string_to_metric_families
text = (urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
    if sys.argv[1].startswith("http") else open(sys.argv[1]).read())
m = {}
for fam in text_string_to_metric_families(text):
    for s in fam.samples:
        m[(s.name, tuple(sorted(s.labels.items())))] = s.value
state = sys.argv[2]
key = ("vigil_vrrp_state", (("instance", "VI_1"), ("interface", "eth0"),
    ("state", state), ("vrid", "51")))
assert m.get(key) == 1, [k for k in m if k[0] == "vigil_vrrp_state"]
assert m[("vigil_vrrp_priority", (("instance", "VI_1"),))] == \
    float(sys.argv[3]), "priority"
assert m[("vigil_vrrp_adverts_received_total", (("instance", "VI_1"),))] > 0
assert ("vigil_vrrp_receive_errors_total", (("instance", "VI_1"),
    ("reason", "ttl"))) in m
if len(sys.argv) > 4:
    assert m[("vigil_script_up", (("script", "chk"),))] == \
        float(sys.argv[4]), "script"
EOF
vigil_ctl h1 metrics >"$T_DIR/m1" || fail "metrics: exit $?"
"$PY" "$T_DIR/prom.py" "$T_DIR/m1" BACKUP 140 0 || fail "metrics of h1"
daemon_start h2 "$T_DIR/ctl_http.log" $NOBODY "$VIGILCTL" -s "$T_DIR/h2.sock" \
    metrics --listen 127.0.0.1:9650
wait_for 3 grep -q 'serving metrics' "$T_DIR/ctl_http.log" ||
	fail "metrics --listen: $(cat "$T_DIR/ctl_http.log")"
ns_exec h2 "$PY" "$T_DIR/prom.py" http://127.0.0.1:9650/metrics MASTER 150 ||
	fail "metrics over HTTP"

# A child that does not answer (stopped): vigilctl gets what there is
# and an error after 5 s, exit 1; the late answer goes nowhere.
V2=$(vigil_pid h2 vrrp)
kill -STOP "$V2"
t_at_exit "kill -CONT $V2 2>/dev/null"
rc=0; vigil_ctl h2 status >"$T_DIR/st3" 2>"$T_DIR/err" || rc=$?
kill -CONT "$V2"
[ "$rc" = 1 ] && grep -q 'no answer from a child in time' "$T_DIR/err" &&
    ! grep -q '^VI_1' "$T_DIR/st3" ||
	fail "a stopped child: exit $rc: $(cat "$T_DIR/err" "$T_DIR/st3")"
vigil_ctl h2 status | grep -q '^VI_1 ' || fail "h2 does not answer after SIGCONT"
pass
