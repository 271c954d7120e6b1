#!/bin/bash
# make bench-advert: what each VRRP advert costs at steady state, on the
# master that sends it and on the backup that receives it, vigil next to
# Debian's keepalived in the same run (issue 11, "Cost per advert").
#
# Topology (network namespaces, test/integration/lib.sh): two pairs of
# nodes, vigil's (va master, vb backup) and keepalived's (ka, kb); the
# nodes of a pair are joined by four veth links eth0..eth3 of their own
# (198.18.1I.1/24 and .2 for vigil, 198.18.2I.x for keepalived), so the
# two pairs never hear each other but run on the same machine at the
# same time, under the same load.
#
# Scenarios (BENCH_SCENARIOS):
#   1000x1     1,000 instances, v2, advert_int 1: VRIDs 1-250 on each of
#              the four links, one /32 VIP each (198.18.I.V for vigil,
#              198.18.(4+I).V for keepalived)
#   100x0.01   100 instances, v3, advert_int 0.01: VRIDs 1-25 per link
# The master has priority 200, the backup 100, both start in BACKUP. Once
# every VIP is on the master and none on the backup, the bench waits
# BENCH_SETTLE (10) s more, past the start-up gratuitous ARP bursts (the
# second comes garp_master_delay, 5 s, after the transition), then
# measures BENCH_WINDOWS (3) consecutive windows of BENCH_WINDOW (30) s.
# Per node and window: CPU = utime + stime of all the daemon's processes
# (/proc/PID/stat, parent and children), and the context switches of its
# processes (voluntary + involuntary, /proc/PID/status): the wakeups.
# The table gives per node the median window as CPU-seconds per 30 s, the
# microseconds per advert (CPU / adverts sent by the master in the
# window: instances x window / advert_int), the wakeups per advert, and
# vigil / keepalived. A window in which a pair changed state (a flap: a
# loaded machine at advert_int 0.01) is left out of that pair's median,
# unless all were (the cell is then marked *); state lines in the logs.
#
# On the master the kernel's sending (and, on veths, the delivery into
# the backup's socket: softirq in the sender's context) is the sender's
# system time, for both daemons alike.
#
# Raw data: build/bench/advert/ (table.txt; results.tsv: daemon scenario
# node window metric value, metric suffixed x in windows with state
# changes; logs, configs and /proc snapshots under raw/).
# Not a pass/fail test: it exits 0 unless the topology cannot be built.
#
# Env: BENCH_SCENARIOS ("1000x1 100x0.01"), BENCH_SETTLE (10),
#      BENCH_WINDOW (30), BENCH_WINDOWS (3), BENCH_DAEMONS
#      ("vigil keepalived"), VIGILD, KEEPALIVED.

. "$(dirname "$0")/../integration/lib.sh"

export TZ=UTC LC_ALL=C
SCENARIOS=${BENCH_SCENARIOS:-1000x1 100x0.01}
SETTLE=${BENCH_SETTLE:-10}
WINDOW=${BENCH_WINDOW:-30}
WINDOWS=${BENCH_WINDOWS:-3}
DAEMONS=${BENCH_DAEMONS:-vigil keepalived}
KEEPALIVED=${KEEPALIVED:-$(command -v keepalived || echo /usr/sbin/keepalived)}
FINAL=$T_ROOT/build/bench/advert
OUT=$T_DIR/out
RAW=$OUT/raw
RES=$OUT/results.tsv
HZ=$(getconf CLK_TCK)

[ "$(id -u)" = 0 ] || { echo "bench-advert: needs root (network namespaces)" >&2; exit 1; }
mkdir -p "$RAW" "$T_ROOT/build/bench"
bench_save() {
	rm -rf "$FINAL.$$"
	cp -r "$OUT" "$FINAL.$$" && rm -rf "$FINAL" && mv "$FINAL.$$" "$FINAL"
}
trap 'rc=$?; bench_save; (exit $rc); t_cleanup' EXIT
: >"$RES"
T0=$EPOCHREALTIME

