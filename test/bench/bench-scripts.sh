#!/bin/bash
# make bench-scripts: what tracking nginx costs and how fast its death
# moves the VIP, vigil next to Debian's keepalived in the same run on the
# same namespace LAN (issue 8, "Speed").
#
# Topology (test/integration/lib.sh): a bridge br0 in "sw"; directors h1
# (192.0.2.1), h2 (.2), h3 (.3), h4 (.4) and a client c (192.0.2.100).
# Each director that needs one runs real nginx (Debian's binary, copied to
# ngx<PID><host> so that a process name matches only the bench's own
# nginx: pidof, killall and track_process never see another nginx of the
# machine), master and one worker, "daemon off" under a small subreaper
# (PID 1 here reaps no orphan, and a killed master must vanish, not stay
# a zombie that `kill -0` still finds); config, pid file, logs and temp
# directories are private (raw/nginx-HOST/); it serves the host's name.
#
# 1. Failover: nginx killed on the master. A vigil pair (h1 priority 200,
#    h2 100; VRID 51, VIP 192.0.2.10) and a keepalived pair (h3 200, h4
#    100; VRID 52, VIP 192.0.2.11) run side by side for the whole
#    scenario, each director tracking its own nginx with a vrrp_script
#    (`kill -0 $(cat nginx.pid)`, a two-line sh file; interval 1, fall 1,
#    rise 1, weight -150 > the gap of 100), preempt on, in state BACKUP.
#    For each of v2 advert_int 1 and v3 advert_int 0.1, BENCH_REPS (5)
#    repetitions, the daemons interleaved: after a random 0.3-1.3 s (the
#    kill falls anywhere in the script's 1 s period), SIGKILL to nginx's
#    master and worker on the master; the client, a Python loop opening a
#    new connection to http://VIP/ every 10 ms (connections overlap, each
#    given 1 s), records when each page arrives and from whom: the figure
#    is the time from the kill to the first page from the backup. Also
#    the VIP's arrival on the backup (ip -ts monitor address). nginx is
#    then started again and the master takes the VIP back before the next
#    repetition. Goal for vigil: interval x fall + skew + 100 ms, skew =
#    (256 - 100) / 256 x advert_int (x 1 s for v2): 1.71 s and 1.16 s.
#    keepalived waits its whole master-down interval (3 x advert_int +
#    skew) after the master's priority falls; vigil preempts after skew.
#
# 2. Script storm: one daemon at a time on h1 (vigil, then keepalived,
#    BENCH_CPU_REPS times), one instance VI_1 (v3, advert_int 0.1, VRID
#    51, no peer, so MASTER) tracking all 500 vrrp_scripts (interval 1,
#    timeout 10, weight -1), each running a static C program (built at
#    start; a sh script if it cannot be) that appends one byte to a file
#    per daemon: the byte count is the number of runs. A fork and exec
#    costs 5-20 ms of CPU on a small busy VM, so 500 a second may be more
#    than the machine can run: the timeout keeps an overrun a skipped run
#    (both daemons start no second copy of a running script) rather than
#    a killed one, and weight -1 keeps VI_1 MASTER (sending adverts) even
#    if runs fail. After start-up (VIP up, 5 s more), over BENCH_SECS (60;
#    20 with BENCH_QUICK=1):
#    - runs per second (goal 500), and CPU ms per run (all of the below
#      divided by the runs);
#    - CPU in % of one core: every process of the daemon (vigil: parent,
#      vrrp and check children; keepalived --vrrp: parent and VRRP child,
#      which runs the scripts), each one's own time from
#      /proc/PID/task/*/schedstat (ns) plus its reaped children's
#      (cutime + cstime of /proc/PID/stat, ticks): the scripts, and what
#      they started, are counted in the process that reaped them. Also
#      the process that runs the scripts alone (vigil's check child,
#      keepalived's VRRP child);
#    - PSS (smaps_rollup, summed) at the end of the window, of the whole
#      daemon and of the process running the scripts;
#    - advert lateness: the client captures VI_1's adverts (raw socket,
#      kernel receive time, SO_TIMESTAMPNS): the longest gap between two
#      adverts during the window, minus 100 ms, for both daemons; and for
#      vigil, its own figure from the SIGUSR2 stats ("Advert timer late
#      max", which counts since start: the dump at the window's start is
#      kept too, raw/).
#
# 3. Tracking nginx without forks: vigil on h1 and keepalived on h3 at the
#    same time (the same host load for both), one instance each (v2,
#    advert_int 1, VRID 51 / 52, no peer), following their own nginx in
#    three modes, BENCH_CPU_REPS times each: vrrp_track_process (process
#    ngx<PID><host>, weight -60; the kernel's process events, so each
#    daemon hears every fork, exec and exit of the machine: the host's own
#    process churn is given next to it), a vrrp_script `kill -0 $(cat
#    nginx.pid)` (sh file) and a vrrp_script `killall -0 ngx<PID><host>`,
#    interval 1. CPU over BENCH_SECS as in 2, in ms of CPU per second;
#    the machine's forks per second meanwhile (/proc/stat) and the
#    process events vigil counted (SIGUSR2 stats); each process's CPU in
#    raw/tr-MODE-N.cpu{0,1}.
#    keepalived 2.2.7 run by `ip netns exec` cannot subscribe to process
#    events (the kernel answers only in the initial network namespace;
#    vigil opens its socket in an ancestor's namespace, and Debian's
#    keepalived lacks net_namespace): for this mode the bench preloads a
#    shim (raw/cnshim.c) that creates keepalived's NETLINK_CONNECTOR socket
#    in the bench's own network namespace, as on a host without
#    namespaces, and checks that keepalived logs the connector's answer.
#
# Raw data: build/bench/scripts/ (table.txt, results.tsv: daemon key rep
# value; logs, configs, client and capture outputs, dumps under raw/).
# Prints one table: median / max (n) for times, median [min-max] (n) for
# the rest, and vigil/keepalived of the medians. The figures are noisy
# on a shared machine: compare the two columns of one run, not runs.
# Not a pass/fail test: it exits 0 unless the topology cannot be built.
#
# Env: BENCH_REPS (5; 3 with BENCH_QUICK=1), BENCH_SECS (60; 20),
#      BENCH_CPU_REPS (2; 1), BENCH_QUICK=1, BENCH_PARTS ("failover storm
#      track"), BENCH_CONFIGS ("v2_1 v3_0.1"), BENCH_NSCRIPTS (500),
#      VIGILD, KEEPALIVED, NGINX.

