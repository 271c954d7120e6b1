#!/bin/sh
# The man pages document the schema, and are valid mdoc.
# - every keyword `vigild --list-keywords` prints ("block keyword" lines)
#   appears in man/vigil.conf.5 as `.It Ic keyword` or `.It Cm keyword`;
#   the test lists the missing ones;
# - --list-keywords prints at least MIN_KEYWORDS keywords, so that an empty
#   or truncated schema cannot pass;
# - `mandoc -T lint` reports no error on man/*.5 and man/*.8 (warnings are
#   printed, not fatal).
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
vigild=${VIGILD:-$top/vigild}
page=$top/man/vigil.conf.5
min=${MIN_KEYWORDS:-150}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0

[ -x "$vigild" ] || { echo "t_man_keywords: $vigild not built (make)" >&2; exit 1; }
[ -f "$page" ] || { echo "t_man_keywords: no $page" >&2; exit 1; }
command -v mandoc >/dev/null || { echo "t_man_keywords: mandoc missing (make deps)" >&2; exit 1; }

"$vigild" --list-keywords >"$tmp/list"
# "block keyword": the keyword is the last field.
awk 'NF { print $NF }' "$tmp/list" | sort -u >"$tmp/keywords"
nlines=$(grep -c . "$tmp/list" || true)
nkw=$(wc -l <"$tmp/keywords")
echo "--list-keywords: $nlines lines, $nkw distinct keywords"
if [ "$nkw" -lt "$min" ]; then
	echo "FAIL: only $nkw distinct keywords (at least $min expected)"
	fails=$((fails + 1))
fi
if awk 'NF != 2' "$tmp/list" | grep -q .; then
	echo "FAIL: lines of --list-keywords that are not \"block keyword\":"
	awk 'NF != 2' "$tmp/list" | head -n 20
	fails=$((fails + 1))
fi

# Keywords documented as list items: .It Ic kw ... / .It Cm kw ...
sed -n 's/^\.It[[:space:]]\{1,\}\(Ic\|Cm\)[[:space:]]\{1,\}\([^[:space:]]\{1,\}\).*/\2/p' "$page" |
    sed 's/^"\(.*\)"$/\1/; s/\\&//g' | sort -u >"$tmp/documented"
comm -23 "$tmp/keywords" "$tmp/documented" >"$tmp/missing"
if [ -s "$tmp/missing" ]; then
	echo "FAIL: $(wc -l <"$tmp/missing") keywords missing from man/vigil.conf.5" \
	    "(as .It Ic KEYWORD or .It Cm KEYWORD):"
	while read -r kw; do
		grep " $kw\$" "$tmp/list" | tr '\n' ' '
		echo
	done <"$tmp/missing" | sed 's/^/    /'
	fails=$((fails + 1))
fi

# mandoc -T lint: errors (and worse) fail, warnings are shown.
cd "$top"
for m in man/*.5 man/*.8; do
	[ -f "$m" ] || continue
	rc=0
	mandoc -T lint -W warning "$m" >"$tmp/lint" 2>&1 || rc=$?
	[ -s "$tmp/lint" ] && sed 's/^/    /' "$tmp/lint"
	if grep -q ': \(ERROR\|UNSUPP\|BADARG\|SYSERR\): ' "$tmp/lint" ||
	    [ "$rc" -gt 2 ]; then
		echo "FAIL: mandoc -T lint reports errors in $m"
		fails=$((fails + 1))
	fi
done

[ "$fails" = 0 ] && echo "t_man_keywords: OK ($nkw keywords documented)"
[ "$fails" = 0 ]
