#!/bin/sh
# A syslog daemon that reads nothing (a stuck or starved journald) stops
# no vigil process: lines that do not fit its queue are dropped, not
# waited for, so the vrrp child takes the VIP, goes through a link flap
# and keeps advertising (syslog(3) would block it at the first line); once
# the daemon reads again, each process says how many lines it dropped.
# The fake syslogd plays on /dev/log in a private mount namespace
# (syslogd_start in lib.sh); the queue is net.unix.max_dgram_qlen of namespace a (10).
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
ip -n "$(ns a)" addr add 192.0.2.1/24 dev veth0
ip netns exec "$(ns a)" sysctl -qw net.unix.max_dgram_qlen=10
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24
OUT=$T_DIR/syslog.out
GO=$T_DIR/read	# the fake syslogd reads once this exists
syslogd_start a "$T_DIR/a.log" "$OUT" "$GO" "$VIGILD" -n -D \
    -f "$T_DIR/vigil.conf" -p "$T_DIR/a.pid" -r "$T_DIR/a.vrrp.pid" \
    -c "$T_DIR/a.check.pid" --control-socket="$T_DIR/a.sock"

# state MASTER: the VIP at once, although syslog took 10 lines only.
has_vip() { ip -n "$(ns a)" -o addr show dev veth0 | grep -q ' 192\.0\.2\.10/'; }
wait_for 10 has_vip || fail "no VIP while syslog does not read"
V=$(vigil_pid a vrrp)
rx() { ip -n "$(ns b)" -s -j link show veth0 |
	python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }
# The queue is full by now (10 lines from three processes at start). A
# link flap makes the vrrp child log (FAULT, back to MASTER): it must go
# on, not wait for the daemon.
sleep 1
ip -n "$(ns a)" link set veth0 down
sleep 0.5
ip -n "$(ns a)" link set veth0 up
sleep 1
wait_for 5 has_vip || fail "no VIP after a link flap while syslog does not read"
r0=$(rx)
sleep 3
r1=$(rx)
[ $((r1 - r0)) -ge 2 ] ||
	fail "adverts stopped while syslog does not read: $((r1 - r0)) packets in 3 s"
P=$(vigil_pid a)
[ -n "$P" ] && [ -n "$V" ] || fail "no pid files"
[ "$(vigil_pid a vrrp)" = "$V" ] && alive "$V" ||
	fail "the vrrp child (pid $V) was restarted: now $(vigil_pid a vrrp)"

# The daemon reads again: the next line of each process counts its drops.
touch "$GO"
wait_for 5 test -s "$OUT" || fail "the fake syslogd does not read"
# A data dump (SIGUSR1) makes the parent log a line; until the daemon has
# drained the queue that line is dropped too (and counted), so ask again
# until one gets through.
wait_for 5 sh -c "grep -Eq \
    'vigild\[$P\]: core: [0-9]+ log lines dropped' '$OUT' || { kill -USR1 $P; false; }" ||
	fail "parent: no 'log lines dropped' line: $(tail -n 3 "$OUT")"
kill -TERM "$P"
wait_for 5 grep -Eq "vigild_vrrp\[$V\]: vrrp: [0-9]+ log lines dropped" "$OUT" ||
	fail "vrrp child: no 'log lines dropped' line"
wait_for 5 sh -c "! kill -0 $P 2>/dev/null" || fail "did not stop"
pass
