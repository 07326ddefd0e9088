#!/usr/bin/env bats
# Sampling: seeds, the per-record generator, and draw frequencies.  The
# frequency tests draw 100000 tokens with a fixed seed and apply a
# chi-square test whose false-failure probability is below 1e-6.

setup() {
	load test_helper
	make_abcd_files
}

@test "same seed gives same output" {
	local first
	run -0 logitsample -s 42 -n 100 "$REAL_LOGITS/01-the-file-is.tsv"
	first=$output
	run -0 logitsample -s 42 -n 100 "$REAL_LOGITS/01-the-file-is.tsv"
	assert_output "$first"
	assert_equal "${#lines[@]}" 100
}

@test "different seeds give different sequences" {
	local first
	run -0 logitsample -s 1 -n 100 "$abcd"
	first=$output
	run -0 logitsample -s 2 -n 100 "$abcd"
	refute_output "$first"
	assert_equal "${#lines[@]}" 100
}

@test "seed accepts both ends of range" {
	local first
	run -0 --separate-stderr logitsample -s 0 -n 100 "$abcd"
	refute_stderr
	first=$output
	run -0 --separate-stderr logitsample -s 18446744073709551615 -n 100 \
	    "$abcd"
	refute_stderr
	refute_output "$first"
	assert_equal "${#lines[@]}" 100
}

@test "verbose prints the given seed" {
	run -0 --separate-stderr logitsample -v -s 18446744073709551615 -g \
	    "$abcd"
	assert_output d
	assert_equal "${stderr%%$'\n'*}" \
	    "logitsample: seed 18446744073709551615"
}

@test "unseeded run reports a reusable seed" {
	local seed1 seed2 draws
	run -0 --separate-stderr logitsample -v -n 50 "$abcd"
	[[ ${stderr%%$'\n'*} =~ ^logitsample:\ seed\ ([0-9]+)$ ]]
	seed1=${BASH_REMATCH[1]}
	draws=$output
	run -0 --separate-stderr logitsample -s "$seed1" -n 50 "$abcd"
	refute_stderr
	assert_output "$draws"
	run -0 --separate-stderr logitsample -v -n 1 "$abcd"
	[[ ${stderr%%$'\n'*} =~ ^logitsample:\ seed\ ([0-9]+)$ ]]
	seed2=${BASH_REMATCH[1]}
	[ "$seed1" != "$seed2" ]
}

@test "draws match reference generator" {
	local r0=$BATS_TEST_TMPDIR/r0 r1=$BATS_TEST_TMPDIR/r1
	printf 'x\t0\ny\t-0.5\nz\t1.25\n' >"$r1"
	cp "$abcd" "$r0"
	run -0 reference_draws 20240601 300 1 "$r0" "$r1" "$r0"
	local expected=$output
	run -0 --separate-stderr logitsample -s 20240601 -n 300 \
	    "$r0" "$r1" "$r0"
	refute_stderr
	assert_output "$expected"
	assert_equal "${#lines[@]}" 900
}

@test "draws match reference at temperature" {
	run -0 reference_draws 7 500 0.7 \
	    "$REAL_LOGITS/03-see-also.tsv"
	local expected=$output
	run -0 logitsample -s 7 -n 500 -t 0.7 "$REAL_LOGITS/03-see-also.tsv"
	assert_output "$expected"
}

@test "draw frequencies match FINAL" {
	local draws=$BATS_TEST_TMPDIR/draws
	logitsample -s 12345 -n 100000 "$abcd" >"$draws"
	run -0 chi_square_test a=0.1 b=0.2 c=0.3 d=0.4 <"$draws"
	# The same bound rejects a distribution 0.01 away on two tokens.
	run -1 chi_square_test a=0.11 b=0.19 c=0.3 d=0.4 <"$draws"
}

@test "top-k draw frequencies match FINAL" {
	local draws=$BATS_TEST_TMPDIR/draws
	logitsample -s 99 -n 100000 -k 3 "$abcd" >"$draws"
	run -0 chi_square_test a=0 b=2/9 c=3/9 d=4/9 <"$draws"
	run -1 chi_square_test a=0 b=0.21 c=0.34 d=0.45 <"$draws"
	run -1 grep -c '^a$' "$draws"
	assert_output 0
}

@test "top-p draw frequencies match FINAL" {
	local draws=$BATS_TEST_TMPDIR/draws
	logitsample -s 5 -n 100000 -p 0.7 "$abcd" >"$draws"
	run -0 chi_square_test a=0 b=0 c=3/7 d=4/7 <"$draws"
	run -1 chi_square_test a=0 b=0 c=0.5 d=0.5 <"$draws"
	run -1 grep -c '^[ab]$' "$draws"
	assert_output 0
}

