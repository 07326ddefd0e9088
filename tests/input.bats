#!/usr/bin/env bats
# Input parsing: the TAB, space and score-only line forms, the score
# grammar, record separation, and reading several files and stdin.

setup() {
	load test_helper
	in=$BATS_TEST_TMPDIR/in
}

@test "TAB form splits at last TAB" {
	printf 'a b\tc\t1.5\nz\t0\n' >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	refute_stderr
	# The token contains a TAB, so it is written escaped.
	assert_output 'a b\tc'
	run -0 logitsample -d "$in"
	assert_dump_column "$output" 2 'a b\tc=1.5' z=0
}

@test "TAB form keeps surrounding spaces" {
	printf '  x  \t  1  \ny\t0\n' >"$in"
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	printf '  x  \n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
	run -0 logitsample -d "$in"
	assert_dump_column "$output" 2 '  x  =1' y=0
}

@test "token of spaces needs TAB form" {
	printf '   \t3\nb 1\n' >"$in"
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	printf '   \n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
}

@test "space form splits at last run" {
	printf ' the -1.5\na b   2\n  lead  0.5\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 'a b=2' '  lead=0.5' ' the=-1.5'
	printf ' the -1.5\n' >"$in"
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	printf ' the\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
}

@test "score-only lines use line position" {
	printf '1.5\n2.5\nx 0.5\n3\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 3=3 1=2.5 0=1.5 x=0.5
	run -0 logitsample -g "$in"
	assert_output 3
}

@test "score-only positions restart per record" {
	printf '5\n\nq 1\n7\n\n  4  \n 9\n' >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	refute_stderr
	assert_output "$(printf '0\n1\n1')"
}

@test "trailing spaces and CR ignored" {
	printf 'a 1  \r\nb\t2\r\nc 1.5\r   \nd\t0.5 \r \n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 b=2 c=1.5 a=1 d=0.5
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	printf 'b\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
}

@test "CRLF file reads like LF" {
	printf 'a\t1\r\nb\t2\r\n\r\nc 3\r\nd 1\r\n' >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	refute_stderr
	assert_output "$(printf 'b\nc')"
}

@test "second trailing CR is rejected" {
	printf 'a 1\r\r\n' >"$in"
	run -1 --separate-stderr logitsample -g "$in"
	assert_output ''
	assert_equal "$stderr" "logitsample: $in:1: invalid score: '1\x0D'"
}

@test "infinity spellings are accepted" {
	printf 'p inf\nq Infinity\nr +INF\ns INFINITY\nt -inf\nu -Infinity\nv 0\nw iNfInItY\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 p=inf q=inf r=inf s=inf w=inf v=0 \
	    t=-inf u=-inf
	assert_dump_column "$output" 5 p=0.2 q=0.2 r=0.2 s=0.2 w=0.2 v=0 \
	    t=0 u=0
}

@test "score grammar accepts decimal forms" {
	printf '%s\n' 'a 5' 'b 5.' 'c .5' 'd 5.25' 'e 1e-3' 'f 1E+07' \
	    'g +2' 'h -0.5' 'i 007' 'j 0' 'k 1.5E-2' 'l 1e3' 'm -.25e1' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 f=1e7 l=1000 i=7 d=5.25 a=5 b=5 g=2 \
	    c=0.5 k=0.015 e=0.001 j=0 h=-0.5 m=-2.5
}

@test "score grammar rejects malformed values" {
	local value
	for value in nan NaN -nan +nan 0x1p3 0X10 1.5x - + . 1,5 e5 1e \
	    1e+ .e1 --1 1..2 1e5.5 inf5 infinit infinityy '1 2' 5f 1e-3x; do
		printf 'a\t%s\nb 1\n' "$value" >"$in"
		run -1 --separate-stderr logitsample -d "$in"
		assert_output ''
		assert_equal "$stderr" \
		    "logitsample: $in:1: invalid score: '$value'"
	done
}

@test "empty score is rejected" {
	printf 'a\t\n' >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_output ''
	assert_equal "$stderr" "logitsample: $in:1: invalid score: ''"
	printf 'a\t   \n' >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_equal "$stderr" "logitsample: $in:1: invalid score: ''"
}

@test "overflowing score is rejected" {
	local value
	for value in 1e999 -1e999 1.8e308 -2e308; do
		printf 'a %s\n' "$value" >"$in"
		run -1 --separate-stderr logitsample -d "$in"
		assert_output ''
		assert_equal "$stderr" \
		    "logitsample: $in:1: score out of range: '$value'"
	done
}

@test "largest double is accepted" {
	printf 'a 1.7976931348623157e308\nb -1.7976931348623157e308\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 a=1.7976931348623157e308 \
	    b=-1.7976931348623157e308
	assert_dump_column "$output" 5 a=1 b=0
}

@test "underflow rounds to nearest double" {
	printf 'a 1e-400\nb 0\nc 4.9e-324\nd 2e-324\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 c=5e-324 a=0 b=0 d=0
}

@test "blank lines separate records" {
	printf 'a 1\n\nb 1\n   \nc 1\n\r\nd 1\n \r \ne 1\n\n\n\n \n\r\nf 1\n' >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	refute_stderr
	assert_output "$(printf 'a\nb\nc\nd\ne\nf')"
}

