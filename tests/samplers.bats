#!/usr/bin/env bats
# The transform chain beyond the core: --order, --logit-bias,
# --typical-p, --top-n-sigma, --min-keep, the repetition penalties and
# --vocab.  Expected values are worked by hand in the comments; numbers
# are compared to 12 significant digits.

load test_helper
bats_require_minimum_version 1.5.0

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# Run logitsample -d with the given arguments and print TOKEN and FINAL
# of each line, FINAL rounded to 12 significant digits, on one line.
finals() {
	set -o pipefail
	logitsample -d "$@" | awk -F'\t' 'NF > 1 {
	    printf "%s%s=%s", sep, $1, sprintf("%.12g", $5); sep = " " }
	    END { print "" }'
}

# Print each record's sampled tokens (one per line in the output) on one
# line, space-separated.
joined() {
	set -o pipefail
	logitsample "$@" | paste -sd ' ' -
}

# Write N identical greedy records with tokens a and b to stdin of
# logitsample, scores $2 and $3.
records() {
	local i
	for ((i = 0; i < $1; i++)); do
		printf 'a %s\nb %s\n\n' "$2" "$3"
	done
}

# ---------------------------------------------------------------------
# top-n-sigma

@test "top-n-sigma 1 on 0.1 0.2 0.3 0.4 keeps the last two" {
	# ln p has mean -1.508 and population deviation 0.521, so the
	# threshold is -0.916 - 0.521 = -1.437: ln 0.3 = -1.204 stays and
	# ln 0.2 = -1.609 goes.  FINAL is 3/7 and 4/7.
	printf '0.1\n0.2\n0.3\n0.4\n' >p
	run finals --probs --top-n-sigma 1 p
	assert_success
	assert_output '3=0.571428571429 2=0.428571428571 1=0 0=0'
}

@test "top-n-sigma keeps a score exactly at the threshold" {
	# Scores 0 and 2: mean 1, deviation 1; N = 2 puts the threshold at 0.
	printf '0\n2\n' >s
	run finals --top-n-sigma 2 s
	assert_output '1=0.880797077978 0=0.119202922022'
	run finals --top-n-sigma 1.9999999 s
	assert_output '1=1 0=0'
}

@test "top-n-sigma uses the population deviation" {
	# Scores 0 1 2: deviation sqrt(2/3) = 0.8165.  N = 1 gives the
	# threshold 1.18 (only 2 stays); N = 1.3 gives 0.94 (1 and 2 stay,
	# FINAL 1/(1+e^-1) and e^-1/(1+e^-1)).
	printf '0\n1\n2\n' >s
	run finals --top-n-sigma 1 s
	assert_output '2=1 1=0 0=0'
	run finals --top-n-sigma 1.3 s
	assert_output '2=0.73105857863 1=0.26894142137 0=0'
}

@test "top-n-sigma 0 or below does not run" {
	printf '0\n2\n' >s
	run finals --top-n-sigma 0 s
	assert_output '1=0.880797077978 0=0.119202922022'
	# Run with N = -1 the threshold would be 3 and drop both.
	run finals --top-n-sigma -1 s
	assert_output '1=0.880797077978 0=0.119202922022'
}

@test "top-n-sigma leaves -inf out of the deviation" {
	printf '0\n2\n-inf\n' >s
	run finals --top-n-sigma 2 s
	assert_success
	assert_output '1=0.880797077978 0=0.119202922022 2=0'
}

@test "top-n-sigma does not depend on the temperature or its place" {
	# At T = 0.5 the survivors 2 and 0 have weights 1 and e^-4.
	printf '0\n2\n' >s
	run finals -t 0.5 --top-n-sigma 2 s
	assert_output '1=0.982013790038 0=0.0179862099621'
	run finals -t 0.5 --top-n-sigma 2 --order top-n-sigma,temperature s
	assert_output '1=0.982013790038 0=0.0179862099621'
	run finals -t 0.5 --top-n-sigma 1.9999999 s
	assert_output '1=1 0=0'
}

