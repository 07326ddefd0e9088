# Shared set-up for the bats suites: assertion libraries, the binary
# under test and small input files.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# The binary under test; LOGITSAMPLE overrides it (a sanitizer build, say).
LOGITSAMPLE=${LOGITSAMPLE:-$BATS_TEST_DIRNAME/../logitsample}
REAL_LOGITS=$BATS_TEST_DIRNAME/../samples

logitsample() {
	"$LOGITSAMPLE" "$@"
}

# Write the four-token record whose logits are ln 0.1, ln 0.2, ln 0.3 and
# ln 0.4 (tokens a, b, c, d) to the file named by $1.
write_abcd() {
	printf 'a\t%s\nb\t%s\nc\t%s\nd\t%s\n' \
	    -2.3025850929940455 -1.6094379124341003 \
	    -1.2039728043259361 -0.916290731874155 >"$1"
}
