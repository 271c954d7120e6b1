#!/bin/sh
# vigild started in a fresh namespace: a parent and two children, each with
# exactly the capabilities vigild(8) documents, no socket left open across
# exec; pid files; data and stats dumps on SIGUSR1/SIGUSR2.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24 'vrrp_instance VI_2 {
	state BACKUP
	interface veth0
	virtual_router_id 52
	virtual_ipaddress {
		192.0.2.11/24
	}
}
vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
}'
vigil_start a "$T_DIR/vigil.conf"
P=$VIGIL_PID
D=$(vigil_dump a data)
S=$(vigil_dump a stats)
wait_log "$T_DIR/a.log" 'configuration 1 running in every process' 5 ||
	fail "the children did not apply the configuration"
V=$(vigil_pid a vrrp)
C=$(vigil_pid a check)
[ -n "$V" ] && [ -n "$C" ] || fail "no child pid files"
kids=$(children_of "$P" | sort | tr '\n' ' ')
want=$(printf '%s\n' "$V" "$C" | sort | tr '\n' ' ')
[ "$kids" = "$want" ] || fail "children of $P: '$kids', want '$want'"
log "parent $P, vrrp $V, check $C"
wait_log "$T_DIR/a.log" "vrrp: channel to check up \\(pid $C\\)" 3 &&
    wait_log "$T_DIR/a.log" "check: channel to vrrp up \\(pid $V\\)" 3 ||
	fail "no vrrp<->check channel"

# Every socket a child holds is close-on-exec: none reaches a script the
# check child runs (the channels live on fds 3 and 4 only, no copy).
for pid in "$V" "$C"; do
	for fd in /proc/$pid/fd/*; do
		case $(readlink "$fd") in socket:*) ;; *) continue ;; esac
		fl=$(awk '/^flags:/ { print $2 }' "/proc/$pid/fdinfo/${fd##*/}")
		[ $(( 0$fl & 02000000 )) -ne 0 ] ||
			fail "pid $pid: socket fd ${fd##*/} ($(readlink "$fd")) is not close-on-exec"
	done
done

# field PID FIELD WANT WHO
expect() {
	got=$(status_field "$1" "$2")
	[ "$got" = "$3" ] || fail "$4: $2 is $got, want $3"
}
bnd=$(status_field "$P" CapBnd)

# vrrp: CAP_NET_ADMIN CAP_NET_RAW, bounding set too, no_new_privs, not root.
expect "$V" CapEff 0000000000003000 vrrp
expect "$V" CapPrm 0000000000003000 vrrp
expect "$V" CapBnd 0000000000003000 vrrp
expect "$V" CapInh 0000000000000000 vrrp
expect "$V" CapAmb 0000000000000000 vrrp
expect "$V" NoNewPrivs 1 vrrp
[ "$(status_field "$V" Uid)" != 0 ] || fail "vrrp child runs as root"
# The user "vigil" else "nobody" and no other: looked up before exec,
# so the vrrp child maps no name service module (0.5 MiB with systemd's).
want=$(id -u vigil 2>/dev/null || id -u nobody)
[ "$(status_field "$V" Uid | cut -f1)" = "$want" ] ||
	fail "vrrp child runs as uid $(status_field "$V" Uid), want $want"
! grep -q 'libnss_' "/proc/$V/maps" ||
	fail "vrrp child maps $(grep -o 'libnss_[^ ]*' "/proc/$V/maps" | sort -u)"

# check: CAP_KILL CAP_SETGID CAP_SETUID (no LVS configured); bounding set
# unchanged (scripts may run as root); no no_new_privs (scripts may use
# setuid programs); not root.
expect "$C" CapEff 00000000000000e0 check
expect "$C" CapPrm 00000000000000e0 check
expect "$C" CapBnd "$bnd" check
expect "$C" CapInh 0000000000000000 check
expect "$C" NoNewPrivs 0 check
[ "$(status_field "$C" Uid)" != 0 ] || fail "check child runs as root"

# core: CAP_CHOWN CAP_DAC_READ_SEARCH CAP_KILL CAP_NET_ADMIN.
expect "$P" CapEff 0000000000001025 core
expect "$P" CapPrm 0000000000001025 core

kill -USR1 "$P"
wait_for 3 grep -q 'VRRP Script = chk_ok' "$D" ||
	fail "no check child section in $D"
grep -q "^ pid = $P\$" "$D" || fail "$D is not this daemon's dump"
wait_log "$T_DIR/a.log" "wrote $D\$" 3 || fail "no 'wrote $D' log line (TMPDIR)"
grep -q 'VRRP Instance = VI_1' "$D" ||
	fail "no vrrp child section in $D"
# What the vrrp child got: VIPs, tracked scripts, sync group members.
grep -q 'VIP (VI_2) = 192.0.2.11/24 dev veth0' "$D" ||
	fail "vrrp child: no VIP of VI_2"
grep -q 'Tracked script (VI_1) = chk_ok' "$D" ||
	fail "vrrp child: VI_1 does not track chk_ok"
grep -q 'Sync group G1: VI_2' "$D" ||
	fail "vrrp child: no sync group G1"
kill -USR2 "$P"
wait_for 3 grep -q 'Checker Statistics' "$S" ||
	fail "no $S"
grep -q 'VRRP Statistics' "$S" || fail "no vrrp statistics"

# A child that does not answer (stopped) does not block dumps for ever.
kill -STOP "$V"
kill -USR1 "$P"
wait_for 7 grep -q 'incomplete: no answer from a child' "$D" ||
	fail "dump never completed with a stopped child"
grep -q 'VRRP Script = chk_ok' "$D" ||
	fail "the check child's part is missing"
kill -CONT "$V"
kill -USR2 "$P"
wait_for 3 grep -q 'VRRP Statistics' "$S" ||
	fail "no dump after the stopped child came back"
pass
