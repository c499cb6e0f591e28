#!/usr/bin/env bash
# Runs the whole suite: GoogleTest through ctest, then lit; ends with one
# summary line over both ("N passed, N failed").
set -uo pipefail
build=${1:-build}

echo "== GoogleTest (ctest) =="
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" | tee "$build/ctest.log"
ctest_rc=${PIPESTATUS[0]}

echo "== lit =="
python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$build/test/lit" | tee "$build/lit.log"
lit_rc=${PIPESTATUS[0]}

# ctest: "100% tests passed, 0 tests failed out of 42"
ct_total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$build/ctest.log" | tail -1)
ct_failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of.*/\1/p' "$build/ctest.log" | tail -1)
# lit: "  Passed: 12" / "  Failed: 1" (absent when zero)
lit_passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$build/lit.log" | tail -1)
lit_failed=$(sed -n 's/^ *Failed *: *\([0-9]*\).*/\1/p' "$build/lit.log" | tail -1)
passed=$(( ${ct_total:-0} - ${ct_failed:-0} + ${lit_passed:-0} ))
failed=$(( ${ct_failed:-0} + ${lit_failed:-0} ))
if [[ $ctest_rc -ne 0 || $lit_rc -ne 0 ]] && [[ $failed -eq 0 ]]; then failed=1; fi

echo "tests: $passed passed, $failed failed"
[[ $ctest_rc -eq 0 && $lit_rc -eq 0 ]]
