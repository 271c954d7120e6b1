#!/bin/sh
# The SNMP agent process (vigild(8) SNMP agent): vigild with
# enable_snmp_vrrp starts `vigilctl snmp-agent` as an unprivileged user
# (no capabilities, no-new-privileges) that answers through Debian's
# snmpd (AgentX); its control connections are read-only (a reload asked
# on one is refused); killed, it is restarted ("lost snmp agent") and
# answers again; a reload without enable_snmp_vrrp stops it; -x starts it
# with no SNMP keyword at all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
[ -x /usr/sbin/snmpd ] || fail "snmpd not installed (test/deps.sh)"
[ -x "$VIGILCTL" ] || fail "$VIGILCTL not built (make)"

vrrp_lan
chmod 0711 "$T_DIR"
mkdir -m 0755 "$T_DIR/ax"
cat >"$T_DIR/snmpd.conf" <<EOF2
master agentx
agentXSocket $T_DIR/ax/agentx
agentXPerms 0777 0755
rocommunity public 192.0.2.1
agentaddress udp:192.0.2.1:161
EOF2
daemon_start h1 "$T_DIR/snmpd.log" /usr/sbin/snmpd -f -Lo -C \
    -c "$T_DIR/snmpd.conf" -p "$T_DIR/snmpd.pid"
wait_for 5 test -S "$T_DIR/ax/agentx" || fail "snmpd: no AgentX socket"

ROUTER_ID=.1.3.6.1.4.1.9586.100.5.1.2.0
VI1_STATE=.1.3.6.1.4.1.9586.100.5.2.3.1.4.1
get() {
	ns_exec h1 snmpget -v2c -c public -On -Oqv -t 1 -r 1 192.0.2.1 "$1" \
	    2>/dev/null
}

# conf FILE EXTRA: VI_1 master at once; EXTRA in global_defs.
conf() {
	STATE=MASTER vrrp_conf "$1" 150 "advert_int 1" "$2"
}
conf "$T_DIR/snmp.conf" "enable_snmp_vrrp
	snmp_socket $T_DIR/ax/agentx"
conf "$T_DIR/none.conf" ""

# agent_pid: the vigilctl child of vigild (empty if none).
agent_pid() {
	for p in $(children_of "$VIGIL_PID"); do
		case $(readlink "/proc/$p/exe") in
		*/vigilctl) echo "$p"; return ;;
		esac
	done
}

vigil_start h1 "$T_DIR/snmp.conf"
wait_log "$T_DIR/h1.log" 'started snmp agent \(pid [0-9]+\)' 5 ||
	fail "no snmp agent started"
wait_for 10 sh -c "[ \"\$(ip netns exec $(ns h1) snmpget -v2c -c public -On -Oqv -t 1 -r 0 192.0.2.1 $ROUTER_ID 2>/dev/null)\" = '\"vt_$$\"' ]" ||
	fail "the agent does not answer: $(get $ROUTER_ID)"
wait_for 5 sh -c "[ \"\$(ip netns exec $(ns h1) snmpget -v2c -c public -On -Oqv -t 1 -r 0 192.0.2.1 $VI1_STATE 2>/dev/null)\" = 2 ]" ||
	fail "VI_1 is not master(2) in vrrpInstanceState: $(get $VI1_STATE)"

A=$(agent_pid)
[ -n "$A" ] || fail "no vigilctl child of vigild"
uid=$(awk '$1 == "Uid:" { print $2, $3, $4, $5 }' "/proc/$A/status")
case " $uid " in
*" 0 "*) fail "the agent runs with uid 0 somewhere: $uid" ;;
esac
[ "$(status_field "$A" CapEff)" = 0000000000000000 ] ||
	fail "the agent has capabilities: $(status_field "$A" CapEff)"
[ "$(status_field "$A" CapPrm)" = 0000000000000000 ] ||
	fail "the agent has permitted capabilities"
