#!/bin/sh
# Compare the output of two logitsample builds byte for byte.
#
# usage: bench/compare.sh REFERENCE CANDIDATE [WORKDIR]
#
# Every option set below runs four ways (--dump, --dump --limit 10,
# -n 20 -s 1 and -n 3 -s 18446744073709551615, the dumps with -s 1 for
# -v's seed line) on every input, except that the full dump of the
# largest record runs for every fourth set only.  The inputs are the real
# model logits, samples/batch.tsv, 10 generated 32,000-token records,
# the 128,256-token record and hand-made records with ties, inf, -inf
# and scores near 1e308.  Standard output, standard error and the exit
# status must all match.  The generated inputs come from bench/gen.py
# (`make bench/out/stream.tsv`).  Prints the number of runs compared and
# every difference; exits 1 if any run differs.
set -u

ref=$1
new=$2
work=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/.." && pwd)
real=/work/shared/data/real-logits
mkdir -p "$work/in"

# Inputs.
cat "$real"/[0-9]*.tsv | awk 'FNR == 1 && NR > 1 { print "" } { print }' \
    >"$work/in/real.tsv"
cp "$here/samples/batch.tsv" "$work/in/batch.tsv"
if [ ! -f "$here/bench/out/stream.tsv" ] ||
    [ ! -f "$here/bench/out/vocab128k.tsv" ]; then
	echo "compare.sh: missing bench/out inputs: run make bench/out/stream.tsv" >&2
	exit 2
fi
awk 'BEGIN { r = 0 } /^$/ { r++ } r < 10 { print }' \
    "$here/bench/out/stream.tsv" >"$work/in/gen10.tsv"
cp "$here/bench/out/vocab128k.tsv" "$work/in/vocab128k.tsv"
# Hand-made records, one concern each.
{
	printf 'a\t1\nb\t1\nc\t1\nd\t0.5\ne\t1\n\n'
	printf 'a\t-inf\nb\t2\nc\t-inf\nd\t2\ne\t-3\n\n'
	printf 'a\t3\nb\tinf\nc\t-inf\nd\tinf\ne\t1e308\n\n'
	printf 'a\t1e308\nb\t-1e308\nc\t1.7976931348623157e308\nd\t-1.7976931348623157e308\ne\t1e307\n\n'
	printf 'a\t-1e308\nb\t-1e308\nc\t-1.5e308\nd\t-inf\n\n'
	printf 'a\t0\nb\t-700\nc\t-745\nd\t-746\ne\t-1000\nf\t0\n\n'
	printf 'a\t5\nb\t5\nc\t5\nd\t5\ne\t5\nf\t5\ng\t5\nh\t5\ni\t5\nj\t4.999999999999999\n\n'
	i=0
	while [ $i -lt 300 ]; do
		printf 't%d\t%d\n' $i $(( (i * 37) % 11 ))
		i=$((i + 1))
	done
	printf '\n'
	# Ties that straddle the top-p boundary: one 3 and six 1s.
	printf 'a\t3\nb\t1\nc\t1\nd\t1\ne\t1\nf\t1\ng\t1\nh\t0\n\n'
	# All weight in one candidate.
	printf 'a\t-1000\nb\t0\nc\t-800\nd\t-1000\ne\t-745.5\n\n'
	# More than one chunk of 256 candidates, with -inf scattered
	# through them and repeated scores.
	i=0
	while [ $i -lt 700 ]; do
		if [ $((i % 5)) -eq 3 ]; then
			printf 'u%d\t-inf\n' $i
		else
			printf 'u%d\t-%d.%d\n' $i $(( (i * 13) % 97 / 10 )) \
			    $(( (i * 13) % 10 ))
		fi
		i=$((i + 1))
	done
	printf '\n'
	printf 'x\t-inf\ny\t7\n'
} >"$work/in/hand.tsv"
{
	printf 'a\t0.5\nb\t0.3\nc\t0.1\nd\t0.1\n\n'
	printf 'a\t0.25\nb\t0.25\nc\t0\nd\t0.25\ne\t0.25\n\n'
	printf 'a\t1\nb\t0\nc\t1e-300\n'
} >"$work/probs.tsv"

