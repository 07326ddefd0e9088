#!/usr/bin/env python3
"""Run the benchmark and print its table in Markdown.

usage: run.py BINARY FLOOR HARNESS OUTDIR [ROUNDS]

Whole-process wall times come from hyperfine, one run of each command per
round.  The floor and every chain are therefore interleaved and share the
machine's slow and fast moments.  The table shows the median over the
rounds.  Peak memory is the maximum resident set size reported by
/usr/bin/time -v.  The per-record transform and draw times come from the
harness.  The numpy reference runs only when some python3 on the machine
can import numpy.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

CHAINS = [
    ("t0.7+k40+p0.95", ["-t", "0.7", "-k", "40", "-p", "0.95"]),
    ("p0.95", ["-p", "0.95"]),
    ("m0.05", ["-m", "0.05"]),
    ("t1", ["-t", "1"]),
    ("greedy", ["-g"]),
]
NUMPY_ROUNDS = 3


def find_numpy_python():
    """Return a python3 that can import numpy, or None."""
    for python in ("python3", "/usr/bin/python3"):
        try:
            subprocess.run([python, "-c", "import numpy"], check=True,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return python
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


def interleaved_medians(commands, rounds):
    """Run every command once per round with hyperfine; return medians."""
    times = [[] for _ in commands]
    with tempfile.TemporaryDirectory() as tmp:
        export = os.path.join(tmp, "round.json")
        for _ in range(rounds):
            subprocess.run(["hyperfine", "-N", "--runs", "1", "--style",
                            "none", "--export-json", export] +
                           [" ".join(c) for c in commands], check=True,
                           stdout=subprocess.DEVNULL)
            with open(export) as f:
                results = json.load(f)["results"]
            for i, result in enumerate(results):
                times[i].extend(result["times"])
    return [statistics.median(t) for t in times]


def peak_memory_kib(command, stdin_path=None, repeat=1):
    """Return the maximum resident set size of COMMAND in KiB."""
    shell = "exec /usr/bin/time -v " + " ".join(command) + " >/dev/null"
    if stdin_path is not None:
        shell = ("for i in $(seq %d); do cat %s; done | " %
                 (repeat, stdin_path)) + shell
    result = subprocess.run(["sh", "-c", shell], check=True,
                            stderr=subprocess.PIPE, text=True)
    for line in result.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    raise RuntimeError("no peak memory in /usr/bin/time output")


def harness_times(harness, stream):
    out = subprocess.run([harness, stream, "5"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return {line.split()[0]: float(line.split()[1])
            for line in out.splitlines()}


def main():
    binary, floor, harness, outdir = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 11
    here = os.path.dirname(os.path.abspath(__file__))
    stream = os.path.join(outdir, "stream.tsv")
    vocab128k = os.path.join(outdir, "vocab128k.tsv")
    vocab256k = os.path.join(outdir, "vocab256k.tsv")

    commands = [[floor, stream]]
    for _, options in CHAINS:
        commands.append([binary, "-s", "1"] + options + [stream])
    commands.append([floor, vocab128k])
    commands.append([binary, "-d", vocab128k])
    medians = interleaved_medians(commands, rounds)
    floor_stream, floor_dump = medians[0], medians[-2]

    numpy_python = find_numpy_python()
    numpy_times = {}
    if numpy_python is not None:
        script = os.path.join(here, "ref_numpy.py")
        numpy_commands = [[numpy_python, script] + o + [stream]
                          for _, o in CHAINS]
        numpy_commands.append([numpy_python, script, "-d", vocab128k])
        numpy_medians = interleaved_medians(numpy_commands, NUMPY_ROUNDS)
        names = [name for name, _ in CHAINS] + ["dump"]
        numpy_times = dict(zip(names, numpy_medians))

    harness = harness_times(harness, stream)
    mib = 1024.0

    print("| chain | wall s | floor s | ratio | numpy s | numpy / ours "
          "| peak MiB | harness µs/record |")
    print("|---|---|---|---|---|---|---|---|")
    for i, (name, options) in enumerate(CHAINS):
        wall = medians[i + 1]
        peak = peak_memory_kib([binary, "-s", "1"] + options + [stream])
        numpy_wall = numpy_times.get(name)
        print("| %s | %.3f | %.3f | %.2f | %s | %s | %.1f | %.1f |" % (
            name, wall, floor_stream, wall / floor_stream,
            "%.2f" % numpy_wall if numpy_wall else "-",
            "%.0f" % (numpy_wall / wall) if numpy_wall else "-",
            peak / mib, harness[name]))
    wall = medians[-1]
    peak = peak_memory_kib([binary, "-d", vocab128k])
    numpy_wall = numpy_times.get("dump")
    print("| --dump 128,256 | %.3f | %.3f | %.2f | %s | %s | %.1f | - |" % (
        wall, floor_dump, wall / floor_dump,
        "%.2f" % numpy_wall if numpy_wall else "-",
        "%.0f" % (numpy_wall / wall) if numpy_wall else "-", peak / mib))
    print()
    print("One exp-and-sum pass per record: det_exp %.1f µs, libm exp "
          "%.1f µs; top-p 0.95 / det_exp pass: %.2f." % (
              harness["exp-sum-det_exp"], harness["exp-sum-libm"],
              harness["p0.95"] / harness["exp-sum-det_exp"]))
    once = peak_memory_kib([binary, "-s", "1", "-p", "0.95"], stream, 1)
    thrice = peak_memory_kib([binary, "-s", "1", "-p", "0.95"], stream, 3)
    big = peak_memory_kib([binary, "-s", "1", "-p", "0.95", vocab256k])
    print("Peak memory, -p 0.95 on standard input: stream once %.1f MiB, "
          "three times %.1f MiB; one 256,000-token record %.1f MiB." % (
              once / mib, thrice / mib, big / mib))
    print("Medians of %d interleaved runs (hyperfine -N); harness: median "
          "over 5 rounds of every record." % rounds)


if __name__ == "__main__":
    main()
