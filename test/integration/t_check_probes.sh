#!/bin/sh
# test: exclusive
# The real-server probes (TCP_CHECK, SMTP_CHECK, DNS_CHECK) against real
# servers, each attempt run by build/tools/probe_run in namespace "cl"
# (192.0.2.1, .2, .3, 2001:db8::1) on a bridge with "srv" (192.0.2.10,
# 2001:db8::10: a TCP listener, smtp_sink.py in each of its modes and
# dns_responder.py with a port per mode; a blackhole route back to
# 192.0.2.3, so that SYNs from there go unanswered).
# 1. TCP: up; refused; SYNs dropped (timeout, after the timeout);
#    unreachable route (at once); from bindto and bind_port (seen by the
#    server); a bindto that is not ours; IPv6; an IPv6 link-local bindto
#    with bind_if (fe80::1 on cl).
# 2. SMTP: HELO with our name and QUIT reach the server; a greeting over
#    three lines; a 554 greeting, a 500 to HELO, a server that never
#    greets, one that greets and falls silent, one that greets and hangs
#    up, one whose greeting never ends (fails at once, not at the
#    timeout); a greeting line of 512 bytes (taken) and of 513 (not);
#    refused; cancelled.
# 3. DNS: A and keepalived's default (SOA of ".") answered; NOERROR
#    without a record (a success, as in keepalived 2.2.7); NXDOMAIN; a
#    reply with another id only, of another question, cut short, none at
#    all (each a timeout naming what was ignored); the right reply after
#    one of another id; port closed; from bindto and bind_port; IPv6;
#    random ids.
. "$(dirname "$0")/lib.sh"
need_root
command -v python3 >/dev/null || fail "python3 needed for the servers"
# The interpreter itself, not a wrapper that finds it at each start.
PY=$(python3 -c 'import sys; print(sys.executable)')
HERE=$(cd "$(dirname "$0")" && pwd)
PROBE=${PROBE:-$T_ROOT/build/tools/probe_run}	# or a sanitizer build
[ -x "$PROBE" ] || fail "$PROBE not built (make tools)"

ns_create sw
br_create sw br0
host_add cl sw br0 192.0.2.1/24
host_add srv sw br0 192.0.2.10/24
ip -n "$(ns cl)" addr add 192.0.2.2/24 dev eth0
ip -n "$(ns cl)" addr add 192.0.2.3/24 dev eth0
ip -n "$(ns cl)" addr add 2001:db8::1/64 dev eth0 nodad
ip -n "$(ns srv)" addr add 2001:db8::10/64 dev eth0 nodad
ip -n "$(ns cl)" addr add fe80::1/64 dev eth0 nodad
ip -n "$(ns cl)" route add unreachable 203.0.113.0/24
ip -n "$(ns srv)" route add blackhole 192.0.2.3/32

cat >"$T_DIR/tcp_listen.py" <<'EOF'
import os, socket, sys
addr, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
s.listen(16)
log = open(out, "a", buffering=1)
open(out + ".pid", "w").write("%d\n" % os.getpid())
while True:
    c, peer = s.accept()
    log.write("peer %s %d\n" % (peer[0], peer[1]))
    c.close()
EOF

# server NS NAME CMD...: a server whose log is $T_DIR/NAME, ready once it
# wrote NAME.pid.
SERVERS=""
server() {
	n=$1 name=$2; shift 2
	daemon_start "$n" "$T_DIR/$name.stderr" "$@" "$T_DIR/$name"
	SERVERS="$SERVERS $name"
}
server srv tcp "$PY" "$T_DIR/tcp_listen.py" 192.0.2.10 80
server srv tcp6 "$PY" "$T_DIR/tcp_listen.py" 2001:db8::10 80
port=2525
for mode in ok multiline greet554 helo500 helomute hangup endless silent \
    greet512 greet513; do
	daemon_start srv "$T_DIR/smtp_$mode.stderr" "$PY" \
	    "$HERE/smtp_sink.py" 192.0.2.10 $port "$T_DIR/smtp_$mode" $mode
	SERVERS="$SERVERS smtp_$mode"
	eval "SMTP_$mode=$port"
	port=$((port + 1))
done
port=5300 dns=""
for mode in ok nodata nxdomain wrongid wrongid_ok question truncated \
    silent; do
	dns="$dns $port:$mode"
	eval "DNS_$mode=$port"
	port=$((port + 1))
done
daemon_start srv "$T_DIR/dns.stderr" "$PY" "$HERE/dns_responder.py" \
    192.0.2.10 "$T_DIR/dns" $dns
