#!/bin/bash
# make bench-lvs: what the LVS director's health checks cost at scale
# (issue "LVS director", "Speed"): 10,000 real servers checked with
# HTTP_GET every second by vigil's check child on one core.
#
# 1. Host (this kernel, no IPVS: vigil's check child says so once and
#    runs its checks unchanged). Namespaces "dir" (203.0.113.1) and "srv"
#    (203.0.113.2) joined by a veth; dir routes 198.18.0.0/15 to srv,
#    where BENCH_NRS (10,000) /32 addresses of 198.18.0.0/15 sit on lo
#    (one `ip -batch`) and one Debian nginx (master and one worker,
#    private prefix, config and pid file under the bench's temp dir,
#    access_log off) listens on the wildcard address, port 80, answering
#    `return 200`; its stub_status on 127.0.0.1:8081 counts the requests
#    it served. vigild runs in dir with BENCH_NVS (100) virtual servers
#    (192.0.2.1..., port 80) sharing the real servers evenly, each real
#    server an HTTP_GET of / expecting 200 (connect_timeout 3, retry 1,
#    delay_before_retry 1), delay_loop 1. The whole daemon is pinned to
#    CPU BENCH_CPU (1) with taskset and nginx to the other CPU (0), so
#    that "on one core" holds and nginx does not take the checkers'
#    core; RPS on each end of the veth (BENCH_RPS=1) makes each side's
#    receive work run on its own CPU (a veth runs it in the sender's
#    softirq otherwise: nginx's TCP work would be counted in the check
#    child). Once the check child has every probe (SIGUSR2 stats: "probes =
#    NRS"), BENCH_WARM (3) s more pass (the first probes come at random
#    points of the first delay_loop), then a window of BENCH_SECS (30):
#    - checks per second: attempts of the window (the stats line
#      "Checkers since the last dump", dumped at both ends), and the
#      requests nginx served (stub_status) as a cross-check;
#    - CPU of the check child per 1,000 checks and in % of a core
#      (utime + stime of /proc/PID/stat over the window);
#    - its peak RSS (VmHWM, start-up included) and RSS (VmRSS) at the
#      window's end; the parent's RSS too (it holds the configuration);
#    - lateness against the schedule, p50 / p99 / max, of the window
#      only (the dump at the window's start resets that histogram);
#    - nginx's CPU (master and worker) per 1,000 requests;
#    - the time the check child waited for its CPU (run queue,
#      /proc/PID/schedstat): the machine's other load on that core;
#      and that CPU's own figures over the window (/proc/stat): busy,
#      softirq (the director's receive work, RPS) and steal.
#    BENCH_PERF=1: perf record -g of the check child over the window
#    (raw/perf.data).
#    Goal: 10,000 checks/s, p99 lateness < 50 ms, RSS < 64 MB.
#    Debian's keepalived 2.2.7 is started the same way in dir for up to
#    BENCH_KA_SECS (10) s: what it does without IPVS is reported (its
#    log in raw/). What it does here: its checker logs "IPVS: Can't
#    initialize ipvs: No such file or directory" (modprobe ip_vs fails),
#    logs "Shutting down service" for every real server, exits with a
#    permanent error (FATAL) and the parent terminates: not one check
#    reaches nginx. Hence the guest below.
#
# 2. Guest (qemu, a Debian kernel with IPVS, test/qemu/run.sh; skipped
#    with BENCH_QEMU=0 or when no run.sh is found): the same topology
#    inside the guest with BENCH_QEMU_NRS (500) real servers and
#    BENCH_QEMU_NVS (5) virtual servers, nginx as above (Debian's, put
#    in the guest with its libraries), and in turn vigild and keepalived
#    --check (both put in the guest with their libraries, ldd), each for
#    BENCH_QEMU_SECS (20) s after the same warm-up, in the order vigil,
#    keepalived, keepalived, vigil (BENCH_QEMU_REPS=2; 1: the first
#    two): checks/s (nginx's
#    request count, the same measure for both), CPU of the checker
#    process per 1,000 checks, its RSS and peak RSS, and the IPVS table's
#    destinations (ipvsadm -Ln: both programmed it). One vCPU, so nginx
#    and the checker share it; the guest may run under emulation (TCG):
#    compare the two columns, not the guest with the host.
#    VIGILD_QEMU: the vigild put in the guest (default VIGILD; it must
#    be built with check_ipvs.c to program the table); BENCH_QEMU_RUN:
#    the harness (default test/qemu/run.sh of this tree).
#
# Raw data: build/bench/lvs/ (table.txt, results.tsv: where key value;
# configs, logs, stats dumps, the guest's output under raw/). Prints one
# table and the ratios. Not a pass/fail test: it exits 0 unless the
# topology cannot be built.
#
# Env: BENCH_QUICK=1 (a check of the script, < 60 s: window 8 s, 2,000
#      real servers, no qemu part), BENCH_NRS, BENCH_NVS, BENCH_SECS,
#      BENCH_WARM, BENCH_CPU, BENCH_KA_SECS, BENCH_QEMU, BENCH_QEMU_NRS,
#      BENCH_QEMU_NVS, BENCH_QEMU_SECS, BENCH_QEMU_REPS, BENCH_PARTS ("host guest"), BENCH_QEMU_RUN, VIGILD,
#      VIGILD_QEMU, KEEPALIVED, NGINX.

