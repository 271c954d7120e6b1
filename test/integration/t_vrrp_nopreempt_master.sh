#!/bin/sh
# nopreempt with state MASTER, against a keepalived peer. h2 (Debian's
# keepalived, priority 100) is master; h1 (priority 150, state MASTER,
# nopreempt, tracking interface d0) starts, then d0 goes down (FAULT:
# h2 takes over) and up again.
# keepalived 2.2.7 in h1's role (run first: the reference, observed, not
# assumed) logs "nopreempt will not work with initial state MASTER -
# clearing" and takes the VIP at start and again once d0 is up: it
# preempts as without nopreempt. vigild does the same, with a warning
# at the nopreempt line (file:line:col). With state BACKUP instead (the
# warning's advice), nopreempt holds: h1 restarted and d0 up again leave
# the VIP on h2, with vigild as with keepalived.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_vrrp.sh"
need_root

# h1_conf STATE
h1_conf() {
	STATE=$1 vrrp_conf "$T_DIR/h1.conf" 150 "version 3
	advert_int 0.1
	track_interface {
		d0
	}
	nopreempt"
}

# h1_start ka|vigil: h1 started; H1 its PID.
h1_start() {
	rm -f "$T_DIR/h1.log"
	if [ "$1" = ka ]; then
		ka_start h1 "$T_DIR/h1.conf"
		H1=$KA_PID
	else
		vigil_start h1 "$T_DIR/h1.conf"
		H1=$VIGIL_PID
	fi
}

h1_stop() {
	if [ "$1" = ka ]; then ka_stop "$H1"; else stop_pid "$H1" 5; fi
	wait_holder h2 3 || fail "$1: h2 did not take the VIP when h1 stopped"
}

# d0_cycle: d0 down (h1 in FAULT, h2 master), then up.
d0_cycle() {
	ip -n "$(ns h1)" link set d1 down
	wait_holder h2 5 || fail "$1: d0 down, VIP on $(holder), not h2"
	wait_log "$T_DIR/h1.log" 'Entering FAULT STATE' 3 ||
		fail "$1: h1 not in FAULT"
	ip -n "$(ns h1)" link set d1 up
}

# preempts ka|vigil: h1 (state MASTER) takes the VIP at start and after
# its FAULT.
preempts() {
	h1_conf MASTER
	h1_start "$1"
	wait_holder h1 5 || fail "$1, state MASTER: h1 did not take the VIP" \
	    "from h2 at start ($(holder))"
	d0_cycle "$1"
	wait_holder h1 5 || fail "$1, state MASTER: h1 did not take the VIP" \
	    "back once d0 was up ($(holder))"
	h1_stop "$1"
	log "$1, state MASTER, nopreempt: takes over at start and after FAULT"
}

# holds ka|vigil: h1 (state BACKUP) leaves the VIP on h2.
holds() {
	h1_conf BACKUP
	h1_start "$1"
	wait_log "$T_DIR/h1.log" 'Entering BACKUP STATE' 5 ||
		fail "$1: h1 not BACKUP"
	sleep 1.5
	only_on h2 || fail "$1, state BACKUP: VIP on $(holder) at start"
	d0_cycle "$1"
	wait_log "$T_DIR/h1.log" 'Entering BACKUP STATE' 5 ||
		fail "$1: h1 not back to BACKUP"
	sleep 1.5
	only_on h2 || fail "$1, state BACKUP: VIP on $(holder) after FAULT"
	h1_stop "$1"
	log "$1, state BACKUP, nopreempt: h2 keeps the VIP"
}

vrrp_lan
ip -n "$(ns h1)" link add d0 type veth peer name d1 || fail "veth d0"
ip -n "$(ns h1)" link set d0 up
ip -n "$(ns h1)" link set d1 up
vrrp_conf "$T_DIR/h2.conf" 100
ka_start h2 "$T_DIR/h2.conf"
wait_holder h2 5 || fail "h2 (keepalived) not master"

preempts ka
grep -q 'nopreempt will not work with initial state MASTER - clearing' \
    "$T_DIR/h1.log" || fail "keepalived did not say it clears nopreempt"
preempts vigil
grep -Eq "^$T_DIR/h1.conf:[0-9]+:[0-9]+: warning: vrrp_instance VI_1: nopreempt has no effect with state MASTER" \
    "$T_DIR/h1.log" || fail "vigild: no warning at the nopreempt line"
holds ka
holds vigil
grep -q 'nopreempt has no effect' "$T_DIR/h1.log" &&
	fail "vigild warned with state BACKUP"
pass
