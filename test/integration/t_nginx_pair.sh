#!/bin/sh
# The nginx pair as the tutorials write it, end to end: Debian's nginx in
# h1 and h2 (each page names its node), vigil on both with the tutorial's
# keepalived.conf (VRRPv2, advert_int 1, PASS authentication, vrrp_script
# chk_nginx: interval 1, fall 2, rise 2, weight -20 with priorities 110
# and 100), a client fetching http://192.0.2.10/ in a loop.
#  - preempt (h1 state MASTER): nginx stopped on h1, the VIP goes to h2
#    and the client keeps getting pages, from h2; nginx back, h1 takes
#    the VIP back. Failover time and the client's longest gap between two
#    pages are measured and logged.
#  - nopreempt (state BACKUP on both): `vigild -t` on the two files warns
#    that weight -20 cannot move the VIP past a nopreempt peer and advises
#    weight 0; with weight 0 (the tutorials' other form), nginx stopped on
#    h1 puts it in FAULT, h2 takes the VIP, and it stays on h2 once h1's
#    nginx is back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
. "$(dirname "$0")/lib_nginx.sh"
need_root

# The tutorials' check is `killall -0 nginx`. Both nodes' nginx run on
# this one host (only the network namespace differs), so killall would
# see h2's nginx from h1: this script checks its node's nginx through the
# pid file given as its argument (an nginx master, not a zombie).
nginx_check_script

# conf HOST STATE PRIORITY WEIGHT [INSTANCE LINES]
conf() {
	cat >"$T_DIR/$1.conf" <<EOF
global_defs {
	router_id $1
}

vrrp_script chk_nginx {
	script "$T_DIR/chk_nginx.sh $T_DIR/$1/nginx.pid"
	interval 1
	weight $4
	fall 2
	rise 2
}

vrrp_instance VI_1 {
	state $2
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	${5:-}
	authentication {
		auth_type PASS
		auth_pass n6inx
	}
	virtual_ipaddress {
		$VIP4/24
	}
	track_script {
		chk_nginx
	}
}
EOF
}

# start_pair: vigild on h1, once it is master on h2; returns once h2 is
# past its first master-down interval (3.6 s), in which a backup does not
# preempt fast (vigil.conf(5)): the pair has been up for a while.
start_pair() {
	vigil_start h1 "$T_DIR/h1.conf"
	H1=$VIGIL_PID
	wait_holder h1 8 || fail "h1 does not hold the VIP: $(holder)"
	vigil_start h2 "$T_DIR/h2.conf"
	H2=$VIGIL_PID
	h2_t0=$(now)
	wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 ||
	    fail "h2 not BACKUP"
	wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk_nginx succeeded' 3 ||
	    fail "h1: chk_nginx did not succeed"
	sleep "$(awk -v s="$(since "$h2_t0")" 'BEGIN { s = 3.8 - s; print (s > 0 ? s : 0) }')"
}

# failover WHAT: stop h1's nginx; the VIP and the pages go to h2.
failover() {
	m=$(fetch_mark)
	t0=$(now)
	nginx_stop h1
	wait_holder h2 8 || fail "$1: nginx stopped on h1, h2 did not take the VIP: $(holder)"
	took=$(since "$t0")
	fetch_wait h2 5 || fail "$1: the client gets no page from h2"
	first=$(fetch_first h2 "$t0")
	log "$1: nginx stopped on h1 -> VIP on h2 after $took s, first page from h2 after $first s"
}

vrrp_lan
nginx_node h1 192.0.2.1
nginx_node h2 192.0.2.2
nginx_start h1
nginx_start h2
[ "$(page_of h1)" = h1 ] && [ "$(page_of h2)" = h2 ] ||
    fail "the nodes' pages: '$(page_of h1)' '$(page_of h2)'"

# --- preempt ------------------------------------------------------------
conf h1 MASTER 110 -20
conf h2 BACKUP 100 -20
"$VIGILD" -t -f "$T_DIR/h1.conf" -f "$T_DIR/h2.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t refuses the pair: $(cat "$T_DIR/t.out")"
grep -q warning "$T_DIR/t.out" && fail "vigild -t warns: $(cat "$T_DIR/t.out")"
start_pair
fetch_start
fetch_wait h1 3 || fail "the client gets no page from h1"

failover preempt
wait_log "$T_DIR/h1.log" '\(VI_1\) chk_nginx failed: priority 110-20=90' 2 ||
    fail "h1: no priority line for chk_nginx's failure"
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE' 2 || fail "h1 not BACKUP"
sleep 1
m=$(fetch_mark)
sleep 2
[ "$(fetch_count "$m" 'ok h2')" -ge 3 ] && [ "$(fetch_count "$m" 'ok h1')" = 0 ] &&
    [ "$(fetch_count "$m" fail)" = 0 ] ||
    fail "preempt: after the failover the client does not get every page from h2: $(fetch_summary "$m")"

