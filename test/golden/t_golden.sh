#!/bin/sh
# Golden tests of the configuration language (`vigild -t`, `vigild -t -d`).
#
# Each case is a config, test/golden/cases/NAME.conf, with:
#   NAME.check     what the case must show, written from the issue before
#                  the parser existed (see below); checked on every run
#   NAME.expected  the exact stderr of `vigild -t -f NAME.conf`, after a
#                  first line "exit: N"
#   NAME.dump      the exact stdout of `vigild -t -d -f NAME.conf`
#                  (required when the config is accepted)
# A case with a directory NAME.peers/ is a cluster, one file per node:
# NAME.conf and NAME.peers/*.conf (in name order) are checked together,
# `vigild -t -f NAME.conf -f NAME.peers/b.conf ...`, which compares the
# nodes. Such a case has no NAME.dump: `-t -d` with several files must be
# refused (exit 1, nothing on stdout).
# The example configs conf/examples/NAME.conf are checked the same way
# against test/golden/examples/NAME.{check,expected,dump}; each must be
# accepted.
#
# .check lines (ERE as in grep -E; "#" starts a comment line):
#   exit N            the exit status
#   stderr ERE        some line of the diagnostics matches
#   !stderr ERE       no line of the diagnostics matches
#   !stderr-other ERE no line matches apart from the warnings for keywords
#                     read but not acted on yet ("KW: not supported yet: ...")
#   dump ERE          some line of the dump matches
#   !dump ERE         no line of the dump matches
#   same-dump OTHER   the dump is identical to the dump of case OTHER
#
# Every accepted config must round-trip: `vigild -t -d` of its dump prints
# the same dump and exits 0. When build-san/vigild exists (make unit-san),
# every case also runs under ASan/UBSan and must print the same output.
#
# The cases run in a fresh network namespace (only `lo` exists), from the
# directory of the config, with a relative file name, so interface warnings
# and file names in diagnostics do not depend on the host or the checkout.
#
# Usage: test/golden/t_golden.sh [--bless] [NAME...]
#   Actual outputs are left in build/test-golden/. --bless copies the actual
#   .expected/.dump of the NAMEd cases (all without names) over the golden
#   files: read them first.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)

if [ -z "${VIGIL_GOLDEN_NETNS:-}" ]; then
	VIGIL_GOLDEN_NETNS=1; export VIGIL_GOLDEN_NETNS
	if [ "$(id -u)" = 0 ]; then
		exec unshare --net -- "$0" "$@"
	else
		exec unshare --user --map-root-user --net -- "$0" "$@"
	fi
fi

bless=0
if [ "${1:-}" = --bless ]; then bless=1; shift; fi

vigild=${VIGILD:-$top/vigild}
sanvigild=${VIGILD_SAN:-$top/build-san/vigild}
# Outputs go to a private directory (tests may run concurrently in one
# tree) and are copied to build/test-golden at the end for reading.
keep=$top/build/test-golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
work=$tmp/out

