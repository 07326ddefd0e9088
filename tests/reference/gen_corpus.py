#!/usr/bin/env python3
"""Write a random but reproducible corpus for comparing logitsample builds.

Usage: gen_corpus.py DIR [--records N] [--chunks C] [--seed S]

DIR receives C input files of about N / C records each (up to 64
candidates a record) and two files of invocations, one per line:

    NAME <TAB> STDIN <TAB> ARGUMENTS

NAME labels the output, STDIN is an input file to connect to standard
input or `-` for none, and ARGUMENTS are separated by single spaces
(no argument contains a space).  File names in ARGUMENTS and STDIN are
relative to DIR.  In `cases`, every chunk is run twice with one random
set of the core options (temperature, top-k, top-p, min-p, greedy,
--probs, seed): once sampling with -n and once with --dump.  A few
extra cases end with invalid data, to compare the output written before
the error and the exit status.  `cases-extended` runs half of the
chunks again with the options that the Python reference does not
implement (logit bias, penalties, typical-p, top-n-sigma, min-keep,
order), for the comparison between builds only.

The records mix plain Gaussian scores with ties, extreme magnitudes,
subnormals, +inf and -inf, weights that underflow, score-only lines,
TAB and space separators, CRLF line ends and many spellings of the
same number.  The same arguments always write the same bytes: the only
source of randomness is random.Random(S).
"""

import argparse
import math
import os
import random

TOKENS = [
    b"the", b" the", b"a", b" a", b"of", b",", b".", b"\xc3\xa9t\xc3\xa9",
    b"\xe4\xb8\xad", b"<eos>", b"<|end|>", b"\\n", b"x\\ty", b"1", b"-1",
    b"0.5", b"inf", b"nan", b"\xff\xfe", b"don't", b"\"q\"", b"#", b"!",
    b"token_with_a_long_name", b"a b", b"  two  spaces", b"\x01ctl",
]

# Spellings of infinities and of a few fixed values.
POSITIVE_INFINITIES = [b"inf", b"INF", b"Inf", b"+inf", b"infinity",
                       b"Infinity", b"+INFINITY"]
NEGATIVE_INFINITIES = [b"-inf", b"-INF", b"-Infinity", b"-infinity"]


# The only doubles for which "%.{p}g" reads back at some p below 16 but
# not at p = 16.  All are powers of two, whose rounding interval is
# narrower below than above.
POWERS_OF_TWO_SKIPPING_16_DIGITS = [
    math.ldexp(1.0, k) for k in (-645, -569, -499, 149, 740, 890, 956, 966)]


def spell_number(rng, value):
    """Return a valid spelling of VALUE (or of a value very close to it)."""
    if value == math.inf:
        return rng.choice(POSITIVE_INFINITIES)
    if value == -math.inf:
        return rng.choice(NEGATIVE_INFINITIES)
    style = rng.randrange(12)
    if style == 0:
        text = "%.3f" % value
    elif style == 1:
        text = "%e" % value
    elif style == 2:
        text = ("%E" % value).replace("E-0", "E-").replace("E+0", "E+")
    elif style == 3:
        text = "%.25g" % value
    elif style == 4:
        text = "%.6g" % value
    elif style == 5:
        # A long plain decimal: past 15 digits, so strtod's path.
        text = "%.30f" % value if abs(value) < 1e4 else repr(value)
    elif style == 6 and value == int(value) and abs(value) < 1e15:
        text = "%d." % value
    elif style == 7 and 0 < abs(value) < 1:
        text = ("%.12f" % value).replace("0.", ".", 1)
    else:
        text = repr(value)
    if text[0] != "-" and rng.random() < 0.15:
        text = "+" + text
    return text.encode()


def logit_scores(rng, count):
    """Return COUNT scores of one of several shapes."""
    shape = rng.randrange(9)
    if shape == 0:  # ties among a few values
        values = [round(rng.gauss(0, 3), 1) for _ in range(rng.randint(1, 3))]
        return [rng.choice(values) for _ in range(count)]
    if shape == 1:  # extreme magnitudes
        pool = [1e308, -1e308, 1.7976931348623157e308, -1e300, 5e-324,
                -5e-324, 1e-310, 0.0, -0.0, 1e15, -1e15, 123456789.125]
        pool += POWERS_OF_TWO_SKIPPING_16_DIGITS
        return [rng.choice(pool) for _ in range(count)]
    if shape == 2:  # infinities among finite scores
        scores = [rng.gauss(0, 5) for _ in range(count)]
        for i in range(count):
            if rng.random() < 0.3:
                scores[i] = rng.choice([math.inf, -math.inf, -math.inf])
        if all(s == -math.inf for s in scores):
            scores[rng.randrange(count)] = 0.0
        return scores
    if shape == 3:  # weights that underflow to 0 at T = 1
        return [rng.choice([0.0, -700.0, -746.0, -800.0, -1e4])
                + rng.random() for _ in range(count)]
    if shape == 4:  # neighbouring doubles
        base = rng.gauss(0, 10)
        return [base + rng.randrange(-3, 4) * abs(base) * 2.0 ** -52
                for _ in range(count)]
    if shape == 5:  # large logits, as real models print them
        return [rng.uniform(-30, 30) for _ in range(count)]
    if shape == 6:  # some -inf, the rest ordinary
        scores = [rng.gauss(0, 2) if rng.random() < 0.6 else -math.inf
                  for _ in range(count)]
        if all(s == -math.inf for s in scores):
            scores[0] = rng.gauss(0, 2)
        return scores
    return [rng.gauss(0, rng.choice([0.01, 1, 3, 30])) for _ in range(count)]


