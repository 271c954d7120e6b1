#!/bin/sh
# Run every test of vigil and print one summary line.
#   unit tests (cmocka), the same under ASan/UBSan, every test/*/t_*.sh
#   script (golden, man, integration: integration tests need root), and a
#   short libFuzzer run of every fuzz target.
# Usage: test/runtests.sh [PATTERN]   (PATTERN filters test names)
set -u
cd "$(dirname "$0")/.."
pat=${1:-}
logdir=build/test-logs
mkdir -p "$logdir"
pass=0 fail=0 failed=""

run() {	# run NAME CMD...
	name=$1; shift
	case "$name" in *"$pat"*) ;; *) return 0 ;; esac
	log="$logdir/$(echo "$name" | tr '/ ' '__').log"
	start=$(date +%s)
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1)); echo "PASS  $name ($(( $(date +%s) - start ))s)"
	else
		fail=$((fail + 1)); failed="$failed $name"
		echo "FAIL  $name (log: $log)"; tail -n 30 "$log" | sed 's/^/      /'
	fi
}

for t in build/test/test_*; do [ -x "$t" ] && run "unit/${t##*/}" "$t"; done
for t in build-san/test/test_*; do [ -x "$t" ] && run "unit-san/${t##*/}" "$t"; done
# Every script, executable bit or not (one without it is still a test:
# skipping it would count it as passed).
for t in test/*/t_*.sh; do
	case "$t" in
	test/integration/*)
		if [ "$(id -u)" != 0 ]; then
			fail=$((fail + 1)); failed="$failed $t"
			echo "FAIL  $t (integration tests need root: sudo make check)"
			continue
		fi ;;
	esac
	run "$t" sh "$t"
done
for f in build-fuzz/fuzz_*; do
	[ -x "$f" ] && run "fuzz/${f##*/}" test/fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-15}" "$f"
done

echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
