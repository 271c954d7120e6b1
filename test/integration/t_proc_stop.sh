#!/bin/sh
# test: exclusive
# SIGTERM: every process gone within child_wait_time, pid files removed;
# a child that does not stop in time is killed, with a log line, after the
# default 5 s or after a child_wait_time configured in global_defs.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24
WAIT=5	# keepalived's default child_wait_time

gone() { ! alive "$1" && ! alive "$2" && ! alive "$3"; }

# start_a CONF: vigild in a, its configuration running; sets P, V, C.
start_a() {
	vigil_start a "$1"
	P=$VIGIL_PID
	wait_log "$T_DIR/a.log" 'configuration 1 running' 5 || fail "not ready"
	V=$(vigil_pid a vrrp)
	C=$(vigil_pid a check)
}

start_a "$T_DIR/vigil.conf"
kill -TERM "$P"
wait_for "$WAIT" gone "$P" "$V" "$C" || fail "still running after SIGTERM"
for f in a.pid a.vrrp.pid a.check.pid; do
	[ ! -e "$T_DIR/$f" ] || fail "$f not removed"
done
grep -q 'core: stopped' "$T_DIR/a.log" || fail "no 'stopped' line"

# A child stuck (SIGSTOP) is killed after child_wait_time.
start_a "$T_DIR/vigil.conf"
ns_exec a ip addr add 192.0.2.10/24 dev veth0	# as the vrrp child would
kill -STOP "$V"
kill -TERM "$P"
wait_for $((WAIT + 2)) gone "$P" "$V" "$C" ||
	fail "not all gone $((WAIT + 2)) s after SIGTERM"
grep -q "vrrp child (pid $V) did not stop in time: killing it" \
    "$T_DIR/a.log" || fail "no log line for the SIGKILL"
[ ! -e "$T_DIR/a.pid" ] || fail "pid file not removed"
ns_exec a ip -o addr show dev veth0 | grep -q '192\.0\.2\.10/' &&
	fail "the VIP of a vrrp child killed at stop is still up"

# child_wait_time 1 in global_defs: a stuck child is killed after 1 s,
# not 5 (the whole stop is timed; it cannot end before the 1 s wait).
sed 's/^\trouter_id vigil_test$/&\n\tchild_wait_time 1/' "$T_DIR/vigil.conf" \
    >"$T_DIR/short.conf"
grep -q 'child_wait_time 1' "$T_DIR/short.conf" || fail "short.conf not made"
start_a "$T_DIR/short.conf"
ns_exec a ip addr add 192.0.2.10/24 dev veth0 2>/dev/null	# up or added
ns_exec a ip -o addr show dev veth0 | grep -q '192\.0\.2\.10/' ||
	fail "VIP not up before the stop"
kill -STOP "$V"
t0=$(date +%s%N)
kill -TERM "$P"
wait_for 4 gone "$P" "$V" "$C" || fail "not all gone 4 s after SIGTERM"
ms=$((($(date +%s%N) - t0) / 1000000))
log "child_wait_time 1: everything gone $ms ms after SIGTERM"
[ "$ms" -ge 900 ] || fail "gone after $ms ms: the stuck child was not waited for"
[ "$ms" -lt 3000 ] || fail "gone after $ms ms: child_wait_time 1 not honoured"
grep -q "vrrp child (pid $V) did not stop in time: killing it" \
    "$T_DIR/a.log" || fail "no log line for the SIGKILL"
ns_exec a ip -o addr show dev veth0 | grep -q '192\.0\.2\.10/' &&
	fail "the VIP of a vrrp child killed at stop is still up"

# The parent killed outright: the children follow (parent-death signal),
# and the pid file it leaves does not stop the next vigild.
start_a "$T_DIR/vigil.conf"
kill -KILL "$P"
wait_for 3 gone "$P" "$V" "$C" || fail "children survived their parent"
[ -s "$T_DIR/a.pid" ] || fail "no stale pid file left to test with"
vigil_start a "$T_DIR/vigil.conf"
wait_log "$T_DIR/a.log" 'configuration 1 running' 5 ||
	fail "vigild did not start over a stale pid file"
pass
