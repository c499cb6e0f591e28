#!/usr/bin/python3
"""Trains the PyTorch twin of each course example for docs/examples.md.

Same model (test/parity/course_models.py), same data files, epochs, batch
size and optimizer as examples/<dir>/<name>.net; reports the held-out metric
and the wall time, one JSON object per line. The data is read here with
plain Python (an encoder independent of netc's runtime).

Usage: pytorch_examples.py [NAME ...]   (default: every example with data)
"""
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "test", "parity"))
from course_models import MODELS  # noqa: E402

EX = os.path.join(ROOT, "examples")
AMINO = "ACDEFGHIKLMNPQRSTVWY"
PROTEIN = AMINO + "*"


def fasta(path):
    records, header, seq = [], None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith(">"):
                if header is not None:
                    records.append((header, "".join(seq)))
                header, seq = line[1:], []
            elif line:
                seq.append(line)
    records.append((header, "".join(seq)))
    return records


def onehot(seq, alphabet):
    x = np.zeros((len(alphabet), len(seq)), np.float32)
    for j, c in enumerate(seq):
        x[alphabet.index(c), j] = 1
    return x


def blosum62():
    rows, cols = {}, None
    for line in open("/usr/share/ncbi/data/BLOSUM62"):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split()
        if cols is None:
            cols = fields
            continue
        rows[fields[0]] = dict(zip(cols, map(float, fields[1:])))
    return rows


def peptides(path, length=9):
    table = blosum62()
    xs, ys = [], []
    with open(path) as f:
        next(f)
        for line in f:
            pep, aff = line.split()
            x = np.zeros((20, length), np.float32)
            for j, aa in enumerate(pep):
                x[:, j] = [table[aa][b] for b in AMINO]
            xs.append(x)
            ys.append([float(aff)])
    return torch.tensor(np.stack(xs)), torch.tensor(ys)


def promoters(path):
    recs = fasta(path)
    x = np.stack([onehot(s, "ACGT") for _, s in recs])
    y = [[float(h.split("class=")[1])] for h, _ in recs]
    return torch.tensor(x), torch.tensor(y)


def idx(images, labels):
    with gzip.open(images) as f:
        _, n, r, c = struct.unpack(">IIII", f.read(16))
        x = np.frombuffer(f.read(), np.uint8).reshape(n, 1, r, c)
    with gzip.open(labels) as f:
        struct.unpack(">II", f.read(8))
        y = np.frombuffer(f.read(), np.uint8)
    onehot_y = np.zeros((len(y), 10), np.float32)
    onehot_y[np.arange(len(y)), y] = 1
    return torch.tensor(x.astype(np.float32) / 255), torch.tensor(onehot_y)


def auc(scores, labels):
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for s in np.unique(scores):  # average ranks of ties
        tie = scores == s
        ranks[tie] = ranks[tie].mean()
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return (ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def train(name, x, y, epochs, seed=1, validation=0.0):
    """Trains on all but a seeded random `validation` fraction of (x, y),
    as the .net file's `validation:` setting holds out."""
    make_model, loss_fn, make_optimizer, batch = MODELS[name]
    torch.manual_seed(seed)
    keep = torch.randperm(len(x))[:len(x) - int(validation * len(x))]
    x, y = x[keep], y[keep]
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    for _ in range(epochs):
        model.train()
        for b in torch.randperm(len(x)).split(batch):
            optimizer.zero_grad()
            out = model(x[b])
            loss_fn(out, y[b].reshape(out.shape)).backward()
            optimizer.step()
    model.eval()
    return model


def run_translator(name, epochs=3):
    def load(prefix):
        dna = fasta(prefix + ".fasta")
        prot = fasta(prefix + ".proteins.fasta")
        return [(torch.tensor(onehot(d, "ACGT"))[None],
                 torch.tensor(onehot(p, PROTEIN))[None])
                for (_, d), (_, p) in zip(dna, prot)]
    train_set = load(os.path.join(EX, "translator", "orfs"))
    test_set = load(os.path.join(EX, "translator", "orfs_test"))
    make_model, loss_fn, make_optimizer, _ = MODELS[name]
    torch.manual_seed(1)
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    for _ in range(epochs):
        model.train()
        for i in torch.randperm(len(train_set)).tolist():
            x, t = train_set[i]
            optimizer.zero_grad()
            loss_fn(model(x), t).backward()
            optimizer.step()
    model.eval()
    right = total = 0
    with torch.no_grad():
        for x, t in test_set:
            right += (model(x).argmax(1) == t.argmax(1)).sum().item()
            total += t.shape[2]
    return {"per_codon_accuracy": right / total}


def run(name):
    if name == "translator":
        return run_translator(name)
    if name.startswith("promoter"):
        x, y = promoters(os.path.join(EX, "promoter", "promoters.fasta"))
        xt, yt = promoters(os.path.join(EX, "promoter", "promoters_test.fasta"))
        model = train(name, x, y, 10, validation=0.2)
        with torch.no_grad():
            p = model(xt).reshape(-1).numpy()
        labels = yt.reshape(-1).numpy()
        return {"accuracy": float(((p > 0.5) == (labels == 1)).mean()),
                "auc": float(auc(p, labels))}
    if name.startswith("peptide"):
        x, y = peptides(os.path.join(EX, "peptide", "peptides.tsv"))
        xt, yt = peptides(os.path.join(EX, "peptide", "peptides_test.tsv"))
        model = train(name, x, y, 20, validation=0.2)
        with torch.no_grad():
            p = model(xt).reshape(-1).numpy()
        t = yt.reshape(-1).numpy()
        return {"pearson": float(np.corrcoef(p, t)[0, 1]),
                "auc_at_0.5": float(auc(p, (t > 0.5).astype(int)))}
    if name == "lenet_mnist":
        prefix = os.path.join(EX, "lenet", "mnist-")
        x, y = idx(prefix + "train-images-idx3-ubyte.gz",
                   prefix + "train-labels-idx1-ubyte.gz")
        xt, yt = idx(prefix + "test-images-idx3-ubyte.gz",
                     prefix + "test-labels-idx1-ubyte.gz")
        model = train(name, x, y, 5)
        with torch.no_grad():
            p = model(xt).argmax(1)
        return {"test_accuracy": float((p == yt.argmax(1)).float().mean())}
    if name.startswith("lenet"):
        fm = "/usr/share/datasets/fashion-mnist/"
        x, y = idx(fm + "train-images-idx3-ubyte.gz", fm + "train-labels-idx1-ubyte.gz")
        xt, yt = idx(fm + "t10k-images-idx3-ubyte.gz", fm + "t10k-labels-idx1-ubyte.gz")
        model = train(name, x, y, 5, validation=0.1)
        with torch.no_grad():
            p = model(xt).argmax(1)
        return {"test_accuracy": float((p == yt.argmax(1)).float().mean())}
    raise KeyError(name)


def main(argv):
    torch.set_num_threads(1)
    names = argv[1:] or ["translator", "promoter_logreg", "promoter_mlp",
                         "promoter_cnn", "peptide_ffn", "peptide_cnn"]
    for name in names:
        start = time.time()
        result = run(name)
        result.update(example=name, seconds=round(time.time() - start, 1))
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