[ "$(status_field "$A" NoNewPrivs)" = 1 ] || fail "the agent lacks no_new_privs"
# Its descriptors: the channel, its connections, the AgentX socket; never
# the control socket's listening path.
ls -l "/proc/$A/fd" | grep -q "$T_DIR/h1.sock" &&
	fail "the agent holds the control socket"
log "agent pid $A, uid $uid, no capabilities"

# The agent's channel hands out read-only connections: take a copy of
# its fd 3 (pidfd_getfd), ask for a connection as the agent does, and
# ask for a reload on it: refused.
python3 - "$A" >"$T_DIR/ro.out" 2>&1 <<'PY' || fail "read-only: $(cat "$T_DIR/ro.out")"
import array, ctypes, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
pidfd = os.pidfd_open(int(sys.argv[1]))
fd = libc.syscall(438, pidfd, 3, 0)	# pidfd_getfd
if fd < 0:
    sys.exit("pidfd_getfd: errno %d" % ctypes.get_errno())
ch = socket.socket(fileno=fd)
ch.send(b"c")
msg, anc, flags, addr = ch.recvmsg(1, socket.CMSG_SPACE(4))
fds = array.array("i")
for level, kind, data in anc:
    fds.frombytes(data[:4])
if len(fds) != 1:
    sys.exit("no connection passed")
c = socket.socket(fileno=fds[0])
c.settimeout(5)
c.sendall(b"reload\n")
out = b""
while True:
    d = c.recv(4096)
    if not d:
        break
    out += d
print(out.decode())
sys.exit(0 if b"%end error read-only" in out else 1)
PY
grep -q 'reload asked' "$T_DIR/h1.log" && fail "a reload ran from the agent's connection"

# Killed: restarted, answers again.
kill -KILL "$A"
wait_log "$T_DIR/h1.log" "lost snmp agent \\(pid $A\\)" 3 || fail "no lost snmp agent line"
wait_for 10 sh -c "[ \$(grep -c 'started snmp agent' '$T_DIR/h1.log') -ge 2 ]" ||
	fail "the agent was not restarted"
wait_for 10 sh -c "[ \"\$(ip netns exec $(ns h1) snmpget -v2c -c public -On -Oqv -t 1 -r 0 192.0.2.1 $VI1_STATE 2>/dev/null)\" = 2 ]" ||
	fail "the restarted agent does not answer"
A2=$(agent_pid)
[ -n "$A2" ] && [ "$A2" != "$A" ] || fail "no new agent process"

# A reload without SNMP stops it.
cp "$T_DIR/none.conf" "$T_DIR/snmp.conf"
vigil_ctl h1 reload >/dev/null || fail "reload failed"
wait_log "$T_DIR/h1.log" 'snmp agent no longer configured' 5 ||
	fail "the agent was not stopped at the reload"
wait_for 5 sh -c "! kill -0 $A2 2>/dev/null" || fail "agent $A2 still running"
[ -z "$(get $ROUTER_ID | grep -v 'No Such')" ] ||
	fail "KEEPALIVED-MIB still served: $(get $ROUTER_ID)"
stop_pid "$VIGIL_PID" 5

# -x: the agent with no SNMP keyword (the socket from -A).
mv "$T_DIR/h1.log" "$T_DIR/h1-first.log"
vigil_start h1 "$T_DIR/none.conf" -x -A "unix:$T_DIR/ax/agentx"
wait_log "$T_DIR/h1.log" 'started snmp agent' 5 || fail "-x: no agent"
wait_for 10 sh -c "[ \"\$(ip netns exec $(ns h1) snmpget -v2c -c public -On -Oqv -t 1 -r 0 192.0.2.1 $ROUTER_ID 2>/dev/null)\" = '\"vt_$$\"' ]" ||
	fail "-x: the agent does not answer"
A3=$(agent_pid)
stop_pid "$VIGIL_PID" 5
wait_for 3 sh -c "! kill -0 $A3 2>/dev/null" || fail "the agent outlived vigild"
pass
