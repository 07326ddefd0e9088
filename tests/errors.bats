#!/usr/bin/env bats
# Data and file errors: status 1, "logitsample: FILE:LINE: what is
# wrong: 'VALUE'", earlier output kept, nothing for the bad record, and
# no processing after the error.

setup() {
	load test_helper
	in=$BATS_TEST_TMPDIR/in
}

@test "bad score names stdin and line" {
	printf 'a 1\nb 2\n\nc 3\nd x9\n' >"$in"
	run -1 --separate-stderr logitsample -g <"$in"
	assert_output b
	assert_equal "$stderr" "logitsample: stdin:5: invalid score: 'x9'"
}

@test "score-only garbage is invalid" {
	printf 'a 1\nzzz\n' >"$in"
	run -1 --separate-stderr logitsample -g "$in"
	assert_output ''
	assert_equal "$stderr" "logitsample: $in:2: invalid score: 'zzz'"
}

@test "quoted value ignores trailing CR" {
	printf 'a bad\r\n' >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_equal "$stderr" "logitsample: $in:1: invalid score: 'bad'"
}

@test "quoted value stops at 40 bytes" {
	local forty=1234567890123456789012345678901234567890
	printf 'a %s\n' "$forty" >"$in"
	# Forty digits are a valid score, so make the last byte wrong.
	printf 'a %sx\n' "${forty:0:39}" >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_equal "$stderr" \
	    "logitsample: $in:1: invalid score: '${forty:0:39}x'"
	printf 'a %sxyz\n' "$forty" >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_equal "$stderr" "logitsample: $in:1: invalid score: '$forty'"
	printf 'a %s\n' "$forty$forty$forty" | tr 0 x >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_equal "$stderr" \
	    "logitsample: $in:1: invalid score: '$(printf %s "$forty" | tr 0 x)'"
}

@test "non-printable bytes become hex" {
	printf 'a\t1\001\037\177\303\251 ~\n' >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_equal "$stderr" \
	    "logitsample: $in:1: invalid score: '1\\x01\\x1F\\x7F\\xC3\\xA9 ~'"
}

@test "hex escapes count input bytes" {
	# Forty-five bytes 0x01: the message shows forty of them.
	head -c 45 /dev/zero | tr '\0' '\001' >"$BATS_TEST_TMPDIR/ctl"
	{ printf 'a\t'; cat "$BATS_TEST_TMPDIR/ctl"; echo; } >"$in"
	run -1 --separate-stderr logitsample "$in"
	local expected
	expected=$(printf '\\x01%.0s' {1..40})
	assert_equal "$stderr" "logitsample: $in:1: invalid score: '$expected'"
}

@test "earlier records stay written" {
	printf 'a 1\n\nb 1\n\nc 1\nd 2\ne bad\nf 3\n\ng 1\n' >"$in"
	run -1 --separate-stderr logitsample -g -n 2 "$in"
	assert_output "$(printf 'a\na\nb\nb')"
	assert_equal "$stderr" "logitsample: $in:7: invalid score: 'bad'"
	run -1 --separate-stderr logitsample -d "$in"
	assert_output "$(printf 'a\t1\t1\t1\t1\n\nb\t1\t1\t1\t1')"
	assert_equal "$stderr" "logitsample: $in:7: invalid score: 'bad'"
}

@test "output is flushed before message" {
	printf 'a 1\n\nb 1\n\nc nan\n' >"$in"
	# Standard output is a pipe here, so it is fully buffered.
	run -0 bash -c '"$1" -g "$2" 2>&1 | cat' _ "$LOGITSAMPLE" "$in"
	assert_output "a
b
logitsample: $in:5: invalid score: 'nan'"
}

@test "output is flushed before later errors" {
	printf 'a 1\n\nx -inf\n\nb 1\n' >"$in"
	run -0 bash -c '"$1" -g "$2" 2>&1 | cat' _ "$LOGITSAMPLE" "$in"
	assert_output "a
logitsample: $in:3: every score in the record is -inf: 'x -inf'"
	run -0 bash -c '"$1" -g "$2" "$3" 2>&1 | cat' _ "$LOGITSAMPLE" "$in" \
	    "$BATS_TEST_TMPDIR/missing"
	assert_output "a
logitsample: $in:3: every score in the record is -inf: 'x -inf'"
	printf 'a 1\n' >"$in"
	run -0 bash -c '"$1" -g "$2" "$3" 2>&1 | cat' _ "$LOGITSAMPLE" "$in" \
	    "$BATS_TEST_TMPDIR/missing"
	assert_output "a
logitsample: $BATS_TEST_TMPDIR/missing: No such file or directory"
}

