#!/bin/sh
# vigild's JSON dump next to Debian keepalived's: the same configuration
# (three instances: MASTER v2 with PASS auth, a tracked script and
# interface, notify scripts and smtp_alert, virtual routes and rules, v3 with IPv6 and excluded VIPs lowered by a failing script,
# one in FAULT on a tracked interface that is down) under each daemon in
# a namespace of its own; each gets the signal `--signum=JSON` names
# (keepalived's 36) and writes keepalived.json / vigil.json in its TMPDIR.
# The two files must hold the same key paths with the same values, times
# and counters apart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root
[ -x "$KEEPALIVED" ] || fail "$KEEPALIVED not installed"

[ "$("$VIGILD" --signum=JSON)" = "$("$KEEPALIVED" --signum=JSON)" ] ||
	fail "--signum=JSON: vigild $("$VIGILD" --signum=JSON), keepalived $("$KEEPALIVED" --signum=JSON)"
for s in DATA STATS RELOAD STOP; do
	[ "$("$VIGILD" --signum=$s)" = "$("$KEEPALIVED" --signum=$s)" ] ||
		fail "--signum=$s differs from keepalived's"
done
"$VIGILD" --signum=NOPE 2>/dev/null && fail "--signum=NOPE accepted"
SIG=$("$VIGILD" --signum=JSON)

# Each daemon alone on its links: eth0 (192.0.2.1, 2001:db8::1) and eth1
# up (veth pair eth0-eth1 inside the namespace), eth2 down.
for h in h1 h2; do
	ns_create "$h"
	ns_exec "$h" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
	    net.ipv6.conf.default.accept_dad=0
	ip -n "$(ns "$h")" link add eth0 type veth peer name eth1
	ip -n "$(ns "$h")" link add eth2 type veth peer name eth3
	ip -n "$(ns "$h")" link set eth0 up
	ip -n "$(ns "$h")" link set eth1 up
	ip -n "$(ns "$h")" addr add 192.0.2.1/24 dev eth0
	ip -n "$(ns "$h")" addr add 2001:db8::1/64 dev eth0 nodad
	mkdir -p "$T_DIR/$h.tmp"
done

cat >"$T_DIR/json.conf" <<EOC
global_defs {
	router_id json_test
	# vigil's default is on (split-brain healing), keepalived's off:
	# the same on both, to compare the rest.
	vrrp_higher_prio_send_advert true
}
vrrp_script chk_ok {
	script "/bin/true"
	interval 1
	weight 10
}
vrrp_script chk_bad {
	script "/bin/sh -c 'exit 1'"
	interval 1
	weight -20
}
vrrp_instance VI_1 {
	state MASTER
	interface eth0
	virtual_router_id 51
	priority 150
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass secret
	}
	virtual_ipaddress {
		192.0.2.10/24
		192.0.2.11 dev eth0 label eth0:1
	}
	track_script {
		chk_ok
	}
	track_interface {
		eth1 weight -10
	}
	virtual_routes {
		198.51.100.0/24 via 192.0.2.254 dev eth0 src 192.0.2.10 table 7 metric 9
		src 192.0.2.10 198.51.100.128/25 via 192.0.2.254
		default via 192.0.2.253 table 200
		203.0.113.64/26 via 192.0.2.254 dev eth0 table main
	}
	virtual_rules {
		from 192.0.2.10 table 100 priority 2000
		from 192.0.2.0/24 to 198.51.100.0/24 lookup 100 priority 2002 iif eth0 oif eth1
		fwmark 5/0xff table main priority 2003
		from 192.0.2.11 unreachable priority 2005
		tos 0x10 table 103 priority 2006
	}
	notify_master "/bin/true master"
	notify "/bin/true any"
	smtp_alert
}
vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	version 3
	priority 100
	advert_int 0.5
	nopreempt
	virtual_ipaddress {
		2001:db8::20/64
	}
	virtual_ipaddress_excluded {
		192.0.2.30/32
	}
	track_script {
		chk_bad
	}
}
vrrp_instance VI_3 {
	state BACKUP
	interface eth0
	virtual_router_id 53
	priority 90
	advert_int 1
	virtual_ipaddress {
		192.0.2.40/24 dev eth0 scope link
	}
	track_interface {
		eth2
	}
}
EOC

