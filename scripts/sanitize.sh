#!/usr/bin/env bash
# `make sanitize`: the front end and the runtime's readers under ASan and
# UBSan (cmake/NetcSanitize.cmake), in their own build folder, running the
# tests that feed them malformed input: the dsl and runtime GoogleTest
# suites, the .net diagnostics (test/lit/dsl) and the bad-data driver tests.
set -euo pipefail
build=${1:-build-sanitize}
scripts/install-deps.sh
cmake -G Ninja -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DNETC_SANITIZE=ON >/dev/null
ninja -C "$build" -j "$(nproc)" netc netc_dsl_tests netc_runtime_tests
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/bin/netc_dsl_tests" --gtest_brief=1
"$build/bin/netc_runtime_tests" --gtest_brief=1
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$build/test/lit/dsl" \
  $(cd test/lit && ls -d driver/fasta-* driver/tsv-* driver/data-* \
      driver/idx-* driver/resume-* driver/npy-data.test driver/empty-file.test \
      driver/missing-file.test 2>/dev/null | sed "s|^|$build/test/lit/|")
