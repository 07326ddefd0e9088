#!/usr/bin/env bats
# Output formats: JSON Lines, the table, --limit, log-probabilities,
# --raw, --verbose and the per-record summary.  Expected values come
# from hand computation or from independent python3 code, never from the
# program's own output.

load test_helper
bats_require_minimum_version 1.5.0

# Real model logits, from samples/.
REAL=$REAL_LOGITS

setup() {
	UNIFORM4=$BATS_TEST_TMPDIR/uniform4.tsv
	printf 'a 0\nb 0\nc 0\nd 0\n' >"$UNIFORM4"
	ABCD=$BATS_TEST_TMPDIR/abcd.tsv
	write_abcd "$ABCD"
	REAL1=$REAL/01-the-file-is.tsv
	BATCH=$REAL/batch.tsv
	# The first three records of the batch: a multi-record input that
	# dumps quickly.
	BATCH3=$BATS_TEST_TMPDIR/batch3.tsv
	awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 3' "$BATCH" >"$BATCH3"
}

# Write a record of awkward tokens to $1 and, to $2, one line per
# candidate with the hex of the bytes that its token decodes to.
write_awkward() {
	{
		printf 'say "hi"\t1\n'		# quotes
		printf 'a\\\\b\t0.5\n'		# escaped backslash
		printf 'tab\\there\t0.25\n'	# escaped TAB
		printf 'line\\nbreak\t0\n'	# escaped newline
		printf '\\x01\\x1f\x07\t-0.5\n'	# control bytes, two escaped
		printf '\\x00\t-0.75\n'		# NUL
		printf '\\xff\xfe\t-1\n'	# invalid UTF-8
		printf '\\xC3\t-1.25\n'		# first half of e-acute
		printf '\\xA9\t-1.5\n'		# second half of e-acute
		printf '\xe2\x82\xac\t-1.75\n'	# euro sign, well formed
		printf '\\q\x7f\t-2\n'		# unknown escape, DEL
		printf '\xed\xa0\x80\t-2.25\n'	# encoded surrogate
		printf '   7\n'			# score-only: token "10"
	} >"$1"
	printf '%s\n' 7361792022686922 615c62 7461620968657265 \
	    6c696e650a627265616b 011f07 00 fffe c3 a9 e282ac 5c717f eda080 \
	    3132 >"$2"
}

# Check that every line of file $1 is a JSON value that jq accepts.
assert_jq_parses() {
	run jq -e -c 'type == "object"' "$1"
	assert_success
	refute_output --partial false
}

@test "json dump parses with jq" {
	logitsample -d -f json "$REAL1" >"$BATS_TEST_TMPDIR/a.json"
	assert_jq_parses "$BATS_TEST_TMPDIR/a.json"
	logitsample -d -f json --limit 5 -t 0.7 -k 3 "$BATCH" \
	    >"$BATS_TEST_TMPDIR/b.json"
	assert_jq_parses "$BATS_TEST_TMPDIR/b.json"
	run jq -s length "$BATS_TEST_TMPDIR/b.json"
	assert_output 50
	logitsample -d -f json -g "$UNIFORM4" >"$BATS_TEST_TMPDIR/c.json"
	assert_jq_parses "$BATS_TEST_TMPDIR/c.json"
}

@test "json sampling parses with jq" {
	logitsample -f json -s 4 -n 3 "$BATCH" >"$BATS_TEST_TMPDIR/a.json"
	assert_jq_parses "$BATS_TEST_TMPDIR/a.json"
	logitsample -f json -s 4 --top-logprobs 4 --logprobs=final -t 0.5 \
	    "$BATCH" >"$BATS_TEST_TMPDIR/b.json"
	assert_jq_parses "$BATS_TEST_TMPDIR/b.json"
	run jq -r '.draws | length' "$BATS_TEST_TMPDIR/a.json"
	assert_output "$(printf '3\n%.0s' $(seq 50))"
	run jq -r '.draws[0].top_logprobs | length' "$BATS_TEST_TMPDIR/b.json"
	assert_output "$(printf '4\n%.0s' $(seq 50))"
}

