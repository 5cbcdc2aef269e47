#!/usr/bin/env bash
# Builds the Debian package of wardscope: build/package/wardscope_VERSION_ARCH.deb.
# Install it on Debian 12 with: sudo apt install ./build/package/wardscope_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh wardscope wardscope-viewer wardscope_map
rm -rf build/package
(cd build && cpack -G DEB -B package >/dev/null)
ls build/package/wardscope_*.deb
