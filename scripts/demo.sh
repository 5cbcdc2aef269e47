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
# Planning: where to hold 8 campaign events, which wards come first, and a route
# for two inspectors through the 12 strongest hot spots (the depot: central Hai Phong).
$ws campaign -q --wards "$wards" --ward-id code --demand out/demo/synthetic/synthetic_survey.csv \
    --weight children_working --k 8 --radius 4000 --as-of 2025-12-31 --out out/demo/campaign
$ws rank -q --in out/demo --top 10 --out out/demo/rank
$ws route -q --top-wards out/demo --by gi_star_z --top 12 --depot 106.6881,20.8561 --inspectors 2 \
    --out out/demo/routes
echo "Open the results in the viewer: build/viewer/wardscope-viewer out/demo"