@test "json tokens round-trip exactly" {
	write_awkward "$BATS_TEST_TMPDIR/in.tsv" "$BATS_TEST_TMPDIR/hex"
	for mode in dump sample; do
		if [ $mode = dump ]; then
			logitsample -d -f json "$BATS_TEST_TMPDIR/in.tsv"
		else
			logitsample -f json -s 1 --top-logprobs 13 \
			    "$BATS_TEST_TMPDIR/in.tsv"
		fi >"$BATS_TEST_TMPDIR/out.json"
		run python3 - "$BATS_TEST_TMPDIR/out.json" \
		    "$BATS_TEST_TMPDIR/hex" <<'EOF'
import json, sys

def reject(name):
    raise ValueError("not strict JSON: " + name)

expected = open(sys.argv[2]).read().split()
line = open(sys.argv[1], encoding="utf-8").read()
obj = json.loads(line, parse_constant=reject)
items = obj.get("candidates") or obj["draws"][0]["top_logprobs"]
assert len(items) == len(expected), len(items)
for item in items:
    token = item["token"]
    if "bytes_hex" in item:
        data = bytes.fromhex(item["bytes_hex"])
        # Without a well-formed decoding the token carries U+FFFD.
        assert "\ufffd" in token, item
        try:
            data.decode("utf-8")
            raise AssertionError("bytes_hex on well-formed bytes")
        except UnicodeDecodeError:
            pass
    else:
        data = token.encode("utf-8")
    want = expected[item["position"]]
    assert data.hex() == want, (item, want)
print("ok", len(items))
EOF
		assert_success
		assert_output "ok 13"
	done
}

@test "json split utf-8 tokens rejoin" {
	printf '\\xC3\t0\n\\xA9\t-1\n' >"$BATS_TEST_TMPDIR/in.tsv"
	run sh -c "'$LOGITSAMPLE' -d -f json '$BATS_TEST_TMPDIR/in.tsv' |
	    jq -r '.candidates | map(.bytes_hex) | add'"
	assert_success
	assert_output c3a9
}

@test "json numbers equal the tsv dump" {
	printf 'x\tinf\ny\t-inf\nz\t3\n\nu 1\nv 2\nw -inf\n' \
	    >"$BATS_TEST_TMPDIR/inf.tsv"
	for args in "$REAL1" "-t 0.7 -k 40 -p 0.9 $BATCH3" "-g $REAL1" \
	    "$BATS_TEST_TMPDIR/inf.tsv" "-m 0.5 $BATS_TEST_TMPDIR/inf.tsv"; do
		logitsample -d $args >"$BATS_TEST_TMPDIR/out.tsv"
		logitsample -d -f json $args >"$BATS_TEST_TMPDIR/out.json"
		run python3 - "$BATS_TEST_TMPDIR/out.tsv" \
		    "$BATS_TEST_TMPDIR/out.json" <<'EOF'
import json, sys

records = open(sys.argv[1]).read().split("\n\n")[:-1]
objects = [json.loads(l) for l in open(sys.argv[2])]
assert len(records) == len(objects), (len(records), len(objects))
rows = 0
for text, obj in zip(records, objects):
    lines = text.strip("\n").split("\n")
    assert len(lines) == len(obj["candidates"])
    for line, cand in zip(lines, obj["candidates"]):
        fields = line.split("\t")
        for name, field in zip(("logit", "prob", "cum", "final"),
                               fields[1:]):
            value = cand[name]
            if field in ("inf", "-inf"):
                # JSON has no infinity: the string is used instead.
                assert value == field, (name, value, field)
            else:
                assert isinstance(value, (int, float)), (name, value)
                assert float(value) == float(field), (name, value, field)
        rows += 1
print("ok", rows > 0)
EOF
		assert_success
		assert_output "ok True"
	done
}

