#!/bin/sh
# notify_deleted: a reload removes VI_2 (master, alone on the LAN).
# - Without notify_deleted (keepalived 2.2.7's behaviour): VI_2's notify
#   script gets "INSTANCE VI_2 FAULT 100", the notify FIFO the line
#   INSTANCE "VI_2" FAULT 100; neither notify_fault nor notify_stop runs.
# - With notify_deleted SCRIPT: SCRIPT runs, then notify gets
#   "INSTANCE VI_2 DELETED 100"; the FIFO line says DELETED; again no
#   notify_fault, no notify_stop. The JSON dump shows notify_deleted.
# VI_1 stays and reports nothing more.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
SIG=$("$VIGILD" --signum=JSON)

FIFO=$T_DIR/h1.fifo
OUT=$T_DIR/notify.out

cat >"$T_DIR/notify.sh" <<EOF
#!/bin/sh
echo "\$*" >>"$OUT"
EOF
cat >"$T_DIR/reader.sh" <<EOF
#!/bin/sh
exec cat "\$1" >>"$T_DIR/fifo.out"
EOF
chmod 755 "$T_DIR/notify.sh" "$T_DIR/reader.sh"

# h1_conf WITH_VI_2 [VI_2 LINES]
h1_conf() {
	cat >"$T_DIR/h1.conf" <<EOF
global_defs {
	router_id vt_$$
	notify_fifo $FIFO
	notify_fifo_script "$T_DIR/reader.sh"
}

vrrp_instance VI_1 {
	interface eth0
	virtual_router_id 51
	priority 200
	version 3
	advert_int 0.1
	virtual_ipaddress {
		$VIP4
	}
}
EOF
	[ "$1" = yes ] || return 0
	cat >>"$T_DIR/h1.conf" <<EOF

vrrp_instance VI_2 {
	interface eth0
	virtual_router_id 52
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		192.0.2.20
	}
	notify "$T_DIR/notify.sh notify"
	notify_fault "$T_DIR/notify.sh fault"
	notify_stop "$T_DIR/notify.sh stop"
	${2:-}
}
EOF
}

# run_case VI_2_LINES WORD NOTIFY_LINE...: start with VI_2, reload
# without it; notify.out must then hold VI_2's BACKUP and MASTER lines, then
# the NOTIFY_LINEs, the FIFO the four start lines and
# 'INSTANCE "VI_2" WORD 100' (VI_1 reports nothing more).
run_case() {
	extra=$1 word=$2; shift 2
	rm -f "$OUT" "$T_DIR/fifo.out" "$T_DIR/h1.log"
	h1_conf yes "$extra"
	vigil_start h1 "$T_DIR/h1.conf"
	H1=$VIGIL_PID
	wait_for 5 grep -qx 'notify INSTANCE VI_2 MASTER 100' "$OUT" ||
		fail "VI_2 not master: $(cat "$OUT" 2>/dev/null)"
	wait_for 3 grep -qx 'INSTANCE "VI_2" MASTER 100' "$T_DIR/fifo.out" ||
		fail "no FIFO line for VI_2: $(cat "$T_DIR/fifo.out" 2>/dev/null)"
	kill -"$SIG" "$H1"
	wait_log "$T_DIR/h1.log" "wrote $T_DIR/h1.tmp/vigil.json" 3 ||
		fail "no JSON dump"
	python3 -c 'import json, sys
for i in json.load(open(sys.argv[1])):
	if i["data"]["iname"] == "VI_2":
		print(str(i["data"]["notify_deleted"]).lower())' \
	    "$T_DIR/h1.tmp/vigil.json" >"$T_DIR/json.nd"
	h1_conf no
	kill -HUP "$H1"
	wait_log "$T_DIR/h1.log" 'configuration 2 running' 5 || fail "reload"
	printf "%s\n" "notify INSTANCE VI_2 BACKUP 100" \
	    "notify INSTANCE VI_2 MASTER 100" "$@" >"$T_DIR/want"
	wait_for 3 cmp -s "$OUT" "$T_DIR/want" ||
		fail "notify lines: want
$(cat "$T_DIR/want")
got
$(cat "$OUT")"
	wait_for 3 grep -qx "INSTANCE \"VI_2\" $word 100" "$T_DIR/fifo.out" ||
		fail "FIFO: no line INSTANCE \"VI_2\" $word 100 in
$(cat "$T_DIR/fifo.out")"
	sleep 0.5
	cmp -s "$OUT" "$T_DIR/want" || fail "notify lines after: $(cat "$OUT")"
	printf '%s\n' 'INSTANCE "VI_1" BACKUP 200' 'INSTANCE "VI_1" MASTER 200' \
	    'INSTANCE "VI_2" BACKUP 100' 'INSTANCE "VI_2" MASTER 100' \
	    "INSTANCE \"VI_2\" $word 100" | sort >"$T_DIR/want"
	sort "$T_DIR/fifo.out" | cmp -s - "$T_DIR/want" ||
		fail "FIFO lines: $(cat "$T_DIR/fifo.out")"
	stop_pid "$H1" 5
	log "$(echo "$extra" | sed "s|$T_DIR/||"): FIFO $word, notify: $*"
}

vrrp_lan
run_case "" FAULT "notify INSTANCE VI_2 FAULT 100"
[ "$(cat "$T_DIR/json.nd")" = false ] ||
	fail "JSON without notify_deleted: $(cat "$T_DIR/json.nd")"
run_case "notify_deleted \"$T_DIR/notify.sh deleted\"" DELETED \
    "deleted" "notify INSTANCE VI_2 DELETED 100"
[ "$(cat "$T_DIR/json.nd")" = true ] ||
	fail "JSON with notify_deleted: $(cat "$T_DIR/json.nd")"
run_case "notify_deleted" DELETED "notify INSTANCE VI_2 DELETED 100"
[ "$(cat "$T_DIR/json.nd")" = true ] ||
	fail "JSON with notify_deleted alone: $(cat "$T_DIR/json.nd")"
pass
