#!/bin/sh
# notify_deleted in vrrp_sync_group: a reload removes sync group G1
# (members VI_2, VI_3, masters, alone on the LAN; VI_1 is in no group).
# keepalived 2.2.7 (observed) reports nothing of a removed group: no
# notify_* script of the group, no "GROUP G1 ..." notify, no FIFO line;
# it does not know notify_deleted in a group.
# - G1 and its members removed, no notify_deleted: the members' notify
#   gets "INSTANCE VI_n FAULT 100" (t_notify_deleted.sh), the group's
#   scripts nothing, the FIFO no GROUP line.
# - Same with notify_deleted SCRIPT in G1: SCRIPT, then the group's
#   notify "GROUP G1 DELETED 0" (a group's priority argument is 0, as
#   in keepalived's "GROUP G1 MASTER 0"), in that order; the FIFO line
#   GROUP "G1" DELETED 0.
# - G1 removed, VI_2 and VI_3 kept (now in no group): they stay MASTER,
#   taken in place (their VIPs never leave), and nothing runs; with
#   notify_deleted (no SCRIPT) in G1, only "GROUP G1 DELETED 0" and the
#   FIFO line.
# vigilctl events shows the group DELETED in every case.
# The check child may take the new configuration before the vrrp child
# reports the group removed: G1's scripts come from the configuration
# before.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

FIFO=$T_DIR/h1.fifo
OUT=$T_DIR/notify.out
N=$T_DIR/notify.sh

cat >"$N" <<EOF
#!/bin/sh
echo "\$*" >>"$OUT"
EOF
cat >"$T_DIR/reader.sh" <<EOF
#!/bin/sh
exec cat "\$1" >>"$T_DIR/fifo.out"
EOF
chmod 755 "$N" "$T_DIR/reader.sh"

# inst NAME VRID VIP
inst() {
	cat <<EOF

vrrp_instance $1 {
	interface eth0
	virtual_router_id $2
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$3
	}
	notify "$N i-notify"
}
EOF
}

# h1_conf GROUP(yes|no) MEMBERS(yes|no) [G1 LINES]
h1_conf() {
	{
		cat <<EOF
global_defs {
	router_id vt_$$
	notify_fifo $FIFO
	notify_fifo_script "$T_DIR/reader.sh"
}
EOF
		inst VI_1 51 192.0.2.10
		[ "$2" = yes ] && inst VI_2 52 192.0.2.20 &&
			inst VI_3 53 192.0.2.30
		[ "$1" = yes ] && cat <<EOF

vrrp_sync_group G1 {
	group {
		VI_2
		VI_3
	}
	notify "$N g-notify"
	notify_master "$N g-master"
	notify_backup "$N g-backup"
	notify_fault "$N g-fault"
	notify_stop "$N g-stop"
	${3:-}
}
EOF
	} >"$T_DIR/h1.conf"
}

