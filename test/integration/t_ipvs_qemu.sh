#!/bin/sh
# check_ipvs.c against a real IPVS table: ipvs_tool programs services and
# destinations (NAT, DR, tunnels, weights, thresholds, fwmark, persistence
# with granularity, scheduler flags, a persistence engine, IPv6), edits,
# deletes and the sync daemon in a Debian kernel under qemu
# (ipvs_qemu_payload.sh, compared step by step with ipvsadm -Ln), where
# it also checks that without IPVS there is one warning and a "would"
# line per call, that the family lookup loads ip_vs and its schedulers
# for a process with CAP_NET_ADMIN only, and EPERM without it; and that
# client requests through a director namespace reach the busybox httpd
# real servers by the weights programmed.
# On this host, in a fresh network namespace: the same "no IPVS" lines
# where the kernel has no IPVS.
. "$(dirname "$0")/lib.sh"
need_root

TOOL=$T_ROOT/build/tools/ipvs_tool
[ -x "$TOOL" ] || fail "no $TOOL (make tools)"
[ -x "$VIGILD" ] || fail "no $VIGILD (make)"

if ! modinfo ip_vs >/dev/null 2>&1 && [ ! -e /proc/net/ip_vs ]; then
	S=tcp:192.0.2.200:80
	unshare -n "$TOOL" init -- add-service $S sched=wlc -- \
	    add-dest $S 192.0.2.1:80 weight=1 -- reinit -- \
	    del-dest $S 192.0.2.1:80 >"$T_DIR/host.out" 2>"$T_DIR/host.log" ||
	    fail "ipvs_tool failed without IPVS"
	[ "$(cat "$T_DIR/host.out")" = absent ] || fail "init: not absent"
	[ "$(count_log "$T_DIR/host.log" 'IPVS: not available in this kernel .*: health checks run, but nothing is programmed$')" = 1 ] ||
	    fail "not exactly one warning"
	grep -q 'IPVS: would add service \[192\.0\.2\.200\]:tcp:80 sched wlc$' "$T_DIR/host.log" ||
	    fail "no 'would add service' line"
	grep -q 'IPVS: would add real server \[192\.0\.2\.1\]:tcp:80 weight 1 NAT to \[192\.0\.2\.200\]:tcp:80$' "$T_DIR/host.log" ||
	    fail "no 'would add real server' line"
	grep -q 'IPVS: would delete real server \[192\.0\.2\.1\]:tcp:80 from \[192\.0\.2\.200\]:tcp:80$' "$T_DIR/host.log" ||
	    fail "no 'would delete real server' line"
	log "host without IPVS: one warning, 'would' lines"
else
	log "this host has IPVS: its 'no IPVS' case runs in the guest only"
fi

start=$(date +%s)
sh "$T_ROOT/test/qemu/run.sh" "$T_ROOT/test/integration/ipvs_qemu_payload.sh" \
    >"$T_DIR/guest.log" 2>&1
rc=$?
log "guest: exit $rc after $(( $(date +%s) - start )) s"
[ "$rc" = 0 ] || fail "guest payload failed (exit $rc)"
grep -q '^ipvs payload: all steps passed$' "$T_DIR/guest.log" ||
    fail "guest payload did not finish"
[ "$(grep -c '^ok ' "$T_DIR/guest.log")" = 22 ] ||
    fail "guest: $(grep -c '^ok ' "$T_DIR/guest.log") steps passed, not 22"
pass
