#!/usr/bin/python3
"""twohead_eval_check.py WEIGHTS DATA.csv EVAL_OUTPUT: recomputes with
numpy what `netc eval` reports for Inputs/twohead.net (the loss
cross_entropy(cls, class) + 0.5 * mse(score), the accuracy of cls, the
Pearson and Spearman correlations of score) and compares it with the
printed line; prints "eval agrees" or the first difference."""
import re
import sys

import numpy as np

from twohead_reference import read_safetensors


def ranks(v):
    order = np.argsort(v, kind="stable")
    r = np.empty(len(v))
    r[order] = np.arange(1, len(v) + 1)
    for value in np.unique(v):  # ties share their mean rank
        r[v == value] = r[v == value].mean()
    return r


def main():
    w = read_safetensors(sys.argv[1])
    rows = np.loadtxt(sys.argv[2], delimiter=",", dtype=np.float64, ndmin=2)
    x, cls_t, score_t = rows[:, :8], rows[:, 8].astype(int), rows[:, 9]
    t = np.tanh(x @ w["0.weight"].T + w["0.bias"])
    cls = t @ w["2.weight"].T + w["2.bias"]
    score = (t @ w["3.weight"].T + w["3.bias"])[:, 0]
    logp = cls - cls.max(axis=1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
    expected = {
        "loss": -logp[np.arange(len(x)), cls_t].mean()
        + 0.5 * ((score - score_t) ** 2).mean(),
        "cls accuracy": (cls.argmax(axis=1) == cls_t).mean(),
        "score pearson": np.corrcoef(score, score_t)[0, 1],
        "score spearman": np.corrcoef(ranks(score), ranks(score_t))[0, 1],
    }
    text = open(sys.argv[3]).read()
    for name, value in expected.items():
        m = re.search(r"(?:^|  )" + name + r" (-?[0-9.]+)", text, re.M)
        if not m:
            print(f"no '{name}' in netc eval's output")
            return 1
        if abs(float(m.group(1)) - value) > 1e-4:
            print(f"{name}: netc {m.group(1)}, numpy {value:.6f}")
            return 1
    print("eval agrees: " + ", ".join(f"{k} {v:.4f}" for k, v in
                                      expected.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
