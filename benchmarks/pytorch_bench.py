#!/usr/bin/python3
"""PyTorch's side of `make bench`: the same models, batches and step as
netc_bench (a full training step: forward, loss, backward, optimizer update;
and inference under torch.no_grad), timed with perf_counter. Prints one JSON
object per measurement: {"name": "train_step/digits/32", "median_us": ...}.

The models mirror the examples' .net files layer for layer.
"""
import json
import statistics
import sys
import time

import torch


def digits():
    """examples/mlp/mlp.net"""
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 32), torch.nn.ReLU(),
        torch.nn.Linear(32, 1), torch.nn.Sigmoid())
    return model, 64, 1, torch.nn.BCELoss(), lambda p: torch.optim.SGD(p, lr=0.05)


def classifier():
    """examples/logistic_regression/logistic_regression.net"""
    model = torch.nn.Sequential(torch.nn.Linear(2, 1), torch.nn.Sigmoid())
    return model, 2, 1, torch.nn.BCELoss(), lambda p: torch.optim.SGD(p, lr=0.5)


MODELS = {"digits": digits, "classifier": classifier}


def median_us(fn, min_seconds=0.3, repeats=7):
    """Median over `repeats` runs of the mean time of a call, in µs."""
    fn()  # warm-up
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
    return statistics.median(samples), min(samples), max(samples)


def main():
    threads = int(sys.argv[1])
    names = sys.argv[2].split(",")
    batches = [int(b) for b in sys.argv[3].split(",")]
    torch.set_num_threads(threads)
    for name in names:
        model, n_in, n_out, loss_fn, make_opt = MODELS[name]()
        optimizer = make_opt(model.parameters())
        for batch in batches:
            x = torch.rand(batch, n_in)
            target = (torch.rand(batch, n_out) > 0.5).float()

            def step():
                optimizer.zero_grad()
                loss = loss_fn(model(x), target)
                loss.backward()
                optimizer.step()

            def infer():
                with torch.no_grad():
                    model(x)

            for kind, fn in (("train_step", step), ("infer", infer)):
                med, lo, hi = median_us(fn)
                print(json.dumps({"name": f"{kind}/{name}/{batch}",
                                  "threads": threads, "median_us": med,
                                  "min_us": lo, "max_us": hi}), flush=True)


if __name__ == "__main__":
    main()
