#!/bin/sh
# -P runs the vrrp child only, -C the check child only; a child with
# nothing configured is not started; -R stops vigild when a child dies.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24
L=$T_DIR/a.log

kids() { children_of "$1" | wc -l; }

vigil_start a "$T_DIR/vigil.conf" -P
wait_log "$L" 'configuration 1 running' 5 || fail "-P: not ready"
[ "$(kids "$VIGIL_PID")" = 1 ] && [ -n "$(vigil_pid a vrrp)" ] ||
	fail "-P: want the vrrp child only"
grep -q 'check child not started: disabled by -P/-C' "$L" ||
	fail "-P: no line about the check child"
stop_pid "$VIGIL_PID" 6

vigil_start a "$T_DIR/vigil.conf" -C
wait_log "$L" 'configuration 1 running' 5 || fail "-C: not ready"
[ "$(kids "$VIGIL_PID")" = 1 ] && [ -n "$(vigil_pid a check)" ] ||
	fail "-C: want the check child only"
stop_pid "$VIGIL_PID" 6

# No vrrp_script, no virtual_server: no check child.
sed '/^vrrp_script/,/^}/d; /track_script/,/}/d' "$T_DIR/vigil.conf" \
    >"$T_DIR/noscript.conf"
vigil_start a "$T_DIR/noscript.conf"
wait_log "$L" 'configuration 1 running' 5 || fail "noscript: not ready"
[ "$(kids "$VIGIL_PID")" = 1 ] && [ -n "$(vigil_pid a vrrp)" ] ||
	fail "noscript: want the vrrp child only"
grep -q 'check child not started: nothing configured for it' "$L" ||
	fail "noscript: no line about the check child"

# A reload that adds a vrrp_script starts the check child; one that
# removes it stops the check child (not a crash); the vrrp child stays.
V=$(vigil_pid a vrrp)
cp "$T_DIR/noscript.conf" "$T_DIR/noscript.orig"
cp "$T_DIR/vigil.conf" "$T_DIR/noscript.conf"
kill -HUP "$VIGIL_PID"
wait_log "$L" 'configuration 2 running in every process' 5 ||
	fail "reload adding a script: not applied"
C=$(vigil_pid a check)
[ -n "$C" ] && alive "$C" || fail "reload adding a script: no check child"
cp "$T_DIR/noscript.orig" "$T_DIR/noscript.conf"
kill -HUP "$VIGIL_PID"
wait_log "$L" 'stopping check child: nothing configured for it' 5 ||
	fail "reload removing the script: check child not stopped"
wait_for 3 sh -c "! kill -0 $C 2>/dev/null" || fail "check child still runs"
grep -q 'lost child' "$L" && fail "stopping the check child logged as a crash"
[ "$(vigil_pid a vrrp)" = "$V" ] || fail "vrrp child restarted by reloads"

stop_pid "$VIGIL_PID" 6

# No vrrp_script, but a notify script: the check child runs those.
sed 's/^\tadvert_int 1$/\tadvert_int 1\n\tnotify_master "\/bin\/true master"/' \
    "$T_DIR/noscript.orig" >"$T_DIR/notify.conf"
grep -q notify_master "$T_DIR/notify.conf" || fail "no notify_master"
vigil_start a "$T_DIR/notify.conf"
wait_log "$L" 'configuration 1 running' 5 || fail "notify: not ready"
[ "$(kids "$VIGIL_PID")" = 2 ] && [ -n "$(vigil_pid a check)" ] ||
	fail "notify: want both children"
grep -q 'check: configuration 1 applied: 0 scripts, 0 virtual servers, 1 notify' \
    "$L" || fail "notify: the check child did not get the notify script"

# -R: a lost child stops vigild instead of being restarted.
stop_pid "$VIGIL_PID" 6
vigil_start a "$T_DIR/vigil.conf" -R
P=$VIGIL_PID
wait_log "$L" 'configuration 1 running' 5 || fail "-R: not ready"
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)
kill -KILL "$C"
wait_for 6 sh -c "! kill -0 $P 2>/dev/null && ! kill -0 $V 2>/dev/null" ||
	fail "-R: vigild still running after a child died"
grep -q 'not restarting check child (-R): stopping vigild' "$L" ||
	fail "-R: no log line"
pass
