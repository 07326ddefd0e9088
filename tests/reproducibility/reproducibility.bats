#!/usr/bin/env bats
# The slow reproducibility checks, as one TAP suite for CI. They are not
# part of `make test`, which runs only the .bats files directly in tests/.
# Each test runs a make target; on failure its output shows the cases or
# ulp figures that failed.

load ../test_helper

ROOT=$BATS_TEST_DIRNAME/../..

@test "det_exp and det_log within 2 ulps" {
	run make -C "$ROOT" --no-print-directory check-dmath
	assert_success
	assert_output --partial "ok: det_exp max"
}

@test "all builds agree on the corpus" {
	run make -C "$ROOT" --no-print-directory check-matrix
	assert_success
}

@test "reference agrees on the corpus" {
	run make -C "$ROOT" --no-print-directory check-reference
	assert_success
}
