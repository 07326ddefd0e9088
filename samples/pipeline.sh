#!/bin/bash
# Sample every record of samples/batch.tsv in one pipeline and turn the
# tokens into text.  The script prints the prompt "the program", then the
# tokens joined with spaces, and the \n token starts a new line.
#
# With the same seed this prints what samples/generate.sh prints.  Each
# record's draw depends only on the seed and the record's number, not on
# how the records arrive.
#
# Usage: samples/pipeline.sh [seed]  (run from the repository root; the
# binary is ./logitsample unless LOGITSAMPLE names another)
set -eu -o pipefail

logitsample=${LOGITSAMPLE:-./logitsample}
seed=${1:-1234}

"$logitsample" -s "$seed" -t 0.8 -p 0.95 samples/batch.tsv |
awk 'BEGIN { printf "the program"; separator = " " }
	$0 == "\\n" { printf "\n"; separator = ""; next }
	{ printf "%s%s", separator, $0; separator = " " }
	END { printf "\n" }'
