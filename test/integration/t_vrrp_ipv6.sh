#!/bin/sh
# VRRPv3 over IPv6 (ff02::12 from link-local sources): election, hard
# failure, fail-back, graceful stop; the client pings the IPv6 VIP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
VIPS="$VIP6/64" vrrp_conf "$T_DIR/h1.conf" 200
VIPS="$VIP6/64" vrrp_conf "$T_DIR/h2.conf" 100
vigil_start h1 "$T_DIR/h1.conf"
H1=$VIGIL_PID
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h1 5 "$VIP6" || fail "h1 does not hold $VIP6: $(holder "$VIP6")"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 1 || fail "h2 not BACKUP"
sleep 0.5
only_on h1 "$VIP6" || fail "the VIP moved: $(holder "$VIP6")"
wait_for 3 reaches "$VIP6" || fail "the client does not reach $VIP6 on h1"

link_cut h1
wait_holder h2 2 "$VIP6" || fail "h2 did not take over: $(holder "$VIP6")"
# No waiting: the unsolicited NA has already moved the client's entry.
reaches "$VIP6" || fail "the client does not reach $VIP6 on h2"
link_restore h1
wait_holder h1 3 "$VIP6" || fail "h1 did not preempt: $(holder "$VIP6")"
wait_for 3 reaches "$VIP6" || fail "the client does not reach $VIP6 on h1 again"

kill -TERM "$H1"
wait_holder h2 1 "$VIP6" || fail "h2 did not take over after SIGTERM: $(holder "$VIP6")"
reaches "$VIP6" || fail "the client does not reach $VIP6 after the stop"
pass
