#!/usr/bin/env bats
# Outputs that earlier versions produced for fixed seeds, inputs and
# options.  A change that alters any of them must come with a new
# version: see tests/golden/README.md.

load test_helper

GOLDEN=$BATS_TEST_DIRNAME/golden
REFERENCE=$BATS_TEST_DIRNAME/reference

@test "golden outputs unchanged" {
	run python3 "$REFERENCE/run_corpus.py" "$GOLDEN" \
	    "$BATS_TEST_TMPDIR/actual.out" "$LOGITSAMPLE"
	assert_success
	run python3 "$REFERENCE/compare_outputs.py" "$GOLDEN/expected.out" \
	    "$BATS_TEST_TMPDIR/actual.out"
	assert_success
}

@test "golden outputs match the Python reference" {
	run python3 "$REFERENCE/run_corpus.py" "$GOLDEN" \
	    "$BATS_TEST_TMPDIR/reference.out" python3 \
	    "$REFERENCE/logitsample.py"
	assert_success
	run python3 "$REFERENCE/compare_outputs.py" "$GOLDEN/expected.out" \
	    "$BATS_TEST_TMPDIR/reference.out"
	assert_success
}

@test "golden outputs have no failed runs" {
	run grep -c '^=== .* status 0$' "$GOLDEN/expected.out"
	assert_output "$(wc -l <"$GOLDEN/cases" | tr -d ' ')"
}

@test "golden version is the program version" {
	run logitsample --version
	assert_success
	assert_output "$(cat "$GOLDEN/VERSION")"
}
