#!/usr/bin/python3
"""Make synthetic peptide-MHC binding affinities for examples/peptide.

No binding data set is reachable here (see shared/DATA.md), so affinities
are generated with a fixed seed from a position-specific scoring model with
the anchor preferences of HLA-A*02:01: position 2 prefers L/M (I, V
weaker), position 9 prefers V/L (I, A weaker); the other positions carry
small random preferences. A peptide's score is the sum over positions; its
affinity is a logistic squashing of score + Gaussian noise, in [0, 1]
(1 = strong binder), like the course's 1 - log50000(IC50) transform.

Peptides are mostly 9-mers; a fraction are 8-mers (the CNN pads them to 9).
The anchors are what a model must recover.

Files: <prefix>.tsv (training) and <prefix>_test.tsv (held out), with a
header `peptide<TAB>affinity`.

Usage: make_data.py OUT_PREFIX [--train N] [--test N] [--seed S]
"""

import argparse
import math
import os
import random
import sys

AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
LENGTH = 9
SHORT_FRACTION = 0.1
ANCHORS = {
    1: {"L": 3.0, "M": 2.5, "I": 1.5, "V": 1.0},   # P2 (0-based 1)
    8: {"V": 3.0, "L": 2.5, "I": 2.0, "A": 1.0},   # P9 (0-based 8)
}
BACKGROUND_SCALE = 0.4
OFFSET = -3.0
NOISE = 0.3


def make_scores(rng):
    scores = []
    for pos in range(LENGTH):
        if pos in ANCHORS:
            scores.append({aa: ANCHORS[pos].get(aa, -1.0) for aa in AMINO_ACIDS})
        else:
            scores.append({aa: rng.gauss(0, BACKGROUND_SCALE)
                           for aa in AMINO_ACIDS})
    return scores


def make_peptide(rng):
    # Enrich anchors so that binders are not vanishingly rare.
    residues = [rng.choice(AMINO_ACIDS) for _ in range(LENGTH)]
    for pos, prefs in ANCHORS.items():
        if rng.random() < 0.4:
            residues[pos] = rng.choice(sorted(prefs))
    return "".join(residues)


def affinity(rng, scores, peptide):
    score = OFFSET + sum(scores[i][aa] for i, aa in enumerate(peptide))
    return 1.0 / (1.0 + math.exp(-(score + rng.gauss(0, NOISE))))


def make_rows(rng, scores, count):
    rows = []
    for _ in range(count):
        peptide = make_peptide(rng)
        value = affinity(rng, scores, peptide)
        if rng.random() < SHORT_FRACTION:
            # An 8-mer: one residue of the middle deleted; it keeps its
            # affinity (the course's padded 8-mers).
            cut = rng.randint(2, 6)
            peptide = peptide[:cut] + peptide[cut + 1:]
        rows.append((peptide, value))
    return rows


def write_tsv_atomically(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("peptide\taffinity\n")
        for peptide, value in rows:
            f.write(f"{peptide}\t{value:.6f}\n")
    os.replace(tmp, path)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--train", type=int, default=4000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv[1:])
    rng = random.Random(args.seed)
    scores = make_scores(rng)
    os.makedirs(os.path.dirname(os.path.abspath(args.prefix)), exist_ok=True)
    write_tsv_atomically(args.prefix + ".tsv", make_rows(rng, scores, args.train))
    write_tsv_atomically(args.prefix + "_test.tsv",
                         make_rows(rng, scores, args.test))
    print(f"wrote {args.train} training and {args.test} held-out peptides "
          f"to {args.prefix}*.tsv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
