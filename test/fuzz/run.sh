#!/bin/sh
# Run each libFuzzer target for SECONDS, seeded from test/fuzz/corpus/NAME.
# Fails (status 1) when a target fails: a crash, leak or timeout it found.
# Usage: test/fuzz/run.sh SECONDS BINARY...
set -eu
secs=$1; shift
for bin in "$@"; do
	name=${bin##*/}
	seeds=test/fuzz/corpus/$name
	work=build-fuzz/corpus/$name
	out=build-fuzz/$name.out
	mkdir -p "$work"
	[ -d "$seeds" ] || seeds=
	echo "fuzz: $name for ${secs}s"
	# Its status, not that of a pipe into tail: a crash must fail.
	rc=0
	"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	    -print_final_stats=1 "$work" $seeds >"$out" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		tail -n 80 "$out"
		echo "fuzz: $name failed (status $rc), output in $out"
		exit 1
	fi
	tail -n 25 "$out"
done
