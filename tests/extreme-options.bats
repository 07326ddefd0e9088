#!/usr/bin/env bats
# Option values at and beyond the limits of a double and of a 64-bit
# integer.  Values in range give the exact result; out-of-range values
# are usage errors naming the option.  Expected probabilities come from
# Python's math.exp, noted next to each case.

setup() {
	load robust_helper
	make_abcd_files
}

# The dump of abcd with nothing truncated: the input probabilities as
# the softmax returns them.
write_abcd_dump() {
	printf '%s\n' \
	    'd	-0.916290731874155	0.4	0.4	0.4' \
	    'c	-1.2039728043259361	0.29999999999999993	0.7	0.29999999999999993' \
	    'b	-1.6094379124341003	0.2	0.8999999999999999	0.2' \
	    'a	-2.3025850929940455	0.10000000000000002	0.9999999999999999	0.10000000000000002' \
	    '' >"$1"
}

@test "temperature 1e-300 is greedy on abcd" {
	logitsample -d -t 1e-300 "$abcd" >"$out"
	assert_file_bytes "$out" '%s\n' 'd	-0.916290731874155	1	1	1' \
	    'c	-1.2039728043259361	0	1	0' \
	    'b	-1.6094379124341003	0	1	0' \
	    'a	-2.3025850929940455	0	1	0' ''
	run -0 logitsample -s 1 -n 5 -t 1e-300 "$abcd"
	assert_output $'d\nd\nd\nd\nd'
}

# bats test_tags=valgrind
@test "temperature 1e-300 keeps a gap of 1e-300" {
	# (z - zmax) / T is exactly -1, so the weights are 1 and e^-1.
	printf 'a 0\nb -1e-300\n' >"$in"
	logitsample -d -t 1e-300 "$in" >"$out"
	assert_file_bytes "$out" '%s\n' \
	    'a	0	0.7310585786300049	0.7310585786300049	0.7310585786300049' \
	    'b	-1e-300	0.2689414213699951	1	0.2689414213699951' ''
}

# bats test_tags=valgrind
@test "subnormal temperature 1e-320 keeps a gap of 1e-320" {
	printf 'a 0\nb -1e-320\nc 0\n' >"$in"
	logitsample -d -t 1e-320 "$in" >"$out"
	# Weights 1, e^-1, 1: W = 2 + e^-1, so the probabilities are 1/W =
	# 0.4223187982515182 and e^-1/W = 0.15536240349696362 in Python.
	assert_file_bytes "$out" '%s\n' \
	    'a	0	0.4223187982515182	0.4223187982515182	0.4223187982515182' \
	    'c	0	0.4223187982515182	0.8446375965030364	0.4223187982515182' \
	    'b	-1e-320	0.15536240349696362	1	0.15536240349696362' ''
	run -0 logitsample -s 1 -n 2 -t 0 "$in"
	assert_output $'a\na'
}

@test "temperature 1e-320 is greedy on abcd" {
	run -0 --separate-stderr logitsample -s 9 -n 3 -t 1e-320 "$abcd"
	assert_output $'d\nd\nd'
	assert_equal "$stderr" ''
}

# bats test_tags=valgrind
@test "temperature 1e300 makes abcd uniform" {
	# Every (z - zmax) / T is below 2e-300, and e to that rounds to 1.
	logitsample -d -t 1e300 "$abcd" >"$out"
	assert_file_bytes "$out" '%s\n' \
	    'd	-0.916290731874155	0.25	0.25	0.25' \
	    'c	-1.2039728043259361	0.25	0.5	0.25' \
	    'b	-1.6094379124341003	0.25	0.75	0.25' \
	    'a	-2.3025850929940455	0.25	1	0.25' ''
}

