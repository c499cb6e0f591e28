#!/usr/bin/python3
"""twohead_reference.py WEIGHTS.safetensors DATA.csv: Inputs/twohead.net's
two outputs computed by hand with numpy (cls = W2 tanh(W0 x + b0) + b2,
score = W3 tanh(W0 x + b0) + b3), printed as `netc predict` prints them."""
import json
import struct
import sys

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype=np.float32) \
            .reshape(info["shape"])
    return tensors


def main():
    w = read_safetensors(sys.argv[1])
    rows = np.loadtxt(sys.argv[2], delimiter=",", dtype=np.float64, ndmin=2)
    x = rows[:, :8]
    t = np.tanh(x @ w["0.weight"].T + w["0.bias"])
    cls = t @ w["2.weight"].T + w["2.bias"]
    score = t @ w["3.weight"].T + w["3.bias"]
    print("id,cls_0,cls_1,cls_2,score_0")
    for e in range(len(x)):
        values = list(cls[e]) + list(score[e])
        print(f"row {e + 1}," + ",".join(f"{v:.9g}" for v in values))


if __name__ == "__main__":
    main()
