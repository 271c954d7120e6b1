#!/bin/sh
# net_namespace: vigild started from the host's namespace with
# `net_namespace NAME` (a namespace this test made with `ip netns add`)
# runs there, parent and children: the VIP is inside NAME and not in the
# host's namespace, a client in another namespace reaches it, vigilctl
# talks to it over its control socket (a file, shared by every
# namespace); the default pid files and control socket carry NAME. A reload naming another namespace is refused and the daemon
# keeps running; a namespace that does not exist refuses the start. After
# the whole daemon is SIGKILLed, `vigild --release` with the same
# configuration, run from the host, removes the VIP inside NAME.
# Nothing is configured outside the namespaces this test created.
. "$(dirname "$0")/lib.sh"
need_root

VIP=192.0.2.100
ns_create d
ns_create c
ns_veth d eth0 c eth0
ip -n "$(ns d)" addr add 192.0.2.1/24 dev eth0
ip -n "$(ns c)" addr add 192.0.2.9/24 dev eth0

# conf FILE NETNS: vigil_conf_min with net_namespace NETNS in global_defs.
conf() {
	vigil_conf_min "$1" eth0 "$VIP/24"
	sed -i "s|^\trouter_id vigil_test|&\n\tnet_namespace $2\n\tnamespace_with_ipsets|" "$1"
}
conf "$T_DIR/d.conf" "$(ns d)"

# The netns inode of PID, and the one of the namespace d.
netns_of() { stat -L -c %i "/proc/$1/ns/net"; }
D_INO=$(stat -L -c %i "/run/netns/$(ns d)")
HOST_INO=$(netns_of $$)
[ "$D_INO" != "$HOST_INO" ] || fail "the test runs inside $(ns d)?"

# A name that does not exist: refused, nothing started.
conf "$T_DIR/missing.conf" "$(ns missing)"
"$VIGILD" -n -l -f "$T_DIR/missing.conf" -p "$T_DIR/m.pid" \
    -r "$T_DIR/m.vrrp.pid" -c "$T_DIR/m.check.pid" \
    --control-socket="$T_DIR/m.sock" >"$T_DIR/missing.out" 2>&1 &&
	fail "vigild started in a namespace that does not exist"
grep -q "net_namespace $(ns missing): /run/netns/$(ns missing): .*ip netns add" \
    "$T_DIR/missing.out" || fail "no clear error for a missing namespace: $(cat "$T_DIR/missing.out")"
[ ! -e "$T_DIR/m.pid" ] || fail "a pid file for a refused start"

# Started from here, the host's namespace, with the default pid files
# and control socket, which carry the namespace's name.
RUN=/run/vigil
t_files "$RUN/vigild_$(ns d).pid" "$RUN/vrrp_$(ns d).pid" \
    "$RUN/check_$(ns d).pid" "$RUN/vigil_$(ns d).sock"
mkdir -p "$T_DIR/d.tmp"
env TMPDIR="$T_DIR/d.tmp" "$VIGILD" -n -l -f "$T_DIR/d.conf" \
    >"$T_DIR/d.log" 2>&1 &
VPID=$!
track_pid "$VPID"
wait_for 5 test -s "$RUN/vigild_$(ns d).pid" ||
	fail "no pid file $RUN/vigild_$(ns d).pid"
[ "$(cat "$RUN/vigild_$(ns d).pid")" = "$VPID" ] || fail "pid file's pid"
for p in vrrp check; do
	wait_for 5 test -s "$RUN/${p}_$(ns d).pid" || fail "no $p pid file"
	cp "$RUN/${p}_$(ns d).pid" "$T_DIR/d.$p.pid"
done
wait_log "$T_DIR/d.log" 'Entering MASTER STATE' 6 || fail "no MASTER"
grep -q "running in network namespace $(ns d) (/run/netns/$(ns d))" \
    "$T_DIR/d.log" || fail "no line naming the namespace"
[ "$(netns_of "$VPID")" = "$D_INO" ] || fail "the parent is not in $(ns d)"
for p in vrrp check; do
	cp=$(vigil_pid d "$p")
	[ -n "$cp" ] || fail "no $p child"
	track_pid "$cp"
	[ "$(netns_of "$cp")" = "$D_INO" ] || fail "the $p child is not in $(ns d)"
done
ip -n "$(ns d)" -o addr show dev eth0 | grep -q " $VIP/24" ||
	fail "the VIP is not in $(ns d)"
! ip -o addr show | grep -q " $VIP/" || fail "the VIP is in the host's namespace"
ns_exec c ping -c 1 -W 2 "$VIP" >/dev/null || fail "the client does not reach the VIP"
"$VIGILCTL" -s "$RUN/vigil_$(ns d).sock" status | grep -q 'VI_1.*MASTER' ||
	fail "vigilctl status over the control socket"

# A reload that names another namespace: refused, still running there.
conf "$T_DIR/d.conf" "$(ns other)"
kill -HUP "$VPID"
wait_log "$T_DIR/d.log" "reload refused: net_namespace changed \\(running in $(ns d), the configuration names $(ns other)\\)" 4 ||
	fail "a reload moving the namespace was not refused"
alive "$VPID" || fail "vigild stopped on the refused reload"
ip -n "$(ns d)" -o addr show dev eth0 | grep -q " $VIP/24" ||
	fail "the VIP went away on the refused reload"
conf "$T_DIR/d.conf" "$(ns d)"

# SIGKILL of the whole daemon: the VIP stays; --release from the host
# removes it inside the namespace.
VR=$(vigil_pid d vrrp) CK=$(vigil_pid d check)
# Stopped first: a child that sees its parent die leaves as on SIGTERM
# (removing the VIP) if it runs before its own SIGKILL lands.
kill -STOP "$VPID" "$VR" "$CK"
kill -KILL "$VPID" "$VR" "$CK"
wait_for 3 sh -c "! kill -0 $VPID 2>/dev/null && ! kill -0 $VR 2>/dev/null" ||
	fail "the daemon did not die"
ip -n "$(ns d)" -o addr show dev eth0 | grep -q " $VIP/24" ||
	fail "the VIP went with the SIGKILLed daemon (nothing to release)"
"$VIGILD" --release -l -f "$T_DIR/d.conf" \
    >"$T_DIR/release.out" 2>&1 || fail "--release: $(cat "$T_DIR/release.out")"
grep -q "running in network namespace $(ns d)" "$T_DIR/release.out" ||
	fail "--release did not say where it ran"
! ip -n "$(ns d)" -o addr show dev eth0 | grep -q " $VIP/" ||
	fail "--release left the VIP in $(ns d)"
[ ! -e "$RUN/vigild_$(ns d).pid" ] || fail "--release left the pid file"
pass