@test "json survived matches final" {
	run sh -c "'$LOGITSAMPLE' -d -f json -k 2 '$ABCD' |
	    jq -c '[.candidates[] | [.token, .survived, .rank, .position]]'"
	assert_success
	assert_output '[["d",true,1,3],["c",true,2,2],["b",false,3,1],["a",false,4,0]]'
}

@test "raw writes the generated bytes" {
	# One forced candidate per record, so every draw is known; the
	# e-acute is split across two records.
	printf 'Hel\t0\n\nlo,\\x20w\t0\n\n\\xC3\t0\n\n\\xA9\t0\nzz\t-inf\n\n' \
	    >"$BATS_TEST_TMPDIR/steps.tsv"
	printf '\\n\t0\n\n\\\\\t0\n\n7\n\nend\t0\n' >>"$BATS_TEST_TMPDIR/steps.tsv"
	run sh -c "'$LOGITSAMPLE' -r -s 5 '$BATS_TEST_TMPDIR/steps.tsv' |
	    od -An -tx1 | tr -s ' \n' ' '"
	assert_success
	# "Hello, w" e-acute, newline, backslash, "0" (the score-only
	# line's position), "end", and no final newline.
	assert_output ' 48 65 6c 6c 6f 2c 20 77 c3 a9 0a 5c 30 65 6e 64 '
}

@test "raw repeats draws with count" {
	printf 'ab\t0\n' >"$BATS_TEST_TMPDIR/one.tsv"
	run sh -c "'$LOGITSAMPLE' -r -n 3 -s 1 '$BATS_TEST_TMPDIR/one.tsv' |
	    od -An -c | tr -s ' \n' ' '"
	assert_success
	assert_output ' a b a b a b '
}

@test "summary of uniform over four" {
	run sh -c "'$LOGITSAMPLE' -d -f json '$UNIFORM4' | jq -c .summary"
	assert_success
	# ln 4 = 1.3862943611198906 as the nearest double; 2 bits;
	# perplexity e^(ln 4) = 4.
	run python3 -c '
import json, math, sys
s = json.loads(sys.argv[1])
assert s["candidates"] == 4 and s["survivors"] == 4, s
assert s["survivor_prob"] == 1, s
assert abs(s["entropy_prob_nats"] - math.log(4)) <= 1e-15, s
assert abs(s["entropy_prob_bits"] - 2) <= 1e-15, s
assert abs(s["perplexity_prob"] - 4) <= 1e-13, s
assert s["entropy_final_nats"] == s["entropy_prob_nats"], s
print("ok")' "$output"
	assert_success
	assert_output ok
}

@test "summary after top-k counts survivors" {
	run sh -c "'$LOGITSAMPLE' -d -f json -k 2 '$UNIFORM4' | jq -c .summary"
	assert_success
	# Two survivors of PROB 1/4 each; FINAL is uniform over two:
	# ln 2 nats, 1 bit, perplexity 2.
	run python3 -c '
import json, math, sys
s = json.loads(sys.argv[1])
assert s["survivors"] == 2, s
assert s["survivor_prob"] == 0.5, s
assert abs(s["entropy_final_nats"] - math.log(2)) <= 1e-15, s
assert abs(s["entropy_final_bits"] - 1) <= 1e-15, s
assert abs(s["perplexity_final"] - 2) <= 1e-13, s
assert abs(s["entropy_prob_bits"] - 2) <= 1e-15, s
print("ok")' "$output"
	assert_success
	assert_output ok
}

@test "summary entropy of abcd" {
	run sh -c "'$LOGITSAMPLE' -d -f json '$ABCD' | jq .summary.entropy_prob_nats"
	assert_success
	# -(0.1 ln 0.1 + 0.2 ln 0.2 + 0.3 ln 0.3 + 0.4 ln 0.4) = 1.2798542258...
	run python3 -c "import sys; assert abs(float(sys.argv[1]) - 1.2798542258336676) < 1e-14, sys.argv[1]" "$output"
	assert_success
}

@test "summary of greedy final is zero" {
	run sh -c "'$LOGITSAMPLE' -d -f json -g '$UNIFORM4' |
	    jq -c '.summary | [.survivors, .entropy_final_nats, .perplexity_final]'"
	assert_success
	assert_output '[1,0,1]'
}

