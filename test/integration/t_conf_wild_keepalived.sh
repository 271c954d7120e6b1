#!/bin/sh
# What Debian's keepalived 2.2.7 does with the golden cases of its
# lenience (test/golden/cases/wild_*.conf, script_after, oneline_block):
# vigil accepts with a warning what keepalived runs without a word
# (`keepalived -t` exits 0 and prints nothing), refuses what keepalived
# refuses too (-t fails with the line named here), and notes where
# keepalived silently does something other than the text. Where -t says
# nothing about the meaning, keepalived runs briefly (-n -l -D -d) and its
# dump shows it: "nopreempt 0" is nopreempt, a prefix is dropped, the
# first of two vrrp_script blocks of one name wins, "weight=0" drops the
# track.
# One namespace with a veth pair (the cases' "interface lo" becomes vk0:
# keepalived refuses lo for VRRP); nothing is sent: the instances start
# as BACKUP (or FAULT) and keepalived is stopped once its dump is out.
# Runs in about 10 s (keepalived takes seconds to start).
. "$(dirname "$0")/lib.sh"
need_root
command -v keepalived >/dev/null || fail "keepalived not installed (test/deps.sh)"

cases=$T_ROOT/test/golden/cases
ns_create k
ns_create p
ns_veth k vk0 p vk1
echo 0 >"$T_DIR/track"

# prep NAME: the case, with vk0 for lo and the track file in T_DIR, and
# (at the end, so that line numbers stay) script security on: without it
# keepalived -t exits 6 for any script run as root.
prep() {
	sed -e 's/interface lo$/interface vk0/' \
	    -e "s|/run/vigil-golden.track|$T_DIR/track|" \
	    "$cases/$1.conf" >"$T_DIR/$1.conf"
	printf 'global_defs {\n    script_user root\n    enable_script_security\n}\n' \
	    >>"$T_DIR/$1.conf"
}

# kt NAME STATUS [ERE...]: keepalived -t; STATUS 0: exit 0 and no output;
# "fail": a non-zero exit and a line matching each ERE.
kt() {
	c=$1 want=$2; shift 2
	prep "$c"
	rc=0
	ns_exec k keepalived -t -l -f "$T_DIR/$c.conf" >"$T_DIR/$c.t" 2>&1 || rc=$?
	if [ "$want" = 0 ]; then
		if [ "$rc" != 0 ] || [ -s "$T_DIR/$c.t" ]; then
			fail "$c: keepalived -t exit $rc: $(cat "$T_DIR/$c.t")"
		fi
	else
		[ "$rc" != 0 ] || fail "$c: keepalived -t accepts it"
	fi
	for ere in "$@"; do
		grep -Eq -- "$ere" "$T_DIR/$c.t" ||
			fail "$c: keepalived -t says nothing like: $ere
$(cat "$T_DIR/$c.t")"
	done
	log "$c: keepalived -t exit $rc"
}

kt wild_flag_value 0
kt wild_addr_prefix 0
kt wild_extra_words 0
kt wild_dup_same 0
kt wild_dup_differs 0
kt wild_extra_refused fail 'vrrp_instance must have a name' \
    'Block virtual_ipaddress has extra parameters' \
    'vrrp_sync_group must have a name'
kt wild_dup_refused fail 'vrrp instance VI_1 already defined' \
    'vrrp sync group G1 already defined'
kt wild_weight_eq fail 'unknown track script option weight=0 - ignoring'
kt wild_track_after fail 'track file tf not found, ignoring' \
    'track process tp not found, ignoring'
kt script_after fail 'track script chk_nginx not found, ignoring'
kt oneline_block fail 'Authentication specified but no password given'

# Dumps: the four runs at once, each stopped by its PID once its VRRP
# sockets are listed (the dump is written before).
for c in wild_flag_value wild_addr_prefix wild_dup_differs wild_weight_eq; do
	daemon_start k "$T_DIR/$c.log" keepalived -n -l -D -d \
	    -f "$T_DIR/$c.conf" -p "$T_DIR/$c.pid" -r "$T_DIR/$c.vpid" \
	    -c "$T_DIR/$c.cpid"
	eval "pid_$c=\$DAEMON_PID"
done
for c in wild_flag_value wild_addr_prefix wild_dup_differs wild_weight_eq; do
	wait_log "$T_DIR/$c.log" "VRRP sockpool" 10 ||
		fail "$c: keepalived did not start"
	eval "kill -TERM \$pid_$c"
done
# Reaped here (a zombie would keep stop_pid waiting); the EXIT trap
# stops any that did not go.
for c in wild_flag_value wild_addr_prefix wild_dup_differs wild_weight_eq; do
	eval "wait \$pid_$c" || true
done

# has NAME ERE: a line of keepalived's log for NAME (its dump) matches.
has() {
	grep -Eq -- "$2" "$T_DIR/$1.log" ||
		fail "$1: keepalived's dump has no line like: $2"
}
# nopreempt 1 / 0 and accept 0 are on; preempt no leaves preemption on.
awk '/VRRP Instance = VI_1$/,/Tracked|Using smtp/' "$T_DIR/wild_flag_value.log" |
	grep -q 'Preempt = disabled' || fail "wild_flag_value: VI_1 preempts"
awk '/VRRP Instance = VI_2$/,/Using smtp/' "$T_DIR/wild_flag_value.log" >"$T_DIR/vi2"
grep -q 'Preempt = disabled' "$T_DIR/vi2" || fail "wild_flag_value: nopreempt 0 preempts"
grep -q 'Accept = enabled' "$T_DIR/vi2" || fail "wild_flag_value: accept 0 is off"
awk '/VRRP Instance = VI_3$/,/Using smtp/' "$T_DIR/wild_flag_value.log" |
	grep -q 'Preempt = enabled' || fail "wild_flag_value: preempt no does not preempt"
has wild_flag_value 'Script security enabled'
# The prefixes are dropped.
has wild_addr_prefix 'Using src_ip = 192\.0\.2\.1 \(from configuration\)'
has wild_addr_prefix '^.*: +192\.0\.2\.2 min_ttl'
# The first vrrp_script of the name is tracked, with its weight.
has wild_dup_differs 'chk_x weight 10$'
has wild_dup_differs "Command = '(/usr)?/bin/true'"
! grep -q "/bin/false" "$T_DIR/wild_dup_differs.log" ||
	fail "wild_dup_differs: keepalived took the second script"
# weight=0 drops the track: the script is not used.
has wild_weight_eq 'script chk_haproxy is not used'
grep -q 'Tracked scripts' "$T_DIR/wild_weight_eq.log" &&
	fail "wild_weight_eq: keepalived tracks a script"
pass