# ---------------------------------------------------------------------
# typical-p

@test "typical-p 0.5 keeps a dominant token alone" {
	# H = 0.168; |-ln 0.97 - H| = 0.137 is the smallest distance and
	# 0.97 already reaches 0.5.
	printf '0.97\n0.01\n0.01\n0.01\n' >p
	run finals --probs --typical-p 0.5 p
	assert_success
	assert_output '0=1 1=0 2=0 3=0'
}

@test "typical-p 0.5 prefers the three typical tokens" {
	# H = 1.332; the 0.2s are 0.277 away, the 0.4 is 0.416 away.  The
	# masses 0.2, 0.4, 0.6 cross 0.5 at the third 0.2.
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run finals --probs --typical-p 0.5 p
	assert_output '0=0 1=0.333333333333 2=0.333333333333 3=0.333333333333'
}

@test "typical-p boundaries on 0.4 0.2 0.2 0.2" {
	# Typical order: lines 1, 2, 3 (ties by rank), then line 0; masses
	# before each are 0, 0.2, 0.4, 0.6.  A token stays while the mass
	# before it is below P.
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run finals --probs --typical-p 0.19 p
	assert_output '0=0 1=1 2=0 3=0'
	run finals --probs --typical-p 0.2 p
	assert_output '0=0 1=1 2=0 3=0'
	run finals --probs --typical-p 0.4 p
	assert_output '0=0 1=0.5 2=0.5 3=0'
	run finals --probs --typical-p 0.40001 p
	assert_output '0=0 1=0.333333333333 2=0.333333333333 3=0.333333333333'
	run finals --probs --typical-p 0.6 p
	assert_output '0=0 1=0.333333333333 2=0.333333333333 3=0.333333333333'
	run finals --probs --typical-p 0.6001 p
	assert_output '0=0.4 1=0.2 2=0.2 3=0.2'
	run finals --probs --typical-p 1 p
	assert_output '0=0.4 1=0.2 2=0.2 3=0.2'
}

@test "typical-p runs after top-k" {
	# Top-k 2 leaves 0.4 and one 0.2, renormalized to 2/3 and 1/3:
	# H = 0.637, distances |0.405 - H| = 0.232 and |1.099 - H| = 0.462,
	# so the 0.4 comes first and reaches 0.5 alone.
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run finals --probs -k 2 --typical-p 0.5 p
	assert_output '0=1 1=0 2=0 3=0'
}

# ---------------------------------------------------------------------
# min-keep

@test "min-keep tops up typical-p with the best-ranked dropped tokens" {
	printf '0.97\n0.01\n0.01\n0.01\n' >p
	run finals --probs --typical-p 0.5 --min-keep 2 p
	assert_output '0=0.989795918367 1=0.0102040816327 2=0 3=0'
	run finals --probs --typical-p 0.5 --min-keep 1 p
	assert_output '0=1 1=0 2=0 3=0'
	run finals --probs --typical-p 0.5 --min-keep 0 p
	assert_output '0=1 1=0 2=0 3=0'
}

@test "min-keep applies to top-p, min-p and top-n-sigma" {
	write_abcd abcd
	run finals -p 0 --min-keep 3 abcd
	assert_output 'd=0.444444444444 c=0.333333333333 b=0.222222222222 a=0'
	run finals -m 1 --min-keep 2 abcd
	assert_output 'd=0.571428571429 c=0.428571428571 b=0 a=0'
	run finals --top-n-sigma 1 --min-keep 3 abcd
	assert_output 'd=0.444444444444 c=0.333333333333 b=0.222222222222 a=0'
	# More than there are: all four stay.
	run finals -p 0 --min-keep 9 abcd
	assert_output 'd=0.4 c=0.3 b=0.2 a=0.1'
}