. "$(dirname "$0")/../integration/lib.sh"

export TZ=UTC LC_ALL=C
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	NRS=${BENCH_NRS:-2000} SECS=${BENCH_SECS:-8} QEMU=${BENCH_QEMU:-0}
	KA_SECS=${BENCH_KA_SECS:-3}
else
	NRS=${BENCH_NRS:-10000} SECS=${BENCH_SECS:-30} QEMU=${BENCH_QEMU:-1}
	KA_SECS=${BENCH_KA_SECS:-10}
fi
NVS=${BENCH_NVS:-100}
WARM=${BENCH_WARM:-3}
CPU=${BENCH_CPU:-1}
OTHER=$(( CPU == 0 ? 1 : 0 ))	# nginx's CPU
[ "$(nproc)" -gt 1 ] || OTHER=$CPU
Q_NRS=${BENCH_QEMU_NRS:-500} Q_NVS=${BENCH_QEMU_NVS:-5}
Q_SECS=${BENCH_QEMU_SECS:-20}
Q_REPS=${BENCH_QEMU_REPS:-2}
PARTS=${BENCH_PARTS:-host guest}
QEMU_RUN=${BENCH_QEMU_RUN:-$T_ROOT/test/qemu/run.sh}
KEEPALIVED=${KEEPALIVED:-$(command -v keepalived || echo /usr/sbin/keepalived)}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
FINAL=$T_ROOT/build/bench/lvs
OUT=$T_DIR/out
RAW=$OUT/raw
RES=$OUT/results.tsv
HZ=$(getconf CLK_TCK)

[ "$(id -u)" = 0 ] || { echo "bench-lvs: needs root (network namespaces)" >&2; exit 1; }
[ -x "$VIGILD" ] || { echo "bench-lvs: $VIGILD not built (make)" >&2; exit 1; }
[ -x "$NGINX" ] || { echo "bench-lvs: $NGINX not installed" >&2; exit 1; }
[ "$NVS" -ge 1 ] && [ "$NVS" -le 254 ] && [ "$NRS" -ge "$NVS" ] &&
    [ "$NRS" -le 60000 ] || { echo "bench-lvs: 1 <= NVS <= 254, NVS <= NRS <= 60000" >&2; exit 1; }
mkdir -p "$RAW" "$T_ROOT/build/bench"
bench_save() {
	rm -rf "$FINAL.$$"
	cp -r "$OUT" "$FINAL.$$" && rm -rf "$FINAL" && mv "$FINAL.$$" "$FINAL"
}
trap 'rc=$?; bench_save; (exit $rc); t_cleanup' EXIT
: >"$RES"
T0=$EPOCHREALTIME
# A private copy of vigild: others may rebuild ./vigild during the run.
cp "$VIGILD" "$T_DIR/vigild"
VIGILD_QEMU=${VIGILD_QEMU:-$VIGILD}
VIGILD=$T_DIR/vigild
chmod 755 "$T_DIR"	# nginx's worker (nobody) reads under it

say() { printf '[bench-lvs %4ds] %s\n' "$(elapsed)" "$*"; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }'; }
record() { printf '%s\t%s\t%s\n' "$@" >>"$RES"; }	# where key value

# poll TIMEOUT CMD...: CMD every 0.1 s until it succeeds or TIMEOUT s.
poll() {
	local end
	end=$(awk -v n="$EPOCHREALTIME" -v t="$1" 'BEGIN { printf "%.6f", n + t }')
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		awk -v n="$EPOCHREALTIME" -v e="$end" 'BEGIN { exit !(n > e) }' && return 1
		sleep 0.1
	done
}

# --- shared with the guest (written to a file it sources too) --------------
cat >"$T_DIR/lvs_common.sh" <<'EOF'
# rs_addr I: the I-th real server's address (0-based), in 198.18.0.0/15.
rs_addr() { echo "198.$((18 + $1 / 63500)).$(($1 % 63500 / 250)).$(($1 % 250 + 1))"; }

# addr_batch N: `ip -batch` lines putting N real server addresses on lo.
addr_batch() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
	    printf "addr add 198.%d.%d.%d/32 dev lo\n", 18 + int(i / 63500),
		int(i % 63500 / 250), i % 250 + 1 }'
}

