#!/usr/bin/python3
"""Trains every course example with netc and its PyTorch twin; writes
docs/examples.md.

For each example: `netc train` (the .net file's own settings, progress bar
off) timed end to end (compile included), then `netc eval` of the trained
weights on the example's held-out test file; and the PyTorch twin of the
same model (test/parity/course_models.py) trained on the same training
file, epochs, batch, optimizer, seed and validation hold-out by
benchmarks/pytorch_examples.py, measured on the same test file.

Usage: run_examples.py BUILD_DIR [OUT.md] [NAME ...]
Takes about 15 minutes on the 2-core reference machine (LeNet dominates).
With NAMEs and an existing OUT.md, only those examples' rows are replaced
(rows of new examples go at the table's end) and the rest of the file,
the notes below the table included, is kept.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EX = os.path.join(ROOT, "examples")
FASHION = "/usr/share/datasets/fashion-mnist/"

# name: (.net file, held-out test file, metrics shown, quality bar)
EXAMPLES = {
    "translator": ("translator/translator.net", "translator/orfs_test.fasta",
                   ["accuracy"], "per-codon accuracy >= 0.99"),
    "promoter_logreg": ("promoter/promoter_logreg.net",
                        "promoter/promoters_test.fasta", ["accuracy", "auc"],
                        ""),
    "promoter_mlp": ("promoter/promoter_mlp.net",
                     "promoter/promoters_test.fasta", ["accuracy", "auc"], ""),
    "promoter_cnn": ("promoter/promoter_cnn.net",
                     "promoter/promoters_test.fasta", ["accuracy", "auc"],
                     "beats promoter_logreg"),
    "peptide_ffn": ("peptide/peptide_ffn.net", "peptide/peptides_test.tsv",
                    ["pearson", "auc"], ""),
    "peptide_cnn": ("peptide/peptide_cnn.net", "peptide/peptides_test.tsv",
                    ["pearson", "auc"], ""),
    "lenet": ("lenet/lenet.net", FASHION + "t10k-images-idx3-ubyte.gz",
              ["accuracy"], "test accuracy >= 0.88 in 5 epochs"),
    "lenet_bn": ("lenet/lenet_bn.net", FASHION + "t10k-images-idx3-ubyte.gz",
                 ["accuracy"], ""),
    "lenet_mnist": ("lenet/lenet_mnist.net",
                    "lenet/mnist-test-images-idx3-ubyte.gz", ["accuracy"],
                    "test accuracy >= 0.96 in 5 epochs"),
}

METRIC = re.compile(r"(loss|accuracy|auc|pearson|spearman) ([0-9.]+)")


def netc_run(netc, name):
    net, test, _, _ = EXAMPLES[name]
    net = os.path.join(EX, net)
    test = test if test.startswith("/") else os.path.join(EX, test)
    with tempfile.TemporaryDirectory() as tmp:
        weights = os.path.join(tmp, name + ".safetensors")
        start = time.time()
        train = subprocess.run([netc, "train", net, "--no-progress", "--save",
                                weights], capture_output=True, text=True)
        seconds = time.time() - start
        if train.returncode:
            raise RuntimeError(f"netc train {name}: {train.stderr}")
        compiled = re.search(r"compiled in ([0-9.]+) s", train.stdout)
        out = subprocess.run([netc, "eval", net, "--weights", weights,
                              "--data", test], capture_output=True, text=True,
                             check=True).stdout
    metrics = dict((k, float(v)) for k, v in METRIC.findall(out.splitlines()[1]))
    metrics["seconds"] = round(seconds, 1)
    metrics["compile_seconds"] = float(compiled.group(1)) if compiled else None
    return metrics


def torch_run(name):
    proc = subprocess.run(["/usr/bin/python3",
                           os.path.join(ROOT, "benchmarks", "pytorch_examples.py"),
                           name], capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # pytorch_examples.py names some metrics differently.
    for ours, theirs in (("accuracy", "per_codon_accuracy"),
                         ("accuracy", "test_accuracy"), ("auc", "auc_at_0.5")):
        if theirs in result:
            result[ours] = result.pop(theirs)
    return result


def cell(metrics, keys):
    return ", ".join(f"{k} {metrics[k]:.4f}" for k in keys if k in metrics)


def main(argv):
    netc = os.path.join(argv[1], "bin", "netc")
    out = argv[2] if len(argv) > 2 else os.path.join(ROOT, "docs", "examples.md")
    names = argv[3:] or list(EXAMPLES)
    rows = []
    for name in names:
        print(f"== {name}", file=sys.stderr, flush=True)
        ours, theirs = netc_run(netc, name), torch_run(name)
        print(f"   netc {ours}\n   torch {theirs}", file=sys.stderr, flush=True)
        keys = EXAMPLES[name][2]
        rows.append(f"| `{name}` | {cell(ours, keys)} | {ours['seconds']} "
                    f"({ours['compile_seconds']}) | {cell(theirs, keys)} | "
                    f"{theirs['seconds']} | {EXAMPLES[name][3]} |")
    if argv[3:] and os.path.exists(out):
        with open(out) as f:
            text = replace_rows(f.read(), names, rows)
    else:
        text = HEADER + "\n".join(rows) + "\n" + FOOTER
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)
    return 0


def replace_rows(text, names, rows):
    """The table of `text` with the row of each of `names` replaced by the
    matching one of `rows`; rows without a match are appended to the table."""
    lines = text.split("\n")
    pending = dict(zip(names, rows))
    last_row = max(i for i, line in enumerate(lines) if line.startswith("| `"))
    for i, line in enumerate(lines):
        for name in list(pending):
            if line.startswith(f"| `{name}` |"):
                lines[i] = pending.pop(name)
    lines[last_row + 1:last_row + 1] = list(pending.values())
    return "\n".join(lines)


HEADER = """# The course examples, netc beside PyTorch

Written by `scripts/run_examples.py build` (about 15 minutes here). Each
example trains with the settings of its `.net` file (`netc train`, compile
included in the time; the compile time in parentheses), then `netc eval`
measures the trained weights on the example's held-out test file. PyTorch
trains the twin model of `test/parity/course_models.py` on the same
training file with the same epochs, batch, optimizer, seed and validation
hold-out (`benchmarks/pytorch_examples.py`, 1 thread) and is measured on the
same test file. Accuracy is per codon for the translator; the peptide AUC
tells binders (affinity > 0.5) from the rest.

| example | netc (test set) | netc s (compile) | PyTorch (test set) | PyTorch s | quality bar |
|---|---|---:|---|---:|---|
"""

FOOTER = """
The two frameworks draw different initial weights and batch orders from the
same seed, so their metrics differ by run-to-run noise; the parity tests
(`test/lit/parity/`) give both the same weights and batches and agree to
1e-4 (relative) over 20 steps.
"""

if __name__ == "__main__":
    sys.exit(main(sys.argv))
