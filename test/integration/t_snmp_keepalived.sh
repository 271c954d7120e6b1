#!/bin/sh
# SNMP: the same configuration under Debian's keepalived (-x) and under
# vigild, each with its own Debian snmpd as the AgentX master (a unix
# socket in the test's directory) in namespace h1: a walk of
# KEEPALIVED-MIB's global and VRRP parts, VRRP-MIB and VRRPV3-MIB must
# give the
# same OIDs and the same values (each mismatch listed), but for the
# version string and the values of counters and times. Then
# traps: snmptrapd collects what each sends while its instances start
# (BACKUP, then MASTER) and when a peer with a higher priority (vigild
# in h2) takes over; the trap OIDs and varbinds must be the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
for p in /usr/sbin/snmpd /usr/sbin/snmptrapd /usr/bin/snmpwalk; do
	[ -x "$p" ] || fail "$p not installed (test/deps.sh)"
done

vrrp_lan
[ -n "${SNMP_KEEP:-}" ] && t_at_exit "mkdir -p $SNMP_KEEP; cp -r $T_DIR/. $SNMP_KEEP/"
# The agent runs as an unprivileged user: it must reach the AgentX socket.
chmod 0711 "$T_DIR"
mkdir -m 0755 "$T_DIR/ax"

cat >"$T_DIR/h1.conf" <<EOF2
global_defs {
	router_id snmp_r1
	enable_snmp_vrrp
	enable_snmp_rfcv2
	enable_snmp_rfcv3
	enable_traps
	snmp_socket unix:$T_DIR/ax/agentx
}
vrrp_script chk {
	script "/bin/true"
	interval 1
	weight 10
}
vrrp_sync_group G1 {
	group {
		VI_1
	}
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority 100
	version 3
	advert_int 1
	virtual_ipaddress {
		192.0.2.10/24
		192.0.2.11 dev eth0 label eth0:1
	}
	virtual_ipaddress_excluded {
		2001:db8::10
	}
	track_script {
		chk
	}
}
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 53
	priority 120
	version 2
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass secret
	}
	virtual_ipaddress {
		192.0.2.30/24
		192.0.2.31
	}
	virtual_ipaddress_excluded {
		192.0.2.32
	}
}
vrrp_instance VI_6 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority 90
	advert_int 0.5
	nopreempt
	virtual_ipaddress {
		2001:db8::20
	}
}
EOF2
# The peer: h2, both instances at a higher priority.
sed -e 's/priority 100/priority 200/; s/priority 90/priority 190/' \
    -e 's/priority 120/priority 220/' \
    -e '/enable_snmp_/d; /enable_traps/d; /snmp_socket/d' \
    -e 's/router_id snmp_r1/router_id snmp_r2/' -e '/nopreempt/d' \
    "$T_DIR/h1.conf" >"$T_DIR/h2.conf"

cat >"$T_DIR/snmpd.conf" <<EOF2
master agentx
agentXSocket $T_DIR/ax/agentx
agentXPerms 0777 0755
rocommunity public 192.0.2.1
agentaddress udp:192.0.2.1:161
trap2sink 192.0.2.1:162 public
EOF2
printf 'disableAuthorization yes\n' >"$T_DIR/snmptrapd.conf"

# snmp_start NAME: snmpd and snmptrapd in h1; traps into NAME.traps.
snmp_start() {
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
}

snmp_stop() { stop_pid "$TRAPD"; stop_pid "$SNMPD"; }

# walk NAME: KEEPALIVED-MIB, VRRP-MIB and VRRPV3-MIB, numeric, into
# NAME.walk ("OID = TYPE: value").
walk() {
	ns_exec h1 snmpwalk -v2c -c public -On -t 2 192.0.2.1 \
	    .1.3.6.1.2.1.68 >"$T_DIR/$1.walk68" 2>&1
	ns_exec h1 snmpwalk -v2c -c public -On -t 2 192.0.2.1 \
	    .1.3.6.1.4.1.9586.100.5 >"$T_DIR/$1.walk" 2>&1
	ns_exec h1 snmpwalk -v2c -c public -On -t 2 192.0.2.1 \
	    .1.3.6.1.2.1.207 >>"$T_DIR/$1.walk" 2>&1
	cat "$T_DIR/$1.walk68" >>"$T_DIR/$1.walk"
}

# traps NAME: the traps NAME.trapd.log holds, one a line, without the
# uptime varbind and sorted (a trap's order next to another's is
# scheduling). Left out: snmpd's own coldStart.
traps() {
	grep '^TRAP ' "$T_DIR/$1.trapd.log" |
	    grep -v 'OID: \.1\.3\.6\.1\.6\.3\.1\.1\.5\.1[[:space:]]' |
	    sed -e 's/^TRAP //' -e 's/\.1\.3\.6\.1\.2\.1\.1\.3\.0 = Timeticks: ([0-9]*) [0-9:.]*[[:space:]]*//' \
	    -e 's/[[:space:]]*$//' | sort
}

