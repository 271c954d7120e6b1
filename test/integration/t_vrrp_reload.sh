#!/bin/sh
# test: exclusive
# Reload (SIGHUP) merges: an unchanged instance keeps its state and VIP
# without a flap (the client keeps reaching it), a new instance starts,
# a removed one goes down cleanly (priority 0: the backup takes over at
# once), one added again starts, a priority change is taken in place.
# vrrp_strict warns about accept. t_vrrp_reload_hitless.sh: reloads that
# change VIPs, intervals and instances under a 10 ms ping.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

VI2='
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority 200
	version 3
	advert_int 0.1
	virtual_ipaddress {
		192.0.2.11
	}
}'
vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
L=$T_DIR/h1.log
vigil_start h2 "$T_DIR/h2.conf" -D
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
V=$(vigil_pid h1 vrrp)

# Add VI_2: VI_1 untouched.
client_ping_start
sleep 0.3
vrrp_conf "$T_DIR/h1.conf" 200 && echo "$VI2" >>"$T_DIR/h1.conf"
kill -HUP "$H1"
wait_log "$L" 'configuration 2 running in every process' 5 || fail "reload 2 not applied"
wait_for 3 has_vip h1 192.0.2.11 || fail "new instance VI_2 did not start"
wait_log "$L" '\(VI_2\) Entering MASTER STATE' 1 || fail "VI_2: no MASTER line"
sleep 0.3
client_ping_stop
[ "$(count_log "$L" '\(VI_1\) Entering')" = 2 ] || fail "VI_1 changed state on reload"
only_on h1 || fail "VI_1's VIP moved on reload: $(holder)"
gap=$(ping_gap_ms)
[ "$gap" -lt 300 ] || fail "the client lost the VIP for $gap ms during the reload"
[ "$(vigil_pid h1 vrrp)" = "$V" ] || fail "the vrrp child restarted"

# Remove VI_1: it leaves cleanly, h2 takes over within skew time.
sed -n '/^vrrp_instance VI_2/,$p' "$T_DIR/h1.conf" >"$T_DIR/vi2"
vrrp_conf "$T_DIR/h1.conf" 200 && sed -i '/^vrrp_instance VI_1/,$d' "$T_DIR/h1.conf"
cat "$T_DIR/vi2" >>"$T_DIR/h1.conf"
kill -HUP "$H1"
wait_log "$L" 'configuration 3 running in every process' 5 || fail "reload 3 not applied"
wait_holder h2 1 || fail "removed VI_1: h2 did not take over: $(holder)"
grep -q 'backup received priority 0 advertisement' "$T_DIR/h2.log" ||
	fail "removed VI_1 left without a priority 0 advert"
has_vip h1 192.0.2.11 || fail "VI_2 lost its VIP when VI_1 was removed"
[ "$(count_log "$L" '\(VI_2\) Entering')" = 2 ] || fail "VI_2 changed state"
reaches || fail "the client does not reach the VIP on h2"

# Back, changed (strict mode): VI_1 starts again, with the warning.
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	strict_mode" && cat "$T_DIR/vi2" >>"$T_DIR/h1.conf"
kill -HUP "$H1"
wait_log "$L" 'configuration 4 running in every process' 5 || fail "reload 4 not applied"
wait_log "$L" '\(VI_1\) strict mode: traffic to the VIPs is dropped unless accept is set' 1 ||
	fail "no strict mode warning"
wait_holder h1 3 || fail "VI_1 back at 200 did not take the VIP: $(holder)"

# Only the priority changed: taken in place, no restart; 50 lets h2 (100)
# take over, 200 again preempts.
reprio() {	# PRIO GEN
	vrrp_conf "$T_DIR/h1.conf" "$1" "version 3
	advert_int 0.1
	strict_mode" && cat "$T_DIR/vi2" >>"$T_DIR/h1.conf"
	kill -HUP "$H1"
	wait_log "$L" "configuration $2 running in every process" 5 ||
		fail "reload $2 not applied"
}
reprio 50 5
wait_log "$L" '\(VI_1\) priority 200 -> 50' 1 || fail "priority 50 not taken in place"
wait_holder h2 2 || fail "at priority 50, h2 (100) did not take over: $(holder)"
reprio 200 6
wait_log "$L" '\(VI_1\) priority 50 -> 200' 1 || fail "priority 200 not taken in place"
wait_holder h1 2 || fail "back at 200, h1 did not preempt: $(holder)"
[ "$(count_log "$L" 'VI_1.*restarting')" = 0 ] || fail "VI_1 restarted on a priority change"
# global_defs that only change how an instance logs or paces its GARPs:
# taken in place, no restart, no flap.
n=$(count_log "$L" '\(VI_1\) Entering')
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	strict_mode" "log_unknown_vrids
	vrrp_garp_interval 0.01" && cat "$T_DIR/vi2" >>"$T_DIR/h1.conf"
kill -HUP "$H1"
wait_log "$L" "configuration 7 running in every process" 5 ||
	fail "reload 7 not applied"
sleep 0.3
[ "$(count_log "$L" 'VI_1.*restarting')" = 0 ] ||
	fail "VI_1 restarted when log_unknown_vrids was set"
[ "$(count_log "$L" '\(VI_1\) Entering')" = "$n" ] ||
	fail "VI_1 changed state when log_unknown_vrids was set"
only_on h1 || fail "VI_1's VIP moved when log_unknown_vrids was set: $(holder)"
[ "$(count_log "$L" 'VI_1.*removed from the configuration')" = 1 ] || fail "VI_1 removed more than once"
pass
