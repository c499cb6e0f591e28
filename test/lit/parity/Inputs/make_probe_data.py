#!/usr/bin/python3
"""Writes DIR/x.npy ([16, 8] normal) and DIR/y.npy ([16, 1]) for
Inputs/dropout_probe.net."""
import sys

import numpy as np

rng = np.random.default_rng(1)
x = rng.standard_normal((16, 8)).astype(np.float32)
y = x.sum(axis=1, keepdims=True).astype(np.float32)
np.save(sys.argv[1] + "/x.npy", x)
np.save(sys.argv[1] + "/y.npy", y)
