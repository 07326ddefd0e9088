#!/usr/bin/env bats
# Output: the dump table, number format, token escapes, draws per
# record, write errors, closed pipes and use as a coprocess.

setup() {
	load test_helper
	make_abcd_files
}

@test "dump has five columns" {
	run -0 --separate-stderr logitsample -d "$abcd"
	refute_stderr
	assert_equal "${#lines[@]}" 4
	local line
	for line in "${lines[@]}"; do
		assert_regex "$line" $'^[abcd]\t[^\t]+\t[^\t]+\t[^\t]+\t[^\t]+$'
	done
	assert_dump_column "$output" 2 d='log(.4)' c='log(.3)' b='log(.2)' \
	    a='log(.1)'
	assert_dump_column "$output" 3 d=.4 c=.3 b=.2 a=.1
	assert_dump_column "$output" 4 d=.4 c=.7 b=.9 a=1
	assert_dump_column "$output" 5 d=.4 c=.3 b=.2 a=.1
}

@test "dump ranks ties by line" {
	printf 'a 1\nb 2\nc 1\nd 2\ne -inf\nf 1\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	local s='(2*e*e+3*e)'
	assert_dump_column "$output" 2 b=2 d=2 a=1 c=1 f=1 e=-inf
	assert_dump_column "$output" 4 "b=e*e/$s" "d=2*e*e/$s" \
	    "a=(2*e*e+e)/$s" "c=(2*e*e+2*e)/$s" "f=1" "e=1"
}

@test "dump ranks long tied record by line" {
	# Long enough for the radix sort, with -0 tied to 0, extremes, and
	# scores one or a few units in the last place apart.
	"$PYTHON" - "$in" <<-'EOF'
	import sys
	values = ["0", "-0", "1.5", "-2", "inf", "-inf", "1e308", "-1e308",
	          "5e-324", "-5e-324", "1.7976931348623157e308", "-0", "1.5",
	          "1.0000000000000002", "1", "1.0000000000000004",
	          "-1.0000000000000002", "-1", "-1.0000000000000007"]
	with open(sys.argv[1], "w") as f:
	    for i in range(3000):
	        f.write(f"t{i} {values[(i * 7 + i // 13) % len(values)]}\n")
	EOF
	logitsample -d "$in" >"$BATS_TEST_TMPDIR/dump"
	run "$PYTHON" - "$in" "$BATS_TEST_TMPDIR/dump" <<-'EOF'
	import sys
	rows = [l.split() for l in open(sys.argv[1])]
	order = sorted(range(len(rows)), key=lambda i: (-float(rows[i][1]), i))
	tokens = [l.split("\t")[0] for l in open(sys.argv[2]) if l != "\n"]
	assert len(tokens) == len(rows), len(tokens)
	for rank, i in enumerate(order):
	    assert tokens[rank] == rows[i][0], (rank, tokens[rank], rows[i][0])
	print("ok")
	EOF
	assert_output ok
}

@test "dump ends records with blank line" {
	printf 'a 1\nb 2\n\n\nc 3\n' >"$in"
	logitsample -d "$in" >"$BATS_TEST_TMPDIR/out"
	run -0 awk -F '\t' '{ print NF }' "$BATS_TEST_TMPDIR/out"
	assert_output "$(printf '5\n5\n0\n5\n0')"
	run -0 bash -c 'tail -c 2 "$1" | od -An -tx1' _ "$BATS_TEST_TMPDIR/out"
	assert_output ' 0a 0a'
}

