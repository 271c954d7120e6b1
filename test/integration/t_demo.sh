#!/bin/sh
# test: exclusive
# `sudo make demo` as a new user runs it, without its pauses:
#  - `make demo DEMO_FLAGS=--quick` (dependencies checked, build, then
#    test/demo/demo.sh) exits 0 and narrates what happened: A ready as
#    master; nginx killed on A: B takes the VIP, the client saw errors,
#    A's status says BACKUP with priority 110-20 and why; nginx back: A
#    takes the VIP back; A's cable pulled: B takes it no sooner than its
#    master-down interval allows, A's status says FAULT; the cable back:
#    A takes it back; vigild's log lines; then everything removed.
#  - the demo interrupted as Ctrl-C does (SIGINT to its process group)
#    once both vigild run: exit status 130, everything removed.
# After each run nothing of the demo is left: no namespace it made (or any
# new vdemo* one), no process in those namespaces (by their inode, noted
# while the demo ran) or naming its directory, no file in its TMPDIR (a
# directory of this test's, empty before), no new /tmp/vigil-demo.* or
# vigil dump in /tmp, no host link named after it.
. "$(dirname "$0")/lib.sh"
need_root

DEMO_TMP=$T_DIR/tmp
mkdir "$DEMO_TMP"
# nginx's workers (user nobody) read the demo's pages under it.
chmod 755 "$T_DIR" "$DEMO_TMP"

# stop_demo: at exit (a failed check), end a demo still running as Ctrl-C
# would, and give it time to remove what it made.
RUN_PID=""
stop_demo() {
	[ -n "$RUN_PID" ] && alive "$RUN_PID" || return 0
	kill -TERM "$RUN_PID"
	wait_for 20 sh -c "! kill -0 $RUN_PID 2>/dev/null"
}
t_at_exit stop_demo

netns_names() { ip netns list | awk '{ print $1 }' | sort; }
tmp_names() { ls -A /tmp | sort; }

# snapshot: note the demo's namespaces (name, inode), whether they hold
# processes (listed once), and its directory.
snapshot() {
	for n in $(netns_names | grep -E '^vdemo[0-9]+-'); do
		grep -qx "$n" "$T_DIR/before.ns" && continue
		echo "$n $(stat -L -c %i "/run/netns/$n" 2>/dev/null)"
		case $n in *-h1) grep -q '^pid ' "$T_DIR/seen" ||
		    ip netns pids "$n" 2>/dev/null | sed 's/^/pid /' ;;
		esac
	done
	grep -q '^dir ' "$T_DIR/seen" ||
	    ls -d "$DEMO_TMP"/* 2>/dev/null | sed 's/^/dir /'
}

# watch PID: snapshot every 0.5 s while PID runs (lightly: the demo's
# timings are what it reports).
watch() {
	while kill -0 "$1" 2>/dev/null; do
		snapshot >>"$T_DIR/seen"
		sleep 0.5
	done
}

# leftovers: print what is left of the demo; 1 if anything is.
leftovers() {
	left=""
	for n in $(netns_names | grep -E '^vdemo[0-9]+-'); do
		grep -qx "$n" "$T_DIR/before.ns" || left="$left namespace $n;"
	done
	inodes=$(awk '$1 ~ /^vdemo/ && $2 != "" { print $2 }' "$T_DIR/seen" | sort -u)
	for i in $inodes; do
		p=$(find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%h %l\n' \
		    2>/dev/null | awk -v i="net:[$i]" '$2 == i { print $1 }')
		[ -n "$p" ] && left="$left processes in a demo namespace: $p;"
	done
	# The pattern from a file: grep's own command line does not name it.
	echo "$DEMO_TMP/" >"$T_DIR/pattern"
	p=$(grep -laFf "$T_DIR/pattern" /proc/[0-9]*/cmdline 2>/dev/null)
	[ -n "$p" ] && left="$left processes naming its directory: $p;"
	[ -n "$(ls -A "$DEMO_TMP")" ] && left="$left files: $(ls -A "$DEMO_TMP");"
	tmp_names >"$T_DIR/after.tmp"
	new=$(comm -13 "$T_DIR/before.tmp" "$T_DIR/after.tmp" |
	    grep -E '^(vigil-demo|vigil\.(data|stats)$)')
	[ -n "$new" ] && left="$left in /tmp: $new;"
	ip -o link show | grep -q 'vdemo' && left="$left a host link vdemo*;"
	[ -z "$left" ] && return 0
	echo "$left"
	return 1
}

# before: what exists before a run.
before() {
	netns_names >"$T_DIR/before.ns"
	tmp_names >"$T_DIR/before.tmp"
	: >"$T_DIR/seen"
}

# seen_all WHAT: the watcher saw the demo's 4 namespaces, processes in
# them and its directory (the leftover checks look at something).
seen_all() {
	[ "$(awk '$1 ~ /^vdemo/ { print $1 }' "$T_DIR/seen" | sort -u | wc -l)" = 4 ] ||
	    fail "$1: the demo's namespaces were not seen: $(sort -u "$T_DIR/seen")"
	grep -q '^pid ' "$T_DIR/seen" || fail "$1: no process seen in the demo's namespaces"
	grep -q "^dir $DEMO_TMP/vigil-demo\." "$T_DIR/seen" ||
	    fail "$1: the demo's directory was not seen in its TMPDIR"
}

