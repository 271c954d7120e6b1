#!/bin/sh
# Guest half of t_lvs_qemu.sh (run by test/qemu/run.sh as root in a kernel
# with IPVS): vigild as an LVS director in namespace "dir", its real
# servers busybox httpd in namespaces rs1, rs2 and rs3 (the sorry server),
# a client in "cl" asking the VIP 192.0.2.200. After each event the IPVS
# table (ipvsadm -Ln, one line per service and per destination: service,
# address, method, weight) must become what vigil's configuration calls
# for, and the client's requests must land where the table says.
# Prints "ok STEP" per step and "lvs payload: all steps passed" at the
# end; the first step that does not settle prints the table, vigild's log
# and exits 1.
set -u
W=/tmp/lvs
mkdir -p $W
bad() {
	echo "FAIL: $*"
	echo "--- ipvsadm -Ln"; nsx dir ipvsadm -Ln
	echo "--- vigild log (last 40 lines)"; tail -n 40 $W/vigild.log
	exit 1
}
ok() { echo "ok $*"; }
nsx() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }

# The table as sorted "SERVICE ADDRESS METHOD WEIGHT" lines (one per
# service alone too), counters left out.
table() {	# TNS: the namespace (dir; "-": the guest's own, process 1's)
	if [ "${TNS:-dir}" = - ]; then ipvsadm -Ln; else
	    nsx "${TNS:-dir}" ipvsadm -Ln; fi | sed '1,3d' | awk '
	    $1 != "->" { svc = $1 " " $2 " " $3; print svc; next }
	    { print svc " " $2 " " $3 " " $4 }' | sort
}
# settle STEP SECONDS <<EOF: the table must become exactly that.
settle() {
	cat >$W/want
	i=0
	while :; do
		table >$W/got
		cmp -s $W/want $W/got && break
		i=$((i + 1))
		if [ $i -ge $(($2 * 10)) ]; then
			echo "FAIL: $1: the table did not become (want, got):"
			cat $W/want; echo "--"; cat $W/got
			bad "$1"
		fi
		sleep 0.1
	done
	ok "$1"
}
# get N: the bodies of N requests to the VIP, sorted, on one line.
get() {
	i=0
	while [ $i -lt $1 ]; do
		printf 'GET / HTTP/1.0\r\n\r\n' |
		    nsx cl nc -w 5 192.0.2.200 80 >$W/http 2>&1
		tail -n 1 $W/http
		i=$((i + 1))
	done | sort | tr '\n' ' '
}

for n in dir cl rs1 rs2 rs3; do
	ip netns add $n && ip -n $n link set lo up || bad "netns $n"
done
ip link add c0 netns cl type veth peer name c0 netns dir
for n in rs1 rs2 rs3; do
	ip link add eth0 netns $n type veth peer name $n netns dir
done
ip -n dir -batch - <<'EOF' || bad "director setup"
link add br0 type bridge
link set rs1 master br0 up
link set rs2 master br0 up
link set rs3 master br0 up
link set br0 up
addr add 198.51.100.254/24 dev br0
link set c0 up
addr add 192.0.2.254/24 dev c0
addr add 192.0.2.200/32 dev c0
EOF
nsx dir sysctl -qw net.ipv4.ip_forward=1
httpd_start() {	# httpd_start N: rs N's server, its pid in $W/httpdN
	ip netns exec rs$1 busybox httpd -f -p 80 -h $W/www$1 \
	    2>$W/httpd$1.err &
	echo $! >$W/httpd$1
	i=0
	until nsx rs$1 cat /proc/net/tcp /proc/net/tcp6 | grep -qE ":0050 0+:0000 0A"; do
		i=$((i + 1))
		[ $i -lt 100 ] || bad "httpd in rs$1 not listening: $(cat $W/httpd$1.err; nsx rs$1 cat /proc/net/tcp)"
		sleep 0.1
	done
}
for n in 1 2 3; do
	ip -n rs$n -batch - <<EOF || bad "rs$n setup"