# Option sets, one per line.
cat >"$work/options" <<'EOF'

-t 0.7
-t 1
-k 40
-k 1
-p 0.95
-p 0
-p 0.5
-m 0.05
-m 1e-300
-m 1
-g
-t 0.7 -k 40 -p 0.95
-t 0.7 -k 40 -p 0.95 -m 0.05
-t 0.5 -p 0.8 -m 0.1
--typical-p 0.9
--top-n-sigma 1.5
--top-n-sigma 1 -k 100 -t 1.5
-t 0.8 -p 0.9 -m 0.02 --order top-k,top-p,min-p,temperature
-t 0.5 -m 0.05 --order min-p,temperature
-t 2 -p 0.9 --order top-p,temperature
-t 0.7 -p 0.9 --typical-p 0.95 --order typical-p,top-p,temperature
-p 0.9 -k 50 --order top-p,top-k
--min-keep 5 -p 0.5
--min-keep 3 -m 0.5
--min-keep 4 --top-n-sigma 0.5 -p 0.3
-t 1e-300
-t 1e300
-t 1e300 -p 0.9
-t 1e-300 -m 0.5
-t 1e-300 -p 0.5
-l
--logprobs=final -p 0.9
--top-logprobs 3 -k 10
-f json -p 0.9
-f json --logprobs=final -m 0.1
-f table -k 20
-v -p 0.9
--repeat-penalty 1.3 --frequency-penalty 0.2 --presence-penalty 0.1 -p 0.9
-r -k 5
-g -l
-t 3 -k 1000
-p 0.999999
-p 1e-9
-t 0.3 -p 0.95
-t 5 -p 0.99
-t 1e-320 -p 0.5
--min-keep 50 -p 0.9
--top-n-sigma 2 -p 0.9
-k 200 -p 0.99
-t 0.9 -m 0.001 -p 0.9 --order min-p,top-p,temperature
-t 1.3 -p 0.8 --order temperature,top-p
EOF

runs=0
diffs=0
compare() {
	# compare NAME INPUT ARGS...
	name=$1
	input=$2
	shift 2
	"$ref" "$@" "$input" >"$work/ref.out" 2>"$work/ref.err"
	echo "status $?" >>"$work/ref.err"
	"$new" "$@" "$input" >"$work/new.out" 2>"$work/new.err"
	echo "status $?" >>"$work/new.err"
	runs=$((runs + 1))
	if ! cmp -s "$work/ref.out" "$work/new.out" ||
	    ! cmp -s "$work/ref.err" "$work/new.err"; then
		diffs=$((diffs + 1))
		echo "DIFFERS: $name: $* $input"
	fi
}

for input in "$work"/in/*.tsv; do
	base=$(basename "$input" .tsv)
	set_number=0
	while IFS= read -r opts; do
		set_number=$((set_number + 1))
		# Word splitting of $opts is wanted: it contains several options.
		# shellcheck disable=SC2086
		{
			compare "$base" "$input" $opts -n 20 -s 1
			compare "$base" "$input" $opts -n 3 -s 18446744073709551615
			compare "$base" "$input" $opts --dump --limit 10 -s 1
			# The full dump of the largest record takes about 0.4 s a
			# run, so it is made for every fourth option set only.
			if [ "$base" != vocab128k ] || [ $((set_number % 4)) -eq 0 ]; then
				compare "$base" "$input" $opts --dump -s 1
			fi
		}
	done <"$work/options"
done
# Probabilities as input.
for opts in "-p 0.8" "-m 0.3" "-k 2 -t 0.5" ""; do
	# shellcheck disable=SC2086
	{
		compare probs "$work/probs.tsv" --probs $opts -n 20 -s 1
		compare probs "$work/probs.tsv" --probs $opts --dump -s 1
	}
done

echo "compare.sh: $runs runs, $diffs differ"
[ "$diffs" -eq 0 ]
