#!/bin/sh
# test: exclusive
# Hostile VRRP packets on the LAN move nothing. h1 is master (priority
# 200) and h2 backup (100) of three instances: VI_1, v3 at 0.1 s; VI_2,
# v2 at 1 s with PASS authentication; VI_6, v3 over IPv6 at 0.1 s. From
# an attacker namespace on the same bridge, vrrp_inject.py sends adverts
# with priority 254 that are wrong in one way each (TTL / hop limit 254,
# bad checksum, version 1, type 2, address count above or below what is
# sent, 4-byte message, interval; for v2 the wrong auth type and
# password), another VRID and 1-byte messages (counted per socket), then a flood of 10,000 of them (all three
# instances) in under 5 s. Asserted: no new "Entering ... STATE" line on
# either node, the three VIPs stay on h1, a client pinging the VIP every
# 10 ms loses nothing, no process restarted (pids unchanged), every
# packet counted under its reason on both nodes (SIGUSR2 stats dump) and
# one log line per reason. Control: the same injector's valid advert with
# priority 254 does make h1 step down in each instance, so the packets
# reached vigild and were refused for what was wrong with them alone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_vrrp_hostile.sh"
need_root
[ -n "$PYTHON3" ] || fail "python3 not installed"

VIP2=192.0.2.11
PASS=s3cret
N=5		# packets of each kind
FLOOD=10000

vrrp_lan
vh_attacker
for h in h1 h2; do
	# Only h1 logs adverts for VRIDs it does not have (log_unknown_vrids);
	# both count them.
	[ $h = h1 ] && prio=200 glob=log_unknown_vrids || prio=100 glob=
	vrrp_conf "$T_DIR/$h.conf" $prio "version 3
	advert_int 0.1" "$glob"
	cat >>"$T_DIR/$h.conf" <<EOF

vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $prio
	version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass $PASS
	}
	virtual_ipaddress {
		$VIP2
	}
}

vrrp_instance VI_6 {
	state BACKUP
	interface eth0
	virtual_router_id 61
	priority $prio
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP6
	}
}
EOF
done
vh_start h1 "$T_DIR/h1.conf"
# h1 is master before h2 starts: on a slow host h2 could otherwise start
# more than the 39 ms by which h1's master-down interval is shorter
# before h1, and be master for a moment (VI_2, v2 at 1 s, has 390 ms of margin).
wait_holder h1 3 || fail "h1 alone does not hold $VIP4: $(holder)"
wait_holder h1 3 $VIP6 || fail "h1 alone does not hold $VIP6: $(holder $VIP6)"
vh_start h2 "$T_DIR/h2.conf"
wait_holder h1 3 || fail "h1 does not hold $VIP4: $(holder)"
wait_holder h1 6 $VIP2 || fail "h1 does not hold $VIP2: $(holder $VIP2)"
wait_holder h1 1 $VIP6 || fail "h1 does not hold $VIP6: $(holder $VIP6)"
ATK_LL=$(ip -n "$(ns x)" -6 -o addr show dev eth0 scope link |
    awk '{ sub(/\/.*/, "", $4); print $4 }')
[ -n "$ATK_LL" ] || fail "the attacker has no link-local address"
wait_log "$T_DIR/h2.log" '\(VI_2\) Entering BACKUP STATE' 1 ||
    fail "h2: VI_2 not BACKUP"
sleep 0.3
for h in h1 h2; do
	eval "${h}_pids='$(vigil_pid $h) $(vigil_pid $h vrrp)'"
	eval "${h}_states=$(vh_states "$T_DIR/$h.log")"
done
log "h1 pids $h1_pids, h2 pids $h2_pids"
grep -q '(VI_[12]) Entering MASTER' "$T_DIR/h2.log" && fail "h2 was master"
reaches || fail "the client does not reach $VIP4"
reaches $VIP2 || fail "the client does not reach $VIP2"
reaches $VIP6 || fail "the client does not reach $VIP6"

# diag: both nodes' stats (for a failure message).
diag() {
	for h in h1 h2; do
		vh_stats $h >"$T_DIR/$h.diag"
		echo "--- $h stats:"
		grep -E 'Instance|State|sent|Received' "$T_DIR/$h.diag"
	done
}

