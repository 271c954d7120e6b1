#!/bin/sh
# test: exclusive
# vrrp_garp_interval / vrrp_gna_interval: on becoming master, h1 (0.2 s
# and 0.15 s) sends its garp_master_repeat 4 gratuitous ARPs for
# 192.0.2.10 and 4 unsolicited NAs for 2001:db8::10 (excluded) that far apart
# (kernel receive times on the client); h2 (both 0: keepalived's sample)
# sends its 4 + 4 back to back when it takes over. No second burst
# (garp_master_delay 0). The lower bounds leave 30 ms for a message
# delivered late on a loaded machine (which shortens the next gap).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
PYTHON3=${PYTHON3:-$(command -v python3)}
[ -n "$PYTHON3" ] || fail "python3 not installed"
CAPTURE="$(cd "$(dirname "$0")" && pwd)/garp_capture.py"

INST="version 3
	advert_int 0.1
	garp_master_repeat 4
	garp_master_delay 0
	virtual_ipaddress_excluded {
		$VIP6/64
	}"
vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "$INST" "vrrp_garp_interval 0.2
	vrrp_gna_interval 0.15"
vrrp_conf "$T_DIR/h2.conf" 100 "$INST" "vrrp_garp_interval 0
	vrrp_gna_interval 0"

# capture NAME SECONDS: the client records GARPs / NAs into $T_DIR/NAME.
capture() {
	rm -f "$T_DIR/$1.ready"
	ns_exec c "$PYTHON3" "$CAPTURE" -i eth0 -t "$2" \
	    --ready "$T_DIR/$1.ready" >"$T_DIR/$1" 2>"$T_DIR/$1.err" &
	CAP_PID=$!
	track_pid "$CAP_PID"
	wait_for 5 test -e "$T_DIR/$1.ready" ||
	    fail "capture did not start: $(cat "$T_DIR/$1.err")"
}

# gaps FILE KIND ADDR: the gaps between successive messages, in ms.
gaps() {
	awk -v k="$2" -v a="$3" '$1 == k && $2 == a {
	    if (n++) printf "%d ", ($3 - p) * 1000; p = $3 }' "$1"
}

# check FILE KIND ADDR MIN_MS MAX_MS: 4 messages, each gap within range.
check() {
	n=$(awk -v k="$2" -v a="$3" '$1 == k && $2 == a' "$1" | wc -l)
	g=$(gaps "$1" "$2" "$3")
	log "$2 $3: $n messages, gaps (ms): $g"
	[ "$n" -eq 4 ] || fail "$2 $3: $n messages, not 4: $(cat "$1")"
	for d in $g; do
		[ "$d" -ge "$4" ] && [ "$d" -le "$5" ] ||
		    fail "$2 $3: a gap of $d ms, not within $4..$5 ms (gaps $g)"
	done
}

capture cap1 4
vigil_start h1 "$T_DIR/h1.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
wait "$CAP_PID"
check "$T_DIR/cap1" arp $VIP4 170 400
check "$T_DIR/cap1" na $VIP6 120 300

vigil_start h2 "$T_DIR/h2.conf"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 ||
    fail "h2 not backup"
capture cap2 3
stop_pid "$(vigil_pid h1)" 3
wait_holder h2 3 || fail "h2 did not take over: $(holder)"
wait "$CAP_PID"
check "$T_DIR/cap2" arp $VIP4 0 20
check "$T_DIR/cap2" na $VIP6 0 20
pass
