#!/usr/bin/env bash
# `make bench`: netc and PyTorch on the same machine in the same run,
# alternating A/B/A/B, medians reported; writes docs/benchmarks.md.
set -euo pipefail
build=${1:-build}
out=${2:-docs/benchmarks.md}
models="examples/mlp/mlp.net examples/logistic_regression/logistic_regression.net"
names="digits,classifier"
batches="1,32,256"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

model_args=()
for m in $models; do model_args+=(--model "$m"); done
for round in 1 2; do
  for threads in 1 2; do
    echo "== round $round: netc ($threads thread(s))" >&2
    HL_NUM_THREADS=$threads "$build/bin/netc_bench" "${model_args[@]}" --batches "$batches" \
      --benchmark_min_time=0.3 --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
      --benchmark_format=json > "$scratch/netc-$threads-$round.json" 2> "$scratch/netc-$threads-$round.log"
    echo "== round $round: PyTorch ($threads thread(s))" >&2
    /usr/bin/python3 benchmarks/pytorch_bench.py "$threads" "$names" "$batches" > "$scratch/torch-$threads-$round.jsonl"
  done
done
/usr/bin/python3 benchmarks/report.py "$scratch" "$out"
cat "$out"