# bats test_tags=valgrind
@test "largest double temperature is accepted" {
	# Scores 1e308 and -1e308: their difference overflows, but divided
	# by T = 1e308 it is -2, so the weights are 1 and e^-2
	# (probabilities 0.8807970779778823 and 0.11920292202211755).
	printf 'a 1e308\nb -1e308\n' >"$in"
	logitsample -d -t 1e308 "$in" >"$out"
	assert_file_bytes "$out" '%s\n' \
	    'a	1e+308	0.8807970779778823	0.8807970779778823	0.8807970779778823' \
	    'b	-1e+308	0.11920292202211755	0.9999999999999999	0.11920292202211755' ''
	printf 'a 1.7976931348623157e308\nb -1.7976931348623157e308\n' >"$in"
	run -0 logitsample -d -t 1.7976931348623157e308 "$in"
	assert_line -n 0 --regexp $'^a\t1.7976931348623157e\\+308\t0.8807970779778823\t'
}

@test "top-k beyond the record keeps everything" {
	write_abcd_dump "$BATS_TEST_TMPDIR/expected"
	for k in 4 5 4294967296 18446744073709551614 18446744073709551615; do
		logitsample -d -k "$k" "$abcd" >"$out"
		run -0 cmp "$BATS_TEST_TMPDIR/expected" "$out"
	done
}

@test "top-k 1 keeps the best token" {
	run -0 logitsample -s 2 -n 4 -k 1 "$abcd"
	assert_output $'d\nd\nd\nd'
}

# bats test_tags=valgrind
@test "top-p 1e-300 keeps one token" {
	logitsample -d -p 1e-300 "$abcd" >"$out"
	assert_file_bytes "$out" '%s\n' \
	    'd	-0.916290731874155	0.4	0.4	1' \
	    'c	-1.2039728043259361	0.29999999999999993	0.7	0' \
	    'b	-1.6094379124341003	0.2	0.8999999999999999	0' \
	    'a	-2.3025850929940455	0.10000000000000002	0.9999999999999999	0' ''
}

@test "top-p 0.9999999999999999 keeps abcd whole" {
	write_abcd_dump "$BATS_TEST_TMPDIR/expected"
	logitsample -d -p 0.9999999999999999 "$abcd" >"$out"
	run -0 cmp "$BATS_TEST_TMPDIR/expected" "$out"
}

@test "top-p 0.9999999999999999 drops a 4e-18 tail" {
	# The best token's weight 1 already reaches P W = (1 - 2^-53 ...)
	# (1 + e^-40), so the token of weight e^-40 = 4.2e-18 goes.
	printf 'a 0\nb -40\n' >"$in"
	logitsample -d -p 0.9999999999999999 "$in" >"$out"
	assert_file_bytes "$out" '%s\n' 'a	0	1	1	1' \
	    'b	-4e+01	4.248354255291589e-18	1	0' ''
}

@test "min-p extremes" {
	printf 'a 1\nb 1\nc 0.5\n' >"$in"
	# Min-p 1 keeps both tokens tied at the best weight.
	run -0 logitsample -d -m 1 "$in"
	assert_line -n 0 --regexp $'^a\t1\t.*\t0.5$'
	assert_line -n 1 --regexp $'^b\t1\t.*\t0.5$'
	assert_line -n 2 --regexp $'^c\t0.5\t.*\t0$'
	write_abcd_dump "$BATS_TEST_TMPDIR/expected"
	logitsample -d -m 1e-300 "$abcd" >"$out"
	run -0 cmp "$BATS_TEST_TMPDIR/expected" "$out"
}

# bats test_tags=valgrind
@test "largest count runs until stopped" {
	# 2^64 - 1 draws are accepted and written as fast as the output
	# takes them, so timeout has to stop the program.
	run -124 timeout 1 bash -c 'exec "$1" -s 1 -n 18446744073709551615 \
	    "$2" >/dev/null' sh "$LOGITSAMPLE" "$abcd"
	run -0 bash -c '"$1" -s 1 -n 18446744073709551615 "$2" |
	    head -n 5 >"$3"' sh "$LOGITSAMPLE" "$abcd" "$out"
	run -0 cat "$out"
	assert_output "$(reference_draws 1 5 1 "$abcd")"
}

