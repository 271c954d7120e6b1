#!/bin/sh
# Guest half of t_ipvs_qemu.sh (run by test/qemu/run.sh as root in a kernel
# with IPVS): programs the table through ipvs_tool (check_ipvs.c) and
# compares ipvsadm -Ln with what each step must leave. Prints "ok STEP"
# per step and "ipvs payload: all steps passed" at the end; the first
# difference prints both tables and exits 1.
set -u
T=ipvs_tool
S=tcp:192.0.2.200:80
W=/tmp/ipvs
mkdir -p $W
SCHEDS="ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh
ip_vs_sh ip_vs_sed ip_vs_nq ip_vs_mh ip_vs_fo ip_vs_ovf ip_vs_pe_sip"

bad() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok $*"; }

# ipvsadm -Ln [OPTS] without its three header lines, blanks squeezed.
table() {
	ipvsadm -Ln "$@" >$W/raw || bad "ipvsadm -Ln $*"
	sed '1,3d; s/^ *//; s/ *$//' $W/raw | tr -s ' '
}

# expect STEP [ipvsadm options] <<EOF: the table must be exactly that.
expect() {
	step=$1
	shift
	table "$@" >$W/got
	cat >$W/want
	if ! cmp -s $W/want $W/got; then
		echo "FAIL: $step: ipvsadm -Ln $* differs (want, got):"
		cat $W/want
		echo "--"
		cat $W/got
		exit 1
	fi
	ok "$step"
}

# run STEP CMD...: CMD must succeed; its stderr is kept in $W/err.
run() {
	step=$1
	shift
	"$@" >$W/out 2>$W/err || { cat $W/err; bad "$step: $* failed"; }
}

# No IPVS: ip_vs unloaded and the kernel unable to load it (its modprobe
# path points nowhere). One warning over two inits, one info line per
# call, success, nothing loaded.
rmmod $SCHEDS ip_vs || bad "cannot unload ip_vs"
echo /nonexistent >/proc/sys/kernel/modprobe
run absent $T init -- reinit -- add-service $S sched=wlc -- \
    add-dest $S 192.0.2.1:80 weight=1 -- del-service $S
[ "$(cat $W/out)" = absent ] || bad "absent: init said $(cat $W/out)"
[ "$(grep -c 'IPVS: not available in this kernel.*health checks run, but nothing is programmed' $W/err)" = 1 ] ||
    { cat $W/err; bad "absent: not exactly one warning"; }
for l in 'IPVS: would add service \[192\.0\.2\.200\]:tcp:80 sched wlc$' \
    'IPVS: would add real server \[192\.0\.2\.1\]:tcp:80 weight 1 NAT to \[192\.0\.2\.200\]:tcp:80$' \
    'IPVS: would delete service \[192\.0\.2\.200\]:tcp:80$'; do
	grep -q "$l" $W/err || { cat $W/err; bad "absent: no line $l"; }
done
[ "$(wc -l <$W/err)" = 4 ] || { cat $W/err; bad "absent: other lines"; }
grep -q '^ip_vs ' /proc/modules && bad "absent: ip_vs got loaded"
ok "absent: one warning, would-lines, nothing loaded"

# The family lookup loads ip_vs, and a service its scheduler, for a
# process with only the check child's CAP_NET_ADMIN (no modprobe needed);
# without it, programming fails with EPERM. The other schedulers and the
# sip persistence engine below are loaded the same way.
echo /sbin/modprobe >/proc/sys/kernel/modprobe
run autoload setpriv --reuid=65534 --regid=65534 --clear-groups \
    --inh-caps=-all,+net_admin --ambient-caps=+net_admin \
    --bounding-set=-all,+net_admin $T init -- add-service $S sched=wlc
[ "$(cat $W/out)" = available ] || bad "autoload: init said $(cat $W/out)"
grep -q '^ip_vs ' /proc/modules || bad "autoload: ip_vs not loaded"
grep -q '^ip_vs_wlc ' /proc/modules || bad "autoload: ip_vs_wlc not loaded"
ok "autoload: ip_vs and ip_vs_wlc loaded for CAP_NET_ADMIN only"
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    --bounding-set=-all $T add-service tcp:192.0.2.9:80 2>$W/err &&
    bad "no capability: add-service succeeded"
