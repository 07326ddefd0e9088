#!/usr/bin/env python3
"""A second implementation of logitsample's core options, for comparison.

This program is written from the documented behaviour (input syntax,
weights, transforms, generator, draw and output format), not from the C
sources, so that agreement between the two is evidence that the
description is complete.  It covers --temperature, --top-k, --top-p,
--min-p, --greedy, --count, --dump, --seed and --probs, and reads and
writes bytes exactly as the C program does.  Error messages are not
compared byte for byte, but the exit status (1 for invalid data, 2 for
usage errors) and everything written to standard output before an error
are.

New transforms go into TRANSFORMS (and their options into LONG_OPTIONS
and parse_options); new output formats go into WRITERS.

Python floats are IEEE doubles and every arithmetic operation below is
one correctly rounded IEEE operation, so the results are bit-identical
to the C program's as long as the operations are the same and in the
same order.  Only the standard library is used.
"""

import getopt
import math
import os
import re
import sys

PROGRAM = "logitsample"
VERSION = "0.1.0"

STATUS_OK = 0
STATUS_DATA = 1
STATUS_USAGE = 2

MASK64 = (1 << 64) - 1

# Relative slack on the top-p and min-p thresholds.
THRESHOLD_SLACK = 1 - 1e-12


class DataError(Exception):
    """Invalid input: reported as FILE:LINE: message: 'VALUE', status 1."""

    def __init__(self, file_name, line_number, message, value):
        super().__init__(message)
        self.file_name = file_name
        self.line_number = line_number
        self.message = message
        self.value = value


class UsageError(Exception):
    """Invalid command line, status 2."""


# Deterministic exp and log: the same IEEE double operations, in the same
# order, as the C program's det_exp and det_log, so the results agree to
# the last bit.

LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e+00
EXP_MAX = 709.782712893383973096
EXP_MIN = -745.133219101941108420
SQRT_HALF = 0.70710678118654752440
INV_FACTORIALS = (
    1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
    1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
    1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0,
)


def det_exp(x):
    """Compute e**x as k ln 2 + r reduction, a Taylor polynomial and 2**k."""
    if math.isnan(x):
        return x
    if x > EXP_MAX:
        return math.inf
    if x < EXP_MIN:
        return 0.0
    k = float(math.floor(x * INV_LN2 + 0.5))
    r = (x - k * LN2_HI) - k * LN2_LO
    poly = INV_FACTORIALS[11]
    for i in range(10, -1, -1):
        poly = poly * r + INV_FACTORIALS[i]
    try:
        return math.ldexp(1.0 + (r + r * r * poly), int(k))
    except OverflowError:
        return math.inf


def det_log(x):
    """Compute ln x from x = m 2**e and the atanh series of (m-1)/(m+1)."""
    if math.isnan(x) or x < 0:
        return math.nan
    if x == 0:
        return -math.inf
    if math.isinf(x):
        return x
    m, e = math.frexp(x)
    if m < SQRT_HALF:
        m *= 2
        e -= 1
    f = m - 1
    s = f / (2 + f)
    z = s * s
    series = 0.0
    for i in range(23, 2, -2):
        series = (series + 1.0 / i) * z
    correction = s * (f - 2 * series)
    return e * LN2_HI + (f + (e * LN2_LO - correction))


# The generator: xoshiro256** seeded per record through SplitMix64.

GOLDEN_GAMMA = 0x9e3779b97f4a7c15


def mix64(z):
    """Apply the SplitMix64 output function to a 64-bit integer."""
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK64
    return z ^ (z >> 31)


