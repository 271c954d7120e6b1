#!/bin/sh
# Started without a capability it needs, vigild says which in one line and
# exits non-zero (77) before forking anything. A stale pid file whose PID
# belongs to another process does not stop it from starting.
. "$(dirname "$0")/lib.sh"
need_root
command -v capsh >/dev/null || fail "capsh not installed (libcap2-bin)"

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24

for cap in net_admin net_raw; do
	CAP=$(echo "cap_$cap" | tr a-z A-Z)
	rc=0
	ns_exec a capsh --drop="cap_$cap" -- -c "exec '$VIGILD' -n -l \
	    -f '$T_DIR/vigil.conf' -p '$T_DIR/x.pid'" \
	    >"$T_DIR/out" 2>&1 || rc=$?
	[ "$rc" = 77 ] || fail "without $CAP: exit $rc, want 77"
	[ "$(other_lines "$T_DIR/out" | wc -l)" = 1 ] ||
		fail "without $CAP: not one line: $(cat "$T_DIR/out")"
	grep -q "missing capability $CAP" "$T_DIR/out" ||
		fail "without $CAP: $(cat "$T_DIR/out")"
	[ ! -e "$T_DIR/x.pid" ] || fail "pid file written"
	log "without $CAP: $(cat "$T_DIR/out")"
done

# A stale pid file naming a live process that is not vigild.
sleep 30 &
S=$!
track_pid "$S"
echo "$S" >"$T_DIR/a.pid"
vigil_start a "$T_DIR/vigil.conf"
wait_for 3 grep -qx "$VIGIL_PID" "$T_DIR/a.pid" ||
	fail "stale pid file stopped vigild"
wait_log "$T_DIR/a.log" 'configuration 1 running' 5 || fail "not ready"
# A second vigild on the same pid file refuses, naming the first.
rc=0
ns_exec a "$VIGILD" -n -l -f "$T_DIR/vigil.conf" -p "$T_DIR/a.pid" \
    >"$T_DIR/out2" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "second vigild started"
grep -q "already running (pid $VIGIL_PID" "$T_DIR/out2" ||
	fail "second vigild: $(cat "$T_DIR/out2")"
kill "$S"
pass
