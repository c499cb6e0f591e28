#!/usr/bin/python3
"""PyTorch's side of the learning-rate schedule parity test
(test/lit/parity/lr_schedule.test).

Usage: schedule_parity.py TRACE STEPS_PER_EPOCH OPTIMIZER SCHEDULE
  OPTIMIZER: sgd:lr=0.1,momentum=0.9,nesterov=1,weight_decay=0.01 or
             adam:lr=0.01,weight_decay=0.01 (unnamed settings: PyTorch's
             defaults, which are netc's)
  SCHEDULE:  step:every=2,gamma=0.5 (StepLR) or cosine:epochs=4,min_lr=0.01
             (CosineAnnealingLR)

TRACE is what `netc train --trace` wrote for the twin of
`linear(4) tanh linear(1)` on three inputs with mse (see
example_parity.py for the format). The recorded batches go through
PyTorch with the optimizer and the scheduler stepped once every
STEPS_PER_EPOCH steps; the final parameters must agree with netc's within
1e-4 relative. So that the test shows the schedule mattered, the same run
at the constant base lr must disagree with netc's by more than that.
Prints one summary line; exits 1 on disagreement.
"""
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from example_parity import prefixed, read_safetensors, worst_difference  # noqa: E402

TOLERANCE = 1e-4


def parse_spec(text):
    kind, _, rest = text.partition(":")
    settings = {}
    for item in filter(None, rest.split(",")):
        key, _, value = item.partition("=")
        settings[key] = float(value)
    return kind, settings


def make_optimizer(spec, params):
    kind, s = parse_spec(spec)
    if kind == "sgd":
        return torch.optim.SGD(params, lr=s["lr"],
                               momentum=s.get("momentum", 0.0),
                               weight_decay=s.get("weight_decay", 0.0),
                               nesterov=bool(s.get("nesterov", 0)))
    return torch.optim.Adam(params, lr=s["lr"],
                            weight_decay=s.get("weight_decay", 0.0))


def make_scheduler(spec, optimizer):
    kind, s = parse_spec(spec)
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(
            optimizer, step_size=int(s["every"]), gamma=s.get("gamma", 0.1))
    return torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=int(s["epochs"]), eta_min=s.get("min_lr", 0.0))


def train(tensors, steps, steps_per_epoch, optimizer_spec, schedule_spec):
    """The final state_dict and the lr of each epoch."""
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    model.load_state_dict(prefixed(tensors, "init."))
    optimizer = make_optimizer(optimizer_spec, model.parameters())
    scheduler = (make_scheduler(schedule_spec, optimizer)
                 if schedule_spec else None)
    lrs = []
    for k in range(steps):
        if k % steps_per_epoch == 0:
            lrs.append(optimizer.param_groups[0]["lr"])
        x, t = tensors[f"step{k}.input"], tensors[f"step{k}.target"]
        optimizer.zero_grad()
        y = model(x)
        nn.functional.mse_loss(y, t.reshape(y.shape)).backward()
        optimizer.step()
        if scheduler and (k + 1) % steps_per_epoch == 0:
            scheduler.step()
    return model.state_dict(), lrs


def largest_difference(final, ours):
    return max((worst_difference(value, final[key]), key)
               for key, value in ours.items())


def main(argv):
    trace, steps_per_epoch = argv[1], int(argv[2])
    optimizer_spec, schedule_spec = argv[3], argv[4]
    metadata, tensors = read_safetensors(trace)
    steps = int(metadata["steps"])
    ours = prefixed(tensors, "final.")
    final, lrs = train(tensors, steps, steps_per_epoch, optimizer_spec,
                       schedule_spec)
    worst, key = largest_difference(final, ours)
    if worst > TOLERANCE:
        print(f"{schedule_spec}: {key} after {steps} steps differs by "
              f"{worst:.3g} (relative) from PyTorch; tolerance {TOLERANCE:g}")
        return 1
    constant, _ = train(tensors, steps, steps_per_epoch, optimizer_spec, None)
    gap, _ = largest_difference(constant, ours)
    if gap <= TOLERANCE:
        print(f"{schedule_spec}: netc's weights also match a constant lr "
              f"(difference {gap:.3g}); the schedule had no effect")
        return 1
    print(f"{schedule_spec} with {optimizer_spec}: {steps} steps agree with "
          f"PyTorch (largest relative difference {worst:.2g}, {key}); "
          f"constant lr differs by {gap:.2g}; lr per epoch "
          + " ".join(f"{lr:.6g}" for lr in lrs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
