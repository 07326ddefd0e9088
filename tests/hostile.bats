#!/usr/bin/env bats
# Hostile input: bytes that break naive line readers and number parsers.
# Every case gets a correct result or a data error with status 1 and the
# exact message, and the records before an error stay written.
#
# The two-token record "a 1", "b 2" has the weights e^-1 and 1, so its
# probabilities are e^-1/W = 0.2689414213699951 and 1/W =
# 0.7310585786300049 with W = 1 + e^-1 (computed with Python's math.exp).

setup() {
	load robust_helper
	make_abcd_files
	p_low=0.2689414213699951
	p_high=0.7310585786300049
}

# bats test_tags=valgrind
@test "NUL byte inside a token passes through" {
	printf 'a\0b 1\nc 2\n' >"$in"
	logitsample -d "$in" >"$out"
	assert_file_bytes "$out" 'c\t2\t%s\t%s\t%s\na\0b\t1\t%s\t1\t%s\n\n' \
	    $p_high $p_high $p_high $p_low $p_low
}

@test "NUL byte token is drawn with its bytes" {
	printf 'a\0b 1\nc -inf\n' >"$in"
	logitsample -s 1 -n 2 "$in" >"$out"
	assert_file_bytes "$out" 'a\0b\na\0b\n'
}

# bats test_tags=valgrind
@test "NUL byte inside a score is invalid" {
	printf 'x 1\n\na 1\0\nb 2\n' >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output 'x'
	assert_equal "$stderr" "logitsample: $in:3: invalid score: '1\\x00'"
}

# bats test_tags=valgrind
@test "invalid UTF-8 tokens pass through" {
	printf '\xff\xfe 1\n\xc3\x28\t2\n' >"$in"
	logitsample -d "$in" >"$out"
	assert_file_bytes "$out" \
	    '\xc3\x28\t2\t%s\t%s\t%s\n\xff\xfe\t1\t%s\t1\t%s\n\n' \
	    $p_high $p_high $p_high $p_low $p_low
}

@test "invalid UTF-8 in a bad score is quoted as hex" {
	printf 'a 1\xff\xfe\n' >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_output ''
	assert_equal "$stderr" "logitsample: $in:1: invalid score: '1\\xFF\\xFE'"
}

# bats test_tags=valgrind
@test "10 MB token is read whole" {
	head -c 10485760 /dev/zero | tr '\0' x >"$in"
	printf ' 1\nb 2\n' >>"$in"
	logitsample -d "$in" >"$out"
	run -0 awk -F '\t' '{ print NR, length($1), $2, $3 }' "$out"
	assert_line -n 0 "1 1 2 $p_high"
	assert_line -n 1 "2 10485760 1 $p_low"
	assert_line -n 2 '3 0  '
	assert_equal "${#lines[@]}" 3
}

@test "10 MB score is quoted to 40 bytes" {
	{
		printf 'a 1\n\nb '
		head -c 10485760 /dev/zero | tr '\0' 7
		printf 'x\n'
	} >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output 'a'
	assert_equal "$stderr" \
	    "logitsample: $in:3: invalid score: '7777777777777777777777777777777777777777'"
}

# bats test_tags=valgrind
@test "10 MB of digits overflows a double" {
	{
		printf 'a '
		head -c 10485760 /dev/zero | tr '\0' 9
		printf '\n'
	} >"$in"
	run -1 --separate-stderr logitsample "$in"
	assert_output ''
	assert_equal "$stderr" \
	    "logitsample: $in:1: score out of range: '9999999999999999999999999999999999999999'"
}

