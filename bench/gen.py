#!/usr/bin/env python3
"""Write the benchmark inputs into a directory (default bench/out).

stream.tsv contains 100 records of 32,000 candidates, vocab128k.tsv one
record of 128,256 candidates and vocab256k.tsv one of 256,000.  Each
record is Zipf-shaped: the candidate at vocabulary position i has the
logit -ZIPF_SLOPE * ln(i + 1) plus Gaussian noise, and a few candidates
per record get a boost, as the context of a real model does.  Logits are
written with 6 decimals, as real model dumps are.  The output depends
only on the fixed seed, so every run writes the same bytes.
"""
import math
import os
import random
import sys

ZIPF_SLOPE = 1.35
NOISE_SIGMA = 1.0
BOOSTED = 8
BOOST = 6.0
SEED = 20240601


def token_names(count):
    """Return COUNT distinct word-like token names."""
    syllables = ["th", "er", "on", "an", "re", "he", "in", "ed", "nd", "ha",
                 "at", "en", "es", "of", "or", "nt", "ea", "ti", "to", "it",
                 "st", "io", "le", "is", "ou", "ar"]
    names = []
    for i in range(count):
        word = ""
        n = i
        while True:
            word += syllables[n % 26]
            n //= 26
            if n == 0:
                break
        names.append(word + "s" * (i % 3))
    return names


def write_record(out, rng, names, base):
    """Write one record of len(names) lines, then a blank line."""
    gauss = rng.gauss
    logits = [b + gauss(0.0, NOISE_SIGMA) for b in base]
    for _ in range(BOOSTED):
        logits[rng.randrange(len(logits))] += BOOST
    out.write("\n".join("%s\t%.6f" % pair for pair in zip(names, logits)))
    out.write("\n\n")


def write_file(path, rng, vocab, records):
    names = token_names(vocab)
    base = [-ZIPF_SLOPE * math.log(i + 1) for i in range(vocab)]
    with open(path + ".tmp", "w") as out:
        for _ in range(records):
            write_record(out, rng, names, base)
    os.replace(path + ".tmp", path)


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
        sys.exit("usage: gen.py [OUTDIR]")
    outdir = sys.argv[1] if len(sys.argv) > 1 else "bench/out"
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(SEED)
    write_file(os.path.join(outdir, "stream.tsv"), rng, 32000, 100)
    write_file(os.path.join(outdir, "vocab128k.tsv"), rng, 128256, 1)
    write_file(os.path.join(outdir, "vocab256k.tsv"), rng, 256000, 1)


if __name__ == "__main__":
    main()
