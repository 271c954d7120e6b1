#!/bin/sh
# test: exclusive
# garp_group: h1 runs VI_1 on eth0 (192.0.2.10) and VI_2 on eth1
# (198.51.100.10), each sending 3 gratuitous ARPs on becoming master
# (no second burst). With "garp_group { garp_interval 0.2 interfaces {
# eth0 eth1 } }" the 6 ARPs of both instances, which become master
# together, leave one at a time at least 0.2 s apart across the two
# interfaces (the client records them on both links), where each
# instance alone would send its 3 back to back (vrrp_garp_interval 0).
# The group's queue is first come, first served: VI_1's 3, then VI_2's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

PYTHON3=${PYTHON3:-$(command -v python3)}
CAPTURE="$(cd "$(dirname "$0")" && pwd)/garp_capture.py"
VIPB=198.51.100.10

vrrp_lan
ns_veth h1 eth1 c eth1
ip -n "$(ns h1)" addr add 198.51.100.1/24 dev eth1
ip -n "$(ns c)" addr add 198.51.100.100/24 dev eth1

cat >"$T_DIR/h1.conf" <<EOF
global_defs {
	router_id vt_$$
	vrrp_garp_master_repeat 3
	vrrp_garp_master_delay 0
}
garp_group {
	garp_interval 0.2
	interfaces {
		eth0
		eth1
	}
}
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority 200
	version 3
	advert_int 0.2
	virtual_ipaddress {
		$VIP4/24
	}
}
vrrp_instance VI_2 {
	interface eth1
	virtual_router_id 52
	priority 200
	version 3
	advert_int 0.2
	virtual_ipaddress {
		$VIPB/24
	}
}
EOF

# capture NAME IF SECONDS
capture() {
	rm -f "$T_DIR/$1.ready"
	ns_exec c "$PYTHON3" "$CAPTURE" -i "$2" -t "$3" \
	    --ready "$T_DIR/$1.ready" >"$T_DIR/$1" 2>"$T_DIR/$1.err" &
	track_pid "$!"
	eval "CAP_$1=\$!"
	wait_for 5 test -e "$T_DIR/$1.ready" ||
	    fail "capture did not start: $(cat "$T_DIR/$1.err")"
}

capture c0 eth0 5
capture c1 eth1 5
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering MASTER STATE' 5 || fail "VI_1 not master"
wait_log "$T_DIR/h1.log" '\(VI_2\) Entering MASTER STATE' 5 || fail "VI_2 not master"
wait "$CAP_c0" "$CAP_c1"
n0=$(awk -v a=$VIP4 '$1 == "arp" && $2 == a' "$T_DIR/c0" | wc -l)
n1=$(awk -v a=$VIPB '$1 == "arp" && $2 == a' "$T_DIR/c1" | wc -l)
[ "$n0" = 3 ] && [ "$n1" = 3 ] ||
    fail "ARPs: $n0 for $VIP4 on eth0, $n1 for $VIPB on eth1, not 3 each"
# Both links, one timeline (the same clock): gaps and span in ms.
all=$(cat "$T_DIR/c0" "$T_DIR/c1" | awk '$1 == "arp"' | sort -k3,3n)
gaps=$(echo "$all" | awk '{ if (n++) printf "%d ", ($3 - p) * 1000; p = $3 }')
log "6 ARPs (both links, in time order) with gaps (ms): $gaps"
for d in $gaps; do
	[ "$d" -ge 180 ] && [ "$d" -le 450 ] ||
	    fail "a gap of $d ms between ARPs of the group, not 180..450 (gaps $gaps)"
done
# The instances became master together (else the gaps between their
# bursts would prove nothing): their log lines within 100 ms.
ms() { grep "($1) Entering MASTER STATE" "$T_DIR/h1.log" | head -1 |
    awk '{ split($1, t, ":"); printf "%d", (t[1] * 3600 + t[2] * 60 + t[3]) * 1000 }'; }
d=$(( $(ms VI_1) - $(ms VI_2) ))
[ "${d#-}" -le 100 ] || fail "VI_1 and VI_2 became master $d ms apart"
log "VI_1 and VI_2 became master $d ms apart"
pass