vigil_start h1 "$T_DIR/json.conf"
daemon_start h2 "$T_DIR/h2.log" env TMPDIR="$T_DIR/h2.tmp" "$KEEPALIVED" \
    -n -l -D --vrrp -f "$T_DIR/json.conf" -p "$T_DIR/h2.ka.pid" \
    -r "$T_DIR/h2.ka.vrrp.pid" -c "$T_DIR/h2.ka.check.pid"
K=$DAEMON_PID
wait_for 5 test -s "$T_DIR/h2.ka.vrrp.pid" || fail "keepalived: no vrrp pid file"
track_pid "$(cat "$T_DIR/h2.ka.vrrp.pid")"
# Both settled: VI_1 and VI_2 MASTER, VI_3 FAULT, chk_bad lowered VI_2.
for h in h1 h2; do
	wait_log "$T_DIR/$h.log" '\(VI_2\) Entering MASTER STATE' 6 ||
		fail "$h: VI_2 not MASTER"
	wait_log "$T_DIR/$h.log" '\(VI_1\) Entering MASTER STATE' 2 ||
		fail "$h: VI_1 not MASTER"
done
sleep 0.5
kill -"$SIG" "$VIGIL_PID" "$K"
V=$T_DIR/h1.tmp/vigil.json
KA=$T_DIR/h2.tmp/keepalived.json
wait_for 3 test -s "$V" || fail "vigild wrote no $V"
wait_for 3 test -s "$KA" || fail "keepalived wrote no $KA"
sleep 0.3
wait_log "$T_DIR/h1.log" "wrote $V" 2 || fail "vigild did not finish $V"

python3 - "$KA" "$V" <<'EOP' || fail "vigil.json differs from keepalived.json"
import json, sys
# Times and counters may differ.
VARY = ("last_transition",)
def flat(v, p, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(x, p + (k,), out)
    elif isinstance(v, list) and (not v or isinstance(v[0], (dict, list))):
        for i, x in enumerate(v):
            flat(x, p + (i,), out)
    else:
        out[p] = v
    return out
ka = json.load(open(sys.argv[1]))
vi = json.load(open(sys.argv[2]))
ka = {e["data"]["iname"]: e for e in ka}
vi = {e["data"]["iname"]: e for e in vi}
bad = 0
if sorted(ka) != sorted(vi):
    print("instances: keepalived", sorted(ka), "vigil", sorted(vi)); bad += 1
for name in ka:
    a, b = flat(ka[name], (), {}), flat(vi.get(name, {}), (), {})
    for p, v in a.items():
        if p not in b:
            print(name, "/".join(map(str, p)), "missing in vigil.json"); bad += 1
        elif p[0] == "stats" or p[-1] in VARY:
            if type(v) != type(b[p]):
                print(name, "/".join(map(str, p)), "type", type(b[p]).__name__, "!=", type(v).__name__); bad += 1
        elif v != b[p] or type(v) != type(b[p]):
            print(name, "/".join(map(str, p)), "vigil", repr(b[p]), "keepalived", repr(v)); bad += 1
    for p in b:
        if p not in a:
            print(name, "/".join(map(str, p)), "only in vigil.json"); bad += 1
n = sum(len(flat(e, (), {})) for e in ka.values())
print("compared", n, "key paths of", len(ka), "instances;", bad, "differ")
sys.exit(1 if bad else 0)
EOP
grep -q '"state":3' "$V" || fail "VI_3 not in FAULT in $V"
pass
