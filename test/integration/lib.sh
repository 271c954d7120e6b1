# Integration test harness: network namespaces, bridges, veth hosts, daemons
# started and stopped by recorded PID, wait-for helpers, cleanup on exit.
# Source it from a t_*.sh script (as root):
#
#   . "$(dirname "$0")/lib.sh"
#   ns_create a                     # namespace "${T_PREFIX}a", lo up
#   ns_veth a veth0 b veth0         # veth pair between two namespaces
#   br_create sw br0                # a bridge inside namespace "sw"
#   host_add h1 sw br0 192.0.2.1/24 # namespace h1, eth0 on sw's br0
#   daemon_start a "$T_DIR/a.log" "$VIGILD" -n -l -f conf
#   wait_for 5 test -s "$T_DIR/x.pid" || fail "no pid file"
#   wait_log "$T_DIR/a.log" 'Entering MASTER' 5 || fail "..."
#   pass
#
# Namespaces are named "$T_PREFIX<name>" (ns NAME prints the full name);
# everything created is removed by the EXIT trap, even on failure. Daemons
# are stopped by the PID recorded when they were started, never by name.
# Addresses: only 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32.

set -u

T_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VIGILD=${VIGILD:-$T_ROOT/vigild}
VIGILCTL=${VIGILCTL:-$T_ROOT/vigilctl}
T_NAME=$(basename "$0" .sh)
T_PREFIX="vt$$"
T_DIR=$(mktemp -d "/tmp/vigil-$T_NAME.XXXXXX")
T_NETNS=""
T_PIDS=""
T_FILES=""	# more files to remove at exit (t_files FILE...)
T_AT_EXIT=""	# commands run first at exit (t_at_exit CMD)

log() { echo "[$T_NAME] $*"; }

