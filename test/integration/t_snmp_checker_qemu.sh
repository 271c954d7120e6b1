#!/bin/sh
# KEEPALIVED-MIB's checker part, vigil against Debian's keepalived 2.2.7,
# on a kernel with IPVS (a Debian kernel under qemu, test/qemu/run.sh;
# keepalived's checker exits on this host's kernel, which has none): the
# same configuration (a group with its three kinds of lines, a virtual
# server with a sorry server, persistence, quorum and commands, a fwmark
# TUN one, snmp_name on both) gives the same walk of
# .1.3.6.1.4.1.9586.100.5.3 (but lvsSyncDaemon), and while a real server
# is unreachable then back, the same realServerStateChange and
# virtualServerQuorumStateChange traps (those of the start and the stop
# left out). keepalived, snmpd, snmptrapd and snmpwalk go into the
# guest with the libraries they link;
# snmp_checker_qemu_payload.sh is the guest half.
. "$(dirname "$0")/lib.sh"
need_root
BINS="/usr/sbin/keepalived /usr/sbin/snmpd /usr/sbin/snmptrapd /usr/bin/snmpwalk"
for p in $BINS; do
	[ -x "$p" ] || fail "$p not installed (test/deps.sh)"
done
mkdir -p "$T_DIR/kabin/lib"
cp $BINS "$T_DIR/kabin/"
for b in $BINS; do
	ldd "$b" | awk '$3 ~ /^\// { print $3 }'
done | sort -u | while read -r l; do cp -L "$l" "$T_DIR/kabin/lib/"; done

start=$(date +%s)
VIGIL_QEMU_TIMEOUT=${VIGIL_QEMU_TIMEOUT:-180} sh "$T_ROOT/test/qemu/run.sh" \
    "$T_ROOT/test/integration/snmp_checker_qemu_payload.sh" "$T_DIR/kabin" \
    >"$T_DIR/guest.log" 2>&1
rc=$?
log "guest: exit $rc after $(( $(date +%s) - start )) s"
[ "$rc" = 0 ] || fail "guest payload failed (exit $rc): $(grep -A60 FAIL "$T_DIR/guest.log" | head -80)"
grep -q '^checker payload: all steps passed$' "$T_DIR/guest.log" ||
    fail "guest payload did not finish"
n=$(grep -c '^ok ' "$T_DIR/guest.log")
[ "$n" = 3 ] || fail "guest: $n steps passed, not 3"
grep '^ok ' "$T_DIR/guest.log"
pass
