#!/bin/sh
# use_ipvlan end to end on a kernel with ipvlan (a Debian kernel under
# qemu, test/qemu/run.sh; this host's kernel has no CONFIG_IPVLAN): two
# vigild routers with an L2 ipvlan each, the VIP and the adverts on it, a
# client reaching the VIP, failover. ipvlan_qemu_payload.sh is the guest
# half. On this host, in a fresh namespace: the instance waits with a
# warning naming the missing kernel support.
. "$(dirname "$0")/lib.sh"
need_root
[ -x "$VIGILD" ] || fail "no $VIGILD (make)"

if ! modinfo ipvlan >/dev/null 2>&1 &&
    ! zgrep -q '^CONFIG_IPVLAN=' /proc/config.gz 2>/dev/null; then
	ns_create h
	ip -n "$(ns h)" link add eth0 type veth peer name p0
	ip -n "$(ns h)" addr add 192.0.2.1/24 dev eth0
	ip -n "$(ns h)" link set eth0 up
	ip -n "$(ns h)" link set p0 up
	cat >"$T_DIR/h.conf" <<EOF
vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	use_ipvlan ipv51 192.0.2.201/24
	virtual_ipaddress {
		192.0.2.10/24
	}
}
EOF
	vigil_start h "$T_DIR/h.conf"
	wait_log "$T_DIR/h.log" 'ipv51: create ipvlan: .*CONFIG_IPVLAN' 5 ||
	    fail "no warning about the missing ipvlan support"
	log "host without ipvlan: the instance waits, saying why"
fi

start=$(date +%s)
sh "$T_ROOT/test/qemu/run.sh" "$T_ROOT/test/integration/ipvlan_qemu_payload.sh" \
    >"$T_DIR/guest.log" 2>&1
rc=$?
log "guest: exit $rc after $(( $(date +%s) - start )) s"
[ "$rc" = 0 ] || fail "guest payload failed (exit $rc): $(grep -A60 FAIL "$T_DIR/guest.log" | head -80)"
grep -q '^ipvlan payload: all steps passed$' "$T_DIR/guest.log" ||
    fail "guest payload did not finish"
n=$(grep -c '^ok ' "$T_DIR/guest.log")
[ "$n" = 5 ] || fail "guest: $n steps passed, not 5"
pass
