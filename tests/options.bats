#!/usr/bin/env bats
# Command-line options: --help, --version, accepted ranges at both ends,
# and usage errors (status 2, a message naming the option and value,
# then a pointer to --help, nothing on standard output).

setup() {
	load test_helper
	make_abcd_files
}

# Run the program with the given arguments on the abcd record and check
# that it fails with usage error message $1.
assert_usage_error() {
	local message=$1
	shift
	run -2 --separate-stderr logitsample "$@" "$abcd"
	assert_output ''
	assert_equal "$stderr" "logitsample: $message
Try 'logitsample --help'."
}

@test "help goes to stdout" {
	local option
	for option in -h --help; do
		run -0 --separate-stderr logitsample "$option" </dev/null
		refute_stderr
		assert_line --index 0 --regexp '^usage: logitsample '
		assert_line --partial '--temperature'
		assert_line --partial '--top-k'
		assert_line --partial '--top-p'
		assert_line --partial '--min-p'
		assert_line --partial '--greedy'
		assert_line --partial '--count'
		assert_line --partial '--dump'
		assert_line --partial '--seed'
		assert_line --partial '--probs'
	done
}

@test "help wins over input" {
	run -0 --separate-stderr logitsample --help /nonexistent/file
	refute_stderr
	assert_line --index 0 --regexp '^usage: logitsample '
}

@test "version prints name and number" {
	local option
	for option in -V --version; do
		run -0 --separate-stderr logitsample "$option" </dev/null
		refute_stderr
		assert_output --regexp '^logitsample [0-9]+\.[0-9]+\.[0-9]+$'
	done
}

@test "temperature rejects negative, NaN, infinity" {
	local value expected="a finite number >= 0"
	for value in -1 -0.001 nan NaN inf -inf Infinity 1e999 '' abc 1x \
	    0x1p-1; do
		assert_usage_error \
		    "invalid value '$value' for -t/--temperature: expected $expected" \
		    -t "$value"
	done
	assert_usage_error \
	    "invalid value '-2' for -t/--temperature: expected $expected" \
	    --temperature=-2
}

@test "temperature accepts zero and large" {
	run -0 --separate-stderr logitsample -t 0 "$abcd"
	refute_stderr
	assert_output d
	run -0 --separate-stderr logitsample -s 1 -d -t 1e300 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=0.25 c=0.25 b=0.25 a=0.25
}

@test "top-p rejects values outside [0,1]" {
	local value expected="a number from 0 to 1"
	for value in -0.1 -1e-300 1.0000001 2 nan inf -inf '' 0,5 .; do
		assert_usage_error \
		    "invalid value '$value' for -p/--top-p: expected $expected" \
		    -p "$value"
	done
	assert_usage_error \
	    "invalid value '1.5' for -p/--top-p: expected $expected" \
	    --top-p=1.5
}

@test "top-p accepts 0 and 1" {
	local value
	for value in 0 1 0.0 1.0 1e-300 .5 +0.5; do
		run -0 --separate-stderr logitsample -s 1 -p "$value" "$abcd"
		refute_stderr
		assert_output --regexp '^[abcd]$'
	done
}

@test "min-p rejects values outside [0,1]" {
	local value expected="a number from 0 to 1"
	for value in -0.01 1.01 nan inf '' x; do
		assert_usage_error \
		    "invalid value '$value' for -m/--min-p: expected $expected" \
		    -m "$value"
	done
	assert_usage_error \
	    "invalid value '2' for -m/--min-p: expected $expected" \
	    --min-p=2
}

@test "min-p accepts 0 and 1" {
	local value
	for value in 0 1; do
		run -0 --separate-stderr logitsample -s 1 -m "$value" "$abcd"
		refute_stderr
		assert_output --regexp '^[abcd]$'
	done
}

@test "top-k rejects negative and non-integers" {
	local value expected="an integer >= 0"
	for value in -1 1.5 5x 1.0 1e2 '' x ' 3' 3.; do
		assert_usage_error \
		    "invalid value '$value' for -k/--top-k: expected $expected" \
		    -k "$value"
	done
	assert_usage_error \
	    "invalid value '-3' for -k/--top-k: expected $expected" \
	    --top-k=-3
}

@test "top-k accepts 0 and huge" {
	local value
	for value in 0 1 18446744073709551615; do
		run -0 --separate-stderr logitsample -s 1 -k "$value" "$abcd"
		refute_stderr
		assert_output --regexp '^[abcd]$'
	done
}

