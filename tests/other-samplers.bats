#!/usr/bin/env bats
# Failures that widely used samplers have shipped, each pinned with the
# right answer.  abcd holds the logits of the probabilities 0.1, 0.2,
# 0.3 and 0.4 (tokens a to d), so expected values are simple fractions.

setup() {
	load robust_helper
	make_abcd_files
}

# bats test_tags=valgrind
@test "nucleus includes the token crossing P" {
	# d alone has 0.4 < 0.5, so c, which crosses 0.5, is kept.
	logitsample -d -p 0.5 "$abcd" >"$out"
	assert_final_column "$out" d=4/7 c=3/7 b=0 a=0
	# d and c have 0.7 < 0.75, so b is kept as well.
	logitsample -d -p 0.75 "$abcd" >"$out"
	assert_final_column "$out" d=4/9 c=3/9 b=2/9 a=0
}

# bats test_tags=valgrind
@test "top-p 0 keeps exactly one token" {
	logitsample -d -p 0 "$abcd" >"$out"
	assert_final_column "$out" d=1 c=0 b=0 a=0
	run -0 --separate-stderr logitsample -s 4 -n 50 -p 0 "$abcd"
	assert_equal "$stderr" ''
	assert_equal "$(sort -u <<<"$output")" d
}

@test "top-p below the largest probability keeps one" {
	local p

	for p in 0.3 0.39 1e-9; do
		logitsample -d -p "$p" "$abcd" >"$out"
		assert_final_column "$out" d=1 c=0 b=0 a=0
		run -0 logitsample -s 4 -n 50 -p "$p" "$abcd"
		assert_equal "$(sort -u <<<"$output")" d
	done
}

@test "top-k 0 disables top-k" {
	logitsample -d "$abcd" >"$BATS_TEST_TMPDIR/plain"
	logitsample -d -k 0 "$abcd" >"$out"
	run -0 cmp "$BATS_TEST_TMPDIR/plain" "$out"
	assert_final_column "$out" d=0.4 c=0.3 b=0.2 a=0.1
}

@test "top-k beyond the vocabulary keeps all" {
	logitsample -d -k 10 "$abcd" >"$out"
	assert_final_column "$out" d=0.4 c=0.3 b=0.2 a=0.1
	logitsample -d -k 3 "$abcd" >"$out"
	assert_final_column "$out" d=4/9 c=3/9 b=2/9 a=0
}

@test "negative top-k is a usage error" {
	run -2 --separate-stderr logitsample -k -1 "$abcd"
	assert_output ''
	assert_equal "$stderr" "logitsample: invalid value '-1' for -k/--top-k: expected an integer >= 0
Try 'logitsample --help'."
	run -2 --separate-stderr logitsample --top-k=-5 "$abcd"
	assert_equal "$stderr" "logitsample: invalid value '-5' for -k/--top-k: expected an integer >= 0
Try 'logitsample --help'."
}

# bats test_tags=valgrind
@test "temperature 0 is greedy without NaN" {
	# The best token is neither the first line nor token 0, and the
	# dump's PROB column is the distribution at temperature 1.
	printf 'x 1\ny 3\nz 2\n' >"$in"
	run -0 --separate-stderr logitsample -t 0 -n 3 "$in"
	assert_output $'y\ny\ny'
	assert_equal "$stderr" ''
	logitsample -d -t 0 "$in" >"$out"
	assert_final_column "$out" y=1 z=0 x=0
	run -0 awk -F '\t' '{ print $3 }' "$out"
	refute_output --partial nan
	# e^0/W, e^-1/W and e^-2/W with W = 1 + e^-1 + e^-2, in Python.
	assert_line -n 0 0.6652409557748218
	assert_line -n 1 0.24472847105479764
	assert_line -n 2 0.09003057317038046
}

@test "temperature 1e-300 picks the greedy token" {
	printf 'x 1\ny 3\nz 2\n' >"$in"
	run -0 logitsample -s 8 -n 5 -t 1e-300 "$in"
	assert_output $'y\ny\ny\ny\ny'
	logitsample -d -t 1e-300 "$in" >"$out"
	assert_final_column "$out" y=1 z=0 x=0
	run -0 cat "$out"
	refute_output --partial nan
}

# bats test_tags=valgrind
@test "near-greedy temperature keeps the exact ratio" {
	# Gaps of 1e-300 and 2e-300 at T = 1e-300 give weights 1, e^-1 and
	# e^-2, whatever the size of T.
	printf 'x -2e-300\ny 0\nz -1e-300\n' >"$in"
	logitsample -d -t 1e-300 "$in" >"$out"
	assert_final_column "$out" \
	    'y=1/(1+exp(-1)+exp(-2))' \
	    'z=exp(-1)/(1+exp(-1)+exp(-2))' \
	    'x=exp(-2)/(1+exp(-1)+exp(-2))'
}

# bats test_tags=valgrind
@test "all scores -inf is a per-record error" {
	printf 'a 1\n\nb -inf\nc -inf\n\nd 1\n' >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output a
	assert_equal "$stderr" \
	    "logitsample: $in:3: every score in the record is -inf: 'b -inf'"
	run -1 --separate-stderr logitsample -d "$in"
	assert_output $'a\t1\t1\t1\t1'
	assert_equal "$stderr" \
	    "logitsample: $in:3: every score in the record is -inf: 'b -inf'"
}

@test "nan is rejected with its line number" {
	printf 'a 1\nb 2\n\nc 1\nd nan\n' >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output b
	assert_equal "$stderr" "logitsample: $in:5: invalid score: 'nan'"
}

@test "+inf takes all the mass" {
	printf 'a 1000\nb +inf\nc 999\n' >"$in"
	logitsample -d "$in" >"$out"
	assert_final_column "$out" b=1 a=0 c=0
	run -0 logitsample -s 6 -n 20 -t 5 "$in"
	assert_equal "$(sort -u <<<"$output")" b
}

# bats test_tags=valgrind
@test "scores of +100000 and -100000 do not overflow" {
	printf 'lo -100000\nhi 100000\n' >"$in"
	logitsample -d "$in" >"$out"
	# "%.1g" is the shortest form of 100000 that reads back: 1e+05.
	assert_file_bytes "$out" '%s\n' 'hi	1e+05	1	1	1' \
	    'lo	-1e+05	0	1	0' ''
	run -0 logitsample -s 1 -n 20 "$in"
	assert_equal "$(sort -u <<<"$output")" hi
	# At T = 100000 the gap is exactly -2: weights 1 and e^-2.
	logitsample -d -t 100000 "$in" >"$out"
	assert_final_column "$out" 'hi=1/(1+exp(-2))' \
	    'lo=exp(-2)/(1+exp(-2))'
}