# lvs_conf NRS NVS: keepalived.conf, NVS virtual servers 192.0.2.1...
# port 80 sharing NRS HTTP_GET real servers, delay_loop 1.
lvs_conf() {
	awk -v n="$1" -v nvs="$2" 'BEGIN {
	    print "global_defs {\n\trouter_id bench_lvs\n}"
	    per = int((n + nvs - 1) / nvs)
	    for (v = 0; v < nvs; v++) {
		printf "virtual_server 192.0.2.%d 80 {\n\tdelay_loop 1\n\tlb_algo rr\n\tlb_kind NAT\n\tprotocol TCP\n", v + 1
		for (i = v * per; i < (v + 1) * per && i < n; i++)
		    printf "\treal_server 198.%d.%d.%d 80 {\n\t\tweight 1\n\t\tHTTP_GET {\n\t\t\turl {\n\t\t\t\tpath /\n\t\t\t\tstatus_code 200\n\t\t\t}\n\t\t\tconnect_timeout 3\n\t\t\tretry 1\n\t\t\tdelay_before_retry 1\n\t\t}\n\t}\n",
			18 + int(i / 63500), int(i % 63500 / 250), i % 250 + 1
		print "}"
	    }
	}'
}

# nginx_conf DIR: one nginx, master and one worker, on *:80 answering
# 200, stub_status on 127.0.0.1:8081; everything under DIR.
nginx_conf() {
	mkdir -p "$1/logs"
	cat <<NGX
daemon off;
worker_processes 1;
worker_rlimit_nofile 65536;
pid $1/nginx.pid;
error_log $1/logs/error.log;
events {
	worker_connections 16384;
}
http {
	access_log off;
	client_body_temp_path $1/body;
	proxy_temp_path $1/proxy;
	fastcgi_temp_path $1/fastcgi;
	uwsgi_temp_path $1/uwsgi;
	scgi_temp_path $1/scgi;
	server {
		listen 80 default_server backlog=8192;
		location / {
			return 200 "ok\n";
		}
	}
	server {
		listen 127.0.0.1:8081;
		location / {
			stub_status;
		}
	}
}
NGX
}

# ngx_requests NS: requests nginx served so far (stub_status), minus
# the status requests themselves.
ngx_requests() {
	ip netns exec "$1" busybox wget -q -O - http://127.0.0.1:8081/ 2>/dev/null |
	    awk 'NR == 3 { print $3 - 0 }'
}

# cpu_ticks PID...: utime + stime of /proc/PID/stat, summed.
cpu_ticks() {
	local p
	for p in "$@"; do cat "/proc/$p/stat"; done 2>/dev/null |
	    awk '{ sub(/.*\) /, ""); s += $12 + $13 } END { print s + 0 }'
}
kids() { pgrep -P "$1"; }
# cpu_line N: cpuN's line of /proc/stat (ticks: user nice system idle
# iowait irq softirq steal).
cpu_line() { awk -v c="cpu$1" '$1 == c { print $2, $3, $4, $5, $6, $7, $8, $9 }' /proc/stat; }
status_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }
EOF
. "$T_DIR/lvs_common.sh"

# --- topology ----------------------------------------------------------------
topology() {
	ns_create dir
	ns_create srv
	ns_veth dir eth0 srv eth0
	ip -n "$(ns dir)" addr add 203.0.113.1/24 dev eth0
	ip -n "$(ns srv)" addr add 203.0.113.2/24 dev eth0
	ip -n "$(ns dir)" route add 198.18.0.0/15 via 203.0.113.2
	# A veth delivers a packet in the sender's softirq, on the sender's
	# CPU: without RPS the real servers' TCP work would run on (and be
	# counted in) the check child. Each side receives on its own CPU.
	if [ "${BENCH_RPS:-1}" = 1 ] && [ "$(nproc)" -gt 1 ]; then
		ns_exec dir sh -c "echo $(printf %x $((1 << CPU))) >/sys/class/net/eth0/queues/rx-0/rps_cpus" &&
		ns_exec srv sh -c "echo $(printf %x $((1 << OTHER))) >/sys/class/net/eth0/queues/rx-0/rps_cpus" ||
		    say "cannot set RPS: the real servers' receive work runs on the check child's CPU"
	fi
	addr_batch "$NRS" >"$T_DIR/addrs.batch"
	ip -n "$(ns srv)" -batch "$T_DIR/addrs.batch" ||
	    fail "ip -batch: cannot add the real servers' addresses"
	[ "$(ip -n "$(ns srv)" -4 -o addr show dev lo | grep -c ' 198\.1[89]\.')" = "$NRS" ] ||
	    fail "not $NRS addresses on srv's lo"
}

