#!/usr/bin/env bash
# `make demo`: netc's main job on the course's first model. examples/translator
# learns the genetic code from generated open reading frames (one-hot DNA in,
# one of 21 classes per codon out; a conv1d/batchnorm/relu net trained with
# Adam). The demo compiles and trains it, measures per-codon accuracy on
# held-out sequences, asks the course's proline question, and emits the
# standalone library an application embeds.
set -euo pipefail
build=${1:-build}
netc="$build/bin/netc"
ex=examples/translator
out="$build/demo"
rm -rf "$out"
mkdir -p "$out"

section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# The proline columns of a `netc predict` CSV: codon, best class, P(proline).
proline_table() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "P") p = i;
                     print "codon  predicted  P(proline)"; next }
           { printf "%-5s  %-9s  %.4f\n", $1, $3, $p }' "$1"
}

section "The model ($ex/translator.net)"
grep -v '^#' "$ex/translator.net" | sed '/^$/d'

section "Its layers (netc summary)"
"$netc" summary "$ex/translator.net"

section "Training (Halide JIT, in-process; sequences of every length share one compiled step)"
"$netc" train "$ex/translator.net" --save "$out/translator.safetensors"

section "Per-codon accuracy on 100 held-out ORFs (netc eval --data orfs_test.fasta)"
"$netc" eval "$ex/translator.net" --weights "$out/translator.safetensors" \
  --data "$ex/orfs_test.fasta" | sed -n '1,2p'

section "The proline question: train where proline is only ever CCT or CCC"
"$netc" train "$ex/translator_prolines.net" --no-progress \
  --save "$out/translator_prolines.safetensors" | tail -1
"$netc" predict "$ex/translator_prolines.net" \
  --weights "$out/translator_prolines.safetensors" \
  --data "$ex/prolines.fasta" -o "$out/prolines.csv"
proline_table "$out/prolines.csv"
echo "(CCA and CCG never occurred in training: the net reads 'CC?' as proline.)"

section "Standalone library for embedding (netc build --weights ... -o $out/lib)"
"$netc" build "$ex/translator_prolines.net" \
  --weights "$out/translator_prolines.safetensors" -o "$out/lib"
ls -l "$out/lib"
cc -O2 -o "$out/prolines" "$ex/prolines.c" -I"$out/lib" \
  "$out/lib/translator_prolines.a" -lpthread -ldl -lm
echo "\$ $out/prolines $out/lib/translator_prolines.safetensors   # a C program, no netc"
"$out/prolines" "$out/lib/translator_prolines.safetensors"

section "Outputs"
echo "checkpoint   $out/translator.safetensors (+ .optimizer.safetensors)"
echo "curves       $out/translator.svg"
echo "predictions  $out/prolines.csv"
echo "library      $out/lib/translator_prolines.{a,h,hpp,safetensors}"
