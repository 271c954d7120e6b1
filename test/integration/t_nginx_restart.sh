#!/bin/sh
# The tutorials' "restart nginx, else stop keepalived" check, end to end:
# vigil in h1 (110, MASTER) and h2 (100) runs check_nginx.sh every 2 s
# (timeout 4 s: the script waits a second for nginx to come up);
# when the node's nginx is down, the script starts it, and if it does not
# come up, stops the daemon (the tutorials' `systemctl stop keepalived`;
# here a kill of the PID in vigild's pid file). A client fetches
# http://192.0.2.10/ in a loop.
#  - nginx stopped, the script starts it again: the VIP stays on h1, h2
#    never becomes master, h1's pages come back from the new nginx,
#    which the runner leaves alone at its later runs.
#  - nginx stopped with a broken configuration: the script cannot start
#    it and stops vigild on h1, which leaves gracefully (priority 0
#    advert): h2 takes the VIP after its skew time, not a master-down
#    interval; the client gets h2's pages. Times measured and logged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_nginx.sh"
need_root

# check_script HOST: the tutorial's /etc/keepalived/check_nginx.sh for
# HOST. Both nodes' nginx run on this one host (only the network
# namespace differs), so `killall -0 nginx` would see the other node's:
# "up" here is this node's nginx, through its pid file.
check_script() {
	cat >"$T_DIR/check_nginx_$1.sh" <<EOF
#!/bin/sh
up() {
	pid=\$(cat $T_DIR/$1/nginx.pid 2>/dev/null) && [ -n "\$pid" ] &&
	    [ "\$(cat /proc/\$pid/comm 2>/dev/null)" = nginx ] &&
	    ! grep -q '^State:[[:space:]]*Z' /proc/\$pid/status 2>/dev/null
}
up && exit 0
echo "nginx down: starting it"
$(nginx_cmd "$1")
sleep 1
up && exit 0
echo "nginx does not start: stopping vigild"
kill \$(cat $T_DIR/$1.pid)
exit 1
EOF
	chmod 755 "$T_DIR/check_nginx_$1.sh"
}

# conf HOST STATE PRIORITY
conf() {
	cat >"$T_DIR/$1.conf" <<EOF
global_defs {
	router_id $1
}

vrrp_script chk_nginx {
	script "$T_DIR/check_nginx_$1.sh"
	interval 2
	timeout 4
	weight -20
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
	track_script {
		chk_nginx
	}
}
EOF
}

# At exit, stop vigild before nginx (nginx_cleanup): the check script of
# a vigild still running would start its nginx again.
stop_vigils() {
	for p in ${H1:-} ${H2:-}; do
		is_ours "$p" && stop_pid "$p" 3
	done
	return 0
}
t_at_exit stop_vigils

vrrp_lan
for h in h1 h2; do
	nginx_node "$h" "192.0.2.${h#h}"
	nginx_start "$h"
	check_script "$h"
done
conf h1 MASTER 110
conf h2 BACKUP 100
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
vigil_start h2 "$T_DIR/h2.conf"
H2=$VIGIL_PID
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 || fail "h2 not BACKUP"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk_nginx succeeded' 5 ||
    fail "h1: check_nginx.sh did not succeed"
fetch_start
fetch_wait h1 3 || fail "the client gets no page from h1"

