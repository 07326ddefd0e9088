# Shared set-up for the bats suites: assertion libraries, the binary
# under test and small input files.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# `run -N` and `run --separate-stderr` need bats 1.5 or later.
bats_require_minimum_version 1.5.0

# The binary under test; LOGITSAMPLE overrides it (a sanitizer build, say).
LOGITSAMPLE=${LOGITSAMPLE:-$BATS_TEST_DIRNAME/../logitsample}
REAL_LOGITS=$BATS_TEST_DIRNAME/../samples

# Python 3 computes expected values independently of the program.  The
# system interpreter starts faster than a version-manager shim.
if [ -z "${PYTHON:-}" ]; then
	if [ -x /usr/bin/python3 ]; then
		PYTHON=/usr/bin/python3
	else
		PYTHON=python3
	fi
fi

logitsample() {
	"$LOGITSAMPLE" "$@"
}

# Set in and out to file names in the test's temporary directory, and
# abcd to one that contains the record write_abcd writes.
make_abcd_files() {
	in=$BATS_TEST_TMPDIR/in
	out=$BATS_TEST_TMPDIR/out
	abcd=$BATS_TEST_TMPDIR/abcd
	write_abcd "$abcd"
}

# Run Python with the reference implementation, tests/reference/
# logitsample.py, importable as the module logitsample.  The arguments
# are those of python3.  No bytecode is written into the source tree.
reference_python() {
	PYTHONDONTWRITEBYTECODE=1 \
	    PYTHONPATH=$BATS_TEST_DIRNAME/reference${PYTHONPATH:+:$PYTHONPATH} \
	    "$PYTHON" "$@"
}

# Print the draws of the reference implementation's generator and draw
# rule, one token per line, with no transform.  Arguments: seed, count,
# temperature, then the input files.  Records are numbered from 0 across
# the files, so record r draws from xoshiro256** seeded by SplitMix64
# from seed XOR mix64(r).
reference_draws() {
	reference_python - "$@" <<-'EOF'
	import sys
	import logitsample as ref

	seed, count = int(sys.argv[1]), int(sys.argv[2])
	temperature = float(sys.argv[3])
	out = sys.stdout.buffer
	record_number = 0
	for path in sys.argv[4:]:
	    with open(path, "rb") as stream:
	        data = stream.read()
	    for record in ref.read_records(data, path, False):
	        dist = ref.Distribution(record, temperature)
	        generator = ref.Generator(seed, record_number)
	        for _ in range(count):
	            token = record[ref.draw(dist, generator)].token
	            out.write(ref.escape_token(token) + b"\n")
	        record_number += 1
	EOF
}

# Write the four-token record whose logits are ln 0.1, ln 0.2, ln 0.3 and
# ln 0.4 (tokens a, b, c, d) to the file named by $1.
write_abcd() {
	printf 'a\t%s\nb\t%s\nc\t%s\nd\t%s\n' \
	    -2.3025850929940455 -1.6094379124341003 \
	    -1.2039728043259361 -0.916290731874155 >"$1"
}

# Check one column of a one-record --dump table against expected values.
# $1 is the dump text, $2 the column (2 LOGIT, 3 PROB, 4 CUM, 5 FINAL),
# then one TOKEN=EXPR pair per candidate in the expected rank order
# (split at the last "=", so a token may contain "=").
# EXPR is a Python expression with the math module's names in scope.
# Non-zero values must agree within a relative error of 1e-12, and an
# expected 0 must be exactly 0.  Prints each mismatch and returns 1.
assert_dump_column() {
	local dump=$1 column=$2
	shift 2
	DUMP=$dump "$PYTHON" - "$column" "$@" <<-'EOF'
	import os, sys
	from math import *
	column = int(sys.argv[1])
	pairs = [arg.rsplit("=", 1) for arg in sys.argv[2:]]
	text = os.environ["DUMP"]
	# bats strips trailing newlines from $output, so the blank line that
	# ends the record is checked elsewhere.
	text = text.rstrip("\n")
	if "\n\n" in text:
	    sys.exit("dump has more than one record")
	rows = [line.split("\t") for line in text.split("\n")]

	failed = False
	if len(rows) != len(pairs):
	    print(f"dump has {len(rows)} rows, expected {len(pairs)}")
	    failed = True

	for rank, (row, (token, expr)) in enumerate(zip(rows, pairs)):
	    expected = float(eval(expr))
	    actual = float(row[column - 1])
	    if row[0] != token:
	        print(f"rank {rank}: token {row[0]!r}, expected {token!r}")
	        failed = True
	    if expected == 0 or isinf(expected):
	        ok = actual == expected
	    else:
	        ok = abs(actual - expected) <= 1e-12 * abs(expected)
	    if not ok:
	        print(f"rank {rank} ({token}): column {column} is "
	              f"{row[column - 1]}, expected {expected!r}")
	        failed = True
	sys.exit(1 if failed else 0)
	EOF
}

