#!/bin/sh
# With LVS virtual servers the check child also holds CAP_NET_ADMIN (IPVS);
# a reload that removes the last one restarts the check child without it,
# and one that adds LVS back restarts it with it. The vrrp child is not
# touched.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
LVS='virtual_server 192.0.2.100 80 {
	delay_loop 6
	lvs_sched rr
	lvs_method NAT
	protocol TCP
	real_server 198.51.100.2 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 3
		}
	}
}'
CONF=$T_DIR/vigil.conf
vigil_conf_min "$CONF" veth0 192.0.2.10/24 "$LVS"
L=$T_DIR/a.log

vigil_start a "$CONF"
P=$VIGIL_PID
wait_log "$L" 'configuration 1 running' 5 || fail "not ready"
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)
[ "$(status_field "$C" CapEff)" = 00000000000010e0 ] ||
	fail "check child with LVS: CapEff $(status_field "$C" CapEff)"

vigil_conf_min "$CONF" veth0 192.0.2.10/24
kill -HUP "$P"
wait_log "$L" 'restarting check child: LVS no longer configured' 5 ||
	fail "no restart when LVS went away"
vigil_wait_child a check "$C" 3 || fail "check child not restarted"
C2=$(vigil_pid a check)
wait_log "$L" 'configuration 2 running in every process' 5 ||
	fail "configuration 2 not applied"
[ "$(status_field "$C2" CapEff)" = 00000000000000e0 ] ||
	fail "check child without LVS: CapEff $(status_field "$C2" CapEff)"
grep -q 'lost child' "$L" && fail "the restart was logged as a crash"

vigil_conf_min "$CONF" veth0 192.0.2.10/24 "$LVS"
kill -HUP "$P"
vigil_wait_child a check "$C2" 3 || fail "check child not restarted for LVS"
C3=$(vigil_pid a check)
wait_log "$L" 'configuration 3 running in every process' 5 ||
	fail "configuration 3 not applied"
[ "$(status_field "$C3" CapEff)" = 00000000000010e0 ] ||
	fail "check child with LVS again: CapEff $(status_field "$C3" CapEff)"
[ "$(vigil_pid a vrrp)" = "$V" ] || fail "vrrp child restarted"
pass