@test "dump of real file is consistent" {
	local file=$REAL_LOGITS/01-the-file-is.tsv
	logitsample -d -t 0.9 -k 40 "$file" >"$BATS_TEST_TMPDIR/dump"
	run -0 "$PYTHON" - "$file" "$BATS_TEST_TMPDIR/dump" <<-'EOF'
	import sys
	from math import exp
	rows = [l.rstrip("\n").rsplit("\t", 1) for l in open(sys.argv[1])]
	dump = open(sys.argv[2]).read()
	assert dump.endswith("\n\n") and "\n\n" not in dump[:-2]
	table = [l.split("\t") for l in dump[:-2].split("\n")]
	assert len(table) == len(rows) == 8000
	order = sorted(range(len(rows)), key=lambda i: (-float(rows[i][1]), i))
	zmax = float(rows[order[0]][1])
	w = [exp((float(z) - zmax) / 0.9) for _, z in rows]
	total = sum(w)
	kept = sum(w[i] for i in order[:40])
	cum = 0.0
	for rank, i in enumerate(order):
	    token, logit, prob, cumulative, final = table[rank]
	    assert token == rows[i][0], (rank, token, rows[i][0])
	    assert float(logit) == float(rows[i][1]), (rank, logit)
	    p = w[i] / total
	    cum += p
	    assert abs(float(prob) - p) <= 1e-12 * p, (rank, prob, p)
	    assert abs(float(cumulative) - cum) <= 1e-12, (rank, cumulative)
	    f = w[i] / kept if rank < 40 else 0.0
	    assert abs(float(final) - f) <= 1e-12 * f, (rank, final, f)
	print("ok")
	EOF
	assert_output ok
}

@test "numbers print shortest round trip" {
	local values=(0.1 0.30000000000000004 1e7 100 0.001 1e-5 -2.5
	    123456789012345678 1.0000000000000002 2.5e-310 1e22 5e-324
	    0.000123 1234567 -0 inf -inf)
	local index
	: >"$in"
	# Not "i": bats' run in version 1.8 changes a variable of that name.
	for index in "${!values[@]}"; do
		printf 't%d %s\n' "$index" "${values[index]}" >>"$in"
	done
	logitsample -d "$in" >"$BATS_TEST_TMPDIR/dump"
	for index in "${!values[@]}"; do
		run -0 awk -F '\t' -v t="t$index" '$1 == t { print $2 }' \
		    "$BATS_TEST_TMPDIR/dump"
		assert_output "$(shortest_g "float('${values[index]}')")"
	done
}

@test "literal shortest forms" {
	# %.1g already reads back as 100, so 100 prints as 1e+02.
	printf 'a 0.1\nb 1e7\nc inf\nd -inf\ne 100\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_output "$(printf 'c\tinf\t1\t1\t1\nb\t1e+07\t0\t1\t0\ne\t1e+02\t0\t1\t0\na\t0.1\t0\t1\t0\nd\t-inf\t0\t1\t0')"
}

@test "probabilities print shortest round trip" {
	printf 'a 0\nb 0\nc 0\n' >"$in"
	run -0 logitsample -d "$in"
	local third
	third=$(shortest_g 1/3)
	assert_equal "$third" 0.3333333333333333
	assert_line --index 0 "a	0	$third	$third	$third"
	assert_line --index 2 "c	0	$third	1	$third"
}

@test "token with TAB is escaped" {
	printf 'x\ty\t2\na\\b\tc\t1\np\r\tq\t0\nu\001\tv\t-1\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 'x\ty=2' 'a\\b\tc=1' 'p\r\tq=0' \
	    'u\x01\tv=-1'
	run -0 logitsample -g "$in"
	assert_output 'x\ty'
}

@test "token without TAB is written raw" {
	printf 'a\\nb 2\np\rq 1\nc\\ 0\n' >"$in"
	logitsample -s 1 -n 3 -k 1 "$in" >"$BATS_TEST_TMPDIR/out"
	printf 'a\\nb\na\\nb\na\\nb\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/expected"
	logitsample -d -p 1 "$in" >"$BATS_TEST_TMPDIR/out"
	cut -f 1 "$BATS_TEST_TMPDIR/out" >"$BATS_TEST_TMPDIR/tokens"
	printf 'a\\nb\np\rq\nc\\\n\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$BATS_TEST_TMPDIR/tokens" "$BATS_TEST_TMPDIR/expected"
}

