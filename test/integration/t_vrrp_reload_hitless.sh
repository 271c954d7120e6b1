#!/bin/sh
# test: exclusive
# Hitless reload (SIGHUP) under load: h1 is master of VI_1 (192.0.2.10)
# and VI_2 (192.0.2.11), h2 their backup, and a client pings both VIPs
# every 10 ms through a sequence of reloads of h1: unchanged; a VIP added
# to VI_1 and removed again; a VIP added to VI_2; advert_int 0.1 -> 1 s
# on VI_1 (h2, v3, learns it from the advert h1 sends at once); an
# instance added (starts in BACKUP); VI_2 removed (priority 0: h2 takes
# it over at once); a broken file (refused, nothing changes); 100
# unchanged reloads with the vrrp child's fds and USS before and after;
# VI_1's priority, a track_script and a notify script. A failover loses
# pings (-W 1: a request unanswered for 1 s is lost); a gap without a
# loss is a late answer (a busy host), reported but not counted.
# Each kind prints the longest gap between answers from each VIP. The
# client also records gratuitous ARPs and NAs: a reload announces only
# the VIPs it added (garp_master_repeat 3 times), never the others; and
# h1's address events show VI_1's VIP never removed and added again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
PYTHON3=${PYTHON3:-$(command -v python3)}
[ -n "$PYTHON3" ] || fail "python3 not installed"
CAPTURE="$(cd "$(dirname "$0")" && pwd)/garp_capture.py"

L=$T_DIR/h1.log
GEN=1

# conf FILE PRIO VI_1-VIPS VI_2-VIPS|- [VI_1 advert_int] [VI_3 yes]; X6:
# VI_1's virtual_ipaddress_excluded, VS: vrrp_script blocks, P1: VI_1's
# priority, T1: more VI_1 lines
conf() {
	cat >"$1" <<EOF
global_defs {
	router_id vt_$$
}
${VS:-}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority ${P1:-$2}
	${T1:-}
	version 3
	advert_int ${5:-0.1}
	garp_master_delay 0
	garp_master_repeat 3
	virtual_ipaddress {
		$3
	}${X6:+
	virtual_ipaddress_excluded {
		$X6
	\}}
}
EOF
	[ "$4" = - ] || cat >>"$1" <<EOF

vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $2
	version 3
	advert_int 0.1
	garp_master_delay 0
	garp_master_repeat 3
	virtual_ipaddress {
		$4
	}
}
EOF
	[ -z "${6:-}" ] || cat >>"$1" <<EOF

vrrp_instance VI_3 {
	state BACKUP
	interface eth0
	virtual_router_id 53
	priority $2
	version 3
	advert_int 0.1
	garp_master_delay 0
	garp_master_repeat 3
	virtual_ipaddress {
		192.0.2.14
	}
}
EOF
}

# pings_start / pings_stop: one ping every 10 ms to each of the two VIPs.
pings_start() {
	for a in 10 11; do
		ip netns exec "$(ns c)" ping -D -i 0.01 -W 1 "192.0.2.$a" \
		    >"$T_DIR/ping.$a" 2>&1 &
		eval "PING_$a=\$!"
		track_pid "$!"
	done
	W0=$(date +%s.%N)
	sleep 0.2
}
pings_stop() {
	sleep 0.2
	kill -INT "$PING_10" "$PING_11" 2>/dev/null
	wait "$PING_10" "$PING_11" 2>/dev/null
	W1=$(date +%s.%N)
	return 0
}

# announced arp|na ADDR: how many the client saw for ADDR between the
# last pings_start and pings_stop.
announced() {
	awk -v k="$1" -v a="$2" -v f="$W0" -v t="$W1" \
	    '$1 == k && $2 == a && $3 >= f && $3 <= t { n++ } END { print n + 0 }' \
	    "$T_DIR/garps"
}
# announced_only KIND [ADDR N]...: 192.0.2.10 and .11 not announced, each
# ADDR N times (N arp, or na for an IPv6 ADDR).
announced_only() {
	k=$1; shift
	for a in 192.0.2.10 192.0.2.11; do
		[ "$(announced arp "$a")" = 0 ] ||
			fail "$k: $a announced $(announced arp "$a") times"
	done
	while [ $# -ge 2 ]; do
		case $1 in *:*) t=na ;; *) t=arp ;; esac
		[ "$(announced "$t" "$1")" = "$2" ] ||
			fail "$k: $1 announced $(announced "$t" "$1") times, not $2"
		shift 2
	done
}