. "$(dirname "$0")/../integration/lib.sh"

export TZ=UTC LC_ALL=C
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	REPS=${BENCH_REPS:-3} SECS=${BENCH_SECS:-20} CPU_REPS=${BENCH_CPU_REPS:-1}
else
	REPS=${BENCH_REPS:-5} SECS=${BENCH_SECS:-60} CPU_REPS=${BENCH_CPU_REPS:-2}
fi
PARTS=${BENCH_PARTS:-failover storm track}
CONFIGS=${BENCH_CONFIGS-v2_1 v3_0.1}
NSCRIPTS=${BENCH_NSCRIPTS:-500}
KEEPALIVED=${KEEPALIVED:-$(command -v keepalived || echo /usr/sbin/keepalived)}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
FINAL=$T_ROOT/build/bench/scripts
OUT=$T_DIR/out
RAW=$OUT/raw
RES=$OUT/results.tsv
HZ=$(getconf CLK_TCK)
NGX_HOSTS=""	# hosts whose nginx was started (stopped at exit)

[ "$(id -u)" = 0 ] || { echo "bench-scripts: needs root (network namespaces)" >&2; exit 1; }
mkdir -p "$RAW" "$T_ROOT/build/bench"
# Everything is written to a private directory and copied to FINAL at
# the end (even on failure): runs may overlap in one work tree.
bench_save() {
	rm -rf "$FINAL.$$"
	cp -r "$OUT" "$FINAL.$$" && rm -rf "$FINAL" && mv "$FINAL.$$" "$FINAL"
}
trap 'rc=$?; nginx_stop_all; bench_save; (exit $rc); t_cleanup' EXIT
: >"$RES"
T0=$EPOCHREALTIME
# nginx's workers (www-data) read their files below T_DIR.
chmod 755 "$T_DIR"

say() { printf '[bench-scripts %4ds] %s\n' "$(elapsed)" "$*"; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }'; }
record() { printf '%s\t%s\t%s\t%s\n' "$@" >>"$RES"; }	# daemon key rep value

VIGIL_NA="" KA_NA=""
# Run a private copy of vigild: others may rebuild ./vigild during the run.
if [ -x "$VIGILD" ]; then
	cp "$VIGILD" "$T_DIR/vigild"
	VIGILD=$T_DIR/vigild
else
	VIGIL_NA="n/a (vigild not built)"
fi
[ -x "$KEEPALIVED" ] || KA_NA="n/a ($KEEPALIVED not installed)"
if ! [ -x "$NGINX" ]; then
	echo "bench-scripts: $NGINX not installed (make deps): no nginx, no benchmark" >&2
	exit 1
fi
daemons() {
	[ -z "$VIGIL_NA" ] && echo vigil
	[ -z "$KA_NA" ] && echo keepalived
	return 0
}

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
	for h in h1:192.0.2.1 h2:192.0.2.2 h3:192.0.2.3 h4:192.0.2.4 c:192.0.2.100; do
		i=$((i + 1)); a=${h#*:}; h=${h%%:*}
		ns_create "$h"
		ns_veth "$h" eth0 sw "p$i"
		ip -n "$(ns sw)" link set "p$i" master br0
		ip -n "$(ns "$h")" addr add "$a/24" dev eth0
	done
}
has_vip() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -Fq " $2/"; }
# only_on HOST VIP OTHER: HOST holds VIP, OTHER does not.
only_on() { has_vip "$1" "$2" && ! has_vip "$3" "$2"; }
addr_of() { case $1 in h1) echo 192.0.2.1 ;; h2) echo 192.0.2.2 ;; h3) echo 192.0.2.3 ;; h4) echo 192.0.2.4 ;; esac; }

gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
kids() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }

# --- nginx ------------------------------------------------------------------
# The subreaper nginx runs under: starts it, reaps it and whatever it
# leaves, passes SIGTERM on, exits when nothing is left.
cat >"$T_DIR/reaper.py" <<'EOF'
import ctypes, os, signal, sys
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)	# PR_SET_CHILD_SUBREAPER
child = os.fork()
if child == 0:
    os.execv(sys.argv[1], sys.argv[1:])
signal.signal(signal.SIGTERM, lambda s, f: os.kill(child, signal.SIGTERM))
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
    except InterruptedError:
        pass
EOF

ngx_dir() { echo "$RAW/nginx-$1"; }
ngx_bin() { echo "$T_DIR/ngx$$$1"; }	# also its process name (<= 15 chars)
ngx_pidfile() { echo "$(ngx_dir "$1")/nginx.pid"; }

