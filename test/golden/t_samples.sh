#!/bin/sh
# `vigild -t` on the sample configs of Debian's keepalived package
# (/usr/share/doc/keepalived/samples/keepalived.conf.*):
# - each is accepted (warnings allowed, exit 0), and its dump round-trips
#   (`vigild -t -d` of the dump prints the same dump), except
# - keepalived.conf.vrrp.rules, which is wrong itself (`192.168.100./24` at
#   line 11): exit 1, an error at that line, and errors at no line but the
#   two broken addresses (11 and 26);
# - keepalived.conf.vrrp.lvs_syncd uses the old vrrp_sync_group form (the
#   instances listed without `group { }`): accepted with a note at the first
#   listed instance (line 4);
# - every diagnostic is "file:line:col: error|warning|note: message".
# Runs in a fresh network namespace, from the samples directory with
# relative names, like t_golden.sh. The samples hold private and public
# addresses: -t only parses, nothing is configured or sent.
# With build-san/vigild (make unit-san) each sample also runs under
# ASan/UBSan with the same output.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)

if [ -z "${VIGIL_SAMPLES_NETNS:-}" ]; then
	VIGIL_SAMPLES_NETNS=1; export VIGIL_SAMPLES_NETNS
	if [ "$(id -u)" = 0 ]; then
		exec unshare --net -- "$0" "$@"
	else
		exec unshare --user --map-root-user --net -- "$0" "$@"
	fi
fi

samples=${KEEPALIVED_SAMPLES:-/usr/share/doc/keepalived/samples}
vigild=${VIGILD:-$top/vigild}
sanvigild=${VIGILD_SAN:-$top/build-san/vigild}
keep=$top/build/test-samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
work=$tmp/out	# private: tests may run concurrently in one tree
mkdir -p "$work"
[ -x "$sanvigild" ] || sanvigild=
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

[ -x "$vigild" ] || { echo "t_samples: $vigild not built (make)" >&2; exit 1; }
[ -d "$samples" ] || { echo "t_samples: no $samples (apt-get install keepalived)" >&2; exit 1; }

fails=0 n=0
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

for f in "$samples"/keepalived.conf.*; do
	s=${f##*/}
	n=$((n + 1))
	rc=0
	(cd "$samples" && "$vigild" -t -d -f "$s") >"$work/$s.dump" 2>"$work/$s.err" || rc=$?
	echo "$s: exit $rc, $(grep -c ': error: ' "$work/$s.err" || true) errors," \
	    "$(grep -c ': warning: ' "$work/$s.err" || true) warnings," \
	    "$(grep -c ': note: ' "$work/$s.err" || true) notes"

	if [ -n "$sanvigild" ]; then
		src=0
		(cd "$samples" && "$sanvigild" -t -d -f "$s") >"$work/$s.san.dump" \
		    2>"$work/$s.san.err" || src=$?
		if [ "$src" != "$rc" ] || ! cmp -s "$work/$s.err" "$work/$s.san.err" ||
		    ! cmp -s "$work/$s.dump" "$work/$s.san.dump"; then
			fail "$s" "differs under ASan/UBSan (exit $src):
$(diff -u "$work/$s.err" "$work/$s.san.err" | head -n 40)"
		fi
	fi

	if grep -v '^configuration OK$' "$work/$s.err" |
	    grep -Ev "^$s:[0-9]+:[0-9]+: (error|warning|note): ." >"$tmp/badfmt"; then
		fail "$s" "diagnostics not in the form file:line:col: level: message:
$(cat "$tmp/badfmt")"
	fi

	case $s in
	keepalived.conf.vrrp.rules)
		[ "$rc" = 1 ] || fail "$s" "accepted (exit $rc); 192.168.100./24 must be an error"
		grep -q "^$s:11:[0-9]*: error: " "$work/$s.err" ||
			fail "$s" "no error at line 11 (192.168.100./24):
$(cat "$work/$s.err")"
		if grep ': error: ' "$work/$s.err" | grep -v "^$s:\(11\|26\):[0-9]*: error: " >"$tmp/other"; then
			fail "$s" "errors at other lines than 11 and 26:
$(cat "$tmp/other")"
		fi
		grep -q '^configuration OK$' "$work/$s.err" &&
			fail "$s" "says configuration OK and has errors"
		continue ;;
	keepalived.conf.vrrp.lvs_syncd)
		grep -q "^$s:4:[0-9]*: note: .*group" "$work/$s.err" ||
			fail "$s" "no note on the old sync-group form at line 4:
$(cat "$work/$s.err")" ;;
	esac

	if [ "$rc" != 0 ]; then
		fail "$s" "rejected (exit $rc):
$(grep -v ': \(warning\|note\): ' "$work/$s.err" | head -n 20)"
		continue
	fi
	if grep -q ': error: ' "$work/$s.err"; then
		fail "$s" "exit 0 with errors:
$(grep ': error: ' "$work/$s.err")"
	fi
	[ "$(tail -n 1 "$work/$s.err")" = "configuration OK" ] ||
		fail "$s" "last line is not \"configuration OK\""
	[ -s "$work/$s.dump" ] || fail "$s" "empty dump"

	# Round trip.
	cp "$work/$s.dump" "$tmp/rt.conf"
	rc=0
	(cd "$tmp" && "$vigild" -t -d -f rt.conf) >"$work/$s.rt.dump" 2>"$work/$s.rt.err" || rc=$?
	if [ "$rc" != 0 ]; then
		fail "$s" "its dump is rejected (exit $rc):
$(grep ': error: ' "$work/$s.rt.err" | head -n 20)"
	elif ! cmp -s "$work/$s.dump" "$work/$s.rt.dump"; then
		fail "$s" "dump does not round-trip:
$(diff -u "$work/$s.dump" "$work/$s.rt.dump" | head -n 40)"
	fi
done

if [ "$n" -lt 20 ]; then
	fail samples "only $n keepalived.conf.* samples in $samples"
fi
mkdir -p "$top/build"
rm -rf "$keep.$$" && cp -r "$work" "$keep.$$" && rm -rf "$keep" && mv "$keep.$$" "$keep" || true
echo "t_samples: $n samples, $fails failures (outputs in build/test-samples)"
[ "$fails" = 0 ]
