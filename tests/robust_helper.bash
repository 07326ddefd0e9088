# Helpers for the hostile-input, extreme-option, failing-output and
# memory suites, on top of the shared test_helper.

load test_helper

# Fail unless file $1 contains exactly the bytes that printf makes of the
# remaining arguments (format and values), NUL bytes included.
assert_file_bytes() {
	local file=$1
	shift
	printf "$@" >"$BATS_TEST_TMPDIR/expected-bytes"
	if ! cmp -s "$BATS_TEST_TMPDIR/expected-bytes" "$file"; then
		echo "file $file differs from the expected bytes:"
		echo "expected:"
		od -c "$BATS_TEST_TMPDIR/expected-bytes" | head -20
		echo "actual:"
		od -c "$file" | head -20
		return 1
	fi
}

# Fail unless the FINAL column of the one-record dump in file $1 matches
# TOKEN=EXPR pairs given in rank order, as assert_dump_column checks them.
assert_final_column() {
	local file=$1
	shift
	assert_dump_column "$(cat "$file")" 5 "$@"
}