fail() {
	echo "FAIL [$T_NAME]: $*" >&2
	for f in "$T_DIR"/*.log; do
		[ -f "$f" ] || continue
		echo "--- $f (last 40 lines)" >&2
		tail -n 40 "$f" >&2
	done
	exit 1
}

pass() { echo "PASS [$T_NAME]"; exit 0; }

need_root() {
	[ "$(id -u)" = 0 ] || { echo "SKIP [$T_NAME]: needs root" >&2; exit 1; }
	[ -x "$VIGILD" ] || fail "$VIGILD not built (make)"
}

ns() { echo "$T_PREFIX$1"; }

# ns_create NAME: a namespace with lo up.
ns_create() {
	ip netns add "$(ns "$1")" || fail "ip netns add $(ns "$1")"
	T_NETNS="$T_NETNS $(ns "$1")"
	ip -n "$(ns "$1")" link set lo up
}

# ns_exec NAME CMD...: run CMD inside namespace NAME.
ns_exec() { n=$1; shift; ip netns exec "$(ns "$n")" "$@"; }

# ns_veth NS1 IF1 NS2 IF2: a veth pair, both ends up.
ns_veth() {
	ip link add "$T_PREFIX-v" type veth peer name "$T_PREFIX-p" ||
		fail "ip link add veth"
	ip link set "$T_PREFIX-v" netns "$(ns "$1")" name "$2"
	ip link set "$T_PREFIX-p" netns "$(ns "$3")" name "$4"
	ip -n "$(ns "$1")" link set "$2" up
	ip -n "$(ns "$3")" link set "$4" up
}

# br_create NS BR: a bridge, up, inside namespace NS.
br_create() {
	ip -n "$(ns "$1")" link add "$2" type bridge || fail "bridge $2"
	ip -n "$(ns "$1")" link set "$2" up
}

# host_add HOST BRNS BR [ADDR]: namespace HOST whose eth0 is a port of
# bridge BR in namespace BRNS, optionally with ADDR (192.0.2.1/24).
host_add() {
	ns_create "$1"
	T_NPORT=$(( ${T_NPORT:-0} + 1 ))
	ns_veth "$1" eth0 "$2" "p$T_NPORT"
	ip -n "$(ns "$2")" link set "p$T_NPORT" master "$3"
	[ -n "${4:-}" ] && ip -n "$(ns "$1")" addr add "$4" dev eth0
	return 0
}

# daemon_start NS LOG CMD...: start CMD in namespace NS (ip netns exec
# execs it, so $! is CMD's own PID); sets DAEMON_PID and records it.
daemon_start() {
	n=$1 logf=$2; shift 2
	ip netns exec "$(ns "$n")" "$@" >"$logf" 2>&1 &
	DAEMON_PID=$!
	track_pid "$DAEMON_PID"
}

# syslogd_start NS LOG OUT GO CMD...: run CMD in namespace NS with its
# output in LOG (as daemon_start), in a private mount namespace where a
# fake syslogd owns /dev/log (a tmpfs over /dev there only: the host's
# /dev is never touched). The fake syslogd writes each datagram as a line
# to OUT, reading only once the file GO exists ("": at once); it is
# tracked for cleanup.
syslogd_start() {
	n=$1 logf=$2 out=$3 go=$4; shift 4
	command -v python3 >/dev/null || fail "python3 needed to play syslogd"
	command -v unshare >/dev/null || fail "unshare (util-linux) needed"
	mkdir -p "$T_DIR/olddev"
	cat >"$T_DIR/syslogd.sh" <<EOF
set -e
mount --make-rprivate /
mount --bind /dev "$T_DIR/olddev"
mount -t tmpfs tmpfs /dev
for d in null zero urandom random; do
	touch /dev/\$d
	mount --bind "$T_DIR/olddev/\$d" /dev/\$d
done
python3 -c '
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
while sys.argv[2] and not os.path.exists(sys.argv[2]):
    time.sleep(0.05)
out = open(sys.argv[1], "a", buffering=1)
while True:
    out.write(s.recv(4096).decode(errors="replace") + "\n")
' "$out" "$go" &
echo \$! >"$T_DIR/syslogd.pid"
while [ ! -S /dev/log ]; do sleep 0.05; done
exec "\$@"
EOF
	daemon_start "$n" "$logf" unshare -m sh "$T_DIR/syslogd.sh" "$@"
	wait_for 5 test -s "$T_DIR/syslogd.pid" || fail "no fake syslogd"
	track_pid "$(cat "$T_DIR/syslogd.pid")"
}

# t_files FILE...: remove these files at exit too.
t_files() { T_FILES="$T_FILES $*"; }

# t_at_exit CMD: run CMD (a function of the test's) first at exit, even
# on failure: to stop what the test did not start itself and so could
# not track_pid (a server that a daemon's script started).
t_at_exit() { T_AT_EXIT="$T_AT_EXIT$1
"; }

# start_time PID: when PID started (field 22 of /proc/PID/stat), to tell
# it from a later process that got the same PID.
start_time() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }

# track_pid PID: also stop PID at cleanup (a helper, a daemon's child).
track_pid() { T_PIDS="$T_PIDS $1:$(start_time "$1")"; }

alive() { kill -0 "$1" 2>/dev/null; }

# The executable a PID runs, to never signal a recycled PID.
is_ours() { [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$(readlink -f "$VIGILD")" ]; }

# stop_pid PID [TIMEOUT]: SIGTERM, then SIGKILL after TIMEOUT (2) seconds.
stop_pid() {
	alive "$1" || return 0
	kill -TERM "$1" 2>/dev/null
	wait_for "${2:-2}" sh -c "! kill -0 $1 2>/dev/null" && return 0
	kill -KILL "$1" 2>/dev/null
	return 0
}

# wait_for TIMEOUT CMD...: run CMD every 0.1 s until it succeeds (0) or
# TIMEOUT seconds (may be fractional) have passed (1).
wait_for() {
	t_end=$(awk -v t="$1" 'BEGIN { srand(); print t * 10 }')
	shift
	i=0
	while [ "$i" -le "$t_end" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_log FILE ERE TIMEOUT: wait until a line of FILE matches ERE.
wait_log() { wait_for "$3" grep -Eq -- "$2" "$1"; }

# ip_monitor NS FILE OBJECT...: `ip monitor OBJECT...` in namespace NS
# into FILE, returning once it is proven listening (a marker rule or
# route in table 250, from/to 203.0.113.255, added and deleted, seen
# both ways); MON_PID is its PID, tracked. Count events with mon_lines.
ip_monitor() {
	_n=$(ns "$1"); _f=$2; shift 2
	ip netns exec "$_n" ip monitor "$@" >"$_f" 2>&1 &
	MON_PID=$!
	track_pid "$MON_PID"
	case " $* " in
	*" rule "*) _add="ip -n $_n rule add pref 31999 from 203.0.113.255 lookup 250"
		_del="ip -n $_n rule del pref 31999 from 203.0.113.255 lookup 250" ;;
	*) _add="ip -n $_n route add blackhole 203.0.113.255/32 table 250"
		_del="ip -n $_n route del blackhole 203.0.113.255/32 table 250" ;;
	esac
	# Until the monitor is subscribed, its marker is missed: add it again.
	_i=0
	while ! grep -q 203.0.113.255 "$_f"; do
		[ "$_i" -ge 50 ] && fail "ip monitor $* in $1 does not listen"
		$_add 2>/dev/null; sleep 0.1; $_del 2>/dev/null
		_i=$((_i + 1))
	done
	wait_for 2 sh -c "grep 203.0.113.255 '$_f' | grep -q Deleted" ||
	    fail "ip monitor $* in $1 saw its marker added, not deleted"
}

# mon_lines FILE: the events FILE recorded, ip_monitor's markers apart.
mon_lines() { grep -v 203.0.113.255 "$1"; }

# count_log FILE ERE: how many lines match.
count_log() { grep -Ec -- "$2" "$1" 2>/dev/null || true; }

# status_field PID FIELD: a field of /proc/PID/status ("CapEff").
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# children_of PID: the PIDs whose parent is PID.
children_of() {
	for s in /proc/[0-9]*/stat; do
		awk -v p="$1" '{ sub(/.*\) /, ""); if ($2 == p) { split(FILENAME, a, "/"); print a[3] } }' "$s" 2>/dev/null
	done
}