NGX_DIR=$T_DIR/nginx
nginx_start() {
	local other=$OTHER
	nginx_conf "$NGX_DIR" >"$NGX_DIR.conf"
	cp "$NGX_DIR.conf" "$RAW/nginx.conf"
	daemon_start srv "$RAW/nginx.log" taskset -c "$other" "$NGINX" \
	    -p "$NGX_DIR" -c "$NGX_DIR.conf" -e "$NGX_DIR/logs/error.log"
	NGX_PID=$DAEMON_PID
	poll 10 ngx_requests "$(ns srv)" || fail "nginx does not answer (see $RAW/nginx.log)"
	poll 10 pgrep -P "$NGX_PID" || fail "nginx has no worker"
	NGX_WORKERS=$(kids "$NGX_PID" | tr '\n' ' ')
	for p in $NGX_WORKERS; do track_pid "$p"; done
	say "nginx: master $NGX_PID, workers $NGX_WORKERS, on CPU $other"
}

# --- vigil on the host ------------------------------------------------------------
stats_written() { [ "$(grep -c 'wrote .*vigil\.stats' "$1")" -gt "$2" ]; }
vigil_stats() {	# vigil_stats OUT: a SIGUSR2 dump, copied to OUT
	local s=$T_DIR/vd.tmp/vigil.stats n
	n=$(grep -c 'wrote .*vigil\.stats' "$T_DIR/vd.log")
	rm -f "$s"
	kill -USR2 "$VPID"
	poll 20 stats_written "$T_DIR/vd.log" "$n" || say "no complete stats from vigil"
	cp "$s" "$1" 2>/dev/null
}
probes_in() { awk -F'probes = ' '/ Checkers: probes/ { print $2 + 0 }' "$1"; }
all_probes() { vigil_stats "$RAW/vigil.stats-start"; [ "$(probes_in "$RAW/vigil.stats-start")" = "$NRS" ]; }
win() {	# win FILE FIELD: a field of the "since the last dump" line
	awk -v f="$2" '/Checkers since the last dump/ {
	    n = split($0, a, ", ")
	    for (i = 1; i <= n; i++) if (a[i] ~ f " = ") { sub(".*" f " = ", "", a[i]); print a[i] + 0 } }' "$1"
}