# gap ADDR: the longest time between two answers from 192.0.2.ADDR, ms.
gap() {
	awk -F'[][]' '/bytes from/ { t = $2 * 1000; if (p && t - p > m) m = t - p; p = t }
	    END { printf "%d\n", m }' "$T_DIR/ping.$1"
}

# lost ADDR: requests without an answer between the first and the last
# answered one.
lost() {
	awk '/bytes from/ { n++; s = $0; sub(/.*icmp_seq=/, "", s);
	    sub(/ .*/, "", s); if (!f) f = s; l = s }
	    END { print (n ? l - f + 1 - n : 999999) }' "$T_DIR/ping.$1"
}

# reload: SIGHUP h1 with $T_DIR/new.conf and wait for the next generation.
reload() {
	cp "$T_DIR/new.conf" "$T_DIR/h1.conf"
	GEN=$((GEN + 1))
	kill -HUP "$H1"
	wait_log "$L" "configuration $GEN running in every process" 5 ||
		fail "reload $GEN not applied"
}

# entering INSTANCE [LOG]: how many transitions INSTANCE made.
entering() { count_log "${2:-$L}" "\\($1\\) Entering"; }

# report KIND: the gaps, and no lost ping to an instance KIND leaves be.
report() {
	log "$1: longest gap VI_1 $(gap 10) ms, VI_2 $(gap 11) ms; lost $(lost 10), $(lost 11)"
	echo "$1 $(gap 10) $(gap 11)" >>"$T_DIR/figures"
}
no_loss() {	# KIND ADDR...
	k=$1; shift
	for a in "$@"; do
		[ "$(lost "$a")" = 0 ] ||
			fail "$k: $(lost "$a") pings to 192.0.2.$a lost"
	done
}
# same_states KIND: neither node's VI_1 / VI_2 changed state.
same_states() {
	[ "$(entering VI_1)" = "$E1" ] && [ "$(entering VI_2)" = "$E2" ] ||
		fail "$1: h1 changed state: $(grep Entering "$L" | tail -3)"
	[ "$(entering VI_1 "$T_DIR/h2.log")" = "$F1" ] &&
	    [ "$(entering VI_2 "$T_DIR/h2.log")" = "$F2" ] ||
		fail "$1: h2 changed state: $(grep Entering "$T_DIR/h2.log" | tail -3)"
	[ "$(count_log "$L" 'restarting')" = 0 ] || fail "$1: an instance restarted"
}

vrrp_lan
conf "$T_DIR/h1.conf" 200 192.0.2.10 192.0.2.11
conf "$T_DIR/h2.conf" 100 192.0.2.10 192.0.2.11
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf" -D
wait_holder h1 5 && wait_holder h1 5 192.0.2.11 ||
	fail "h1 does not hold both VIPs: $(holder) $(holder 192.0.2.11)"
wait_log "$T_DIR/h2.log" '\(VI_2\) Entering BACKUP' 2 || fail "h2: VI_2 not BACKUP"
ns_exec c "$PYTHON3" "$CAPTURE" -i eth0 -t 100 --ready "$T_DIR/garps.ready" \
    >"$T_DIR/garps" 2>"$T_DIR/garps.err" &
track_pid "$!"
wait_for 5 test -e "$T_DIR/garps.ready" ||
	fail "capture did not start: $(cat "$T_DIR/garps.err")"
# Every address h1's kernel adds or removes from now on.
ip -n "$(ns h1)" monitor address >"$T_DIR/addr.events" 2>&1 &
MON=$!
track_pid "$MON"
V=$(vigil_pid h1 vrrp)
E1=$(entering VI_1) E2=$(entering VI_2)
F1=$(entering VI_1 "$T_DIR/h2.log") F2=$(entering VI_2 "$T_DIR/h2.log")

# Unchanged.
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 192.0.2.11
reload
pings_stop
report unchanged
no_loss unchanged 10 11
same_states unchanged
announced_only unchanged

