#!/usr/bin/env bats
# Weights and transforms: temperature, top-k, top-p, min-p, greedy, the
# rules for infinite scores and --probs.  Expected FINAL values are exact
# fractions of the input probabilities, checked within a relative error
# of 1e-12 by assert_dump_column.

setup() {
	load test_helper
	make_abcd_files
}

@test "top-p 0.7 keeps d and c" {
	run -0 --separate-stderr logitsample -d -p 0.7 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=4/7 c=3/7 b=0 a=0
}

@test "top-p 0.8 keeps d, c, b" {
	run -0 --separate-stderr logitsample -d -p 0.8 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=4/9 c=3/9 b=2/9 a=0
}

@test "top-p 0 keeps best token alone" {
	run -0 --separate-stderr logitsample -d -p 0 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
}

@test "top-p 1 keeps all four unchanged" {
	logitsample -d -p 1 "$abcd" >"$BATS_TEST_TMPDIR/dump"
	assert_columns_equal "$BATS_TEST_TMPDIR/dump" 3 5
	run -0 --separate-stderr logitsample -d -p 1 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=0.4 c=0.3 b=0.2 a=0.1
}

@test "top-p 0.9 keeps b despite rounding" {
	# CUM before a is 0.8999999999999999, W is 0.9999999999999999.
	run -0 --separate-stderr logitsample -d -p 0.9 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=4/9 c=3/9 b=2/9 a=0
}

@test "top-p boundary is kept, not passed" {
	# The weight before c is exactly P of the total at -p 0.4, so c
	# goes; a hair above, c stays.
	run -0 logitsample -d -p 0.4 "$abcd"
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
	run -0 logitsample -d -p 0.41 "$abcd"
	assert_dump_column "$output" 5 d=4/7 c=3/7 b=0 a=0
	run -0 logitsample -d -p 0.7000001 "$abcd"
	assert_dump_column "$output" 5 d=4/9 c=3/9 b=2/9 a=0
}

@test "top-p 0.8 needs rounding slack" {
	# The softmax gives 0.5 and 0.29999999999999993, so without the
	# 1e-12 slack the third token would survive.
	printf 'w\t%s\nx\t%s\ny\t%s\nz\t%s\n' -0.6931471805599453 \
	    -1.2039728043259361 -2.3025850929940455 -2.3025850929940455 >"$in"
	run -0 --separate-stderr logitsample -d -p 0.8 "$in"
	refute_stderr
	assert_dump_column "$output" 5 w=0.625 x=0.375 y=0 z=0
}

@test "top-p 1 does not run" {
	# b's weight is below 1e-12 of the total, so a top-p pass at P = 1
	# with the slack would drop it.
	printf 'a 0\nb -40\n' >"$in"
	run -0 --separate-stderr logitsample -d -p 1 "$in"
	refute_stderr
	assert_dump_column "$output" 5 'a=1/(1+exp(-40))' \
	    'b=exp(-40)/(1+exp(-40))'
}

@test "top-p probs keeps first two" {
	printf 'a 0.5\nb 0.25\nc 0.125\nd 0.125\n' >"$in"
	run -0 --separate-stderr logitsample --probs -d -p 0.75 "$in"
	refute_stderr
	assert_dump_column "$output" 5 a=2/3 b=1/3 c=0 d=0
}

@test "top-p ties split between infinities" {
	printf 'a 1\nb inf\nc inf\n' >"$in"
	run -0 logitsample -d -p 0.5 "$in"
	assert_dump_column "$output" 5 b=1 c=0 a=0
	run -0 logitsample -d -p 0.51 "$in"
	assert_dump_column "$output" 5 b=0.5 c=0.5 a=0
}

@test "top-p splits long tie by line" {
	# 3000 lines in one top-p bucket, most tied at 0.5 and every 100th a
	# little higher, so the long sort must keep the ties in line order.
	"$PYTHON" - "$in" <<-'EOF'
	import sys
	with open(sys.argv[1], "w") as f:
	    for i in range(3000):
	        f.write(f"t{i} {'0.5000001' if i % 100 == 50 else '0.5'}\n")
	EOF
	logitsample -d -p 0.5 "$in" >"$BATS_TEST_TMPDIR/dump"
	run "$PYTHON" - "$in" "$BATS_TEST_TMPDIR/dump" <<-'EOF'
	import sys
	from math import exp
	rows = [l.split() for l in open(sys.argv[1])]
	order = sorted(range(len(rows)), key=lambda i: (-float(rows[i][1]), i))
	w = [exp(float(z) - 0.5000001) for _, z in rows]
	threshold = 0.5 * (1 - 1e-12) * sum(w)
	kept, before = set(), 0.0
	for i in order:
	    if kept and before >= threshold:
	        break
	    kept.add(rows[i][0])
	    before += w[i]
	final = {l.split("\t")[0]: float(l.split("\t")[4])
	         for l in open(sys.argv[2]) if l != "\n"}
	survivors = {token for token, f in final.items() if f > 0}
	assert len(kept) == 1500, len(kept)
	assert survivors == kept, sorted(survivors ^ kept)[:5]
	print("ok")
	EOF
	assert_output ok
}