vigil_host() {
	local cp0 cp1 n0 n1 g0 g1 q0 q1 t0 t1 w a
	lvs_conf "$NRS" "$NVS" >"$RAW/lvs.conf"
	"$VIGILD" -t -f "$RAW/lvs.conf" >"$RAW/vigil-t.out" 2>&1 ||
	    fail "vigild -t refuses the configuration (see $RAW/vigil-t.out)"
	mkdir -p "$T_DIR/vd.tmp"
	daemon_start dir "$T_DIR/vd.log" taskset -c "$CPU" env TMPDIR="$T_DIR/vd.tmp" \
	    "$VIGILD" -n -l -f "$RAW/lvs.conf" -p "$T_DIR/vd.vigil.pid" \
	    -r "$T_DIR/vd.vrrp.pid" -c "$T_DIR/vd.check.pid"
	VPID=$DAEMON_PID
	local ts=$EPOCHREALTIME
	poll 30 test -s "$T_DIR/vd.check.pid" || fail "vigild: no check child"
	CPID=$(cat "$T_DIR/vd.check.pid")
	poll 60 all_probes || fail "vigild: not $NRS probes after 60 s (see $RAW/vigil.stats-start)"
	record vigil start_s "$(awk -v a="$ts" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
	say "vigil: $NRS probes in the check child ($CPID, CPU $(taskset -pc "$CPID" | sed 's/.*: //')); warm-up $WARM s, window $SECS s"
	sleep "$WARM"
	vigil_stats "$RAW/vigil.stats0"
	t0=$EPOCHREALTIME cp0=$(cpu_ticks "$CPID") n0=$(ngx_requests "$(ns srv)")
	g0=$(cpu_ticks "$NGX_PID" $NGX_WORKERS) q0=$(awk '{ print $2 }' "/proc/$CPID/schedstat")
	local k0 k1; k0=$(cpu_line "$CPU")
	if [ "${BENCH_PERF:-0}" = 1 ]; then
		perf record -q -g -o "$RAW/perf.data" -p "$CPID" -- sleep "$SECS" >/dev/null 2>&1
	else
		sleep "$SECS"
	fi
	vigil_stats "$RAW/vigil.stats1"
	t1=$EPOCHREALTIME cp1=$(cpu_ticks "$CPID") n1=$(ngx_requests "$(ns srv)")
	g1=$(cpu_ticks "$NGX_PID" $NGX_WORKERS) q1=$(awk '{ print $2 }' "/proc/$CPID/schedstat")
	k1=$(cpu_line "$CPU")
	w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	a=$(win "$RAW/vigil.stats1" attempts)
	record vigil window_s "$(printf %.1f "$w")"
	record vigil checks_s "$(awk -v a="$a" -v w="$w" 'BEGIN { printf "%.0f", a / w }')"
	record vigil nginx_req_s "$(awk -v a="$((n1 - n0))" -v w="$w" 'BEGIN { printf "%.0f", a / w }')"
	record vigil failed "$(win "$RAW/vigil.stats1" failed)"
	record vigil cpu_1k "$(awk -v c="$((cp1 - cp0))" -v a="$a" -v hz="$HZ" 'BEGIN { print (a > 0 ? sprintf("%.1f", c * 1000 / hz / (a / 1000)) : "nan") }')"
	record vigil cpu_pct "$(awk -v c="$((cp1 - cp0))" -v w="$w" -v hz="$HZ" 'BEGIN { printf "%.1f", c / hz / w * 100 }')"
	record vigil runq_pct "$(awk -v a="$q0" -v b="$q1" -v w="$w" 'BEGIN { printf "%.1f", (b - a) / 1e9 / w * 100 }')"
	echo "$k0 $k1" | awk -v w="$w" -v hz="$HZ" '{ for (i = 1; i <= 8; i++) d[i] = $(i + 8) - $i
	    printf "%.1f %.1f %.1f\n", (d[1] + d[2] + d[3] + d[6] + d[7]) / hz / w * 100, d[7] / hz / w * 100, d[8] / hz / w * 100 }' |
	    { read -r busy soft steal; record vigil core_busy "$busy"; record vigil core_softirq "$soft"; record vigil core_steal "$steal"; }
	record vigil late_p50 "$(win "$RAW/vigil.stats1" 'late p50')"
	record vigil late_p99 "$(win "$RAW/vigil.stats1" p99)"
	record vigil late_max "$(win "$RAW/vigil.stats1" max)"
	record vigil hwm_mb "$(awk -v k="$(status_kb "$CPID" VmHWM)" 'BEGIN { printf "%.1f", k / 1024 }')"
	record vigil rss_mb "$(awk -v k="$(status_kb "$CPID" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
	record vigil parent_rss_mb "$(awk -v k="$(status_kb "$VPID" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
	record nginx cpu_1k "$(awk -v c="$((g1 - g0))" -v a="$((n1 - n0))" -v hz="$HZ" 'BEGIN { print (a > 0 ? sprintf("%.1f", c * 1000 / hz / (a / 1000)) : "nan") }')"
	record nginx cpu_pct "$(awk -v c="$((g1 - g0))" -v w="$w" -v hz="$HZ" 'BEGIN { printf "%.1f", c / hz / w * 100 }')"
	grep -a 'Checkers' "$RAW/vigil.stats1" | sed 's/^/    /'
	stop_pid "$VPID" 10
	cp "$T_DIR/vd.log" "$RAW/vigil.log"
}

# keepalived's checker on this kernel: what it does without IPVS.
keepalived_host() {
	[ -x "$KEEPALIVED" ] || { KA_HOST="not installed"; return; }
	mkdir -p "$T_DIR/ka"
	daemon_start dir "$RAW/keepalived-host.log" "$KEEPALIVED" -n -l -D -C \
	    -f "$RAW/lvs.conf" -p "$T_DIR/ka/ka.pid" -c "$T_DIR/ka/check.pid" \
	    -r "$T_DIR/ka/vrrp.pid"
	local kp=$DAEMON_PID n0 n1 ts=$EPOCHREALTIME t
	n0=$(ngx_requests "$(ns srv)")
	poll "$KA_SECS" sh -c "! kill -0 $kp"
	t=$(awk -v a="$ts" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	n1=$(ngx_requests "$(ns srv)")
	KA_HOST="$(grep -aE 'IPVS:|permanent error|Terminating' "$RAW/keepalived-host.log" |
	    sed 's/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9]* [0-9:]* [0-9]*: //' | tr '\n' ';' | sed 's/;$//')"
	KA_HOST="$KA_HOST; $(grep -c 'Shutting down service' "$RAW/keepalived-host.log") 'Shutting down service' lines"
	if alive "$kp"; then
		KA_HOST="$KA_HOST; still running after $t s"
	else
		KA_HOST="$KA_HOST; keepalived exited after $t s"
	fi
	KA_HOST="$KA_HOST; nginx saw $((n1 - n0 - 1)) check requests"
	stop_pid "$kp" 5
}

# --- the guest ------------------------------------------------------------------
# The files the guest needs beyond run.sh's: a root tree with vigild
# (VIGILD_QEMU), keepalived and nginx at their paths with their libraries.
guest_tree() {
	local r=$T_DIR/guest/tree f l
	mkdir -p "$r/usr/sbin"
	for f in "$VIGILD_QEMU:/usr/sbin/vigild-bench" "$KEEPALIVED:/usr/sbin/keepalived" "$NGINX:/usr/sbin/nginx"; do
		cp -L "${f%%:*}" "$r${f#*:}" || return 1
		ldd "${f%%:*}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
		while read -r l; do
			mkdir -p "$r$(dirname "$l")"
			cp -L "$l" "$r$l"
		done
	done
	cp "$T_DIR/lvs_common.sh" "$T_DIR/guest/"
	lvs_conf "$Q_NRS" "$Q_NVS" >"$T_DIR/guest/lvs.conf"
	cp "$T_DIR/guest/lvs.conf" "$RAW/guest-lvs.conf"
}

guest_payload() {
	cat >"$T_DIR/guest/payload.sh" <<EOF
#!/bin/bash
# bench-lvs in the guest: nginx in srv, vigild then keepalived in dir.
NRS=$Q_NRS SECS=$Q_SECS WARM=$WARM HZ=$HZ REPS=$Q_REPS
EOF
	cat >>"$T_DIR/guest/payload.sh" <<'EOF'
cd /payload
. ./lvs_common.sh
# The guest's libraries first: only what it lacks comes from the tree.
(cd tree && find . ! -type d) | while read -r f; do
	[ -e "/$f" ] || { mkdir -p "/$(dirname "$f")"; cp -a "tree/$f" "/$f"; }
done
[ -x /usr/sbin/vigild-bench ] || cp -a tree/usr/sbin/vigild-bench /usr/sbin/
cp -a tree/usr/sbin/keepalived tree/usr/sbin/nginx /usr/sbin/
grep -q '^nogroup:' /etc/group || echo 'nogroup:x:65534:' >>/etc/group
ip netns add dir; ip netns add srv
ip -n dir link set lo up; ip -n srv link set lo up
ip link add bv type veth peer name bp
ip link set bv netns dir name eth0; ip link set bp netns srv name eth0
ip -n dir link set eth0 up; ip -n srv link set eth0 up
ip -n dir addr add 203.0.113.1/24 dev eth0
ip -n srv addr add 203.0.113.2/24 dev eth0
ip -n dir route add 198.18.0.0/15 via 203.0.113.2
addr_batch "$NRS" | ip -n srv -batch -
mkdir -p /tmp/ngx
nginx_conf /tmp/ngx >/tmp/ngx.conf
ip netns exec srv /usr/sbin/nginx -p /tmp/ngx -c /tmp/ngx.conf -e /tmp/ngx/logs/error.log >/tmp/ngx.out 2>&1 &
NGX=$!
i=0; while [ -z "$(ngx_requests srv)" ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
[ -n "$(ngx_requests srv)" ] || { echo "RESULT nginx fails"; cat /tmp/ngx.out /tmp/ngx/logs/error.log; exit 1; }
echo "INFO nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo), kernel $(uname -r)"

run() {	# run NAME CMD...: one checker daemon, then its figures
	local name=$1 pid cp n0 n1 c0 c1 t0 t1 w d
	shift
	rm -rf /tmp/run; mkdir -p /tmp/run/tmp
	ip netns exec dir env TMPDIR=/tmp/run/tmp "$@" >/tmp/run/log 2>&1 &
	pid=$!
	i=0; while [ ! -s /tmp/run/check.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	cp=$(cat /tmp/run/check.pid 2>/dev/null)
	[ -n "$cp" ] || { echo "RESULT $name no_check_child 1"; tail -n 20 /tmp/run/log; kill $pid; wait $pid; return; }
	# every real server in the IPVS table, then the warm-up
	i=0; while [ "$(ip netns exec dir ipvsadm -Ln | grep -c -- '-> 198')" -lt "$NRS" ] && [ $i -lt 300 ]; do sleep 0.2; i=$((i + 1)); done
	d=$(ip netns exec dir ipvsadm -Ln | grep -c -- '-> 198')
	echo "RESULT $name ipvs_dests $d"
	sleep "$WARM"
	[ "$name" = vigil ] && { kill -USR2 $pid; sleep 1; }
	t0=$(date +%s.%N) n0=$(ngx_requests srv) c0=$(cpu_ticks "$cp")
	sleep "$SECS"
	t1=$(date +%s.%N) n1=$(ngx_requests srv) c1=$(cpu_ticks "$cp")
	w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	echo "RESULT $name checks_s $(awk -v n="$((n1 - n0))" -v w="$w" 'BEGIN { printf "%.0f", n / w }')"
	echo "RESULT $name cpu_1k $(awk -v c="$((c1 - c0))" -v n="$((n1 - n0))" -v hz="$HZ" 'BEGIN { print (n > 0 ? sprintf("%.1f", c * 1000 / hz / (n / 1000)) : "nan") }')"
	echo "RESULT $name cpu_pct $(awk -v c="$((c1 - c0))" -v w="$w" -v hz="$HZ" 'BEGIN { printf "%.1f", c / hz / w * 100 }')"
	echo "RESULT $name rss_mb $(awk -v k="$(status_kb "$cp" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
	echo "RESULT $name hwm_mb $(awk -v k="$(status_kb "$cp" VmHWM)" 'BEGIN { printf "%.1f", k / 1024 }')"
	echo "RESULT $name parent_rss_mb $(awk -v k="$(status_kb "$pid" VmRSS)" 'BEGIN { printf "%.1f", k / 1024 }')"
	if [ "$name" = vigil ]; then
		kill -USR2 $pid; sleep 1
		grep -a Checkers /tmp/run/tmp/vigil.stats | sed 's/^/INFO vigil /'
		awk -F', ' '/Checkers since the last dump/ { for (i = 1; i <= NF; i++) {
		    if ($i ~ /^late p50 = /) { sub(/.*= /, "", $i); print "RESULT vigil late_p50", $i + 0 }
		    if ($i ~ /^p99 = /) { sub(/.*= /, "", $i); print "RESULT vigil late_p99", $i + 0 } } }' /tmp/run/tmp/vigil.stats
	fi
	echo "INFO $name processes: $pid checker $cp"
	kill -TERM $pid
	i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
	echo "RESULT $name ipvs_dests_after_stop $(ip netns exec dir ipvsadm -Ln | grep -c -- '-> 198')"
	grep -aiE 'error|warn|fail' /tmp/run/log | grep -v 'stub' | head -n 5 | sed "s/^/INFO $name log: /"
	ip netns exec dir ipvsadm -C
}
runv() { run vigil /usr/sbin/vigild-bench -n -l -f /payload/lvs.conf -p /tmp/run/main.pid -r /tmp/run/vrrp.pid -c /tmp/run/check.pid; }
runk() { run keepalived /usr/sbin/keepalived -n -l -D -C -f /payload/lvs.conf -p /tmp/run/main.pid -r /tmp/run/vrrp.pid -c /tmp/run/check.pid; }
# vigil, keepalived, keepalived, vigil: a drift of the host's load
# (the guest's vCPU is a host thread) weighs on both alike.
runv; runk
[ "$REPS" -gt 1 ] && { runk; runv; }
kill $NGX; wait $NGX 2>/dev/null
EOF
}

guest() {
	if [ "$QEMU" != 1 ]; then Q_NA="skipped (BENCH_QEMU=0$([ "$QUICK" = 1 ] && echo ", BENCH_QUICK=1"))"; return; fi
	if [ ! -f "$QEMU_RUN" ]; then Q_NA="no $QEMU_RUN (the qemu harness is not in this tree)"; return; fi
	[ -x "$KEEPALIVED" ] || { Q_NA="no keepalived"; return; }
	mkdir -p "$T_DIR/guest"
	guest_tree || { Q_NA="cannot gather the guest's files"; return; }
	guest_payload
	say "guest: $Q_NRS real servers, $Q_NVS virtual servers, window $Q_SECS s, via $QEMU_RUN"
	VIGIL_QEMU_TIMEOUT=$(( 120 + 2 * Q_REPS * (Q_SECS + WARM + 15) + Q_NRS / 5 )) sh "$QEMU_RUN" "$T_DIR/guest/payload.sh" \
	    "$T_DIR/guest/tree" "$T_DIR/guest/lvs_common.sh" "$T_DIR/guest/lvs.conf" \
	    >"$RAW/guest.out" 2>&1
	local rc=$?
	sed 's/^/    /' "$RAW/guest.out" | grep -aE 'INFO|RESULT|qemu' | head -n 40
	awk '$1 == "RESULT" { printf "guest-%s\t%s\t%s\n", $2, $3, $4 }' "$RAW/guest.out" >>"$RES"
	[ "$rc" = 0 ] || Q_NA="the guest run failed (exit $rc, see $FINAL/raw/guest.out)"
	grep -q '^RESULT' "$RAW/guest.out" && Q_NA=""
}

# --- run ----------------------------------------------------------------------------
say "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs; $NRS real servers in $NVS virtual servers, window $SECS s; raw data will be in $FINAL"
KA_HOST="" Q_NA="not run (BENCH_PARTS)"
case " $PARTS " in *" host "*)
	topology
	say "topology: $NRS addresses on srv's lo"
	nginx_start
	vigil_host
	keepalived_host
	say "keepalived on this kernel: $KA_HOST" ;;
esac
case " $PARTS " in *" guest "*) Q_NA=""; guest ;; esac

