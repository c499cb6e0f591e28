#!/usr/bin/python3
"""Make digits_3_vs_rest.csv for the MLP example from real handwritten digits.

Source: the 1,797 8x8 digit images (UCI "optdigits" test set) that ship with
scikit-learn as sklearn/datasets/data/digits.csv.gz; on Debian that is the
python3-sklearn package. Each source row holds 64 pixel counts in 0..16 and
the digit 0..9. sklearn itself is not imported: the file is read with gzip
and csv, so only the data file has to be installed.

Output: header `p0,...,p63,is3`, then one row per image, pixels divided by
16 so they lie in [0, 1], and is3 = 1.0 if the digit is 3 else 0.0 (183
positives, about 10%): a small, real, imbalanced binary task for a
two-layer MLP, which should separate it almost perfectly.

The output is derived data and is not committed; the build runs this script.

Usage: make_data.py [OUTPUT] [--source DIGITS_CSV_GZ]
  OUTPUT defaults to digits_3_vs_rest.csv next to this script.
"""

import argparse
import csv
import glob
import gzip
import os
import sys

DEFAULT_SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
SOURCE_GLOBS = (
    "/usr/lib/python3*/dist-packages/sklearn/datasets/data/digits.csv.gz",
    "/usr/local/lib/python3*/dist-packages/sklearn/datasets/data/digits.csv.gz",
    "/usr/lib/python3*/site-packages/sklearn/datasets/data/digits.csv.gz",
    "/usr/local/lib/python3*/site-packages/sklearn/datasets/data/digits.csv.gz",
)
EXPECTED_ROWS = 1797
PIXELS = 64
POSITIVE_DIGIT = 3


def find_source():
    if os.path.isfile(DEFAULT_SOURCE):
        return DEFAULT_SOURCE
    for pattern in SOURCE_GLOBS:
        matches = sorted(glob.glob(pattern))
        if matches:
            return matches[0]
    return None


def read_digits(source):
    """Returns [(pixels as 64 ints, digit)], checking the file's shape."""
    digits = []
    with gzip.open(source, "rt", newline="") as f:
        for line_number, row in enumerate(csv.reader(f), start=1):
            if not row:
                continue
            if len(row) != PIXELS + 1:
                raise ValueError(f"{source}:{line_number}: expected "
                                 f"{PIXELS + 1} fields, found {len(row)}")
            values = [int(float(v)) for v in row]
            pixels, digit = values[:PIXELS], values[PIXELS]
            if not all(0 <= p <= 16 for p in pixels) or not 0 <= digit <= 9:
                raise ValueError(f"{source}:{line_number}: value out of range")
            digits.append((pixels, digit))
    if len(digits) != EXPECTED_ROWS:
        raise ValueError(f"{source}: expected {EXPECTED_ROWS} images, "
                         f"found {len(digits)}")
    return digits


def write_csv(path, digits):
    # Write beside the target and rename, so an interrupted build never
    # leaves a truncated file that looks up to date.
    tmp_path = path + ".tmp"
    with open(tmp_path, "w", newline="\n") as f:
        f.write(",".join([f"p{i}" for i in range(PIXELS)] + ["is3"]) + "\n")
        for pixels, digit in digits:
            # p / 16 is exact in binary and repr prints it in full (0.3125).
            fields = [repr(p / 16) for p in pixels]
            fields.append("1.0" if digit == POSITIVE_DIGIT else "0.0")
            f.write(",".join(fields) + "\n")
    os.replace(tmp_path, path)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(
        description="Convert sklearn's 8x8 digits into a 3-vs-rest CSV.")
    parser.add_argument("output", nargs="?",
                        default=os.path.join(here, "digits_3_vs_rest.csv"),
                        help="CSV to write (default: %(default)s)")
    parser.add_argument("--source", default=None,
                        help="digits.csv.gz to read (default: found under "
                             "the python3-sklearn install)")
    args = parser.parse_args(argv[1:])

    source = args.source or find_source()
    if source is None or not os.path.isfile(source):
        print("make_data.py: error: cannot find sklearn's digits.csv.gz; "
              "install python3-sklearn (apt-get install python3-sklearn) "
              "or pass --source", file=sys.stderr)
        return 1
    try:
        digits = read_digits(source)
    except (OSError, ValueError) as e:
        print(f"make_data.py: error: {e}", file=sys.stderr)
        return 1
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    write_csv(args.output, digits)
    positives = sum(digit == POSITIVE_DIGIT for _, digit in digits)
    print(f"wrote {len(digits)} rows ({positives} threes) to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
