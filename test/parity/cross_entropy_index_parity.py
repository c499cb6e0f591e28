#!/usr/bin/env python3
"""PyTorch reference values for netc's class-index cross-entropy.

Driven by test/unit/compiler/CrossEntropyIndexTest.cpp, one run for all
its cases. The request (JSON, argv[1]):

    {"cases": [{"name": "rank3_mean", "reduction": "mean",
                "shape": [2, 4, 3], "x": [...], "target": [...]}, ...]}

x holds logits of `shape` ([N, C] or [N, C, d...]) flattened row-major;
target the class of every position ([N] or [N, d...]) as floats, given to
F.cross_entropy as a LongTensor. The reply (JSON, argv[2]) maps each name
to the loss and dx = d loss / d x, flattened row-major:

    {"rank3_mean": {"loss": 1.5, "dx": [...]}, ...}

Run: /usr/bin/python3 test/parity/cross_entropy_index_parity.py request.json reply.json
"""
import json
import sys

import torch
import torch.nn.functional as F


def main():
    with open(sys.argv[1]) as f:
        request = json.load(f)
    reply = {}
    for case in request["cases"]:
        shape = case["shape"]
        x = torch.tensor(case["x"], dtype=torch.float32).reshape(shape)
        x.requires_grad_(True)
        positions = [shape[0]] + shape[2:]
        target = torch.tensor(case["target"]).reshape(positions).long()
        loss = F.cross_entropy(x, target, reduction=case["reduction"])
        loss.backward()
        reply[case["name"]] = {"loss": loss.item(),
                               "dx": x.grad.reshape(-1).tolist()}
    with open(sys.argv[2], "w") as f:
        json.dump(reply, f)


if __name__ == "__main__":
    main()