[ -x "$vigild" ] || { echo "t_golden: $vigild not built (make)" >&2; exit 1; }
links=$(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')
if [ "$links" != "lo " ]; then
	echo "t_golden: not in a fresh network namespace (links: $links)" >&2
	exit 1
fi
[ -x "$sanvigild" ] || sanvigild=
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

fails=0 ran=0
fail() {	# fail CASE MESSAGE
	echo "FAIL $1: $2"
	fails=$((fails + 1))
}

# run BIN DIR FILE OUTPREFIX [PEERFILE...]: writes OUTPREFIX.expected
# (exit + stderr of -t), OUTPREFIX.dump (stdout of -t -d),
# OUTPREFIX.dstderr (stderr of -t -d), OUTPREFIX.dexit
run_vigild() {
	bin=$1 dir=$2 file=$3 out=$4
	shift 4
	peers=
	for p in "$@"; do peers="$peers -f $p"; done
	rc=0
	# $peers: file names of the test tree, without white space.
	# shellcheck disable=SC2086
	(cd "$dir" && "$bin" -t -f "$file" $peers) >"$out.tout" 2>"$out.terr" || rc=$?
	{ echo "exit: $rc"; cat "$out.terr"; } >"$out.expected"
	rc2=0
	# shellcheck disable=SC2086
	(cd "$dir" && "$bin" -t -d -f "$file" $peers) >"$out.dump" 2>"$out.dstderr" || rc2=$?
	echo "exit: $rc2" >"$out.dexit"
}

# check_file CASE CHECKFILE ACTUALPREFIX
check_file() {
	c=$1 chk=$2 act=$3
	grep -v '^[[:space:]]*\(#\|$\)' "$chk" | while IFS= read -r line; do
		kind=${line%%[[:space:]]*}
		arg=$(printf '%s\n' "${line#"$kind"}" | sed 's/^[[:space:]]*//')
		case $kind in
		exit)
			[ "$(head -n 1 "$act.expected")" = "exit: $arg" ] ||
				echo "check: expected exit $arg, got $(head -n 1 "$act.expected")" ;;
		stderr)
			tail -n +2 "$act.expected" | grep -Eq -- "$arg" ||
				echo "check: no diagnostic matches: $arg" ;;
		!stderr)
			! tail -n +2 "$act.expected" | grep -Eq -- "$arg" ||
				echo "check: a diagnostic matches: $arg" ;;
		!stderr-other)
			! tail -n +2 "$act.expected" |
			    grep -Ev -- ': warning: [^ ]+: not supported yet: ' |
			    grep -Eq -- "$arg" ||
				echo "check: a diagnostic matches: $arg" ;;
		dump)
			grep -Eq -- "$arg" "$act.dump" ||
				echo "check: no dump line matches: $arg" ;;
		!dump)
			! grep -Eq -- "$arg" "$act.dump" ||
				echo "check: a dump line matches: $arg" ;;
		same-dump)
			other=$(dirname "$act")/$arg.dump
			if [ ! -f "$other" ]; then
				echo "check: same-dump: $arg not run"
			elif ! cmp -s "$act.dump" "$other"; then
				echo "check: dump differs from the dump of $arg:"
				diff -u "$other" "$act.dump" | head -n 40
			fi ;;
		*)
			echo "check: bad line in $chk: $line" ;;
		esac
	done >"$act.checkout"
	if [ -s "$act.checkout" ]; then
		fail "$c" "$(cat "$act.checkout")"
	fi
}

