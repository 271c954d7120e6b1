#!/bin/sh
# test: exclusive
# BFD between vigil (h1) and Debian's keepalived (h2, bfd_rt_priority 20), IPv4 and IPv6
# sessions at 100 ms x 3: both come Up; cutting keepalived's link brings
# vigil's sessions Down within the detection time (plus a margin for a
# loaded machine) and the track_bfd weight lowers VI_1's priority;
# restored, they come back Up and the priority with them; keepalived
# stopping takes them Down again; vigil stopping sends AdminDown, which
# keepalived takes at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
cat >"$T_DIR/h1.conf" <<EOF
bfd_instance ka {
	neighbor_ip 192.0.2.2
	source_ip 192.0.2.1
	min_rx 100
	min_tx 100
	multiplier 3
}
bfd_instance ka6 {
	neighbour_ip 2001:db8::2
	min_rx 100
	min_tx 100
	multiplier 3
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority 150
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP4
	}
	track_bfd {
		ka weight -60
		ka6 weight -20
	}
}
EOF
cat >"$T_DIR/h2.conf" <<EOF
global_defs {
	router_id ka_bfd
	bfd_rt_priority 20
	# keepalived's default RLIMIT_RTTIME guard killed its BFD process at
	# start on a loaded machine (CI: "exited due to signal 9 - has
	# rlimit_rttime been exceeded?"): 1 s of CPU without blocking.
	bfd_rlimit_rttime 1000000
}
bfd_instance vg {
	neighbor_ip 192.0.2.1
	source_ip 192.0.2.2
	min_rx 100
	min_tx 100
	multiplier 3
}
bfd_instance vg6 {
	neighbor_ip 2001:db8::1
	source_ip 2001:db8::2
	min_rx 100
	min_tx 100
	multiplier 3
	hoplimit 255
}
EOF
"$VIGILD" -t -f "$T_DIR/h1.conf" >"$T_DIR/t.out" 2>&1 ||
	fail "vigild -t refuses the configuration: $(cat "$T_DIR/t.out")"
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED not installed"

# ms_between HH:MM:SS.mmm HH:MM:SS.mmm: milliseconds from the first.
ms_between() {
	echo "$1 $2" | awk '{ split($1, a, ":"); split($2, b, ":");
	    print int(((b[1] - a[1]) * 3600 + (b[2] - a[2]) * 60 + b[3] - a[3]) * 1000 + 0.5) }'
}
prio() {
	vigil_ctl h1 status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([i for i in d["instances"] if i["name"] == "VI_1"][0]["priority"])'
}
bfd_state() {
	vigil_ctl h1 status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([b for b in d["bfd"] if b["name"] == sys.argv[1]][0]["state"])' "$1"
}

vigil_start h1 "$T_DIR/h1.conf"
daemon_start h2 "$T_DIR/h2.log" "$KEEPALIVED" -n -l -D -f "$T_DIR/h2.conf" \
    -p "$T_DIR/h2.ka.pid" -r "$T_DIR/h2.ka.vrrp.pid" \
    -c "$T_DIR/h2.ka.check.pid" -b "$T_DIR/h2.ka.bfd.pid"
K=$DAEMON_PID
wait_for 5 test -s "$T_DIR/h2.ka.bfd.pid" || fail "keepalived: no BFD child"
track_pid "$(cat "$T_DIR/h2.ka.bfd.pid")"

wait_log "$T_DIR/h1.log" '\(ka\) Entering Up state' 10 || fail "vigil: ka not Up"
wait_log "$T_DIR/h1.log" '\(ka6\) Entering Up state' 10 || fail "vigil: ka6 not Up"
wait_log "$T_DIR/h2.log" '\(vg\) Entering Up state' 5 || fail "keepalived: vg not Up"
wait_log "$T_DIR/h2.log" '\(vg6\) Entering Up state' 5 || fail "keepalived: vg6 not Up"
wait_for 3 sh -c "[ \"\$(VIGILCTL=$VIGILCTL; $VIGILCTL -s $T_DIR/h1.sock status --json | python3 -c 'import json,sys; print([i for i in json.load(sys.stdin)[\"instances\"] if i[\"name\"]==\"VI_1\"][0][\"priority\"])')\" = 150 ]" ||
	fail "VI_1's priority with both sessions Up is $(prio), not 150"