@test "count gives N lines per record" {
	printf 'a 1\nb 2\n\nc 5\nd 1\n' >"$in"
	run -0 --separate-stderr logitsample -g -n 7 "$in"
	refute_stderr
	assert_output "$(printf 'b\nb\nb\nb\nb\nb\nb\nc\nc\nc\nc\nc\nc\nc')"
	run -0 logitsample -s 2 -n 1000 "$in"
	assert_equal "${#lines[@]}" 2000
	local line
	for line in "${lines[@]:0:1000}"; do
		[[ $line == [ab] ]]
	done
	for line in "${lines[@]:1000}"; do
		[[ $line == [cd] ]]
	done
}

@test "write error gives one message" {
	run -1 --separate-stderr bash -c '"$1" -s 1 "$2" >/dev/full' _ \
	    "$LOGITSAMPLE" "$abcd"
	assert_equal "$stderr" \
	    "logitsample: write error: No space left on device"
	run -1 --separate-stderr bash -c \
	    '"$1" -s 1 -n 100000 "$2" >/dev/full' _ "$LOGITSAMPLE" "$abcd"
	assert_equal "$stderr" \
	    "logitsample: write error: No space left on device"
	run -1 --separate-stderr bash -c '"$1" -d "$2" >/dev/full' _ \
	    "$LOGITSAMPLE" "$REAL_LOGITS/03-see-also.tsv"
	assert_equal "$stderr" \
	    "logitsample: write error: No space left on device"
}

@test "help write error gives status 1" {
	run -1 --separate-stderr bash -c '"$1" --help >/dev/full' _ \
	    "$LOGITSAMPLE"
	assert_equal "$stderr" \
	    "logitsample: write error: No space left on device"
}

@test "closed pipe ends quietly" {
	run -0 --separate-stderr bash -c \
	    '"$1" -s 1 -n 100000000 "$2" | head -n 1' _ \
	    "$LOGITSAMPLE" "$abcd"
	assert_equal "$stderr" ''
	assert_output --regexp '^[abcd]$'
}

@test "closed pipe ignoring SIGPIPE ends quietly" {
	# With SIGPIPE ignored the write fails with EPIPE instead.
	run -0 --separate-stderr bash -c \
	    'trap "" PIPE; "$1" -s 1 -n 100000000 "$2" | head -n 1' _ \
	    "$LOGITSAMPLE" "$abcd"
	assert_equal "$stderr" ''
	assert_output --regexp '^[abcd]$'
}

@test "coprocess gets each answer first" {
	local answer from to pid
	# Close bats' own descriptor 3 in the child, or bats waits for it.
	coproc SAMPLER { exec 3>&-; timeout 30 "$LOGITSAMPLE" -g; }
	pid=$SAMPLER_PID
	# Bash closes the coprocess descriptors when it exits, so read and
	# write through copies.
	exec {from}<&"${SAMPLER[0]}" {to}>&"${SAMPLER[1]}"
	printf 'a 1\nb 2\n\n' >&"$to"
	read -r -t 10 -u "$from" answer
	assert_equal "$answer" b
	printf 'x 5\ny 1\n\n' >&"$to"
	read -r -t 10 -u "$from" answer
	assert_equal "$answer" x
	printf '7\n' >&"$to"
	exec {to}>&- {SAMPLER[1]}>&-
	read -r -t 10 -u "$from" answer
	assert_equal "$answer" 0
	wait "$pid"
	exec {from}<&-
}

@test "coprocess gets each dump first" {
	local line from to pid
	coproc DUMPER { exec 3>&-; timeout 30 "$LOGITSAMPLE" -d; }
	pid=$DUMPER_PID
	exec {from}<&"${DUMPER[0]}" {to}>&"${DUMPER[1]}"
	printf 'a 0\nb 0\n\n' >&"$to"
	read -r -t 10 -u "$from" line
	assert_equal "$line" "a	0	0.5	0.5	0.5"
	read -r -t 10 -u "$from" line
	assert_equal "$line" "b	0	0.5	1	0.5"
	read -r -t 10 -u "$from" line
	assert_equal "$line" ""
	printf 'c 1\n\n' >&"$to"
	read -r -t 10 -u "$from" line
	assert_equal "$line" "c	1	1	1	1"
	exec {to}>&- {DUMPER[1]}>&-
	wait "$pid"
	exec {from}<&-
}
