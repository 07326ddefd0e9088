#!/usr/bin/env bats
# Outputs that fail and inputs that cannot be read.  A write error gives
# exactly one message and status 1; a reader that goes away ends the
# program quietly; an unreadable input is a read error naming it.

setup() {
	load robust_helper
	make_abcd_files
	full_message='logitsample: write error: No space left on device'
}

# Run the program with standard output on /dev/full.
run_to_full() {
	[ -w /dev/full ] || skip '/dev/full is not available'
	run --separate-stderr bash -c '"$@" >/dev/full' sh "$LOGITSAMPLE" "$@"
}

# bats test_tags=valgrind
@test "/dev/full at exit gives one message" {
	run_to_full -s 1 "$abcd"
	assert_equal "$status" 1
	assert_equal "$stderr" "$full_message"
}

# bats test_tags=valgrind
@test "/dev/full during draws gives one message" {
	run_to_full -s 1 -n 1000000 "$abcd"
	assert_equal "$status" 1
	assert_equal "$stderr" "$full_message"
}

@test "/dev/full for dump gives one message" {
	run_to_full -d "$abcd" "$abcd"
	assert_equal "$status" 1
	assert_equal "$stderr" "$full_message"
}

@test "/dev/full for --help and --version" {
	run_to_full --help
	assert_equal "$status" 1
	assert_equal "$stderr" "$full_message"
	run_to_full --version
	assert_equal "$status" 1
	assert_equal "$stderr" "$full_message"
}

@test "/dev/full before a read gives one message" {
	# The output of the first record is flushed before the next read
	# of standard input, and that flush fails.
	[ -w /dev/full ] || skip '/dev/full is not available'
	run --separate-stderr bash -c \
	    '{ printf "a 1\n\n"; sleep 0.2; printf "b 1\n"; } |
	    "$1" -s 1 >/dev/full' sh "$LOGITSAMPLE"
	assert_equal "$status" 1
	assert_equal "$stderr" "$full_message"
}

# bats test_tags=valgrind
@test "/dev/full keeps the message of a missing file" {
	[ -w /dev/full ] || skip '/dev/full is not available'
	run --separate-stderr bash -c '"$1" -s 1 "$2" "$3" >/dev/full' sh \
	    "$LOGITSAMPLE" "$abcd" "$BATS_TEST_TMPDIR/missing"
	assert_equal "$status" 1
	assert_equal "$stderr" \
	    "logitsample: $BATS_TEST_TMPDIR/missing: No such file or directory"
}

@test "closed standard output is a write error" {
	run -1 --separate-stderr bash -c '"$1" -s 1 "$2" >&-' sh \
	    "$LOGITSAMPLE" "$abcd"
	assert_equal "$stderr" 'logitsample: write error: Bad file descriptor'
}

# Run `logitsample -s 1 -n 100000000 abcd | head -n 1` with SIGPIPE set
# by env option $1, and print the program's status, the nanoseconds
# between head's exit and the program's, and then head's output.
run_into_head() {
	run --separate-stderr bash -c '
		"$1" "$2" "$3" -s 1 -n 100000000 "$4" |
		    { head -n 1; date +%s%N >"$5"; }
		status=${PIPESTATUS[0]}
		end=$(date +%s%N)
		echo "$status $((end - $(cat "$5")))"
	' sh env "$1" "$LOGITSAMPLE" "$abcd" "$BATS_TEST_TMPDIR/head-exit"
}

@test "reader that exits ends the program quietly" {
	run_into_head --default-signal=PIPE
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" "$(reference_draws 1 1 1 "$abcd")"
	# Killed by SIGPIPE (128 + 13) within a second of head's exit.
	read -r program_status delay <<<"${lines[1]}"
	assert_equal "$program_status" 141
	assert [ "$delay" -lt 1000000000 ]
}

@test "ignored SIGPIPE also ends the program quietly" {
	# With SIGPIPE ignored, the write fails with EPIPE instead: status
	# 1 and no message, so the pipeline's log stays clean.
	run_into_head --ignore-signal=PIPE
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	assert_equal "${lines[0]}" "$(reference_draws 1 1 1 "$abcd")"
	read -r program_status delay <<<"${lines[1]}"
	assert_equal "$program_status" 1
	assert [ "$delay" -lt 1000000000 ]
}

@test "ten million draws take under 10 seconds" {
	local start end
	start=$(date +%s%N)
	run -0 --separate-stderr bash -c '"$1" -s 1 -n 10000000 "$2" >/dev/null' \
	    sh "$LOGITSAMPLE" "$abcd"
	end=$(date +%s%N)
	assert_equal "$stderr" ''
	echo "elapsed: $(((end - start) / 1000000)) ms"
	assert [ "$((end - start))" -lt 10000000000 ]
}

# bats test_tags=valgrind
@test "closed standard input is a read error" {
	run -1 --separate-stderr bash -c '"$1" -s 1 <&-' sh "$LOGITSAMPLE"
	assert_output ''
	assert_equal "$stderr" 'logitsample: stdin: read error: Bad file descriptor'
}

@test "write-only standard input is a read error" {
	run -1 --separate-stderr bash -c '"$1" -s 1 "$2" - 0>"$3"' sh \
	    "$LOGITSAMPLE" "$abcd" "$BATS_TEST_TMPDIR/write-only"
	assert_output 'd'
	assert_equal "$stderr" 'logitsample: stdin: read error: Bad file descriptor'
}

@test "unreadable file is an error" {
	[ "$(id -u)" -ne 0 ] || skip 'root reads files without read permission'
	cp "$abcd" "$in"
	chmod 000 "$in"
	run -1 --separate-stderr logitsample -s 1 "$abcd" "$in"
	assert_output 'd'
	assert_equal "$stderr" "logitsample: $in: Permission denied"
}

@test "second stdin operand reads nothing more" {
	run -0 --separate-stderr logitsample -s 1 - - <"$abcd"
	assert_output "$(reference_draws 1 1 1 "$abcd")"
	assert_equal "$stderr" ''
}
