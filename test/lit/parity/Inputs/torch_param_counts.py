#!/usr/bin/python3
"""Prints the parameter and buffer counts of course_models' PyTorch twins.

Usage: torch_param_counts.py MODEL...  (names as in course_models.MODELS)
Buffers are batchnorm's running_mean and running_var: netc has no
num_batches_tracked, so PyTorch's is left out.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "parity"))
from course_models import MODELS  # noqa: E402

for name in sys.argv[1:]:
    model = MODELS[name][0]()
    trainable = sum(p.numel() for p in model.parameters())
    buffers = sum(b.numel() for n, b in model.named_buffers()
                  if n.endswith(("running_mean", "running_var")))
    print(f"torch {name}: trainable {trainable:,}, buffers {buffers:,}")
