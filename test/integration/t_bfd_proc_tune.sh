#!/bin/sh
# keepalived's bfd_* process keywords: vigil runs the BFD sessions in its
# vrrp child, which takes the stronger of bfd_* and vrrp_* when the
# configuration has a bfd_instance: bfd_rt_priority 50 over
# vrrp_rt_priority 20 gives SCHED_RR 50, bfd_no_swap locks its memory;
# without a bfd_instance they do nothing (SCHED_RR 20, nothing locked);
# vigild -t says so.
. "$(dirname "$0")/lib.sh"
need_root
ns_create a

conf() {
	cat >"$T_DIR/a.conf" <<EOF
global_defs {
	vrrp_rt_priority 20
	bfd_rt_priority 50
	bfd_no_swap
}
$1
EOF
}
BFD='bfd_instance peer {
	neighbor_ip 192.0.2.77
}'
# sched PID: "POLICY PRIORITY" as chrt shows them.
sched() {
	chrt -p "$1" | awk '/policy/ { p = $NF } /priority/ { r = $NF }
	    END { print p, r }'
}
locked_kb() { awk '$1 == "VmLck:" { print $2 }' "/proc/$1/status"; }

conf "$BFD"
"$VIGILD" -t -f "$T_DIR/a.conf" >"$T_DIR/t.out" 2>&1 || fail "vigild -t: $(cat "$T_DIR/t.out")"
grep -q 'note: vigil has no BFD process: the VRRP process runs the bfd_instance sessions and takes the stronger of each bfd_\* and vrrp_\* setting (SCHED_RR priority 50, no_swap' \
    "$T_DIR/t.out" || fail "vigild -t: no note on bfd_*: $(cat "$T_DIR/t.out")"
grep -q 'not supported' "$T_DIR/t.out" && fail "vigild -t: $(cat "$T_DIR/t.out")"
vigil_start a "$T_DIR/a.conf"
vigil_wait_child a vrrp "" 5 || fail "no vrrp child"
V=$(vigil_pid a vrrp)
wait_for 3 sh -c "chrt -p $V | grep -q 'priority: 50'" ||
	fail "vrrp child with a bfd_instance: $(sched "$V"), not SCHED_RR 50"
case $(sched "$V") in SCHED_RR*" 50") ;; *) fail "vrrp child: $(sched "$V")" ;; esac
[ "$(locked_kb "$V")" -gt 0 ] || fail "vrrp child: bfd_no_swap locked nothing"
stop_pid "$VIGIL_PID"

conf ""
"$VIGILD" -t -f "$T_DIR/a.conf" >"$T_DIR/t.out" 2>&1 || fail "vigild -t: $(cat "$T_DIR/t.out")"
grep -q 'note: bfd_\* process keywords: there is no bfd_instance, so they have no effect' \
    "$T_DIR/t.out" || fail "vigild -t without bfd_instance: $(cat "$T_DIR/t.out")"
# Something for the vrrp child to run: a static address.
cat >>"$T_DIR/a.conf" <<EOF
static_ipaddress {
	192.0.2.5/32 dev lo
}
EOF
mv "$T_DIR/a.log" "$T_DIR/a-first.log"
vigil_start a "$T_DIR/a.conf"
vigil_wait_child a vrrp "$V" 5 || fail "no vrrp child"
V=$(vigil_pid a vrrp)
wait_for 3 sh -c "chrt -p $V | grep -q 'priority: 20'" ||
	fail "vrrp child without bfd_instance: $(sched "$V"), not SCHED_RR 20"
[ "$(locked_kb "$V")" = 0 ] || fail "vrrp child without bfd_instance: memory locked"
pass
