#!/bin/sh
# A malformed IPC message (truncated, unknown type, wrong size) kills the
# child that receives it with one clear fatal line; the parent restarts it
# and never crashes. The messages are injected through the test hook of
# vigild(8) (VIGIL_TEST_IPC: a file naming child and kind, then SIGUSR1).
. "$(dirname "$0")/lib.sh"
need_root

ns_create a
ns_create b
ns_veth a veth0 b veth0
vigil_conf_min "$T_DIR/vigil.conf" veth0 192.0.2.10/24
L=$T_DIR/a.log
export VIGIL_TEST_IPC=$T_DIR/inject

vigil_start a "$T_DIR/vigil.conf"
P=$VIGIL_PID
wait_log "$L" 'configuration 1 running' 5 || fail "not ready"

# inject CHILD KIND FATAL_ERE BACKOFF
inject() {
	old=$(vigil_pid a "$1")
	echo "$1 $2" >"$VIGIL_TEST_IPC"
	kill -USR1 "$P"
	wait_log "$L" "$1: ipc: malformed message from core process: $3" 3 ||
		fail "$1 child: no fatal line for a $2 message"
	wait_log "$L" "lost child $1 \\(pid $old\\): exited with status 1" 3 ||
		fail "$1 child did not die on a $2 message"
	vigil_wait_child a "$1" "$old" "$4" ||
		fail "$1 child not restarted after a $2 message"
	alive "$P" || fail "parent died"
	log "$1: $2 -> restarted"
}

inject vrrp truncated 'truncated header \(3 bytes\)' 2.5
inject check unknown 'unknown message type [0-9]+' 2.5
inject vrrp badsize 'MSG_CONF_END: bad size 1' 3.5
[ "$(vigil_pid a)" = "$P" ] || fail "parent pid changed"
grep -q 'core: .*fatal\|core: event loop ended' "$L" && fail "parent error"
pass