# run_case KEEP(yes|no) G1_LINES FIFO_LINE|- NOTIFY_LINE...: start with
# G1, reload without it (KEEP: with VI_2 and VI_3); after the reload
# notify.out must hold exactly the NOTIFY_LINEs (in any order but that of
# g-deleted before g-notify) and the FIFO's GROUP lines be FIFO_LINE.
run_case() {
	keep=$1 extra=$2 fline=$3; shift 3
	rm -f "$OUT" "$T_DIR/fifo.out" "$T_DIR/h1.log"
	h1_conf yes yes "$extra"
	vigil_start h1 "$T_DIR/h1.conf"
	H1=$VIGIL_PID
	wait_for 5 grep -qx 'g-notify GROUP G1 MASTER 0' "$OUT" ||
		fail "G1 not master: $(cat "$OUT" 2>/dev/null)"
	wait_for 3 grep -qx 'GROUP "G1" MASTER 0' "$T_DIR/fifo.out" ||
		fail "no FIFO line for G1: $(cat "$T_DIR/fifo.out" 2>/dev/null)"
	# Every start line is in: what comes after is the reload's.
	wait_for 3 sh -c "[ \$(grep -c 'i-notify INSTANCE VI_. MASTER' \
	    '$OUT') = 3 ]" || fail "not every instance master: $(cat "$OUT")"
	sleep 0.3
	n_out=$(wc -l <"$OUT") n_fifo=$(wc -l <"$T_DIR/fifo.out")
	"$VIGILCTL" -s "$T_DIR/h1.sock" events >"$T_DIR/ev" 2>&1 &
	EV_PID=$!
	track_pid "$EV_PID"
	wait_for 3 grep -q '"type":"events"' "$T_DIR/ev" ||
		fail "vigilctl events: no first line"
	ip_monitor h1 "$T_DIR/mon" address route
	h1_conf no "$keep"
	kill -HUP "$H1"
	wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload"
	printf '%s\n' "$@" | sed '/^$/d' | sort >"$T_DIR/want"
	got() { tail -n +"$((n_out + 1))" "$OUT" | sort; }
	wait_for 3 sh -c "tail -n +$((n_out + 1)) '$OUT' | sort |
	    cmp -s - '$T_DIR/want'" || true
	sleep 0.5
	got | cmp -s - "$T_DIR/want" || fail "notify lines after the reload:
want
$(cat "$T_DIR/want")
got
$(tail -n +"$((n_out + 1))" "$OUT")"
	if grep -q g-deleted "$T_DIR/want"; then
		tail -n +"$((n_out + 1))" "$OUT" | grep '^g-' | head -1 |
		    grep -qx g-deleted ||
			fail "g-deleted does not come first: $(cat "$OUT")"
	fi
	tail -n +"$((n_fifo + 1))" "$T_DIR/fifo.out" | grep '^GROUP' \
	    >"$T_DIR/fifo.new"
	if [ "$fline" = - ]; then
		[ ! -s "$T_DIR/fifo.new" ] ||
			fail "FIFO lines after the reload: $(cat "$T_DIR/fifo.new")"
	else
		echo "$fline" | cmp -s - "$T_DIR/fifo.new" ||
			fail "FIFO after the reload: want $fline, got
$(cat "$T_DIR/fifo.new")"
	fi
	if [ "$keep" = yes ]; then
		for v in VI_2 VI_3; do
			grep -q "($v) reload: configuration taken in place (MASTER)" \
			    "$T_DIR/h1.log" || fail "$v not taken in place"
		done
		mon_lines "$T_DIR/mon" | grep Deleted | grep -q "inet 192.0.2" &&
			fail "a VIP left h1: $(mon_lines "$T_DIR/mon")"
		for a in 192.0.2.20 192.0.2.30; do
			has_vip h1 "$a" || fail "$a not on h1"
		done
	fi
	# vigilctl events shows the removal, notify_deleted or not.
	wait_for 3 grep -q '"group":"G1","state":"DELETED","from":"MASTER"' \
	    "$T_DIR/ev" || fail "vigilctl events: no G1 DELETED: $(cat "$T_DIR/ev")"
	kill "$MON_PID" "$EV_PID" 2>/dev/null
	stop_pid "$H1" 5
	log "keep $keep, $(echo "$extra" | sed "s|$T_DIR/||"): FIFO $fline;" \
	    "notify: $*"
}

vrrp_lan
run_case no "" - "i-notify INSTANCE VI_2 FAULT 100" \
    "i-notify INSTANCE VI_3 FAULT 100"
run_case no "notify_deleted \"$N g-deleted\"" 'GROUP "G1" DELETED 0' \
    "i-notify INSTANCE VI_2 FAULT 100" "i-notify INSTANCE VI_3 FAULT 100" \
    g-deleted "g-notify GROUP G1 DELETED 0"
run_case yes "" - ""
run_case yes "notify_deleted" 'GROUP "G1" DELETED 0' \
    "g-notify GROUP G1 DELETED 0"
pass