# nginx_start HOST: nginx in HOST's namespace, serving "HOST"; waits until
# it answers there.
nginx_start() {
	local h=$1 d b
	d=$(ngx_dir "$h") b=$(ngx_bin "$h")
	if [ ! -d "$d" ]; then
		mkdir -p "$d/www" "$d/tmp"
		echo "$h" >"$d/www/index.html"
		cp "$NGINX" "$b"
		cat >"$d/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events {
	worker_connections 256;
}
http {
	access_log off;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
	server {
		listen 80;
		root $d/www;
	}
}
EOF
		chmod -R a+rX "$d"
		NGX_HOSTS="$NGX_HOSTS $h"
	fi
	rm -f "$d/nginx.pid"
	ip netns exec "$(ns "$h")" python3 "$T_DIR/reaper.py" "$b" -p "$d/" \
	    -c "$d/nginx.conf" -e "$d/error.log" >>"$d/stderr.log" 2>&1 &
	track_pid $!
	poll 5 ngx_answers "$h" || say "nginx on $h does not answer (see $d/error.log)"
}
ngx_answers() {
	[ -s "$(ngx_pidfile "$1")" ] &&
	    ip netns exec "$(ns "$1")" curl -s -m 1 http://127.0.0.1/ | grep -qx "$1"
}
# ngx_master HOST: the master's PID if it is alive and our nginx copy.
ngx_master() {
	local p
	p=$(cat "$(ngx_pidfile "$1")" 2>/dev/null) || return 1
	[ -n "$p" ] && [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$(ngx_bin "$1")" ] && echo "$p"
}
nginx_stop_all() {
	local h p
	for h in $NGX_HOSTS; do
		p=$(ngx_master "$h") || continue
		kill -TERM "$p" 2>/dev/null
		poll 3 gone "$p" || kill -KILL "$p" $(kids "$p") 2>/dev/null
	done
}

# --- daemons --------------------------------------------------------------
# dstart DAEMON HOST CONF LOG [ENV...]: start it in HOST's namespace; DPID
# is the parent (ip netns exec execs the daemon). Pid files
# $T_DIR/HOST.DAEMON{,.vrrp,.check}.pid; vigil's TMPDIR $T_DIR/HOST.tmp.
dstart() {
	local d=$1 h=$2 c=$3 l=$4 pf=$T_DIR/$2.$1
	shift 4
	rm -f "$pf".pid "$pf".vrrp.pid "$pf".check.pid
	case $d in
	vigil)
		mkdir -p "$T_DIR/$h.tmp"
		ip netns exec "$(ns "$h")" env TMPDIR="$T_DIR/$h.tmp" "$@" \
		    "$VIGILD" -n -l -f "$c" -p "$pf.pid" \
		    -r "$pf.vrrp.pid" -c "$pf.check.pid" >>"$l" 2>&1 & ;;
	keepalived)
		ip netns exec "$(ns "$h")" env "$@" "$KEEPALIVED" -n -l -D \
		    -f "$c" -p "$pf.pid" -r "$pf.vrrp.pid" -c "$pf.check.pid" \
		    --vrrp >>"$l" 2>&1 & ;;
	esac
	DPID=$!
	track_pid "$DPID"
}
# dpids DAEMON HOST all|scripts: its processes (all), or the one that runs
# the scripts (vigil's check child, keepalived's VRRP child).
dpids() {
	local pf=$T_DIR/$2.$1
	case $3 in
	all) cat "$pf.pid" "$pf.vrrp.pid" 2>/dev/null
	     [ "$1" = vigil ] && [ -s "$pf.check.pid" ] && cat "$pf.check.pid" ;;
	scripts) [ "$1" = vigil ] && cat "$pf.check.pid" 2>/dev/null || cat "$pf.vrrp.pid" 2>/dev/null ;;
	esac
	return 0
}
# dready DAEMON HOST [check]: its pid files written (vigil starts its
# check child only if there are scripts: say "check" then).
dready() {
	local pf=$T_DIR/$2.$1
	[ -s "$pf.pid" ] && [ -s "$pf.vrrp.pid" ] && { [ "$1.${3:-}" != vigil.check ] || [ -s "$pf.check.pid" ]; }
}
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