@test "min-keep does not affect top-k" {
	write_abcd abcd
	run finals -k 1 --min-keep 3 abcd
	assert_output 'd=1 c=0 b=0 a=0'
}

@test "min-keep does not revive tokens of zero weight" {
	# Beside +inf every finite score has weight 0.
	printf 'a inf\nb 1\nc 0\n' >s
	run finals -p 0.5 --min-keep 3 s
	assert_output 'a=1 b=0 c=0'
	# e^-800 underflows to 0.
	printf 'a 0\nb -800\n' >s
	run finals -p 0 --min-keep 2 s
	assert_output 'a=1 b=0'
}

@test "min-keep does not revive what an earlier transform dropped" {
	write_abcd abcd
	run finals -k 2 -p 0 --min-keep 3 abcd
	assert_output 'd=0.571428571429 c=0.428571428571 b=0 a=0'
}

# ---------------------------------------------------------------------
# --order

@test "order decides whether temperature shapes the nucleus" {
	# At T = 0.5 the weights 0.5 0.3 0.2 become 0.25 0.09 0.04, so a
	# alone has 0.658 >= 0.6.  At temperature 1, a has 0.5 < 0.6 and b
	# joins; the draw is then at T = 0.5: 0.25/0.34 and 0.09/0.34.
	printf 'a 0.5\nb 0.3\nc 0.2\n' >p
	run finals --probs -t 0.5 -p 0.6 p
	assert_output 'a=1 b=0 c=0'
	run finals --probs -t 0.5 -p 0.6 --order temperature,top-p p
	assert_output 'a=1 b=0 c=0'
	run finals --probs -t 0.5 -p 0.6 --order top-p,temperature p
	assert_output 'a=0.735294117647 b=0.264705882353 c=0'
}

@test "order keeps PROB at the sampling temperature" {
	printf 'a 0.5\nb 0.3\nc 0.2\n' >p
	run logitsample -d --probs -t 0.5 -p 0.6 --order top-p,temperature p
	assert_success
	# PROB and CUM: 0.25, 0.09, 0.04 over 0.38.
	run awk -F'\t' 'NF > 1 { printf "%.12g %.12g\n", $3, $4 }' \
	    <<<"$output"
	assert_line -n 0 '0.657894736842 0.657894736842'
	assert_line -n 1 '0.236842105263 0.894736842105'
	assert_line -n 2 '0.105263157895 1'
}

@test "order with min-p before temperature" {
	# min-p 0.5 at temperature 1 keeps 0.5 and 0.3 (0.3 >= 0.25); at
	# T = 0.5 it keeps only a (0.09 < 0.125).
	printf 'a 0.5\nb 0.3\nc 0.2\n' >p
	run finals --probs -t 0.5 -m 0.5 p
	assert_output 'a=1 b=0 c=0'
	run finals --probs -t 0.5 -m 0.5 --order min-p,temperature p
	assert_output 'a=0.735294117647 b=0.264705882353 c=0'
}

@test "order reorders top-k and top-p" {
	# Top-k 2 first leaves d and c (0.7), and top-p 0.5 of that is
	# 0.35, which d (0.4) reaches alone.  Top-p first compares with 0.5
	# of 1, so d (0.4) needs c; top-k 2 then keeps both.
	write_abcd abcd
	run finals -k 2 -p 0.5 abcd
	assert_output 'd=1 c=0 b=0 a=0'
	run finals -k 2 -p 0.5 --order top-k,top-p abcd
	assert_output 'd=1 c=0 b=0 a=0'
	run finals -k 2 -p 0.5 --order top-p,top-k abcd
	assert_output 'd=0.571428571429 c=0.428571428571 b=0 a=0'
}

@test "order may name transforms that do not run" {
	write_abcd abcd
	run finals -k 2 --order min-p,top-p,top-k,temperature abcd
	assert_success
	assert_output 'd=0.571428571429 c=0.428571428571 b=0 a=0'
}