# A private copy of vigild: others may rebuild ./vigild during the run.
if [ -x "$VIGILD" ]; then
	cp "$VIGILD" "$T_DIR/vigild"
	VIGILD=$T_DIR/vigild
else
	echo "bench-advert: $VIGILD not built: no vigil column" >&2
	DAEMONS=${DAEMONS/vigil/}
fi
if [ ! -x "$KEEPALIVED" ]; then
	echo "bench-advert: $KEEPALIVED not installed: no keepalived column" >&2
	DAEMONS=${DAEMONS/keepalived/}
fi

elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }'; }
say() { printf '[bench-advert %4ds] %s\n' "$(elapsed)" "$*"; }
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"; }	# daemon scen node win metric value

# node DAEMON ROLE: the namespace's short name (va, vb, ka, kb).
node() { echo "${1:0:1}$2"; }

# --- topology ---------------------------------------------------------------
# pair DAEMON: its two nodes and their four links.
pair() {
	local a b i n
	a=$(node "$1" a); b=$(node "$1" b)
	[ "$1" = vigil ] && n=1 || n=2
	ns_create "$a"; ns_create "$b"
	for i in 0 1 2 3; do
		ns_veth "$a" "eth$i" "$b" "eth$i"
		ip -n "$(ns "$a")" addr add "198.18.$n$i.1/24" dev "eth$i"
		ip -n "$(ns "$b")" addr add "198.18.$n$i.2/24" dev "eth$i"
	done
}

# --- configuration ------------------------------------------------------------
# conf FILE DAEMON PRIO NINST ADVINT: NINST / 4 instances per link.
conf() {
	awk -v prio="$3" -v n="$4" -v adv="$5" -v base="$([ "$2" = vigil ] && echo 0 || echo 4)" 'BEGIN {
		ver = adv < 1 ? 3 : 2
		print "global_defs {\n\trouter_id bench_" prio "\n}"
		for (i = 0; i < 4; i++) for (v = 1; v <= n / 4; v++) {
			printf "vrrp_instance VI_%d_%d {\n\tstate BACKUP\n\tinterface eth%d\n", i, v, i
			printf "\tvirtual_router_id %d\n\tpriority %d\n\tversion %d\n\tadvert_int %s\n", v, prio, ver, adv
			printf "\tvirtual_ipaddress {\n\t\t198.18.%d.%d/32\n\t}\n}\n", base + i, v
		}
	}' >"$1"
}

# --- daemons --------------------------------------------------------------------
# dstart DAEMON NODE CONF LOG: sets DPID (the parent).
dstart() {
	local d=$1 h=$2 c=$3 l=$4 pf=$T_DIR/$2
	rm -f "$pf".pid "$pf".vrrp.pid "$pf".check.pid
	case $d in
	vigil)
		mkdir -p "$T_DIR/$h.tmp"
		ip netns exec "$(ns "$h")" env TMPDIR="$T_DIR/$h.tmp" \
		    "$VIGILD" -n -l -f "$c" -p "$pf.pid" \
		    -r "$pf.vrrp.pid" -c "$pf.check.pid" \
		    --control-socket="$pf.sock" >"$l" 2>&1 & ;;
	keepalived)
		ip netns exec "$(ns "$h")" "$KEEPALIVED" -n -l -f "$c" \
		    -p "$pf.pid" -r "$pf.vrrp.pid" -c "$pf.check.pid" --vrrp \
		    >"$l" 2>&1 & ;;
	esac
	DPID=$!
	track_pid "$DPID"
}

kids() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }
procs() { echo "$1"; kids "$1"; }
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

dstop() {
	local k i
	[ -n "${1:-}" ] || return 0
	gone "$1" && return 0
	k=$(kids "$1")
	kill -TERM "$1" 2>/dev/null
	for i in $(seq 50); do gone "$1" && return 0; sleep 0.1; done
	kill -KILL "$1" $k 2>/dev/null
	return 0
}

