#!/bin/sh
# vrf NAME end to end on a kernel with VRF support (a Debian kernel under
# qemu, test/qemu/run.sh; this host's kernel has no CONFIG_NET_VRF): two
# vigild routers whose LAN interface is in a VRF, unicast instances
# without interface bound to the VRF; election, the adverts routed by the
# VRF's table, FAULT while the VRF is down, failover, and the same
# without vrf failing for want of a route. vrf_qemu_payload.sh is the
# guest half. On this host, in a fresh namespace: vigild -t warns that
# the VRF does not exist and the instance waits for it.
. "$(dirname "$0")/lib.sh"
need_root
[ -x "$VIGILD" ] || fail "no $VIGILD (make)"

ns_create h
ip -n "$(ns h)" link add eth0 type veth peer name p0
ip -n "$(ns h)" addr add 192.0.2.1/24 dev eth0
ip -n "$(ns h)" link set eth0 up
ip -n "$(ns h)" link set p0 up
cat >"$T_DIR/h.conf" <<EOF
vrrp_instance VI_1 {
	virtual_router_id 51
	vrf blue
	unicast_src_ip 192.0.2.1
	unicast_peer {
		192.0.2.2
	}
	virtual_ipaddress {
		192.0.2.10/24 dev eth0
	}
}
EOF
ns_exec h "$VIGILD" -t -f "$T_DIR/h.conf" >"$T_DIR/t.out" 2>&1 ||
    fail "vigild -t: $(cat "$T_DIR/t.out")"
grep -q 'h.conf:3:[0-9]*: warning: vrf blue not found on this host; instance VI_1 will wait until it appears' \
    "$T_DIR/t.out" || fail "vigild -t: no warning for the missing VRF: $(cat "$T_DIR/t.out")"
vigil_start h "$T_DIR/h.conf"
wait_log "$T_DIR/h.log" '\(VI_1\) vrid 51 on vrf blue, initial state BACKUP' 5 ||
    fail "the instance does not name its VRF"
wait_log "$T_DIR/h.log" '\(VI_1\) waiting for vrf blue' 5 ||
    fail "the instance does not say it waits for the VRF"
sleep 1
[ "$(count_log "$T_DIR/h.log" 'vrrp: .*blue')" = 2 ] ||
    fail "more than two lines about the VRF: $(cat "$T_DIR/h.log")"
ns_exec h ip -o addr show dev eth0 | grep -q '192.0.2.10/' &&
    fail "the VIP is up without the VRF"
log "no VRF here: vigild -t warns, the instance waits for it"

start=$(date +%s)
sh "$T_ROOT/test/qemu/run.sh" "$T_ROOT/test/integration/vrf_qemu_payload.sh" \
    >"$T_DIR/guest.log" 2>&1
rc=$?
log "guest: exit $rc after $(( $(date +%s) - start )) s"
[ "$rc" = 0 ] || fail "guest payload failed (exit $rc): $(grep -A60 FAIL "$T_DIR/guest.log" | head -80)"
grep -q '^vrf payload: all steps passed$' "$T_DIR/guest.log" ||
    fail "guest payload did not finish"
n=$(grep -c '^ok ' "$T_DIR/guest.log")
[ "$n" = 5 ] || fail "guest: $n steps passed, not 5"
pass
