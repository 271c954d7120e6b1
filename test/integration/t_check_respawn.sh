#!/bin/sh
# A script's result survives either child's crash: h1 (200) tracks chk
# (weight -60), h2 (150); chk fails on h1, so h2 holds the VIP.
#  - h1's check child killed (SIGKILL) and restarted: h1's vrrp child
#    keeps chk's failure meanwhile, and the new check child's first
#    result is the same: h1 never becomes MASTER, the VIP stays on h2.
#  - h1's vrrp child killed and restarted: it asks the check child for
#    every result and starts from chk's failure: h1 stays BACKUP.
#  - chk succeeds: h1 takes the VIP back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

vrrp_lan
vrrp_conf "$T_DIR/h1.conf" 200 "version 3
	advert_int 0.1
	track_script {
		chk
	}"
cat >>"$T_DIR/h1.conf" <<EOF

vrrp_script chk {
	script "$(rc_script h1 chk)"
	interval 1
	weight -60
}
EOF
vrrp_conf "$T_DIR/h2.conf" 150
echo 1 >"$T_DIR/h1.chk.rc"
vigil_start h2 "$T_DIR/h2.conf"
wait_holder h2 5 || fail "h2 alone is not master: $(holder)"
vigil_start h1 "$T_DIR/h1.conf"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk failed' 5 ||
    fail "h1: chk's failure not taken"
sleep 1
only_on h2 || fail "chk failing on h1 (140 < 150): $(holder)"

# The check child killed.
C1=$(vigil_pid h1 check)
kill -KILL "$C1"
vigil_wait_child h1 check "$C1" 5 || fail "h1's check child not restarted"
wait_for 5 sh -c "[ \$(grep -c 'VRRP_Script(chk) failed' '$T_DIR/h1.log') -ge 2 ]" ||
    fail "the new check child did not run chk"
sleep 1
grep -q '(VI_1) Entering MASTER STATE' "$T_DIR/h1.log" &&
    fail "h1 became MASTER around its check child's restart"
only_on h2 || fail "after h1's check child restart: $(holder)"
log "check child restarted: the vrrp child kept chk's failure, no flap"

# The vrrp child killed.
V1=$(vigil_pid h1 vrrp)
kill -KILL "$V1"
vigil_wait_child h1 vrrp "$V1" 5 || fail "h1's vrrp child not restarted"
wait_log "$T_DIR/h1.log" 'restarted after a crash' 3 || fail "no restart line"
n=$(count_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk failed')
[ "$n" -ge 2 ] || wait_for 3 sh -c "[ \$(grep -c '(VI_1) tracked script chk failed' '$T_DIR/h1.log') -ge 2 ]" ||
    fail "the restarted vrrp child did not get chk's result"
sleep 1.5
grep -q '(VI_1) Entering MASTER STATE' "$T_DIR/h1.log" &&
    fail "the restarted vrrp child took the VIP although chk fails"
only_on h2 || fail "after h1's vrrp child restart: $(holder)"
log "vrrp child restarted: it started from chk's failure, no flap"

echo 0 >"$T_DIR/h1.chk.rc"
wait_holder h1 5 || fail "chk succeeded: h1 did not take the VIP: $(holder)"
reaches || fail "the client does not reach the VIP on h1"
pass