@test "top-k 3 drops the worst" {
	run -0 --separate-stderr logitsample -d -k 3 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=4/9 c=3/9 b=2/9 a=0
}

@test "top-k 1 keeps the best" {
	run -0 logitsample -d -k 1 "$abcd"
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
}

@test "top-k 0 and 4 change nothing" {
	local k
	for k in 0 4 5 1000; do
		logitsample -d -k "$k" "$abcd" >"$BATS_TEST_TMPDIR/dump"
		assert_columns_equal "$BATS_TEST_TMPDIR/dump" 3 5
		run -0 logitsample -d -k "$k" "$abcd"
		assert_dump_column "$output" 5 d=0.4 c=0.3 b=0.2 a=0.1
	done
}

@test "top-k breaks ties by line" {
	printf 'a 1\nb 2\nc 2\nd 1\n' >"$in"
	run -0 logitsample -d -k 1 "$in"
	assert_dump_column "$output" 5 b=1 c=0 a=0 d=0
	run -0 logitsample -d -k 3 "$in"
	assert_dump_column "$output" 5 'b=e/(2*e+1)' 'c=e/(2*e+1)' \
	    'a=1/(2*e+1)' d=0
}

@test "top-k counts only unmasked tokens" {
	printf 'a -inf\nb 1\nc 2\n' >"$in"
	run -0 logitsample -d -k 2 "$in"
	assert_dump_column "$output" 5 'c=e/(e+1)' 'b=1/(e+1)' a=0
}

@test "min-p 0.24 and 0.25 keep all" {
	local m
	for m in 0.24 0.25; do
		run -0 --separate-stderr logitsample -d -m "$m" "$abcd"
		refute_stderr
		assert_dump_column "$output" 5 d=0.4 c=0.3 b=0.2 a=0.1
	done
}

@test "min-p 0.26 drops a" {
	run -0 --separate-stderr logitsample -d -m 0.26 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=4/9 c=3/9 b=2/9 a=0
}

@test "min-p 0.75 keeps c despite rounding" {
	# c's weight relative to d is 0.74999999999999989 after the softmax.
	run -0 --separate-stderr logitsample -d -m 0.75 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=4/7 c=3/7 b=0 a=0
}

@test "min-p 0.76 keeps d alone" {
	run -0 --separate-stderr logitsample -d -m 0.76 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
}

@test "min-p 1 keeps tied maxima" {
	printf 'a 2\nb 1\nc 2\n' >"$in"
	run -0 logitsample -d -m 1 "$in"
	assert_dump_column "$output" 5 a=0.5 c=0.5 b=0
}

@test "temperature 0 chooses d" {
	run -0 --separate-stderr logitsample -d -t 0 "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
	assert_dump_column "$output" 3 d=0.4 c=0.3 b=0.2 a=0.1
	run -0 --separate-stderr logitsample -s 1 -n 5 -t 0 "$abcd"
	refute_stderr
	assert_output "$(printf 'd\nd\nd\nd\nd')"
}

@test "greedy chooses d" {
	run -0 --separate-stderr logitsample -d -g "$abcd"
	refute_stderr
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
	run -0 --separate-stderr logitsample -g "$abcd"
	refute_stderr
	assert_output d
}

@test "greedy breaks ties by line" {
	printf 'a 1\nb 2\nc 2\n' >"$in"
	run -0 logitsample -g "$in"
	assert_output b
	printf 'a inf\nb 5\nc inf\n' >"$in"
	run -0 logitsample -g "$in"
	assert_output a
}

@test "greedy skips masked tokens" {
	printf 'a -inf\nb -5\n' >"$in"
	run -0 logitsample -g "$in"
	assert_output b
}

@test "temperature 2 takes square roots" {
	run -0 --separate-stderr logitsample -d -t 2 "$abcd"
	refute_stderr
	local s='(sqrt(.1)+sqrt(.2)+sqrt(.3)+sqrt(.4))'
	assert_dump_column "$output" 5 "d=sqrt(.4)/$s" "c=sqrt(.3)/$s" \
	    "b=sqrt(.2)/$s" "a=sqrt(.1)/$s"
	assert_dump_column "$output" 3 "d=sqrt(.4)/$s" "c=sqrt(.3)/$s" \
	    "b=sqrt(.2)/$s" "a=sqrt(.1)/$s"
}

@test "temperature 0.5 squares probabilities" {
	run -0 logitsample -d -t 0.5 "$abcd"
	assert_dump_column "$output" 5 d=16/30 c=9/30 b=4/30 a=1/30
}

