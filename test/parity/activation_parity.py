#!/usr/bin/env python3
"""PyTorch reference values for netc's activations and losses.

Driven by test/unit/compiler/ActivationParityTest.cpp, with one run for
all its cases. The request (JSON, argv[1]) lists cases; each applies one
op to an input x and one loss to the op's result and a target:

    {"cases": [{"name": "softmax_rank3",
                "op": {"kind": "softmax", "axis": 1},
                "loss": {"kind": "mse", "reduction": "sum"},
                "shape": [2, 4, 5], "x": [...], "target": [...]}, ...]}

Ops: identity, sigmoid, leaky_relu (slope), elu (alpha), softmax and
log_softmax (axis), maxout (pieces: features j·pieces + k of axis 1 form
group j, y = max over k, the gradient to the first maximum as torch.max
gives it). Losses: mse, bce, bce_with_logits, cross_entropy (probability
targets of the prediction's shape), each with reduction mean or sum.

The reply (JSON, argv[2]) maps each name to the op's result y, the loss
and the input gradient dx = d loss / d x, all flattened row-major:

    {"softmax_rank3": {"y": [...], "loss": 1.5, "dx": [...]}, ...}

Run: /usr/bin/python3 test/parity/activation_parity.py request.json reply.json
"""
import json
import sys

import torch
import torch.nn.functional as F


def apply_op(op, x):
    kind = op["kind"]
    if kind == "identity":
        return x
    if kind == "sigmoid":
        return torch.sigmoid(x)
    if kind == "leaky_relu":
        return F.leaky_relu(x, negative_slope=op["slope"])
    if kind == "elu":
        return F.elu(x, alpha=op["alpha"])
    if kind == "softmax":
        return F.softmax(x, dim=op["axis"])
    if kind == "log_softmax":
        return F.log_softmax(x, dim=op["axis"])
    if kind == "maxout":
        pieces = op["pieces"]
        groups = x.shape[1] // pieces
        return x.unflatten(1, (groups, pieces)).max(2).values
    raise ValueError("unknown op " + kind)


def apply_loss(loss, y, t):
    kind, reduction = loss["kind"], loss["reduction"]
    if kind == "mse":
        return F.mse_loss(y, t, reduction=reduction)
    if kind == "bce":
        return F.binary_cross_entropy(y, t, reduction=reduction)
    if kind == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(y, t, reduction=reduction)
    if kind == "cross_entropy":
        # Probability targets: the target has the prediction's shape.
        return F.cross_entropy(y, t, reduction=reduction)
    raise ValueError("unknown loss " + kind)


def run(case):
    shape = case["shape"]
    x = torch.tensor(case["x"], dtype=torch.float32).reshape(shape)
    x.requires_grad_(True)
    y = apply_op(case["op"], x)
    t = torch.tensor(case["target"], dtype=torch.float32).reshape(y.shape)
    loss = apply_loss(case["loss"], y, t)
    loss.backward()
    return {
        "y": y.detach().flatten().tolist(),
        "loss": loss.item(),
        "dx": x.grad.flatten().tolist(),
    }


def main():
    with open(sys.argv[1]) as f:
        request = json.load(f)
    reply = {case["name"]: run(case) for case in request["cases"]}
    with open(sys.argv[2], "w") as f:
        json.dump(reply, f)


if __name__ == "__main__":
    main()
