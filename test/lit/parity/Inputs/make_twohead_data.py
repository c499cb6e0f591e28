#!/usr/bin/python3
"""Writes DIR/data.csv for Inputs/twohead.net: 96 rows of 8 normal inputs,
then a class in {0, 1, 2} (which of the first three inputs is largest) and
a score (the mean of the last four inputs); and the same examples as
DIR/x.npy ([96, 8]) and DIR/y.npy ([96, 2]: class, score) for
Inputs/twohead_npy.net."""
import sys

import numpy as np

rng = np.random.default_rng(0)
x = rng.standard_normal((96, 8)).astype(np.float32)
cls = np.argmax(x[:, :3], axis=1).astype(np.float32)
score = x[:, 4:].mean(axis=1)
with open(sys.argv[1] + "/data.csv", "w") as f:
    for row, c, s in zip(x, cls, score):
        f.write(",".join(f"{v:.6f}" for v in row) + f",{c:.0f},{s:.6f}\n")
np.save(sys.argv[1] + "/x.npy", x)
np.save(sys.argv[1] + "/y.npy",
        np.stack([cls, score], axis=1).astype(np.float32))
