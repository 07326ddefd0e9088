#!/usr/bin/env python3
"""Compare the outputs of run_corpus.py for two implementations.

Usage: compare_outputs.py [--existing-only] EXPECTED ACTUAL

Exits 0 when the files are identical.  Otherwise prints, for the first
few cases that differ, the case name and a diff of its output, and
exits 1.  With --existing-only, cases are matched by name and ACTUAL may
have cases that EXPECTED lacks: only a changed or missing case fails.
"""

import difflib
import sys

MAX_CASES = 3
MAX_DIFF_LINES = 20


def split_cases(path):
    """Return [(header, output bytes)] in file order."""
    with open(path, "rb") as stream:
        data = stream.read()
    cases = []
    for chunk in data.split(b"=== ")[1:]:
        header, _, output = chunk.partition(b"\n")
        cases.append((header.decode("utf-8", "replace"), output))
    return cases


def case_name(header):
    return header.rsplit(" status ", 1)[0]


def main(expected_path, actual_path, existing_only=False):
    expected = split_cases(expected_path)
    actual = split_cases(actual_path)
    if existing_only:
        names = {case_name(header) for header, _ in expected}
        actual = [case for case in actual if case_name(case[0]) in names]
    if expected == actual:
        return 0
    if len(expected) != len(actual):
        print("%s has %d cases, %s has %d" % (
            expected_path, len(expected), actual_path, len(actual)))
    cases_shown = 0
    for (want_header, want), (got_header, got) in zip(expected, actual):
        if (want_header, want) == (got_header, got):
            continue
        print("case %s differs (%s / %s):" % (want_header, expected_path,
                                              actual_path))
        diff = difflib.unified_diff(
            want.decode("utf-8", "replace").splitlines(),
            got.decode("utf-8", "replace").splitlines(),
            want_header, got_header, lineterm="", n=1)
        for number, line in enumerate(diff):
            if number == MAX_DIFF_LINES:
                print("...")
                break
            print(line)
        cases_shown += 1
        if cases_shown == MAX_CASES:
            break
    return 1


if __name__ == "__main__":
    arguments = sys.argv[1:]
    existing = arguments[:1] == ["--existing-only"]
    if existing:
        arguments = arguments[1:]
    if len(arguments) != 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    sys.exit(main(arguments[0], arguments[1], existing))
