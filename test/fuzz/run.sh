#!/bin/sh
# Run each libFuzzer target for SECONDS, seeded from test/fuzz/corpus/NAME.
# Usage: test/fuzz/run.sh SECONDS BINARY...
set -eu
secs=$1; shift
for bin in "$@"; do
	name=${bin##*/}
	seeds=test/fuzz/corpus/$name
	work=build-fuzz/corpus/$name
	mkdir -p "$work"
	[ -d "$seeds" ] || seeds=
	echo "fuzz: $name for ${secs}s"
	"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	    -print_final_stats=1 "$work" $seeds 2>&1 | tail -n 25
done