# ticks PID...: utime + stime; csw PID...: context switches.
ticks() {
	local p s=0
	for p in "$@"; do
		s=$((s + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$s"
}
csw() {
	local p s=0
	for p in "$@"; do
		s=$((s + $(awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }' "/proc/$p/status" 2>/dev/null || echo 0)))
	done
	echo "$s"
}
# snap NAME PID...: their stat and status lines, in raw/NAME.proc.
snap() {
	local p n=$1
	shift
	for p in "$@"; do
		echo "== $p"; cat "/proc/$p/stat" "/proc/$p/status" 2>/dev/null
	done >"$RAW/$n.proc"
}
nvips() { ip -n "$(ns "$1")" -o -4 addr show | grep -c ' inet 198\.18\.[0-7]\.'; }
settled() {	# NODE_A NODE_B N: every VIP on A, none on B
	[ "$(nvips "$1")" -ge "$3" ] && [ "$(nvips "$2")" -eq 0 ]
}
transitions() { cat "$@" 2>/dev/null | grep -Ec 'Entering [A-Z]+ STATE'; }

# --- one scenario -------------------------------------------------------------------
scenario() {
	local sc=$1 n=${1%%x*} adv=${1#*x} d h w t0 t1 c1 s1 tr ok
	local -A pid ps c0 s0 tr0
	say "$sc: $n instances, advert_int $adv: starting ${DAEMONS}"
	for d in $DAEMONS; do
		conf "$RAW/$d-$sc-a.conf" "$d" 200 "$n" "$adv"
		conf "$RAW/$d-$sc-b.conf" "$d" 100 "$n" "$adv"
		for h in a b; do
			dstart "$d" "$(node "$d" $h)" "$RAW/$d-$sc-$h.conf" "$RAW/$d-$sc-$h.log"
			pid[$d$h]=$DPID
		done
	done
	for d in $DAEMONS; do
		if ! wait_for 120 settled "$(node "$d" a)" "$(node "$d" b)" "$n"; then
			say "$sc: $d: $(nvips "$(node "$d" a)") VIPs on the master, $(nvips "$(node "$d" b)") on the backup after 120 s"
			record "$d" "$sc" - - error no_election
		fi
	done
	say "$sc: elected; settling ${SETTLE} s"
	sleep "$SETTLE"
	for d in $DAEMONS; do
		for h in a b; do
			ps[$d$h]=$(procs "${pid[$d$h]}" | tr '\n' ' ')
			echo "$d $h: ${ps[$d$h]}" >>"$RAW/$sc.procs"
		done
	done
	for w in $(seq 1 "$WINDOWS"); do
		t0=$EPOCHREALTIME
		for d in $DAEMONS; do
			tr0[$d]=$(transitions "$RAW/$d-$sc"-?.log)
		done
		for d in $DAEMONS; do for h in a b; do
			c0[$d$h]=$(ticks ${ps[$d$h]}); s0[$d$h]=$(csw ${ps[$d$h]})
			snap "$d-$sc-$h-w$w-start" ${ps[$d$h]}
		done; done
		sleep "$WINDOW"
		t1=$EPOCHREALTIME
		for d in $DAEMONS; do
			tr=$(( $(transitions "$RAW/$d-$sc"-?.log) - tr0[$d] ))
			[ "$tr" = 0 ] && ok="" || { ok="x"; say "$sc window $w: $d: $tr state changes"; }
			for h in a b; do
				c1=$(ticks ${ps[$d$h]}); s1=$(csw ${ps[$d$h]})
				snap "$d-$sc-$h-w$w-end" ${ps[$d$h]}
				record "$d" "$sc" "$h" "$w" transitions "$tr"
				# CPU-seconds per 30 s, us per advert, wakeups per advert
				awk -v c=$((c1 - c0[$d$h])) -v s=$((s1 - s0[$d$h])) -v hz="$HZ" \
				    -v a="$t0" -v b="$t1" -v n="$n" -v adv="$adv" \
				    -v pre="$d	$sc	$h	$w" -v x="$ok" 'BEGIN {
					t = b - a; cpu = c / hz; nadv = n * t / adv
					printf "%s\tcpu30%s\t%.3f\n", pre, x, cpu / t * 30
					printf "%s\tus_per_advert%s\t%.2f\n", pre, x, cpu / nadv * 1e6
					printf "%s\twakeups_per_advert%s\t%.3f\n", pre, x, s / nadv
				}' >>"$RES"
			done
		done
		say "$sc window $w of $WINDOWS done"
	done
	for d in $DAEMONS; do
		dstop "${pid[${d}a]}"; dstop "${pid[${d}b]}"
	done
}

# --- run ----------------------------------------------------------------------------
for d in $DAEMONS; do pair "$d"; done
say "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs; raw data will be in $FINAL"
for sc in $SCENARIOS; do scenario "$sc"; done

echo
echo "VRRP cost per advert at steady state: vigil ($(git -C "$T_ROOT" describe --always --dirty 2>/dev/null)) vs $("$KEEPALIVED" -v 2>&1 | head -n 1)"
echo "median of $WINDOWS windows of $WINDOW s after the start-up GARPs (+${SETTLE} s); CPU = utime + stime of all the daemon's processes; load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' -v sclist="$SCENARIOS" '
	function med(k,   n, i, j, t, a) {
		n = split(vals[k], a, " ")
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n ? a[int((n + 1) / 2)] : ""
	}
	function val(d, k) {
		if (d SUBSEP k in vals) return med(d SUBSEP k)
		return (d SUBSEP k "x" in vals) ? med(d SUBSEP k "x") : ""
	}
	function cell(d, k,   v) {
		v = val(d, k)
		if (v != "" && !(d SUBSEP k in vals)) starred = 1
		return v == "" ? "-" : (d SUBSEP k in vals) ? v : v "*"
	}
	function ratio(k,   v, w) {
		v = val("vigil", k); w = val("keepalived", k)
		return v != "" && w + 0 > 0 ? sprintf("%.2f", v / w) : "-"
	}
	function row(label, k) { printf "%-46s %-10s %-12s %s\n", label, cell("vigil", k), cell("keepalived", k), ratio(k) }
	$5 == "error" { errs[$1 " " $2 " " $6]++; next }
	$5 == "transitions" { if ($6 > 0 && $3 == "a") flaps[$1 " " $2]++; next }
	{ k = $2 SUBSEP $3 SUBSEP $5; vals[$1, k] = ($1 SUBSEP k in vals) ? vals[$1, k] " " $6 : $6 }
	END {
		printf "%-46s %-10s %-12s %s\n", "scenario", "vigil", "keepalived", "vigil/ka"
		n = split(sclist, scs, " ")
		for (i = 1; i <= n; i++) {
			s = scs[i]; split(s, p, "x")
			nm = p[1] " inst, advert_int " p[2]
			row(nm ": master CPU-s per 30 s", s SUBSEP "a" SUBSEP "cpu30")
			row(nm ": backup CPU-s per 30 s", s SUBSEP "b" SUBSEP "cpu30")
			row(nm ": master us per advert", s SUBSEP "a" SUBSEP "us_per_advert")
			row(nm ": backup us per advert", s SUBSEP "b" SUBSEP "us_per_advert")
			row(nm ": master wakeups per advert", s SUBSEP "a" SUBSEP "wakeups_per_advert")
			row(nm ": backup wakeups per advert", s SUBSEP "b" SUBSEP "wakeups_per_advert")
		}
		for (e in errs) printf "note: %s (%d)\n", e, errs[e]
		for (e in flaps) printf "note: %s: %d of the windows had state changes\n", e, flaps[e]
		if (starred) printf "*: every window of that node had state changes (a flap)\n"
	}' "$RES" | tee "$OUT/table.txt"
echo "goal (issue 11): vigil/ka <= 0.50 for master and backup CPU; raw data: $FINAL/ (results.tsv, raw/); took $(elapsed) s"
exit 0
