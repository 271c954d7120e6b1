#!/bin/bash
# make bench-vrrp: how fast a VIP moves, vigil next to Debian's keepalived
# on the same namespace topology in the same run (issue 4, "Speed").
#
# Topology (network namespaces, test/integration/lib.sh): a bridge br0 in
# "sw"; directors h1 (192.0.2.1, priority 200) and h2 (192.0.2.2, priority
# 100) and a client c (192.0.2.100) on veth ports p1..p3. VIP 192.0.2.10,
# VRID 51, both directors start in state BACKUP. The client pings the VIP
# every 10 ms (ping -D -i 0.01); an outage is the longest gap between two
# replies (so about 10 ms when nothing is lost).
#
# For each daemon (vigild, keepalived --vrrp) and each of v2 advert_int 1,
# v3 advert_int 0.1, v3 advert_int 0.05, BENCH_REPS (5) repetitions of:
#   hard failure    h1's port at the bridge down (h1 sees no carrier);
#                   outage until h2 answers, and the time from the cut to
#                   the VIP appearing on h2 (ip -ts monitor address on h2).
#                   Bound 3 x advert_int + skew.
#   graceful stop   SIGTERM to h1 (after its link came back and it
#                   preempted); outage, and the time from the SIGTERM to
#                   the VIP appearing on h2 (ip -ts monitor address on h2).
#                   Bound: skew.
#   preemption back h1 started again; it preempts h2: outage and lost
#                   pings (missing icmp_seq between the first and the
#                   last reply).
# skew = (256 - 100) / 256 x advert_int for v3, (256 - 100) / 256 s for v2.
#
# Scale (skipped with BENCH_QUICK=1): one host, 1,000 instances (v2,
# advert_int 1, VRIDs 1-250 on each of 4 veths, one /32 VIP each from
# 198.18.0.0/15), no peer: time from start until all 1,000 VIPs are up,
# then CPU (% of one core, utime + stime of all the daemon's processes from
# /proc/PID/stat over BENCH_SCALE_SECS, 60) and memory (PSS summed over
# the daemon's processes, /proc/PID/smaps_rollup).
#
# BENCH_SOAK=1 (not by default): v3 advert_int 0.01, a vigil pair and a
# keepalived pair side by side on the LAN with two `yes >/dev/null` CPU
# hogs for BENCH_SOAK_SECS (600); counts state transitions after the
# election (goal: none); for vigil also, from its SIGUSR2 stats, how late
# a master's advert timer fired at most and the longest wait between two
# adverts on a backup (36 ms is its master-down interval).
#
# Raw data: build/bench/vrrp/ (table.txt, results.tsv: daemon config scenario rep
# value; logs, ping and monitor outputs under raw/). Prints one table.
# Not a pass/fail test: it exits 0 unless the topology cannot be built.
#
# Env: BENCH_REPS (5), BENCH_QUICK=1, BENCH_SCALE_SECS (60), BENCH_SOAK=1,
#      BENCH_SOAK_SECS (600), BENCH_DAEMONS ("vigil keepalived"),
#      BENCH_CONFIGS ("v2_1 v3_0.1 v3_0.05"), VIGILD, KEEPALIVED.

. "$(dirname "$0")/../integration/lib.sh"

export TZ=UTC LC_ALL=C
REPS=${BENCH_REPS:-5}
SCALE_SECS=${BENCH_SCALE_SECS:-60}
SOAK_SECS=${BENCH_SOAK_SECS:-600}
DAEMONS=${BENCH_DAEMONS:-vigil keepalived}
CONFIGS=${BENCH_CONFIGS-v2_1 v3_0.1 v3_0.05}
KEEPALIVED=${KEEPALIVED:-$(command -v keepalived || echo /usr/sbin/keepalived)}
# Everything is written to a private directory and copied to FINAL at
# the end (even on failure): runs may overlap in one work tree.
FINAL=$T_ROOT/build/bench/vrrp
OUT=$T_DIR/out
RAW=$OUT/raw
RES=$OUT/results.tsv
VIP=192.0.2.10
PRIO1=200 PRIO2=100
VIGIL_NA=""	# why the vigil column is n/a, if it is

