#!/usr/bin/python3
"""PyTorch's side of test/lit/parity/dropout.test: netc's dropout in a
training step, with the very masks netc drew.

Usage: dropout_parity.py ONE ONE_AGAIN TWO OTHER_SEED
  traces (`netc train --trace`) of test/lit/parity/Inputs/dropout_probe.net:
  ONE and ONE_AGAIN one step each, TWO two steps, OTHER_SEED one step with
  the layers' seed changed (-D mask_seed=8).

The model is linear(8 -> 1024), dropout(0.3), linear(1024 -> 1024),
dropout(0.3), linear(1024 -> 1), trained on one example per batch with
SGD. Bias j of the linear before a dropout moves in a step exactly when
that dropout kept element j, so each step's masks are read off the trace
(ONE's final minus initial for step 0; TWO's final minus ONE's final for
step 1), not computed with netc's hash. Then:
  1. PyTorch replays both steps with those masks (x * m / (1 - p)): the
     losses and every final weight of TWO must agree within 1e-4 relative.
     The masks come from the bias updates (the backward pass), but the
     loss and the weights after a dropout see the forward mask, so a
     forward/backward mismatch or a wrong 1/(1 - p) scale fails here.
  2. The masks' statistics: keep rate 1 - p within 0.05 in each mask of
     1024 and within 0.025 over all four; the two layers' masks and the
     two steps' masks differ (agreement near p^2 + (1-p)^2, not 1); the
     same seed gives the same mask; another seed a different one; the
     step buffers count the steps.
  3. As a cross-check only, netc's documented hash (LowerDropoutOps.cpp)
     recomputed in NumPy reproduces every recovered mask.
Prints one summary line; exits 1 naming the first failed check.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from example_parity import prefixed, read_safetensors, worst_difference  # noqa: E402

P, LR, SEED = 0.3, 0.1, 7
DROPOUTS = {1: "0.bias", 3: "2.bias"}  # dropout layer -> the bias revealing it


def masks_between(before, after):
    """{dropout layer: bool mask} of the step that took `before` to `after`."""
    return {layer: (after[bias] != before[bias]).numpy()
            for layer, bias in DROPOUTS.items()}


def lowbias32(h):
    """On a uint32 array; multiplications wrap as in uint32."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x7FEB352D)
    h = h ^ (h >> np.uint32(15))
    h = h * np.uint32(0x846CA68B)
    return h ^ (h >> np.uint32(16))


def netc_hash_mask(seed, layer, step, count):
    """The mask as LowerDropoutOps.cpp documents it: lowbias32 chained
    over the op's seed (seed * 1000003 + layer index), the f32 bits of the
    step and the element index; kept when the top 24 bits / 2^24 >= p."""
    with np.errstate(over="ignore"):
        op_seed = np.uint32((seed * 1000003 + layer) & 0xFFFFFFFF)
        step_bits = np.frombuffer(np.float32(step).tobytes(), np.uint32)[0]
        h = lowbias32(np.array([op_seed ^ np.uint32(0x9E3779B9)], np.uint32))
        h = lowbias32(h + step_bits)
        h = lowbias32(h + np.arange(count, dtype=np.uint32))
        uniform = (h >> np.uint32(8)).astype(np.float32) / np.float32(16777216)
    return uniform >= np.float32(P)


class Probe(torch.nn.Module):
    def __init__(self, masks):
        super().__init__()
        self.l0 = torch.nn.Linear(8, 1024)
        self.l2 = torch.nn.Linear(1024, 1024)
        self.l4 = torch.nn.Linear(1024, 1)
        self.masks = masks  # per step: {layer: mask}

    def forward(self, x, step):
        def drop(h, layer):
            m = torch.from_numpy(self.masks[step][layer].astype(np.float32))
            return h * m / (1 - P)
        return self.l4(drop(self.l2(drop(self.l0(x), 1)), 3))