[ "$(bfd_state ka)" = Up ] || fail "vigilctl status: ka is $(bfd_state ka)"
sleep 1
# Up and staying Up at 100 ms: no flap.
[ "$(count_log "$T_DIR/h1.log" 'Entering Down state')" = 0 ] ||
	fail "vigil's sessions went Down while both ends ran"

# The link to keepalived cut: detection 3 x 100 ms.
t0=$(date +%T.%3N)
link_cut h2
wait_log "$T_DIR/h1.log" '\(ka\) Entering Down state' 3 ||
	fail "vigil: ka not Down 3 s after the link was cut"
# From the cut to vigil's log line (both the host's clock, in ms).
ms=$(ms_between "$t0" "$(grep '(ka) Entering Down state' "$T_DIR/h1.log" | head -n 1 | cut -d' ' -f1)")
log "ka Down ${ms} ms after the link was cut (detection time 300 ms)"
[ "$ms" -le 600 ] || fail "ka went Down after $ms ms, detection time 300 ms"
grep -q '(ka) Entering Down state (Local diagnostic - Control Detection Time Expired' \
    "$T_DIR/h1.log" || fail "vigil: no detection-time diagnostic"
wait_log "$T_DIR/h1.log" '\(ka6\) Entering Down state' 2 || fail "vigil: ka6 not Down"
wait_for 2 sh -c "grep -q 'VI_1.*priority.*70' '$T_DIR/h1.log'" ||
	fail "VI_1's priority did not drop to 70: $(prio)"
[ "$(prio)" = 70 ] || fail "VI_1's priority is $(prio) with both sessions Down, not 70"

link_restore h2
wait_for 10 sh -c "[ \$(grep -c '(ka) Entering Up state' '$T_DIR/h1.log') -ge 2 ]" ||
	fail "vigil: ka not Up again after the link came back"
wait_for 10 sh -c "[ \$(grep -c '(ka6) Entering Up state' '$T_DIR/h1.log') -ge 2 ]" ||
	fail "vigil: ka6 not Up again after the link came back"
sleep 0.3
[ "$(prio)" = 150 ] || fail "VI_1's priority is $(prio) with the sessions Up again"

# keepalived stopping sends nothing (no AdminDown, unlike vigil): the
# sessions go Down when the detection time passes.
n=$(count_log "$T_DIR/h1.log" '\(ka\) Entering Down state')
kill -TERM "$K"
wait_for 2 sh -c "[ \$(grep -c '(ka) Entering Down state' '$T_DIR/h1.log') -gt $n ]" ||
	fail "vigil: ka not Down after keepalived stopped"
wait_for 5 sh -c "! kill -0 $K 2>/dev/null" || kill -KILL "$K"
# Nothing keepalived sent was dropped.
vigil_ctl h1 status >"$T_DIR/status.txt"
grep -E '^bfd_rx' "$T_DIR/status.txt" | grep -E 'drop_[a-z_]*=[1-9]' &&
	fail "vigil dropped BFD packets from keepalived: $(grep bfd_rx "$T_DIR/status.txt")"
# keepalived back; vigil stopping sends AdminDown, which keepalived takes
# as Neighbor Signaled Session Down at once.
mv "$T_DIR/h2.log" "$T_DIR/h2-first.log"
rm -f "$T_DIR"/h2.ka*.pid
daemon_start h2 "$T_DIR/h2.log" "$KEEPALIVED" -n -l -D -f "$T_DIR/h2.conf" \
    -p "$T_DIR/h2.ka.pid" -r "$T_DIR/h2.ka.vrrp.pid" \
    -c "$T_DIR/h2.ka.check.pid" -b "$T_DIR/h2.ka.bfd.pid"
K=$DAEMON_PID
wait_for 5 test -s "$T_DIR/h2.ka.bfd.pid" || fail "keepalived: no BFD child"
track_pid "$(cat "$T_DIR/h2.ka.bfd.pid")"
wait_log "$T_DIR/h2.log" '\(vg\) Entering Up state' 10 || fail "keepalived: vg not Up again"
stop_pid "$VIGIL_PID"
wait_log "$T_DIR/h2.log" '\(vg\) Entering Down state \(Local diagnostic - Neighbor Signaled Session Down' 2 ||
	fail "keepalived did not take vigil's AdminDown"
kill -TERM "$K"
wait_for 5 sh -c "! kill -0 $K 2>/dev/null" || kill -KILL "$K"
pass
