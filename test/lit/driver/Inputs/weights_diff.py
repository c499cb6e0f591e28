#!/usr/bin/python3
"""Usage: weights_diff.py FILE [OTHER]

Reads FILE as safetensors (struct + json + numpy, not netc's reader) and
prints one line per tensor, `name dtype [shape]`, sorted by name; with
OTHER, then `same tensors as OTHER` when both hold the same names with
bitwise equal values, else `differ: NAME, ...`.
"""
import json
import struct
import sys

import numpy as np


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    header.pop("__metadata__", None)
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = (info["dtype"], info["shape"],
                         np.frombuffer(data[begin:end], dtype="<f4"))
    return tensors


ours = read(sys.argv[1])
for name in sorted(ours):
    dtype, shape, _ = ours[name]
    print(f"{name} {dtype} {shape}")
if len(sys.argv) > 2:
    theirs = read(sys.argv[2])
    differ = sorted(k for k in set(ours) | set(theirs)
                    if k not in ours or k not in theirs
                    or ours[k][2].tobytes() != theirs[k][2].tobytes())
    print("same tensors as OTHER" if not differ
          else "differ: " + ", ".join(differ))