# Run a chi-square goodness-of-fit test of drawn tokens against expected
# probabilities.  Standard input is the draws, one token per line; the
# arguments are TOKEN=EXPR pairs as for assert_dump_column, whose values
# need not sum to 1.
# Tokens with probability 0 are not cells: drawing one is exit status 2.
# Prints the statistic, the degrees of freedom and the p-value, and
# exits 0 when the p-value is at least 1e-6 (so a correct program fails
# less than once in a million runs) and 1 otherwise.
chi_square_test() {
	local script
	script=$(cat <<-'EOF'
	import os, sys
	from math import *
	from collections import Counter

	def chi_square_survival(x, df):
	    # Q(df/2, x/2), the regularized upper incomplete gamma function,
	    # in closed form for integer df: a finite sum for even df and erfc
	    # plus a finite sum for odd df.
	    y = x / 2
	    if df % 2 == 0:
	        term, total = 1.0, 1.0
	        for j in range(1, df // 2):
	            term *= y / j
	            total += term
	        return exp(-y) * total
	    total = erfc(sqrt(y))
	    term = sqrt(y) / gamma(1.5)
	    for j in range(0, (df - 1) // 2):
	        total += exp(-y) * term
	        term *= y / (j + 1.5)
	    return total

	expected = {}
	for arg in sys.argv[1:]:
	    token, expr = arg.rsplit("=", 1)
	    expected[token] = float(eval(expr))
	weight = sum(expected.values())
	counts = Counter(line.rstrip("\n") for line in sys.stdin)
	n = sum(counts.values())
	for token in counts:
	    if expected.get(token, 0) == 0:
	        print(f"token {token!r} drawn {counts[token]} times, "
	              f"expected probability 0")
	        sys.exit(2)
	cells = [t for t in expected if expected[t] > 0]
	stat = sum((counts[t] - n * expected[t] / weight) ** 2
	           / (n * expected[t] / weight) for t in cells)
	df = len(cells) - 1
	p = chi_square_survival(stat, df)
	print(f"chi2={stat:.3f} df={df} p={p:.3g} n={n}")
	sys.exit(0 if p >= 1e-6 else 1)
	EOF
	)
	"$PYTHON" -c "$script" "$@"
}

# Print the value of the Python expression $1 with "%.{p}g" for the
# smallest p in 1..17 that reads back to the same double, and infinities
# as inf and -inf: the number format of the dump, computed separately.
shortest_g() {
	"$PYTHON" -c '
import sys
from math import *
x = float(eval(sys.argv[1]))
if isinf(x):
    print("-inf" if x < 0 else "inf")
else:
    print(next(s for p in range(1, 18)
               if float(s := "%.*g" % (p, x)) == x))
' "$1"
}

# Print the name of an installed locale whose decimal point is a comma,
# or nothing when there is none.
find_decimal_comma_locale() {
	local name
	for name in $(locale -a 2>/dev/null); do
		if [ "$(LC_ALL=$name locale decimal_point 2>/dev/null)" = "," ]
		then
			printf '%s\n' "$name"
			return
		fi
	done
}

# Fail when the last `run --separate-stderr` wrote anything to stderr.
refute_stderr() {
	if [ -n "$stderr" ]; then
		printf 'unexpected stderr:\n%s\n' "$stderr"
		return 1
	fi
}

# Fail unless columns $2 and $3 of every line of the dump in file $1 are
# the same text, such as PROB and FINAL when no truncation runs.
assert_columns_equal() {
	awk -F '\t' -v a="$2" -v b="$3" '
		NF == 0 { next }
		$a != $b { print "line " NR ": " $a " != " $b; bad = 1 }
		END { exit bad }
	' "$1"
}