link set eth0 up
addr add 198.51.100.$n/24 dev eth0
route add default via 198.51.100.254
EOF
	mkdir -p $W/www$n
	echo "rs$n" >$W/www$n/index.html
	httpd_start $n
done
echo sorry >$W/www3/index.html
ip -n cl -batch - <<'EOF' || bad "client setup"
link set c0 up
addr add 192.0.2.10/24 dev c0
route add default via 192.0.2.254
EOF

DIGEST=$(md5sum <$W/www1/index.html | cut -d' ' -f1)
conf() {	# conf [extra real server of VS .201]
	cat >$W/vigil.conf <<EOF
global_defs {
    router_id lvsq
    lvs_sync_daemon c0 VI_1 id 5
    lvs_timeouts tcp 901 tcpfin 31 udp 61
    ${FLUSH:-}
}
vrrp_instance VI_1 {
    state MASTER
    interface c0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.210/24
    }
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lvs_sched rr
    lvs_method NAT
    protocol TCP
    quorum 2
    sorry_server 198.51.100.3 80
    real_server 198.51.100.1 80 {
        weight 2
        HTTP_GET {
            url {
                path /index.html
                digest $DIGEST
                regex "^[a-z0-9]+$"
            }
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
    real_server 198.51.100.2 80 {
        weight 1
        inhibit_on_failure
        TCP_CHECK {
            connect_timeout 2
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server 192.0.2.201 80 {
    delay_loop 1
    lvs_sched wlc
    lvs_method DR
    protocol TCP
    real_server 198.51.100.1 80 {
        TCP_CHECK {
            connect_timeout 2
            retry 0
        }
    }
$1
}
EOF
}
conf ""
ip netns exec dir /usr/sbin/vigild -n -l -D -f $W/vigil.conf -p $W/p.pid -r $W/r.pid \
    -c $W/c.pid >$W/vigild.log 2>&1 &
VPID=$!

# 1. Start: every server up (no alpha), added with its weight.
settle "start: both services, servers with their weights, DR" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
EOF
r=$(get 4)
[ "$r" = "rs1 rs1 rs2 rs2 " ] || bad "requests do not reach both servers: $r"
ok "traffic: the VIP reaches rs1 and rs2"
t=$(nsx dir ipvsadm -L --timeout)
[ "$t" = "Timeout (tcp tcpfin udp): 901 31 61" ] || bad "lvs_timeouts: $t"
ok "lvs_timeouts: $t"

# lvs_sync_daemon follows VI_1: MASTER here, so the master daemon runs.
i=0
until nsx dir ipvsadm -Ln --daemon | grep -q '^master sync daemon (mcast=c0, syncid=5'; do
	i=$((i + 1))
	[ $i -lt 100 ] || bad "no master sync daemon: $(nsx dir ipvsadm -Ln --daemon)"
	sleep 0.1
done
nsx dir ipvsadm -Ln --daemon | grep -q backup &&
    bad "the backup sync daemon still runs beside the master one"
ok "lvs_sync_daemon: the master daemon while VI_1 is MASTER"

# 2. rs1's page changes: HTTP_GET's digest fails, rs1 leaves VS .200
# (not .201, whose TCP_CHECK still passes); the live weight 1 is under
# the quorum 2: the sorry server stands in, rs2 keeps weight 0
# (inhibit_on_failure).
echo changed >$W/www1/index.html
settle "wrong digest: rs1 out of .200, quorum lost, sorry server in" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 0
TCP 192.0.2.200:80 rr 198.51.100.3:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
EOF
[ "$(get 2)" = "sorry sorry " ] || bad "requests not on the sorry server: $(get 2)"
ok "traffic: the sorry server answers"
grep -q 'HTTP_GET on service \[198.51.100.1\]:tcp:80 failed after 1 retry: url 1 (/index.html): MD5 digest error' $W/vigild.log ||
    bad "no digest failure line"
ok "log: the digest failure"

# 3. The page is back: rs1 in, quorum regained, sorry server out.
echo rs1 >$W/www1/index.html
settle "page back: rs1 in, sorry server out" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
EOF

# 4. rs2's server stops: weight 0 (inhibit_on_failure), the quorum holds.
kill "$(cat $W/httpd2)"
settle "rs2 down: weight 0, quorum held" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 0
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
EOF
[ "$(get 3)" = "rs1 rs1 rs1 " ] || bad "requests not on rs1 alone: $(get 3)"
ok "traffic: rs1 alone"
httpd_start 2
settle "rs2 back: weight 1" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
EOF

# 5. A reload that adds one real server adds it and touches nothing else.
before=$(grep -cE 'Adding service|Removing service|Enabling|Disabling' $W/vigild.log)
conf "    real_server 198.51.100.4 80 {
    }"
kill -HUP "$(cat $W/p.pid)"
settle "reload: 198.51.100.4 added to .201" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
TCP 192.0.2.201:80 wlc 198.51.100.4:80 Route 1
EOF
sleep 2
after=$(grep -cE 'Adding service|Removing service|Enabling|Disabling' $W/vigild.log)
[ "$after" = $((before + 1)) ] || bad "the reload changed more than one server"
ok "reload: one change only"

# 6. The check child killed: the parent starts another, which finds its
# entries in the table and keeps them.
old=$(cat $W/c.pid)
kill -KILL "$old"
i=0
until [ -s $W/c.pid ] && [ "$(cat $W/c.pid)" != "$old" ] &&
    kill -0 "$(cat $W/c.pid)" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 150 ] || bad "no new check child"; sleep 0.1
done
sleep 3
settle "check child killed and restarted: the table unchanged" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
TCP 192.0.2.201:80 wlc 198.51.100.4:80 Route 1
EOF

# 7. Stop: the services vigil added are gone; one it did not add stays.
nsx dir ipvsadm -A -t 192.0.2.250:80 -s rr || bad "ipvsadm -A"
kill "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "vigild did not stop"; sleep 0.1
done
settle "stop: vigil's services removed, the other kept" 2 <<'EOF'
TCP 192.0.2.250:80 rr
EOF
[ -z "$(nsx dir ipvsadm -Ln --daemon)" ] ||
    bad "sync daemon left at stop: $(nsx dir ipvsadm -Ln --daemon)"
ok "stop: no sync daemon left"

# 8. -I: the table stays at stop.
# Emptied here, not by the background job's redirection, which may come
# after the wait below has read the last run's lines.
: >$W/vigild.log
ip netns exec dir /usr/sbin/vigild -n -l -I -f $W/vigil.conf -p $W/p.pid -r $W/r.pid \
    -c $W/c.pid >$W/vigild.log 2>&1 &
VPID=$!
settle "-I: started again" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 2
TCP 192.0.2.200:80 rr 198.51.100.2:80 Masq 1
TCP 192.0.2.201:80 wlc
TCP 192.0.2.201:80 wlc 198.51.100.1:80 Route 1
TCP 192.0.2.201:80 wlc 198.51.100.4:80 Route 1
TCP 192.0.2.250:80 rr
EOF
kill "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "vigild did not stop"; sleep 0.1
done
table >$W/got
[ "$(grep -c . $W/got)" = 7 ] || { cat $W/got; bad "-I: the table did not stay"; }
ok "-I: the table stays at stop"

# 9. lvs_flush_on_stop: the whole table goes at stop, the service vigil
# did not add too.
FLUSH=lvs_flush_on_stop conf ""
: >$W/vigild.log
ip netns exec dir /usr/sbin/vigild -n -l -f $W/vigil.conf -p $W/p.pid -r $W/r.pid \
    -c $W/c.pid >$W/vigild.log 2>&1 &
VPID=$!
i=0
# Settled first: the check child switches the sync daemon to master once
# it hears VI_1's state, and a stop in the middle of those switches made
# the guest kernel hold the check child (stopping a sync thread it had
# just started) past the parent's 5 s, so it was killed before it could
# flush (seen once in CI).
until grep -q 'configuration 1 running in every process' $W/vigild.log &&
    grep -q 'Starting IPVS sync daemon (master)' $W/vigild.log; do
	i=$((i + 1)); [ $i -lt 150 ] || bad "vigild did not start again"
	sleep 0.1
done
kill "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "vigild did not stop"; sleep 0.1
done
settle "lvs_flush_on_stop: the whole table removed at stop" 2 </dev/null
grep -q 'lvs_flush_on_stop: removing every IPVS service' $W/vigild.log ||
    bad "no lvs_flush_on_stop line"

# 10. net_namespace_ipvs: vigild runs in dir (VRRP, checks) and programs
# the IPVS table of namespace ipvs; lvs_netlink_cmd_rcv_bufs sizes that
# socket (forced past rmem_max, then not: capped at it). A reload that
# changes net_namespace_ipvs restarts the check child, which empties the
# old table and fills the new one: ipvs, then process 1's (no NAME), then
# dir's (none).
# (lo up: IPVS refuses a NAT real server whose address the namespace
# cannot classify, with no routing table at all)
ip netns add ipvs && ip -n ipvs link set lo up || bad "netns ipvs"
nsconf() {	# nsconf "global_defs lines"
	cat >$W/vigil.conf <<EOF
global_defs {
    router_id lvsns
$1
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lvs_sched rr
    lvs_method NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        TCP_CHECK {
            connect_timeout 2
        }
    }
}
EOF
}
# rb_of NS: the receive buffer (ss's skmem rb) of the check child's
# generic netlink socket in namespace NS: its inode among the child's
# fds, its port in NS's /proc/net/netlink (protocol 16), its ss line.
rb_of() {
	_ino=$(ls -l /proc/"$(cat $W/c.pid)"/fd |
	    sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')
	_port=$(nsx "$1" cat /proc/net/netlink | awk -v i=" $_ino" \
	    '$2 == 16 && index(i, " " $10 " ") { print $3; exit }')
	[ -n "$_port" ] || return 0
	# (ss prints the port as a signed number)
	_port=$((_port > 2147483647 ? _port - 4294967296 : _port))
	nsx "$1" ss -f netlink -a -m | grep "genl:$_port " |
	    sed -n 's/.*skmem:(r[0-9]*,rb\([0-9]*\),.*/\1/p' | head -n 1
}
max=$(cat /proc/sys/net/core/rmem_max)
nsconf "    net_namespace_ipvs ipvs
    lvs_netlink_cmd_rcv_bufs $((max * 4))
    lvs_netlink_cmd_rcv_bufs_force"
: >$W/vigild.log
ip netns exec dir /usr/sbin/vigild -n -l -D -f $W/vigil.conf -p $W/p.pid -r $W/r.pid \
    -c $W/c.pid >$W/vigild.log 2>&1 &
VPID=$!
TNS=ipvs settle "net_namespace_ipvs: the service in namespace ipvs" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 1
EOF
settle "net_namespace_ipvs: none in dir, where vigild runs" 2 </dev/null
rb=$(rb_of ipvs)
[ "$rb" = $((max * 8)) ] ||
    bad "lvs_netlink_cmd_rcv_bufs_force: rb '$rb', not $((max * 8)) (rmem_max $max): $(nsx ipvs ss -f netlink -a -m -p)"
ok "lvs_netlink_cmd_rcv_bufs_force: the IPVS socket's buffer is $rb, past rmem_max $max"
grep -q 'IPVS: programming the table of network namespace ipvs' $W/vigild.log ||
    bad "no net_namespace_ipvs line"
# No NAME: process 1's namespace (the guest's own).
old=$(cat $W/c.pid)
nsconf "    net_namespace_ipvs"
kill -HUP "$(cat $W/p.pid)"
TNS=- settle "reload, net_namespace_ipvs without a name: process 1's namespace" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 1
EOF
TNS=ipvs settle "reload: namespace ipvs emptied by the old check child" 5 </dev/null
[ "$(cat $W/c.pid)" != "$old" ] || bad "the check child was not restarted"
grep -q 'restarting check child: net_namespace_ipvs changed' $W/vigild.log ||
    bad "no restart line"
old=$(cat $W/c.pid)
nsconf "    lvs_netlink_cmd_rcv_bufs $((max * 4))"
kill -HUP "$(cat $W/p.pid)"
settle "reload without net_namespace_ipvs: the service in dir" 15 <<'EOF'
TCP 192.0.2.200:80 rr
TCP 192.0.2.200:80 rr 198.51.100.1:80 Masq 1
EOF
TNS=- settle "reload: process 1's namespace emptied by the old check child" 5 </dev/null
[ "$(cat $W/c.pid)" != "$old" ] || bad "the check child was not restarted"
rb=$(rb_of dir)
[ "$rb" = $((max * 2)) ] ||
    bad "lvs_netlink_cmd_rcv_bufs: rb '$rb', not $((max * 2)) (rmem_max $max): $(nsx dir ss -f netlink -a -m -p)"
ok "lvs_netlink_cmd_rcv_bufs without force: capped at rmem_max, rb $rb"
kill "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "vigild did not stop"; sleep 0.1
done

# 11. nftables_ipvs: a group of three addresses is one fwmark service
# (FWM 1000, its first mark), marked by vigil's table inet
# keepalived_ipvs; the client's requests to each address reach the real
# servers through it; stop removes the table.
nsx dir ip addr add 192.0.2.220/32 dev c0
nsx dir ip addr add 192.0.2.221/32 dev c0
nsx dir ip addr add 192.0.2.222/32 dev c0
cat >$W/vigil.conf <<'EOF'
global_defs {
    router_id lvsnft
    nftables_ipvs
}
virtual_server_group G {
    192.0.2.220-222 80
}
virtual_server group G {
    delay_loop 1
    lvs_sched rr
    lvs_method NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        TCP_CHECK {
            connect_timeout 2
        }
    }
    real_server 198.51.100.2 80 {
        TCP_CHECK {
            connect_timeout 2
        }
    }
}
EOF
: >$W/vigild.log
ip netns exec dir /usr/sbin/vigild -n -l -D -f $W/vigil.conf -p $W/p.pid -r $W/r.pid \
    -c $W/c.pid >$W/vigild.log 2>&1 &
VPID=$!
settle "nftables_ipvs: one fwmark service for the group" 15 <<'EOF'
FWM 1000 rr
FWM 1000 rr 198.51.100.1:80 Masq 1
FWM 1000 rr 198.51.100.2:80 Masq 1
EOF
n=$(nsx dir nft list table inet keepalived_ipvs | grep -c 'ip daddr 192.0.2.220-192.0.2.222 tcp dport 80 meta mark set 0x000003e8')
[ "$n" = 2 ] || bad "nftables_ipvs: table: $(nsx dir nft list ruleset)"
ok "nftables_ipvs: table inet keepalived_ipvs marks the range, prerouting and output"
for a in 220 221 222; do
	printf 'GET / HTTP/1.0\r\n\r\n' |
	    nsx cl nc -w 5 192.0.2.$a 80 >$W/http 2>&1
	r=$(tail -n 1 $W/http)
	case $r in rs1|rs2) ;; *) bad "192.0.2.$a:80 through FWM 1000: '$r'" ;; esac
done
# (the kernel sums its counters every few seconds)
i=0
until [ "$(nsx dir ipvsadm -Ln --stats | awk '$1 == "FWM" { print $3 }')" -ge 3 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] ||
	    bad "the requests did not go through FWM 1000: $(nsx dir ipvsadm -Ln --stats)"
	sleep 0.1
done
ok "nftables_ipvs: requests to each address of the range served through FWM 1000"
kill "$VPID"
i=0
while kill -0 "$VPID" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || bad "vigild did not stop"; sleep 0.1
done
nsx dir nft list table inet keepalived_ipvs >/dev/null 2>&1 &&
    bad "nftables_ipvs: table left at stop"
ok "nftables_ipvs: table removed at stop"
echo "lvs payload: all steps passed"