def load(model, params):
    names = {"0": "l0", "2": "l2", "4": "l4"}
    model.load_state_dict({names[k.split(".")[0]] + "." + k.split(".")[1]: v
                           for k, v in params.items()
                           if not k.endswith(".step")})


def main(argv):
    (_, one), (_, again), (meta_two, two), (_, other) = (
        read_safetensors(path) for path in argv[1:5])
    init, after0 = prefixed(two, "init."), prefixed(one, "final.")
    final = prefixed(two, "final.")
    if any(not torch.equal(init[k], prefixed(one, "init.")[k]) for k in init):
        return fail("the one-step and two-step runs start from different weights")
    masks = [masks_between(init, after0), masks_between(after0, final)]

    # 1. The training steps, in PyTorch with netc's masks.
    model = Probe(masks)
    load(model, init)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    netc_losses = [float(v) for v in meta_two["losses"].split(",")]
    worst = 0.0
    for k in range(2):
        optimizer.zero_grad()
        y = model(two[f"step{k}.input"], k)
        loss = torch.nn.functional.mse_loss(y, two[f"step{k}.target"])
        d = worst_difference(torch.tensor([netc_losses[k]]), loss.detach())
        if d > 1e-4:
            return fail(f"loss of step {k}: netc {netc_losses[k]:.9g}, "
                        f"PyTorch {loss.item():.9g}")
        worst = max(worst, d)
        loss.backward()
        optimizer.step()
    theirs = {"0": model.l0, "2": model.l2, "4": model.l4}
    for key, ours in final.items():
        if key.endswith(".step"):
            if ours.item() != 2:
                return fail(f"{key} is {ours.item()} after 2 steps")
            continue
        layer, what = key.split(".")
        d = worst_difference(ours, getattr(theirs[layer], what).detach())
        if d > 1e-4:
            return fail(f"{key} after 2 steps differs by {d:.3g} (relative)")
        worst = max(worst, d)

    # 2. The masks' statistics.
    all_masks = [m for step in masks for m in step.values()]
    for i, m in enumerate(all_masks):
        if abs(m.mean() - (1 - P)) > 0.05:
            return fail(f"mask {i} keeps {m.mean():.3f}, expected {1 - P}")
    keep = np.concatenate(all_masks).mean()
    if abs(keep - (1 - P)) > 0.025:
        return fail(f"the masks keep {keep:.4f} of 4096 elements, expected {1 - P}")
    chance = P * P + (1 - P) * (1 - P)
    pairs = {"layers 1 and 3 at step 0": (masks[0][1], masks[0][3]),
             "steps 0 and 1 of layer 1": (masks[0][1], masks[1][1]),
             "steps 0 and 1 of layer 3": (masks[0][3], masks[1][3])}
    seeded = masks_between(prefixed(other, "init."), prefixed(other, "final."))
    pairs["seeds 7 and 8 of layer 1"] = (masks[0][1], seeded[1])
    for what, (a, b) in pairs.items():
        agree = (a == b).mean()
        if abs(agree - chance) > 0.05:
            return fail(f"masks of {what} agree on {agree:.3f} of the "
                        f"elements; independent masks agree on {chance:.2f}")
    repeat = masks_between(prefixed(again, "init."), prefixed(again, "final."))
    if any(not np.array_equal(repeat[k], masks[0][k]) for k in DROPOUTS):
        return fail("the same seed and step gave a different mask")

    # 3. Cross-check with the documented hash.
    for step in range(2):
        for layer in DROPOUTS:
            if not np.array_equal(netc_hash_mask(SEED, layer, step, 1024),
                                  masks[step][layer]):
                return fail(f"layer {layer}'s mask at step {step} is not "
                            f"the documented hash")
    print(f"dropout: 2 steps agree with PyTorch on netc's masks; largest "
          f"relative difference {worst:.2g}; keep rate {keep:.3f}")
    return 0


def fail(message):
    print(f"dropout: {message}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
