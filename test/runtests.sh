#!/bin/bash
# Run every test of vigil and print one summary line.
#   unit tests (cmocka), the same under ASan/UBSan, every test/*/t_*.sh
#   script (golden, man, integration: integration tests need root), and a
#   short libFuzzer run of every fuzz target.
# Tests run TEST_JOBS (3) at a time: most of them wait on protocol timers,
# not on the CPU, and each integration test lives in namespaces of its own
# (lib.sh prefixes every name with its PID). A script whose header holds
# the line "# test: exclusive" (it asserts millisecond-scale timings, or
# touches what other tests share) runs afterwards, alone.
# Usage: test/runtests.sh [PATTERN]   (PATTERN filters test names)
set -u
cd "$(dirname "$0")/.."
pat=${1:-}
jobs=${TEST_JOBS:-3}
logdir=build/test-logs
resdir=$logdir/results
mkdir -p "$logdir"
rm -rf "$resdir"
mkdir -p "$resdir"
exclusive=()

# run1 NAME CMD...: run one test, print its line, record its result.
run1() {
	local name=$1 log res start rc=0
	shift
	log="$logdir/$(echo "$name" | tr '/ ' '__').log"
	res="$resdir/$(echo "$name" | tr '/ ' '__')"
	start=$(date +%s)
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		echo "$name" >"$res.pass"
		echo "PASS  $name ($(( $(date +%s) - start ))s)"
	else
		echo "$name" >"$res.fail"
		{ echo "FAIL  $name (log: $log)"; tail -n 30 "$log" | sed 's/^/      /'; } |
		    { out=$(cat); echo "$out"; }
	fi
}

# run NAME CMD...: run in the pool, or keep for the exclusive pass.
run() {
	local name=$1
	case "$name" in *"$pat"*) ;; *) return 0 ;; esac
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	run1 "$@" &
}

is_exclusive() { grep -qx '# test: exclusive' "$1"; }

for t in build/test/test_*; do [ -x "$t" ] && run "unit/${t##*/}" "$t"; done
for t in build-san/test/test_*; do [ -x "$t" ] && run "unit-san/${t##*/}" "$t"; done
for f in build-fuzz/fuzz_*; do
	[ -x "$f" ] && run "fuzz/${f##*/}" test/fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-15}" "$f"
done
# Every script, executable bit or not (one without it is still a test:
# skipping it would count it as passed).
for t in test/*/t_*.sh; do
	case "$t" in
	test/integration/*)
		if [ "$(id -u)" != 0 ]; then
			case "$t" in *"$pat"*) ;; *) continue ;; esac
			echo "$t" >"$resdir/$(echo "$t" | tr '/ ' '__').fail"
			echo "FAIL  $t (integration tests need root: sudo make check)"
			continue
		fi ;;
	esac
	if is_exclusive "$t"; then
		exclusive+=("$t")
	else
		run "$t" sh "$t"
	fi
done
wait
for t in "${exclusive[@]}"; do
	case "$t" in *"$pat"*) ;; *) continue ;; esac
	run1 "$t" sh "$t"
done

pass=$(find "$resdir" -name '*.pass' | wc -l)
fail=$(find "$resdir" -name '*.fail' | wc -l)
echo
[ "$fail" != 0 ] && echo "failed: $(cat "$resdir"/*.fail | sort | tr '\n' ' ')"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
