#!/usr/bin/env bash
# `make demo`: netc's main job on a bundled example. Compiles the MLP of
# examples/mlp (real 8x8 digits from Debian's python3-sklearn, "is it a 3?"),
# shows the generated training step, trains it, and emits the standalone
# library an application would embed.
set -euo pipefail
build=${1:-build}
netc="$build/bin/netc"
model=examples/mlp/mlp.net
out="$build/demo"

section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

section "The model ($model)"
grep -v '^#' "$model" | sed '/^$/d'

section "Autodiff built this training step (netc $model --emit=mlir-train, @train_step)"
"$netc" "$model" --emit=mlir-train | sed -n '/func.func @train_step/,/^  }/p'

section "Training (Halide JIT, in-process)"
"$netc" train "$model"

section "Standalone library for embedding (netc build $model -o $out)"
rm -rf "$out"
"$netc" build "$model" -o "$out"
ls -l "$out"
sed -n '/Parameter region/,/\*\//p' "$out/digits.h"