# cpu_ns PID...: CPU time used so far, ns: each process's own
# (schedstat of all its threads) plus its reaped children's (cutime +
# cstime, in ticks).
cpu_ns() {
	local p f=""
	[ $# = 0 ] && { echo 0; return; }
	for p in "$@"; do f="$f /proc/$p/stat $(echo /proc/$p/task/*/schedstat)"; done
	awk -v hz="$HZ" 'FILENAME ~ /schedstat$/ { s += $1; next }
	    { sub(/.*\) /, ""); s += ($14 + $15) * 1e9 / hz }
	    END { printf "%.0f\n", s }' $f 2>/dev/null
}
pss_kb() {
	local p s=0
	for p in "$@"; do
		s=$((s + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
	done
	echo "$s"
}
forks() { awk '$1 == "processes" { print $2 }' /proc/stat; }

# vigil_stats HOST FILE LOG: vigil's SIGUSR2 stats into FILE, once its
# parent logged (in LOG) that every child wrote its part.
vigil_stats() {
	local s=$T_DIR/$1.tmp/vigil.stats n
	n=$(grep -c 'wrote .*vigil\.stats' "$3")
	rm -f "$s"
	kill -USR2 "$(cat "$T_DIR/$1.vigil.pid")" 2>/dev/null
	poll 10 stats_written "$3" "$n" || say "no complete stats from vigil on $1"
	cp "$s" "$2" 2>/dev/null
}
stats_written() { [ "$(grep -c 'wrote .*vigil\.stats' "$1")" -gt "$2" ]; }
adv_late_ms() { awk -F'= ' '/Advert timer late max/ { v = $2 + 0; if (v > m) m = v } END { print m + 0 }' "$1" 2>/dev/null; }

# --- the client ---------------------------------------------------------------
# probe.py VIP OUT: a new connection to http://VIP/ every 10 ms (each
# given 1 s); one line per attempt: start end ok BODY | start end err WHY.
cat >"$T_DIR/probe.py" <<'EOF'
import selectors, socket, sys, time
vip, out = sys.argv[1], open(sys.argv[2], "w", buffering=1)
PERIOD, LIFE = 0.01, 1.0
REQ = b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n"
sel = selectors.DefaultSelector()
def done(s, st, what):
    sel.unregister(s); s.close()
    out.write("%.6f %.6f %s\n" % (st[0], time.time(), what))
nxt = time.time()
while True:
    now = time.time()
    if now >= nxt:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        st = [now, b"", 0]
        try:
            s.connect((vip, 80))
        except BlockingIOError:
            pass
        except OSError as e:
            out.write("%.6f %.6f err %s\n" % (now, time.time(), e.errno)); s.close(); s = None
        if s:
            sel.register(s, selectors.EVENT_WRITE, st)
        nxt += PERIOD
        if nxt < now:
            nxt = now + PERIOD
    for key, ev in sel.select(max(0.0, nxt - time.time())):
        s, st = key.fileobj, key.data
        if st[2] == 0:
            e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if e:
                done(s, st, "err %d" % e); continue
            try:
                s.send(REQ)
            except OSError as x:
                done(s, st, "err %s" % x.errno); continue
            st[2] = 1
            sel.modify(s, selectors.EVENT_READ, st)
        else:
            try:
                d = s.recv(4096)
            except OSError as x:
                done(s, st, "err %s" % x.errno); continue
            if d:
                st[1] += d
            else:
                body = st[1].split(b"\r\n\r\n", 1)[-1].strip().decode(errors="replace")
                code = st[1].split(b" ", 2)[1].decode(errors="replace") if st[1].count(b" ") >= 2 else "?"
                done(s, st, "ok %s" % body if code == "200" else "err http%s" % code)
    now = time.time()
    for key in list(sel.get_map().values()):
        if now - key.data[0] > LIFE:
            done(key.fileobj, key.data, "err timeout")
EOF

# advcap.py ADDR OUT: every VRRP packet the client (ADDR) gets,
# "kernel-rx-time source".
cat >"$T_DIR/advcap.py" <<'EOF'
import socket, struct, sys
out = open(sys.argv[2], "w", buffering=1)
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
             socket.inet_aton("224.0.0.18") + socket.inet_aton(sys.argv[1]))
s.setsockopt(socket.SOL_SOCKET, 35, 1)	# SO_TIMESTAMPNS
while True:
    d, anc, fl, a = s.recvmsg(2048, 64)
    t = None
    for lvl, typ, data in anc:
        if lvl == socket.SOL_SOCKET and typ == 35:
            sec, ns = struct.unpack("qq", data[:16]); t = sec + ns / 1e9
    out.write("%.6f %s\n" % (t if t is not None else 0, a[0]))
EOF

client_start() {	# client_start SCRIPT OUT ARGS...
	local s=$1 o=$2; shift 2
	ip netns exec "$(ns c)" python3 "$T_DIR/$s" "$@" "$o" >>"$RAW/client.err" 2>&1 &
	CLIENT_PID=$!
	track_pid "$CLIENT_PID"
}
client_stop() { kill -TERM "$CLIENT_PID" 2>/dev/null; wait "$CLIENT_PID" 2>/dev/null; return 0; }
# first_page FILE T HOST: ms from epoch time T to the first page HOST
# served after T ("nan" if none).
first_page() {
	awk -v t="$2" -v h="$3" '$3 == "ok" && $4 == h && $2 >= t { if (m == "" || $2 < m) m = $2 }
	    END { if (m == "") print "nan"; else printf "%.0f\n", (m - t) * 1000 }' "$1"
}
page_from() { first_page "$1" "$2" "$3" | grep -qv nan; }
# max_gap_ms FILE SRC T0 T1: the longest gap between two packets from SRC
# received between T0 and T1, ms.
max_gap_ms() {
	awk -v s="$2" -v a="$3" -v b="$4" '$2 == s && $1 >= a && $1 <= b { if (p && $1 - p > m) m = $1 - p; p = $1; n++ }
	    END { if (n < 2) print "nan"; else printf "%.1f\n", m * 1000 }' "$1"
}

# vip_after FILE T VIP: ms from epoch time T to the first "inet VIP"
# (not Deleted) line of an `ip -ts monitor address` output after T.
vip_after() {
	python3 - "$1" "$2" "$3" <<'EOF'
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

# --- configurations -------------------------------------------------------------
# script_file NAME BODY: an executable sh script $T_DIR/NAME.
script_file() { printf '#!/bin/sh\n%s\n' "$2" >"$T_DIR/$1"; chmod 755 "$T_DIR/$1"; }

# inst_conf PRIO VERSION ADVINT VRID VIP TRACK_LINES [BLOCKS]: global_defs,
# BLOCKS (keepalived wants a vrrp_script before the instance tracking it),
# one instance.
inst_conf() {
	cat <<EOF
global_defs {
	router_id bench_$$
}
${7:-}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id $4
	priority $1
	version $2
	advert_int $3
	virtual_ipaddress {
		$5
	}
$6
}
EOF
}

# --- 1. failover ------------------------------------------------------------------
# pair: master backup vrid vip per daemon
pair_of() { [ "$1" = vigil ] && echo "h1 h2 51 192.0.2.10" || echo "h3 h4 52 192.0.2.11"; }

failover() {
	local cfg=$1 ver adv d m b vrid vip h n t tag pids=""
	ver=${cfg%%_*}; ver=${ver#v}; adv=${cfg#*_}
	for d in $(daemons); do
		set -- $(pair_of "$d"); m=$1 b=$2 vrid=$3 vip=$4
		for h in $m $b; do
			ip -n "$(ns "$h")" addr del "$vip/32" dev eth0 2>/dev/null
			script_file "chk-$h.sh" "kill -0 \"\$(cat $(ngx_pidfile "$h"))\""
			inst_conf "$([ "$h" = "$m" ] && echo 200 || echo 100)" "$ver" "$adv" \
			    "$vrid" "$vip" "	track_script {
		chk_nginx
	}" "vrrp_script chk_nginx {
	script \"$T_DIR/chk-$h.sh\"
	interval 1
	fall 1
	rise 1
	weight -150
}" >"$RAW/fo-$cfg-$d-$h.conf"
			ngx_master "$h" >/dev/null || nginx_start "$h"
			dstart "$d" "$h" "$RAW/fo-$cfg-$d-$h.conf" "$RAW/fo-$cfg-$d-$h.log"
			pids="$pids $DPID"
		done
	done
	for d in $(daemons); do
		set -- $(pair_of "$d")
		poll 10 only_on "$1" "$4" "$2" || say "$d $cfg: $1 not the only holder of $4 after 10 s"
	done
	# past the backups' first master-down interval (no fast preemption
	# in it) and a few script runs
	sleep "$(awk -v a="$adv" 'BEGIN { print 3 * a + 2 }')"
	for n in $(seq 1 "$REPS"); do
		for d in $(daemons); do	# interleaved, so both see the same load
			set -- $(pair_of "$d"); m=$1 b=$2 vip=$4
			tag=$RAW/fo-$cfg-$d-$n
			if ! only_on "$m" "$vip" "$b"; then
				say "$d $cfg rep $n: $m does not hold $vip alone; skipped"
				record "$d" "fo_${cfg}_error" "$n" 1
				continue
			fi
			ip netns exec "$(ns "$b")" ip -ts monitor address >"$tag.monitor" 2>&1 &
			mon=$!
			track_pid "$mon"
			client_start probe.py "$tag.http" "$vip"
			# Python starts slowly on a busy machine: the client must
			# be getting pages before the kill.
			poll 10 grep -q " ok $m\$" "$tag.http" ||
			    say "$d $cfg rep $n: the client gets no page from $m"
			sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.3 + r / 32768 }')"
			h=$(ngx_master "$m")
			local w; w=$(kids "$h")
			t=$EPOCHREALTIME
			kill -KILL "$h" $w
			echo "$t" >"$tag.killed"
			POLL_INT=0.05 poll 8 page_from "$tag.http" "$t" "$b"
			sleep 0.2
			client_stop
			kill "$mon" 2>/dev/null; wait "$mon" 2>/dev/null
			record "$d" "fo_${cfg}_http" "$n" "$(first_page "$tag.http" "$t" "$b")"
			record "$d" "fo_${cfg}_vip" "$n" "$(vip_after "$tag.monitor" "$t" "$vip")"
			say "$d $cfg rep $n: first page from $b after $(first_page "$tag.http" "$t" "$b") ms"
			nginx_start "$m"
			poll 10 only_on "$m" "$vip" "$b" || say "$d $cfg rep $n: $m did not take $vip back"
			sleep 1
		done
	done
	for h in $pids; do dstop "$h"; done
}

