#!/usr/bin/python3
"""compare_csv.py A.csv B.csv [TOLERANCE]: the same header and ids, and
every number within TOLERANCE (relative to max(1, |value|)); prints
"agree: R rows, C columns" or the first difference and exits 1."""
import csv
import sys


def main():
    with open(sys.argv[1]) as fa, open(sys.argv[2]) as fb:
        a, b = list(csv.reader(fa)), list(csv.reader(fb))
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
    if a[0] != b[0]:
        print(f"headers differ: {a[0]} vs {b[0]}")
        return 1
    if len(a) != len(b):
        print(f"{len(a) - 1} rows vs {len(b) - 1}")
        return 1
    for ra, rb in zip(a[1:], b[1:]):
        if ra[0] != rb[0]:
            print(f"ids differ: {ra[0]} vs {rb[0]}")
            return 1
        for name, va, vb in zip(a[0][1:], ra[1:], rb[1:]):
            x, y = float(va), float(vb)
            if abs(x - y) > tolerance * max(1.0, abs(x)):
                print(f"{ra[0]} {name}: {x} vs {y}")
                return 1
    print(f"agree: {len(a) - 1} rows, {len(a[0]) - 1} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
