#!/usr/bin/env bash
# Second README command: install what is missing, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
cd ..
# The Debian package, unpacked into a fresh root and run from there.
bash scripts/test_package.sh
# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer (clang), and a
# short run of each fuzz target.
bash scripts/test_sanitizers.sh 20
