#!/usr/bin/env bats
# Memory follows the largest record, not the length of the stream.

setup() {
	load robust_helper
}

@test "peak memory is flat from 10 to 10000 records" {
	[ -x /usr/bin/time ] || skip 'GNU time is not installed'
	# AddressSanitizer keeps freed blocks in a quarantine, and glibc's
	# qsort allocates and frees a scratch buffer for every record it
	# sorts, so a sanitizer build would grow by the quarantine's size.
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0
	run -0 "$BATS_TEST_DIRNAME/memory.sh"
	echo "$output"
	assert_equal "${#lines[@]}" 4
	read -r records small <<<"${lines[0]}"
	assert_equal "$records" 10
	read -r records large <<<"${lines[3]}"
	assert_equal "$records" 10000
	# The figures vary by a few hundred kilobytes from run to run.
	assert [ "$large" -le $((small * 3 / 2 + 512)) ]
}