@test "order rejects an unknown transform" {
	run --separate-stderr logitsample --order top-k,foo
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value 'top-k,foo' for --order: unknown transform 'foo'; expected names from temperature, top-n-sigma, top-k, typical-p, top-p, min-p"
	assert_equal "${stderr_lines[1]}" "Try 'logitsample --help'."
	for list in '' top-k, ,top-k TOP-K 'top-k top-p' top_k; do
		run logitsample --order "$list" </dev/null
		assert_failure 2
	done
}

@test "order rejects a repeated transform" {
	run --separate-stderr logitsample --order top-p,top-k,top-p
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value 'top-p,top-k,top-p' for --order: transform 'top-p' is named twice"
}

@test "order must name every enabled transform" {
	run --separate-stderr logitsample -k 2 --order top-p,min-p
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: --order does not name 'top-k', which is enabled; name every enabled transform once"
	run --separate-stderr logitsample -t 0.5 --order top-k
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: --order does not name 'temperature', which is enabled; name every enabled transform once"
	for option in '--typical-p 0.5' '--top-n-sigma 1' '-m 0.1' '-p 0.9' '-g'; do
		run logitsample $option --order top-k </dev/null
		assert_failure 2
	done
}

@test "order requires a value" {
	run --separate-stderr logitsample --order
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: option '--order' requires a value"
}

# ---------------------------------------------------------------------
# --logit-bias

@test "logit-bias adds to the logit before the dump" {
	printf 'a 1\nb 2\nc 0.5\n' >s
	run logitsample -d --logit-bias a=0.5 --logit-bias c=-0.25 s
	assert_success
	assert_line -n 0 --regexp '^b	2	'
	assert_line -n 1 --regexp '^a	1.5	'
	assert_line -n 2 --regexp '^c	0.25	'
}

@test "logit-bias entries for one token add up" {
	printf 'a 1\nb 2\n' >s
	run finals --logit-bias a=0.5 --logit-bias a=0.5 s
	assert_output 'a=0.5 b=0.5'
}

@test "logit-bias -inf bans a token, even one scored +inf" {
	printf 'a inf\nb 0\nc -1\n' >s
	run finals --logit-bias a=-inf s
	assert_output 'b=0.73105857863 c=0.26894142137 a=0'
	run joined -s 1 -n 5 --logit-bias b=-inf --logit-bias c=-inf s
	assert_output 'a a a a a'
}

@test "logit-bias can lift a token above the best" {
	printf 'a 1\nb 2\n' >s
	run logitsample -t 0 --logit-bias a=1.5 s
	assert_output 'a'
}

@test "logit-bias splits at the last equals sign" {
	printf '=\t1\n==\t1\nx\t1\n' >s
	# Token "==", bias -inf; each line prints as TOKEN=FINAL.
	run finals --logit-bias '===-inf' s
	assert_output '==0.5 x=0.5 ===0'
}

@test "logit-bias decodes escapes in TOKEN and in the input" {
	# The input token is backslash-n, which decodes to a newline.
	printf 'x\t0\n\\n\t0\n' >s
	run finals --logit-bias '\n=-inf' s
	assert_output 'x=1 \n=0'
	run finals --logit-bias '\x78=-inf' s
	assert_output '\n=1 x=0'
}

@test "logit-bias names score-only lines by position" {
	printf '0\n0\n0\n' >s
	run finals --logit-bias 1=-inf --logit-bias 2=0.6931471805599453 s
	assert_output '2=0.666666666667 0=0.333333333333 1=0'
}

@test "logit-bias on an absent token changes nothing" {
	printf 'a 1\nb 2\n' >s
	run finals --logit-bias zz=-inf --logit-bias 7=3 s
	assert_success
	assert_output 'b=0.73105857863 a=0.26894142137'
}

