#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan and runs each for
# SECONDS (default 30) on its seed corpus (tests/fuzz/corpus/TARGET), keeping new
# inputs in BUILD_DIR/corpus/TARGET. A crash stops with exit 1.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (BUILD_DIR defaults to build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(record_reader project_file ward_layer)
build=${BUILD_DIR:-build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=ASan -DWARDSCOPE_FUZZ=ON \
    -DWARDSCOPE_BUILD_TESTS=OFF -DWARDSCOPE_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target $(printf 'fuzz_%s ' "${targets[@]}")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  echo "fuzz_$t: ${seconds} s"
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 "$build/corpus/$t" "tests/fuzz/corpus/$t" 2>&1 | tail -6
done
