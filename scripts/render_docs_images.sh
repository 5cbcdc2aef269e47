#!/usr/bin/env bash
# Renders the README's pictures from the demo outputs (run scripts/demo.sh first):
#   docs/img/viewer_vi.png     - the real viewer window under Xvfb, in Vietnamese
#   docs/img/map_rate_jenks.png - `wardscope map`, as for a report
#   docs/img/viewer_planning_vi.png - campaign sites and routes (demo.sh writes them)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f out/demo/wards.gpkg ] || { echo "run scripts/demo.sh first" >&2; exit 1; }
bash scripts/build.sh wardscope wardscope-viewer
xvfb-run -a -s "-screen 0 1600x1000x24" build/viewer/wardscope-viewer out/demo --lang vi --layers gi,scan \
    --screenshot docs/img/viewer_vi.png --size 1400x900
build/cli/wardscope map --in out/demo --field rate_per_1000 --classes 5 --scheme jenks --layers scan \
    --title "Trẻ em lao động trái pháp luật trên 1.000 trẻ 5–17 tuổi (dữ liệu tổng hợp)" --size 1600x1000 \
    --out docs/img/map_rate_jenks.png
xvfb-run -a -s "-screen 0 1600x1000x24" build/viewer/wardscope-viewer out/demo --lang vi \
    --screenshot docs/img/viewer_planning_vi.png --size 1400x900
echo "wrote docs/img/viewer_vi.png, docs/img/viewer_planning_vi.png and docs/img/map_rate_jenks.png"
