#!/bin/sh
# test: exclusive
# BFD between vigil (h1) and FRR's bfdd (h2, alone: it needs no zebra; SCHED_RR,
# as vigil's vrrp child), IPv4 and IPv6 sessions at 100 ms x 3: both ends come Up; bfdd killed,
# vigil's sessions go Down within the detection time (plus a margin for
# a loaded machine) and VI_1's priority drops by the track_bfd weight;
# bfdd back, they come Up again; vigil stopping sends AdminDown, which
# bfdd reports as the remote diagnostic.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
BFDD=${BFDD:-/usr/lib/frr/bfdd}
VTYSH=${VTYSH:-vtysh}
[ -x "$BFDD" ] || fail "$BFDD not installed (frr)"
command -v "$VTYSH" >/dev/null || fail "vtysh not installed (frr)"
id frr >/dev/null 2>&1 || fail "no frr user (frr package)"

vrrp_lan
# bfdd runs as frr: its files in a directory it can reach.
chmod 755 "$T_DIR"
mkdir -p "$T_DIR/frr"
chown frr:frr "$T_DIR/frr"
cat >"$T_DIR/frr/bfdd.conf" <<EOF
bfd
 peer 192.0.2.1 local-address 192.0.2.2
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 !
 peer 2001:db8::1 local-address 2001:db8::2
  receive-interval 100
  transmit-interval 100
  detect-multiplier 3
 !
!
EOF
cat >"$T_DIR/h1.conf" <<EOF
bfd_instance frr {
	neighbor_ip 192.0.2.2
	source_ip 192.0.2.1
	min_rx 100
	min_tx 100
	multiplier 3
}
bfd_instance frr6 {
	neighbor_ip 2001:db8::2
	source_ip 2001:db8::1
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
		frr weight -50
		frr6 weight -30
	}
}
EOF

bfdd_start() {
	# Real-time, as vigil's vrrp child is: a bfdd that a loaded
	# machine holds back 300 ms lets its sessions expire.
	daemon_start h2 "$T_DIR/bfdd.log" chrt -r 20 "$BFDD" -f "$T_DIR/frr/bfdd.conf" \
	    -i "$T_DIR/frr/bfdd.pid" --vty_socket "$T_DIR/frr" \
	    --bfdctl "$T_DIR/frr/bfdd.sock" -u frr -g frr --log stdout
	BFDD_PID=$DAEMON_PID
	wait_for 5 test -S "$T_DIR/frr/bfdd.vty" || fail "bfdd: no vty socket"
}
# peer_field ADDR KEY: KEY of bfdd's peer ADDR (show bfd peers json); a
# script, so that wait_for can run it.
cat >"$T_DIR/bfd_peers.py" <<'EOF'
import json, sys
for p in json.load(sys.stdin):
    if p.get("peer") == sys.argv[1]:
        print(p.get(sys.argv[2], ""))
EOF
cat >"$T_DIR/peer_field" <<EOF
#!/bin/sh
ip netns exec $(ns h2) "$VTYSH" --vty_socket "$T_DIR/frr" \
    -c 'show bfd peers json' | python3 "$T_DIR/bfd_peers.py" "\$1" "\$2"
EOF
chmod +x "$T_DIR/peer_field"
peer_field() { "$T_DIR/peer_field" "$@"; }
# peer_is ADDR STATE SECONDS: wait until bfdd's peer ADDR is in STATE.
peer_is() { wait_for "$3" sh -c "[ \"\$('$T_DIR/peer_field' $1 status)\" = $2 ]"; }
prio() {
	vigil_ctl h1 status --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([i for i in d["instances"] if i["name"] == "VI_1"][0]["priority"])'
}

vigil_start h1 "$T_DIR/h1.conf"
bfdd_start
wait_log "$T_DIR/h1.log" '\(frr\) Entering Up state' 10 || fail "vigil: frr not Up"
wait_log "$T_DIR/h1.log" '\(frr6\) Entering Up state' 10 || fail "vigil: frr6 not Up"
peer_is 192.0.2.1 up 5 ||
	fail "bfdd: peer 192.0.2.1 is $(peer_field 192.0.2.1 status)"
[ "$(peer_field 2001:db8::1 status)" = up ] ||
	fail "bfdd: peer 2001:db8::1 is $(peer_field 2001:db8::1 status)"
sleep 1
[ "$(count_log "$T_DIR/h1.log" 'Entering Down state')" = 0 ] ||
	fail "vigil's sessions went Down while both ends ran"
[ "$(prio)" = 150 ] || fail "VI_1's priority is $(prio) with both sessions Up"

# bfdd killed: detection 3 x 100 ms.
t0=$(date +%T.%3N)
kill -KILL "$BFDD_PID"
wait_log "$T_DIR/h1.log" '\(frr\) Entering Down state' 3 ||
	fail "vigil: frr not Down 3 s after bfdd was killed"
# From the kill to vigil's log line (both the host's clock, in ms).
ms=$(echo "$t0 $(grep '(frr) Entering Down state' "$T_DIR/h1.log" | head -n 1 | cut -d' ' -f1)" |
    awk '{ split($1, a, ":"); split($2, b, ":");
    print int(((b[1] - a[1]) * 3600 + (b[2] - a[2]) * 60 + b[3] - a[3]) * 1000 + 0.5) }')
log "frr Down ${ms} ms after bfdd was killed (detection time 300 ms)"
[ "$ms" -le 600 ] || fail "frr went Down after $ms ms, detection time 300 ms"
wait_log "$T_DIR/h1.log" '\(frr6\) Entering Down state' 2 || fail "vigil: frr6 not Down"
wait_for 2 sh -c "grep -q 'priority 150-80=70' '$T_DIR/h1.log'" ||
	fail "VI_1's priority did not drop to 70: $(prio)"

wait_for 5 sh -c "! kill -0 $BFDD_PID 2>/dev/null"
rm -f "$T_DIR/frr/bfdd.vty" "$T_DIR/frr/bfdd.sock" "$T_DIR/frr/bfdd.pid"
mv "$T_DIR/bfdd.log" "$T_DIR/bfdd-first.log"
bfdd_start
wait_for 10 sh -c "[ \$(grep -c '(frr) Entering Up state' '$T_DIR/h1.log') -ge 2 ]" ||
	fail "vigil: frr not Up again with bfdd back"
wait_for 10 sh -c "[ \$(grep -c '(frr6) Entering Up state' '$T_DIR/h1.log') -ge 2 ]" ||
	fail "vigil: frr6 not Up again with bfdd back"
sleep 0.3
[ "$(prio)" = 150 ] || fail "VI_1's priority is $(prio) with the sessions Up again"

# vigil stopping: AdminDown, which bfdd shows as the remote diagnostic.
stop_pid "$VIGIL_PID"
peer_is 192.0.2.1 down 3 ||
	fail "bfdd: peer 192.0.2.1 is $(peer_field 192.0.2.1 status) after vigil stopped"
rd=$(peer_field 192.0.2.1 remote-diagnostic)
case $rd in
*admin*) ;;
*) fail "bfdd: remote diagnostic after vigil stopped is '$rd', not administratively down" ;;
esac
pass
