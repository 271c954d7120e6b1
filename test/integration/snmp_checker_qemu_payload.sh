#!/bin/sh
# Guest half of t_snmp_checker_qemu.sh (run by test/qemu/run.sh as root
# in a kernel with IPVS): the same configuration under Debian's keepalived
# (-C, its checker) and under vigild, each serving KEEPALIVED-MIB's
# checker part through net-snmp's snmpd, traps to snmptrapd (keepalived,
# snmpd, snmptrapd and snmpwalk come with their libraries in
# /payload/kabin). The two walks of .1.3.6.1.4.1.9586.100.5.3 must be the
# same but for lvsSyncDaemon (.3.6, which vigil does not serve), and so
# must the traps sent while 198.51.100.1 is unreachable for 6 s and then
# back. Prints "ok STEP" per step and "checker payload: all steps
# passed" at the end.
set -u
W=/tmp/cmp
mkdir -p $W /tmp/ax /tmp/snmp
chmod 0777 /tmp/ax
B=/payload/kabin
export LD_LIBRARY_PATH=$B/lib MIBS= MIBDIRS=/nonexistent SNMP_PERSISTENT_DIR=/tmp/snmp
nsx() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }
ok() { echo "ok $*"; }
for n in dir rs1; do ip netns add $n; ip -n $n link set lo up; done
ip link add eth0 netns rs1 type veth peer name rs1 netns dir
ip -n dir link set rs1 up; ip -n dir addr add 198.51.100.254/24 dev rs1
ip -n dir addr add 192.0.2.200/32 dev lo
ip -n rs1 link set eth0 up; ip -n rs1 addr add 198.51.100.2/24 dev eth0
ip -n rs1 addr add 198.51.100.1/32 dev eth0
mkdir -p $W/www; echo x >$W/www/index.html
ip netns exec rs1 busybox httpd -f -p 80 -h $W/www &
cat >$W/snmpd.conf <<EOF
master agentx
agentXSocket /tmp/ax/agentx
agentXPerms 0777 0777
rocommunity public 127.0.0.1
agentaddress udp:127.0.0.1:161
trap2sink 127.0.0.1:162 public
EOF
printf 'disableAuthorization yes\n' >$W/trapd.conf
cat >$W/k.conf <<'EOF'
global_defs {
    router_id cmp
    enable_snmp_checker
    enable_traps
    snmp_socket unix:/tmp/ax/agentx
}
virtual_server_group web {
    192.0.2.210 80
    192.0.2.220-222 80
    fwmark 7
}
virtual_server 192.0.2.200 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind NAT
    protocol TCP
    persistence_timeout 300
    persistence_granularity 255.255.255.0
    quorum 4
    quorum_up "/bin/true up"
    virtualhost www.example.com
    retry 2
    snmp_name web_front
    sorry_server 198.51.100.9 80
    real_server 198.51.100.1 80 {
        weight 3
        uthreshold 100
        lthreshold 10
        snmp_name rs_one
        notify_down "/bin/true rs1 down"
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.51.100.2 80 {
        weight 2
        inhibit_on_failure
        delay_before_retry 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server group web {
    delay_loop 2
    lb_algo sh
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.1 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server fwmark 5 {
    delay_loop 3
    lb_algo rr
    lb_kind TUN
    alpha
    omega
    real_server 198.51.100.2 0 {
        weight 4
    }
}
EOF
# window NAME: 198.51.100.1 unreachable for 6 s, then back; NAME.win
# gets the traps sent meanwhile (not those of the start or the stop).
window() {
	n0=$(grep -c '^TRAP ' $W/traps.$1)
	ip -n rs1 addr del 198.51.100.1/32 dev eth0
	sleep 6
	ip -n rs1 addr add 198.51.100.1/32 dev eth0
	sleep 4
	grep '^TRAP ' $W/traps.$1 | sed "1,${n0}d" >$W/$1.win
}
walk() {
	nsx dir $B/snmptrapd -f -Lo -On -C -c $W/trapd.conf -p $W/trapd.pid -F 'TRAP %v\n' udp:127.0.0.1:162 >$W/traps.$1 2>&1 &
	sleep 0.5
	nsx dir $B/snmpd -f -Lo -C -c $W/snmpd.conf -p $W/snmpd.pid >$W/snmpd.$1 2>&1 &
	i=0; until [ -S /tmp/ax/agentx ]; do i=$((i+1)); [ $i -lt 50 ] || break; sleep 0.1; done
	shift
	"$@" &
	D=$!
	sleep 6
	nsx dir $B/snmpwalk -v2c -c public -On -t 2 127.0.0.1 .1.3.6.1.4.1.9586.100.5.3 >$W/walk 2>&1
}
walk ka ip netns exec dir $B/keepalived -n -l -D -C -f $W/k.conf -p $W/k.pid -c $W/kc.pid
cp $W/walk $W/ka.walk
window ka
kill $D; i=0; while kill -0 $D 2>/dev/null; do i=$((i+1)); [ $i -lt 50 ] || break; sleep 0.1; done; kill "$(cat $W/snmpd.pid)"; sleep 1; kill "$(cat $W/trapd.pid)"
[ "$(ps | grep -c '[k]eepalived')" = 0 ] || { echo "FAIL: keepalived still runs"; exit 1; }
nsx dir ipvsadm -C
rm -f /tmp/ax/agentx
walk vg ip netns exec dir /usr/sbin/vigild -n -l -f $W/k.conf -p $W/v.pid -r $W/vr.pid -c $W/vc.pid --control-socket=$W/v.sock
cp $W/walk $W/vg.walk
window vg
kill $D; sleep 1
grep -q '^\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.3\.4\.1\.55' $W/ka.walk ||
	{ echo "FAIL: keepalived's walk lacks realServerName:"; cat $W/ka.walk; exit 1; }
ok "keepalived walk: $(wc -l <$W/ka.walk) variables"
grep -v '^\.1\.3\.6\.1\.4\.1\.9586\.100\.5\.3\.6\.' $W/ka.walk >$W/ka.cmp
if ! cmp -s $W/ka.cmp $W/vg.walk; then
	echo "FAIL: the walks differ (keepalived <, vigil >):"
	diff $W/ka.cmp $W/vg.walk
	tail -n 20 $W/snmpd.vg
	exit 1
fi
ok "vigil walk: the same"
kill "$(cat $W/snmpd.pid)"; sleep 1; kill "$(cat $W/trapd.pid)"; sleep 0.5
for n in ka vg; do
	sed -e 's/^TRAP //' -e 's/\.1\.3\.6\.1\.2\.1\.1\.3\.0 = Timeticks: ([0-9]*) [0-9:.]*[[:space:]]*//' \
	    -e 's/[[:space:]]*$//' $W/$n.win | sort >$W/$n.traps
done
[ "$(grep -c 5\.3\.5\.0\.1 $W/ka.traps)" -ge 4 ] &&
    [ "$(grep -c 5\.3\.5\.0\.2 $W/ka.traps)" -ge 2 ] ||
	{ echo "FAIL: keepalived's traps:"; cat $W/ka.traps; exit 1; }
cmp -s $W/ka.traps $W/vg.traps || { echo "FAIL: traps differ"; diff $W/ka.traps $W/vg.traps; exit 1; }
ok "traps of a real server down and up: the same ($(wc -l <$W/vg.traps))"
echo "checker payload: all steps passed"