def probability_scores(rng, count):
    """Return COUNT probabilities (any sum), at least one of them >= 0.01."""
    shape = rng.randrange(4)
    if shape == 0:
        scores = [rng.choice([0.0, 0.5, 0.25, 0.1, 1.0, 1e-300, 5e-324])
                  for _ in range(count)]
    elif shape == 1:
        raw = [rng.random() for _ in range(count)]
        total = sum(raw)
        scores = [x / total for x in raw]
    elif shape == 2:
        scores = [rng.random() * rng.choice([1, 3, 1e-10])
                  for _ in range(count)]
    else:
        scores = [round(rng.random(), 2) for _ in range(count)]
    # Spellings such as "%.3f" may round small values to 0, and a record
    # whose probabilities are all 0 is invalid.
    if max(scores) < 0.01:
        scores[rng.randrange(count)] = 0.5
    return scores


def candidate_line(rng, score_text):
    """Return one candidate line (without its line end)."""
    form = rng.randrange(10)
    if form == 0:
        return score_text
    if form == 1:
        return b"  " + score_text + b" "
    token = rng.choice(TOKENS)
    if form == 2:
        return token + b"\t" + score_text
    if form == 3:
        return token + b"\t " + score_text + b" "
    if form == 4:
        return rng.choice([b"", b" ", b"a\tb", b"x\ty\\z"]) + b"\t" + \
            score_text
    if token.endswith(b" "):
        token = token.rstrip(b" ") or b"_"
    if form == 5:
        return token + b"   " + score_text
    return token + b" " + score_text


def line_end(rng):
    return rng.choice([b"\n"] * 6 + [b"\r\n", b"  \n", b" \r\n"])


def record_separator(rng):
    return rng.choice([b"\n", b"\n", b"\n", b"\n\n", b" \n", b"\r\n",
                       b"  \r\n\n", b"\n\n\n"])


def write_record(rng, probs, count):
    scores = (probability_scores if probs else logit_scores)(rng, count)
    crlf = rng.random() < 0.2
    lines = []
    for score in scores:
        end = b"\r\n" if crlf else line_end(rng)
        lines.append(candidate_line(rng, spell_number(rng, score)) + end)
    return b"".join(lines)


def record_size(rng):
    roll = rng.random()
    if roll < 0.05:
        return 1
    if roll < 0.6:
        return rng.randint(2, 8)
    return rng.randint(9, 64)


def write_chunk(rng, records, probs):
    """Return the bytes of an input file holding RECORDS records."""
    parts = []
    if rng.random() < 0.2:
        parts.append(record_separator(rng))
    for i in range(records):
        parts.append(write_record(rng, probs, record_size(rng)))
        if i + 1 < records or rng.random() < 0.5:
            parts.append(record_separator(rng))
    data = b"".join(parts)
    if rng.random() < 0.2:
        data = data.rstrip(b"\r\n ")
    return data


def spell_option(rng, short, long, value):
    """Return the arguments for one option in one of its spellings."""
    form = rng.randrange(4)
    if form == 0:
        return [short, value]
    if form == 1:
        return [short + value]
    if form == 2:
        return [long, value]
    return [long + "=" + value]


def option_set(rng, probs):
    """Return the arguments of a random combination of core options."""
    args = []
    greedy = rng.random() < 0.1
    if greedy:
        args.append(rng.choice(["-g", "--greedy"]))
    if rng.random() < 0.6:
        value = "0" if greedy else rng.choice(
            ["0", "0.5", "1", "1.", "1.5", "2", ".7", "1e-3", "0.01", "100",
             "3e+0", "0.25", "1.1"])
        args += spell_option(rng, "-t", "--temperature", value)
    if rng.random() < 0.4:
        args += spell_option(rng, "-k", "--top-k", rng.choice(
            ["0", "1", "2", "3", "5", "10", "40", "100"]))
    if rng.random() < 0.4:
        args += spell_option(rng, "-p", "--top-p", rng.choice(
            ["0", "0.1", "0.5", "0.8", "0.9", "0.95", "0.999", "1", ".5"]))
    if rng.random() < 0.35:
        args += spell_option(rng, "-m", "--min-p", rng.choice(
            ["0", "0.01", "0.05", "0.1", "0.5", "1", "1e-3"]))
    if probs:
        args.append("--probs")
    seed = rng.choice([0, 1, 2 ** 64 - 1, rng.getrandbits(64),
                       rng.getrandbits(64), rng.getrandbits(32)])
    args += spell_option(rng, "-s", "--seed", str(seed))
    return args


TRANSFORM_NAMES = ["temperature", "top-n-sigma", "top-k", "typical-p",
                   "top-p", "min-p"]