# The time the walk has to settle: both instances MASTER (VI_1 after
# the master-down interval, VI_6 at once), their traps sent.
settle() {
	wait_for 10 sh -c "[ \$(grep -c '\\.9586\\.100\\.5\\.2\\.10\\.0\\.2' '$T_DIR/$1.trapd.log') -ge 6 ]" ||
		fail "$1: not 6 instance traps: $(cat "$T_DIR/$1.trapd.log")"
	sleep 1
}

# failover NAME: the peer in h2 takes both instances (h1's backup
# traps), then leaves (h1's master traps again).
failover() {
	vigil_start h2 "$T_DIR/h2.conf"
	P=$VIGIL_PID
	wait_for 15 sh -c "[ \$(grep -c '\\.9586\\.100\\.5\\.2\\.10\\.0\\.2' '$T_DIR/$1.trapd.log') -ge 9 ]" ||
		fail "$1: not 9 instance traps after the peer's takeover"
	sleep 1
	stop_pid "$P" 5
	wait_for 10 sh -c "[ \$(grep -c '\\.9586\\.100\\.5\\.2\\.10\\.0\\.2' '$T_DIR/$1.trapd.log') -ge 12 ]" ||
		fail "$1: not 12 instance traps after the peer left"
	sleep 1
}

# keepalived
snmp_start ka
daemon_start h1 "$T_DIR/ka.log" "$KEEPALIVED" -x -n -l -D --vrrp \
    -f "$T_DIR/h1.conf" -p "$T_DIR/ka.pid" -r "$T_DIR/ka.vrrp.pid" \
    -c "$T_DIR/ka.check.pid"
K=$DAEMON_PID
wait_for 5 test -s "$T_DIR/ka.vrrp.pid" || fail "keepalived: no vrrp pid file"
track_pid "$(cat "$T_DIR/ka.vrrp.pid")"
settle ka
walk ka
traps ka >"$T_DIR/ka.start"
failover ka
traps ka >"$T_DIR/ka.all"
ka_stop "$K"
sleep 1
traps ka >"$T_DIR/ka.end"
snmp_stop

# vigild
snmp_start vg
vigil_start h1 "$T_DIR/h1.conf"
V=$VIGIL_PID
settle vg
walk vg
traps vg >"$T_DIR/vg.start"
failover vg
traps vg >"$T_DIR/vg.all"
stop_pid "$V" 5
sleep 1
traps vg >"$T_DIR/vg.end"
snmp_stop

grep -q 'ENDOFMIBVIEW\|No Such\|Timeout' "$T_DIR/vg.walk" &&
	fail "vigil's walk: $(cat "$T_DIR/vg.walk")"
[ "$(wc -l <"$T_DIR/ka.walk")" -gt 100 ] || fail "keepalived's walk: $(cat "$T_DIR/ka.walk")"

# Compare: each OID of either walk, its value in both. The values of
# counters and times (Counter32, Counter64, Timeticks) are compared by
# type only; version (1.1.0), the software's name and release, not at all.
awk -F' = ' '
	function kind(v) { sub(/:.*/, "", v); return v }
	FNR == NR { ka[$1] = $2; next }
	{ vg[$1] = $2 }
	END {
		for (o in ka) {
			if (o == ".1.3.6.1.4.1.9586.100.5.1.1.0") continue
			if (!(o in vg)) { print "missing in vigil: " o " = " ka[o]; bad++ }
			else if (ka[o] ~ /^(Counter32|Counter64|Timeticks):/ &&
			    kind(ka[o]) == kind(vg[o])) continue
			else if (ka[o] != vg[o]) { print "differs: " o ": keepalived " ka[o] ", vigil " vg[o]; bad++ }
		}
		for (o in vg)
			if (!(o in ka)) { print "only in vigil: " o " = " vg[o]; bad++ }
		exit bad > 0
	}' "$T_DIR/ka.walk" "$T_DIR/vg.walk" >"$T_DIR/walk.diff" ||
	fail "the walks differ:
$(sort "$T_DIR/walk.diff")"
log "walks match: $(wc -l <"$T_DIR/vg.walk") variables"

diff "$T_DIR/ka.start" "$T_DIR/vg.start" >"$T_DIR/start.diff" ||
	fail "the traps at start differ (< keepalived, > vigil):
$(cat "$T_DIR/start.diff")"
diff "$T_DIR/ka.all" "$T_DIR/vg.all" >"$T_DIR/all.diff" ||
	fail "the traps after the failover differ (< keepalived, > vigil):
$(cat "$T_DIR/all.diff")"
diff "$T_DIR/ka.end" "$T_DIR/vg.end" >"$T_DIR/end.diff" ||
	fail "the traps after the stop differ (< keepalived, > vigil):
$(cat "$T_DIR/end.diff")"
log "traps match: $(wc -l <"$T_DIR/vg.end")"
pass