@test "dropped token fails the test" {
	# Draws from the untruncated record contain a, which top-k 3 drops.
	logitsample -s 12345 -n 1000 "$abcd" >"$BATS_TEST_TMPDIR/draws"
	run -2 chi_square_test a=0 b=2/9 c=3/9 d=4/9 <"$BATS_TEST_TMPDIR/draws"
}

@test "real file draws match softmax" {
	# The ten best logits of the file at temperature 0.8, computed here.
	local file=$REAL_LOGITS/04-this-option.tsv pairs
	pairs=$("$PYTHON" - "$file" <<-'EOF'
	import sys
	from math import exp
	rows = [line.rstrip("\n").rsplit("\t", 1) for line in open(sys.argv[1])]
	ranked = sorted(range(len(rows)), key=lambda i: (-float(rows[i][1]), i))
	top = ranked[:10]
	zmax = float(rows[top[0]][1])
	for i in top:
	    print(f"{rows[i][0]}={exp((float(rows[i][1]) - zmax) / 0.8)!r}")
	EOF
	)
	local -a expected
	mapfile -t expected <<<"$pairs"
	assert_equal "${#expected[@]}" 10
	logitsample -s 2718 -n 100000 -t 0.8 -k 10 "$file" \
	    >"$BATS_TEST_TMPDIR/draws"
	run -0 chi_square_test "${expected[@]}" <"$BATS_TEST_TMPDIR/draws"
	# Without the temperature the frequencies no longer fit.
	expected=("${expected[@]/%/**0.8}")
	run -1 chi_square_test "${expected[@]}" <"$BATS_TEST_TMPDIR/draws"
}

@test "zero weight token never drawn" {
	printf 'a 0\nb -1000\nc 0\n' >"$in"
	run -0 logitsample -s 4 -n 20000 "$in"
	refute_line b
	assert_line a
	assert_line c
}

@test "count continues one generator" {
	local first
	run -0 logitsample -s 77 -n 1 "$abcd"
	first=$output
	run -0 logitsample -s 77 -n 40 "$abcd"
	assert_equal "${lines[0]}" "$first"
	assert_equal "${#lines[@]}" 40
}

@test "stream answers each record in order" {
	printf 'x1 0\nx2 0\n\ny1 0\ny2 0\n\nz1 0\nz2 0\n' >"$in"
	run -0 --separate-stderr logitsample -s 3 -n 4 "$in"
	refute_stderr
	assert_equal "${#lines[@]}" 12
	local i
	for i in 0 1 2 3; do
		assert_regex "${lines[i]}" '^x[12]$'
		assert_regex "${lines[i + 4]}" '^y[12]$'
		assert_regex "${lines[i + 8]}" '^z[12]$'
	done
}

@test "records are numbered across files" {
	local joined=$BATS_TEST_TMPDIR/joined
	{ cat "$abcd"; echo; cat "$abcd"; } >"$joined"
	run -0 logitsample -s 5 -n 30 "$joined"
	local expected=$output
	run -0 logitsample -s 5 -n 30 "$abcd" "$abcd"
	assert_output "$expected"
	# Record 1 has its own generator, so its draws differ from record 0's.
	assert_equal "${#lines[@]}" 60
	[ "${lines[*]:0:30}" != "${lines[*]:30:30}" ]
}

@test "forced record keeps later draws" {
	local normal=$BATS_TEST_TMPDIR/normal
	local single=$BATS_TEST_TMPDIR/single infinite=$BATS_TEST_TMPDIR/inf
	local real=$BATS_TEST_TMPDIR/real
	{ cat "$abcd"; echo; cat "$abcd"; } >"$normal"
	{ echo 'only 1'; echo; cat "$abcd"; } >"$single"
	{ printf 'p inf\nq 0\n\n'; cat "$abcd"; } >"$infinite"
	{ cat "$REAL_LOGITS/03-see-also.tsv"; echo; cat "$abcd"; } >"$real"
	run -0 logitsample -s 11 -n 50 "$normal"
	local expected=("${lines[@]:50}")
	local file
	for file in "$single" "$infinite" "$real"; do
		run -0 logitsample -s 11 -n 50 "$file"
		assert_equal "${#lines[@]}" 100
		assert_equal "${lines[*]:50}" "${expected[*]}"
	done
	run -0 logitsample -s 11 -n 50 "$single"
	assert_equal "${lines[0]}" only
	assert_equal "${lines[49]}" only
	run -0 logitsample -s 11 -n 50 "$infinite"
	assert_equal "${lines[*]:0:50}" "$(printf 'p %.0s' {1..50} | sed 's/ $//')"
}

@test "batch gives one draw per record" {
	run -0 --separate-stderr logitsample -s 1234 -t 0.8 \
	    "$REAL_LOGITS/batch.tsv"
	refute_stderr
	assert_equal "${#lines[@]}" 50
	local first=$output
	run -0 logitsample -s 1234 -t 0.8 "$REAL_LOGITS/batch.tsv"
	assert_output "$first"
}
