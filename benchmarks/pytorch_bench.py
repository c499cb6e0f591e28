#!/usr/bin/python3
"""PyTorch's side of `make bench`: the same models, batches and step as
netc_bench (a full training step: forward, loss, backward, optimizer update,
in train mode; and inference under torch.no_grad in eval mode), timed with
perf_counter after a warm-up call. Prints one JSON object per measurement:
{"name": "train_step/lenet/32", "threads": 1, "samples_us": [...], ...}.

The models, losses and optimizers are the PyTorch twins of the .net files
in test/parity/course_models.py, keyed by the .net model's name.

Usage: pytorch_bench.py THREADS NAME[,NAME...] BATCH[,BATCH...]
           [--bind L=600] [--min-time 0.3] [--repeats 5]
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "parity"))
from course_models import MODELS  # noqa: E402

# Each model's input extents after the batch, as its .net signature spells
# them; a string is a symbol bound with --bind.
INPUT_SHAPES = {
    "digits": (64,),
    "classifier": (2,),
    "translator": (4, "L"),
    "lenet": (1, 28, 28),
    "peptide_ffn": (20, 9),
    "peptide_cnn": (20, 9),
    "promoter_cnn": (4, 200),
}


def input_shape(name, batch, binds):
    return (batch,) + tuple(binds[d] if isinstance(d, str) else d
                            for d in INPUT_SHAPES[name])


def samples_us(fn, min_seconds, repeats):
    """`repeats` samples of the mean time of a call, in µs, each over enough
    calls to last min_seconds / repeats; one warm-up call first."""
    fn()
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed > min_seconds / repeats:
            break
        n *= 2
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - start) / n * 1e6)
    return samples


def deterministic(shape, scale, offset, frequency):
    """The same kind of smooth, fixed data netc_bench feeds its models."""
    count = 1
    for d in shape:
        count *= d
    i = torch.arange(count, dtype=torch.float32)
    return (offset + scale * torch.sin(frequency * i)).reshape(shape)


def measure(name, batch, binds, min_seconds, repeats):
    make_model, loss_fn, make_optimizer, _ = MODELS[name]
    torch.manual_seed(1)
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    x = deterministic(input_shape(name, batch, binds), 0.5, 0.5, 0.1)
    with torch.no_grad():
        out_shape = model.eval()(x).shape
    target = (torch.arange(out_shape.numel()) % 2).float().reshape(out_shape)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), target)
        loss.backward()
        optimizer.step()

    def infer():
        with torch.no_grad():
            model(x)

    model.train()
    yield "train_step", samples_us(step, min_seconds, repeats)
    model.eval()
    yield "infer", samples_us(infer, min_seconds, repeats)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("threads", type=int)
    parser.add_argument("names")
    parser.add_argument("batches")
    parser.add_argument("--bind", action="append", default=[],
                        help="SYM=V: a symbolic extent besides the batch")
    parser.add_argument("--min-time", type=float, default=0.3)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    binds = {}
    for item in args.bind:
        symbol, value = item.split("=")
        binds[symbol] = int(value)
    torch.set_num_threads(args.threads)
    for name in args.names.split(","):
        for batch in (int(b) for b in args.batches.split(",")):
            for kind, samples in measure(name, batch, binds, args.min_time,
                                         args.repeats):
                print(json.dumps({"name": f"{kind}/{name}/{batch}",
                                  "threads": args.threads,
                                  "samples_us": samples,
                                  "median_us": statistics.median(samples),
                                  "min_us": min(samples),
                                  "max_us": max(samples)}), flush=True)


if __name__ == "__main__":
    main()