SERVERS="$SERVERS dns"
daemon_start srv "$T_DIR/dns6.stderr" "$PY" "$HERE/dns_responder.py" \
    2001:db8::10 "$T_DIR/dns6" 53:ok
SERVERS="$SERVERS dns6"
for s in $SERVERS; do
	wait_for 10 test -s "$T_DIR/$s.pid" || fail "server $s did not start"
done

# run NAME ARGS...: probe_run ARGS in cl; its output in NAME.out, its
# elapsed_ms in NAME.ms, its exit status in NAME.rc.
run() {
	name=$1; shift
	rc=0
	ns_exec cl "$PROBE" "$@" >"$T_DIR/$name.out" 2>"$T_DIR/$name.err" ||
	    rc=$?
	echo "$rc" >"$T_DIR/$name.rc"
	sed -n 's/^elapsed_ms //p' "$T_DIR/$name.err" >"$T_DIR/$name.ms"
}

# expect NAME RC LINE [MIN_MS MAX_MS]: the probe printed exactly LINE and
# exited RC, within MIN_MS..MAX_MS if given.
expect() {
	out=$(cat "$T_DIR/$1.out") rc=$(cat "$T_DIR/$1.rc")
	ms=$(cat "$T_DIR/$1.ms")
	[ "$out" = "$3" ] && [ "$rc" = "$2" ] ||
	    fail "$1: got '$out' (exit $rc, $(cat "$T_DIR/$1.err")), want '$3' (exit $2)"
	if [ -n "${4:-}" ]; then
		[ -n "$ms" ] && [ "$ms" -ge "$4" ] && [ "$ms" -le "$5" ] ||
		    fail "$1: took '$ms' ms, not $4..$5"
	fi
	log "$1: $out (${ms:-?} ms)"
}

SRV="--connect 192.0.2.10"

# The cases that end at their 1 s timeout, all at once.
BG=""
run tcp_drop tcp $SRV --port 80 --bindto 192.0.2.3 --timeout 1000 &
BG="$BG $!"
run smtp_mute smtp $SRV --port "$SMTP_helomute" --timeout 1000 &
BG="$BG $!"
run smtp_silent smtp $SRV --port "$SMTP_silent" --timeout 1000 &
BG="$BG $!"
run dns_wrongid dns $SRV --port "$DNS_wrongid" --type A \
    --name www.example.org --timeout 1000 &
BG="$BG $!"
run dns_question dns $SRV --port "$DNS_question" --type A \
    --name www.example.org --timeout 1000 &
BG="$BG $!"
run dns_truncated dns $SRV --port "$DNS_truncated" --timeout 1000 &
BG="$BG $!"
run dns_silent dns $SRV --port "$DNS_silent" --timeout 1000 &
BG="$BG $!"

# 1. TCP
run tcp_ok tcp $SRV --port 80
expect tcp_ok 0 "OK"
grep -q "^peer 192.0.2.1 " "$T_DIR/tcp" || fail "the listener saw no connection"
run tcp_refused tcp $SRV --port 81
expect tcp_refused 1 "FAIL: connection refused" 0 500
run tcp_noroute tcp --connect 203.0.113.5 --port 80
expect tcp_noroute 1 "FAIL: no route to host" 0 500
run tcp_bind tcp $SRV --port 80 --bindto 192.0.2.2 --bind-port 40080
expect tcp_bind 0 "OK"
wait_log "$T_DIR/tcp" "^peer 192.0.2.2 40080$" 2 ||
    fail "the listener did not see 192.0.2.2 port 40080: $(cat "$T_DIR/tcp")"
run tcp_badbind tcp $SRV --port 80 --bindto 198.51.100.1
expect tcp_badbind 1 "FAIL: bind: cannot assign requested address"
run tcp_v6 tcp --connect 2001:db8::10 --port 80
expect tcp_v6 0 "OK"
grep -q "^peer 2001:db8::1 " "$T_DIR/tcp6" || fail "no IPv6 connection seen"
# A link-local bindto with bind_if: the kernel takes the bind only once
# the socket is on the interface. No route to 2001:db8:1::/48 from cl,
# so the probe fails at its connect and sends nothing.
run tcp_v6_ll tcp --connect 2001:db8:1::10 --port 80 --bindto fe80::1 \
    --bind-if eth0
expect tcp_v6_ll 1 "FAIL: network is unreachable"

