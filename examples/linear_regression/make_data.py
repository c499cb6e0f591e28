#!/usr/bin/python3
"""Make points.csv for the linear-regression example.

Writes 100 rows `x,y` (with that header) where x is uniform in [-2, 2] and
y = 2.5 * x - 1.0 + noise, the noise normal with mean 0 and standard
deviation 0.1. A one-input, one-output Linear layer trained with MSE should
recover slope ~2.5 and intercept ~-1.0; the least-squares fit this script
prints is the best any model can do on these exact points, so it is the
reference `netc train` is compared against.

Standard library only and a fixed seed: the file is committed, and running
this again reproduces it byte for byte.

Usage: make_data.py [OUTPUT]   (default: points.csv next to this script)
"""

import os
import random
import sys

SEED = 20240601
ROWS = 100
SLOPE = 2.5
INTERCEPT = -1.0
NOISE_SIGMA = 0.1


def make_points(rng):
    points = []
    for _ in range(ROWS):
        x = rng.uniform(-2.0, 2.0)
        y = SLOPE * x + INTERCEPT + rng.gauss(0.0, NOISE_SIGMA)
        points.append((x, y))
    return points


def least_squares(points):
    n = len(points)
    sx = sum(x for x, _ in points)
    sy = sum(y for _, y in points)
    sxx = sum(x * x for x, _ in points)
    sxy = sum(x * y for x, y in points)
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return slope, (sy - slope * sx) / n


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = argv[1] if len(argv) > 1 else os.path.join(here, "points.csv")
    points = make_points(random.Random(SEED))
    with open(out_path, "w", newline="\n") as f:
        f.write("x,y\n")
        for x, y in points:
            f.write(f"{x:.6f},{y:.6f}\n")
    slope, intercept = least_squares(points)
    sign = "-" if intercept < 0 else "+"
    print(f"wrote {len(points)} rows to {out_path}; "
          f"least squares: y = {slope:.4f} * x {sign} {abs(intercept):.4f}")


if __name__ == "__main__":
    main(sys.argv)
