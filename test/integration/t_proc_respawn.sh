#!/bin/sh
# kill -9 of each child: "lost child" with the signal, back within its
# backoff; the VIP a vrrp child held is removed before the new vrrp child
# starts, and that child starts in BACKUP. The VRRP engine that adds VIPs
# comes later, so the test adds the VIP itself, as the vrrp child would.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24 'vrrp_instance VI_6 {
	state BACKUP
	interface veth0
	virtual_router_id 52
	advert_int 1
	virtual_ipaddress {
		2001:db8::10/64
	}
}'
L=$T_DIR/a.log

vigil_start a "$T_DIR/vigil.conf"
P=$VIGIL_PID
wait_log "$L" 'configuration 1 running' 5 || fail "not ready"
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)

ns_exec a ip addr add 192.0.2.10/24 dev veth0
ns_exec a ip addr add 2001:db8::10/64 dev veth0 nodad
# Not a VIP of this host: must stay.
ns_exec a ip addr add 198.51.100.1/24 dev veth0
kill -KILL "$V"
# First crash within 60 s of start: backoff 1 s.
vigil_wait_child a vrrp "$V" 2.5 || fail "vrrp child not back within 1 s backoff"
V2=$(vigil_pid a vrrp)
grep -q "lost child vrrp (pid $V): killed by signal 9" "$L" ||
	fail "no lost child line for vrrp"
ns_exec a ip -o addr show dev veth0 | grep -q '192\.0\.2\.10/' &&
	fail "VIP still on veth0 after the vrrp child crash"
ns_exec a ip -o addr show dev veth0 | grep -q '2001:db8::10/' &&
	fail "IPv6 VIP still on veth0 after the vrrp child crash"
ns_exec a ip -o addr show dev veth0 | grep -q '198\.51\.100\.1/' ||
	fail "an address that is not a VIP was removed"
# The VIP was removed before the new child was started.
rm_line=$(grep -n 'removed VIP 192.0.2.10 from veth0' "$L" | cut -d: -f1)
st_line=$(grep -n "started vrrp child (pid $V2)" "$L" | cut -d: -f1)
[ -n "$rm_line" ] || fail "no 'removed VIP' line"
[ -n "$st_line" ] && [ "$rm_line" -lt "$st_line" ] ||
	fail "VIP not removed before the new vrrp child started"
wait_log "$L" 'vrrp: \(VI_1\) .*initial state BACKUP \(restarted after a crash\)' 3 ||
	fail "restarted vrrp child does not start VI_1 in BACKUP"
# The vrrp<->check channel works both ways with the new vrrp child.
wait_log "$L" "check: channel to vrrp up \\(pid $V2\\)" 3 ||
	fail "check child got no hello from the new vrrp child"
wait_log "$L" "vrrp: channel to check up \\(pid $C\\)" 3 ||
	fail "new vrrp child got no hello from the check child"
[ "$(status_field "$V2" CapEff)" = 0000000000003000 ] &&
    [ "$(status_field "$V2" CapBnd)" = 0000000000003000 ] ||
	fail "restarted vrrp child: capabilities not dropped"

kill -KILL "$C"
vigil_wait_child a check "$C" 2.5 || fail "check child not back within 1 s backoff"
grep -q "lost child check (pid $C): killed by signal 9" "$L" ||
	fail "no lost child line for check"
C2=$(vigil_pid a check)
# "started" is logged once the capabilities are dropped.
wait_log "$L" "check: started \\(pid $C2\\)" 3 ||
	fail "restarted check child did not start"
wait_for 3 sh -c "[ \$(grep -c 'check: configuration 1 applied' '$L') = 2 ]" ||
	fail "restarted check child did not get its configuration"
[ "$(status_field "$C2" CapEff)" = 00000000000000e0 ] ||
	fail "restarted check child: capabilities not dropped"

# Second vrrp crash within 60 s: backoff 2 s.
kill -KILL "$V2"
wait_log "$L" 'restarting vrrp child in 2 s' 2 || fail "backoff did not double"
vigil_wait_child a vrrp "$V2" 3.5 || fail "vrrp child not back within 2 s"
[ "$(vigil_pid a)" = "$P" ] && alive "$P" || fail "parent changed"
pass