# --- 2. script storm -------------------------------------------------------------
# The storm's script: a static program appending one byte to the file
# named by its argument (fork and exec cost enough on a small VM: no
# shell on top); a sh script if it cannot be built.
storm_prog() {
	cat >"$RAW/storm-run.c" <<'EOF'
#include <fcntl.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int fd;

	if (argc > 1 && (fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644)) >= 0)
		(void)write(fd, ".", 1);
	return 0;
}
EOF
	if cc -static -O2 -o "$T_DIR/storm-run" "$RAW/storm-run.c" 2>>"$RAW/cc.err"; then
		STORM_CMD=$T_DIR/storm-run
	else
		script_file storm-run.sh 'printf . >>"$1"'
		STORM_CMD=$T_DIR/storm-run.sh
		say "no static C program for the storm (see $RAW/cc.err): a sh script instead"
	fi
}

storm_conf() {	# storm_conf DAEMON
	local i
	inst_conf 200 3 0.1 51 192.0.2.10 "$(printf '\ttrack_script {\n'
	    for i in $(seq 1 "$NSCRIPTS"); do printf '\t\tchk_%d\n' "$i"; done
	    printf '\t}')" "$(for i in $(seq 1 "$NSCRIPTS"); do
		printf 'vrrp_script chk_%d {\n\tscript "%s %s"\n\tinterval 1\n\ttimeout 10\n\tweight -1\n}\n' \
		    "$i" "$STORM_CMD" "$RAW/storm-$1.runs"
	    done)"
}

