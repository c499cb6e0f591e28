#!/usr/bin/env bash
# `make bench`: netc and PyTorch on the same machine in the same run,
# alternating A/B/A/B (each side warms up before it times), medians and
# min–max reported; writes docs/benchmarks.md.
#
#   benchmarks/run.sh [BUILD [OUT]] [--quick] [--models NAME,NAME...]
#                     [--autoschedule NAME|none]
#
# Per course model: a training step and an inference at batches 1, 32 and
# 256, each side at 1 and 2 threads, in two rounds; compile time; the size
# of the `netc build` library and Halide runtime; FLOPs from `netc summary`.
# Then one LeNet epoch on Fashion-MNIST on each side. --quick (a smoke test
# of the harness, not a measurement): one round, batches 1 and 32, tiny
# timing budgets, no LeNet epoch. --models (names from the list below)
# measures only those, without the LeNet epoch. --autoschedule (default
# Mullapudi2016) also times each pipeline's twin scheduled by that Halide
# autoscheduler, the baseline the hand schedules must beat; `none` skips it.
# Mullapudi2016 because, in Debian's Halide 14, Li2018's schedule of a
# training step fails to compile ("Atomic predicated store is not
# supported") and Adams2019 (built-in weights) searches about a minute per
# pass, five passes, per pipeline and batch on this machine.
set -euo pipefail

positional=()
quick=0
only=""
scheduler=Mullapudi2016
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --models) only=$2; shift ;;
    --autoschedule) scheduler=$2; shift ;;
    *) positional+=("$1") ;;
  esac
  shift
done
build=$(realpath -m "${positional[0]:-build}")
out=$(realpath -m "${positional[1]:-docs/benchmarks.md}")
cd "$(dirname "$0")/.." # the model paths below are the repository's
netc="$build/bin/netc"
python=/usr/bin/python3

# torch.set_num_threads leaves Debian's OpenBLAS (pthreads) to start a
# thread per core of its own; its variables hold PyTorch to THREADS.
torch_threads() {
  local threads=$1; shift
  OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads "$@"
}

# name:path; the name is the .net model's, which keys the PyTorch twin.
all_models="lenet:examples/lenet/lenet.net
translator:examples/translator/translator.net
peptide_ffn:examples/peptide/peptide_ffn.net
peptide_cnn:examples/peptide/peptide_cnn.net
promoter_cnn:examples/promoter/promoter_cnn.net"
binds="L=600" # the translator's sequence length

if [ "$quick" = 1 ]; then
  batches="1,32" rounds="1" min_time=0.01 repetitions=2
else
  batches="1,32,256" rounds="1 2" min_time=0.3 repetitions=5
fi

names=() paths=()
while IFS=: read -r name path; do
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
  names+=("$name") paths+=("$path")
done <<< "$all_models"
if [ ${#names[@]} = 0 ]; then
  echo "run.sh: no model named in --models $only" >&2
  exit 2
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A failed step says so, with the end of its log (the scratch folder goes).
failed() {
  echo "run.sh: $1 failed (exit status $?); the end of its log:" >&2
  tail -n 20 "$2" >&2
  exit 1
}
uptime > "$scratch/load-start.txt"
auto_name=$scheduler; [ "$scheduler" = none ] && auto_name=""
echo "{\"quick\": $quick, \"binds\": \"$binds\", \"batches\": \"$batches\", \"autoschedule\": \"$auto_name\"}" > "$scratch/settings.json"

# FLOPs per example, the AOT build's time and the sizes of what it writes.
for i in "${!names[@]}"; do
  name=${names[$i]} path=${paths[$i]}
  echo "== $name: summary and netc build" >&2
  "$netc" summary "$path" > "$scratch/summary-$name.txt"
  $python benchmarks/timed.py "$netc" build "$path" -o "$scratch/build-$name" \
    --separate-runtime > "$scratch/build-$name.json" 2> "$scratch/build-$name.log"
  size -t "$scratch/build-$name/$name.a" | tail -1 > "$scratch/build-$name.size" || true
  size -t "$scratch/build-$name/halide_runtime.a" | tail -1 > "$scratch/build-$name.runtime-size" || true
done

bench_args=(--bind "$binds" --batches "$batches")
if [ -n "$auto_name" ]; then bench_args+=(--autoschedule "$auto_name"); fi
for path in "${paths[@]}"; do bench_args+=(--model "$path"); done
torch_names=$(IFS=,; echo "${names[*]}")
# Compile times: in memory (Halide's JIT, the cache off), then every timed
# run on a pipeline cache of its own, never the user's: the first compiles
# into it, the others load from it.
echo "== compile in memory" >&2
NETC_CACHE=off "$build/bin/netc_bench" --bind "$binds" --batches "$batches" \
  $(for path in "${paths[@]}"; do echo --model "$path"; done) \
  --benchmark_filter='^$' > /dev/null 2> "$scratch/compile-jit.log" \
  || failed "netc_bench" "$scratch/compile-jit.log"
export NETC_CACHE_DIR="$scratch/netc-cache"
for round in $rounds; do
  for threads in 1 2; do
    echo "== round $round: netc ($threads thread(s))" >&2
    log="$scratch/netc-$threads-$round.log"
    HL_NUM_THREADS=$threads "$build/bin/netc_bench" "${bench_args[@]}" \
      --benchmark_min_time=$min_time --benchmark_repetitions=$repetitions \
      --benchmark_format=json \
      > "$scratch/netc-$threads-$round.json" 2> "$log" || failed "netc_bench" "$log"
    echo "== round $round: PyTorch ($threads thread(s))" >&2
    log="$scratch/torch-$threads-$round.log"
    torch_threads $threads $python benchmarks/pytorch_bench.py "$threads" "$torch_names" "$batches" \
      --bind "$binds" --min-time $min_time --repeats $repetitions \
      > "$scratch/torch-$threads-$round.jsonl" 2> "$log" || failed "pytorch_bench.py" "$log"
  done
done

# One round only: an epoch takes about a minute on each side. Batch 64 on
# both sides (issue 7's workload; lenet.net itself trains at 32).
if [ "$quick" = 0 ] && [ -z "$only" ]; then
  epoch_batch=64
  sed "s/^  batch: [0-9]*$/  batch: $epoch_batch/" examples/lenet/lenet.net > "$scratch/lenet.net"
  grep -q "^  batch: $epoch_batch$" "$scratch/lenet.net"
  echo "$epoch_batch" > "$scratch/epoch-batch.txt"
  # Twice, on a pipeline cache of its own: the first run compiles into it,
  # the second loads from it (what every later run of a model does).
  for run in cold warm; do
    echo "== LeNet epoch: netc ($run pipeline cache)" >&2
    NETC_CACHE_DIR="$scratch/epoch-cache" HL_NUM_THREADS=1 \
      $python benchmarks/timed.py "$netc" train "$scratch/lenet.net" \
      --epochs 1 --no-progress --save "$scratch/lenet.safetensors" \
      > "$scratch/epoch-netc-$run.json" 2> "$scratch/epoch-netc-$run.log"
  done
  echo "== LeNet epoch: PyTorch" >&2
  torch_threads 1 $python benchmarks/timed.py $python benchmarks/pytorch_lenet_epoch.py 1 $epoch_batch \
    > "$scratch/epoch-torch.json" 2> "$scratch/epoch-torch.log"
fi

uptime > "$scratch/load-end.txt"
$python benchmarks/report.py "$scratch" "$out"
cat "$out"
