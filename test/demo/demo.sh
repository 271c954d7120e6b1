#!/bin/sh
# vigil in a minute, on this machine, without touching its network: two
# nginx directors sharing a virtual IP (VIP) through vigild, as the
# keepalived tutorials set them up, a client fetching the VIP every 10 ms,
# and a narration of what happens when nginx dies on the master, when the
# master's cable is pulled, and when both come back. `sudo make demo`
# runs it (after installing what is missing and building).
#
# Everything lives in network namespaces it creates ("vdemoPID-sw" the
# switch, "-h1" director A, "-h2" director B, "-c" the client) with
# documentation addresses only (192.0.2.0/24, 2001:db8::/64), and in one
# directory under $TMPDIR (/tmp); all of it is removed at the end, also
# on Ctrl-C or an error. It is built on the integration tests' harness
# (test/integration/lib*.sh), so it runs what the tests run.
#
# Usage: test/demo/demo.sh [--quick]
#   --quick   no pauses for reading between the steps (the test suite,
#             test/integration/t_demo.sh, runs it so)
# Exit status: 0 when every step did what the narration says, 1 when one
# did not (what it waited for, and the daemons' logs, on stderr), 130
# when interrupted (Ctrl-C).

case "${1:-}" in
--quick) QUICK=1 ;;
"") QUICK="" ;;
*) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root for its network namespaces: sudo make demo" >&2
	exit 1
fi

D_LIB=$(cd "$(dirname "$0")/../integration" && pwd)
. "$D_LIB/lib.sh"
. "$D_LIB/lib_vrrp.sh"
. "$D_LIB/lib_nginx.sh"
[ -x "$VIGILD" ] || fail "$VIGILD not built: run make (or sudo make demo)"
# Debian's python3 (deps.sh installs it) before any other in PATH.
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3
for c in "$NGINX" "$PYTHON" ip ss sysctl; do
	command -v "$c" >/dev/null || fail "$c not installed: sudo test/deps.sh --install"
done

# The demo's own names: namespaces vdemoPID-*, one directory under
# $TMPDIR (lib.sh made one in /tmp: replaced before anything is in it).
T_PREFIX="vdemo$$-"
rmdir "$T_DIR"
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vigil-demo.XXXXXX") || exit 1
chmod 755 "$T_DIR"
PAUSE=3
[ -n "$QUICK" ] && PAUSE=0
DEMO_DONE=""
SUMMARY=""

# At exit, also on Ctrl-C (INT), TERM, HUP, PIPE (its reader gone:
# `make demo | head`) or an error: lib.sh's cleanup (daemons and helpers
# by recorded PID, each node's nginx by its pid file, the namespaces, the
# directory), which a second Ctrl-C does not interrupt, then a look that
# nothing is left.
demo_exit() {
	rc=$?
	trap '' INT TERM HUP PIPE
	[ -n "$DEMO_DONE" ] ||
	    printf '\nStopped: removing the namespaces, processes and files it made ... '
	# All at once (vigild, the client, nginx): lib.sh's cleanup, which
	# stops them one by one, then finds them gone.
	for ps in $T_PIDS; do
		[ "$(start_time "${ps%%:*}")" = "${ps#*:}" ] &&
		    kill -TERM "${ps%%:*}" 2>/dev/null
	done
	for h in ${T_NGINX_HOSTS:-}; do
		p=$(nginx_pid "$h") && kill -TERM "$p" 2>/dev/null
	done
	( (exit "$rc"); t_cleanup )
	left=$(ip netns list | grep -o "^${T_PREFIX}[^ ]*" | tr '\n' ' ')
	[ -e "$T_DIR" ] && left="$left$T_DIR"
	if [ -z "$left" ]; then
		echo "done."
	else
		echo "left behind: $left"
		rc=1
	fi
	exit "$rc"
}
trap demo_exit EXIT
trap 'exec >/dev/null; exit 141' PIPE

say() { echo "$*"; }
pause() { [ "$PAUSE" = 0 ] || sleep "$PAUSE"; }
name() { case $1 in h1) echo A ;; h2) echo B ;; *) echo "$1" ;; esac; }

# ms_text MS: "45 ms" or "1.3 s".
ms_text() {
	awk -v m="$1" 'BEGIN { if (m < 1000) printf "%d ms\n", m;
	    else printf "%.1f s\n", m / 1000 }'
}

