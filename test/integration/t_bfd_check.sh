#!/bin/sh
# BFD_CHECK: a director (vigild in "dir", 192.0.2.100) checks real server
# 192.0.2.1 by a BFD session to it (a vigild in "srv" answers with its own
# bfd_instance) and 192.0.2.2 by TCP_CHECK (a listener, so the virtual
# server keeps a live server). The session Up: .1 is up (notify_up, status
# UP, with alpha it starts down); the peer stopped: .1 is taken out
# (notify_down, status DOWN, vigilctl events' checker line), .2 stays;
# the peer back: .1 back. (No IPVS on this kernel: what vigild decides is
# read from notify scripts and vigilctl, as t_lvs_checks.sh does.)
. "$(dirname "$0")/lib.sh"
need_root
PY=$(python3 -c 'import sys; print(sys.executable)')
HERE=$(cd "$(dirname "$0")" && pwd)

ns_create sw
br_create sw br0
host_add dir sw br0 192.0.2.100/24
host_add srv sw br0 192.0.2.1/24
ip -n "$(ns srv)" addr add 192.0.2.2/24 dev eth0
rm -f "$T_DIR/rs2.pid"
daemon_start srv "$T_DIR/rs2.stderr" "$PY" "$HERE/tcp_listener.py" \
    192.0.2.2 80 "$T_DIR/rs2"
wait_for 5 test -s "$T_DIR/rs2.pid" || fail "listener rs2 not up"
# The check child is not root: its notify scripts write here.
chmod 777 "$T_DIR"

cat >"$T_DIR/dir.conf" <<EOF
bfd_instance rs1 {
    neighbor_ip 192.0.2.1
    source_ip 192.0.2.100
    min_rx 100
    min_tx 100
    multiplier 3
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 192.0.2.1 80 {
        alpha
        notify_up "/bin/sh -c 'echo up >> $T_DIR/rs1.notify'"
        notify_down "/bin/sh -c 'echo down >> $T_DIR/rs1.notify'"
        BFD_CHECK {
            name rs1
        }
    }
    real_server 192.0.2.2 80 {
        notify_down "/bin/sh -c 'echo down >> $T_DIR/rs2.notify'"
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
cat >"$T_DIR/srv.conf" <<EOF
bfd_instance director {
    neighbor_ip 192.0.2.100
    source_ip 192.0.2.1
    min_rx 100
    min_tx 100
    multiplier 3
}
EOF
"$VIGILD" -t -f "$T_DIR/dir.conf" >"$T_DIR/t.out" 2>&1 ||
	fail "vigild -t refuses the configuration: $(cat "$T_DIR/t.out")"
grep -q 'not supported' "$T_DIR/t.out" && fail "BFD_CHECK not supported: $(cat "$T_DIR/t.out")"

# rs_state ADDR: UP or DOWN, from vigilctl status --json.
cat >"$T_DIR/rs_state.py" <<'EOF'
import json, sys
for v in json.load(sys.stdin)["virtual_servers"]:
    for r in v["real_servers"]:
        if r["name"].startswith("[" + sys.argv[1] + "]"):
            print(r["state"])
EOF
rs_state() { vigil_ctl dir status --json | python3 "$T_DIR/rs_state.py" "$1"; }
notified() { [ "$(tail -n 1 "$T_DIR/rs1.notify" 2>/dev/null)" = "$1" ]; }

vigil_start dir "$T_DIR/dir.conf"
DIR=$VIGIL_PID
vigil_wait_child dir check "" 5 || fail "no check child"
sleep 2
# alpha, no session yet: down, and no notify_up.
[ "$(rs_state 192.0.2.1)" = DOWN ] ||
	fail "192.0.2.1 is $(rs_state 192.0.2.1) with no BFD session"
[ "$(rs_state 192.0.2.2)" = UP ] || fail "192.0.2.2 (TCP_CHECK) is $(rs_state 192.0.2.2)"
vigil_ctl dir events >"$T_DIR/events.out" 2>&1 &
EV=$!
track_pid "$EV"
wait_for 3 grep -q '"type":"events"' "$T_DIR/events.out" || fail "vigilctl events: nothing"

vigil_start srv "$T_DIR/srv.conf"
SRV=$VIGIL_PID
wait_log "$T_DIR/dir.log" '\(rs1\) Entering Up state' 10 || fail "dir: rs1 not Up"
wait_for 5 notified up || fail "no notify_up for 192.0.2.1: $(cat "$T_DIR/rs1.notify" 2>/dev/null)"
[ "$(rs_state 192.0.2.1)" = UP ] || fail "192.0.2.1 is $(rs_state 192.0.2.1) with the session Up"
grep -q 'BFD check of \[rs1\] RS(\[192.0.2.1\]:tcp:80) is UP' "$T_DIR/dir.log" ||
	fail "no 'BFD check of [rs1] ... is UP' line"

# The peer stops: AdminDown, the session goes Down, .1 is taken out.
stop_pid "$SRV"
wait_log "$T_DIR/dir.log" '\(rs1\) Entering Down state' 5 || fail "dir: rs1 not Down"
wait_for 5 notified down || fail "no notify_down for 192.0.2.1"
[ "$(rs_state 192.0.2.1)" = DOWN ] || fail "192.0.2.1 is $(rs_state 192.0.2.1) with the session Down"
[ "$(rs_state 192.0.2.2)" = UP ] || fail "192.0.2.2 went $(rs_state 192.0.2.2) with rs1's session"
[ -e "$T_DIR/rs2.notify" ] && fail "192.0.2.2 was notified down"
wait_for 3 grep -q '"type":"checker","checker":"BFD_CHECK","service":"\[192.0.2.1\]:tcp:80","result":"down"' "$T_DIR/events.out" ||
	fail "vigilctl events: no BFD_CHECK line: $(cat "$T_DIR/events.out")"

# The peer back: .1 back.
mv "$T_DIR/srv.log" "$T_DIR/srv-first.log"
vigil_start srv "$T_DIR/srv.conf"
wait_for 10 sh -c "[ \$(grep -c '(rs1) Entering Up state' '$T_DIR/dir.log') -ge 2 ]" ||
	fail "dir: rs1 not Up again"
wait_for 5 notified up || fail "no second notify_up for 192.0.2.1"
[ "$(rs_state 192.0.2.1)" = UP ] || fail "192.0.2.1 is $(rs_state 192.0.2.1) with the session Up again"
[ "$(grep -c . "$T_DIR/rs1.notify")" = 3 ] ||
	fail "192.0.2.1's notifications: $(tr '\n' ' ' <"$T_DIR/rs1.notify") (want up down up)"
pass
