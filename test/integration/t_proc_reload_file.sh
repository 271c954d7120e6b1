#!/bin/sh
# reload_file: a leftover file is removed once vigild has read its files
# at start; at a reload vigild truncates (or makes) it before it reads
# the files and removes it after (strace shows the order), so a writer
# that wrote something into it sees it empty while the reading goes on
# and gone after. Without the keyword no file is
# made. disable_local_igmp: igmp_link_local_mcast_reports is 0 in the
# daemon's namespace while it runs and back to what it was after; a
# reload dropping the keyword warns and changes nothing.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
ns_exec a ip addr add 192.0.2.1/24 dev veth0
RF=$T_DIR/rf
igmp() { ns_exec a cat /proc/sys/net/ipv4/igmp_link_local_mcast_reports; }
[ "$(igmp)" = 1 ] || fail "igmp_link_local_mcast_reports is $(igmp) before"
conf() {
	vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24 "
global_defs {
$1
}
include $T_DIR/extra.conf"
}
: >"$T_DIR/extra.conf"
conf "	reload_file $RF
	disable_local_igmp"
echo leftover >"$RF"
vigil_start a "$T_DIR/vigil.conf"
wait_log "$T_DIR/a.log" 'configuration 1 running' 5 || fail "not ready"
[ -e "$RF" ] && fail "leftover reload_file not removed at start"
[ "$(igmp)" = 0 ] || fail "igmp_link_local_mcast_reports $(igmp) while running"
# Nothing made without a reload.
sleep 0.5
[ -e "$RF" ] && fail "reload_file made without a reload"

# A reload, watched with strace: the file is opened with O_TRUNC before
# the configuration is opened, and removed after; gone at the end.
echo "busy" >"$RF"
strace -q -p "$VIGIL_PID" -e trace=openat,unlink,unlinkat \
    -o "$T_DIR/strace" 2>/dev/null &
ST=$!
track_pid "$ST"
sleep 1
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'configuration 2 running' 5 || fail "no reload"
stop_pid "$ST" 5
line() { grep -n -- "$1" "$T_DIR/strace" | head -n 1 | cut -d: -f1; }
T=$(line "\"$RF\", O_WRONLY|O_CREAT|O_TRUNC") C=$(line "vigil.conf\"")
U=$(line "unlink.*\"$RF\"")
log "strace lines: truncate $T, open vigil.conf $C, unlink $U"
[ -n "$T" ] && [ -n "$C" ] && [ -n "$U" ] && [ "$T" -lt "$C" ] &&
    [ "$C" -lt "$U" ] || fail "reload_file: not truncated, read, removed: $(cat "$T_DIR/strace")"
[ -e "$RF" ] && fail "reload_file not removed after the reload"
log "reload_file: emptied before reading, removed after"

# Made when missing, removed after; a refused reload removes it too.
echo "vrrp_instance {" >"$T_DIR/extra.conf"
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'reload failed' 5 || fail "bad reload not refused"
wait_for 3 sh -c "[ ! -e '$RF' ]" || fail "reload_file left by a refused reload"

# Without reload_file (and without disable_local_igmp): no file, and a
# warning that the IGMP setting stays until a restart.
: >"$T_DIR/extra.conf"
conf ""
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'configuration 3 running' 5 || fail "no reload 3"
wait_log "$T_DIR/a.log" 'disable_local_igmp: a reload does not change it' 1 ||
	fail "no disable_local_igmp reload warning"
[ "$(igmp)" = 0 ] || fail "a reload changed igmp_link_local_mcast_reports"
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'configuration 4 running' 5 || fail "no reload 4"
[ -e "$RF" ] && fail "reload_file made without the keyword"

stop_pid "$VIGIL_PID" 10
[ "$(igmp)" = 1 ] || fail "igmp_link_local_mcast_reports $(igmp) after stop"
log "disable_local_igmp: 0 while running, 1 again after"
pass
