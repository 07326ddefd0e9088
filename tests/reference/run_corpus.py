#!/usr/bin/env python3
"""Run one logitsample implementation over every case of a corpus.

Usage: run_corpus.py [-j JOBS] [--cases FILE] DIR OUTPUT COMMAND [ARG ...]

For each line of DIR/cases, or of DIR/FILE with --cases (see
gen_corpus.py), this runs COMMAND ARG...
followed by the case's arguments, in DIR, with the case's standard input,
and appends to OUTPUT a header line `=== NAME status S` and then
everything the command wrote to standard output.  Two implementations
agree on the corpus when their OUTPUT files are identical.  Standard
error is not compared: its messages are free text.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys


def run_case(directory, command, case):
    name, stdin_name, arguments = case
    stdin = subprocess.DEVNULL
    if stdin_name != "-":
        stdin = open(os.path.join(directory, stdin_name), "rb")
    try:
        result = subprocess.run(command + arguments, cwd=directory,
                                stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, check=False)
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    header = "=== %s status %d\n" % (name, result.returncode)
    return header.encode() + result.stdout


def read_cases(directory, file_name):
    cases = []
    with open(os.path.join(directory, file_name)) as stream:
        for line in stream:
            name, stdin_name, arguments = line.rstrip("\n").split("\t")
            cases.append((name, stdin_name, arguments.split(" ")))
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--cases", default="cases")
    parser.add_argument("directory")
    parser.add_argument("output")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if not args.command:
        parser.error("missing COMMAND")
    # The cases run in DIR, so paths to the program become absolute.
    command = [os.path.abspath(word) if os.path.exists(word) else word
               for word in args.command]
    cases = read_cases(args.directory, args.cases)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        outputs = pool.map(lambda case: run_case(args.directory, command,
                                                 case), cases)
        with open(args.output, "wb") as stream:
            for output in outputs:
                stream.write(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