@test "logit-bias that masks every token is a data error" {
	printf 'a 1\n' >s
	run --separate-stderr logitsample --logit-bias a=-inf s
	assert_failure 1
	assert_equal "$stderr" \
	    "logitsample: s:1: every score in the record is -inf after logit bias and penalties: 'a 1'"
}

@test "logit-bias with --probs applies to ln p" {
	printf 'a 0.5\nb 0.5\n' >p
	# ln 0.5 - ln 2 = ln 0.25, so a has PROB 1/3 beside b's 2/3.
	run logitsample -d --probs --logit-bias a=-0.6931471805599453 p
	assert_success
	run awk -F'\t' 'NF > 1 { printf "%s %.12g %.12g\n", $1, $2, $3 }' \
	    <<<"$output"
	assert_line -n 0 'b -0.69314718056 0.666666666667'
	assert_line -n 1 'a -1.38629436112 0.333333333333'
}

@test "logit-bias rejects bad syntax" {
	run --separate-stderr logitsample --logit-bias abc
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value 'abc' for --logit-bias: expected TOKEN=BIAS, BIAS a finite number or -inf"
	for value in a= a=x a=inf a=+inf a=nan a=1e999 'a=1 ' a==; do
		run logitsample --logit-bias "$value" </dev/null
		assert_failure 2
	done
	run logitsample --logit-bias '=1' </dev/null
	assert_success
}

# ---------------------------------------------------------------------
# Penalties

@test "repeat-penalty on positive logits alternates a stream" {
	# a 2 b 1.5: after a, a becomes 1 < 1.5; after a and b, a 1 beats
	# b 0.75.  The repeat penalty ignores counts.
	run joined -t 0 --repeat-penalty 2 < <(records 5 2 1.5)
	assert_success
	assert_output 'a b a a a'
}

@test "repeat-penalty multiplies negative logits" {
	# a -1 b -1.5: after a, a becomes -2 < -1.5; after both, a -2 beats
	# b -3.
	run joined -t 0 --repeat-penalty 2 < <(records 5 -1 -1.5)
	assert_output 'a b a a a'
}

@test "repeat-penalty below 1 favours repeats" {
	run joined -t 0 --repeat-penalty 0.5 < <(records 3 1.5 2)
	assert_output 'b b b'
	run joined -t 0 --repeat-penalty 0.5 < <(records 3 -2 -1.5)
	assert_output 'b b b'
}

@test "frequency-penalty subtracts per occurrence" {
	# F = 0.3: a 2 - 0.3 c.  Counts after each record: a1, a2 (1.4 <
	# 1.5, so b), a2 b1 (1.4 > 1.2, so a), a3 b1 (1.1 < 1.2, so b).
	run joined -t 0 --frequency-penalty 0.3 < <(records 5 2 1.5)
	assert_output 'a a b a b'
}

@test "presence-penalty subtracts once" {
	run joined -t 0 --presence-penalty 0.6 < <(records 5 2 1.5)
	assert_output 'a b a a a'
	run joined -t 0 --presence-penalty 0.4 < <(records 3 2 1.5)
	assert_output 'a a a'
}

@test "negative frequency penalty rewards repeats" {
	run joined -t 0 --frequency-penalty -1 < <(records 3 1.5 2)
	assert_output 'b b b'
}

@test "penalty-last-n bounds the window" {
	# Window 1: only the previous record counts, so a and b alternate.
	run joined -t 0 --repeat-penalty 2 --penalty-last-n 1 \
	    < <(records 6 2 1.5)
	assert_output 'a b a b a b'
	# Window 2: a b a a, then a twice in the window lets b win.
	run joined -t 0 --repeat-penalty 2 --penalty-last-n 2 \
	    < <(records 6 2 1.5)
	assert_output 'a b a a b a'
	run joined -t 0 --repeat-penalty 2 --penalty-last-n 0 \
	    < <(records 3 2 1.5)
	assert_output 'a a a'
}

