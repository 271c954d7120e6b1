#!/bin/sh
# The master's vrrp process frozen (SIGSTOP): the backup takes over;
# continued (SIGCONT), the two masters meet and exactly one remains (the
# higher priority), holding the VIP alone.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200
vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 || fail "h1 does not hold the VIP: $(holder)"
V1=$(vigil_pid h1 vrrp)
[ -n "$V1" ] || fail "no vrrp child pid for h1"
kill -STOP "$V1"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering MASTER STATE' 2 ||
	fail "h2 did not take over from a frozen master"
has_vip h2 || fail "h2 master without the VIP"
kill -CONT "$V1"
wait_holder h1 2 || fail "after SIGCONT: not h1 alone: $(holder)"
sleep 1
only_on h1 || fail "after SIGCONT: the VIP is not on h1 alone: $(holder)"
[ "$(count_log "$T_DIR/h2.log" 'Entering BACKUP STATE$')" -ge 1 ] ||
	fail "h2 did not step down"
reaches || fail "the client does not reach the VIP"
pass