# --- the table ------------------------------------------------------------------------
# v WHERE KEY: the value; the mean of several (guest repetitions)
v() { awk -F'\t' -v w="$1" -v k="$2" '$1 == w && $2 == k && $3 != "nan" { s += $3; n++ }
    END { if (n == 1) print s; else if (n > 1) printf "%.1f\n", s / n }' "$RES"; }
# vs WHERE KEY: the mean and, if several, each value: "440.5 (430 451)"
vs() { awk -F'\t' -v w="$1" -v k="$2" '$1 == w && $2 == k { a = a (n ? " " : "") $3; s += $3; n++ }
    END { if (n == 1) print a; else if (n > 1) printf "%.1f (%s)\n", s / n, a }' "$RES"; }
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "nan" || b == "nan" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}
{
echo
echo "LVS benchmark: vigil ($(git -C "$T_ROOT" describe --always --dirty 2>/dev/null)), nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "$(v vigil checks_s)" ]; then
	echo "1. this host: not run (BENCH_PARTS=$PARTS)"
else
echo "1. this host: $NRS real servers (HTTP_GET, delay_loop 1) in $NVS virtual servers; check child on CPU $CPU; window $(v vigil window_s) s after $WARM s"
printf '%-46s %-12s %s\n' "figure" "vigil" "goal"
printf '%-46s %-12s %s\n' "checks per second (check child's count)" "$(v vigil checks_s)" "$NRS"
printf '%-46s %-12s %s\n' "requests per second (nginx's count)" "$(v vigil nginx_req_s)" "-"
printf '%-46s %-12s %s\n' "failed checks in the window" "$(v vigil failed)" "0"
printf '%-46s %-12s %s\n' "check child CPU ms per 1,000 checks" "$(v vigil cpu_1k)" "-"
printf '%-46s %-12s %s\n' "check child CPU % of one core" "$(v vigil cpu_pct)" "< 100"
printf '%-46s %-12s %s\n' "check child waiting for its CPU, % of the time" "$(v vigil runq_pct)" "-"
printf '%-46s %-12s %s\n' "its CPU busy %, all processes (/proc/stat)" "$(v vigil core_busy)" "-"
printf '%-46s %-12s %s\n' "its CPU in softirq % (the director's rx)" "$(v vigil core_softirq)" "-"
printf '%-46s %-12s %s\n' "its CPU stolen by the hypervisor %" "$(v vigil core_steal)" "-"
printf '%-46s %-12s %s\n' "lateness p50 ms" "$(v vigil late_p50)" "-"
printf '%-46s %-12s %s\n' "lateness p99 ms" "$(v vigil late_p99)" "< 50"
printf '%-46s %-12s %s\n' "lateness max ms" "$(v vigil late_max)" "-"
printf '%-46s %-12s %s\n' "check child RSS MB (VmRSS, window end)" "$(v vigil rss_mb)" "< 64"
printf '%-46s %-12s %s\n' "check child peak RSS MB (VmHWM)" "$(v vigil hwm_mb)" "< 64"
printf '%-46s %-12s %s\n' "parent RSS MB (holds the config)" "$(v vigil parent_rss_mb)" "-"
printf '%-46s %-12s %s\n' "start to all probes scheduled, s" "$(v vigil start_s)" "-"
printf '%-46s %-12s %s\n' "nginx CPU ms per 1,000 requests" "$(v nginx cpu_1k)" "-"
printf '%-46s %-12s %s\n' "nginx CPU % of one core" "$(v nginx cpu_pct)" "-"
echo "   keepalived $("$KEEPALIVED" -v 2>&1 | head -n 1 | awk '{ print $2 }') on this kernel: $KA_HOST"
fi
echo
if [ -n "$Q_NA" ]; then
	echo "2. qemu guest (IPVS), vigil vs keepalived: $Q_NA"
else
	echo "2. qemu guest (IPVS, 1 vCPU shared with nginx): $Q_NRS real servers in $Q_NVS virtual servers, window $Q_SECS s, runs vigil keepalived$([ "$Q_REPS" -gt 1 ] && echo " keepalived vigil"): mean (each run)"
	printf '%-38s %-22s %-22s %s\n' "figure" "vigil" "keepalived" "vigil/ka"
	for k in checks_s:"checks per second (nginx's count)" cpu_1k:"checker CPU ms per 1,000 checks" \
	    cpu_pct:"checker CPU % of the vCPU" rss_mb:"checker RSS MB" hwm_mb:"checker peak RSS MB" \
	    parent_rss_mb:"parent RSS MB" late_p50:"lateness p50 ms (vigil's stats)" \
	    late_p99:"lateness p99 ms (vigil's stats)" ipvs_dests:"IPVS destinations programmed" \
	    ipvs_dests_after_stop:"IPVS destinations left after stop"; do
		printf '%-38s %-22s %-22s %s\n' "${k#*:}" "$(vs guest-vigil "${k%%:*}")" "$(vs guest-keepalived "${k%%:*}")" \
		    "$(ratio "$(v guest-vigil "${k%%:*}")" "$(v guest-keepalived "${k%%:*}")")"
	done
fi
echo "CPU: utime + stime (/proc/PID/stat) over the window; lateness: against each probe's schedule, the window only (SIGUSR2 stats)"
echo "raw data: $FINAL/ (results.tsv, raw/); took $(elapsed) s"
} | tee "$OUT/table.txt"
exit 0
