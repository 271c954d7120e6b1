#!/bin/sh
# Guest half of t_snmp_stats_qemu.sh (run by test/qemu/run.sh as root in
# a kernel with IPVS): vigild directs 192.0.2.200:80 (NAT) to busybox
# httpd in rs1; a client in "cl" makes 3 requests through it; then
# vigilctl status --json must show IPVS's counters (what KEEPALIVED-MIB's
# virtualServerStats*/realServerStats* columns serve): at least 3
# connections and some bytes in both directions, for the virtual server
# and for its real server. Prints "ok STEP" per step and "stats payload:
# all steps passed" at the end.
set -u
W=/tmp/st
mkdir -p $W
bad() { echo "FAIL: $*"; tail -n 30 $W/vigild.log; exit 1; }
ok() { echo "ok $*"; }
nsx() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }

for n in dir cl rs1; do
	ip netns add $n && ip -n $n link set lo up || bad "netns $n"
done
ip link add c0 netns cl type veth peer name c0 netns dir
ip link add eth0 netns rs1 type veth peer name rs1 netns dir
ip -n dir -batch - <<'EOF' || bad "director setup"
link set rs1 up
addr add 198.51.100.254/24 dev rs1
link set c0 up
addr add 192.0.2.254/24 dev c0
addr add 192.0.2.200/32 dev c0
EOF
ip -n cl -batch - <<'EOF' || bad "client setup"
link set c0 up
addr add 192.0.2.1/24 dev c0
EOF
ip -n rs1 -batch - <<'EOF' || bad "rs1 setup"
link set eth0 up
addr add 198.51.100.1/24 dev eth0
route add default via 198.51.100.254
EOF
nsx dir sysctl -qw net.ipv4.ip_forward=1
mkdir -p $W/www
echo rs1 >$W/www/index.html
ip netns exec rs1 busybox httpd -f -p 80 -h $W/www 2>$W/httpd.err &
cat >$W/vigil.conf <<'EOF'
global_defs {
    router_id stats
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lvs_sched rr
    lvs_method NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
ip netns exec dir /usr/sbin/vigild -n -l -f $W/vigil.conf -p $W/p.pid \
    -r $W/r.pid -c $W/c.pid --control-socket=$W/v.sock >$W/vigild.log 2>&1 &
i=0
until nsx dir ipvsadm -Ln | grep -q '198.51.100.1:80'; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "the real server is not in the table"
	sleep 0.1
done
ok "table"
for n in 1 2 3; do
	printf 'GET / HTTP/1.0\r\n\r\n' | nsx cl nc -w 5 192.0.2.200 80 >$W/http 2>&1
	grep -q rs1 $W/http || bad "request $n: $(cat $W/http)"
done
ok "requests"
# field KEY N: the Nth value of KEY (1: the virtual server's, 2: its
# real server's).
field() { grep -o "\"$1\":[0-9]*" $W/status | sed -n "$2p" | cut -d: -f2; }
# The kernel folds its per-CPU counters into what it reports every 2 s.
i=0
while :; do
	/usr/sbin/vigilctl -s $W/v.sock status --json | tr -d ' \n' >$W/status
	[ "$(field conns 1)" -ge 3 ] 2>/dev/null &&
	    [ "$(field conns 2)" -ge 3 ] 2>/dev/null && break
	i=$((i + 1)); [ $i -lt 50 ] || break
	sleep 0.1
done
for n in 1 2; do
	c=$(field conns $n); ib=$(field inbytes $n); ob=$(field outbytes $n)
	[ -n "$c" ] && [ "$c" -ge 3 ] || bad "conns ($n): '$c' in $(cat $W/status)"
	[ -n "$ib" ] && [ "$ib" -gt 0 ] && [ -n "$ob" ] && [ "$ob" -gt 0 ] ||
		bad "bytes ($n): in '$ib' out '$ob' in $(cat $W/status)"
	[ "$(field inpkts $n)" -gt 0 ] || bad "inpkts ($n)"
done
grep -q '"inactconns":' $W/status || bad "no inactconns for the real server"
nsx dir ipvsadm -Ln --stats >$W/ipvs
ok "counters: vs conns $(field conns 1), rs conns $(field conns 2) ($(sed -n 4p $W/ipvs | tr -s ' '))"
kill "$(cat $W/p.pid)"
i=0
while kill -0 "$(cat $W/p.pid)" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "vigild did not stop"; sleep 0.1
done
echo "stats payload: all steps passed"