# bats test_tags=valgrind
@test "seed 0 draws match the documented generator" {
	run -0 --separate-stderr logitsample -s 0 -n 20 "$abcd"
	assert_equal "$stderr" ''
	assert_output "$(reference_draws 0 20 1 "$abcd")"
}

@test "seed 2^64-1 draws match the documented generator" {
	run -0 --separate-stderr logitsample -s 18446744073709551615 -n 20 \
	    "$abcd"
	assert_equal "$stderr" ''
	assert_output \
	    "$(reference_draws 18446744073709551615 20 1 "$abcd")"
	run -0 logitsample --seed=18446744073709551615 -n 20 "$abcd"
	assert_output \
	    "$(reference_draws 18446744073709551615 20 1 "$abcd")"
}

# Each row: option, value, what the message says is expected.
check_rejected() {
	local option=$1 value=$2 expected=$3

	run -2 --separate-stderr logitsample "$option" "$value" "$abcd"
	assert_output ''
	assert_equal "$stderr" "logitsample: invalid value '$value' for $expected
Try 'logitsample --help'."
}

@test "seed 2^64 is a usage error" {
	check_rejected -s 18446744073709551616 \
	    '-s/--seed: expected an integer from 0 to 18446744073709551615'
}

@test "overflow in every numeric option" {
	local seed='-s/--seed: expected an integer from 0 to 18446744073709551615'
	local count='-n/--count: expected an integer from 1 to 18446744073709551615'
	local value

	# 10^400 written out in digits.
	local huge=1$(printf '0%.0s' {1..400})

	for value in 1e999 -1e999 1.8e308 "$huge"; do
		check_rejected -t "$value" \
		    '-t/--temperature: expected a finite number >= 0'
		check_rejected -p "$value" '-p/--top-p: expected a number from 0 to 1'
		check_rejected -m "$value" '-m/--min-p: expected a number from 0 to 1'
	done
	for value in 18446744073709551616 18446744073709551617 \
	    36893488147419103232 99999999999999999999999999999999; do
		check_rejected -k "$value" '-k/--top-k: expected an integer >= 0'
		check_rejected -n "$value" "$count"
		check_rejected -s "$value" "$seed"
	done
}

@test "negative and signed integers are usage errors" {
	local value

	for value in -1 -0 +1 -18446744073709551615 ' 1' '1 ' 1e3 0x10 ''; do
		check_rejected -k "$value" '-k/--top-k: expected an integer >= 0'
		check_rejected -s "$value" \
		    '-s/--seed: expected an integer from 0 to 18446744073709551615'
	done
	check_rejected -n 0 \
	    '-n/--count: expected an integer from 1 to 18446744073709551615'
}

@test "underflowing option values round to zero" {
	# 1e-400 is below the smallest double, so it reads as 0: -t is
	# greedy, -p keeps one token and -m does not run.
	run -0 logitsample -s 1 -n 3 -t 1e-400 "$abcd"
	assert_output $'d\nd\nd'
	run -0 logitsample -d -p 1e-400 "$abcd"
	assert_line -n 0 --regexp $'\t1$'
	assert_line -n 1 --regexp $'\t0$'
	write_abcd_dump "$BATS_TEST_TMPDIR/expected"
	logitsample -d -m 1e-400 "$abcd" >"$out"
	run -0 cmp "$BATS_TEST_TMPDIR/expected" "$out"
}

@test "flag given a value is a usage error" {
	local flag

	for flag in dump greedy probs verbose help version; do
		run -2 --separate-stderr logitsample "--$flag=1" "$abcd"
		assert_output ''
		assert_equal "$stderr" "logitsample: option '--$flag' does not take a value
Try 'logitsample --help'."
	done
	# An abbreviation is named in full.
	run -2 --separate-stderr logitsample --pro=x "$abcd"
	assert_equal "$stderr" "logitsample: option '--probs' does not take a value
Try 'logitsample --help'."
}