@test "transforms run top-k before top-p" {
	# Top-p over d and c alone (W = 0.7) stops after d; over all four
	# it would keep c as well.
	run -0 logitsample -d -k 2 -p 0.5 "$abcd"
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
}

@test "top-k after top-p adds nothing back" {
	# Top-p 0 leaves d alone, fewer than top-k 3; top-k keeps d and
	# must not give back a candidate that top-p dropped.
	run -0 logitsample -d -p 0 -k 3 --order top-p,top-k "$abcd"
	assert_dump_column "$output" 5 d=1 c=0 b=0 a=0
}

@test "transforms run top-p before min-p" {
	# Min-p 0.5 first would drop a and then top-p 0.75 over the rest
	# (W = 0.9) would drop b too.
	run -0 logitsample -d -p 0.75 -m 0.5 "$abcd"
	assert_dump_column "$output" 5 d=4/9 c=3/9 b=2/9 a=0
}

@test "negative infinity is masked" {
	printf 'a -inf\nb 0\nc 0\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 5 b=0.5 c=0.5 a=0
	assert_dump_column "$output" 3 b=0.5 c=0.5 a=0
	run -0 --separate-stderr logitsample -s 3 -n 2000 "$in"
	refute_stderr
	refute_line a
	assert_line b
	assert_line c
}

@test "positive infinity takes all mass" {
	printf 'a 1\nb inf\nc 5\nd inf\ne -inf\n' >"$in"
	local t
	for t in 0.01 0.5 1 2 100; do
		run -0 --separate-stderr logitsample -d -t "$t" "$in"
		refute_stderr
		assert_dump_column "$output" 5 b=0.5 d=0.5 c=0 a=0 e=0
		assert_dump_column "$output" 3 b=0.5 d=0.5 c=0 a=0 e=0
	done
	run -0 --separate-stderr logitsample -s 9 -n 2000 "$in"
	refute_stderr
	refute_line a
	refute_line c
	refute_line e
	assert_line b
	assert_line d
}

@test "single positive infinity wins" {
	printf 'a 1e300\nb +Infinity\n' >"$in"
	run -0 logitsample -d -t 1e-300 "$in"
	assert_dump_column "$output" 5 b=1 a=0
}

@test "huge score spread stays finite" {
	printf 'a 100000\nb -100000\nc 99999\n' >"$in"
	run -0 --separate-stderr logitsample -d "$in"
	refute_stderr
	assert_dump_column "$output" 5 'a=1/(1+exp(-1))' \
	    'c=exp(-1)/(1+exp(-1))' b=0
	run -0 logitsample -d -t 100000 "$in"
	local s='(1+exp(-1e-5)+exp(-2))'
	assert_dump_column "$output" 5 "a=1/$s" "c=exp(-1e-5)/$s" \
	    "b=exp(-2)/$s"
}

@test "underflowed weights keep score order" {
	printf 'a -1000\nb 0\nc -2000\nd -1500\n' >"$in"
	run -0 logitsample -d "$in"
	assert_dump_column "$output" 2 b=0 a=-1000 d=-1500 c=-2000
	assert_dump_column "$output" 5 b=1 a=0 d=0 c=0
	run -0 logitsample -s 1 -n 1000 -k 2 "$in"
	refute_line a
	assert_line b
}

@test "probs become logits" {
	printf 'a 0.2\nb 0.8\nc 0\n' >"$in"
	run -0 --separate-stderr logitsample --probs -d "$in"
	refute_stderr
	assert_dump_column "$output" 2 'b=log(0.8)' 'a=log(0.2)' 'c=-inf'
	assert_dump_column "$output" 5 b=0.8 a=0.2 c=0
}

@test "probs renormalize any sum" {
	printf 'x 2\ny 6\n' >"$in"
	run -0 logitsample --probs -d "$in"
	assert_dump_column "$output" 5 y=0.75 x=0.25
}

@test "probs obey temperature" {
	printf 'a 0.2\nb 0.8\n' >"$in"
	run -0 logitsample --probs -d -t 0.5 "$in"
	assert_dump_column "$output" 5 b=16/17 a=1/17
}

@test "no-op options leave FINAL identical" {
	local dump=$BATS_TEST_TMPDIR/dump
	logitsample -d -t 0.5 -p 1 -k 0 -m 0 \
	    "$REAL_LOGITS/04-this-option.tsv" >"$dump"
	assert_columns_equal "$dump" 3 5
	logitsample -d -t 0.5 "$REAL_LOGITS/04-this-option.tsv" \
	    >"$BATS_TEST_TMPDIR/plain"
	cmp "$dump" "$BATS_TEST_TMPDIR/plain"
	run -0 wc -l <"$dump"
	assert_output 8001
}