def rotate_left(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK64


class Generator:
    """xoshiro256** with the state of one record under one seed."""

    def __init__(self, seed, record):
        counter = seed ^ mix64(record)
        self.state = []
        for _ in range(4):
            counter = (counter + GOLDEN_GAMMA) & MASK64
            self.state.append(mix64(counter))

    def next64(self):
        s = self.state
        result = (rotate_left((s[1] * 5) & MASK64, 7) * 9) & MASK64
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotate_left(s[3], 45)
        return result

    def uniform(self):
        """Return a double in [0, 1) from the top 53 bits of next64()."""
        return (self.next64() >> 11) * 2.0 ** -53


# Numbers.

NUMBER_RE = re.compile(
    rb"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
INFINITY_RE = re.compile(rb"[+-]?(?:inf|infinity)\Z", re.IGNORECASE)


def parse_number(text):
    """Parse bytes TEXT in the strict grammar; return (value, error)."""
    if INFINITY_RE.match(text):
        return (-math.inf if text.startswith(b"-") else math.inf), None
    if not NUMBER_RE.match(text):
        return None, "invalid number"
    value = float(text)
    if math.isinf(value):
        return None, "number out of range"
    return value, None


def format_number(value):
    """Format with %.{p}g for the smallest p in 1..17 that reads back."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    # No p-digit output can read back for p below the digit count of the
    # shortest round-trip string, which repr() returns, so start there.
    for precision in range(shortest_digits(value), 18):
        text = "%.*g" % (precision, value)
        if float(text) == value:
            return text
    return text


def shortest_digits(value):
    """Count the significant digits of repr(VALUE), at least 1."""
    mantissa = repr(abs(value)).split("e")[0].replace(".", "")
    return max(1, len(mantissa.strip("0")))


# Input: records of candidates.

class Candidate:
    __slots__ = ("token", "score", "line")

    def __init__(self, token, score, line):
        self.token = token
        self.score = score
        self.line = line


def strip_line_end(line):
    """Remove trailing spaces and one trailing CR (spaces on both sides)."""
    line = line.rstrip(b" ")
    if line.endswith(b"\r"):
        line = line[:-1].rstrip(b" ")
    return line


def parse_candidate(line, position, file_name, line_number, probs):
    """Split one non-blank line into a Candidate."""
    if b"\t" in line:
        token, _, score_text = line.rpartition(b"\t")
        score_text = score_text.strip(b" ")
    else:
        stripped = line.strip(b" ")
        if b" " not in stripped:
            token = str(position).encode()
            score_text = stripped
        else:
            head, _, score_text = line.rpartition(b" ")
            token = head.rstrip(b" ")
    if score_text == b"":
        raise DataError(file_name, line_number, "missing score", line)
    score, error = parse_number(score_text)
    if error is not None:
        raise DataError(file_name, line_number, error, score_text)
    if probs:
        if math.isinf(score) or score < 0:
            raise DataError(file_name, line_number,
                            "invalid probability", score_text)
        score = det_log(score)
    return Candidate(token, score, line_number)


def read_records(data, file_name, probs):
    """Yield each record of DATA (bytes) as a list of Candidates."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    record = []
    for number, raw in enumerate(lines, start=1):
        line = strip_line_end(raw)
        if line == b"":
            if record:
                yield record
                record = []
            continue
        record.append(parse_candidate(line, len(record), file_name, number,
                                      probs))
    if record:
        yield record


# The distribution of one record.

class Distribution:
    """Weights, rank order and the survivors of the transforms."""

    def __init__(self, candidates, temperature):
        self.candidates = candidates
        self.scores = [c.score for c in candidates]
        count = len(candidates)
        self.rank = sorted(range(count), key=lambda i: (-self.scores[i], i))
        if all(s == -math.inf for s in self.scores):
            first = candidates[0]
            raise DataError(None, first.line, "every score is -inf",
                            format_number(first.score).encode())
        self.greedy = temperature == 0
        self.weights = compute_weights(self.scores,
                                       1.0 if self.greedy else temperature)
        # The survivors start as the candidates whose score is not -inf.
        self.keep = [s != -math.inf for s in self.scores]

    def survivors_by_rank(self):
        return [i for i in self.rank if self.keep[i]]

    def survivor_total(self):
        """Sum the survivors' weights in input order."""
        total = 0.0
        for i, weight in enumerate(self.weights):
            if self.keep[i]:
                total += weight
        return total


def compute_weights(scores, temperature):
    """Return exp((z - zmax) / T), with the -inf and +inf rules."""
    if math.inf in scores:
        return [1.0 if s == math.inf else 0.0 for s in scores]
    zmax = max(s for s in scores if s != -math.inf)
    return [0.0 if s == -math.inf else det_exp(scaled_gap(s, zmax, temperature))
            for s in scores]


def scaled_gap(z, zmax, temperature):
    """Return (z - zmax) / T, or z/T - zmax/T when the difference overflows."""
    gap = z - zmax
    if math.isinf(gap):
        return z / temperature - zmax / temperature
    return gap / temperature


def apply_top_k(dist, cfg):
    if cfg.top_k == 0:
        return
    survivors = dist.survivors_by_rank()
    for i in survivors[cfg.top_k:]:
        dist.keep[i] = False


def apply_top_p(dist, cfg):
    if cfg.top_p == 1:
        return
    threshold = cfg.top_p * THRESHOLD_SLACK * dist.survivor_total()
    before = 0.0
    survivors = dist.survivors_by_rank()
    for position, i in enumerate(survivors):
        if position > 0 and before >= threshold:
            for j in survivors[position:]:
                dist.keep[j] = False
            return
        before += dist.weights[i]


def apply_min_p(dist, cfg):
    if cfg.min_p == 0:
        return
    survivors = dist.survivors_by_rank()
    weight_max = max(dist.weights[i] for i in survivors)
    threshold = cfg.min_p * THRESHOLD_SLACK * weight_max
    for i in survivors:
        if not dist.weights[i] >= threshold:
            dist.keep[i] = False


# The truncation transforms, in the order they run.  Each takes the
# distribution and the configuration and clears keep[] for the candidates
# it drops; a transform whose option has its default value does nothing.
TRANSFORMS = [apply_top_k, apply_top_p, apply_min_p]


def apply_transforms(dist, cfg):
    if dist.greedy:
        best = dist.rank[0]
        dist.keep = [i == best for i in range(len(dist.keep))]
        return
    for transform in TRANSFORMS:
        transform(dist, cfg)


def final_probabilities(dist):
    if dist.greedy:
        best = dist.rank[0]
        return [1.0 if i == best else 0.0 for i in range(len(dist.keep))]
    total = dist.survivor_total()
    return [w / total if keep else 0.0
            for w, keep in zip(dist.weights, dist.keep)]


def draw(dist, generator):
    """Choose a survivor index: first running weight > u W, input order."""
    if dist.greedy:
        return dist.rank[0]
    total = dist.survivor_total()
    target = generator.uniform() * total
    running = 0.0
    last_nonzero = None
    for i, weight in enumerate(dist.weights):
        if not dist.keep[i]:
            continue
        running += weight
        if weight != 0:
            last_nonzero = i
        if running > target:
            return i
    return last_nonzero


def escape_token(token):
    r"""Return TOKEN as a line output writes it.

    A token that contains a TAB or a newline is written with backslash
    escapes, so that it stays one field.  Backslash, TAB, newline and CR
    become \\, \t, \n and \r.  Other bytes below 0x20, and 0x7F, become
    \xHH with upper-case hex digits.  Every other byte is written as is,
    and a token without TAB or newline is written exactly as read.
    """
    if b"\t" not in token and b"\n" not in token:
        return token
    out = bytearray()
    for byte in token:
        if byte in ESCAPES:
            out += ESCAPES[byte]
        elif byte < 0x20 or byte == 0x7F:
            out += b"\\x%02X" % byte
        else:
            out.append(byte)
    return bytes(out)


ESCAPES = {0x5C: b"\\\\", 0x09: b"\\t", 0x0A: b"\\n", 0x0D: b"\\r"}


# Output formats.  Each writer gets the output stream, the record's
# distribution, its number and the configuration.

def write_draws(out, dist, record_number, cfg):
    generator = Generator(cfg.seed, record_number)
    for _ in range(cfg.count):
        chosen = dist.candidates[draw(dist, generator)]
        out.write(escape_token(chosen.token) + b"\n")


def write_dump(out, dist, record_number, cfg):
    weights_t1 = dist.weights
    if dist.greedy:
        weights_t1 = compute_weights(dist.scores, 1.0)
    total_all = 0.0
    for weight in weights_t1:
        total_all += weight
    final = final_probabilities(dist)
    cumulative = 0.0
    for i in dist.rank:
        prob = weights_t1[i] / total_all
        cumulative += prob
        fields = [format_number(dist.scores[i]), format_number(prob),
                  format_number(cumulative), format_number(final[i])]
        out.write(escape_token(dist.candidates[i].token) + b"\t" +
                  "\t".join(fields).encode() + b"\n")
    out.write(b"\n")


WRITERS = {"sample": write_draws, "dump": write_dump}


# Options.

SHORT_OPTIONS = "dghk:m:n:p:s:t:vV"
LONG_OPTIONS = ["count=", "dump", "greedy", "help", "min-p=", "probs",
                "seed=", "temperature=", "top-k=", "top-p=", "verbose",
                "version"]
LONG_NAMES = {"-d": "--dump", "-g": "--greedy", "-h": "--help",
              "-k": "--top-k", "-m": "--min-p", "-n": "--count",
              "-p": "--top-p", "-s": "--seed", "-t": "--temperature",
              "-v": "--verbose", "-V": "--version"}
SHORT_NAMES = {long: short for short, long in LONG_NAMES.items()}


class Config:
    def __init__(self):
        self.temperature = 1.0
        self.temperature_given = False
        self.top_k = 0
        self.top_p = 1.0
        self.min_p = 0.0
        self.count = 1
        self.count_given = False
        self.seed = None
        self.greedy = False
        self.output = "sample"
        self.probs = False
        self.verbose = False
        self.files = []


def option_label(option):
    long = LONG_NAMES.get(option, option)
    short = SHORT_NAMES.get(long)
    return "%s/%s" % (short, long) if short else long


def reject_value(option, value, expected):
    raise UsageError("invalid value '%s' for %s: expected %s"
                     % (value, option_label(option), expected))


def parse_real(option, value, low, high, expected):
    number, error = parse_number(os.fsencode(value))
    if error is not None or math.isnan(number) or not low <= number <= high:
        reject_value(option, value, expected)
    return number


def parse_unsigned(option, value, low, high, expected):
    if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
        reject_value(option, value, expected)
    return int(value)


def parse_options(argv):
    """Return a Config, or raise UsageError; None for --help/--version."""
    cfg = Config()
    try:
        options, operands = getopt.gnu_getopt(argv, SHORT_OPTIONS,
                                              LONG_OPTIONS)
    except getopt.GetoptError as error:
        raise UsageError(str(error))
    for option, value in options:
        name = LONG_NAMES.get(option, option)
        if name == "--help":
            sys.stdout.write("usage: logitsample [options] [file ...]\n")
            return None
        if name == "--version":
            sys.stdout.write("%s %s\n" % (PROGRAM, VERSION))
            return None
        if name == "--temperature":
            cfg.temperature = parse_real(option, value, 0, math.inf,
                                         "a finite number >= 0")
            if math.isinf(cfg.temperature):
                reject_value(option, value, "a finite number >= 0")
            cfg.temperature_given = True
        elif name == "--top-k":
            cfg.top_k = parse_unsigned(option, value, 0, MASK64,
                                       "an integer >= 0")
        elif name == "--top-p":
            cfg.top_p = parse_real(option, value, 0, 1,
                                   "a number from 0 to 1")
        elif name == "--min-p":
            cfg.min_p = parse_real(option, value, 0, 1,
                                   "a number from 0 to 1")
        elif name == "--count":
            cfg.count = parse_unsigned(option, value, 1, MASK64,
                                       "an integer >= 1")
            cfg.count_given = True
        elif name == "--seed":
            cfg.seed = parse_unsigned(option, value, 0, MASK64,
                                      "an integer from 0 to %d" % MASK64)
        elif name == "--greedy":
            cfg.greedy = True
        elif name == "--dump":
            cfg.output = "dump"
        elif name == "--probs":
            cfg.probs = True
        elif name == "--verbose":
            cfg.verbose = True
    if cfg.greedy:
        if cfg.temperature_given and cfg.temperature != 0:
            raise UsageError("-g/--greedy conflicts with a non-zero "
                             "-t/--temperature")
        cfg.temperature = 0.0
    if cfg.output == "dump" and cfg.count_given:
        raise UsageError("-d/--dump conflicts with -n/--count")
    cfg.files = operands
    return cfg


# The processing loop.

def read_input(file_name):
    """Return (display name, bytes) of an operand; '-' is standard input."""
    if file_name == "-":
        return "stdin", sys.stdin.buffer.read()
    with open(file_name, "rb") as stream:
        return file_name, stream.read()


def process(cfg, out):
    writer = WRITERS[cfg.output]
    record_number = 0
    for operand in cfg.files or ["-"]:
        try:
            display, data = read_input(operand)
        except OSError as error:
            out.flush()
            sys.stderr.write("%s: %s: %s\n"
                             % (PROGRAM, operand, error.strerror))
            return STATUS_DATA
        try:
            for record in read_records(data, display, cfg.probs):
                dist = Distribution(record, cfg.temperature)
                apply_transforms(dist, cfg)
                writer(out, dist, record_number, cfg)
                record_number += 1
        except DataError as error:
            out.flush()
            sys.stderr.write("%s: %s:%d: %s: '%s'\n" % (
                PROGRAM, error.file_name or display, error.line_number,
                error.message, error.value[:40].decode("latin-1")))
            return STATUS_DATA
    return STATUS_OK


def main(argv):
    try:
        cfg = parse_options(argv)
    except UsageError as error:
        sys.stderr.write("%s: %s\nTry 'logitsample --help'.\n"
                         % (PROGRAM, error))
        return STATUS_USAGE
    if cfg is None:
        return STATUS_OK
    if cfg.seed is None:
        cfg.seed = int.from_bytes(os.urandom(8), "little")
    if cfg.verbose:
        sys.stderr.write("%s: seed %d\n" % (PROGRAM, cfg.seed))
    # Buffered even under PYTHONUNBUFFERED=1.  process() flushes before
    # it reports an error, as the C program does.
    out = os.fdopen(sys.stdout.fileno(), "wb", buffering=1 << 16,
                    closefd=False)
    try:
        status = process(cfg, out)
        out.flush()
    except BrokenPipeError:
        sys.stderr.close()
        return STATUS_DATA
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