# poll SECONDS CMD...: run CMD every 20 ms until it succeeds (0) or
# SECONDS (a whole number) have passed (1).
poll() {
	i=$(($1 * 50)); shift
	while [ "$i" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.02
		i=$((i - 1))
	done
	return 1
}

# --- the directors ------------------------------------------------------

# conf NODE STATE PRIORITY: the tutorials' keepalived.conf for an nginx
# pair (vigild reads it as is): VRRP instance VI_1 on eth0, advert every
# second, the VIP, and chk_nginx (is this node's nginx running? every
# second; two failures in a row lower the priority by 20, two successes
# raise it back).
conf() {
	cat >"$T_DIR/$1.conf" <<EOF
global_defs {
	router_id director_$(name "$1")
}

vrrp_script chk_nginx {
	script "$T_DIR/chk_nginx.sh $T_DIR/$1/nginx.pid"
	interval 1
	weight -20
	fall 2
	rise 2
}

vrrp_instance VI_1 {
	state $2
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass demo
	}
	virtual_ipaddress {
		$VIP4/24
	}
	track_script {
		chk_nginx
	}
}
EOF
}

# node_start NODE: vigild in NODE's namespace, its log, pid files, dumps
# and control socket in $T_DIR (lib.sh's vigil_start).
node_start() {
	vigil_start "$1" "$T_DIR/$1.conf"
}

# --- what a node says about itself -------------------------------------

# node_line NODE: NODE's state, priority (and why it differs from the
# configured one), its nginx check and whether it holds the VIP, as
# `vigilctl status --json` gives them.
node_line() {
	v=""
	has_vip "$1" && v=", holds the VIP"
	if ! vigil_ctl "$1" status --json >"$T_DIR/$1.status" 2>&1; then
		say "   $(name "$1"): vigild does not answer"
		return 0
	fi
	"$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
i = d["instances"][0]
why = "".join(" %s failed" % t["name"] for t in i["tracks"]
    if t["type"] == "script" and t["state"] == "failed")
p = str(i["priority"])
if i["priority"] != i["base_priority"]:
    diff = i["priority"] - i["base_priority"]
    p += " (%d%+d:%s)" % (i["base_priority"], diff, why)
chk = "".join(", %s %s" % (t["name"], "ok" if t["state"] == "succeeded"
    else t["state"]) for t in i["tracks"] if t["type"] == "script")
print("   %s: %s, priority %s%s%s" % (sys.argv[2], i["state"], p, chk,
    sys.argv[3]))' "$T_DIR/$1.status" "$(name "$1")" "$v"
}

# status: what each node's vigild says it is doing, one line per node
# (vigilctl, through each node's own control socket).
status() {
	for node in h1 h2; do
		node_line "$node"
	done
}

# --- the client -----------------------------------------------------------

# client_start: the client fetches http://VIP/ every 10 ms (client.py),
# one line per try in $T_DIR/fetch.out, as lib_nginx.sh's fetch_* read it.
client_start() {
	ip netns exec "$(ns c)" "$PYTHON" -u "$(dirname "$0")/client.py" \
	    "$VIP4" 0.01 0.1 >"$T_DIR/fetch.out" 2>"$T_DIR/client.err" &
	FETCH_PID=$!
	track_pid "$FETCH_PID"
}

# --- one step -------------------------------------------------------------

# step NUM TEXT: print "NUM. TEXT: " and mark where the step starts
# (T0, the client's line M, the nodes' log lines).
step() {
	STEP=$1
	printf '\n%s. %s: ' "$1" "$2"
	M=$(fetch_mark)
	L1=$(wc -l <"$T_DIR/h1.log")
	L2=$(wc -l <"$T_DIR/h2.log")
	T0=$(now)
}