@test "penalty-last-n -1 covers the whole stream" {
	# F = 0.007 on a margin of 0.5: a wins while 0.007 c < 0.5, that is
	# for c = 0 to 71, so b takes record 72; then a (1.496 > 1.493),
	# then b (1.489 < 1.493).  A window of 64 caps c at 64 (0.448), so
	# a always wins.
	local a72
	a72=$(printf 'a %.0s' $(seq 72))
	run joined -t 0 --frequency-penalty 0.007 --penalty-last-n -1 \
	    < <(records 75 2 1.5)
	assert_output "${a72}b a b"
	run joined -t 0 --frequency-penalty 0.007 < <(records 75 2 1.5)
	assert_output "${a72}a a a"
}

@test "penalty window default is 64 records" {
	# Record 0 draws a, the next 64 draw y, and the last offers a or z:
	# a, 65 records back, is outside the default window of 64.
	{
		printf 'a 1\nz 0\n\n'
		for ((i = 0; i < 64; i++)); do printf 'y 1\n\n'; done
		printf 'a 1\nz 0\n\n'
	} >s
	run joined -t 0 --presence-penalty 5 s
	assert_line -n 0 --regexp ' a$'
	run joined -t 0 --presence-penalty 5 --penalty-last-n 65 s
	assert_line -n 0 --regexp ' z$'
}

@test "only the first draw of a record enters the history" {
	# F = 0.2 with three draws per record: if all three counted, a would
	# drop to 1.4 in record 1; counting first draws, it reaches 1.4 only
	# in record 3.
	run joined -t 0 -n 3 --frequency-penalty 0.2 < <(records 4 2 1.5)
	assert_output 'a a a a a a a a a b b b'
}

@test "penalties match tokens by their decoded bytes" {
	printf '\\x41 2\nb 1.5\n\nA 2\nb 1.5\n\n' >s
	run joined -t 0 --presence-penalty 1 s
	assert_output '\x41 b'
}

@test "penalties apply to score-only tokens by position" {
	printf '2\n1.5\n\n2\n1.5\n\n' >s
	run joined -t 0 --repeat-penalty 2 s
	assert_output '0 1'
}

@test "dump adds nothing to the history" {
	run logitsample -d --repeat-penalty 2 < <(records 3 2 1.5)
	assert_success
	assert_equal "$(grep -c '^a	2	0.62245933120185' <<<"$output")" 3
}

@test "penalties reshape a sampled distribution" {
	# Record 1: a e^0 vs b e^-10 always draws a; record 2 has a at
	# 10 - 20 = -10 against b at 0, so b wins except 1 time in 22027.
	printf 'a 10\nb 0\n\na 10\nb 0\n\n' >s
	for seed in 1 2 3 4 5; do
		run joined -s "$seed" --presence-penalty 20 s
		assert_output 'a b'
	done
}

@test "penalty options reject out-of-range values" {
	for value in 0 -1 inf nan x ''; do
		run logitsample --repeat-penalty "$value" </dev/null
		assert_failure 2
	done
	for value in inf -inf nan x ''; do
		run logitsample --frequency-penalty "$value" </dev/null
		assert_failure 2
		run logitsample --presence-penalty "$value" </dev/null
		assert_failure 2
	done
	for value in -2 1.5 x '' 9223372036854775808; do
		run logitsample --penalty-last-n "$value" </dev/null
		assert_failure 2
	done
	run --separate-stderr logitsample --repeat-penalty 0
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value '0' for --repeat-penalty: expected a finite number > 0"
	run logitsample --penalty-last-n 9223372036854775807 </dev/null
	assert_success
}

# ---------------------------------------------------------------------
# Range checks of typical-p, top-n-sigma, min-keep

