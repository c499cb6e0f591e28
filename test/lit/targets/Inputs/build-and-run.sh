#!/usr/bin/env bash
# build-and-run.sh TARGET MODEL.net DIR [--link-only]
# Builds MODEL.net for TARGET with `netc build` into DIR/TARGET, links
# target_driver.c against it with that target's C compiler and runs the
# program (under qemu-aarch64-static for ARM), printing its numbers on
# stdout; with --link-only it stops after linking (a target this CPU cannot
# run). A missing cross tool is an error, never a skip: make test installs
# them (scripts/install-deps.sh).
set -euo pipefail
target=$1 model=$2 dir=$3 mode=${4:-run}
here=$(cd "$(dirname "$0")" && pwd)
aot_inputs="$here/../../../aot" # aot_inputs.h: the fixed inputs

case "$target" in
  arm-64-linux*)
    cc=aarch64-linux-gnu-gcc
    run=(env QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64-static) ;;
  *-cuda*)
    # Running needs an NVIDIA GPU and driver (Halide loads libcuda.so).
    if ! ls /dev/nvidia[0-9]* >/dev/null 2>&1 && [[ "$mode" != --link-only ]]; then
      echo "[SKIP] no CUDA device"
      exit 77
    fi
    cc=gcc run=() ;;
  *-opencl*)
    # Halide loads libOpenCL.so, which dispatches to pocl's CPU device.
    if [[ ! -e /etc/OpenCL/vendors/pocl.icd ]] ||
       [[ ! -e /usr/lib/$(gcc -dumpmachine)/libOpenCL.so ]]; then
      echo "error: OpenCL (pocl-opencl-icd, ocl-icd-opencl-dev) is missing; scripts/install-deps.sh installs it" >&2
      exit 1
    fi
    cc=gcc run=() ;;
  host* | x86-64-linux*)
    cc=gcc run=() ;;
  *) echo "build-and-run.sh: no C compiler known for target '$target'" >&2; exit 2 ;;
esac
for tool in "$cc" "${run[@]:1}"; do
  [[ "$tool" == QEMU_LD_PREFIX=* ]] && continue
  if ! command -v "$tool" >/dev/null; then
    echo "error: '$tool' is missing; scripts/install-deps.sh installs it" >&2
    exit 1
  fi
done

out="$dir/$target"
rm -rf "$out" # one model per folder: its header names it
netc build "$model" --target "$target" -o "$out" >/dev/null
header=$(cd "$out" && ls *.h | grep -v '^HalideRuntime\.h$')
name=${header%.h}
upper=$(echo "$name" | tr '[:lower:]' '[:upper:]')
# The first *_FEATURES constant is the input's ("DIGITS_X_FEATURES").
input=$(grep -m1 -o "define ${upper}_[A-Z0-9_]*_FEATURES" "$out/$header")
"$cc" -O1 -DNETC_MODEL="$name" -DNETC_MODEL_UPPER="$upper" \
  -DNETC_INPUT_FEATURES="${input#define }" \
  -I "$out" -I "$aot_inputs" -include "$header" "$here/target_driver.c" \
  "$out/$name.a" -lpthread -ldl -lm -o "$out/driver"
if [[ "$mode" == --link-only ]]; then
  echo "linked: $out/driver"
  exit 0
fi
"${run[@]}" "$out/driver"