grep -q 'IPVS: cannot add service \[192\.0\.2\.9\]:tcp:80 sched wlc: Operation not permitted' $W/err ||
    { cat $W/err; bad "no capability: no EPERM line"; }
ok "no capability: EPERM, logged"

expect "service wlc" <<'EOF'
TCP 192.0.2.200:80 wlc
EOF

run "two NAT" $T add-dest $S 192.0.2.1:80 weight=1 -- \
    add-dest $S 192.0.2.2:8080 weight=2 upper=100 lower=10
expect "two NAT destinations" <<'EOF'
TCP 192.0.2.200:80 wlc
-> 192.0.2.1:80 Masq 1 0 0
-> 192.0.2.2:8080 Masq 2 0 0
EOF
expect "thresholds" --thresholds <<'EOF'
TCP 192.0.2.200:80 wlc
-> 192.0.2.1:80 0 0 0 0
-> 192.0.2.2:8080 100 10 0 0
EOF

run "weights" $T edit-dest $S 192.0.2.1:80 weight=5 -- \
    edit-dest $S 192.0.2.2:8080 weight=0
expect "weights changed" <<'EOF'
TCP 192.0.2.200:80 wlc
-> 192.0.2.1:80 Masq 5 0 0
-> 192.0.2.2:8080 Masq 0 0 0
EOF

run "delete" $T del-dest $S 192.0.2.2:8080 -- del-dest $S 192.0.2.2:8080
expect "one deleted (twice: no error)" <<'EOF'
TCP 192.0.2.200:80 wlc
-> 192.0.2.1:80 Masq 5 0 0
EOF

run "DR" $T add-dest $S 192.0.2.3:80 method=dr weight=3 -- \
    add-dest $S 192.0.2.3:80 method=dr weight=3
run "TUN" $T add-dest $S 192.0.2.4:80 method=tun tun=gue tunport=6080 -- \
    add-dest $S 192.0.2.5:80 method=tun tun=gre tunflags=1
expect "DR and tunnel destinations" --tun-info <<'EOF'
TCP 192.0.2.200:80 wlc
-> 192.0.2.1:80 Masq n/a 5 0 0
-> 192.0.2.3:80 Route n/a 3 0 0
-> 192.0.2.4:80 Tunnel gue:6080:-c 1 0 0
-> 192.0.2.5:80 Tunnel gre:+c 1 0 0
EOF

run "fwmark" $T add-service fwm:7 sched=wrr -- \
    add-dest fwm:7 192.0.2.1:0 method=dr weight=2 -- \
    add-dest fwm:7 192.0.2.3:0 method=dr
run "persistence" $T add-service tcp:192.0.2.201:443 sched=sh flags=0x18 \
    persistent=600 netmask=255.255.255.0 -- \
    add-dest tcp:192.0.2.201:443 192.0.2.1:443
run "IPv6" $T add-service tcp:[2001:db8::100]:80 sched=lc persistent=300 \
    netmask=64 -- add-dest tcp:[2001:db8::100]:80 [2001:db8::1]:80 weight=4 \
    -- add-service udp:[2001:db8::100]:53 sched=mh -- \
    add-dest udp:[2001:db8::100]:53 [2001:db8::2]:53 method=dr -- \
    add-service fwm6:8 sched=rr
run "pe" $T add-service udp:192.0.2.200:5060 sched=rr persistent=60 pe=sip
expect "fwmark, persistence, IPv6, pe" <<'EOF'
TCP 192.0.2.200:80 wlc
-> 192.0.2.1:80 Masq 5 0 0
-> 192.0.2.3:80 Route 3 0 0
-> 192.0.2.4:80 Tunnel 1 0 0
-> 192.0.2.5:80 Tunnel 1 0 0
TCP 192.0.2.201:443 sh (sh-fallback,sh-port) persistent 600 mask 255.255.255.0
-> 192.0.2.1:443 Masq 1 0 0
UDP 192.0.2.200:5060 rr persistent 60 pe sip
TCP [2001:db8::100]:80 lc persistent 300 mask 64
-> [2001:db8::1]:80 Masq 4 0 0
UDP [2001:db8::100]:53 mh
-> [2001:db8::2]:53 Route 1 0 0
FWM 7 wrr
-> 192.0.2.1:0 Route 2 0 0
-> 192.0.2.3:0 Route 1 0 0
FWM 8 IPv6 rr
EOF

