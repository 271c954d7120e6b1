#!/bin/sh
# SNMP traps when a reload removes a sync group: G1 {VI_1, VI_2} and VI_0
# (no group) become MASTER under Debian's keepalived (-x), then under
# vigild, each with its own Debian snmpd (AgentX master) and snmptrapd
# in namespace h1; a reload (SIGHUP) removes G1 with its members, then,
# in a second round, G1 alone. keepalived 2.2.7 sends no sync group trap
# for the removed group; vigild must not either. The traps of the
# members that go are not compared (vigild's state for a removed
# instance is deleted(6), keepalived's fault(3) without notify_deleted).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
for p in /usr/sbin/snmpd /usr/sbin/snmptrapd; do
	[ -x "$p" ] || fail "$p not installed (test/deps.sh)"
done
GROUP_TRAP='\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.2\.10\.0\.1[[:space:]]'

vrrp_lan
# The agent runs as an unprivileged user: it must reach the AgentX socket.
chmod 0711 "$T_DIR"
mkdir -m 0755 "$T_DIR/ax"

# conf GROUP(yes|no) MEMBERS(yes|no)
conf() {
	cat <<EOF
global_defs {
	router_id snmp_r1
	enable_snmp_vrrp
	enable_traps
	snmp_socket unix:$T_DIR/ax/agentx
}
EOF
	[ "$1" = yes ] && cat <<EOF
vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
}
EOF
	for i in 0 1 2; do
		[ "$i" != 0 ] && [ "$2" = no ] && continue
		cat <<EOF
vrrp_instance VI_$i {
	interface eth0
	virtual_router_id 5$i
	priority 100
	version 3
	advert_int 0.1
	virtual_ipaddress {
		192.0.2.1$i
	}
}
EOF
	done
}

cat >"$T_DIR/snmpd.conf" <<EOF
master agentx
agentXSocket $T_DIR/ax/agentx
agentXPerms 0777 0755
rocommunity public 192.0.2.1
agentaddress udp:192.0.2.1:161
trap2sink 192.0.2.1:162 public
EOF
printf 'disableAuthorization yes\n' >"$T_DIR/snmptrapd.conf"

# group_traps NAME: the sync group traps NAME.trapd.log holds.
group_traps() { grep -c "$GROUP_TRAP" "$T_DIR/$1.trapd.log" || true; }

# round ka|vg MEMBERS(yes|no): start with G1, wait for its MASTER trap,
# reload without G1 (MEMBERS: its instances kept); AFTER is the number of
# group traps after the reload.
round() {
	rm -f "$T_DIR/ax/agentx"
	daemon_start h1 "$T_DIR/$1.trapd.log" /usr/sbin/snmptrapd -f -Lo -On \
	    -C -c "$T_DIR/snmptrapd.conf" -p "$T_DIR/$1.trapd.pid" \
	    -F 'TRAP %v\n' udp:192.0.2.1:162
	TRAPD=$DAEMON_PID
	wait_log "$T_DIR/$1.trapd.log" 'NET-SNMP version' 5 ||
		fail "snmptrapd did not start"
	daemon_start h1 "$T_DIR/$1.snmpd.log" /usr/sbin/snmpd -f -Lo -C \
	    -c "$T_DIR/snmpd.conf" -p "$T_DIR/$1.snmpd.pid"
	SNMPD=$DAEMON_PID
	wait_for 5 test -S "$T_DIR/ax/agentx" || fail "snmpd: no AgentX socket"
	conf yes yes >"$T_DIR/h1.conf"
	if [ "$1" = ka ]; then
		daemon_start h1 "$T_DIR/ka.log" "$KEEPALIVED" -x -n -l -D \
		    --vrrp -f "$T_DIR/h1.conf" -p "$T_DIR/ka.pid" \
		    -r "$T_DIR/ka.vrrp.pid" -c "$T_DIR/ka.check.pid"
		P=$DAEMON_PID
		wait_for 5 test -s "$T_DIR/ka.vrrp.pid" ||
			fail "keepalived: no vrrp pid file"
		track_pid "$(cat "$T_DIR/ka.vrrp.pid")"
	else
		vigil_start h1 "$T_DIR/h1.conf"
		P=$VIGIL_PID
	fi
	# G1's traps: BACKUP, MASTER.
	wait_for 10 sh -c "[ \$(grep -c '$GROUP_TRAP' '$T_DIR/$1.trapd.log') -ge 2 ]" ||
		fail "$1: no G1 MASTER trap: $(cat "$T_DIR/$1.trapd.log")"
	grep "$GROUP_TRAP" "$T_DIR/$1.trapd.log" | tail -1 |
	    grep -q '9586\.100\.5\.2\.1\.1\.3 = INTEGER: 2' ||
		fail "$1: G1's last trap is not MASTER"
	# Every instance MASTER too: 3 instance traps of state 2.
	wait_for 10 sh -c "[ \$(grep -c '9586\\.100\\.5\\.2\\.3\\.1\\.4 = INTEGER: 2' '$T_DIR/$1.trapd.log') -ge 3 ]" ||
		fail "$1: not every instance MASTER"
	sleep 0.5
	n=$(group_traps "$1")
	conf no "$2" >"$T_DIR/h1.conf"
	kill -HUP "$P"
	sleep 3
	AFTER=$(( $(group_traps "$1") - n ))
	if [ "$1" = ka ]; then ka_stop "$P"; else stop_pid "$P" 5; fi
	stop_pid "$TRAPD"
	stop_pid "$SNMPD"
}

for members in no yes; do
	round ka "$members"
	[ "$AFTER" = 0 ] || fail "keepalived sent $AFTER group traps after" \
	    "the reload (members kept: $members): the reference changed"
	round vg "$members"
	[ "$AFTER" = 0 ] || fail "vigild sent $AFTER group traps after the reload" \
	    "(members kept: $members): $(grep "$GROUP_TRAP" "$T_DIR/vg.trapd.log" | tail -1)"
	log "G1 removed (members kept: $members): no group trap, keepalived and vigild"
	rm -f "$T_DIR"/*.trapd.log
done
pass
