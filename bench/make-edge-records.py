#!/usr/bin/env python3
"""Write score files whose rank order is easy to get wrong.

usage: make-edge-records.py DIR

Each file stresses the order by score, higher first, with ties going to
the earlier line: many equal scores, infinities, -0 next to 0, scores
near the largest and smallest doubles, and tokens containing TABs and
control bytes.  The output depends only on the fixed seeds below.
"""
import os
import random
import sys


def write(path, records):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join("".join(f"{t}\t{s}\n" for t, s in rec)
                          for rec in records))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261204)

    # Few distinct values, so most candidates tie with thousands of others.
    ties = [(f"t{i}", rng.choice(["1.5", "-2", "0", "-0", "3.25"]))
            for i in range(6000)]
    write(os.path.join(out, "ties.tsv"), [ties])

    # Every score equal: rank order is input order.
    write(os.path.join(out, "all-equal.tsv"),
          [[(f"e{i}", "0.125") for i in range(3000)]])

    special = ["inf", "-inf", "0", "-0", "1e308", "-1e308",
               "1.7976931348623157e308", "-1.7976931348623157e308",
               "4.9e-324", "-4.9e-324", "2.2250738585072014e-308",
               "-2.2250738585072014e-308", "1", "-1", "0.5"]
    # Infinities and extremes mixed with ordinary scores, several records.
    records = []
    for size in (7, 40, 300, 2500):
        rec = []
        for i in range(size):
            if rng.random() < 0.4:
                score = rng.choice(special)
            else:
                score = repr(rng.uniform(-20, 20))
            rec.append((f"x{size}_{i}", score))
        records.append(rec)
    write(os.path.join(out, "extremes.tsv"), records)

    # Finite extremes only (no +inf), so the weights are not all-or-nothing.
    finite = [s for s in special if "inf" not in s]
    rec = [(f"f{i}", rng.choice(finite)) for i in range(4000)]
    write(os.path.join(out, "finite-extremes.tsv"), [rec])

    # Only -inf and one finite score, and several +inf ties.
    write(os.path.join(out, "masked.tsv"), [
        [(f"m{i}", "-inf") for i in range(50)] + [("only", "-3")],
        [(f"p{i}", rng.choice(["inf", "-inf", "2", "inf"]))
         for i in range(200)],
    ])

    # Scores a few units in the last place apart, which agree in their
    # high bits, with ties among them.
    ulp = 2.0 ** -52
    rec = [(f"u{i}", repr(1 + ulp * rng.randrange(40))) for i in range(2000)]
    rec += [(f"v{i}", repr(-1 - ulp * rng.randrange(40))) for i in range(2000)]
    rng.shuffle(rec)
    write(os.path.join(out, "last-place.tsv"), [rec])

    # Large record of rounded scores: real-looking values with many ties,
    # the negative and positive zero among them.
    rec = [(f"r{i}", f"{rng.gauss(0, 4):.2f}") for i in range(70000)]
    write(os.path.join(out, "rounded-70k.tsv"), [rec])

    # Tokens with TABs and control bytes, which the dump escapes.
    rec = []
    for i in range(500):
        token = rng.choice([f"a\tb{i}", f"c{i}\x01", f"\\x{i}", f"d\t\t{i}",
                            f"plain{i}", f"\x7f{i}", f"é{i}"])
        rec.append((token, rng.choice(["1", "2", "-inf", repr(rng.random())])))
    write(os.path.join(out, "tokens.tsv"), [rec])

    # Tokens around 4096 bytes, the longest that the dump copies into its
    # output block, with and without TABs.
    rec = [("L" * 5000, "1"), ("M" * 4096 + "\tm", "2"), ("s", "1"),
           ("N" * 4097, "-inf"), ("T\t" * 3000, "0.5"), ("u", "2")]
    rec += [(f"w{i}" * (i % 700), repr(rng.random())) for i in range(1, 900)]
    write(os.path.join(out, "long-tokens.tsv"), [rec])

    # Score-only lines: the token is the line's position in the record.
    with open(os.path.join(out, "positions.tsv"), "w") as f:
        for i in range(1000):
            f.write(f"{rng.choice(['0.5', '-1', '0.5', repr(rng.random())])}\n")


main()