# vigil_conf_min FILE IFACE VIP [EXTRA]: a minimal keepalived.conf: one
# vrrp_instance VI_1 on IFACE holding VIP, tracking a vrrp_script chk_ok
# (so both children have work); EXTRA is appended as is.
vigil_conf_min() {
	cat >"$1" <<EOF
global_defs {
	router_id vigil_test
}

vrrp_script chk_ok {
	script "/bin/true"
	interval 1
}

vrrp_instance VI_1 {
	state MASTER
	interface $2
	virtual_router_id 51
	priority 150
	advert_int 1
	virtual_ipaddress {
		$3
	}
	track_script {
		chk_ok
	}
}
${4:-}
EOF
}

# other_lines FILE: FILE's lines but the configuration's "not supported
# yet" warnings (vigil_conf_min's vrrp_script draws one: its command is
# not run yet), which a daemon prints on stderr at each start.
other_lines() { grep -v ': warning: .*not supported yet' "$1"; }

# vigil_start NAME CONF [ARGS...]: vigild -n -l in namespace NAME with its
# log in $T_DIR/NAME.log, pid files $T_DIR/NAME{,.vrrp,.check}.pid, its
# control socket $T_DIR/NAME.sock (vigil_ctl) and TMPDIR=$T_DIR/NAME.tmp
# so that its SIGUSR1/SIGUSR2 dumps (vigil_dump) are its own; sets
# VIGIL_PID once the parent's pid file is written.
vigil_start() {
	n=$1 conf=$2; shift 2
	mkdir -p "$T_DIR/$n.tmp"
	daemon_start "$n" "$T_DIR/$n.log" env TMPDIR="$T_DIR/$n.tmp" \
	    "$VIGILD" -n -l -f "$conf" -p "$T_DIR/$n.pid" \
	    -r "$T_DIR/$n.vrrp.pid" -c "$T_DIR/$n.check.pid" \
	    --control-socket="$T_DIR/$n.sock" "$@"
	VIGIL_PID=$DAEMON_PID
	wait_for 5 test -s "$T_DIR/$n.pid" || fail "vigild in $n: no pid file"
}

# vigil_ctl NAME ARGS...: vigilctl talking to NAME's vigild.
vigil_ctl() { n=$1; shift; "$VIGILCTL" -s "$T_DIR/$n.sock" "$@"; }

# vigil_dump NAME data|stats: the file NAME's SIGUSR1 (data) or SIGUSR2
# (stats) dump goes to.
vigil_dump() { echo "$T_DIR/$1.tmp/vigil.$2"; }

# vigil_pid NAME [vrrp|check]: the PID in that pid file (empty if none).
vigil_pid() {
	f="$T_DIR/$1${2:+.$2}.pid"
	[ -s "$f" ] && cat "$f"
	return 0
}

# vigil_wait_child NAME vrrp|check OLDPID TIMEOUT: wait for a child whose
# PID differs from OLDPID to have written its pid file and be alive.
vigil_wait_child() {
	wait_for "$4" sh -c "p=\$(cat '$T_DIR/$1.$2.pid' 2>/dev/null) &&
	    [ -n \"\$p\" ] && [ \"\$p\" != '$3' ] && kill -0 \$p"
}

t_cleanup() {
	rc=$?
	eval "$T_AT_EXIT"
	for ps in $T_PIDS; do
		p=${ps%%:*}
		[ -n "${ps#*:}" ] && [ "$(start_time "$p")" = "${ps#*:}" ] &&
			stop_pid "$p" 3
	done
	# A sanitizer report from any daemon (build-san/vigild) fails the test.
	if grep -El 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
	    "$T_DIR"/*.log >/dev/null 2>&1; then
		echo "FAIL [$T_NAME]: sanitizer report:" >&2
		grep -Eh -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
		    "$T_DIR"/*.log >&2
		rc=1
	fi
	for n in $T_NETNS; do
		ip netns pids "$n" 2>/dev/null | while read -r p; do
			is_ours "$p" && kill -KILL "$p" 2>/dev/null
		done
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$T_DIR"
	[ -n "$T_FILES" ] && rm -f $T_FILES
	exit $rc
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM HUP
