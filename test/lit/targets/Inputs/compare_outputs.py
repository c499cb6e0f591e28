#!/usr/bin/env python3
"""Compares two outputs of target_driver.c line by line: '#' lines must be
equal, numbers equal within a relative and absolute tolerance (targets differ
in vector width, FMA contraction and so in summation order). Prints the
count compared, or each mismatch and exits 1."""
import math
import sys


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit("usage: compare_outputs.py EXPECTED ACTUAL [RTOL ATOL]")
    rtol = float(sys.argv[3]) if len(sys.argv) == 5 else 1e-4
    atol = float(sys.argv[4]) if len(sys.argv) == 5 else 1e-6
    with open(sys.argv[1]) as f:
        expected = f.read().split("\n")
    with open(sys.argv[2]) as f:
        actual = f.read().split("\n")
    if len(expected) != len(actual):
        print(f"error: {len(expected)} lines expected, {len(actual)} got")
        return 1
    bad = numbers = 0
    for line, (e, a) in enumerate(zip(expected, actual), 1):
        if e.startswith("#") or not e:
            if e != a:
                print(f"line {line}: expected '{e}', got '{a}'")
                bad += 1
            continue
        ev, av = float(e), float(a)
        numbers += 1
        if not (math.isfinite(ev) and math.isfinite(av)) or \
                abs(ev - av) > atol + rtol * abs(ev):
            print(f"line {line}: expected {ev!r}, got {av!r}")
            bad += 1
    if bad:
        print(f"error: {bad} mismatches")
        return 1
    if numbers == 0:
        print("error: no numbers to compare")
        return 1
    print(f"{numbers} numbers agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