storm() {
	local d=$1 n=$2 tag=$RAW/storm-$1-$2 all sc c0 c1 s0 s1 r0 r1 t0 t1 w p
	storm_conf "$d" >"$RAW/storm-$d.conf"
	ip -n "$(ns h1)" addr del 192.0.2.10/32 dev eth0 2>/dev/null
	client_start advcap.py "$tag.adverts" 192.0.2.100
	dstart "$d" h1 "$RAW/storm-$d.conf" "$tag.log"
	if ! poll 60 has_vip h1 192.0.2.10 || ! poll 5 dready "$d" h1 check; then
		say "$d storm rep $n: no VIP after 60 s; skipped"
		record "$d" storm_error "$n" 1
		dstop "$DPID"; client_stop
		return
	fi
	sleep 5
	all=$(dpids "$d" h1 all | tr '\n' ' ') sc=$(dpids "$d" h1 scripts)
	[ "$d" = vigil ] && vigil_stats h1 "$tag.stats0" "$tag.log"
	r0=$(stat -c %s "$RAW/storm-$d.runs" 2>/dev/null || echo 0)
	for p in $all; do echo "$p $(cpu_ns "$p")"; done >"$tag.cpu0"
	t0=$EPOCHREALTIME
	c0=$(awk '{ s += $2 } END { printf "%.0f\n", s }' "$tag.cpu0") s0=$(awk -v p="$sc" '$1 == p { print $2 }' "$tag.cpu0")
	sleep "$SECS"
	for p in $all; do echo "$p $(cpu_ns "$p")"; done >"$tag.cpu1"
	t1=$EPOCHREALTIME
	c1=$(awk '{ s += $2 } END { printf "%.0f\n", s }' "$tag.cpu1") s1=$(awk -v p="$sc" '$1 == p { print $2 }' "$tag.cpu1")
	r1=$(stat -c %s "$RAW/storm-$d.runs" 2>/dev/null || echo 0)
	w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	record "$d" st_runs "$n" "$(awk -v r="$((r1 - r0))" -v w="$w" 'BEGIN { printf "%.0f", r / w }')"
	record "$d" st_cpu_all "$n" "$(awk -v c="$((c1 - c0))" -v w="$w" 'BEGIN { printf "%.1f", c / 1e9 / w * 100 }')"
	record "$d" st_cpu_run "$n" "$(awk -v c="$((c1 - c0))" -v r="$((r1 - r0))" 'BEGIN { print (r > 0 ? sprintf("%.2f", c / 1e6 / r) : "nan") }')"
	record "$d" st_cpu_scripts "$n" "$(awk -v c="$((s1 - s0))" -v w="$w" 'BEGIN { printf "%.1f", c / 1e9 / w * 100 }')"
	record "$d" st_pss_all "$n" "$(awk -v k="$(pss_kb $all)" 'BEGIN { printf "%.1f", k / 1024 }')"
	record "$d" st_pss_scripts "$n" "$(awk -v k="$(pss_kb $sc)" 'BEGIN { printf "%.1f", k / 1024 }')"
	record "$d" st_adv_gap "$n" "$(max_gap_ms "$tag.adverts" 192.0.2.1 "$t0" "$t1" | awk '{ print ($1 == "nan" ? "nan" : sprintf("%.1f", $1 - 100)) }')"
	if [ "$d" = vigil ]; then
		vigil_stats h1 "$tag.stats" "$tag.log"
		record vigil st_adv_late "$n" "$(adv_late_ms "$tag.stats")"
		awk '/VRRP Script chk_/ { split($0, a, "skipped \\(still running\\) = "); s += a[2] } END { print "skipped runs:", s + 0 }' "$tag.stats" >>"$tag.stats"
	fi
	echo "$d processes: all $all; scripts run by $sc" >"$tag.procs"
	dstop "$DPID"
	client_stop
	say "$d storm rep $n: $(awk -F"\t" -v d="$d" -v n="$n" '$1 == d && $3 == n && $2 ~ /^st_/ { printf "%s=%s ", $2, $4 }' "$RES")"
}

# --- 3. tracking nginx ------------------------------------------------------------
# The shim that opens keepalived's process events socket where the kernel
# answers (see the header).
cnshim() {
	cat >"$RAW/cnshim.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/netlink.h>

int
socket(int domain, int type, int protocol)
{
	static int (*real)(int, int, int);
	const char *path = getenv("CN_NETNS");
	int self, other, fd, e;

	if (real == NULL)
		real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	if (domain != AF_NETLINK || protocol != NETLINK_CONNECTOR || path == NULL)
		return real(domain, type, protocol);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	other = open(path, O_RDONLY | O_CLOEXEC);
	if (self == -1 || other == -1 || setns(other, CLONE_NEWNET) == -1) {
		fd = real(domain, type, protocol);
	} else {
		fd = real(domain, type, protocol);
		e = errno;
		if (setns(self, CLONE_NEWNET) == -1)
			abort();
		errno = e;
	}
	if (self != -1)
		close(self);
	if (other != -1)
		close(other);
	return fd;
}
EOF
	cc -shared -fPIC -O2 -o "$T_DIR/cnshim.so" "$RAW/cnshim.c" -ldl
}

track_conf() {	# track_conf DAEMON HOST MODE
	local h=$2 vrid=51 vip=192.0.2.10 s
	[ "$h" = h3 ] && vrid=52 vip=192.0.2.11
	case $3 in
	track_process)
		inst_conf 200 2 1 "$vrid" "$vip" "	track_process {
		tp_nginx
	}" "$(printf 'vrrp_track_process tp_nginx {\n\tprocess %s\n\tweight -60\n}\n' "$(basename "$(ngx_bin "$h")")")" ;;
	*)
		if [ "$3" = pidfile ]; then
			script_file "chk-$h.sh" "kill -0 \"\$(cat $(ngx_pidfile "$h"))\""
			s="$T_DIR/chk-$h.sh"
		else
			s="$(command -v killall) -0 $(basename "$(ngx_bin "$h")")"
		fi
		inst_conf 200 2 1 "$vrid" "$vip" "	track_script {
		chk_nginx
	}" "$(printf 'vrrp_script chk_nginx {\n\tscript "%s"\n\tinterval 1\n\tweight -60\n}\n' "$s")" ;;
	esac
}

