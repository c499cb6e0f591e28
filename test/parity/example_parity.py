#!/usr/bin/python3
"""PyTorch's side of the example parity tests (test/lit/parity/*.test).

Usage: example_parity.py TRACE [TOLERANCE] [--sgd LR] [--predictions CSV NPY]
--sgd LR: the .net file's optimizer was replaced by sgd(lr: LR) for the test.
--predictions CSV NPY: also compare the inference outputs: CSV is what
  `netc predict --weights` wrote with the run's saved weights for the
  inputs NPY (np.save, in the CSV's row order); the twin, holding netc's
  final parameters, runs those inputs in eval mode. A second line reports
  them.

argv[1]: the trace `netc train --max-steps K --trace PATH` wrote: initial
  parameters `init.<name>`, each step's batch `step<k>.input` and
  `step<k>.target`, the parameters after the last step `final.<name>`, and
  metadata `model`, `steps` and `losses` (netc's loss at each step).

The model, loss and optimizer come from course_models.py or, for the graph
form, graph_models.py (written by hand, not from the .net file). The same
batches go through PyTorch in training mode; the losses and final
parameters must agree with netc's within the relative tolerance (argv[2],
default 1e-4) of the larger magnitude, with an absolute floor of the same
size for values near zero. Parameters whose true gradient is zero
(course_models.ROUNDING_NOISE_ONLY) are only bounded.
Prints one summary line; exits 1 on disagreement, naming the first
offender.
"""
import csv
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_models import MODELS, ROUNDING_NOISE_ONLY  # noqa: E402
from graph_models import MODELS as GRAPH_MODELS  # noqa: E402

MODELS = {**MODELS, **GRAPH_MODELS}


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return metadata, tensors


def prefixed(tensors, prefix):
    return {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}


def worst_difference(ours, theirs):
    """Largest |a - b| / max(|a|, |b|, 1) over the elements."""
    ours, theirs = ours.double().reshape(-1), theirs.double().reshape(-1)
    scale = torch.maximum(torch.maximum(ours.abs(), theirs.abs()),
                          torch.ones_like(ours))
    return ((ours - theirs).abs() / scale).max().item()


def inference_difference(model, final, csv_path, inputs_path):
    """netc predict's outputs (CSV: an id, then the output values of one
    example) against the twin's forward pass in eval mode with netc's final
    parameters: (examples, largest relative difference), or a message."""
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    ours = torch.tensor([[float(v) for v in row[1:]] for row in rows])
    x = torch.from_numpy(np.load(inputs_path))
    model.load_state_dict(final, strict=False)
    model.eval()
    with torch.no_grad():
        y = model(x)
    outputs = y if isinstance(y, tuple) else (y,)
    theirs = torch.cat([t.reshape(len(x), -1) for t in outputs], dim=1)
    if ours.shape != theirs.shape:
        return (f"netc predicted {list(ours.shape)} values, "
                f"PyTorch {list(theirs.shape)}")
    return len(rows), worst_difference(ours, theirs)


def main(argv):
    sgd_lr = None
    if "--sgd" in argv:
        i = argv.index("--sgd")
        sgd_lr = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    predictions = None
    if "--predictions" in argv:
        i = argv.index("--predictions")
        predictions = argv[i + 1:i + 3]
        argv = argv[:i] + argv[i + 3:]
    tolerance = float(argv[2]) if len(argv) > 2 else 1e-4
    metadata, tensors = read_safetensors(argv[1])
    name, steps = metadata["model"], int(metadata["steps"])
    netc_losses = [float(v) for v in metadata["losses"].split(",")]
    make_model, loss_fn, make_optimizer, _ = MODELS[name]
    torch.manual_seed(0)
    model = make_model()
    initial = prefixed(tensors, "init.")
    expected = model.state_dict()
    # PyTorch's BatchNorm counts batches in a buffer netc need not keep.
    missing = [k for k in expected if k not in initial
               and not k.endswith("num_batches_tracked")]
    extra = [k for k in initial if k not in expected]
    if missing or extra:
        print(f"{name}: parameter names differ: PyTorch has {missing} "
              f"that netc lacks; netc has {extra} that PyTorch lacks")
        return 1
    model.load_state_dict(initial, strict=False)
    model.train()
    optimizer = (torch.optim.SGD(model.parameters(), lr=sgd_lr) if sgd_lr
                 else make_optimizer(model.parameters()))
    losses = []
    for k in range(steps):
        x, t = tensors[f"step{k}.input"], tensors[f"step{k}.target"]
        optimizer.zero_grad()
        y = model(x)
        # A class-index target has one value per example, not y's shape;
        # a model with several outputs (a tuple) takes the whole target
        # row and splits it itself.
        if isinstance(y, tuple):
            loss = loss_fn(y, t)
        else:
            loss = loss_fn(y, t.reshape(y.shape) if t.numel() == y.numel()
                           else t)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()

    worst = (0.0, "")
    for k, (a, b) in enumerate(zip(netc_losses, losses)):
        d = worst_difference(torch.tensor([a]), torch.tensor([b]))
        if d > tolerance:
            print(f"{name}: loss of step {k} differs: netc {a:.9g}, "
                  f"PyTorch {b:.9g}")
            return 1
        worst = max(worst, (d, f"loss of step {k}"))
    final = model.state_dict()
    lr = optimizer.param_groups[0]["lr"]
    for key, ours in prefixed(tensors, "final.").items():
        if key in ROUNDING_NOISE_ONLY.get(name, []):
            bound = 2 * lr * steps
            gap = (ours - final[key]).abs().max().item()
            if gap > bound:
                print(f"{name}: {key} differs by {gap:.3g}, more than "
                      f"rounding noise through Adam can explain ({bound:g})")
                return 1
            continue
        d = worst_difference(ours, final[key])
        if d > tolerance:
            print(f"{name}: {key} after {steps} steps differs by {d:.3g} "
                  f"(relative); tolerance {tolerance:g}")
            return 1
        worst = max(worst, (d, key))
    print(f"{name}: {steps} steps agree with PyTorch; largest relative "
          f"difference {worst[0]:.2g} ({worst[1]})")
    if predictions:
        result = inference_difference(model, prefixed(tensors, "final."),
                                      *predictions)
        if isinstance(result, str) or result[1] > tolerance:
            print(f"{name}: inference outputs differ: " +
                  (result if isinstance(result, str) else
                   f"{result[1]:.3g} (relative); tolerance {tolerance:g}"))
            return 1
        print(f"{name}: inference outputs of {result[0]} examples agree with "
              f"PyTorch; largest relative difference {result[1]:.2g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