# Nothing moves: same states, VIPs on h1, pids, no lost ping.
steady() {
	for h in h1 h2; do
		eval "s=\$${h}_states p=\$${h}_pids"
		[ "$(vh_states "$T_DIR/$h.log")" = "$s" ] ||
		    fail "$1: $h changed state: $(grep -E 'Entering' \
			"$T_DIR/$h.log" | tail -n 2)
$(diag)"
		[ "$(vigil_pid $h) $(vigil_pid $h vrrp)" = "$p" ] ||
		    fail "$1: $h pids now $(vigil_pid $h) $(vigil_pid $h vrrp), were $p"
		for q in $p; do alive "$q" || fail "$1: $h: pid $q gone"; done
	done
	only_on h1 || fail "$1: $VIP4 moved: $(holder)"
	only_on h1 $VIP2 || fail "$1: $VIP2 moved: $(holder $VIP2)"
	only_on h1 $VIP6 || fail "$1: $VIP6 moved: $(holder $VIP6)"
}

for h in h1 h2; do vh_stats $h >"$T_DIR/$h.st0"; done

V3="--version 3 --vrid 51 --vip $VIP4 --prio 254 --interval 10"
V2="--version 2 --vrid 52 --vip $VIP2 --prio 254 --interval 1 \
    --auth-type 1 --password $PASS"
V6="--version 3 --vrid 61 --vip $VIP6 --prio 254 --interval 10 -s $ATK_LL"
KINDS3="ttl checksum version type truncated addr_count too_short interval"
KINDS2="$KINDS3 auth_type auth"

vh_ping_start
sleep 0.2
# N of each kind, one injector run per instance (kinds in turn).
vh_inject $V3 -k flood --kinds "$(echo $KINDS3 | tr ' ' ,)" \
    -n $((N * 8)) --gap 0.005 >/dev/null || fail "inject v3"
vh_inject $V6 -k flood --kinds "$(echo $KINDS3 | tr ' ' ,)" \
    -n $((N * 8)) --gap 0.005 >/dev/null || fail "inject v3 IPv6"
vh_inject $V2 -k flood --kinds "$(echo $KINDS2 | tr ' ' ,)" \
    -n $((N * 10)) --gap 0.005 >/dev/null || fail "inject v2"
# Another VRID (199: v3 and v2 over IPv4, v3 over IPv6) and 1-byte
# messages (no VRID to read). No instance sees them: the socket drops
# them, counted per socket (eth0/IPv4, eth0/IPv6) and logged.
vh_inject $V3 -k vrid -n $N --gap 0.01 >/dev/null || fail "inject vrid"
vh_inject $V2 -k vrid -n $N --gap 0.01 >/dev/null || fail "inject vrid"
vh_inject $V6 -k vrid -n $N --gap 0.01 >/dev/null || fail "inject vrid v6"
vh_inject $V3 -k tiny -n $N --gap 0.01 >/dev/null || fail "inject tiny"
vh_inject $V6 -k tiny -n $N --gap 0.01 >/dev/null || fail "inject tiny v6"
sleep 0.5
steady "one of each kind"
for h in h1 h2; do vh_stats $h >"$T_DIR/$h.st1"; done

# sock_drops HOST SOCKET REASON EXPECTED SOURCE [nolog]
sock_drops() {
	d=$(( $(vh_stat "$T_DIR/$1.st1" $2 $3) -
	    $(vh_stat "$T_DIR/$1.st0" $2 $3) ))
	[ "$d" -eq "$4" ] || fail "$1 $2: $4 '$3' packets sent, $d counted
$(grep -A3 'VRRP Socket' "$T_DIR/$1.st1")"
	if [ "${6:-}" = nolog ]; then
		! grep -F "VRRP packet from $5: $3 (" "$T_DIR/$1.log" ||
		    fail "$1 $2: '$3' logged without log_unknown_vrids"
		return
	fi
	grep -Fq "eth0: dropped ${2#eth0/} VRRP packet from $5: $3 (" \
	    "$T_DIR/$1.log" || fail "$1 $2: no log line for '$3' from $5"
}
for h in h1 h2; do
	[ $h = h1 ] && nolog= || nolog=nolog
	sock_drops $h eth0/IPv4 unknown_vrid $((2 * N)) $VH_ATK4 $nolog
	sock_drops $h eth0/IPv6 unknown_vrid $N "$ATK_LL" $nolog
	sock_drops $h eth0/IPv4 too_short $N $VH_ATK4
	sock_drops $h eth0/IPv6 too_short $N "$ATK_LL"
	log "$h: unknown VRIDs and 1-byte packets counted per socket"
done
log "$(grep -F 'VRRP packet from' "$T_DIR/h1.log" | head -n 4)"

