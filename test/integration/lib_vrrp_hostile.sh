# Helpers for the hostile-packet, tshark and auth VRRP tests, on top of
# lib.sh and lib_vrrp.sh (source those first):
#
#   vh_attacker                 # namespace "x" (192.0.2.66, 2001:db8::66) on br0
#   vh_start h1 "$T_DIR/h1.conf"    # vigild with its own TMPDIR (stats dumps)
#   vh_inject --version 3 --vrid 51 --vip 192.0.2.10 -k ttl -n 5
#   vh_stats h1 >"$T_DIR/s1"; vh_stat "$T_DIR/s1" VI_1 ttl
#   vh_ping_start; ...; vh_ping_stop; vh_ping_lost
#
# vigild writes its SIGUSR2 dump to $TMPDIR/vigil.stats (/tmp without
# TMPDIR); vh_start gives each daemon TMPDIR=$T_DIR/NAME.tmp so that two
# daemons (or two tests) never overwrite each other's.

VH_INJECT="$(cd "$(dirname "$0")" && pwd)/vrrp_inject.py"
VH_ATK4=192.0.2.66
VH_ATK6=2001:db8::66
PYTHON3=${PYTHON3:-$(command -v python3)}

# vh_attacker: namespace "x" with eth0 on the LAN's bridge.
vh_attacker() {
	ns_create x
	ns_exec x sysctl -qw net.ipv6.conf.default.accept_dad=0 \
	    net.ipv6.conf.all.accept_dad=0
	vrrp_port x "$VH_ATK4/24" "$VH_ATK6/64"
}

# vh_inject ARGS...: vrrp_inject.py from the attacker's eth0 (source
# $VH_ATK4 unless ARGS has -s).
vh_inject() {
	case " $* " in
	*" -s "*) ns_exec x "$PYTHON3" "$VH_INJECT" -i eth0 "$@" ;;
	*) ns_exec x "$PYTHON3" "$VH_INJECT" -i eth0 -s "$VH_ATK4" "$@" ;;
	esac
}

# vh_start NAME CONF [ARGS...]: vigil_start (its dumps in $T_DIR/NAME.tmp).
vh_start() {
	vigil_start "$@"
	[ "$(cat "$T_DIR/$1.pid")" = "$VIGIL_PID" ] ||
	    fail "vigild in $1: pid file $(cat "$T_DIR/$1.pid") != $VIGIL_PID"
}

# vh_stats NAME: SIGUSR2 to NAME's vigild, wait for the dump, print it.
vh_stats() {
	_f="$T_DIR/$1.tmp/vigil.stats"
	_c=$(count_log "$T_DIR/$1.log" "wrote $_f")
	kill -USR2 "$(cat "$T_DIR/$1.pid")" ||
	    fail "$1: cannot signal vigild"
	wait_for 5 sh -c "[ \$(grep -c 'wrote $_f' '$T_DIR/$1.log') -gt $_c ]" ||
	    fail "$1: no stats dump"
	grep -q "^ pid = $(cat "$T_DIR/$1.pid")\$" "$_f" ||
	    fail "$1: the stats dump is not this daemon's"
	cat "$_f"
}

# vh_stat FILE INSTANCE REASON: "Received REASON" of INSTANCE (0 if absent);
# INSTANCE may be a socket, IFNAME/IPv4 or IFNAME/IPv6 (packets it dropped
# before any instance: too_short, unknown_vrid, oversize).
vh_stat() {
	awk -v i="$2" -v k="Received $3" '
	    /VRRP (Instance|Socket) = / { cur = $NF }
	    cur == i && index($0, k " = ") { sub(/.* = /, ""); v = $0 }
	    END { print v + 0 }' "$1"
}

# vh_stat_line FILE INSTANCE KEY: any "KEY = value" of INSTANCE.
vh_stat_line() {
	awk -v i="$2" -v k="$3" '
	    /VRRP (Instance|Socket) = / { cur = $NF }
	    cur == i { s = $0; sub(/^ +/, "", s)
		if (index(s, k " = ") == 1) { sub(/.* = /, "", s); v = s } }
	    END { print v }' "$1"
}

# vh_ping_start [ADDR]: the client pings ADDR (default $VIP4) every 10 ms
# into $T_DIR/ping.out. (ping runs as the async command itself: $! is its
# PID, and it takes SIGINT to print its summary.)
vh_ping_start() {
	ip netns exec "$(ns c)" ping -n -D -i 0.01 -W 1 "${1:-$VIP4}" \
	    >"$T_DIR/ping.out" 2>&1 &
	VH_PING=$!
	track_pid "$VH_PING"
}

vh_ping_stop() {
	kill -INT "$VH_PING" 2>/dev/null
	wait_for 3 sh -c "! kill -0 $VH_PING 2>/dev/null" ||
	    kill -KILL "$VH_PING" 2>/dev/null
	wait "$VH_PING" 2>/dev/null
	return 0
}

# vh_ping_lost: echo requests that got no answer, the last one (maybe
# still in flight when ping was stopped) not counted; "" if ping did not
# run properly.
vh_ping_lost() {
	awk '/bytes from/ { for (i = 1; i <= NF; i++) if ($i ~ /^icmp_seq=/) {
		split($i, a, "="); got[a[2]] = 1; if (a[2] > max) max = a[2]; n++ } }
	    / packets transmitted/ { tx = $1 }
	    END { if (tx == "" || n == 0) { print ""; exit }
		lost = 0; for (s = 1; s < tx; s++) if (!(s in got)) lost++
		print lost }' "$T_DIR/ping.out"
}

# vh_ping_sent: how many echo requests ping sent.
vh_ping_sent() { awk '/ packets transmitted/ { print $1 }' "$T_DIR/ping.out"; }

# vh_states FILE: how many "Entering ... STATE" lines FILE has.
vh_states() { count_log "$1" 'Entering [A-Z]+ STATE'; }
