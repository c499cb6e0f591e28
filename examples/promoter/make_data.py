#!/usr/bin/python3
"""Make DNA promoter-classification data for examples/promoter.

No promoter data set is reachable here (see shared/DATA.md), so it is
generated with a fixed seed. Every sequence is 200 uniform random bases.
Half of them (class=1) carry a TATA-box-like motif TATAWAWR (W = A/T,
R = A/G) whose start lies within +-JITTER of position 150 (about 30 bp
upstream of a transcription start at 180, as in eukaryotic core
promoters); each motif base is mutated with probability MUTATION, so some
positives are weak. Negatives (class=0) are background only.

The jitter is what separates the models: logistic regression needs one
weight per (base, position) and so sees a smeared motif; a convolution with
max pooling finds it wherever it lies.

Files: <prefix>.fasta (training) and <prefix>_test.fasta (held out), each
record `>seq17 class=1`.

Usage: make_data.py OUT_PREFIX [--train N] [--test N] [--seed S]
"""

import argparse
import os
import random
import sys

LENGTH = 200
MOTIF = "TATAWAWR"
IUPAC = {"A": "A", "C": "C", "G": "G", "T": "T", "W": "AT", "R": "AG"}
CENTER = 150
JITTER = 20
MUTATION = 0.1


def random_dna(rng, n):
    return "".join(rng.choice("ACGT") for _ in range(n))


def plant_motif(rng, seq):
    start = CENTER + rng.randint(-JITTER, JITTER)
    motif = []
    for code in MOTIF:
        base = rng.choice(IUPAC[code])
        if rng.random() < MUTATION:
            base = rng.choice("ACGT")
        motif.append(base)
    return seq[:start] + "".join(motif) + seq[start + len(MOTIF):]


def make_records(rng, count, first_id):
    records = []
    for i in range(count):
        label = i % 2
        seq = random_dna(rng, LENGTH)
        if label:
            seq = plant_motif(rng, seq)
        records.append((f"seq{first_id + i} class={label}", seq))
    rng.shuffle(records)
    return records


def write_fasta_atomically(path, records, width=60):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for header, seq in records:
            f.write(f">{header}\n")
            for i in range(0, len(seq), width):
                f.write(seq[i:i + width] + "\n")
    os.replace(tmp, path)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv[1:])
    rng = random.Random(args.seed)
    os.makedirs(os.path.dirname(os.path.abspath(args.prefix)), exist_ok=True)
    write_fasta_atomically(args.prefix + ".fasta",
                           make_records(rng, args.train, 1))
    write_fasta_atomically(args.prefix + "_test.fasta",
                           make_records(rng, args.test, args.train + 1))
    print(f"wrote {args.train} training and {args.test} held-out sequences "
          f"to {args.prefix}*.fasta")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
