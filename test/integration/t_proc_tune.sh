#!/bin/sh
# global_defs' process keywords, read back from /proc: the vrrp child runs
# SCHED_RR (reset on fork) at vrrp_rt_priority with keepalived's
# RLIMIT_RTTIME (soft half the hard limit), locked memory, on the CPUs
# given, named by vrrp_process_name, and still with only CAP_NET_RAW and
# CAP_NET_ADMIN; the check child at checker_priority's nice, locked, on
# its CPU, named by process_names. The parent's umask. max_auto_priority:
# a check child stopped for longer than min_auto_priority_delay switches
# to SCHED_RR 1. config_save_dir keeps a copy per configuration;
# reload_time_file reloads at the time written (then removes the file);
# reload_check_config writes a refused reload's errors to its file;
# data_use_instance puts the instance name in the dump's file name; a
# reload that renames the vrrp child says it applies at its next start.
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
LAST=$(($(nproc) - 1))
mkdir -p "$T_DIR/rt"
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24 "
global_defs {
	vrrp_priority -5
	vrrp_rt_priority 20
	vrrp_rlimit_rttime 30000
	vrrp_no_swap
	vrrp_cpu_affinity 0
	checker_priority 7
	checker_no_swap
	checker_cpu_affinity $LAST
	process_names
	vrrp_process_name vr_tune
	max_auto_priority 30
	min_auto_priority_delay 1000000
	umask IWGRP | IROTH|IWOTH|IXOTH
	config_save_dir $T_DIR/save
	reload_time_file $T_DIR/rt/when
	reload_check_config $T_DIR/check.log
	instance tune$$
	data_use_instance
}"
vigil_start a "$T_DIR/vigil.conf"
wait_log "$T_DIR/a.log" 'configuration 1 running' 5 || fail "not ready"
V=$(vigil_pid a vrrp) C=$(vigil_pid a check)

# stat fields: 19 nice, 40 rt_priority, 41 policy (after the comm).
stat() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f"$(($2 - 2))"; }
want() { [ "$2" = "$3" ] || fail "$1: '$2', want '$3'"; }
grep -q 'vrrp_priority: the VRRP process runs SCHED_RR (priority 20)' \
    "$T_DIR/a.log" || fail "no vrrp_priority warning"
want "vrrp policy" "$(stat "$V" 41)" 2
want "vrrp rt_priority" "$(stat "$V" 40)" 20
chrt -p "$V" | grep -q 'SCHED_RR|SCHED_RESET_ON_FORK' ||
	fail "vrrp: $(chrt -p "$V")"
want "vrrp RLIMIT_RTTIME" "$(awk '/^Max realtime timeout/ { print $4, $5 }' \
    "/proc/$V/limits")" "15000 30000"
want "vrrp CPUs" "$(status_field "$V" Cpus_allowed_list)" 0
want "vrrp comm" "$(cat "/proc/$V/comm")" vr_tune
# CAP_NET_ADMIN, CAP_NET_RAW, CAP_IPC_LOCK (vrrp_no_swap), and
# CAP_SYS_NICE (max_auto_priority) only where RLIMIT_RTPRIO cannot be
# raised: without CAP_SYS_RESOURCE in the bounding set.
BND=$(status_field $$ CapBnd)
if [ $((0x$BND >> 24 & 1)) = 1 ]; then CAPS=0000000000007000
else CAPS=0000000000807000; fi
want "vrrp CapEff" "$(status_field "$V" CapEff)" "$CAPS"
[ "$(status_field "$V" VmLck)" -gt 0 ] || fail "vrrp: VmLck 0"
want "check nice" "$(stat "$C" 19)" 7
want "check policy" "$(stat "$C" 41)" 0
want "check CPUs" "$(status_field "$C" Cpus_allowed_list)" "$LAST"
want "check comm" "$(cat "/proc/$C/comm")" vigild_check
[ "$(status_field "$C" VmLck)" -gt 0 ] || fail "check: VmLck 0"
want "parent comm" "$(cat "/proc/$VIGIL_PID/comm")" vigild
want "parent umask" "$(status_field "$VIGIL_PID" Umask)" 0027
log "vrrp: RR 20, rttime 15000/30000, VmLck $(status_field "$V" VmLck) kB;" \
    "check: nice 7, VmLck $(status_field "$C" VmLck) kB"

# The check child misses its watchdog (1 s, so that a loaded machine
# running other tests does not trip it) by 2 s: SCHED_RR 1.
kill -STOP "$C"
sleep 2
kill -CONT "$C"
wait_log "$T_DIR/a.log" 'check.*realtime priority raised to 1' 2 ||
	fail "no automatic priority"
want "check policy after a stop" "$(stat "$C" 41)" 2
want "check rt_priority after a stop" "$(stat "$C" 40)" 1

# data_use_instance: the dumps carry the instance name.
kill -USR1 "$VIGIL_PID"
wait_for 3 test -s "$T_DIR/a.tmp/vigil.tune$$.data" || fail "no vigil.tune$$.data"

ls "$T_DIR/save/vigil.conf.$VIGIL_PID.0" >/dev/null ||
	fail "config_save_dir: $(ls "$T_DIR/save")"
grep -qx "# $T_DIR/vigil.conf" "$T_DIR/save/vigil.conf.$VIGIL_PID.0" ||
	fail "config_save_dir: no '# file' line"

# A reload two seconds from now, written as keepalived's HH:MM:SS.
date -d '+2 sec' +%H:%M:%S >"$T_DIR/rt/when.new"
mv "$T_DIR/rt/when.new" "$T_DIR/rt/when"
wait_log "$T_DIR/a.log" 'Scheduling reload for' 1 || fail "not scheduled"
sleep 0.5	# the reload is 1 to 2 s after the write
[ "$(count_log "$T_DIR/a.log" 'configuration 2 running')" = 0 ] ||
	fail "reloaded early"
wait_log "$T_DIR/a.log" 'configuration 2 running' 3 || fail "no reload"
[ ! -e "$T_DIR/rt/when" ] || fail "reload_time_file not removed"
test -e "$T_DIR/save/vigil.conf.$VIGIL_PID.1" || fail "no second copy"
grep -q 'configuration OK' "$T_DIR/check.log" || fail "check.log"

[ "$(count_log "$T_DIR/a.log" 'apply when it next starts')" = 0 ] ||
	fail "an unchanged reload says the scheduling changed"
# Another name for the vrrp child: said to apply at its next start.
sed -i 's/vrrp_process_name vr_tune/vrrp_process_name vr_new/' "$T_DIR/vigil.conf"
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'vrrp child: .*apply when it next starts' 3 ||
	fail "no notice of a changed vrrp_process_name"
want "vrrp comm after the reload" "$(cat "/proc/$V/comm")" vr_tune

# A broken configuration: refused, its error in the check log.
echo "vrrp_instance VI_2 { priority 300 }" >>"$T_DIR/vigil.conf"
kill -HUP "$VIGIL_PID"
wait_log "$T_DIR/a.log" 'reload failed' 3 || fail "broken reload"
grep -q 'error:' "$T_DIR/check.log" || fail "check.log: $(cat "$T_DIR/check.log")"
grep -q 'reload failed' "$T_DIR/check.log" || fail "check.log outcome"
alive "$V" || fail "vrrp child gone"
pass
