#!/bin/sh
# The LVS director end to end on a kernel with IPVS (a Debian kernel under
# qemu, test/qemu/run.sh; this host's kernel has none): vigild checks
# busybox httpd real servers (HTTP_GET with a digest, TCP_CHECK), and the
# IPVS table follows each event, NAT and DR: start, a wrong digest (quorum
# lost, the sorry server in, inhibit_on_failure's weight 0), recovery, a
# server stopped and restarted, a reload adding one server, the check
# child killed (its successor keeps the table), stop (only
# vigil's services removed) and -I (the table kept). A client's requests
# through the VIP land where the table says. lvs_sync_daemon runs the
# master sync daemon while its instance is MASTER, none after stop;
# lvs_timeouts sets the connection timeouts; lvs_flush_on_stop empties
# the whole table at stop; net_namespace_ipvs programs the table of
# another namespace than vigild's (and a reload that drops it moves the
# services back), lvs_netlink_cmd_rcv_bufs(_force) sizes that socket
# (ss -f netlink -m); nftables_ipvs makes a group one fwmark service,
# marked by its nftables table, through which requests to each address
# of the group are served. lvs_qemu_payload.sh is the guest half.
. "$(dirname "$0")/lib.sh"
need_root

start=$(date +%s)
# Eleven steps, several vigild starts: more than run.sh's default 120 s
# when the host is busy.
VIGIL_QEMU_TIMEOUT=${VIGIL_QEMU_TIMEOUT:-240} sh "$T_ROOT/test/qemu/run.sh" "$T_ROOT/test/integration/lvs_qemu_payload.sh" \
    >"$T_DIR/guest.log" 2>&1
rc=$?
log "guest: exit $rc after $(( $(date +%s) - start )) s"
[ "$rc" = 0 ] || fail "guest payload failed (exit $rc): $(grep -A60 FAIL "$T_DIR/guest.log" | head -80)"
grep -q '^lvs payload: all steps passed$' "$T_DIR/guest.log" ||
    fail "guest payload did not finish"
n=$(grep -c '^ok ' "$T_DIR/guest.log")
[ "$n" = 31 ] || fail "guest: $n steps passed, not 31"
pass