# outcome NODE TIMEOUT [WHY]: wait until NODE holds the VIP and the client
# gets NODE's page; finish the step's line with how long the VIP took
# and what the client saw, then why, each node's status and log lines.
outcome() {
	poll "$2" has_vip "$1" ||
	    fail "$(name "$1") did not take the VIP within $2 s: $(holder)"
	took=$(since "$T0")
	poll 5 fetch_saw "$M" "$1" ||
	    fail "the client gets no page from $(name "$1")"
	sleep 0.3
	gap=$(fetch_gap_ms "$M")
	bad=$(fetch_count "$M" fail)
	printf '%s takes the VIP in %s s; ' "$(name "$1")" \
	    "$(printf '%.1f' "$took")"
	if [ "$bad" = 0 ]; then
		saw="no error"
		echo "the client saw no error (longest wait for a page: $(ms_text "$gap"))."
	else
		saw="$(ms_text "$gap") of errors"
		echo "the client saw $(ms_text "$gap") of errors."
	fi
	[ -n "${3:-}" ] && echo "   Why: $3."
	SUMMARY="$SUMMARY${SUMMARY:+, }$STEP) $saw"
	status
	echo "   vigild's log:"
	timeline
	pause
}

# fetch_saw LINE NODE: the client got a page from NODE after LINE.
fetch_saw() { [ "$(fetch_count "$1" "ok $2")" -gt 0 ]; }

# timeline: the lines of both vigild logs since the step began that tell
# its story (the check's verdicts with the priority they make, state
# changes), in time order: "04:06:50.795 A: Entering BACKUP STATE".
timeline() {
	{
		tail -n +$((L1 + 1)) "$T_DIR/h1.log" | sed -n 's/ vrrp: (VI_1) / A: /p'
		tail -n +$((L2 + 1)) "$T_DIR/h2.log" | sed -n 's/ vrrp: (VI_1) / B: /p'
	} | grep -E '^[0-9:.]+ [AB]: (Entering|chk_nginx (failed|succeeded): priority)' |
	    sed -E 's/(priority [0-9]+[-+][0-9]+=[0-9]+).*/\1/' |
	    sort -s -k1,1 | sed 's/^/      /'
}

# --- the demo -------------------------------------------------------------

say "vigil demo: two nginx directors, A and B, share the address $VIP4 (the VIP)."
say "vigild runs on both with the tutorials' keepalived.conf: VRRP adverts every"
say "second and a vrrp_script, chk_nginx, that checks the local nginx every second."
say "A (192.0.2.1, priority 110) serves the VIP; B (192.0.2.2, priority 100) stands"
say "by. A client (192.0.2.100) fetches http://$VIP4/ every 10 ms; each page names"
say "the director that served it. All of it runs in network namespaces ($(ns '*'))"
say "on a private switch: this machine's own network is not touched."
say ""
printf 'Setting up namespaces, nginx and vigild ... '
vrrp_lan
nginx_check_script
nginx_node h1 192.0.2.1
nginx_node h2 192.0.2.2
nginx_start h1
nginx_start h2
conf h1 MASTER 110
conf h2 BACKUP 100
# A starts as master and advertises at once, so B may start with it.
node_start h1
node_start h2
client_start
poll 8 only_on h1 || fail "A does not take the VIP: $(holder)"
wait_log "$T_DIR/h2.log" '\(VI_1\) Entering BACKUP STATE' 5 ||
    fail "B does not start as backup"
wait_log "$T_DIR/h1.log" '\(VI_1\) tracked script chk_nginx succeeded' 3 ||
    fail "A's nginx check does not succeed"
poll 5 fetch_saw 0 h1 || fail "the client gets no page from A"
vigil_ctl h1 status >/dev/null && vigil_ctl h2 status >/dev/null ||
    fail "vigilctl gets no status from the nodes"
say "done."
say ""
say "0. Ready: A holds the VIP and the client gets its pages from A."
status
pause

step 1 "nginx on director A is killed"
nginx_stop h1
outcome h2 8 "two failed checks lowered A's priority by 20, below B's"

step 2 "nginx on A is started again"
nginx_start h1
outcome h1 8 "two good checks raised A's priority back above B's"

step 3 "A's cable is pulled (its switch port goes down)"
link_cut h1
outcome h2 8 "B heard no advert from A for 3 intervals; A, without a link, is in FAULT"

step 4 "A's cable is plugged back in"
link_restore h1
outcome h1 8 "B hears A's adverts again, and A has the higher priority"

say ""
say "Done: vigil moved the VIP to the healthy director each time, and back."
say "What the client saw: $SUMMARY."
say "The same pair for real hosts: conf/examples/nginx-master.conf, nginx-backup.conf."
printf 'Removing the namespaces, processes and files it made ... '
DEMO_DONE=1
