#!/usr/bin/python3
"""Make open reading frames and their translations for examples/translator.

The course's own sequences did not survive (see shared/DATA.md), so the data
is generated with a fixed seed: each ORF is ATG, then random sense codons,
then one of the three stop codons; its protein is the translation by the
standard genetic code (NCBI table 1), the stop written as '*'. Lengths vary
(30..90 codons), so the model sees sequences of different lengths.

Files written next to OUT_PREFIX:
  <prefix>.fasta / <prefix>.proteins.fasta        training pairs
  <prefix>_test.fasta / <prefix>_test.proteins.fasta  held-out pairs
Records are paired by order and id (>orf17 in both files).

--prolines CCT,CCC keeps only those proline codons in the training data (the
others are replaced by them), for the course's question: what does the net
predict for a codon it never saw?

Usage: make_data.py OUT_PREFIX [--train N] [--test N] [--seed S]
                    [--prolines CODONS]
"""

import argparse
import os
import random
import sys

BASES = "TCAG"
# NCBI translation table 1, codons in TCAG order (TTT, TTC, TTA, TTG, TCT...).
AMINO_ACIDS = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
GENETIC_CODE = {
    a + b + c: AMINO_ACIDS[16 * i + 4 * j + k]
    for i, a in enumerate(BASES) for j, b in enumerate(BASES)
    for k, c in enumerate(BASES)
}
STOPS = sorted(c for c, aa in GENETIC_CODE.items() if aa == "*")
SENSE = sorted(c for c, aa in GENETIC_CODE.items() if aa != "*")
PROLINES = ("CCT", "CCC", "CCA", "CCG")


def make_orf(rng, sense_codons, min_codons, max_codons):
    count = rng.randint(min_codons, max_codons)
    codons = ["ATG"] + [rng.choice(sense_codons) for _ in range(count - 2)]
    codons.append(rng.choice(STOPS))
    dna = "".join(codons)
    protein = "".join(GENETIC_CODE[c] for c in codons)
    return dna, protein


def write_fasta_atomically(path, records, width=60):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        for name, seq in records:
            f.write(f">{name}\n")
            for i in range(0, len(seq), width):
                f.write(seq[i:i + width] + "\n")
    os.replace(tmp, path)


def write_pairs(prefix, pairs, first_id):
    names = [f"orf{first_id + i}" for i in range(len(pairs))]
    write_fasta_atomically(prefix + ".fasta",
                           [(n, dna) for n, (dna, _) in zip(names, pairs)])
    write_fasta_atomically(prefix + ".proteins.fasta",
                           [(n, p) for n, (_, p) in zip(names, pairs)])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--train", type=int, default=400)
    parser.add_argument("--test", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--min-codons", type=int, default=30)
    parser.add_argument("--max-codons", type=int, default=90)
    parser.add_argument("--prolines", default=",".join(PROLINES),
                        help="proline codons allowed in the training set")
    args = parser.parse_args(argv[1:])

    kept = [c for c in args.prolines.split(",") if c]
    if not kept or any(c not in PROLINES for c in kept):
        print(f"make_data.py: error: --prolines takes codons among "
              f"{','.join(PROLINES)}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    train_sense = [c for c in SENSE if c not in PROLINES or c in kept]
    train = [make_orf(rng, train_sense, args.min_codons, args.max_codons)
             for _ in range(args.train)]
    test = [make_orf(rng, SENSE, args.min_codons, args.max_codons)
            for _ in range(args.test)]
    os.makedirs(os.path.dirname(os.path.abspath(args.prefix)), exist_ok=True)
    write_pairs(args.prefix, train, 1)
    write_pairs(args.prefix + "_test", test, args.train + 1)
    codons = sum(len(p) for _, p in train)
    print(f"wrote {len(train)} training ORFs ({codons} codons) and "
          f"{len(test)} held-out ORFs to {args.prefix}*.fasta")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