# --- nginx stopped, the script restarts it -------------------------------
old=$(nginx_pid h1)
m=$(fetch_mark)
t0=$(now)
nginx_stop h1
wait_for 5 sh -c "p=\$(cat '$T_DIR/h1/nginx.pid' 2>/dev/null) &&
    [ -n \"\$p\" ] && [ \"\$p\" != $old ]" ||
    fail "check_nginx.sh did not start nginx again"
new=$(nginx_pid h1) || fail "the new nginx master is not running"
took=$(since "$t0")
fetch_wait h1 3 || fail "the client gets no page from h1's new nginx"
log "nginx stopped on h1: check_nginx.sh started it again after $took s (interval 2)"
# Two more runs of the script: they find nginx up and leave it alone.
sleep 4.5
running "$new" || fail "the restarted nginx ($new) is gone after more runs of the script"
[ "$(nginx_pid h1)" = "$new" ] || fail "nginx was started once more"
[ -n "$(kids "$new")" ] || fail "the restarted nginx has no workers"
[ "$(page_of h1)" = h1 ] || fail "h1's restarted nginx does not answer"
only_on h1 || fail "nginx restarted: the VIP left h1: $(holder)"
grep -q 'Entering MASTER STATE' "$T_DIR/h2.log" &&
    fail "nginx restarted: h2 became master"
grep -q 'tracked script chk_nginx failed' "$T_DIR/h1.log" &&
    fail "nginx restarted: chk_nginx failed on h1"
[ "$(fetch_count "$m" 'ok h2')" = 0 ] ||
    fail "nginx restarted: the client got pages from h2: $(fetch_summary "$m")"
log "nginx restarted: VIP stayed on h1, client: $(fetch_summary "$m")(longest gap $(fetch_gap_ms "$m") ms)"

# --- nginx cannot start: the script stops vigild -------------------------
cp "$T_DIR/h1/nginx.conf" "$T_DIR/h1/nginx.conf.good"
echo 'this is not an nginx configuration;' >"$T_DIR/h1/nginx.conf"
ns_exec h1 $(nginx_cmd h1) -t >"$T_DIR/nginx-t.out" 2>&1 &&
    fail "nginx -t accepts the broken configuration"
m=$(fetch_mark)
t0=$(now)
nginx_stop h1
m2=$(fetch_mark)
wait_holder h2 8 || fail "nginx cannot start: h2 did not take the VIP: $(holder)"
took=$(since "$t0")
wait_for 5 eval "! running $H1" ||
    fail "check_nginx.sh did not stop vigild on h1"
wait_log "$T_DIR/h1.log" 'core: stopped' 1 || fail "vigild on h1 did not stop cleanly"
for p in $(cat "$T_DIR/h1.vrrp.pid" "$T_DIR/h1.check.pid" 2>/dev/null); do
	running "$p" && is_ours "$p" && fail "vigild's child $p still running"
done
has_vip h1 && fail "h1 kept the VIP after vigild stopped"
running "$(cat "$T_DIR/h1/nginx.pid" 2>/dev/null || echo 0)" &&
    fail "nginx runs with the broken configuration"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 2 || fail "h2: no MASTER line"
fetch_wait h2 5 || fail "nginx cannot start: the client gets no page from h2"
first=$(fetch_first h2 "$t0")
# From h1's "stopping" to h2's MASTER, in the logs (HH:MM:SS.mmm).
stop=$(grep -m1 'core: stopping on' "$T_DIR/h1.log" | cut -d' ' -f1)
master=$(grep '(VI_1) Entering MASTER STATE' "$T_DIR/h2.log" | tail -n 1 | cut -d' ' -f1)
logged=$(awk -v a="$stop" -v b="$master" 'BEGIN { split(a, x, ":"); split(b, y, ":")
    d = (y[1] - x[1]) * 3600 + (y[2] - x[2]) * 60 + y[3] - x[3]
    if (d < 0) d += 86400; printf "%.3f\n", d }')
sleep 1
fetch_stop
gap=$(fetch_gap_ms "$m")
log "nginx cannot start: vigild on h1 stopped by check_nginx.sh; VIP on h2 after $took s, first page from h2 after $first s; h1 stopping -> h2 MASTER $logged s in the logs (skew time 0.61 s, master-down interval 3.61 s); longest gap $gap ms"
# A graceful stop: h2 goes on h1's priority 0 advert after its skew time,
# not after the master-down interval (3.61 s) of a silent death.
awk -v l="$logged" 'BEGIN { exit !(l < 2.5) }' ||
    fail "h1 stopping -> h2 MASTER took $logged s: not a graceful handover"
# A page from h1 once its nginx is stopped: one in flight at most.
[ "$(fetch_count "$m2" 'ok h1')" -le 1 ] ||
    fail "pages from h1 after its nginx stopped: $(fetch_summary "$m2")"
[ "$(fetch_count "$m" 'ok h2')" -ge 3 ] ||
    fail "the client got few pages from h2: $(fetch_summary "$m")"
pass
