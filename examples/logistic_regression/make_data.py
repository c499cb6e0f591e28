#!/usr/bin/python3
"""Make points.csv for the logistic-regression example.

Writes 200 rows `x1,x2,label` (with that header): 100 points of class 0 drawn
from a Gaussian blob centred at (-1, -1) and 100 of class 1 from one centred
at (1.2, 0.8), both isotropic with sigma 0.8, rows shuffled so that any
prefix holds both classes. The centres are 2.84 apart, 3.6 sigma, so the
classes are roughly but not perfectly separable: the best linear boundary
misclassifies a few percent, a useful sanity target for a model with one
Linear layer and a sigmoid. The script prints the accuracy of the Bayes
(here linear) boundary on the generated points.

Standard library only and a fixed seed: the file is committed, and running
this again reproduces it byte for byte.

Usage: make_data.py [OUTPUT]   (default: points.csv next to this script)
"""

import os
import random
import sys

SEED = 20240602
PER_CLASS = 100
SIGMA = 0.8
CENTRES = ((-1.0, -1.0), (1.2, 0.8))  # class 0, class 1


def make_points(rng):
    points = []
    for label, (cx, cy) in enumerate(CENTRES):
        for _ in range(PER_CLASS):
            points.append((rng.gauss(cx, SIGMA), rng.gauss(cy, SIGMA), label))
    rng.shuffle(points)
    return points


def bayes_accuracy(points):
    # Equal priors and equal isotropic covariances: the optimal boundary is
    # the perpendicular bisector of the two centres.
    (ax, ay), (bx, by) = CENTRES
    wx, wy = bx - ax, by - ay
    mx, my = (ax + bx) / 2, (ay + by) / 2
    right = sum(((x - mx) * wx + (y - my) * wy > 0) == (label == 1)
                for x, y, label in points)
    return right / len(points)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = argv[1] if len(argv) > 1 else os.path.join(here, "points.csv")
    points = make_points(random.Random(SEED))
    with open(out_path, "w", newline="\n") as f:
        f.write("x1,x2,label\n")
        for x1, x2, label in points:
            f.write(f"{x1:.6f},{x2:.6f},{label:d}\n")
    print(f"wrote {len(points)} rows to {out_path}; "
          f"Bayes boundary accuracy {bayes_accuracy(points):.3f}")


if __name__ == "__main__":
    main(sys.argv)