track() {
	local mode=$1 n=$2 d h p c0 c1 f0 f1 t0 t1 w ok=1 pv="" pk="" s
	for d in $(daemons); do
		h=h1; [ "$d" = keepalived ] && h=h3
		ngx_master "$h" >/dev/null || nginx_start "$h"
		track_conf "$d" "$h" "$mode" >"$RAW/tr-$mode-$d.conf"
		ip -n "$(ns "$h")" addr del "$([ $h = h1 ] && echo 192.0.2.10 || echo 192.0.2.11)/32" dev eth0 2>/dev/null
		if [ "$d" = keepalived ] && [ "$mode" = track_process ] && [ -f "$T_DIR/cnshim.so" ]; then
			dstart "$d" "$h" "$RAW/tr-$mode-$d.conf" "$RAW/tr-$mode-$d-$n.log" \
			    LD_PRELOAD="$T_DIR/cnshim.so" CN_NETNS="/proc/$$/ns/net"
		else
			dstart "$d" "$h" "$RAW/tr-$mode-$d.conf" "$RAW/tr-$mode-$d-$n.log"
		fi
		[ "$d" = vigil ] && pv=$DPID || pk=$DPID
	done
	for d in $(daemons); do
		h=h1; [ "$d" = keepalived ] && h=h3
		poll 10 has_vip "$h" "$([ $h = h1 ] && echo 192.0.2.10 || echo 192.0.2.11)" && poll 5 dready "$d" "$h" ||
		    { say "$d $mode rep $n: no VIP after 10 s"; ok=0; }
	done
	if [ "$ok" = 1 ]; then
		sleep 3
		if [ "$mode" = track_process ]; then	# both on process events?
			[ -n "$pk" ] && ! grep -q 'proc_events has confirmed' "$RAW/tr-$mode-keepalived-$n.log" &&
			    say "keepalived $mode rep $n: no process events (see its log)"
			[ -n "$pv" ] && { vigil_stats h1 "$RAW/tr-$mode-vigil-$n.stats0" "$RAW/tr-$mode-vigil-$n.log"
			    grep -q 'Track process source = process events' "$RAW/tr-$mode-vigil-$n.stats0" ||
			    say "vigil $mode rep $n: not on process events"; }
		fi
		local pa="" pb=""
		pa=$([ -n "$pv" ] && dpids vigil h1 all | tr '\n' ' ')
		pb=$([ -n "$pk" ] && dpids keepalived h3 all | tr '\n' ' ')
		local a0 b0 a1 b1
		for p in $pa $pb; do echo "$p $(cat /proc/$p/comm) $(cpu_ns "$p")"; done >"$RAW/tr-$mode-$n.cpu0"
		a0=$(cpu_ns $pa) b0=$(cpu_ns $pb) f0=$(forks) t0=$EPOCHREALTIME
		sleep "$SECS"
		a1=$(cpu_ns $pa) b1=$(cpu_ns $pb) f1=$(forks) t1=$EPOCHREALTIME
		w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
		[ -n "$pv" ] && record vigil "tr_$mode" "$n" "$(awk -v c="$((a1 - a0))" -v w="$w" 'BEGIN { printf "%.3f", c / 1e6 / w }')"
		[ -n "$pk" ] && record keepalived "tr_$mode" "$n" "$(awk -v c="$((b1 - b0))" -v w="$w" 'BEGIN { printf "%.3f", c / 1e6 / w }')"
		record host "tr_forks" "$n" "$(awk -v f="$((f1 - f0))" -v w="$w" 'BEGIN { printf "%.0f", f / w }')"
		if [ "$mode" = track_process ] && [ -n "$pv" ]; then
			vigil_stats h1 "$RAW/tr-$mode-vigil-$n.stats" "$RAW/tr-$mode-vigil-$n.log"
			record host tr_events "$n" "$(awk -v w="$w" '/Process events =/ { v[FILENAME] = $4 }
			    END { for (f in v) if (f ~ /stats0$/) a = v[f]; else b = v[f]; printf "%.0f", (b - a) / w }' \
			    "$RAW/tr-$mode-vigil-$n.stats0" "$RAW/tr-$mode-vigil-$n.stats")"
		fi
		for p in $pa $pb; do echo "$p $(cat /proc/$p/comm) $(cpu_ns "$p")"; done >"$RAW/tr-$mode-$n.cpu1"
		say "$mode rep $n: CPU ms/s vigil $(awk -v c="$((a1 - a0))" -v w="$w" 'BEGIN { printf "%.3f", c / 1e6 / w }')," \
		    "keepalived $(awk -v c="$((b1 - b0))" -v w="$w" 'BEGIN { printf "%.3f", c / 1e6 / w }'); host $(awk -v f="$((f1 - f0))" -v w="$w" 'BEGIN { printf "%.0f", f / w }') forks/s"
	fi
	dstop "$pv"; dstop "$pk"
}

# --- run --------------------------------------------------------------------------
lan
say "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs; reps $REPS, cpu reps $CPU_REPS, window $SECS s; raw data will be in $FINAL"
[ -n "$VIGIL_NA" ] && say "vigil: $VIGIL_NA"
[ -n "$KA_NA" ] && say "keepalived: $KA_NA"

for part in $PARTS; do
	case $part in
	failover)
		for cfg in $CONFIGS; do
			say "failover $cfg: $(daemons | tr '\n' ' ')pairs, $REPS reps"
			failover "$cfg"
		done ;;
	storm)
		storm_prog
		for n in $(seq 1 "$CPU_REPS"); do
			for d in $(daemons); do
				say "$d storm rep $n: $NSCRIPTS scripts, ${SECS} s"
				storm "$d" "$n"
			done
		done ;;
	track)
		cnshim || say "cannot build the connector shim: keepalived's track_process will hear nothing"
		for n in $(seq 1 "$CPU_REPS"); do
			for mode in track_process pidfile killall; do
				say "track $mode rep $n: ${SECS} s"
				track "$mode" "$n"
			done
		done ;;
	esac
