#!/bin/sh
# Rewrite expected.out from the current build, after adding cases or
# after a deliberate change of output.  Stops with an error when an
# existing case's output changed but the version did not, and when the
# Python reference does not produce the new outputs too.
#
# Usage: tests/golden/regenerate.sh [PROGRAM]   (default ./logitsample)
set -eu

golden=$(cd "$(dirname "$0")" && pwd)
program=${1:-$golden/../../logitsample}
python=${PYTHON:-python3}
new=$(mktemp)
reference=$(mktemp)
trap 'rm -f "$new" "$reference"' EXIT

version=$("$program" --version)
"$python" "$golden/../reference/run_corpus.py" "$golden" "$new" "$program"

if cmp -s "$new" "$golden/expected.out"; then
	printf '%s\n' "$version" >"$golden/VERSION"
	echo "golden outputs unchanged; VERSION is '$version'"
	exit 0
fi

# New cases may be added in any version; changed ones need a new version.
if ! "$python" "$golden/../reference/compare_outputs.py" --existing-only \
    "$golden/expected.out" "$new" &&
    [ "$version" = "$(cat "$golden/VERSION")" ]; then
	echo "regenerate.sh: the outputs changed but the version is still" \
	    "'$version': raise VERSION in src/options.h and describe the" \
	    "change first" >&2
	exit 1
fi

"$python" "$golden/../reference/run_corpus.py" "$golden" "$reference" \
    "$python" "$golden/../reference/logitsample.py"
if ! "$python" "$golden/../reference/compare_outputs.py" "$new" \
    "$reference"; then
	echo "regenerate.sh: tests/reference/logitsample.py disagrees with" \
	    "the new outputs: update it to the new behaviour first" >&2
	exit 1
fi

cp "$new" "$golden/expected.out"
printf '%s\n' "$version" >"$golden/VERSION"
echo "golden outputs rewritten for '$version'"
