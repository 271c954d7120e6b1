#!/bin/sh
# SIGHUP with a broken configuration: the running one is kept, the error
# is logged with file:line, no process changes. Then a good configuration
# is applied by both children without restarting them.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
CONF=$T_DIR/vigil.conf
vigil_conf_min "$CONF" veth0 192.0.2.10/24
L=$T_DIR/a.log

vigil_start a "$CONF"
P=$VIGIL_PID
wait_log "$L" 'configuration 1 running' 5 || fail "not ready"
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)

cp "$CONF" "$T_DIR/good.conf"
# An unknown keyword inside vrrp_instance: an error on a known line.
sed 's/^\tpriority 150$/\tpriority 150\n\tno_such_keyword_here 1/' \
    "$T_DIR/good.conf" >"$CONF"
line=$(grep -n no_such_keyword_here "$CONF" | cut -d: -f1)
[ -n "$line" ] || fail "could not break the configuration"
kill -HUP "$P"
wait_log "$L" 'reload failed: keeping configuration 1' 5 ||
	fail "broken reload not refused"
grep -Eq "$CONF:$line(:[0-9]+)?: error" "$L" ||
	fail "no error with $CONF:$line in the log"
sleep 0.3
for x in "$P:" "$V:vrrp" "$C:check"; do
	pid=${x%%:*} who=${x#*:}
	alive "$pid" || fail "process $pid died on a broken reload"
	[ "$(vigil_pid a $who)" = "$pid" ] || fail "pid of '$who' changed"
done
grep -q 'lost child' "$L" && fail "a child was lost during the reload"

# A good configuration (another VIP) goes to both children, same pids.
sed 's/192\.0\.2\.10\/24/192.0.2.11\/24/' "$T_DIR/good.conf" >"$CONF"
kill -HUP "$P"
wait_log "$L" 'configuration 2 running in every process' 5 ||
	fail "good reload not applied"
grep -q 'vrrp: configuration 2 applied' "$L" || fail "vrrp did not apply 2"
grep -q 'check: configuration 2 applied' "$L" || fail "check did not apply 2"
[ "$(vigil_pid a vrrp)" = "$V" ] && [ "$(vigil_pid a check)" = "$C" ] ||
	fail "children restarted by a reload"
kill -USR1 "$P"
wait_for 3 grep -q '192.0.2.11/24' "$(vigil_dump a data)" ||
	fail "vrrp child does not hold the new VIP"
pass
