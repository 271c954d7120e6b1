# VRRP scenarios on top of lib.sh: a LAN (bridge br0 in namespace "sw")
# with routers h1, h2 (192.0.2.1, 192.0.2.2, 2001:db8::1, 2001:db8::2) on
# ports p1, p2 and a client "c" (192.0.2.100, 2001:db8::100) on p3 that
# pings the VIP every 10 ms. Source it after lib.sh:
#
#   . "$(dirname "$0")/lib.sh"; . "$(dirname "$0")/lib_vrrp.sh"
#   need_root; vrrp_lan
#   vrrp_conf "$T_DIR/h1.conf" 200 "advert_int 0.1"   # v3 by default
#   vigil_start h1 "$T_DIR/h1.conf"
#   wait_master h1 5 || fail "h1 not master"
#   client_ping_start 192.0.2.10 ... client_ping_stop; ping_gap_ms

KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
VIP4=${VIP4:-192.0.2.10}	# the VIP tests check (an IPv6 one too)
VIP6=2001:db8::10

# vrrp_lan: the LAN above; IPv6 DAD off so link-locals are usable at once.
vrrp_lan() {
	ns_create sw
	br_create sw br0
	for h in h1 h2 c; do
		ns_create "$h"
		ns_exec "$h" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
		    net.ipv6.conf.all.accept_dad=0
	done
	vrrp_port h1 192.0.2.1/24 2001:db8::1/64
	vrrp_port h2 192.0.2.2/24 2001:db8::2/64
	vrrp_port c 192.0.2.100/24 2001:db8::100/64
}

# vrrp_port HOST ADDR4 ADDR6: eth0 of an existing namespace on br0.
vrrp_port() {
	T_NPORT=$(( ${T_NPORT:-0} + 1 ))
	ns_veth "$1" eth0 sw "p$T_NPORT"
	ip -n "$(ns sw)" link set "p$T_NPORT" master br0
	ip -n "$(ns "$1")" addr add "$2" dev eth0
	ip -n "$(ns "$1")" addr add "$3" dev eth0 nodad
}

# vrrp_conf FILE PRIO [INSTANCE LINES] [GLOBAL LINES]: instance VI_1,
# VRID 51 on eth0 holding $VIP4, BACKUP, priority PRIO.
vrrp_conf() {
	cat >"$1" <<EOF
global_defs {
	router_id vt_$$
	${4:-}
}

vrrp_instance VI_1 {
	state ${STATE:-BACKUP}
	interface eth0
	virtual_router_id 51
	priority $2
	${3:-version 3
	advert_int 0.1}
	virtual_ipaddress {
		${VIPS:-$VIP4}
	}
}
EOF
}

# has_vip NS [ADDR]: the address (default $VIP4) is on NS's eth0.
has_vip() {
	ip -n "$(ns "$1")" -o addr show dev eth0 | grep -Fq " ${2:-$VIP4}/"
}

# holder: which of h1, h2 has the VIP (ADDR), "none" or "both".
holder() {
	a=""; has_vip h1 "${1:-$VIP4}" && a=h1
	if has_vip h2 "${1:-$VIP4}"; then [ -n "$a" ] && a=both || a=h2; fi
	echo "${a:-none}"
}

only_on() { [ "$(holder "${2:-$VIP4}")" = "$1" ]; }

# wait_holder HOST TIMEOUT [ADDR]: until HOST alone holds the VIP.
wait_holder() { wait_for "$2" only_on "$1" "${3:-$VIP4}"; }

# reaches [ADDR]: the client gets an answer from the VIP within 1 s.
reaches() {
	case "${1:-$VIP4}" in
	*:*) ns_exec c ping -6 -c 1 -W 1 "${1:-$VIP4}" >/dev/null 2>&1 ;;
	*) ns_exec c ping -c 1 -W 1 "${1:-$VIP4}" >/dev/null 2>&1 ;;
	esac
}

# client_ping_start [ADDR]: ping every 10 ms into $T_DIR/ping.out.
client_ping_start() {
	ip netns exec "$(ns c)" ping -D -i 0.01 -W 1 "${1:-$VIP4}" \
	    >"$T_DIR/ping.out" 2>&1 &
	PING_PID=$!
	track_pid "$PING_PID"
}

client_ping_stop() { kill -INT "$PING_PID" 2>/dev/null; wait "$PING_PID" 2>/dev/null; return 0; }

# ping_gap_ms: the longest time between two answers, in ms.
ping_gap_ms() {
	awk -F'[][]' '/bytes from/ { t = $2 * 1000; if (p && t - p > m) m = t - p; p = t }
	    END { printf "%d\n", m }' "$T_DIR/ping.out"
}

# ping_answers: how many answers the client got.
ping_answers() { grep -c 'bytes from' "$T_DIR/ping.out" 2>/dev/null || true; }

# rc_script HOST SCRIPT: the command of a vrrp_script SCRIPT on HOST
# whose exit status is the number in $T_DIR/HOST.SCRIPT.rc (0 while the
# file does not exist); script_result sets it.
rc_script() {
	echo "/bin/sh -c 'exit \$(cat $T_DIR/$1.$2.rc 2>/dev/null || echo 0)'"
}

# script_result HOST SCRIPT STATUS INSTANCE: HOST's vrrp_script SCRIPT
# (an rc_script, interval 1, rise and fall 1) now exits with STATUS (0:
# success); waits until HOST's check child ran it and INSTANCE took the
# result.
script_result() {
	w=failed; [ "$3" = 0 ] && w=succeeded
	re="\\($4\\) tracked script $2 $w"
	n=$(count_log "$T_DIR/$1.log" "$re")
	echo "$3" >"$T_DIR/$1.$2.rc"
	wait_for 5 sh -c "[ \$(grep -Ec '$re' '$T_DIR/$1.log') -gt $n ]" ||
	    fail "$1: $4 did not take the result $3 of $2"
}

# link_cut HOST / link_restore HOST: its bridge port down / up.
link_cut() { ip -n "$(ns sw)" link set "p$(vrrp_portno "$1")" down; }
link_restore() { ip -n "$(ns sw)" link set "p$(vrrp_portno "$1")" up; }
vrrp_portno() { case $1 in h1) echo 1 ;; h2) echo 2 ;; c) echo 3 ;; esac; }

# ka_start NAME CONF: keepalived (VRRP only) in namespace NAME, log
# $T_DIR/NAME.log, pid files in $T_DIR; KA_PID is the parent.
ka_start() {
	[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED not installed"
	daemon_start "$1" "$T_DIR/$1.log" "$KEEPALIVED" -n -l -D --vrrp \
	    -f "$2" -p "$T_DIR/$1.ka.pid" -r "$T_DIR/$1.ka.vrrp.pid" \
	    -c "$T_DIR/$1.ka.check.pid"
	KA_PID=$DAEMON_PID
	wait_for 5 test -s "$T_DIR/$1.ka.vrrp.pid" ||
	    fail "keepalived in $1: no vrrp pid file"
	track_pid "$(cat "$T_DIR/$1.ka.vrrp.pid")"
}

# ka_stop PID: SIGTERM keepalived and wait for it (it is not vigild).
ka_stop() {
	kill -TERM "$1" 2>/dev/null
	wait_for 5 sh -c "! kill -0 $1 2>/dev/null" || kill -KILL "$1"
}