@test "leading and trailing blanks add nothing" {
	printf '\n \n\r\na 1\n\n\n \n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_output "$(printf 'a\t1\t1\t1\t1')"
}

@test "empty input gives no output" {
	run -0 --separate-stderr logitsample -g </dev/null
	refute_stderr
	assert_output ''
	printf '\n\n \r\n\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_output ''
}

@test "last line may lack newline" {
	printf 'a 1\nb 2' >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	refute_stderr
	assert_output b
}

@test "end of file ends a record" {
	printf 'a 1\nb 2\n' >"$BATS_TEST_TMPDIR/f1"
	printf 'c 3' >"$BATS_TEST_TMPDIR/f2"
	printf 'd 0\n' >"$BATS_TEST_TMPDIR/f3"
	run -0 --separate-stderr logitsample -g "$BATS_TEST_TMPDIR/f1" \
	    "$BATS_TEST_TMPDIR/f2" "$BATS_TEST_TMPDIR/f3"
	refute_stderr
	assert_output "$(printf 'b\nc\nd')"
}

@test "dash reads standard input in place" {
	printf 'a 1\n' >"$BATS_TEST_TMPDIR/f1"
	printf 'b 1\n\nc 1\n' >"$in"
	printf 'd 1\n' >"$BATS_TEST_TMPDIR/f2"
	run -0 --separate-stderr logitsample -g "$BATS_TEST_TMPDIR/f1" - \
	    "$BATS_TEST_TMPDIR/f2" <"$in"
	refute_stderr
	assert_output "$(printf 'a\nb\nc\nd')"
}

@test "second dash reads what is left" {
	printf 'b 1\n\nc 1\n' >"$in"
	printf 'a 1\n' >"$BATS_TEST_TMPDIR/f1"
	run -0 --separate-stderr logitsample -g - "$BATS_TEST_TMPDIR/f1" - \
	    <"$in"
	refute_stderr
	assert_output "$(printf 'b\nc\na')"
	# Through a pipe as well: the second dash finds end of file at once.
	run -0 --separate-stderr bash -c \
	    'cat "$1" | "$2" -g - -' _ "$in" "$LOGITSAMPLE"
	refute_stderr
	assert_output "$(printf 'b\nc')"
}

@test "line numbers count per file" {
	printf 'a 1\nb 2\n\nc 3\n' >"$BATS_TEST_TMPDIR/f1"
	printf 'x 1\ny bad\n' >"$BATS_TEST_TMPDIR/f2"
	run -1 --separate-stderr logitsample -g "$BATS_TEST_TMPDIR/f1" \
	    "$BATS_TEST_TMPDIR/f2"
	assert_output "$(printf 'b\nc')"
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/f2:2: invalid score: 'bad'"
	run -1 --separate-stderr logitsample -g "$BATS_TEST_TMPDIR/f1" - \
	    <"$BATS_TEST_TMPDIR/f2"
	assert_equal "$stderr" "logitsample: stdin:2: invalid score: 'bad'"
}

@test "numbers use C locale always" {
	local name
	name=$(find_decimal_comma_locale)
	if [ -z "$name" ]; then
		skip "no installed locale has a decimal comma"
	fi
	printf 'a 1.5\nb 0.25\n' >"$in"
	LC_ALL=$name run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 a=1.5 b=0.25
	assert_line --index 0 --regexp $'^a\t1\\.5\t0\\.7'
	printf 'a 1,5\n' >"$in"
	LC_ALL=$name run -1 --separate-stderr logitsample -d "$in"
	assert_equal "$stderr" "logitsample: $in:1: invalid score: '1,5'"
	LC_ALL=$name run -2 --separate-stderr logitsample -p 0,5 "$in"
	assert_output ''
}

@test "duplicates are separate candidates" {
	printf 'x 1\nx 1\ny 1\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 5 x=1/3 x=1/3 y=1/3
	run -0 logitsample -s 6 -n 300 "$in"
	assert_line x
	assert_line y
}

@test "empty token in TAB form" {
	printf '\t5\nb 1\n' >"$in"
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	printf '\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
	run -0 logitsample -d "$in"
	assert_dump_column "$output" 2 =5 b=1
}

@test "tokens are opaque bytes" {
	printf '\xff\xfe\xc3\xa9\x01 2\nb 1\n' >"$in"
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	printf '\xff\xfe\xc3\xa9\x01\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
}

@test "long token passes through" {
	# Longer than the reader's first buffer, so the line spans reads.
	head -c 300000 /dev/zero | tr '\0' 'q' >"$BATS_TEST_TMPDIR/token"
	{ cat "$BATS_TEST_TMPDIR/token"; printf ' 9\nb 1\n'; } >"$in"
	logitsample -g "$in" >"$BATS_TEST_TMPDIR/out"
	{ cat "$BATS_TEST_TMPDIR/token"; echo; } >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
}

@test "large record spans many reads" {
	# 200000 score-only lines; the best is the last one.
	seq 200000 >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	refute_stderr
	assert_output 199999
}