# one_case KIND NAME CONFDIR GOLDENDIR
one_case() {
	kind=$1 name=$2 cdir=$3 gdir=$4
	c=$kind/$name
	act=$work/$kind/$name
	mkdir -p "$work/$kind"
	ran=$((ran + 1))
	peerfiles=
	if [ -d "$cdir/$name.peers" ]; then
		peerfiles=$(cd "$cdir" && ls "$name.peers"/*.conf)
		[ -n "$peerfiles" ] || fail "$c" "$name.peers/ holds no .conf"
	fi
	# shellcheck disable=SC2086
	run_vigild "$vigild" "$cdir" "$name.conf" "$act" $peerfiles
	code=$(sed -n 's/^exit: //p' "$act.expected")

	if [ "$bless" = 1 ]; then
		cp "$act.expected" "$gdir/$name.expected"
		if [ "$code" = 0 ] && [ -z "$peerfiles" ]; then
			cp "$act.dump" "$gdir/$name.dump"
		fi
		echo "blessed $c (exit $code): now read the files in $gdir"
	fi

	if [ -n "$peerfiles" ]; then
		# Several files: -t -d is refused; there is no dump.
		if [ "$(cat "$act.dexit")" != "exit: 1" ] || [ -s "$act.dump" ] ||
		    ! grep -q '^vigild: -d prints one configuration' "$act.dstderr"; then
			fail "$c" "vigild -t -d with several -f not refused ($(cat "$act.dexit")):
$(head -n 5 "$act.dstderr")"
		fi
	# -t -d reports the same diagnostics and status as -t.
	elif ! { echo "exit: $(sed -n 's/^exit: //p' "$act.dexit")"; cat "$act.dstderr"; } |
	    cmp -s - "$act.expected"; then
		fail "$c" "vigild -t -d and vigild -t disagree on diagnostics or status"
	fi
	if [ "$code" != 0 ] && [ -s "$act.dump" ]; then
		fail "$c" "rejected config but -t -d printed a dump"
	fi

	# Every diagnostic is "file:line:col: error|warning|note: message";
	# "configuration OK" ends the output of an accepted config.
	if tail -n +2 "$act.expected" | grep -v '^configuration OK$' |
	    grep -Ev '^[^:]+:[0-9]+:[0-9]+: (error|warning|note): .' >"$act.badfmt"; then
		fail "$c" "diagnostics not in the form file:line:col: level: message:
$(cat "$act.badfmt")"
	fi
	if [ "$code" = 0 ] && [ "$(tail -n 1 "$act.expected")" != "configuration OK" ]; then
		fail "$c" "accepted but the last line is not \"configuration OK\""
	fi
	if [ "$code" != 0 ] && grep -q '^configuration OK$' "$act.expected"; then
		fail "$c" "rejected but says \"configuration OK\""
	fi

	# The .check files run once every case has run (same-dump).
	echo "$c $gdir/$name.check $act" >>"$tmp/checks"

	if [ ! -f "$gdir/$name.expected" ]; then
		fail "$c" "missing $gdir/$name.expected (actual: $act.expected)"
	elif ! cmp -s "$gdir/$name.expected" "$act.expected"; then
		fail "$c" "diagnostics differ from $gdir/$name.expected:
$(diff -u "$gdir/$name.expected" "$act.expected" | head -n 60)"
	fi

	if [ -n "$peerfiles" ]; then
		[ ! -f "$gdir/$name.dump" ] ||
			fail "$c" "$gdir/$name.dump exists but -d takes one file"
	elif [ "$code" = 0 ]; then
		if [ ! -f "$gdir/$name.dump" ]; then
			fail "$c" "missing $gdir/$name.dump (actual: $act.dump)"
		elif ! cmp -s "$gdir/$name.dump" "$act.dump"; then
			fail "$c" "dump differs from $gdir/$name.dump:
$(diff -u "$gdir/$name.dump" "$act.dump" | head -n 60)"
		fi
		# Round trip: the dump parses back to the same dump.
		cp "$act.dump" "$tmp/roundtrip.conf"
		rc=0
		(cd "$tmp" && "$vigild" -t -d -f roundtrip.conf) \
		    >"$act.rt.dump" 2>"$act.rt.stderr" || rc=$?
		if [ "$rc" != 0 ]; then
			fail "$c" "dump not accepted back (exit $rc):
$(head -n 20 "$act.rt.stderr")"
		elif ! cmp -s "$act.dump" "$act.rt.dump"; then
			fail "$c" "dump does not round-trip:
$(diff -u "$act.dump" "$act.rt.dump" | head -n 60)"
		fi
	elif [ -f "$gdir/$name.dump" ]; then
		fail "$c" "$gdir/$name.dump exists but the config is rejected"
	fi

	# The same under AddressSanitizer/UBSan: same output, no report.
	if [ -n "$sanvigild" ]; then
		# shellcheck disable=SC2086
		run_vigild "$sanvigild" "$cdir" "$name.conf" "$act.san" $peerfiles
		if ! cmp -s "$act.expected" "$act.san.expected" ||
		    ! cmp -s "$act.dump" "$act.san.dump"; then
			fail "$c" "differs under ASan/UBSan (build-san/vigild):
$(diff -u "$act.expected" "$act.san.expected" | head -n 40)"
		fi
	fi
}

selected() {	# selected NAME: true when no names given or NAME given
	[ -z "$names" ] && return 0
	for n in $names; do [ "$n" = "$1" ] && return 0; done
	return 1
}
names="$*"

cases=$top/test/golden/cases
for f in "$cases"/*.conf; do
	n=$(basename "$f" .conf)
	selected "$n" && one_case cases "$n" "$cases" "$cases"
done

examples=$top/conf/examples
for f in "$examples"/*.conf; do
	[ -e "$f" ] || continue
	n=$(basename "$f" .conf)
	selected "$n" || continue
	one_case examples "$n" "$examples" "$top/test/golden/examples"
	if [ "$(head -n 1 "$work/examples/$n.expected")" != "exit: 0" ]; then
		fail "examples/$n" "example config rejected"
	fi
done

# Without -t, several -f are refused before anything else (the files do
# not exist: vigild gets no further than its arguments either way).
if selected several_f; then
	ran=$((ran + 1))
	rc=0
	(cd "$tmp" && "$vigild" -n -l -f no-a.conf -f no-b.conf) >"$tmp/sf.out" 2>"$tmp/sf.err" || rc=$?
	if [ "$rc" != 1 ] || [ -s "$tmp/sf.out" ] ||
	    [ "$(cat "$tmp/sf.err")" != "vigild: -f given 2 times: only -t takes several files (one per node, to compare them)" ]; then
		fail flags/several_f "vigild -f a -f b: exit $rc, not refused:
$(head -n 5 "$tmp/sf.err")"
	fi
fi

touch "$tmp/checks"
while read -r c chk act; do
	if [ -f "$chk" ]; then
		check_file "$c" "$chk" "$act"
	else
		fail "$c" "missing $chk"
	fi
done <"$tmp/checks"

if [ "$ran" = 0 ]; then
	echo "t_golden: no case ran" >&2
	exit 1
fi
mkdir -p "$top/build"
rm -rf "$keep.$$" && cp -r "$work" "$keep.$$" && rm -rf "$keep" && mv "$keep.$$" "$keep" || true
echo "t_golden: $ran cases, $fails failures (outputs in build/test-golden)"
[ "$fails" = 0 ]