@test "1,000,000-token record ranks ties by line" {
	# Scores repeat 0..999, so the best score 999 first appears on
	# t999, then on t1999, t2999 and so on.
	awk 'BEGIN { for (i = 0; i < 1000000; i++) print "t" i, i % 1000 }' \
	    >"$in"
	run -0 --separate-stderr logitsample -g "$in"
	assert_output 't999'
	assert_equal "$stderr" ''
	run -0 --separate-stderr logitsample -s 5 -n 3 -k 1 "$in"
	assert_output $'t999\nt999\nt999'
	# Min-p 0.5 keeps the 1000 tokens scored 999, whose weight is 1;
	# every other token weighs e^-1 or less.  2000 uniform draws from
	# 1000 tokens show about 865 distinct ones; fewer than 700 has a
	# probability far below one in a million.
	logitsample -s 5 -n 2000 -m 0.5 "$in" >"$out"
	run -0 awk '!/^t[0-9]*999$/ { bad++ } END { print NR, bad + 0 }' "$out"
	assert_output '2000 0'
	run -0 awk '!seen[$0]++ { n++ } END { print (n >= 700) }' "$out"
	assert_output 1
}

# bats test_tags=valgrind
@test "line of only a TAB is an empty score" {
	printf 'x 1\n\n\t\n' >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output 'x'
	assert_equal "$stderr" "logitsample: $in:3: invalid score: ''"
}

@test "token of only spaces needs the TAB form" {
	printf '   \t1\n' >"$in"
	logitsample -d "$in" >"$out"
	assert_file_bytes "$out" '   \t1\t1\t1\t1\n\n'
	# Without a TAB the spaces are leading spaces of a score-only line,
	# whose token is its position in the record.  The probabilities are
	# 1/W and e^-4/W with W = 1 + e^-4 (Python: 0.9820137900379085 and
	# 0.017986209962091555).
	printf '   1\n  \t 5\n' >"$in"
	logitsample -d "$in" >"$out"
	assert_file_bytes "$out" '  \t5\t%s\t%s\t%s\n0\t1\t%s\t1\t%s\n\n' \
	    0.9820137900379085 0.9820137900379085 0.9820137900379085 \
	    0.017986209962091555 0.017986209962091555
}

# Each malformed score, with the message it must produce.  The record
# before it is written; nothing of the bad record is.
check_bad_score() {
	local score=$1 what=$2

	printf 'x 1\n\na 1\nb %s\n' "$score" >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output 'x'
	assert_equal "$stderr" "logitsample: $in:4: $what: '$score'"
}

# bats test_tags=valgrind
@test "score with trailing garbage is invalid" {
	check_bad_score 1.5abc 'invalid score'
}

@test "lone sign is an invalid score" {
	check_bad_score + 'invalid score'
	check_bad_score - 'invalid score'
}

# bats test_tags=valgrind
@test "1e999 is out of range" {
	check_bad_score 1e999 'score out of range'
}

@test "-1e999 is out of range" {
	check_bad_score -1e999 'score out of range'
}

@test "nan is an invalid score" {
	check_bad_score nan 'invalid score'
	check_bad_score NaN 'invalid score'
	check_bad_score -nan 'invalid score'
}

@test "hexadecimal float is an invalid score" {
	check_bad_score 0x1p3 'invalid score'
}

@test "decimal comma is an invalid score" {
	check_bad_score 1,5 'invalid score'
}

# bats test_tags=valgrind
@test "record of only -inf is a data error" {
	printf 'x 1\n\n\n  a   -inf  \r\nb -inf\n\ny 2\n' >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output 'x'
	assert_equal "$stderr" \
	    "logitsample: $in:4: every score in the record is -inf: '  a   -inf'"
}

# bats test_tags=valgrind
@test "+inf among finite scores takes all mass" {
	printf 'a 1\nb inf\nc 1e308\nd +Infinity\n' >"$in"
	logitsample -d "$in" >"$out"
	assert_file_bytes "$out" '%s\n' \
	    'b	inf	0.5	0.5	0.5' 'd	inf	0.5	1	0.5' \
	    'c	1e+308	0	1	0' 'a	1	0	1	0' ''
	logitsample -s 3 -n 1000 -t 100 "$in" >"$out"
	run -0 sort "$out"
	run -0 uniq -c <<<"$output"
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --regexp '^ *[0-9]+ b$'
	assert_line -n 1 --regexp '^ *[0-9]+ d$'
}