# A VIP added to the master's VI_1: there at once, announced, no flap.
pings_start
X6=2001:db8::12/64 conf "$T_DIR/new.conf" 200 "192.0.2.10
		192.0.2.12" 192.0.2.11
reload
wait_for 1 has_vip h1 192.0.2.12 && has_vip h1 2001:db8::12 ||
	fail "the added VIPs are not on h1"
pings_stop
report "VIP added"
no_loss "VIP added" 10 11
same_states "VIP added"
announced_only "VIP added" 192.0.2.12 3 2001:db8::12 3
wait_log "$L" '\(VI_1\) reload: adding VIP 192.0.2.12' 1 || fail "no 'adding VIP' line"
reaches 192.0.2.12 && reaches 2001:db8::12 ||
	fail "the client does not reach the added VIPs"
has_vip h2 192.0.2.12 && fail "h2 took the added VIP"

# That VIP removed again.
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 192.0.2.11
reload
wait_for 1 sh -c "! ip -n $(ns h1) -o addr show dev eth0 | grep -Fq ' 192.0.2.12/'" ||
	fail "the removed VIP is still on h1"
pings_stop
report "VIP removed"
no_loss "VIP removed" 10 11
same_states "VIP removed"
announced_only "VIP removed"
has_vip h1 2001:db8::12 && fail "the removed IPv6 VIP is still on h1"

# A VIP added to VI_2.
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 "192.0.2.11
		192.0.2.13"
reload
wait_for 1 has_vip h1 192.0.2.13 || fail "the VIP added to VI_2 is not on h1"
pings_stop
report "VIP added to VI_2"
no_loss "VIP added to VI_2" 10 11
same_states "VIP added to VI_2"
announced_only "VIP added to VI_2" 192.0.2.13 3

# advert_int 0.1 -> 1 s on the master: h2's master-down interval was
# about 0.36 s; h1 tells it the new interval at once, h2 stays backup.
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 "192.0.2.11
		192.0.2.13" 1
reload
sleep 1.5
pings_stop
report "advert_int 0.1 -> 1"
no_loss "advert_int" 10 11
same_states "advert_int"
announced_only "advert_int"
wait_log "$L" '\(VI_1\) advert_int 0.10 -> 1.00 s' 1 || fail "no advert_int line"
wait_log "$T_DIR/h2.log" \
    '\(VI_1\) advertisement interval changed: mine 10 cs, received 100 cs' 1 ||
	fail "h2 did not learn the new interval"

# An instance added: it starts in BACKUP (and, alone, becomes master).
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 "192.0.2.11
		192.0.2.13" 1 yes
reload
wait_for 2 has_vip h1 192.0.2.14 || fail "the added VI_3 did not take its VIP"
pings_stop
report "instance added"
no_loss "instance added" 10 11
same_states "instance added"
announced_only "instance added" 192.0.2.14 3
[ "$(grep -E '\(VI_3\) Entering' "$L" | head -1 | grep -c BACKUP)" = 1 ] ||
	fail "VI_3 did not start in BACKUP: $(grep 'VI_3' "$L")"

# VI_2 removed: it leaves with priority 0, h2 takes 192.0.2.11 at once.
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 - 1 yes
reload
wait_holder h2 1 192.0.2.11 || fail "h2 did not take VI_2's VIP: $(holder 192.0.2.11)"
pings_stop
report "instance removed"
no_loss "instance removed" 10
[ "$(gap 11)" -lt 300 ] || fail "VI_2's VIP did not answer for $(gap 11) ms"
wait_log "$L" '\(VI_2\) removed from the configuration' 1 || fail "no removal line"
wait_log "$T_DIR/h2.log" "\\(VI_2\\) backup received priority 0 advertisement" 1 ||
	fail "h2: no priority 0 advert from VI_2"
[ "$(entering VI_2 "$T_DIR/h2.log")" = $((F2 + 1)) ] ||
	fail "h2's VI_2 made other transitions than MASTER"
has_vip h1 192.0.2.13 && fail "the removed VI_2 left 192.0.2.13 on h1"
[ "$(entering VI_1)" = "$E1" ] || fail "VI_1 changed state when VI_2 went"
F2=$(entering VI_2 "$T_DIR/h2.log") E2=$(entering VI_2)