def extended_option_set(rng):
    """Return random options beyond the core ones, without a seed."""
    args = []
    if rng.random() < 0.5:
        args += ["--typical-p", rng.choice(["0.2", "0.5", "0.9", "0.95"])]
    if rng.random() < 0.4:
        args += ["--top-n-sigma", rng.choice(["0.5", "1", "2", "3"])]
    if rng.random() < 0.3:
        args += ["--min-keep", rng.choice(["1", "2", "5"])]
    for _ in range(rng.randrange(3)):
        token = rng.choice(["the", "a", "of", ",", "0", "1", "2"])
        # A -inf bias on a one-candidate record masks it, which is an
        # error that ends the run, so -inf is rare.
        bias = rng.choice(["1.5", "-2", "0.25", "+3e-1", "-1e1", "7"] * 3
                          + ["-inf"])
        args += ["--logit-bias", token + "=" + bias]
    if rng.random() < 0.5:
        args += ["--repeat-penalty", rng.choice(["1.1", "1.5", "2"])]
    if rng.random() < 0.4:
        args += ["--frequency-penalty", rng.choice(["0.5", "-0.5", "1"])]
    if rng.random() < 0.4:
        args += ["--presence-penalty", rng.choice(["0.2", "1", "-1"])]
    if rng.random() < 0.4:
        args += ["--penalty-last-n", rng.choice(["-1", "0", "1", "8"])]
    if rng.random() < 0.3:
        order = TRANSFORM_NAMES[:]
        rng.shuffle(order)
        args += ["--order", ",".join(order)]
    return args


# Inputs that end with invalid data after some valid records.
BAD_ENDINGS = [
    b"a nan\n", b"a 0x1p3\n", b"a 1e400\n", b"a\t\n", b"a 1.5x\n",
    b"x -inf\ny -inf\n", b"a 1\r\r\n", b"a --1\n",
]


def write_cases(directory, records, chunks, seed):
    rng = random.Random(seed)
    cases = []
    chunk_runs = []
    per_chunk = max(1, records // chunks)
    for number in range(chunks):
        probs = rng.random() < 0.2
        name = "c%03d" % number
        data = write_chunk(rng, per_chunk, probs)
        options = option_set(rng, probs)
        count = str(rng.randint(1, 5))
        layout = rng.randrange(6)
        if layout == 0:
            # Split in two files, so record numbers continue across files.
            cut = data.find(b"\n\n", len(data) // 2)
            cut = len(data) if cut < 0 else cut + 2
            write_file(directory, name + "a.in", data[:cut])
            write_file(directory, name + "b.in", data[cut:])
            operands, stdin = [name + "a.in", name + "b.in"], "-"
        elif layout == 1:
            write_file(directory, name + ".in", data)
            operands, stdin = [], name + ".in"
        elif layout == 2:
            # The second half on standard input, named by "-".
            cut = data.find(b"\n\n", len(data) // 2)
            cut = len(data) if cut < 0 else cut + 2
            write_file(directory, name + "a.in", data[:cut])
            write_file(directory, name + "b.in", data[cut:])
            operands, stdin = [name + "a.in", "-"], name + "b.in"
        else:
            write_file(directory, name + ".in", data)
            operands, stdin = [name + ".in"], "-"
        count_args = spell_option(rng, "-n", "--count", count)
        chunk_runs.append((name, stdin, options, count_args, operands))
        cases.append((name + "-sample", stdin,
                      options + count_args + operands))
        cases.append((name + "-dump", stdin, options + ["--dump"] + operands))
    for number, ending in enumerate(BAD_ENDINGS):
        name = "bad%d" % number
        data = write_chunk(rng, 3, False) + b"\n\n" + ending + b"\nb 1\n"
        write_file(directory, name + ".in", data)
        options = option_set(rng, False)
        cases.append((name + "-sample", "-", options + [name + ".in"]))
        cases.append((name + "-dump", "-",
                      options + ["-d", name + ".in"]))
    write_case_list(directory, "cases", cases)
    # A separate generator, so that the core cases do not depend on it.
    write_case_list(directory, "cases-extended",
                    extended_cases(random.Random(seed + 1), chunk_runs))


def extended_cases(rng, chunk_runs):
    """Rerun every other chunk with extended options added."""
    extended = []
    for name, stdin, options, count, operands in chunk_runs[::2]:
        extra = extended_option_set(rng)
        extended.append((name + "-extended-sample", stdin,
                         options + extra + count + operands))
        extended.append((name + "-extended-dump", stdin,
                         options + extra + ["--dump"] + operands))
    return extended


def write_case_list(directory, file_name, cases):
    with open(os.path.join(directory, file_name), "w") as stream:
        for name, stdin, args in cases:
            stream.write("%s\t%s\t%s\n" % (name, stdin, " ".join(args)))


def write_file(directory, name, data):
    with open(os.path.join(directory, name), "wb") as stream:
        stream.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--chunks", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    os.makedirs(args.directory, exist_ok=True)
    write_cases(args.directory, args.records, args.chunks, args.seed)


if __name__ == "__main__":
    main()
