#!/bin/sh
# Print the peak resident set size of logitsample, in kilobytes as GNU
# time reports it, for streams of 10, 100, 1000 and 10000 records of the
# same size: one line "RECORDS PEAK_KB" each.  Memory should follow the
# largest record, not the length of the stream, so the figures should
# stay flat.
#
# usage: tests/memory.sh [tokens per record]
# LOGITSAMPLE names the binary (default: ./logitsample next to tests/).
set -eu

dir=$(dirname "$0")
program=${LOGITSAMPLE:-$dir/../logitsample}
tokens=${1:-100}
report=$(mktemp)
trap 'rm -f "$report"' EXIT

for records in 10 100 1000 10000; do
	# Each record has the same tokens and scores, so only the number of
	# records changes; -p 0.9 makes every record sort its candidates.
	awk -v records="$records" -v tokens="$tokens" 'BEGIN {
		for (r = 0; r < records; r++) {
			for (i = 0; i < tokens; i++)
				printf "token%d\t%.6f\n", i, (i * 7919 % 1000) / 100
			print ""
		}
	}' | /usr/bin/time -o "$report" -f %M "$program" -s 1 -p 0.9 >/dev/null
	printf '%s %s\n' "$records" "$(tail -n 1 "$report")"
done