@test "table summary lines" {
	run env LC_ALL=C.UTF-8 "$LOGITSAMPLE" -d -f table -k 2 --limit 3 "$UNIFORM4"
	assert_success
	assert_line --index 0 'record 0: 4 candidates'
	assert_line --index 4 '   3  c      0.250000  0.000000  0.750000  ██████████'
	assert_line --index 5 '(1 more: PROB 0.250000, FINAL 0.000000)'
	assert_line --index 6 'survivors:  2 of 4 candidates, PROB mass 0.500000'
	assert_line --index 7 'entropy:    PROB 1.38629 nats (2 bits), FINAL 0.693147 nats (1 bits)'
	assert_line --index 8 'perplexity: PROB 4, FINAL 2'
	assert_equal "${#lines[@]}" 9
}

@test "table header and rows" {
	run env LC_ALL=C.UTF-8 "$LOGITSAMPLE" -d -f table "$ABCD"
	assert_success
	assert_line --index 1 'RANK  TOKEN      PROB     FINAL       CUM'
	assert_line --index 2 '   1  d      0.400000  0.400000  0.400000  ████████████████'
}

@test "table bar widths in utf-8" {
	run env LC_ALL=C.UTF-8 "$LOGITSAMPLE" -d -f table "$ABCD"
	assert_success
	# 40 columns stand for probability 1: 0.4 0.3 0.2 0.1 give 16 12 8 4.
	for row in 2 3 4 5; do
		bar=${lines[$row]##* }
		assert_equal "$bar" "$(printf '█%.0s' $(seq $((20 - 4 * (row - 1)))))"
	done
}

@test "table bar eighths in utf-8" {
	# 0.01875 * 40 = 0.75 columns = 6 eighths; 0.98125 * 40 = 39.25.
	printf 'p\t0.98125\nq\t0.01875\n' >"$BATS_TEST_TMPDIR/p.tsv"
	run env LC_ALL=C.UTF-8 "$LOGITSAMPLE" --probs -d -f table \
	    "$BATS_TEST_TMPDIR/p.tsv"
	assert_success
	assert_equal "${lines[2]##* }" "$(printf '█%.0s' $(seq 39))▎"
	assert_equal "${lines[3]##* }" '▊'
}

@test "table bars are ascii without utf-8" {
	run env LC_ALL=C "$LOGITSAMPLE" -d -f table "$ABCD"
	assert_success
	assert_equal "${lines[2]##* }" '################'
	assert_equal "${lines[5]##* }" '####'
	refute_output --partial $'\xe2'
}

@test "table shows invisible bytes" {
	printf ' a\tb\t1\nx\\ty\t0\n\\x01\t0\n\\xff\t0\n\xc3\xa9\t0\n\\\\\t0\n' \
	    >"$BATS_TEST_TMPDIR/in.tsv"
	run env LC_ALL=C.UTF-8 "$LOGITSAMPLE" -d -f table "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_line --index 2 --partial '   1  ␣a\tb  0.'
	assert_line --index 3 --partial '   2  x\ty   0.'
	assert_line --index 4 --partial '   3  \x01   0.'
	assert_line --index 5 --partial '   4  \xFF   0.'
	assert_line --index 6 --partial '   5  é      0.'
	assert_line --index 7 --partial '   6  \\     0.'
	run env LC_ALL=C "$LOGITSAMPLE" -d -f table "$BATS_TEST_TMPDIR/in.tsv"
	assert_success
	assert_line --index 2 --partial '   1  \x20a\tb  0.'
	assert_line --index 6 --partial '   5  \xC3\xA9  0.'
}

@test "table numbers stay in the C locale" {
	if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
		skip "no de_DE.UTF-8 locale installed"
	fi
	run env LC_ALL=de_DE.UTF-8 "$LOGITSAMPLE" -d -f table "$ABCD"
	assert_success
	assert_line --index 2 '   1  d      0.400000  0.400000  0.400000  ████████████████'
}

@test "table has no colour in a pipe" {
	run env -u NO_COLOR "$LOGITSAMPLE" -d -f table "$ABCD"
	assert_success
	refute_output --partial $'\033'
}

@test "table colour only on a terminal" {
	if ! command -v script >/dev/null; then
		skip "script(1) is not installed, so no terminal can be made"
	fi
	cmd="'$LOGITSAMPLE' -d -f table '$ABCD'"
	run env -u NO_COLOR script -qc "$cmd" /dev/null
	assert_success
	assert_output --partial $'\033[32m'
	run env NO_COLOR=1 script -qc "$cmd" /dev/null
	assert_success
	assert_output --partial '0.400000'
	refute_output --partial $'\033'
}

@test "table matches json numbers" {
	logitsample -d -f table --limit 10 "$REAL1" >"$BATS_TEST_TMPDIR/t"
	logitsample -d -f json --limit 10 "$REAL1" >"$BATS_TEST_TMPDIR/j"
	run python3 - "$BATS_TEST_TMPDIR/t" "$BATS_TEST_TMPDIR/j" <<'EOF'
import json, sys
rows = open(sys.argv[1]).read().split("\n")[2:12]
obj = json.loads(open(sys.argv[2]).read())
for row, cand in zip(rows, obj["candidates"]):
    fields = row.split()
    assert int(fields[0]) == cand["rank"], row
    assert fields[1] == cand["token"], row
    for text, name in zip(fields[2:5], ("prob", "final", "cum")):
        assert text == "%.6f" % cand[name], (row, name)
print("ok", len(rows))
EOF
	assert_success
	assert_output "ok 10"
}

@test "table sampling rows" {
	run env LC_ALL=C "$LOGITSAMPLE" -f table -s 1 -g --top-logprobs 2 "$ABCD"
	assert_success
	assert_line --index 0 'RECORD  RANK      PROB     FINAL     LOGPROB  TOKEN'
	# ln 0.4 = -0.916291, ln 0.3 = -1.203973.
	assert_line --index 1 '     0     1  0.400000  1.000000     -0.9163  d'
	assert_line --index 2 '           1  0.400000  1.000000     -0.9163  d'
	assert_line --index 3 '           2  0.300000  0.000000     -1.2040  c'
}

@test "limit cuts the tsv dump" {
	logitsample -d "$ABCD" >"$BATS_TEST_TMPDIR/full"
	run logitsample -d --limit 1 "$ABCD"
	assert_success
	assert_line --index 0 "$(head -1 "$BATS_TEST_TMPDIR/full")"
	assert_equal "${#lines[@]}" 2
	# The rest: PROB 0.3 + 0.2 + 0.1 summed in rank order.
	run python3 -c '
import sys
rest = 0.0
for line in open(sys.argv[1]).read().split("\n")[1:4]:
    rest += float(line.split("\t")[2])
print("(3 more: PROB %r, FINAL %r)" % (rest, rest))' "$BATS_TEST_TMPDIR/full"
	expected=$output
	run logitsample -d --limit 1 "$ABCD"
	assert_line --index 1 "$expected"
	run sh -c "'$LOGITSAMPLE' -d --limit 1 '$ABCD' | tail -c 2 | od -An -c"
	assert_output '  \n  \n'
}

@test "limit zero keeps only the rest line" {
	run logitsample -d -f json --limit 0 "$UNIFORM4"
	assert_success
	run jq -c '[(.candidates | length), .omitted]' <<<"$output"
	assert_output '[0,{"count":4,"prob":1,"final":1}]'
}

@test "limit larger than the record" {
	run logitsample -d --limit 9 "$ABCD"
	assert_success
	assert_equal "${#lines[@]}" 4
	refute_output --partial more
}

@test "tsv format is the default" {
	for args in "-d $BATCH3" "-s 7 -n 3 $BATCH" "-d -g $ABCD"; do
		cmp <(logitsample $args) <(logitsample -f tsv $args)
	done
	run logitsample -s 7 -f tsv -g "$ABCD"
	assert_output d
}

@test "logprobs match python" {
	logitsample -s 11 -n 5 -l --top-logprobs 3 "$BATCH" \
	    >"$BATS_TEST_TMPDIR/out"
	run python3 - "$BATCH" "$BATS_TEST_TMPDIR/out" 1 <<'EOF'
import math, sys
records = open(sys.argv[1]).read().strip("\n").split("\n\n")
lines = open(sys.argv[2]).read().split("\n")[:-1]
temperature = float(sys.argv[3])
draws = int(len(lines) / len(records))
checked = 0
for r, text in enumerate(records):
    pairs = [l.rsplit("\t", 1) for l in text.split("\n")]
    scores = {t: float(s) for t, s in pairs}
    assert len(scores) == len(pairs), "tokens must be unique"
    top = max(scores.values())
    norm = math.log(sum(math.exp(s - top) for s in scores.values()))
    ranked = sorted(range(len(pairs)), key=lambda i: (-float(pairs[i][1]), i))
    for line in lines[r * draws:(r + 1) * draws]:
        fields = line.split("\t")
        assert len(fields) == 8, fields
        for k in range(0, 8, 2):
            want = scores[fields[k]] - top - norm
            assert abs(float(fields[k + 1]) - want) <= 1e-12, (fields, want)
            checked += 1
        alternatives = [fields[k] for k in (2, 4, 6)]
        assert alternatives == [pairs[i][0] for i in ranked[:3]], fields
print("ok", checked)
EOF
	assert_success
	assert_output "ok 1000"
}

@test "final logprobs match python" {
	logitsample -f json -s 3 -n 4 -t 0.7 -k 20 --logprobs=final \
	    --top-logprobs 25 "$BATCH" >"$BATS_TEST_TMPDIR/out.json"
	run python3 - "$BATCH" "$BATS_TEST_TMPDIR/out.json" <<'EOF'
import json, math, sys
records = open(sys.argv[1]).read().strip("\n").split("\n\n")
objects = [json.loads(l) for l in open(sys.argv[2])]
assert len(objects) == len(records)
checked = 0
for text, obj in zip(records, objects):
    scores = [float(l.rsplit("\t", 1)[1]) for l in text.split("\n")]
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    kept = set(ranked[:20])
    top = max(scores)
    weights = {i: math.exp((scores[i] - top) / 0.7) for i in kept}
    total = sum(weights[i] for i in sorted(kept))
    for draw in obj["draws"]:
        assert draw["position"] in kept
        items = [draw] + draw["top_logprobs"]
        for item in items:
            i = item["position"]
            if i in kept:
                want = math.log(weights[i] / total)
                assert abs(item["logprob"] - want) <= 1e-12, (item, want)
            else:
                assert item["logprob"] == "-inf", item
            checked += 1
        assert [t["position"] for t in draw["top_logprobs"]] == ranked[:25]
        assert draw["rank"] == ranked.index(draw["position"]) + 1
print("ok", checked)
EOF
	assert_success
	assert_output "ok 5200"
}

@test "top logprobs break ties by line" {
	printf 'x\t1\ny\t2\nz\t2\nw\t1\n' >"$BATS_TEST_TMPDIR/ties.tsv"
	run logitsample -s 1 -g --top-logprobs 4 "$BATS_TEST_TMPDIR/ties.tsv"
	assert_success
	run cut -f 1,3,5,7,9 <<<"$output"
	assert_output "$(printf 'y\ty\tz\tx\tw')"
}

@test "top logprobs beyond the candidates" {
	run logitsample -s 1 -g --top-logprobs 9 "$ABCD"
	assert_success
	run awk -F '\t' '{ print NF }' <<<"$output"
	assert_output 10
}

@test "logprobs of masked and infinite scores" {
	printf 'x\tinf\ny\t-inf\nz\tinf\nq\t5\n' >"$BATS_TEST_TMPDIR/inf.tsv"
	run logitsample -s 2 -g --top-logprobs 4 "$BATS_TEST_TMPDIR/inf.tsv"
	assert_success
	# Two +inf scores share the input distribution: ln 1/2 each.
	assert_output "$(printf 'x\t-0.6931471805599453\tx\t-0.6931471805599453\tz\t-0.6931471805599453\tq\t-inf\ty\t-inf')"
}

@test "logprobs final of greedy is zero" {
	run logitsample -s 2 -g --logprobs=final "$ABCD"
	assert_success
	assert_output "$(printf 'd\t0')"
}

@test "verbose line per record" {
	printf 'a 0\nb 0\nc 0\nd 0\n\nx 0\ny 0\n' >"$BATS_TEST_TMPDIR/two.tsv"
	run --separate-stderr logitsample -v -s 9 -k 2 "$BATS_TEST_TMPDIR/two.tsv"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_equal "${stderr_lines[0]}" 'logitsample: seed 9'
	assert_equal "${stderr_lines[1]}" 'logitsample: record 0: 4 candidates, 2 survivors, entropy 1.38629 nats (PROB), 0.693147 nats (FINAL)'
	assert_equal "${stderr_lines[2]}" 'logitsample: record 1: 2 candidates, 2 survivors, entropy 0.693147 nats (PROB), 0.693147 nats (FINAL)'
	assert_equal "${#stderr_lines[@]}" 3
}

@test "format options reject bad values" {
	run --separate-stderr logitsample -f xml "$ABCD"
	assert_failure 2
	assert_equal "$stderr" "logitsample: invalid value 'xml' for -f/--format: expected tsv, json or table
Try 'logitsample --help'."
	run --separate-stderr logitsample --logprobs=best "$ABCD"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value 'best' for -l/--logprobs: expected input or final"
	run --separate-stderr logitsample -d --limit -1 "$ABCD"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value '-1' for --limit: expected an integer >= 0"
	run --separate-stderr logitsample --top-logprobs x "$ABCD"
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "logitsample: invalid value 'x' for --top-logprobs: expected an integer >= 0"
}

@test "format options reject bad combinations" {
	for args in "-r -d" "-r -f json" "-r -f tsv" "-f tsv -r" "-r -l" \
	    "-d -l" "-d --top-logprobs 1" "--limit 3"; do
		run --separate-stderr logitsample $args "$ABCD"
		assert_failure 2
		assert_equal "${#lines[@]}" 0
		assert_equal "${stderr_lines[1]}" "Try 'logitsample --help'."
	done
}

@test "help describes each format" {
	run logitsample --help
	assert_success
	assert_output --partial '-f, --format FMT'
	assert_output --partial 'logitsample -d -f json scores.tsv | jq .summary'
	assert_output --partial 'logitsample -d -f table --limit 10 scores.tsv'
	assert_output --partial '-r, --raw'
	assert_output --partial '--top-logprobs N'
	assert_output --partial '--limit N'
}

@test "help examples run" {
	cp "$ABCD" "$BATS_TEST_TMPDIR/scores.tsv"
	cp "$BATCH" "$BATS_TEST_TMPDIR/steps.tsv"
	cd "$BATS_TEST_TMPDIR"
	run "$LOGITSAMPLE" -s 1 -l --top-logprobs 2 scores.tsv
	assert_success
	run "$LOGITSAMPLE" -d --limit 5 scores.tsv
	assert_success
	run sh -c "'$LOGITSAMPLE' -d -f json scores.tsv | jq -c .summary.candidates"
	assert_output 4
	run "$LOGITSAMPLE" -d -f table --limit 10 scores.tsv
	assert_success
	run "$LOGITSAMPLE" -s 1 -r steps.tsv
	assert_success
}

@test "logprob of a lone +inf is 0" {
	run -0 --separate-stderr logitsample -s 1 -l < <(printf 'a inf\nb 1\n')
	assert_output $'a\t0'
	run -0 --separate-stderr logitsample -s 1 -l -f json \
	    < <(printf 'a inf\nb 1\n')
	assert_output --partial '"logprob":0'
	refute_output --partial '"logprob":-0'
}