@test "typical-p, top-n-sigma and min-keep reject bad values" {
	for value in 0 -0.1 1.5 1.0000001 nan inf x ''; do
		run logitsample --typical-p "$value" </dev/null
		assert_failure 2
	done
	run --separate-stderr logitsample --typical-p 0
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value '0' for --typical-p: expected a number greater than 0 and at most 1"
	for value in inf -inf nan x ''; do
		run logitsample --top-n-sigma "$value" </dev/null
		assert_failure 2
	done
	for value in -1 1.5 x '' 18446744073709551616; do
		run logitsample --min-keep "$value" </dev/null
		assert_failure 2
	done
	run logitsample --typical-p 1e-300 --min-keep 0 --top-n-sigma -5 \
	    </dev/null
	assert_success
}

# ---------------------------------------------------------------------
# --vocab

@test "vocab names score-only lines" {
	printf 'the\n\\n\nend\n' >v
	printf '0\n1\n3\n' >s
	run joined -t 0 --vocab v s
	assert_output 'end'
	# Weights e^3, e, 1.
	run finals --vocab v s
	assert_output 'end=0.843794734481 \n=0.114195199385 the=0.0420100661341'
}

@test "vocab leaves token lines alone" {
	printf 'the\nend\n' >v
	printf 'x 0\n3\n' >s
	run joined -t 0 --vocab v s
	assert_output 'end'
	run joined -t 0 --vocab v --logit-bias end=-inf s
	assert_output 'x'
}

@test "vocab tokens are what logit-bias matches" {
	printf 'a\nb\nc\n' >v
	printf '0\n1\n2\n' >s
	run joined -t 0 --vocab v --logit-bias c=-inf s
	assert_output 'b'
	# "2" names no vocabulary token.
	run joined -t 0 --vocab v --logit-bias 2=-inf s
	assert_output 'c'
}

@test "vocab tokens are what penalties match" {
	printf 'a\nb\n' >v
	printf '2\n1.5\n\na 2\nb 1.5\n\n' >s
	run joined -t 0 --vocab v --repeat-penalty 2 s
	assert_output 'a b'
}

@test "vocab keeps spaces, drops a CR, and allows empty tokens" {
	printf ' x \r\n\nz' >v
	printf '1\n0\n-1\n' >s
	run finals --vocab v s
	# Weights e, 1, e^-1 for " x ", "" and "z".
	assert_output ' x =0.665240955775 =0.244728471055 z=0.0900305731704'
}

@test "vocab position past the end is a data error" {
	printf 'a\nb\n' >v
	printf '0\n1\n\n0\n1\n2\n' >s
	run --separate-stderr logitsample -t 0 --vocab v s
	assert_failure 1
	assert_output 'b'
	assert_equal "$stderr" "logitsample: s:6: token position past the end of vocabulary file v (2 tokens): '2'"
}

@test "vocab file that cannot be opened is an error" {
	run --separate-stderr logitsample --vocab missing </dev/null
	assert_failure 1
	assert_equal "$stderr" "logitsample: missing: No such file or directory"
}

@test "empty vocab file makes every position past the end" {
	: >v
	run --separate-stderr logitsample --vocab v <<<'1.5'
	assert_failure 1
	assert_equal "$stderr" "logitsample: stdin:1: token position past the end of vocabulary file v (0 tokens): '0'"
}

# ---------------------------------------------------------------------
# Interactions

@test "greedy ignores typical-p, top-n-sigma and min-keep" {
	# Typical-p 0.5 drops the 0.4, but temperature 0 takes the best.
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run joined -t 0 --probs --typical-p 0.5 p
	assert_output '0'
	run finals -g --probs --typical-p 0.5 --top-n-sigma 0.1 --min-keep 3 p
	assert_output '0=1 1=0 2=0 3=0'
}

@test "greedy applies logit bias and needs temperature in the order" {
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run joined -g --probs --logit-bias 0=-inf p
	assert_output '1'
	run joined -g -k 2 --order top-k,temperature p
	assert_success
	run logitsample -g -k 2 --order top-k p
	assert_failure 2
}