has() { grep -Eq -- "$2" "$1" || fail "the demo did not say /$2/: $(cat "$1")"; }

# takes OUT STEP: the seconds step STEP says the VIP took to move.
takes() {
	sed -n "s/^$2\. .*: [AB] takes the VIP in \([0-9.]*\) s.*/\1/p" "$1"
}

# --- make demo, to the end ------------------------------------------------
before
O=$T_DIR/make.out
t0=$(date +%s)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL TMPDIR="$DEMO_TMP" \
    make -s -C "$T_ROOT" demo DEMO_FLAGS=--quick >"$O" 2>&1 &
MAKE_PID=$!
RUN_PID=$MAKE_PID
watch "$MAKE_PID" &
W=$!
wait "$MAKE_PID"
rc=$?
wait "$W"
log "make demo: exit $rc after $(($(date +%s) - t0)) s"
[ "$rc" = 0 ] || fail "make demo exited $rc: $(cat "$O")"
seen_all "make demo"
l=$(leftovers) || fail "make demo left:$l"
has "$O" '^0\. Ready: A holds the VIP and the client gets its pages from A\.$'
has "$O" '^   A: MASTER, priority 110, chk_nginx ok, holds the VIP$'
has "$O" '^   B: BACKUP, priority 100, chk_nginx ok$'
has "$O" '^1\. nginx on director A is killed: B takes the VIP in [0-9.]+ s; the client saw [0-9.]+ m?s of errors\.$'
has "$O" '^   A: BACKUP, priority 90 \(110-20: chk_nginx failed\), chk_nginx failed$'
has "$O" '^   B: MASTER, priority 100, chk_nginx ok, holds the VIP$'
has "$O" '^      [0-9:.]+ A: chk_nginx failed: priority 110-20=90$'
has "$O" '^      [0-9:.]+ B: Entering MASTER STATE$'
has "$O" '^2\. nginx on A is started again: A takes the VIP in [0-9.]+ s; the client saw '
has "$O" '^      [0-9:.]+ A: chk_nginx succeeded: priority 110\+0=110$'
has "$O" '^3\. A.s cable is pulled .*: B takes the VIP in [0-9.]+ s; the client saw [0-9.]+ m?s of errors\.$'
has "$O" '^   A: FAULT, priority 110, chk_nginx ok$'
has "$O" '^      [0-9:.]+ A: Entering FAULT STATE$'
has "$O" '^4\. A.s cable is plugged back in: A takes the VIP in [0-9.]+ s; the client saw '
has "$O" '^What the client saw: 1\) [0-9.]+ m?s of errors, 2\) (no error|[0-9]+ ms of errors), 3\) [0-9.]+ m?s of errors, 4\) (no error|[0-9]+ ms of errors)\.$'
[ "$(tail -n 1 "$O")" = "Removing the namespaces, processes and files it made ... done." ] ||
    fail "make demo's last line: $(tail -n 1 "$O")"
[ "$(grep -c 'holds the VIP$' "$O")" = 5 ] ||
    fail "not one holder of the VIP in each of the 5 statuses: $(cat "$O")"
# B hears A's last advert up to an advert interval (1 s, later if A's
# timer runs late on a busy machine) before the cable is pulled and
# then waits 3 intervals and its skew time (3.61 s): B taking the VIP
# within 2 s would be B not waiting for its master-down interval.
t3=$(takes "$O" 3)
awk -v t="$t3" 'BEGIN { exit !(t >= 2.0) }' ||
    fail "B took the VIP $t3 s after A's cable was pulled: before its master-down interval"
log "make demo: the VIP moved in $(takes "$O" 1) / $(takes "$O" 2) / $t3 / $(takes "$O" 4) s; $(grep '^What the client saw' "$O")"

# --- the demo interrupted as by Ctrl-C ----------------------------------
# The terminal sends SIGINT to the whole foreground process group; a
# shell started in the background would ignore it, so the demo runs in
# its own session with SIGINT at its default (env --default-signal). It
# is interrupted once both vigild run (B's pid file), in its setup.
before
O=$T_DIR/int.out
TMPDIR="$DEMO_TMP" setsid env --default-signal=INT \
    sh "$T_ROOT/test/demo/demo.sh" --quick >"$O" 2>&1 &
DEMO_PID=$!
RUN_PID=$DEMO_PID
wait_for 20 sh -c "test -s '$DEMO_TMP'/vigil-demo.*/h2.pid" ||
    fail "the demo did not start vigild on B: $(cat "$O")"
snapshot >>"$T_DIR/seen"
kill -INT "-$DEMO_PID" || fail "no process group $DEMO_PID"
t0=$(date +%s)
wait "$DEMO_PID"
rc=$?
log "Ctrl-C: exit $rc, cleaned up in $(($(date +%s) - t0)) s"
[ "$rc" = 130 ] || fail "the interrupted demo exited $rc: $(cat "$O")"
has "$O" '^Stopped: removing the namespaces, processes and files it made \.\.\. done\.$'
seen_all "Ctrl-C"
l=$(leftovers) || fail "the interrupted demo left:$l"
pass