[ "$(id -u)" = 0 ] || { echo "bench-vrrp: needs root (network namespaces)" >&2; exit 1; }
mkdir -p "$RAW" "$T_ROOT/build/bench"
bench_save() {
	rm -rf "$FINAL.$$"
	cp -r "$OUT" "$FINAL.$$" && rm -rf "$FINAL" && mv "$FINAL.$$" "$FINAL"
}
trap 'rc=$?; bench_save; (exit $rc); t_cleanup' EXIT
: >"$RES"
T0=$EPOCHREALTIME

# Run a private copy of vigild: others may rebuild ./vigild during the run.
if [ -x "$VIGILD" ]; then
	cp "$VIGILD" "$T_DIR/vigild"
	VIGILD=$T_DIR/vigild
else
	VIGIL_NA="n/a (vigild not built)"
fi
[ -x "$KEEPALIVED" ] || echo "bench-vrrp: $KEEPALIVED not installed: no keepalived column" >&2

say() { printf '[bench-vrrp %4ds] %s\n' "$(elapsed)" "$*"; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }'; }
now() { echo "$EPOCHREALTIME"; }
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"; }	# daemon cfg scenario rep value

# poll TIMEOUT CMD...: CMD every POLL_INT (20 ms) until it succeeds or
# TIMEOUT s.
poll() {
	local end
	end=$(awk -v n="$EPOCHREALTIME" -v t="$1" 'BEGIN { printf "%.6f", n + t }')
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		awk -v n="$EPOCHREALTIME" -v e="$end" 'BEGIN { exit !(n > e) }' && return 1
		sleep "${POLL_INT:-0.02}"
	done
}

# --- topology -----------------------------------------------------------
lan() {
	ns_create sw
	br_create sw br0
	local h a i=0
	for h in h1:192.0.2.1 h2:192.0.2.2 c:192.0.2.100 $*; do
		i=$((i + 1)); a=${h#*:}; h=${h%%:*}
		ns_create "$h"
		ns_veth "$h" eth0 sw "p$i"
		ip -n "$(ns sw)" link set "p$i" master br0
		ip -n "$(ns "$h")" addr add "$a/24" dev eth0
	done
}
# ports: h1 p1, h2 p2, c p3, m p4 (taken off the bridge), h3 p5, h4 p6
port() { case $1 in h1) echo p1 ;; h2) echo p2 ;; c) echo p3 ;; h3) echo p5 ;; h4) echo p6 ;; esac; }
link_cut() { ip -n "$(ns sw)" link set "$(port "$1")" down; }
link_up() { ip -n "$(ns sw)" link set "$(port "$1")" up; }
has_vip() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -Fq " ${2:-$VIP}/"; }
only_on() {
	local o; [ "$1" = h1 ] && o=h2 || o=h1
	has_vip "$1" && ! has_vip "$o"
}

# --- daemons --------------------------------------------------------------
# conf FILE PRIO VERSION ADVINT [VRID] [VIP]
conf() {
	cat >"$1" <<EOF
global_defs {
	router_id bench_$2
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id ${5:-51}
	priority $2
	version $3
	advert_int $4
	virtual_ipaddress {
		${6:-$VIP}
	}
}
EOF
}

# dstart DAEMON HOST CONF LOG: start it in HOST's namespace; DPID is the
# parent (ip netns exec execs the daemon, so $! is its PID).
dstart() {
	local d=$1 h=$2 c=$3 l=$4 pf=$T_DIR/$2.$1
	rm -f "$pf".pid "$pf".vrrp.pid "$pf".check.pid
	case $d in
	vigil)	# its own TMPDIR: the SIGUSR2 stats of the soak
		mkdir -p "$T_DIR/$h.tmp"
		ip netns exec "$(ns "$h")" env TMPDIR="$T_DIR/$h.tmp" \
		    "$VIGILD" -n -l -f "$c" -p "$pf.pid" \
		    -r "$pf.vrrp.pid" -c "$pf.check.pid" >>"$l" 2>&1 & ;;
	keepalived)
		ip netns exec "$(ns "$h")" "$KEEPALIVED" -n -l -D -f "$c" \
		    -p "$pf.pid" -r "$pf.vrrp.pid" -c "$pf.check.pid" --vrrp \
		    >>"$l" 2>&1 & ;;
	esac
	DPID=$!
	track_pid "$DPID"
}

