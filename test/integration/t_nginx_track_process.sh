#!/bin/sh
# vrrp_track_process nginx, end to end: h1 (110, MASTER) tracks its nginx
# with weight -20 through the kernel's process events; h2 (100) checks
# its own with a vrrp_script run every second (the tutorials' killall -0,
# through its pid file). A client fetches http://192.0.2.10/ in a loop.
#  - nginx runs before vigild starts: the start-up scan counts its master
#    and workers; h1 is master.
#  - a quiet period: h1's vigild (its parent and vrrp child: with nothing
#    else to check it starts no check child) starts no process at all,
#    counted from the process events by parent, where h2's check child
#    starts one a second; h1's SIGUSR2 stats: one /proc scan for the
#    configuration, process events counted.
#  - nginx stopped: the VIP moves to h2 at once (no script interval, no
#    fall count: h1's exit events, its advert, h2's skew time), measured.
#  - nginx started again: counted from its exec and forks, the VIP back.
#
# The tutorials write `process nginx`, the name (comm) of nginx's master
# and workers, which nginx never changes. The nodes here share the host's
# processes (only the network namespace differs), so h1's nginx runs as
# $T_DIR/nginx_PID, a symbolic link to Debian's /usr/sbin/nginx: its
# processes are named nginx_PID, h1's alone. The command line would not
# do: nginx rewrites it ("nginx: master process ...") without any process
# event, so the start-up scan and the events would see different ones.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_nginx.sh"
need_root

NAME=nginx_$$

nginx_check_script

# conf HOST STATE PRIORITY TRACK_LINES BLOCK
conf() {
	cat >"$T_DIR/$1.conf" <<EOF
global_defs {
	router_id $1
}

vrrp_instance VI_1 {
	state $2
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	virtual_ipaddress {
		$VIP4/24
	}
	$4
}

$5
EOF
}

# nginx_procs: h1's nginx processes (its master and workers) running.
nginx_procs() {
	p=$(nginx_pid h1) || { echo 0; return; }
	n=1
	for w in $(kids "$p"); do
		running "$w" && n=$((n + 1))
	done
	echo "$n"
}

# counted: how many processes h1's vigild counts for track_process nginx
# (its last line about it).
counted() {
	grep -E 'track_process nginx: (quorum (up|down) \(|)[0-9]+ process' \
	    "$T_DIR/h1.log" | tail -n 1 | sed -E 's/.*nginx: (quorum [a-z]+ \()?([0-9]+) .*/\2/'
}

stats() {
	STATS=$(vigil_dump h1 stats)
	rm -f "$STATS"
	kill -USR2 "$H1"
	wait_for 5 grep -q "Process scans" "$STATS" || fail "no vrrp stats from h1"
}

vrrp_lan
nginx_node h1 192.0.2.1 "$NAME"
nginx_node h2 192.0.2.2
conf h1 MASTER 110 "track_process {
		nginx
	}" "vrrp_track_process nginx {
	process $NAME
	weight -20
}"
conf h2 BACKUP 100 "track_script {
		chk_nginx
	}" "vrrp_script chk_nginx {
	script \"$T_DIR/chk_nginx.sh $T_DIR/h2/nginx.pid\"
	interval 1
	weight -20
}"
nginx_start h1
nginx_start h2
[ "$(cat "/proc/$(nginx_pid h1)/comm")" = "$NAME" ] ||
    fail "h1's nginx is named $(cat "/proc/$(nginx_pid h1)/comm")"
[ "$(cat "/proc/$(nginx_pid h2)/comm")" = nginx ] || fail "h2's nginx is not named nginx"

vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
wait_log "$T_DIR/h1.log" 'configuration 1 running' 5 || fail "h1 not ready"
grep -q 'track_process: listening to process events' "$T_DIR/h1.log" ||
    fail "h1 does not listen to process events: $(grep track_process "$T_DIR/h1.log")"
wait_log "$T_DIR/h1.log" 'track_process nginx: quorum up' 2 ||
    fail "the start-up scan did not find h1's nginx: $(grep track_process "$T_DIR/h1.log")"
n=$(nginx_procs)
[ "$(counted)" = "$n" ] ||
    fail "start-up scan: vigild counts $(counted) processes, h1's nginx has $n"
log "start-up scan: $n processes (master and workers) of h1's nginx, none of h2's"
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
h2_t0=$(now)
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2 not BACKUP"
wait_log "$T_DIR/h2.log" '\(VI_1\) tracked script chk_nginx succeeded' 5 ||
    fail "h2: chk_nginx did not succeed"
fetch_start
fetch_wait h1 3 || fail "the client gets no page from h1"

