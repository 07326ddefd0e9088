#!/usr/bin/env bats
# Number formatting checked in-process against a slower definition.

load test_helper

@test "shortest format exact on powers of two" {
	cc -std=c11 -O2 -ffp-contract=off -o "$BATS_TEST_TMPDIR/format_powers" \
	    "$BATS_TEST_DIRNAME/format_powers.c" \
	    "$BATS_TEST_DIRNAME/../src/number.c" -lm
	run "$BATS_TEST_TMPDIR/format_powers"
	assert_success
	assert_output "4196 checked, 0 mismatches"
}
