#!/usr/bin/env bash
# First README command: install what is missing, build, and run the main job on
# the bundled Hai Phong wards with synthetic records. Outputs go to out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh wardscope wardscope-viewer
ws=build/cli/wardscope
wards=data/haiphong/wards_2025.gpkg:wards_2025
$ws synth --wards "$wards" --ward-id code --seed 2025 --out out/demo/synthetic -q
$ws analyze --project data/haiphong/demo.toml -q
# A map for a report, and how to look at everything in the viewer.
$ws map --in out/demo --field rate_per_1000 --classes 5 --scheme jenks --layers scan \
    --title "Trẻ em lao động trái pháp luật trên 1.000 trẻ 5–17 tuổi (dữ liệu tổng hợp)" --out out/demo/map_rate.pdf
echo "Open the results in the viewer: build/viewer/wardscope-viewer out/demo"
