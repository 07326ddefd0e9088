#!/bin/bash
# Generate text with logitsample running as a coprocess, the way a
# language-model loop would use it.  The script sends one record of
# next-token logits, reads the sampled token back, and only then sends
# the next record.
#
# A real loop would run the model on the text so far to get each record.
# Here the records of samples/batch.tsv stand in for the model: they are
# the logits recorded while the model generated from the prompt "The
# program".  The script prints the prompt and then the sampled tokens,
# joined with spaces, and the \n token starts a new line.
#
# Usage: samples/generate.sh [seed]  (run from the repository root; the
# binary is ./logitsample unless LOGITSAMPLE names another)
set -eu

logitsample=${LOGITSAMPLE:-./logitsample}
seed=${1:-1234}
batch=samples/batch.tsv
prompt='the program'

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

# Split the batch into one file per record.  In paragraph mode (RS
# empty), awk reads the blank-line-separated records one at a time.
awk -v dir="$workdir" 'BEGIN { RS = "" }
	{ file = sprintf("%s/%03d", dir, NR); print > file; close(file) }' \
    "$batch"

coproc SAMPLER { "$logitsample" -s "$seed" -t 0.8 -p 0.95; }
# Bash unsets these variables once the coprocess has ended, so the
# script keeps copies.
sampler_pid=$SAMPLER_PID
to_sampler=${SAMPLER[1]}
from_sampler=${SAMPLER[0]}

printf '%s' "$prompt"
separator=' '
for record in "$workdir"/*; do
	# The blank line ends the record, so logitsample processes it at
	# once and flushes the token before it waits for more input.
	cat "$record" >&"$to_sampler"
	printf '\n' >&"$to_sampler"
	if ! IFS= read -r token <&"$from_sampler"; then
		echo "generate.sh: logitsample exited before writing" \
		    "a token" >&2
		wait "$sampler_pid" || exit
		exit 1
	fi
	if [ "$token" = '\n' ]; then
		printf '\n'
		separator=
	else
		printf '%s%s' "$separator" "$token"
		separator=' '
	fi
done
printf '\n'

# Closing its input ends the coprocess, and wait returns its exit status.
exec {to_sampler}>&-
wait "$sampler_pid"
