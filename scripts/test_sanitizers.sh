#!/usr/bin/env bash
# The whole test suite built with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/), then each fuzz target (built in the same tree) for a short run.
#   scripts/test_sanitizers.sh [FUZZ_SECONDS]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=ASan -DWARDSCOPE_FUZZ=ON \
  -DWARDSCOPE_BUILD_TESTS=ON -DWARDSCOPE_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
# GDAL, GEOS and PROJ are not instrumented: leaks inside them are not ours.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="abort_on_error=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
(cd build-asan && ctest --output-on-failure -j "$jobs" -E "AtomicWrites")
ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" BUILD_DIR=build-asan bash scripts/fuzz.sh "${1:-20}"