# procs PID: the daemon's processes (the parent and its children).
procs() { echo "$1"; kids "$1"; }
kids() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }

gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

# dstop PID: SIGTERM, SIGKILL (with its children) after 5 s.
dstop() {
	[ -n "${1:-}" ] || return 0
	gone "$1" && return 0
	local k; k=$(kids "$1")
	kill -TERM "$1" 2>/dev/null
	poll 5 gone "$1" && return 0
	kill -KILL "$1" $k 2>/dev/null
	poll 2 gone "$1"
	return 0
}

# --- the client -------------------------------------------------------------
ping_start() {
	ip netns exec "$(ns c)" ping -D -i 0.01 -W 1 "$VIP" >"$1" 2>&1 &
	PING_PID=$!
	track_pid "$PING_PID"
}
ping_stop() { kill -INT "$PING_PID" 2>/dev/null; wait "$PING_PID" 2>/dev/null; return 0; }

# gap_ms FILE: the longest time between two replies, ms ("nan" if <2).
gap_ms() {
	awk -F'[][]' '/bytes from/ && !/DUP/ { t = $2 * 1000; n++; if (p && t - p > m) m = t - p; p = t }
	    END { if (n < 2) print "nan"; else printf "%.0f\n", m }' "$1"
}
# lost FILE: icmp_seq numbers missing between the first and the last reply.
lost() {
	awk '/bytes from/ && !/DUP/ { if (match($0, /icmp_seq=[0-9]+/)) {
		s = substr($0, RSTART + 9, RLENGTH - 9) + 0; if (!(s in seen)) { seen[s]; n++ }
		if (lo == "" || s < lo) lo = s; if (s > hi) hi = s } }
	    END { if (n < 2) print "nan"; else print hi - lo + 1 - n }' "$1"
}

# vip_after FILE T: ms from epoch time T to the first "inet VIP" (not
# Deleted) line of an `ip -ts monitor address` output after T.
vip_after() {
	python3 - "$1" "$2" "$VIP" <<'EOF'
import sys, datetime, re
f, t0, vip = sys.argv[1], float(sys.argv[2]), sys.argv[3]
best = None
for line in open(f, errors="replace"):
    m = re.match(r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+)\]\s+(.*)", line)
    if not m or m.group(2).startswith("Deleted") or (" inet %s/" % vip) not in m.group(2):
        continue
    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp()
    if t >= t0 - 0.001:
        best = t
        break
print("nan" if best is None else "%.0f" % ((best - t0) * 1000))
EOF
}

