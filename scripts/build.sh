#!/usr/bin/env bash
# Configures and builds wardscope (Release) into build/.
#   scripts/build.sh [TARGET...]   (default: everything, tests and benchmarks included)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWARDSCOPE_BUILD_TESTS=ON -DWARDSCOPE_BUILD_BENCH=ON >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build -j "$jobs" --target "$@"
else
  cmake --build build -j "$jobs"
fi
