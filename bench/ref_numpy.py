#!/usr/bin/env python3
"""A straightforward numpy sampler, the reference point for the benchmark.

usage: ref_numpy.py [-t T] [-k K] [-p P] [-m M] [-g] [-d] FILE

Temperature, top-k with np.partition, top-p with argsort and cumsum,
min-p, then one draw per record with Generator.choice; -d prints the
probabilities in rank order instead.  It is not bit-compatible with
logitsample, because it uses libm's exp, numpy's sort and numpy's
generator.  It only shows what the same work costs in an ordinary
implementation.
"""
import argparse
import sys

import numpy as np


def records(path):
    """Yield (tokens, logits) for each blank-line-separated record."""
    tokens, values = [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if tokens:
                    yield tokens, np.array(values, dtype=np.float64)
                tokens, values = [], []
                continue
            token, value = line.rsplit("\t", 1)
            tokens.append(token)
            values.append(float(value))
    if tokens:
        yield tokens, np.array(values, dtype=np.float64)


def sample(z, args, rng):
    if args.greedy or args.t == 0:
        return int(np.argmax(z))
    z = z / args.t
    keep = np.arange(len(z))
    if 0 < args.k < len(z):
        keep = np.argpartition(-z, args.k - 1)[:args.k]
    w = np.exp(z[keep] - z[keep].max())
    if args.p < 1:
        order = np.argsort(-w, kind="stable")
        cum = np.cumsum(w[order])
        cut = np.searchsorted(cum, args.p * cum[-1]) + 1
        keep, w = keep[order[:cut]], w[order[:cut]]
    if args.m > 0:
        mask = w >= args.m * w.max()
        keep, w = keep[mask], w[mask]
    return int(keep[rng.choice(len(w), p=w / w.sum())])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-t", type=float, default=1.0)
    ap.add_argument("-k", type=int, default=0)
    ap.add_argument("-p", type=float, default=1.0)
    ap.add_argument("-m", type=float, default=0.0)
    ap.add_argument("-g", dest="greedy", action="store_true")
    ap.add_argument("-d", dest="dump", action="store_true")
    ap.add_argument("file")
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    out = sys.stdout
    for tokens, z in records(args.file):
        if args.dump:
            w = np.exp(z - z.max())
            prob = w / w.sum()
            order = np.argsort(-z, kind="stable")
            cum = np.cumsum(prob[order])
            for r, i in enumerate(order):
                out.write("%s\t%r\t%r\t%r\n" % (tokens[i], z[i], prob[i],
                                               cum[r]))
            out.write("\n")
        else:
            out.write(tokens[sample(z, args, rng)] + "\n")


if __name__ == "__main__":
    main()