# --- no fork: what each vigild starts in 3 s, from the process events -----
QUIET=3
# Nothing for a check child to do on h1: vigild starts none (vigild(8)).
grep -q 'started check child' "$T_DIR/h1.log" && fail "h1 started a check child"
[ -z "$(vigil_pid h1 check)" ] || fail "h1 has a check child"
pids="$H1 $(vigil_pid h1 vrrp) $H2 $(vigil_pid h2 vrrp) $(vigil_pid h2 check)"
python3 "$(dirname "$0")/proc_forks.py" "$QUIET" $pids >"$T_DIR/forks.out" 2>&1 &
FP=$!
track_pid "$FP"
wait_for 10 grep -q ready "$T_DIR/forks.out" || fail "proc_forks.py: $(cat "$T_DIR/forks.out")"
wait "$FP"
forks() { awk -v p="$1" '$1 == p { print $2 }' "$T_DIR/forks.out"; }
h1_forks=$(( $(forks "$H1") + $(forks "$(vigil_pid h1 vrrp)") ))
h2_check=$(forks "$(vigil_pid h2 check)")
log "in ${QUIET} s: h1's vigild (track_process) started $h1_forks processes, h2's check child (vrrp_script, interval 1) $h2_check"
[ -n "$h2_check" ] && [ "$h2_check" -ge 2 ] ||
    fail "h2's check child started ${h2_check:-?} scripts in ${QUIET} s: the count misses forks ($(cat "$T_DIR/forks.out"))"
[ "$h1_forks" = 0 ] || fail "h1's vigild started $h1_forks processes while tracking nginx ($(cat "$T_DIR/forks.out"))"
stats
grep -q 'Track process source = process events connector' "$STATS" ||
    fail "h1 not on process events: $(grep -i process "$STATS")"
scans=$(awk '/Process scans/ { print $4 }' "$STATS")
[ "$scans" = 1 ] || fail "h1 scanned /proc $scans times for one configuration"
log "h1's stats: $(grep -E 'Process (events|scans)' "$STATS" | tr -s ' \n' ' ')"

# h2 past its first master-down interval (no fast preemption in it).
sleep "$(awk -v s="$(since "$h2_t0")" 'BEGIN { s = 3.8 - s; print (s > 0 ? s : 0) }')"

# --- nginx stopped: the VIP to h2 at once ---------------------------------
m=$(fetch_mark)
t0=$(now)
nginx_stop h1
wait_holder h2 5 || fail "nginx stopped: h2 did not take the VIP: $(holder)"
took=$(since "$t0")
wait_log "$T_DIR/h1.log" 'track_process nginx: quorum down \(0 processes\)' 1 ||
    fail "h1: no quorum down line"
wait_log "$T_DIR/h1.log" '\(VI_1\) .*priority 110-20=90' 1 ||
    fail "h1: no priority line for track_process nginx: $(grep 'priority 110' "$T_DIR/h1.log")"
fetch_wait h2 5 || fail "nginx stopped: the client gets no page from h2"
down=$(grep 'track_process nginx: quorum down' "$T_DIR/h1.log" | tail -n 1 | cut -d' ' -f1)
master=$(grep '(VI_1) Entering MASTER STATE' "$T_DIR/h2.log" | tail -n 1 | cut -d' ' -f1)
logged=$(awk -v a="$down" -v b="$master" 'BEGIN { split(a, x, ":"); split(b, y, ":")
    d = (y[1] - x[1]) * 3600 + (y[2] - x[2]) * 60 + y[3] - x[3]
    if (d < 0) d += 86400; printf "%.3f\n", d }')
log "nginx stopped on h1: VIP on h2 after $took s, first page from h2 after $(fetch_first h2 "$t0") s; h1's quorum down -> h2 MASTER $logged s in the logs (h2's skew time 0.61 s)"
# The exit events are at once; then h1's advert and h2's skew time.
awk -v l="$logged" 'BEGIN { exit !(l < 1.5) }' ||
    fail "h1's quorum down -> h2 MASTER took $logged s"

# --- nginx started again: counted from its events, the VIP back ---------
t0=$(now)
nginx_start h1
wait_holder h1 5 || fail "nginx started: h1 did not take the VIP back: $(holder)"
took=$(since "$t0")
fetch_wait h1 5 || fail "nginx started: the client gets no page from h1"
sleep 0.5
n=$(nginx_procs)
[ "$(counted)" = "$n" ] ||
    fail "after a restart vigild counts $(counted) processes, h1's nginx has $n"
log "nginx started on h1: VIP back after $took s; $n processes counted from the events, as the scan did"
fetch_stop
log "client: $(fetch_summary 0)(longest gap $(fetch_gap_ms) ms)"
stats
[ "$(awk '/Process scans/ { print $4 }' "$STATS")" = 1 ] ||
    fail "h1 scanned /proc again"
pass
