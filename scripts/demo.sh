#!/usr/bin/env bash
# First README command: install what is missing, build, and run the main job on
# the bundled Hai Phong wards with synthetic records. Outputs go to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh wardscope
ws=build/cli/wardscope
wards=data/haiphong/wards_2025.gpkg:wards_2025
$ws synth --wards "$wards" --ward-id code --seed 2025 --out out/demo/synthetic -q
$ws analyze --project data/haiphong/demo.toml -q