t0=$(now)
nginx_start h1
wait_holder h1 8 || fail "preempt: nginx back on h1, h1 did not take the VIP back: $(holder)"
took=$(since "$t0")
fetch_wait h1 5 || fail "preempt: the client gets no page from h1 again"
log "preempt: nginx started on h1 -> VIP back on h1 after $took s (rise 2), first page from h1 after $(fetch_first h1 "$t0") s"
sleep 0.5
fetch_stop
gap=$(fetch_gap_ms)
log "preempt: the client's longest gap between two pages: $gap ms ($(grep -c ' ok ' "$T_DIR/fetch.out") pages, $(grep -c ' fail' "$T_DIR/fetch.out") failed tries)"
# Two failures at interval 1 (1 to 2 s), h1's advert at once, h2's skew
# time (0.60 s): 1.6 to 2.6 s.
[ "$gap" -lt 6000 ] || fail "preempt: the client went $gap ms without a page"

# --- nopreempt ------------------------------------------------------------
vigil_stop h2 "$H2"
vigil_stop h1 "$H1"
conf h1 BACKUP 110 -20 nopreempt
conf h2 BACKUP 100 -20 nopreempt
"$VIGILD" -t -f "$T_DIR/h1.conf" -f "$T_DIR/h2.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t refuses the nopreempt pair: $(cat "$T_DIR/t.out")"
grep -q "chk_nginx failing lowers priority 110 by 20, but .*h2.conf:.* (VI_1) has nopreempt: .* the VIP will not move; use weight 0" \
    "$T_DIR/t.out" || fail "vigild -t: no nopreempt warning: $(cat "$T_DIR/t.out")"
conf h1 BACKUP 110 0 nopreempt
conf h2 BACKUP 100 0 nopreempt
"$VIGILD" -t -f "$T_DIR/h1.conf" -f "$T_DIR/h2.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t refuses the nopreempt pair: $(cat "$T_DIR/t.out")"
grep -q warning "$T_DIR/t.out" && fail "vigild -t warns about weight 0: $(cat "$T_DIR/t.out")"
mv "$T_DIR/h1.log" "$T_DIR/h1.preempt.log"
mv "$T_DIR/h2.log" "$T_DIR/h2.preempt.log"
start_pair
fetch_start
fetch_wait h1 3 || fail "nopreempt: the client gets no page from h1"

failover nopreempt
wait_log "$T_DIR/h1.log" '\(VI_1\) Entering FAULT STATE' 2 || fail "nopreempt: h1 not in FAULT"

ok=$(count_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk_nginx succeeded')
bk=$(count_log "$T_DIR/h1.log" '\(VI_1\) Entering BACKUP STATE')
t0=$(now)
nginx_start h1
wait_for 5 sh -c "[ \$(grep -Ec '\(VI_1\) tracked script chk_nginx succeeded' \
    '$T_DIR/h1.log') -gt $ok ]" ||
    fail "nopreempt: h1's chk_nginx does not succeed again"
wait_for 2 sh -c "[ \$(grep -Ec '\(VI_1\) Entering BACKUP STATE' \
    '$T_DIR/h1.log') -gt $bk ]" ||
    fail "nopreempt: h1 did not leave FAULT for BACKUP"
back=$(since "$t0")
m=$(fetch_mark)
# h1 (110) would have preempted h2 (100) within an advert and its skew
# time (1.6 s); wait out a whole master-down interval and more.
sleep 4.5
only_on h2 || fail "nopreempt: the VIP left h2 after h1's nginx came back: $(holder)"
[ "$(count_log "$T_DIR/h1.log" '\(VI_1\) Entering MASTER STATE')" = 1 ] ||
    fail "nopreempt: h1 became MASTER again"
[ "$(fetch_count "$m" 'ok h2')" -ge 5 ] && [ "$(fetch_count "$m" 'ok h1')" = 0 ] &&
    [ "$(fetch_count "$m" fail)" = 0 ] ||
    fail "nopreempt: the client does not get every page from h2: $(fetch_summary "$m")"
[ "$(page_of h1)" = h1 ] || fail "nopreempt: h1's nginx does not answer"
log "nopreempt: nginx started on h1 -> h1 BACKUP after $back s (rise 2), the VIP stayed on h2 4.5 s more"
fetch_stop
gap=$(fetch_gap_ms)
log "nopreempt: the client's longest gap between two pages: $gap ms"
[ "$gap" -lt 6000 ] || fail "nopreempt: the client went $gap ms without a page"
pass
