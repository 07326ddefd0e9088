#!/usr/bin/env bats
# The documented examples are run and compared with what the documents
# show.  The examples are read from man/logitsample.1 and README.md
# themselves, so an example that no longer matches the program fails here.
#
# A man page example is a literal display (.Bd -literal ... .Ed) in the
# EXAMPLES section; a README example is a ```console block.  In both, a
# line starting with "$ " is a command and the other lines are the output
# the commands before them print.  All commands of one block run in one
# bash process, from the top of the repository, with "logitsample" on
# PATH resolving to the binary under test.

load test_helper

REPO=$BATS_TEST_DIRNAME/..
MAN_PAGE=$REPO/man/logitsample.1

# Number of examples in each document; a new example needs a new @test.
MAN_EXAMPLES=16
README_EXAMPLES=5

setup_file() {
	local bindir=$BATS_FILE_TMPDIR/bin

	mkdir -p "$bindir"
	ln -sf "$(realpath "$LOGITSAMPLE")" "$bindir/logitsample"
	split_man_examples "$MAN_PAGE" "$BATS_FILE_TMPDIR/man"
	split_readme_examples "$REPO/README.md" "$BATS_FILE_TMPDIR/readme"
}

# Write the man page's EXAMPLES displays to DIR/N.sh (the commands) and
# DIR/N.out (the expected output), N counting from 1.  The roff escapes
# used in the displays are decoded: \(aq is ', \e is \, \& is nothing.
split_man_examples() {
	mkdir -p "$2"
	awk -v dir="$2" '
	function decode(line) {
		gsub(/\\\(aq/, "\047", line)
		gsub(/\\&/, "", line)
		gsub(/\\-/, "-", line)
		gsub(/\\e/, "\\", line)
		return line
	}
	/^\.Sh / { examples = ($0 == ".Sh EXAMPLES") }
	examples && /^\.Bd -literal/ { n++; inside = 1; next }
	inside && /^\.Ed/ { inside = 0; next }
	inside && /^\$ / {
		print decode(substr($0, 3)) > (dir "/" n ".sh")
		next
	}
	inside { print decode($0) > (dir "/" n ".out") }
	' "$1"
}

# Write the README's console blocks to DIR/N.sh and DIR/N.out.  The
# commands call ./logitsample, which becomes the binary under test, and a
# leading "make && " is dropped because the tests run after the build.
split_readme_examples() {
	mkdir -p "$2"
	awk -v dir="$2" '
	/^```console$/ { n++; inside = 1; next }
	inside && /^```$/ { inside = 0; next }
	inside && /^\$ / {
		command = substr($0, 3)
		sub(/^make && /, "", command)
		gsub(/\.\/logitsample/, "logitsample", command)
		print command > (dir "/" n ".sh")
		next
	}
	inside { print > (dir "/" n ".out") }
	' "$1"
}

# Run example N from DIR and compare its output, byte for byte, with the
# output the document shows.
check_example() {
	local dir=$1 n=$2

	[ -f "$dir/$n.sh" ] || fail "no example $n in $dir"
	touch "$dir/$n.out"
	(
		cd "$REPO" &&
		    PATH=$BATS_FILE_TMPDIR/bin:$PATH \
		    LOGITSAMPLE=$BATS_FILE_TMPDIR/bin/logitsample \
		    bash "$dir/$n.sh"
	) >"$dir/$n.actual" 2>&1 || true
	run diff -u "$dir/$n.out" "$dir/$n.actual"
	assert_success
}

@test "man page has 16 examples" {
	run find "$BATS_FILE_TMPDIR/man" -name '*.sh'
	assert_success
	assert_equal "${#lines[@]}" "$MAN_EXAMPLES"
}

@test "man page example 1: one draw at temperature 0.8" {
	check_example "$BATS_FILE_TMPDIR/man" 1
}

@test "man page example 2: dump head" {
	check_example "$BATS_FILE_TMPDIR/man" 2
}

@test "man page example 3: dump with top-k" {
	check_example "$BATS_FILE_TMPDIR/man" 3
}

@test "man page example 4: dump with min-p" {
	check_example "$BATS_FILE_TMPDIR/man" 4
}

@test "man page example 5: ten draws" {
	check_example "$BATS_FILE_TMPDIR/man" 5
}

@test "man page example 6: records across files" {
	check_example "$BATS_FILE_TMPDIR/man" 6
}

@test "man page example 7: coprocess" {
	check_example "$BATS_FILE_TMPDIR/man" 7
}

@test "man page example 8: greedy trace" {
	check_example "$BATS_FILE_TMPDIR/man" 8
}

@test "man page example 9: space-form lines" {
	check_example "$BATS_FILE_TMPDIR/man" 9
}

@test "man page example 10: probabilities with top-p" {
	check_example "$BATS_FILE_TMPDIR/man" 10
}

@test "man page example 11: top-p before and after temperature" {
	# At T = 0.5 the probabilities 0.5 0.3 0.2 become 25/38, 9/38, 4/38,
	# so a alone reaches 0.6.  At T = 1, b joins, and the draw is at
	# T = 0.5 over a and b: 25/34 rounds to 0.7352941176470589, and 9/34
	# to 0.2647058823529412, of which the program's w_b / W is one unit
	# in the last place below.
	check_example "$BATS_FILE_TMPDIR/man" 11
}

@test "man page example 12: repeat penalty and logit bias" {
	check_example "$BATS_FILE_TMPDIR/man" 12
}

@test "man page example 13: table dump" {
	check_example "$BATS_FILE_TMPDIR/man" 13
}

@test "man page example 14: JSON omitted mass" {
	check_example "$BATS_FILE_TMPDIR/man" 14
}

@test "man page example 15: top log-probabilities" {
	check_example "$BATS_FILE_TMPDIR/man" 15
}

@test "man page example 16: raw text" {
	check_example "$BATS_FILE_TMPDIR/man" 16
}

@test "README has 5 examples" {
	run find "$BATS_FILE_TMPDIR/readme" -name '*.sh'
	assert_success
	assert_equal "${#lines[@]}" "$README_EXAMPLES"
}

@test "README example 1: first sample and dump" {
	check_example "$BATS_FILE_TMPDIR/readme" 1
}

@test "README example 2: coprocess generation" {
	check_example "$BATS_FILE_TMPDIR/readme" 2
}

@test "README example 3: table dump" {
	# PROB, FINAL, CUM, the mass of the rest and the entropies agree to
	# the digits shown with an independent computation in Python from
	# the scores of samples/04-this-option.tsv.
	check_example "$BATS_FILE_TMPDIR/readme" 3
}

@test "README example 4: JSON draw with jq" {
	# The token and rank are those of the first example and of the dump
	# in example 1; the log-probability z - zmax - ln sum exp(z - zmax),
	# computed in Python, has the same digits.
	check_example "$BATS_FILE_TMPDIR/readme" 4
}

@test "README example 5: llama.cpp order and repeat penalty" {
	# The survivors and FINAL values of both orders were computed in
	# Python from the scores; the penalty turns a's score 1 into 0.8,
	# below b's 0.9.
	check_example "$BATS_FILE_TMPDIR/readme" 5
}

@test "README set-up commands appear as examples" {
	local command found=0

	# Each inline `make && ./logitsample ...` must also be the command of
	# a console example, which the tests above run.
	while IFS= read -r command; do
		found=$((found + 1))
		run grep -qxF -- "\$ $command" "$REPO/README.md"
		assert_success
	done < <(grep -o '`make && ./logitsample[^`]*`' "$REPO/README.md" |
	    sed 's/^`make && \(.*\)`$/\1/')
	[ "$found" -ge 1 ] || fail "no make && ./logitsample command in README.md"
}

@test "pipeline example prints what the coprocess example prints" {
	local generated piped

	cd "$REPO"
	export LOGITSAMPLE=$BATS_FILE_TMPDIR/bin/logitsample
	run samples/generate.sh 99
	assert_success
	generated=$output
	run samples/pipeline.sh 99
	assert_success
	piped=$output
	assert_equal "$piped" "$generated"
	[ "${#generated}" -gt 100 ] || fail "generated text too short: $generated"
}

@test "man page generator description reproduces the draws" {
	# The reference implementation, written from the man page's
	# generator section and draw rule, must give the test vector the
	# page states and the tokens of its sampling examples.
	run reference_python - <<-'EOF'
	import logitsample as ref

	generator = ref.Generator(42, 0)
	print(" ".join("%#018x" % word for word in generator.state))
	first = generator.next64()
	print("%#018x %r" % (first, ref.Generator(42, 0).uniform()))
	EOF
	assert_success
	assert_line --index 0 "0xbdd732262feb6e95 0x28efe333b266f103 0x47526757130f9f52 0x581ce1ff0e4ae394"
	assert_line --index 1 "0x15780b2e0c2ec716 0.08386297105988216"

	run -0 reference_draws 42 10 1 "$REPO/samples/03-see-also.tsv"
	assert_equal "${lines[*]}" '\n \n \n : entirely \n \n the \n \n'
	run -0 reference_draws 3 1 1 "$REPO/samples/03-see-also.tsv" \
	    "$REPO/samples/04-this-option.tsv"
	assert_equal "${lines[*]}" '\n is'

	# The same values must be the ones the man page states.
	run grep -c -e '^s\[0\.\.3\] = 0xbdd732262feb6e95 0x28efe333b266f103$' \
	    -e '^          0x47526757130f9f52 0x581ce1ff0e4ae394$' \
	    -e '^result  = 0x15780b2e0c2ec716$' \
	    -e '^u       = 0\.08386297105988216$' "$MAN_PAGE"
	assert_output 4
}

@test "man page exp and log reproduce the program" {
	# The reference implementation's det_exp and det_log repeat the man
	# page's pseudo-code for the exponential and the logarithm operation
	# for operation, and must give the same bits as the program: ln p
	# shows as LOGIT with --probs, and for the scores 0 and x the dump's
	# PROB of x is exp(x) / (1 + exp(x)).
	run reference_python - "$LOGITSAMPLE" "$MAN_PAGE" <<'EOF'
import random, re, subprocess, sys
import logitsample as ref
from logitsample import det_exp as page_exp, det_log as page_log

# The reference's constants must be the ones the man page states.
page = open(sys.argv[2], encoding="utf-8").read().replace("\\-", "-")
for name, pattern in [
        ("LN2_HI", r"^HI  = (\S+)$"),
        ("LN2_LO", r"^LO  = (\S+)$"),
        ("INV_LN2", r"^INV = (\S+)$"),
        ("EXP_MAX", r"^The exponential is \+inf for x > (\S+) and"),
        ("EXP_MIN", r"^x < (\S+)\.$"),
        ("SQRT_HALF", r"^if m < (\S+):$")]:
    stated = re.findall(pattern, page, re.MULTILINE)
    if [float(text) for text in stated] != [getattr(ref, name)]:
        print("%s is %r, man page states %s"
              % (name, getattr(ref, name), stated))

def dump(args, text):
    done = subprocess.run([sys.argv[1], "-d"] + args, input=text,
                          capture_output=True, text=True, check=True)
    return done.stdout.split("\n\n")[:-1]

rng = random.Random(1)
probs = [rng.random() * 10.0 ** rng.randint(-300, 5) for _ in range(500)]
records = dump(["--probs"], "".join("%r\n\n" % p for p in probs))
for p, record in zip(probs, records):
    logit = float(record.split("\t")[1])
    if logit != page_log(p):
        print("log(%r): program %r, man page %r" % (p, logit, page_log(p)))

xs = [-rng.random() * rng.choice([1, 10, 100, 800]) for _ in range(500)]
records = dump([], "".join("a 0\nb %r\n\n" % x for x in xs))
for x, record in zip(xs, records):
    prob = float(record.split("\n")[1].split("\t")[2])
    weight = page_exp(x)
    if prob != weight / (1 + weight):
        print("exp(%r): program's PROB %r, man page %r"
              % (x, prob, weight / (1 + weight)))
print("checked", len(records))
EOF
	assert_success
	assert_output "checked 500"

	# The man page states the constants on these lines.
	run grep -c -e '^HI  = 6\.93147180369123816490e-01$' \
	    -e '^LO  = 1\.90821492927058770002e-10$' \
	    -e '^INV = 1\.44269504088896338700e+00$' \
	    -e '^x < \\-745\.133219101941108420\.$' \
	    -e '^The exponential is +inf for x > 709\.782712893383973096 and 0 for$' \
	    -e '^if m < 0\.70710678118654752440:$' "$MAN_PAGE"
	assert_output 6
}

@test "help and man page name every option" {
	local help name names long_only short i

	# The long options are those of the getopt_long table in options.c;
	# the long-only ones have no character constant as their value.  The
	# usage line is checked against the SYNOPSIS in the next test.
	run "$LOGITSAMPLE" --help
	assert_success
	# The option descriptions, after the usage lines.
	help=$(sed '1,/^$/d' <<<"$output")
	names=$(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",.*/\1/p' \
	    "$REPO/src/options.c")
	long_only=$(sed -n "/^[[:space:]]*{ \"/{/'.' }/d; \
	    s/^[[:space:]]*{ \"\([a-z-]*\)\",.*/\1/p}" "$REPO/src/options.c")
	[ "$(wc -w <<<"$names")" -ge 27 ] || fail "option table not found"
	[ "$(wc -w <<<"$long_only")" -ge 13 ] || fail "long-only options not found"
	for name in $names; do
		grep -q -e "--$name\b" <<<"$help" ||
		    fail "--help does not mention --$name"
		grep -q -e "^\.It .*Fl Fl $name\b" "$MAN_PAGE" ||
		    fail "man page DESCRIPTION has no item for --$name"
	done
	for name in $long_only; do
		grep -q -e "^\.Op Fl Fl $name\b" "$MAN_PAGE" ||
		    fail "man page SYNOPSIS lacks --$name"
	done
	# Every short option of the getopt string has a "-x, --" help line.
	short=$(sed -n 's/.*short_options\[\] = ":\([^"]*\)".*/\1/p' \
	    "$REPO/src/options.c" | tr -d ':')
	[ -n "$short" ] || fail "short option string not found"
	for ((i = 0; i < ${#short}; i++)); do
		grep -q -e "^  -${short:i:1}, --" <<<"$help" ||
		    fail "--help does not describe -${short:i:1}"
	done
}

@test "usage line matches the man page synopsis" {
	local synopsis usage

	# Both are compared with runs of spaces squeezed and without the
	# spaces mandoc puts around "|".
	synopsis=$(MANWIDTH=200 mandoc -T ascii -O width=200 "$MAN_PAGE" |
	    col -b | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	    tr -s ' \n\t' ' ' | sed 's/ | /|/g; s/^ //; s/ $//')
	usage=$("$LOGITSAMPLE" --help | sed -n '1,/^$/p' | sed 's/^usage: //' |
	    tr -s ' \n\t' ' ' | sed 's/ | /|/g; s/^ //; s/ $//')
	[ -n "$synopsis" ] || fail "no SYNOPSIS rendered"
	assert_equal "$usage" "$synopsis"
}

@test "mandoc lint is clean" {
	# Messages about cross-references (.Xr) depend on which manuals and
	# which mandoc.db the machine has, not on the page, so they are left
	# out.
	run bash -c "mandoc -T lint '$MAN_PAGE' 2>&1 |
	    grep -v -e 'referenced manual not found' -e 'mandoc.db'"
	assert_output ''
}

@test "man page renders with man" {
	run bash -c "MANWIDTH=80 man -l '$MAN_PAGE' 2>/dev/null"
	assert_success
	assert_output --partial "sample tokens from a language model"
	assert_output --partial 'EXIT STATUS'
}

@test "make install and uninstall handle binary and man page" {
	local root=$BATS_TEST_TMPDIR/root prefix=/opt/logitsample

	run make -C "$REPO" install PREFIX="$prefix" DESTDIR="$root"
	assert_success
	[ -x "$root$prefix/bin/logitsample" ] || fail "binary not installed"
	run cmp "$REPO/man/logitsample.1" \
	    "$root$prefix/share/man/man1/logitsample.1"
	assert_success
	run "$root$prefix/bin/logitsample" --version
	assert_success
	assert_output --regexp '^logitsample [0-9]'

	run make -C "$REPO" uninstall PREFIX="$prefix" DESTDIR="$root"
	assert_success
	[ ! -e "$root$prefix/bin/logitsample" ] || fail "binary left behind"
	[ ! -e "$root$prefix/share/man/man1/logitsample.1" ] ||
	    fail "man page left behind"
}