# A broken file: refused, nothing changes.
pings_start
printf 'vrrp_instance VI_1 {\n\tinterface eth0\n\tvirtual_router_id 51\n\tpriority 50\n' \
    >"$T_DIR/h1.conf"
kill -HUP "$H1"
wait_log "$L" "reload failed: keeping configuration $GEN" 3 || fail "the broken file was not refused"
pings_stop
report "broken file"
no_loss "broken file" 10
same_states "broken file"
announced_only "broken file"
has_vip h1 192.0.2.14 && only_on h1 || fail "the broken file changed who holds what"

# 100 unchanged reloads under load: no loss, no fd or memory growth.
fds() { ls "/proc/$1/fd" | wc -l; }
# The vrrp child's own memory (USS: private clean + dirty): its PSS also
# moves with how many other processes (other tests') map the libraries.
pss() { awk '/^Private_(Clean|Dirty):/ { n += $2 } END { print n }' "/proc/$1/smaps_rollup"; }
cp "$T_DIR/new.conf" "$T_DIR/h1.conf"
conf "$T_DIR/new.conf" 200 192.0.2.10 - 1 yes
reload
fd0=$(fds "$V") pss0=$(pss "$V") pfd0=$(fds "$H1")
pings_start
t0=$(date +%s.%N)
i=0
while [ $i -lt 100 ]; do
	GEN=$((GEN + 1))
	kill -HUP "$H1"
	j=0
	until grep -q "configuration $GEN running in every process" "$L"; do
		j=$((j + 1))
		[ $j -lt 250 ] || fail "reload $GEN not applied"
		sleep 0.02
	done
	i=$((i + 1))
done
t1=$(date +%s.%N)
pings_stop
log "100 reloads in $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }') s"
report "100 unchanged"
no_loss "100 unchanged" 10
same_states "100 unchanged"
announced_only "100 unchanged"
fd1=$(fds "$V") pss1=$(pss "$V") pfd1=$(fds "$H1")
log "vrrp child: fds $fd0 -> $fd1, USS $pss0 -> $pss1 kB; parent fds $pfd0 -> $pfd1"
[ "$fd1" = "$fd0" ] || fail "the vrrp child's fds grew: $fd0 -> $fd1"
[ "$pfd1" = "$pfd0" ] || fail "the parent's fds grew: $pfd0 -> $pfd1"
[ $((pss1 - pss0)) -lt 64 ] || fail "the vrrp child's own memory (USS) grew: $pss0 -> $pss1 kB"
[ "$(vigil_pid h1 vrrp)" = "$V" ] || fail "the vrrp child restarted"
# VI_1 at priority 190 (still above h2's 100), tracking a new
# vrrp_script, with a notify script (the check child starts): in place,
# no transition.
VS='
vrrp_script chk {
	script "/bin/true"
	interval 1
}
' P1=190 T1='track_script {
		chk
	}
	notify /bin/true'
pings_start
conf "$T_DIR/new.conf" 200 192.0.2.10 - 1 yes
reload
pings_stop
report "priority, track_script, notify"
no_loss "priority" 10 11
same_states "priority"
announced_only "priority"
wait_log "$L" '\(VI_1\) priority 200 -> 190' 1 || fail "no priority line"
wait_log "$L" '\(VI_1\) reload: tracking script chk' 1 || fail "no tracking line"
wait_log "$L" '\(VI_1\) reload: configuration taken in place \(MASTER\)' 1 ||
	fail "VI_1 did not take the reload in place as MASTER"

# VI_1's VIP never left h1; VI_2's once, when VI_2 was removed.
kill "$MON"
grep -F ' 192.0.2.10/' "$T_DIR/addr.events" &&
	fail "192.0.2.10 was removed or added again on h1"
[ "$(grep -c ' 192.0.2.11/' "$T_DIR/addr.events")" = 1 ] &&
    grep -q '^Deleted.* 192.0.2.11/' "$T_DIR/addr.events" ||
	fail "192.0.2.11 on h1: $(grep -F 192.0.2.11 "$T_DIR/addr.events")"
cat "$T_DIR/figures"
pass