@test "error stops later files" {
	printf 'a nan\n' >"$BATS_TEST_TMPDIR/bad"
	printf 'b 1\n' >"$BATS_TEST_TMPDIR/good"
	run -1 --separate-stderr logitsample -g "$BATS_TEST_TMPDIR/bad" \
	    "$BATS_TEST_TMPDIR/good"
	assert_output ''
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/bad:1: invalid score: 'nan'"
}

@test "all -inf record names first line" {
	printf 'a 1\n\n\n  x -inf  \r\ny -INF\n\nz 1\n' >"$in"
	run -1 --separate-stderr logitsample -g "$in"
	assert_output a
	assert_equal "$stderr" \
	    "logitsample: $in:4: every score in the record is -inf: '  x -inf'"
	printf 'x\t-inf\n' >"$in"
	run -1 --separate-stderr logitsample -d <"$in"
	assert_output ''
	assert_equal "$stderr" \
	    "logitsample: stdin:1: every score in the record is -inf: 'x\\x09-inf'"
}

@test "all-zero probabilities are masked" {
	printf 'a 0\nb 0\n' >"$in"
	run -1 --separate-stderr logitsample --probs "$in"
	assert_output ''
	assert_equal "$stderr" \
	    "logitsample: $in:1: every probability in the record is 0: 'a 0'"
}

@test "probability must be finite, non-negative" {
	local value
	for value in -0.5 -1e-300 inf +Infinity -inf; do
		printf 'a 0.5\nb %s\n' "$value" >"$in"
		run -1 --separate-stderr logitsample --probs "$in"
		assert_output ''
		assert_equal "$stderr" \
		    "logitsample: $in:2: probability must be finite and not negative: '$value'"
	done
	printf 'a nan\n' >"$in"
	run -1 --separate-stderr logitsample --probs "$in"
	assert_equal "$stderr" "logitsample: $in:1: invalid probability: 'nan'"
	printf 'a 1e999\n' >"$in"
	run -1 --separate-stderr logitsample --probs "$in"
	assert_equal "$stderr" \
	    "logitsample: $in:1: probability out of range: '1e999'"
}

@test "probability zero is accepted" {
	printf 'a 0\nb 1\nc 0.0\nd -0\n' >"$in"
	run -0 --separate-stderr logitsample --probs -d "$in"
	refute_stderr
	assert_dump_column "$output" 5 b=1 a=0 c=0 d=0
	assert_dump_column "$output" 2 b=0 a=-inf c=-inf d=-inf
}

@test "missing file is an error" {
	printf 'a 1\n' >"$in"
	run -1 --separate-stderr logitsample -g "$in" \
	    "$BATS_TEST_TMPDIR/missing"
	assert_output a
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/missing: No such file or directory"
}

@test "directory operand is an error" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	run -1 --separate-stderr logitsample -g "$BATS_TEST_TMPDIR/dir"
	assert_output ''
	assert_regex "$stderr" \
	    "^logitsample: $BATS_TEST_TMPDIR/dir: .*Is a directory\$"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "unreadable file is an error" {
	if [ "$(id -u)" = 0 ]; then
		skip "root can read a file without read permission"
	fi
	printf 'a 1\n' >"$in"
	chmod 000 "$in"
	run -1 --separate-stderr logitsample "$in"
	assert_output ''
	assert_equal "$stderr" "logitsample: $in: Permission denied"
}

@test "control bytes in file names are escaped" {
	local name
	name=$BATS_TEST_TMPDIR/$'bad\033[31mname'
	printf 'a x\n' >"$name"
	run -1 --separate-stderr logitsample "$name"
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/bad\\x1B[31mname:1: invalid score: 'x'"
	run -1 --separate-stderr logitsample "$name.missing"
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/bad\\x1B[31mname.missing: No such file or directory"
}
