#!/bin/sh
# The IPVS counters behind KEEPALIVED-MIB's statistics columns
# (enable_snmp_checker), on a kernel with IPVS (a Debian kernel under
# qemu, test/qemu/run.sh; this host's has none): after requests through
# a virtual server, vigilctl status --json shows its connections, packets
# and bytes and those of its real server. snmp_stats_qemu_payload.sh is
# the guest half.
. "$(dirname "$0")/lib.sh"
need_root

start=$(date +%s)
sh "$T_ROOT/test/qemu/run.sh" \
    "$T_ROOT/test/integration/snmp_stats_qemu_payload.sh" \
    >"$T_DIR/guest.log" 2>&1
rc=$?
log "guest: exit $rc after $(( $(date +%s) - start )) s"
[ "$rc" = 0 ] || fail "guest payload failed (exit $rc): $(grep -A40 FAIL "$T_DIR/guest.log" | head -60)"
grep -q '^stats payload: all steps passed$' "$T_DIR/guest.log" ||
    fail "guest payload did not finish"
n=$(grep -c '^ok ' "$T_DIR/guest.log")
[ "$n" = 3 ] || fail "guest: $n steps passed, not 3"
grep '^ok counters' "$T_DIR/guest.log"
pass