# 2. SMTP
run smtp_ok smtp $SRV --port "$SMTP_ok" --helo probe.example
expect smtp_ok 0 "OK"
wait_log "$T_DIR/smtp_ok.log" "^QUIT$" 2 || fail "no QUIT reached the server"
grep -qx "HELO probe.example" "$T_DIR/smtp_ok.log" ||
    fail "no 'HELO probe.example': $(cat "$T_DIR/smtp_ok.log")"
run smtp_multi smtp $SRV --port "$SMTP_multiline" --helo probe.example
expect smtp_multi 0 "OK"
run smtp_554 smtp $SRV --port "$SMTP_greet554"
expect smtp_554 1 'FAIL: bad greeting banner: "554 5.3.2 sink.example no service"'
run smtp_500 smtp $SRV --port "$SMTP_helo500" --helo probe.example
expect smtp_500 1 'FAIL: bad HELO response: "500 5.5.1 sink.example says no"'
run smtp_hangup smtp $SRV --port "$SMTP_hangup"
expect smtp_hangup 1 "FAIL: connection closed by the server"
run smtp_endless smtp $SRV --port "$SMTP_endless" --timeout 3000
expect smtp_endless 1 "FAIL: reply line over 512 bytes" 0 1000
run smtp_512 smtp $SRV --port "$SMTP_greet512"
expect smtp_512 0 "OK"
run smtp_513 smtp $SRV --port "$SMTP_greet513"
expect smtp_513 1 "FAIL: reply line over 512 bytes"
run smtp_refused smtp $SRV --port 2599
expect smtp_refused 1 "FAIL: connection refused"
run smtp_cancel smtp $SRV --port "$SMTP_silent" --cancel-after 200
expect smtp_cancel 3 "CANCELLED"

# 3. DNS
run dns_a dns $SRV --port "$DNS_ok" --type A --name www.example.org
expect dns_a 0 "OK"
grep -q "^ok peer 192.0.2.1 [0-9]* www.example.org. 1 " "$T_DIR/dns" ||
    fail "no A query for www.example.org: $(cat "$T_DIR/dns")"
run dns_soa dns $SRV --port "$DNS_ok"
expect dns_soa 0 "OK"
grep -q "^ok peer 192.0.2.1 [0-9]* \. 6 " "$T_DIR/dns" ||
    fail "no SOA query for the root: $(cat "$T_DIR/dns")"
run dns_nodata dns $SRV --port "$DNS_nodata" --type AAAA --name www.example.org
expect dns_nodata 0 "OK"
run dns_nx dns $SRV --port "$DNS_nxdomain" --type A --name nx.example.org
expect dns_nx 1 "FAIL: rcode 3 (NXDOMAIN)" 0 500
run dns_wrongid_ok dns $SRV --port "$DNS_wrongid_ok" --type A \
    --name www.example.org
expect dns_wrongid_ok 0 "OK"
run dns_closed dns $SRV --port 5399
expect dns_closed 1 "FAIL: connection refused" 0 500
run dns_bind dns $SRV --port "$DNS_ok" --bindto 192.0.2.2 --bind-port 40053
expect dns_bind 0 "OK"
grep -q "^ok peer 192.0.2.2 40053 " "$T_DIR/dns" ||
    fail "the query did not come from 192.0.2.2 port 40053"
run dns_v6 dns --connect 2001:db8::10 --port 53 --type AAAA \
    --name www.example.org
expect dns_v6 0 "OK"
grep -q "^ok peer 2001:db8::1 [0-9]* www.example.org. 28 " "$T_DIR/dns6" ||
    fail "no AAAA query over IPv6: $(cat "$T_DIR/dns6")"
ids=$(sed -n 's/^ok .* id //p' "$T_DIR/dns" | sort -u | wc -l)
[ "$ids" -ge 2 ] || fail "the queries' ids are all the same"

wait $BG
expect tcp_drop 1 "FAIL: timeout" 950 2000
expect smtp_mute 1 "FAIL: timeout waiting for the HELO response" 950 2000
expect smtp_silent 1 "FAIL: timeout waiting for the greeting" 950 2000
expect dns_wrongid 1 "FAIL: timeout (last reply ignored: id mismatch)" 950 2000
expect dns_question 1 "FAIL: timeout (last reply ignored: question mismatch)" 950 2000
expect dns_truncated 1 "FAIL: timeout (last reply ignored: truncated datagram)" 950 2000
expect dns_silent 1 "FAIL: timeout" 950 2000
grep -q "^peer 192.0.2.3 " "$T_DIR/tcp" &&
    fail "a connection from 192.0.2.3 completed despite the blackhole"
pass