# --- one repetition ---------------------------------------------------------
# rep DAEMON CFG N: the three scenarios; records results; 1 if the pair
# never elected h1.
rep() {
	local d=$1 cfg=$2 n=$3 ver adv md p1 p2 mon t tag
	ver=${cfg%%_*}; ver=${ver#v}; adv=${cfg#*_}
	md=$(awk -v a="$adv" 'BEGIN { print 3 * a + 2 }')	# generous master-down
	tag=$RAW/$d-$cfg-$n
	conf "$T_DIR/h1.conf" $PRIO1 "$ver" "$adv"
	conf "$T_DIR/h2.conf" $PRIO2 "$ver" "$adv"
	for h in h1 h2; do
		ip -n "$(ns "$h")" addr del "$VIP/32" dev eth0 2>/dev/null
	done
	ip -n "$(ns c)" neigh flush all 2>/dev/null
	ip netns exec "$(ns h2)" ip -ts monitor address >"$tag-h2.monitor" 2>&1 &
	mon=$!
	track_pid "$mon"
	dstart "$d" h1 "$T_DIR/h1.conf" "$tag-h1.log"; p1=$DPID
	dstart "$d" h2 "$T_DIR/h2.conf" "$tag-h2.log"; p2=$DPID
	if ! poll "$md" only_on h1; then
		say "$d $cfg rep $n: h1 never became the only VIP holder; skipped"
		record "$d" "$cfg" error "$n" no_election
		dstop "$p1"; dstop "$p2"; kill "$mon" 2>/dev/null
		return 1
	fi
	sleep "$(awk -v a="$adv" 'BEGIN { print (a > 0.3 ? 1.2 : 0.5) }')"

	# Hard failure.
	ping_start "$tag-hard.ping"
	sleep 0.3
	link_cut h1
	t=$EPOCHREALTIME	# the cut is done when ip returns (its netlink call is last)
	poll "$md" has_vip h2
	sleep 0.4
	ping_stop
	record "$d" "$cfg" hard "$n" "$(gap_ms "$tag-hard.ping")"
	record "$d" "$cfg" hard_vip "$n" "$(vip_after "$tag-h2.monitor" "$t")"
	link_up h1
	# h1 back in BACKUP preempts after its master-down interval.
	poll $((${md%.*} + 3)) only_on h1 ||
	    say "$d $cfg rep $n: h1 did not take the VIP back after its link came up"
	sleep "$(awk -v a="$adv" 'BEGIN { print (a > 0.3 ? 1.2 : 0.5) }')"

	# Graceful stop.
	ping_start "$tag-stop.ping"
	sleep 0.3
	t=$EPOCHREALTIME
	kill -TERM "$p1"
	poll "$md" has_vip h2
	poll 5 gone "$p1"
	sleep 0.4
	ping_stop
	record "$d" "$cfg" stop "$n" "$(gap_ms "$tag-stop.ping")"
	record "$d" "$cfg" stop_vip "$n" "$(vip_after "$tag-h2.monitor" "$t")"
	dstop "$p1"

	# Preemption back: h1 started again.
	ping_start "$tag-preempt.ping"
	sleep 0.3
	dstart "$d" h1 "$T_DIR/h1.conf" "$tag-h1.log"; p1=$DPID
	poll $((${md%.*} + 3)) only_on h1 ||
	    say "$d $cfg rep $n: h1 did not preempt after its restart"
	sleep 0.4
	ping_stop
	record "$d" "$cfg" preempt "$n" "$(gap_ms "$tag-preempt.ping")"
	record "$d" "$cfg" preempt_lost "$n" "$(lost "$tag-preempt.ping")"

	dstop "$p1"; dstop "$p2"
	kill "$mon" 2>/dev/null; wait "$mon" 2>/dev/null
	return 0
}

# vigil_ready: one vigild alone with a v3 0.1 s instance takes the VIP.
vigil_ready() {
	local ok=1
	conf "$T_DIR/probe.conf" $PRIO1 3 0.1
	dstart vigil h1 "$T_DIR/probe.conf" "$RAW/vigil-probe.log"
	poll 4 has_vip h1 && ok=0
	dstop "$DPID"
	ip -n "$(ns h1)" addr del "$VIP/32" dev eth0 2>/dev/null
	return $ok
}

# --- scale --------------------------------------------------------------------
scale_conf() {
	awk 'BEGIN {
		print "global_defs {\n\trouter_id bench_scale\n}"
		for (i = 0; i < 4; i++) for (v = 1; v <= 250; v++) {
			printf "vrrp_instance VI_%d_%d {\n\tstate BACKUP\n\tinterface eth%d\n", i, v, i
			printf "\tvirtual_router_id %d\n\tpriority 150\n\tversion 2\n\tadvert_int 1\n", v
			printf "\tvirtual_ipaddress {\n\t\t198.18.%d.%d\n\t}\n}\n", i, v
		}
	}' >"$1"
}
nvips() { ip -n "$(ns m)" -o -4 addr show | grep -c ' inet 198\.18\.'; }
all_vips() { [ "$(nvips)" -ge 1000 ]; }
ticks() {	# utime + stime of these PIDs
	local p s=0
	for p in "$@"; do
		s=$((s + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$s"
}
pss_kb() {
	local p s=0
	for p in "$@"; do
		s=$((s + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
	done
	echo "$s"
}

scale() {
	local d=$1 t0 t1 ps c0 c1 hz
	hz=$(getconf CLK_TCK)
	ip -n "$(ns m)" -4 addr flush scope global to 198.18.0.0/15 2>/dev/null
	t0=$EPOCHREALTIME
	dstart "$d" m "$T_DIR/scale.conf" "$RAW/$d-scale.log"
	if POLL_INT=0.1 poll 90 all_vips; then
		t1=$EPOCHREALTIME
		record "$d" scale all_master_s 1 "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
	else
		record "$d" scale all_master_s 1 nan
		say "$d scale: only $(nvips) of 1000 VIPs after 90 s"
	fi
	say "$d scale: $(grep -c 'Entering MASTER STATE' "$RAW/$d-scale.log") MASTER lines; CPU over ${SCALE_SECS} s"
	sleep 2
	ps=$(procs "$DPID" | tr '\n' ' ')
	echo "$d processes: $ps" >>"$RAW/$d-scale.procs"
	c0=$(ticks $ps); t0=$EPOCHREALTIME
	sleep "$SCALE_SECS"
	c1=$(ticks $ps); t1=$EPOCHREALTIME
	record "$d" scale cpu_pct 1 "$(awk -v c="$((c1 - c0))" -v hz="$hz" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", c / hz / (b - a) * 100 }')"
	record "$d" scale pss_mib 1 "$(awk -v k="$(pss_kb $ps)" 'BEGIN { printf "%.1f", k / 1024 }')"
	record "$d" scale rss_mib 1 "$(for p in $ps; do awk '/^VmRSS:/ { print $2 }' "/proc/$p/status"; done | awk '{ s += $1 } END { printf "%.1f", s / 1024 }')"
	record "$d" scale nprocs 1 "$(echo $ps | wc -w)"
	for p in $ps; do	# where the memory is, per mapping
		cat "/proc/$p/smaps" >"$RAW/$d-scale-$p.smaps" 2>/dev/null
	done
	dstop "$DPID"
	ip -n "$(ns m)" -4 addr flush scope global to 198.18.0.0/15 2>/dev/null
}

# --- soak -----------------------------------------------------------------------
soak() {
	local hogs="" h pa pb pc pd i
	conf "$T_DIR/s1.conf" $PRIO1 3 0.01 61 192.0.2.11
	conf "$T_DIR/s2.conf" $PRIO2 3 0.01 61 192.0.2.11
	conf "$T_DIR/s3.conf" $PRIO1 3 0.01 62 192.0.2.12
	conf "$T_DIR/s4.conf" $PRIO2 3 0.01 62 192.0.2.12
	[ -z "$VIGIL_NA" ] && { dstart vigil h1 "$T_DIR/s1.conf" "$RAW/vigil-soak-h1.log"; pa=$DPID
		dstart vigil h2 "$T_DIR/s2.conf" "$RAW/vigil-soak-h2.log"; pb=$DPID; }
	dstart keepalived h3 "$T_DIR/s3.conf" "$RAW/keepalived-soak-h3.log"; pc=$DPID
	dstart keepalived h4 "$T_DIR/s4.conf" "$RAW/keepalived-soak-h4.log"; pd=$DPID
	sleep 3
	for f in "$RAW"/*-soak-*.log; do grep -Ec 'Entering [A-Z]+ STATE' "$f" >"$f.n0"; done
	for i in 1 2; do
		yes >/dev/null &
		hogs="$hogs $!"; track_pid "$!"
	done
	say "soak: v3 advert_int 0.01, two CPU hogs ($hogs), ${SOAK_SECS} s"
	sleep "$SOAK_SECS"
	for d in vigil keepalived; do	# counted before the hogs stop
		[ "$d" = vigil ] && [ -n "$VIGIL_NA" ] && continue
		n=0
		for f in "$RAW"/$d-soak-*.log; do
			n=$((n + $(grep -Ec 'Entering [A-Z]+ STATE' "$f") - $(cat "$f.n0")))
		done
		record "$d" v3_0.01 soak_transitions 1 "$n"
	done
	# vigil's timing stats: the master's advert timer lateness and the
	# backup's longest wait between adverts (a late sender or a late
	# delivery), both before the hogs stop.
	if [ -z "$VIGIL_NA" ]; then
		for h in h1 h2; do
			rm -f "$T_DIR/$h.tmp/vigil.stats"
			kill -USR2 "$([ $h = h1 ] && echo "$pa" || echo "$pb")"
			poll 3 test -s "$T_DIR/$h.tmp/vigil.stats"
			cp "$T_DIR/$h.tmp/vigil.stats" "$RAW/vigil-soak-$h.stats" 2>/dev/null
		done
		record vigil v3_0.01 soak_adv_late_ms 1 "$(awk -F'= ' '/Advert timer late max/ { v = $2 + 0; if (v > m) m = v } END { print m + 0 }' "$RAW"/vigil-soak-h*.stats 2>/dev/null)"
		record vigil v3_0.01 soak_rx_wait_ms 1 "$(awk -F'= ' '/Longest wait between adverts/ { v = $2 + 0; if (v > m) m = v } END { print m + 0 }' "$RAW"/vigil-soak-h*.stats 2>/dev/null)"
	fi
	kill $hogs 2>/dev/null
	dstop "${pa:-}"; dstop "${pb:-}"; dstop "$pc"; dstop "$pd"
}

# --- run --------------------------------------------------------------------------
lan m:192.0.2.50 h3:192.0.2.3 h4:192.0.2.4
# The scale host m: eth0 taken off the bridge and eth1..eth3, veths whose
# other ends lead nowhere, so its instances meet no one.
ip -n "$(ns sw)" link set p4 nomaster
i=0
for a in 198.51.100.1/25 198.51.100.129/25 203.0.113.1/24; do
	i=$((i + 1))
	ns_veth m "eth$i" sw "m$i"
	ip -n "$(ns m)" addr add "$a" dev "eth$i"
done

say "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs; reps $REPS; raw data will be in $FINAL"
if [ -z "$VIGIL_NA" ] && ! vigil_ready; then
	VIGIL_NA="n/a (vrrp engine not ready)"
	say "vigild does not take a VIP alone: vigil column $VIGIL_NA (see $RAW/vigil-probe.log)"
fi

for cfg in $CONFIGS; do
	for n in $(seq 1 "$REPS"); do
		for d in $DAEMONS; do	# interleaved, so both see the same load
			[ "$d" = vigil ] && [ -n "$VIGIL_NA" ] && continue
			[ "$d" = keepalived ] && [ ! -x "$KEEPALIVED" ] && continue
			say "$d $cfg rep $n"
			rep "$d" "$cfg" "$n"
		done
	done
done

if [ "${BENCH_QUICK:-0}" != 1 ]; then
	scale_conf "$T_DIR/scale.conf"
	for d in $DAEMONS; do
		[ "$d" = vigil ] && [ -n "$VIGIL_NA" ] && continue
		[ "$d" = keepalived ] && [ ! -x "$KEEPALIVED" ] && continue
		say "$d scale: 1000 instances"
		scale "$d"
	done
fi
[ "${BENCH_SOAK:-0}" = 1 ] && soak

# --- the table ------------------------------------------------------------------------
echo
echo "VRRP benchmark: vigil ($(git -C "$T_ROOT" describe --always --dirty 2>/dev/null)) vs $("$KEEPALIVED" -v 2>&1 | head -n 1)"
echo "reps $REPS, median / worst; outage = longest gap between replies to 10 ms pings; load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' -v na="$VIGIL_NA" -v reps="$REPS" -v quick="${BENCH_QUICK:-0}" -v soak="${BENCH_SOAK:-0}" -v cfglist="$CONFIGS" '
	function med(k,   n, i, j, t, a) {
		n = split(vals[k], a, " ")
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n ? a[int((n + 1) / 2)] : ""
	}
	function worst(k,   n, i, a, m) {
		n = split(vals[k], a, " "); m = ""
		for (i = 1; i <= n; i++) if (m == "" || a[i] + 0 > m + 0) m = a[i]
		return m
	}
	function cell(d, k,   c) {
		if (d == "vigil" && na != "") return na
		if (!(d SUBSEP k in vals)) return (d SUBSEP k in bad) ? "fail x" bad[d, k] : "-"
		c = med(d SUBSEP k) " / " worst(d SUBSEP k)
		if (bad[d, k]) c = c " (" bad[d, k] " fail)"
		return c
	}
	function ratio(k,   v, w) {
		if (na != "" || !("vigil" SUBSEP k in vals) || !("keepalived" SUBSEP k in vals)) return "-"
		v = med("vigil" SUBSEP k); w = med("keepalived" SUBSEP k)
		return w + 0 > 0 ? sprintf("%.2f", v / w) : "-"
	}
	function row(label, k, bound) {
		printf "%-44s %-20s %-20s %-10s %s\n", label, cell("vigil", k), cell("keepalived", k), bound, ratio(k)
	}
	{
		k = $2 SUBSEP $3
		if ($3 == "error") { errs[$1, $2]++; next }
		if ($5 == "nan") { bad[$1, k]++; next }
		vals[$1, k] = ($1 SUBSEP k in vals) ? vals[$1, k] " " $5 : $5
	}
	END {
		printf "%-44s %-20s %-20s %-10s %s\n", "scenario", "vigil med/worst", "keepalived med/worst", "bound", "vigil/ka"
		nc = split(cfglist, cfgs, " ")
		for (c = 1; c <= nc; c++) {
			cfg = cfgs[c]; split(cfg, p, "_"); adv = p[2] + 0
			skew = (256 - 100) / 256 * (p[1] == "v2" ? 1 : adv) * 1000
			nm = p[1] " advert_int " p[2]
			row(nm ": hard failure outage ms", cfg SUBSEP "hard", sprintf("%.0f", 3 * adv * 1000 + skew))
			row(nm ": hard failure VIP on backup ms", cfg SUBSEP "hard_vip", sprintf("%.0f", 3 * adv * 1000 + skew))
			row(nm ": graceful stop outage ms", cfg SUBSEP "stop", sprintf("%.0f", skew))
			row(nm ": graceful stop VIP on backup ms", cfg SUBSEP "stop_vip", sprintf("%.0f", skew))
			row(nm ": preemption back outage ms", cfg SUBSEP "preempt", "-")
			row(nm ": preemption back lost pings", cfg SUBSEP "preempt_lost", "goal <= 1")
		}
		if (quick != 1) {
			row("1000 inst v2/1s: CPU % of a core", "scale" SUBSEP "cpu_pct", "-")
			row("1000 inst: PSS MiB (all procs)", "scale" SUBSEP "pss_mib", "-")
			row("1000 inst: RSS MiB (all procs)", "scale" SUBSEP "rss_mib", "-")
			row("1000 inst: start -> all MASTER s", "scale" SUBSEP "all_master_s", "goal 4.6")
		}
		if (soak == 1) {
			row("v3 0.01 soak, 2 hogs: transitions", "v3_0.01" SUBSEP "soak_transitions", "goal 0")
			row("soak: advert timer late max ms", "v3_0.01" SUBSEP "soak_adv_late_ms", "-")
			row("soak: longest wait between adverts ms", "v3_0.01" SUBSEP "soak_rx_wait_ms", "< 36")
		}
		for (e in errs) { split(e, q, SUBSEP); printf "note: %s %s: %d repetition(s) without an election (skipped)\n", q[1], q[2], errs[e] }
	}' "$RES" | tee "$OUT/table.txt"
echo "bounds: 3 x advert_int + skew (failure), skew (graceful stop); skew = (256 - 100) / 256 x advert_int (v3), x 1 s (v2)"
echo "raw data: $FINAL/ (results.tsv, raw/); took $(elapsed) s"
exit 0