# The dump reads back what was programmed (the lead's takeover path).
run "list" $T list
LC_ALL=C sort $W/out >$W/got
LC_ALL=C sort >$W/want <<'EOF'
FWM 7 sched wrr flags 0x2 timeout 0 netmask 255.255.255.255
FWM 8 (IPv6) sched rr flags 0x2 timeout 0 netmask 128
[192.0.2.200]:tcp:80 sched wlc flags 0x2 timeout 0 netmask 255.255.255.255
[192.0.2.200]:udp:5060 sched rr flags 0x3 timeout 60 netmask 255.255.255.255 pe sip
[192.0.2.201]:tcp:443 sched sh flags 0x1b timeout 600 netmask 255.255.255.0
[2001:db8::100]:tcp:80 sched lc flags 0x3 timeout 300 netmask 64
[2001:db8::100]:udp:53 sched mh flags 0x2 timeout 0 netmask 128
FWM 7 -> 192.0.2.1:0 DR weight 2 upper 0 lower 0
FWM 7 -> 192.0.2.3:0 DR weight 1 upper 0 lower 0
[192.0.2.200]:tcp:80 -> 192.0.2.1:80 NAT weight 5 upper 0 lower 0
[192.0.2.200]:tcp:80 -> 192.0.2.3:80 DR weight 3 upper 0 lower 0
[192.0.2.200]:tcp:80 -> 192.0.2.4:80 TUN weight 1 upper 0 lower 0
[192.0.2.200]:tcp:80 -> 192.0.2.5:80 TUN weight 1 upper 0 lower 0
[192.0.2.201]:tcp:443 -> 192.0.2.1:443 NAT weight 1 upper 0 lower 0
[2001:db8::100]:tcp:80 -> [2001:db8::1]:80 NAT weight 4 upper 0 lower 0
[2001:db8::100]:udp:53 -> [2001:db8::2]:53 DR weight 1 upper 0 lower 0
EOF
cmp -s $W/want $W/got || { diff $W/want $W/got; bad "list differs"; }
ok "list reads the table back"

run "edit service" $T edit-service $S sched=rr -- \
    edit-service tcp:192.0.2.201:443 sched=sh persistent=900 \
    netmask=255.255.0.0 -- add-service $S sched=lc
expect "services edited (add of an existing one: no change)" <<'EOF'
TCP 192.0.2.200:80 rr
-> 192.0.2.1:80 Masq 5 0 0
-> 192.0.2.3:80 Route 3 0 0
-> 192.0.2.4:80 Tunnel 1 0 0
-> 192.0.2.5:80 Tunnel 1 0 0
TCP 192.0.2.201:443 sh persistent 900 mask 255.255.0.0
-> 192.0.2.1:443 Masq 1 0 0
UDP 192.0.2.200:5060 rr persistent 60 pe sip
TCP [2001:db8::100]:80 lc persistent 300 mask 64
-> [2001:db8::1]:80 Masq 4 0 0
UDP [2001:db8::100]:53 mh
-> [2001:db8::2]:53 Route 1 0 0
FWM 7 wrr
-> 192.0.2.1:0 Route 2 0 0
-> 192.0.2.3:0 Route 1 0 0
FWM 8 IPv6 rr
EOF

# Real failures: a negative errno, logged with what was asked.
fails() {	# fails STEP ERRNO-TEXT CMD...
	step=$1 why=$2
	shift 2
	"$@" >$W/out 2>$W/err && bad "$step: succeeded"
	grep -q "IPVS: cannot .*: $why\$" $W/err ||
	    { cat $W/err; bad "$step: no '$why' line"; }
	ok "$step fails: $why"
}
fails "unknown scheduler" "No such file or directory" \
    $T add-service tcp:192.0.2.202:80 sched=nosuch
fails "edit of a missing service" "No such process" \
    $T edit-service tcp:192.0.2.77:80
fails "edit of a missing destination" "No such file or directory" \
    $T edit-dest $S 192.0.2.99:80 weight=1
fails "lower threshold above upper" "Numerical result out of range" \
    $T add-dest $S 192.0.2.6:80 upper=5 lower=10

ip link set dummy0 up || bad "no dummy0"
run "sync start" $T sync-start master dummy0 5 -- sync-start backup dummy0 6 \
    -- sync-start master dummy0 5