# Each kind counted under its reason on both nodes, and logged.
for h in h1 h2; do
	for i in VI_1 VI_2 VI_6; do
		[ $i = VI_2 ] && ks=$KINDS2 || ks=$KINDS3
		for k in $ks; do
			d=$(( $(vh_stat "$T_DIR/$h.st1" $i $k) -
			    $(vh_stat "$T_DIR/$h.st0" $i $k) ))
			[ "$d" -eq $N ] ||
			    fail "$h $i: $N '$k' packets sent, $d counted"
			grep -Eq "\($i\) dropped advert from [^ ]+: $k " \
			    "$T_DIR/$h.log" || fail "$h $i: no log line for '$k'"
		done
		# Nothing of ours was counted as anything else.
		ok0=$(vh_stat "$T_DIR/$h.st0" $i ok)
		ok1=$(vh_stat "$T_DIR/$h.st1" $i ok)
		[ $i != VI_2 ] && [ $h = h2 ] &&
		    [ $((ok1 - ok0)) -lt 3 ] && fail "$h $i: no valid adverts counted"
		log "$h $i: every kind counted ($N each); ok adverts +$((ok1 - ok0))"
	done
done

# The flood: 10,000 bad packets (every counted kind above, both instances,
# priority 254) in < 5 s, while the client pings on.
t0=$(date +%s.%N)
vh_inject $V3 -k flood --kinds "$(echo $KINDS3 | tr ' ' ,)" \
    -n 3400 --rate 3000 --max-time 2.4 >"$T_DIR/flood3" & f3=$!
vh_inject $V2 -k flood --kinds "$(echo $KINDS2 | tr ' ' ,)" \
    -n 3300 --rate 3000 --max-time 2.4 >"$T_DIR/flood2" & f2=$!
vh_inject $V6 -k flood --kinds "$(echo $KINDS3 | tr ' ' ,)" \
    -n 3300 --rate 3000 --max-time 2.4 >"$T_DIR/flood6" & f6=$!
wait $f3; r3=$?; wait $f2; r2=$?; wait $f6; r6=$?
t1=$(date +%s.%N)
sent=$(cat "$T_DIR/flood3" "$T_DIR/flood2" "$T_DIR/flood6" |
    awk '{ n += $2 } END { print n + 0 }')
log "flood: $sent packets in $(awk -v a="$t0" -v b="$t1" \
    'BEGIN { printf "%.2f", b - a }') s"
[ $r3 -eq 0 ] && [ $r2 -eq 0 ] && [ $r6 -eq 0 ] &&
    [ "$sent" -eq $FLOOD ] ||
    fail "flood: only $sent of $FLOOD sent in time"
sleep 0.5
steady "flood"
# Logging is rate-limited (one line per instance and reason per 10 s): 26
# pairs here, so at most twice that over the test, not one per packet.
for h in h1 h2; do
	l=$(count_log "$T_DIR/$h.log" 'dropped advert')
	log "$h: $l 'dropped advert' lines logged"
	[ "$l" -le 52 ] || fail "$h: $l 'dropped advert' lines: not rate-limited"
done
vh_ping_stop
sent=$(vh_ping_sent)
lost=$(vh_ping_lost)
[ -n "$lost" ] || fail "the client's ping did not run: $(tail -n 3 "$T_DIR/ping.out")"
log "client: $sent pings to $VIP4, $lost lost"
[ "$lost" -eq 0 ] || fail "the client lost $lost of $sent pings to $VIP4"
for h in h1 h2; do
	vh_stats $h >"$T_DIR/$h.st2"
	tot=0
	for i in VI_1 VI_2 VI_6; do
		for k in $KINDS2; do
			tot=$((tot + $(vh_stat "$T_DIR/$h.st2" $i $k) -
			    $(vh_stat "$T_DIR/$h.st1" $i $k)))
		done
	done
	log "$h: $tot of the flood's 10,000 counted"
	# The kernel may drop some when the socket's buffer is full; not more.
	[ "$tot" -ge $((FLOOD * 9 / 10)) ] || fail "$h: flood: only $tot counted"
done

# Control: a valid advert with priority 254 from the same injector is
# honoured (h1 steps down in both instances).
vh_inject $V3 -k good -n 1 >/dev/null || fail "inject good v3"
vh_inject $V2 -k good -n 1 >/dev/null || fail "inject good v2"
vh_inject $V6 -k good -n 1 >/dev/null || fail "inject good v6"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE$' 1 ||
    fail "control: h1 VI_1 ignored a valid advert with priority 254"
wait_log "$T_DIR/h1.log" '\(VI_2\) Entering BACKUP STATE$' 1 ||
    fail "control: h1 VI_2 ignored a valid advert with priority 254"
wait_log "$T_DIR/h1.log" '\(VI_6\) Entering BACKUP STATE$' 1 ||
    fail "control: h1 VI_6 ignored a valid advert with priority 254"
pass
