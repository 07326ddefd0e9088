#!/usr/bin/env bats
# Number formatting checked in-process against a slower definition.

load test_helper

@test "shortest format exact on powers of two" {
	cc -std=c11 -O2 -ffp-contract=off -o "$BATS_TEST_TMPDIR/format_powers" \
	    "$BATS_TEST_DIRNAME/format_powers.c" \
	    "$BATS_TEST_DIRNAME/../src/number.c" \
	    "$BATS_TEST_DIRNAME/../src/shortest.c" -lm
	run "$BATS_TEST_TMPDIR/format_powers"
	assert_success
	assert_output "4196 checked, 0 mismatches"
}

# Builds tests/format_identity.c with the extra flags in $1 and runs it.
run_format_identity() {
	cc -std=c11 -O2 -ffp-contract=off $1 \
	    -o "$BATS_TEST_TMPDIR/format_identity" \
	    "$BATS_TEST_DIRNAME/format_identity.c" \
	    "$BATS_TEST_DIRNAME/../src/number.c" \
	    "$BATS_TEST_DIRNAME/../src/shortest.c" -lm
	run "$BATS_TEST_TMPDIR/format_identity" "$2" 5
}

@test "shortest format matches printf and strtod on every family of values" {
	run_format_identity "" 4000
	assert_success
	assert_output --regexp '^[1-9][0-9]{5,} checked, 0 mismatches$'
}

@test "shortest format without a 128-bit type gives the same digits" {
	run_format_identity "-DSHORTEST_NO_INT128" 1000
	assert_success
	assert_output --regexp '^[1-9][0-9]{4,} checked, 0 mismatches$'
}

@test "shortest format under the address and undefined-behaviour sanitizers" {
	run_format_identity "-fsanitize=address,undefined -fno-sanitize-recover=all" 1000
	assert_success
	assert_output --regexp '^[1-9][0-9]{4,} checked, 0 mismatches$'
}
