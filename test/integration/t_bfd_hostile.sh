#!/bin/sh
# Hostile BFD packets are counted and dropped without a state change: two
# vigilds (a: 192.0.2.1, b: 192.0.2.2) hold a session Up at 100 ms x 3;
# from b's address (and from a stranger, 192.0.2.3) come packets that
# fail each check of RFC 5880 6.8.6 and RFC 5881's TTL rule, among them
# an AdminDown naming a discriminator that is not a's: a's session stays
# Up, vigilctl stats counts each reason. A reload with the same
# configuration keeps the session (no state line); one with a new min_rx
# keeps it Up too, with a Poll Sequence that b follows; the SIGUSR1 dump
# shows it. A multi-hop session (max_hops 2, port 4784) between the same
# two addresses comes Up next to it.
. "$(dirname "$0")/lib.sh"
need_root
ns_create sw
br_create sw br0
host_add a sw br0 192.0.2.1/24
host_add b sw br0 192.0.2.2/24
ip -n "$(ns b)" addr add 192.0.2.3/24 dev eth0

for n in a b; do
	case $n in a) me=192.0.2.1 peer=192.0.2.2 ;; b) me=192.0.2.2 peer=192.0.2.1 ;; esac
	cat >"$T_DIR/$n.conf" <<EOF
bfd_instance peer {
	neighbor_ip $peer
	source_ip $me
	min_rx 100
	min_tx 100
	multiplier 3
}
bfd_instance mh {
	neighbor_ip $peer
	source_ip $me
	max_hops 2
	min_rx 120
	min_tx 120
	multiplier 3
}
EOF
done
vigil_start a "$T_DIR/a.conf"
A=$VIGIL_PID
vigil_start b "$T_DIR/b.conf"
wait_log "$T_DIR/a.log" '\(peer\) Entering Up state' 10 || fail "a: not Up"
wait_log "$T_DIR/b.log" '\(peer\) Entering Up state' 10 || fail "b: not Up"
# The multi-hop session (max_hops 2) next to it, on port 4784.
wait_log "$T_DIR/a.log" '\(mh\) Entering Up state' 10 || fail "a: mh not Up"
grep -q '(mh) bfd session to 192.0.2.2 port 4784' "$T_DIR/a.log" ||
	fail "a: mh not on port 4784"
ns_exec a ss -uln | grep -q ':4784 ' || fail "a: nothing listens on 4784"
sleep 0.5

cat >"$T_DIR/hostile.py" <<'EOF'
import socket, struct, sys

def pkt(vers=1, diag=0, state=1, flags=0, mult=3, length=24, my=0x1234,
        your=0, tx=100000, rx=100000, pad=b""):
    b0 = (vers << 5) | diag
    b1 = (state << 6) | flags
    return struct.pack("!BBBBIIIII", b0, b1, mult, length, my, your, tx,
                       rx, 0) + pad

def send(src, data, ttl=255):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    s.bind((src, 0))
    s.sendto(data, ("192.0.2.1", 3784))
    s.close()

b, stranger = "192.0.2.2", "192.0.2.3"
for _ in range(3):
    send(b, pkt(), ttl=254)                       # ttl: GTSM
    send(b, pkt(your=0x5eed, state=0, diag=7))    # AdminDown, not our discr
    send(b, pkt(vers=2))                          # version
    send(b, pkt(my=0))                            # my_discr
    send(b, pkt(mult=0))                          # mult
    send(b, pkt(flags=0x01))                      # multipoint
    send(b, pkt(flags=0x04, length=26, pad=b"\x01\x02"))  # auth
    send(b, pkt()[:10])                           # short
    send(b, pkt(length=40))                       # length
    send(b, pkt(state=3))                         # zero discr in Up
    send(stranger, pkt())                         # no session