done

# --- the table ------------------------------------------------------------------------
echo
echo "Script benchmark: vigil ($(git -C "$T_ROOT" describe --always --dirty 2>/dev/null)) vs $("$KEEPALIVED" -v 2>&1 | head -n 1), nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"
echo "failover reps $REPS (median / max (n)); CPU/PSS reps $CPU_REPS over $SECS s (median [min-max] (n)); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -F'\t' -v vna="$VIGIL_NA" -v kna="$KA_NA" -v cfglist="$CONFIGS" -v parts="$PARTS" -v ns="$NSCRIPTS" '
	function sorted(k, a,   n, i, j, t) {
		n = split(vals[k], a, " ")
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return n
	}
	function mid(a, n) { return n % 2 ? a[(n + 1) / 2] : fmt((a[n / 2] + a[n / 2 + 1]) / 2, a[1]) }
	function fmt(v, like,   d) {	# v with as many decimals as like
		d = index(like, ".") ? length(like) - index(like, ".") : 0
		return sprintf("%." d "f", v)
	}
	function med(k,   a, n) { n = sorted(k, a); return n ? mid(a, n) : "" }
	function cell(d, k, style,   a, n, c) {
		if (d == "vigil" && vna != "") return vna
		if (d == "keepalived" && kna != "") return kna
		if (!(d SUBSEP k in vals)) return (d SUBSEP k in bad) ? "fail x" bad[d, k] : "-"
		n = sorted(d SUBSEP k, a)
		if (style == "t") c = mid(a, n) " / " a[n] " (" n ")"
		else if (n == 1) c = a[1] " (1)"
		else c = mid(a, n) " [" a[1] "-" a[n] "] (" n ")"
		if (bad[d, k]) c = c " " bad[d, k] " fail"
		return c
	}
	function ratio(k,   v, w) {
		if (!("vigil" SUBSEP k in vals) || !("keepalived" SUBSEP k in vals)) return "-"
		v = med("vigil" SUBSEP k); w = med("keepalived" SUBSEP k)
		return w + 0 > 0 ? sprintf("%.2f", v / w) : "-"
	}
	function row(label, k, goal, style) {
		if (!("vigil" SUBSEP k in vals) && !("keepalived" SUBSEP k in vals) && !("vigil" SUBSEP k in bad) && !("keepalived" SUBSEP k in bad)) return
		printf "%-50s %-24s %-24s %-6s %s\n", label, cell("vigil", k, style), cell("keepalived", k, style), goal, ratio(k)
	}
	{
		if ($2 ~ /_error$/) { errs[$1 " " $2]++; next }
		if ($4 == "nan") { bad[$1, $2]++; next }
		vals[$1, $2] = ($1 SUBSEP $2 in vals) ? vals[$1, $2] " " $4 : $4
	}
	END {
		printf "%-50s %-24s %-24s %-6s %s\n", "scenario", "vigil", "keepalived", "goal", "vigil/ka"
		nc = split(cfglist, cfgs, " ")
		for (c = 1; c <= nc; c++) {
			cfg = cfgs[c]; split(cfg, p, "_"); adv = p[2] + 0
			skew = (256 - 100) / 256 * (p[1] == "v2" ? 1 : adv) * 1000
			nm = p[1] " adv " p[2]
			row("kill nginx, " nm ": page from backup ms", "fo_" cfg "_http", sprintf("%.0f", 1000 + skew + 100), "t")
			row("kill nginx, " nm ": VIP on backup ms", "fo_" cfg "_vip", "-", "t")
		}
		row(ns " scripts/1 s: runs per second", "st_runs", ns, "r")
		row(ns " scripts: CPU % of a core, all + scripts", "st_cpu_all", "-", "r")
		row(ns " scripts: CPU %, process running scripts", "st_cpu_scripts", "-", "r")
		row(ns " scripts: CPU ms per run, all + script", "st_cpu_run", "-", "r")
		row(ns " scripts: PSS MiB, all processes", "st_pss_all", "-", "r")
		row(ns " scripts: PSS MiB, process running scripts", "st_pss_scripts", "-", "r")
		row(ns " scripts: v3 0.1 advert gap - 100 ms, max", "st_adv_gap", "-", "r")
		row(ns " scripts: advert timer late max ms (stats)", "st_adv_late", "-", "r")
		row("track nginx: track_process, CPU ms/s", "tr_track_process", "-", "r")
		row("track nginx: kill -0 $(cat pid) 1/s, CPU ms/s", "tr_pidfile", "-", "r")
		row("track nginx: killall -0 1/s, CPU ms/s", "tr_killall", "-", "r")
		if ("host" SUBSEP "tr_forks" in vals)
			printf "%-50s %s\n", "track nginx: host forks/s meanwhile", cell("host", "tr_forks", "r")
		if ("host" SUBSEP "tr_events" in vals)
			printf "%-50s %s\n", "track nginx: process events/s (vigil counted)", cell("host", "tr_events", "r")
		for (e in errs) printf "note: %s: %d repetition(s) skipped (see the log above)\n", e, errs[e]
	}' "$RES" | tee "$OUT/table.txt"
echo "goal: script interval x fall + skew + 100 ms, skew = (256 - 100) / 256 x advert_int (v3), x 1 s (v2)"
echo "CPU: every daemon process (schedstat) plus the children it reaped (cutime + cstime): scripts included"
echo "raw data: $FINAL/ (results.tsv, raw/); took $(elapsed) s"
exit 0