@test "-inf with -t 0 is never chosen" {
	printf 'a -inf\nb -5\nc -inf\n' >"$in"
	run -0 --separate-stderr logitsample -t 0 -n 3 "$in"
	assert_output $'b\nb\nb'
	logitsample -d -t 0 "$in" >"$out"
	assert_file_bytes "$out" '%s\n' 'b	-5	1	1	1' 'a	-inf	0	1	0' \
	    'c	-inf	0	1	0' ''
	printf 'a -inf\nb -inf\n' >"$in"
	run -1 --separate-stderr logitsample -t 0 "$in"
	assert_output ''
	assert_equal "$stderr" \
	    "logitsample: $in:1: every score in the record is -inf: 'a -inf'"
}

# bats test_tags=valgrind
@test "last line without newline is read" {
	printf 'a 1\nb 2' >"$in"
	logitsample -d "$in" >"$out"
	assert_file_bytes "$out" 'b\t2\t%s\t%s\t%s\na\t1\t%s\t1\t%s\n\n' \
	    $p_high $p_high $p_high $p_low $p_low
	printf 'a 1\n\nb 2x' >"$in"
	run -1 --separate-stderr logitsample -s 1 "$in"
	assert_output 'a'
	assert_equal "$stderr" "logitsample: $in:3: invalid score: '2x'"
}

@test "only blank lines give no output" {
	printf '\n\n   \n\r\n \r \n\n' >"$in"
	run -0 --separate-stderr logitsample "$in"
	assert_output ''
	assert_equal "$stderr" ''
	run -0 --separate-stderr logitsample -d "$in"
	assert_output ''
	assert_equal "$stderr" ''
}

# bats test_tags=valgrind
@test "CRLF input reads like LF input" {
	printf 'a 1\nb 2\n\nc 3\n' >"$in"
	logitsample -d "$in" >"$BATS_TEST_TMPDIR/lf"
	printf 'a 1\r\nb 2\r\n\r\nc 3\r\n' >"$in"
	logitsample -d "$in" >"$out"
	run -0 cmp "$BATS_TEST_TMPDIR/lf" "$out"
	assert_file_bytes "$out" '%s\n' "b	2	$p_high	$p_high	$p_high" \
	    "a	1	$p_low	1	$p_low" '' 'c	3	1	1	1' ''
}

@test "CR inside a token is kept" {
	printf 'a\rb 1\r\n' >"$in"
	logitsample -s 1 "$in" >"$out"
	assert_file_bytes "$out" 'a\rb\n'
}

# bats test_tags=valgrind
@test "missing file is an error" {
	run -1 --separate-stderr logitsample "$BATS_TEST_TMPDIR/missing"
	assert_output ''
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/missing: No such file or directory"
}

# bats test_tags=valgrind
@test "directory operand is an error" {
	run -1 --separate-stderr logitsample -s 1 "$abcd" "$BATS_TEST_TMPDIR"
	assert_output 'd'
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR: read error: Is a directory"
}

# bats test_tags=valgrind
@test "good then bad files keep the good output" {
	printf 'a 1\n\nb 2\n' >"$BATS_TEST_TMPDIR/good"
	printf 'c 1\n\nd 1\ne oops\n' >"$BATS_TEST_TMPDIR/bad"
	run -1 --separate-stderr logitsample -s 1 "$BATS_TEST_TMPDIR/good" \
	    "$BATS_TEST_TMPDIR/bad" "$BATS_TEST_TMPDIR/good"
	# Line numbers count from 1 in each file.
	assert_output $'a\nb\nc'
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/bad:4: invalid score: 'oops'"
}

@test "good file then missing file keeps the good output" {
	run -1 --separate-stderr logitsample -d "$abcd" \
	    "$BATS_TEST_TMPDIR/missing" "$abcd"
	assert_equal "${#lines[@]}" 4
	assert_line -n 0 --regexp $'^d\t'
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/missing: No such file or directory"
}

@test "bad stdin record after good ones" {
	run -1 --separate-stderr logitsample -s 1 - <<<$'a 1\n\nb 2\n\n\t\tc 1x'
	assert_output $'a\nb'
	assert_equal "$stderr" "logitsample: stdin:5: invalid score: 'c 1x'"
}
