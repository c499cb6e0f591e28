#!/usr/bin/python3
"""Writes DIR/x.npy ([128, 4, 16] normal inputs) and DIR/y.npy ([128, 1]:
whether channel 0's mean is positive) for Inputs/graph_resnet.net and
Inputs/graph_reshape.net."""
import sys

import numpy as np

rng = np.random.default_rng(0)
x = rng.standard_normal((128, 4, 16)).astype(np.float32)
y = (x[:, 0].mean(axis=-1) > 0).astype(np.float32)[:, None]
np.save(sys.argv[1] + "/x.npy", x)
np.save(sys.argv[1] + "/y.npy", y)