@test "count rejects 0 and non-integers" {
	local value
	local expected="an integer from 1 to 18446744073709551615"
	for value in 0 -1 1.5 x '' 18446744073709551616; do
		assert_usage_error \
		    "invalid value '$value' for -n/--count: expected $expected" \
		    -n "$value"
	done
	assert_usage_error \
	    "invalid value '0' for -n/--count: expected $expected" \
	    --count=0
}

@test "count 1 gives one line" {
	run -0 --separate-stderr logitsample -s 1 -n 1 "$abcd"
	refute_stderr
	assert_output --regexp '^[abcd]$'
}

@test "seed rejects out-of-range values" {
	local value
	local expected="an integer from 0 to 18446744073709551615"
	for value in -1 18446744073709551616 99999999999999999999 1.5 x '' \
	    1e3 ' 1'; do
		assert_usage_error \
		    "invalid value '$value' for -s/--seed: expected $expected" \
		    -s "$value"
	done
	assert_usage_error \
	    "invalid value '-5' for -s/--seed: expected $expected" \
	    --seed=-5
}

@test "unknown option is a usage error" {
	assert_usage_error "unknown option '--bogus'" --bogus
	assert_usage_error "unknown option '-x'" -x
	assert_usage_error "unknown option '-Z'" -Z
}

@test "short flag with equals sign names the fix" {
	assert_usage_error "unknown option '-=': a short option takes no '=' (write '-t 0.7' or '--temperature=0.7')" -l=final
}

@test "missing option value fails" {
	local option
	for option in -t -k -p -m -n -s --temperature --top-k --top-p \
	    --min-p --count --seed; do
		run -2 --separate-stderr logitsample "$option"
		assert_output ''
		assert_equal "$stderr" "logitsample: option '$option' requires a value
Try 'logitsample --help'."
	done
}

@test "dump with count fails" {
	local args
	local value
	for args in "-d -n 2" "-n 1 -d" "--dump --count=3"; do
		value=${args##*[ =]}
		[ "$value" = -d ] && value=1
		# shellcheck disable=SC2086
		run -2 --separate-stderr logitsample $args "$abcd"
		assert_output ''
		assert_equal "${stderr##*$'\n'}" "Try 'logitsample --help'."
		[[ $stderr == logitsample:*-d/--dump*-n/--count*"'$value'"* ]]
	done
}

@test "greedy with non-zero temperature fails" {
	local args
	local value
	for args in "-g -t 1" "-t 0.5 -g" "--greedy --temperature=2"; do
		value=${args##*[ =]}
		[ "$value" = -g ] && value=0.5
		# shellcheck disable=SC2086
		run -2 --separate-stderr logitsample $args "$abcd"
		assert_output ''
		[[ $stderr == logitsample:*-g/--greedy*-t/--temperature*"'$value'"* ]]
		assert_equal "${stderr##*$'\n'}" "Try 'logitsample --help'."
	done
}

@test "greedy with zero temperature works" {
	local args
	for args in "-g -t 0" "-t 0 -g" "-g -t 0.0"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr logitsample $args "$abcd"
		refute_stderr
		assert_output d
	done
}

@test "usage error precedes file errors" {
	run -2 --separate-stderr logitsample -p 2 /nonexistent/file
	assert_output ''
	[[ $stderr == "logitsample: invalid value '2' for -p/--top-p"* ]]
}

@test "long options match short ones" {
	local short long
	short=$(logitsample -s 8 -n 20 -t 0.9 -k 3 -p 0.95 -m 0.1 "$abcd")
	long=$(logitsample --seed=8 --count 20 --temperature=0.9 --top-k 3 \
	    --top-p=0.95 --min-p 0.1 "$abcd")
	assert_equal "$long" "$short"
	short=$(logitsample -d -g "$abcd")
	long=$(logitsample --dump --greedy "$abcd")
	assert_equal "$long" "$short"
}

@test "long option prefixes" {
	run -0 --separate-stderr logitsample --temp 0 "$abcd"
	assert_output d
	run -2 --separate-stderr logitsample --top 1 "$abcd"
	assert_output ''
	assert_equal "${stderr%%$'\n'*}" \
	    "logitsample: ambiguous option '--top': give more of its name"
	run -2 --separate-stderr logitsample --topx 1 "$abcd"
	assert_equal "${stderr%%$'\n'*}" "logitsample: unknown option '--topx'"
}