EOF
nent=$(grep -c Entering "$T_DIR/a.log")
ns_exec b python3 "$T_DIR/hostile.py" || fail "could not send the packets"
sleep 0.5
vigil_ctl a stats >"$T_DIR/stats.txt" || fail "vigilctl stats"
for r in ttl your_discr version my_discr mult multipoint auth short length \
    zero_discr_state no_session; do
	grep -Eq "^bfd packets: .*\b$r [1-9]" "$T_DIR/stats.txt" ||
		fail "no $r drop counted: $(grep '^bfd' "$T_DIR/stats.txt")"
done
log "$(grep '^bfd packets' "$T_DIR/stats.txt")"
grep -q '(peer) Entering Down state' "$T_DIR/a.log" &&
	fail "a hostile packet took the session Down"
[ "$(grep -c 'Entering' "$T_DIR/a.log")" = "$nent" ] ||
	fail "a's session changed state: $(grep Entering "$T_DIR/a.log")"
vigil_ctl a status --json | python3 -c '
import json, sys
b = [x for x in json.load(sys.stdin)["bfd"] if x["name"] == "peer"][0]
sys.exit(0 if b["state"] == "Up" and b["downs"] == 0 else 1)' ||
	fail "vigilctl status: the session is not Up with no downs"

# A reload of the same configuration keeps the session as it is.
kill -HUP "$A"
wait_log "$T_DIR/a.log" 'configuration 2 applied' 5 || fail "a: no reload"
sleep 0.5
[ "$(grep -c 'Entering' "$T_DIR/a.log")" = "$nent" ] ||
	fail "the reload changed the session: $(grep Entering "$T_DIR/a.log")"
# A reload with a's min_rx at 200 ms: a Poll Sequence, the session stays
# Up, b sends at 200 ms and a's detection time is 3 x 200 ms.
sed -i 's/min_rx 100/min_rx 200/' "$T_DIR/a.conf"
kill -HUP "$A"
wait_log "$T_DIR/a.log" 'configuration 3 applied' 5 || fail "a: no second reload"
wait_log "$T_DIR/a.log" '\(peer\) bfd timers changed: poll sequence' 2 ||
	fail "a: no poll sequence for the new timers"
printf 'import json, sys\nprint([b for b in json.load(sys.stdin)["bfd"] if b["name"] == "peer"][0][sys.argv[1]])\n' \
    >"$T_DIR/bfd_field.py"
field() { vigil_ctl "$1" status --json | python3 "$T_DIR/bfd_field.py" "$2"; }
wait_for 3 sh -c "[ \"\$('$VIGILCTL' -s '$T_DIR/b.sock' status --json | python3 '$T_DIR/bfd_field.py' tx_interval_us)\" = 200000 ]" ||
	fail "b does not send at a's new min_rx: $(field b tx_interval_us)"
[ "$(field a detect_time_us)" = 600000 ] ||
	fail "a's detection time: $(field a detect_time_us)"
sleep 1
[ "$(grep -c 'Entering' "$T_DIR/a.log")" = "$nent" ] ||
	fail "the new timers changed the session: $(grep Entering "$T_DIR/a.log")"
# vigilctl metrics: the session Up, its packets counted.
vigil_ctl a metrics >"$T_DIR/metrics.txt" || fail "vigilctl metrics"
grep -q '^vigil_bfd_up{bfd="peer"} 1$' "$T_DIR/metrics.txt" ||
	fail "metrics: $(grep bfd "$T_DIR/metrics.txt")"
grep -Eq '^vigil_bfd_packets_received_total\{bfd="peer"\} [1-9]' "$T_DIR/metrics.txt" ||
	fail "metrics: no packets received: $(grep bfd "$T_DIR/metrics.txt")"
# The SIGUSR1 dump shows it.
kill -USR1 "$A"
wait_for 3 grep -q 'BFD Instance = peer' "$(vigil_dump a data)" ||
	fail "no BFD session in the data dump"
grep -q '   State = Up' "$(vigil_dump a data)" || fail "data dump: not Up"
pass