ipvsadm -Ln --daemon >$W/got
grep -q '^master sync daemon (mcast=dummy0, syncid=5' $W/got &&
    grep -q '^backup sync daemon (mcast=dummy0, syncid=6' $W/got ||
    { cat $W/got; bad "sync daemons not running"; }
ok "sync daemons started"
run "sync stop" $T sync-stop master -- sync-stop backup -- sync-stop backup
[ -z "$(ipvsadm -Ln --daemon)" ] || bad "sync daemons still running"
ok "sync daemons stopped (twice: no error)"

run "delete all" $T del-service $S -- del-service fwm:7 -- \
    del-service tcp:192.0.2.201:443 -- del-service tcp:[2001:db8::100]:80 \
    -- del-service udp:[2001:db8::100]:53 -- del-service fwm6:8 -- \
    del-service udp:192.0.2.200:5060 -- del-service $S
expect "all deleted (twice: no error)" </dev/null

# Traffic: what check_ipvs programs forwards. A director namespace (its
# own IPVS table) between a client (192.0.2.0/24) and two busybox httpd
# real servers (198.51.100.0/24, NAT); weight 0 takes one out, as a
# failed health check does.
nsx() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }
for n in dir cl rs1 rs2; do
	ip netns add $n && ip -n $n link set lo up || bad "netns $n"
done
ip link add c0 netns cl type veth peer name c0 netns dir
ip link add eth0 netns rs1 type veth peer name rs1 netns dir
ip link add eth0 netns rs2 type veth peer name rs2 netns dir
ip -n dir -batch - <<'EOF' || bad "director setup"
link add br0 type bridge
link set rs1 master br0 up
link set rs2 master br0 up
link set br0 up
addr add 198.51.100.254/24 dev br0
link set c0 up
addr add 192.0.2.254/24 dev c0
addr add 192.0.2.200/32 dev c0
EOF
nsx dir sysctl -qw net.ipv4.ip_forward=1
for n in rs1 rs2; do
	ip -n $n -batch - <<EOF || bad "$n setup"
link set eth0 up
addr add 198.51.100.${n#rs}/24 dev eth0
route add default via 198.51.100.254
EOF
	mkdir -p $W/www$n && echo "$n" >$W/www$n/index.html
	nsx $n busybox httpd -f -p 80 -h $W/www$n &
done
ip -n cl -batch - <<'EOF' || bad "client setup"
link set c0 up
addr add 192.0.2.10/24 dev c0
route add default via 192.0.2.254
EOF
for n in rs1 rs2; do	# until httpd listens (port 80: 0050, LISTEN: 0A)
	i=0
	until nsx $n cat /proc/net/tcp /proc/net/tcp6 |
	    grep -qE ":0050 0+:0000 0A"; do
		i=$((i + 1))
		[ $i -lt 50 ] || bad "httpd in $n not listening"
		sleep 0.1
	done
done
V=tcp:192.0.2.200:80
run "traffic setup" nsx dir $T add-service $V sched=rr -- \
    add-dest $V 198.51.100.1:80 -- add-dest $V 198.51.100.2:80
get() {	# get N: the bodies of N requests to the VIP, sorted
	i=0
	while [ $i -lt $1 ]; do
		printf 'GET / HTTP/1.0\r\n\r\n' |
		    nsx cl nc -w 5 192.0.2.200 80 >$W/http 2>&1
		grep -qx 'rs[12]' $W/http || echo "no answer:" >$W/http
		tail -n 1 $W/http
		i=$((i + 1))
	done | sort | tr '\n' ' '
}
[ "$(get 4)" = "rs1 rs1 rs2 rs2 " ] || bad "rr over two servers: $(get 4)"
ok "traffic: rr over both real servers"
run "traffic weight 0" nsx dir $T edit-dest $V 198.51.100.1:80 weight=0
[ "$(get 3)" = "rs2 rs2 rs2 " ] || bad "weight 0: $(get 3)"
ok "traffic: weight 0 takes rs1 out"
run "traffic weight 1" nsx dir $T edit-dest $V 198.51.100.1:80 weight=1 -- \
    del-dest $V 198.51.100.2:80
[ "$(get 2)" = "rs1 rs1 " ] || bad "rs2 deleted: $(get 2)"
ok "traffic: rs1 back, rs2 deleted"
echo "ipvs payload: all steps passed"