@test "draws with -n come only from the survivors" {
	printf '0.1\n0.2\n0.3\n0.4\n' >p
	run logitsample -s 7 -n 200 --probs --top-n-sigma 1 p
	assert_success
	refute_line '0'
	refute_line '1'
	assert_line '2'
	assert_line '3'
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run logitsample -s 7 -n 200 --probs --typical-p 0.5 p
	refute_line '0'
	assert_line '1'
	assert_line '2'
	assert_line '3'
}

@test "typical-p after temperature sees the tempered weights" {
	# At T = 0.25, 0.4 0.2 0.2 0.2 become 16 : 1 : 1 : 1; H = 0.610,
	# distances 0.438 (for 16/19) and 2.335, so 0.4 comes first and
	# reaches 0.5 alone.  At temperature 1 the three 0.2s win.
	printf '0.4\n0.2\n0.2\n0.2\n' >p
	run finals -t 0.25 --probs --typical-p 0.5 p
	assert_output '0=1 1=0 2=0 3=0'
	run finals -t 0.25 --probs --typical-p 0.5 \
	    --order typical-p,temperature p
	assert_output '0=0 1=0.333333333333 2=0.333333333333 3=0.333333333333'
}

@test "logit bias overflow is a data error" {
	printf 'a 1e308\nb 1\n' >"$BATS_TEST_TMPDIR/big"
	run -1 --separate-stderr logitsample -d --logit-bias a=1e308 \
	    "$BATS_TEST_TMPDIR/big"
	assert_output ''
	assert_equal "$stderr" "logitsample: $BATS_TEST_TMPDIR/big:1: score \
overflows a double after logit bias or penalties: 'a'"
}

@test "negative bias overflow is a data error" {
	run -1 --separate-stderr logitsample -d --logit-bias b=-1e308 \
	    < <(printf 'a 1\nb -1e308\n')
	assert_output ''
	assert_equal "$stderr" "logitsample: stdin:2: score overflows a \
double after logit bias or penalties: 'b'"
}

@test "penalty overflow keeps earlier records" {
	run -1 --separate-stderr logitsample -s 1 -g --repeat-penalty 1e-300 \
	    < <(printf 'a 1\nb 1e308\n\na 1\nb 1e308\n')
	assert_output b
	assert_equal "$stderr" "logitsample: stdin:5: score overflows a \
double after logit bias or penalties: 'b'"
}

@test "infinite penalty on +inf is a data error" {
	run -1 --separate-stderr logitsample -s 1 --frequency-penalty 1e308 \
	    < <(printf 'a inf\nb 1\n\na inf\nb 1\n\na inf\nb 1\n')
	assert_output $'a\na'
	assert_equal "$stderr" "logitsample: stdin:7: score overflows a \
double after logit bias or penalties: 'a'"
}

@test "top-n-sigma keeps its survivors at 1e200 scale" {
	# sigma of 1, 1.5, 1.6, 1.7 is 0.2693, so with N = 0.5 the threshold
	# is 1.565 and c and e survive; the rule is scale-invariant.
	printf 'a 1e200\nb 1.5e200\nc 1.6e200\ne 1.7e200\n' >huge
	run -0 finals --top-n-sigma 0.5 -t 1e200 huge
	assert_output "e=0.524979187479 c=0.475020812521 b=0 a=0"
}

@test "top-n-sigma with scores of opposite sign near 1e308" {
	# mean -5e307, sigma 8.66e307: the threshold 5.67e307 keeps only e.
	printf 'a -1e308\nb -1e308\nc -1e308\ne 1e308\n' >extreme
	run -0 finals --top-n-sigma 0.5 --order top-n-sigma,temperature \
	    -t 1e308 extreme
	assert_output "e=1 a=0 b=0 c=0"
}
