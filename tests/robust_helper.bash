# Helpers for the hostile-input, extreme-option, failing-output and
# memory suites, on top of the shared test_helper.

load test_helper

# `run -N` and `run --separate-stderr` need bats 1.5 or later.
bats_require_minimum_version 1.5.0

# Python 3 computes expected values independently of the program.
PYTHON=${PYTHON:-python3}

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

# Print the draws of record 0 that an independent implementation of the
# documented generator makes: SplitMix64 seeds xoshiro256** from
# $1 XOR mix64(0) = $1, and each draw walks the weights in input order.
# $2 is the number of draws, then TOKEN WEIGHT pairs follow.
expected_draws() {
	"$PYTHON" - "$@" <<-'EOF'
	import sys
	MASK = (1 << 64) - 1
	GAMMA = 0x9E3779B97F4A7C15

	def mix64(z):
	    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
	    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
	    return z ^ (z >> 31)

	def rotl(x, k):
	    return ((x << k) | (x >> (64 - k))) & MASK

	def next_output(s):
	    result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
	    t = (s[1] << 17) & MASK
	    s[2] ^= s[0]
	    s[3] ^= s[1]
	    s[1] ^= s[2]
	    s[0] ^= s[3]
	    s[2] ^= t
	    s[3] = rotl(s[3], 45)
	    return result

	seed, count = int(sys.argv[1]), int(sys.argv[2])
	tokens = sys.argv[3::2]
	weights = [float(w) for w in sys.argv[4::2]]
	counter = seed ^ mix64(0)
	state = []
	for _ in range(4):
	    counter = (counter + GAMMA) & MASK
	    state.append(mix64(counter))
	total = sum(weights)
	for _ in range(count):
	    target = (next_output(state) >> 11) / 2.0 ** 53 * total
	    running = 0.0
	    for token, weight in zip(tokens, weights):
	        running += weight
	        if running > target:
	            print(token)
	            break
	EOF
}

# Fail unless the FINAL column of the one-record dump in file $1 matches
# TOKEN=EXPR pairs given in rank order, EXPR a Python expression.  A zero
# must be exactly 0, other values agree within a relative 1e-12.
assert_final_column() {
	local file=$1
	shift
	"$PYTHON" - "$file" "$@" <<-'EOF'
	import sys
	from math import *
	rows = [line.rstrip("\n").split("\t")
	        for line in open(sys.argv[1], encoding="latin-1")]
	if rows and rows[-1] == [""]:
	    rows.pop()
	pairs = [arg.rsplit("=", 1) for arg in sys.argv[2:]]
	failed = len(rows) != len(pairs)
	if failed:
	    print(f"dump has {len(rows)} rows, expected {len(pairs)}")
	for row, (token, expr) in zip(rows, pairs):
	    expected, actual = float(eval(expr)), float(row[4])
	    if expected == 0:
	        ok = actual == 0
	    else:
	        ok = abs(actual - expected) <= 1e-12 * abs(expected)
	    if row[0] != token or not ok:
	        print(f"row {row}: expected {token} with FINAL {expected!r}")
	        failed = True
	sys.exit(1 if failed else 0)
	EOF
}
