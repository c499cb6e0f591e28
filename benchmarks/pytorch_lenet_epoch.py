#!/usr/bin/python3
"""PyTorch's twin of `netc train examples/lenet/lenet.net --epochs 1`: one
epoch of LeNet on Fashion-MNIST as the train block says (batch 32, Adam
lr 0.002, cross entropy on one-hot labels: the same loss as on indices;
10% held out; course_models.MODELS["lenet"] gives the model, loss and
batch, which BATCH replaces), timed from
reading the gzip IDX files (bytes / 255) to the validation loss. Prints one
JSON object: {"seconds": ..., "threads": ..., "validation_loss": ...}.

Usage: pytorch_lenet_epoch.py THREADS [BATCH]
"""
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "test", "parity"))
sys.path.insert(0, HERE)
from course_models import MODELS  # noqa: E402
from pytorch_examples import idx  # noqa: E402

DATA = "/usr/share/datasets/fashion-mnist/"
VALIDATION = 0.1


def main():
    threads = int(sys.argv[1])
    torch.set_num_threads(threads)
    start = time.perf_counter()
    x, y = idx(DATA + "train-images-idx3-ubyte.gz",
               DATA + "train-labels-idx1-ubyte.gz")
    make_model, loss_fn, make_optimizer, batch = MODELS["lenet"]
    if len(sys.argv) > 2:
        batch = int(sys.argv[2])
    torch.manual_seed(1)
    order = torch.randperm(len(x))
    held = int(round(len(x) * VALIDATION))
    val, train = order[:held], order[held:]
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    model.train()
    for b in train[torch.randperm(len(train))].split(batch):
        optimizer.zero_grad()
        loss_fn(model(x[b]), y[b]).backward()
        optimizer.step()
    model.eval()
    total = 0.0
    with torch.no_grad():
        for b in val.split(batch):
            total += loss_fn(model(x[b]), y[b]).item() * len(b)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "threads": threads,
                      "train_examples": len(train),
                      "validation_loss": total / held}), flush=True)


if __name__ == "__main__":
    main()
