#!/bin/sh
# Compare two builds of logitsample byte for byte: standard output,
# standard error and exit status, over dumps and seeded draws with many
# option sets.  Inputs are the real model logits, the samples, the
# 128k-candidate benchmark record (make bench/out/stream.tsv) and the
# records of bench/make-edge-records.py.
#
# usage: bench/compare-dump.sh REFERENCE CANDIDATE
#
# Prints each differing run and the number of runs compared; exits 1 if
# any run differs.

set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 REFERENCE CANDIDATE" >&2
	exit 2
fi
ref=$1
new=$2
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$here/make-edge-records.py" "$work/edge" || exit 1
printf 'w%s\n' $(seq 0 1199) >"$work/vocab.txt"

dump_options='
--dump
--dump --limit 10
--dump --limit 0
--dump -f json
--dump -f json --limit 5
--dump -f table
--dump -f table --limit 20
--dump -l
--dump --top-logprobs 5
--dump -v
--dump -t 0.7
--dump -t 0
--dump -g
--dump -k 5
--dump -p 0.9
--dump -m 0.05
--dump --typical-p 0.9
--dump --top-n-sigma 1
--dump -k 40 -p 0.9 -m 0.02 -t 0.8
--dump -p 0.5 --min-keep 5
--dump --probs
'
draw_options='
-t 1
-t 0.7
-t 2.5
-k 1
-k 40
-p 0.9
-p 0
-p 0.999 -t 2
-m 0.05
-m 0.3 -t 0.5
--typical-p 0.9
--top-n-sigma 1.5
-k 40 -p 0.9 -m 0.02 -t 0.8
--order min-p,top-p,top-k,temperature -p 0.9 -m 0.01 -k 50 -t 1.3
--order top-p,temperature -p 0.8 -t 0.6
-g
-t 0 -l
-p 0.5 --min-keep 5
-m 0.5 --min-keep 3
--typical-p 0.5 --min-keep 10 -t 0.9
--top-n-sigma 0.5 --min-keep 4
-l
--logprobs=final -k 10
--top-logprobs 5
--top-logprobs 3 -p 0.9
-v -p 0.9
-f json
-f json --top-logprobs 2
-f table -k 5
-r
--probs
'

files="$(ls /work/shared/data/real-logits/*.tsv) samples/batch.tsv
$(ls "$work"/edge/*.tsv)"
if [ -f bench/out/vocab128k.tsv ]; then
	files="$files
bench/out/vocab128k.tsv"
else
	echo "note: bench/out/vocab128k.tsv missing; run make bench/out/stream.tsv" >&2
fi

runs=0
differ=0
input=/dev/null
compare() {
	"$ref" "$@" <"$input" >"$work/ref.out" 2>"$work/ref.err"
	echo "status $?" >>"$work/ref.err"
	"$new" "$@" <"$input" >"$work/new.out" 2>"$work/new.err"
	echo "status $?" >>"$work/new.err"
	runs=$((runs + 1))
	if ! cmp -s "$work/ref.out" "$work/new.out" ||
	    ! cmp -s "$work/ref.err" "$work/new.err"; then
		differ=$((differ + 1))
		echo "DIFFERS: $*"
	fi
}

for file in $files; do
	echo "$dump_options" | while read -r opts; do
		[ -n "$opts" ] && echo "$opts"
	done >"$work/dump.list"
	while read -r opts; do
		# Word splitting of $opts is intended.
		# shellcheck disable=SC2086
		compare -s 1 $opts "$file"
	done <"$work/dump.list"
	echo "$draw_options" | while read -r opts; do
		[ -n "$opts" ] && echo "$opts"
	done >"$work/draw.list"
	while read -r opts; do
		# shellcheck disable=SC2086
		compare -n 20 -s 1 $opts "$file"
	done <"$work/draw.list"
done
# Score-only lines named by a vocabulary.
compare -s 1 --dump --vocab "$work/vocab.txt" "$work/edge/positions.tsv"
compare -s 1 --dump --limit 7 --vocab "$work/vocab.txt" "$work/edge/positions.tsv"
compare -n 20 -s 1 --top-logprobs 4 --vocab "$work/vocab.txt" \
    "$work/edge/positions.tsv"
# Several records from standard input in one run.
cat "$work"/edge/*.tsv >"$work/all.tsv"
input=$work/all.tsv
compare -s 1 --dump --limit 50
compare -n 3 -s 7 -p 0.9 --top-logprobs 2
echo "$runs runs compared, $differ differ"
[ "$differ" -eq 0 ]
