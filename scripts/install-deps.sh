#!/usr/bin/env bash
# Installs the Debian 12 packages netc builds and tests with, if any is missing.
# Idempotent and silent when everything is already there.
set -euo pipefail

packages=(
  # compiler stack (versions verified in shared/DESIGN.md)
  cmake ninja-build g++ python3
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools libzstd-dev
  libhalide14-0-dev
  # tests and benchmarks
  libgtest-dev libbenchmark-dev
  # data and reference numbers: sklearn ships the 8x8 digits, torch is the oracle
  python3-sklearn python3-numpy python3-torch libopenblas0-pthread
  # runtime data readers (netc_data): zlib for .gz inputs, NCBI's BLOSUM62,
  # Fashion-MNIST in IDX format
  zlib1g-dev ncbi-data dataset-fashion-mnist
  # cross targets: ARM objects are linked and run (under qemu) by make test
  g++-aarch64-linux-gnu qemu-user-static
  # GPU schedules without a GPU: host-opencl code runs on the CPU via pocl
  pocl-opencl-icd ocl-icd-opencl-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "netc: installing ${missing[*]}"
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
