#!/usr/bin/env bash
# Renders the README's pictures from the demo outputs (run scripts/demo.sh first):
#   docs/img/viewer_vi.png     - the real viewer window under Xvfb, in Vietnamese
#   docs/img/map_rate_jenks.png - `wardscope map`, as for a report
#   docs/img/viewer_planning_vi.png - campaign sites and routes (demo.sh writes them)
#   docs/img/itinerary_phone.png - the inspectors' itinerary.html at phone size, in headless Chromium
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
# A phone's viewport (412 CSS px wide), the first screens of the page.
command -v chromium >/dev/null || { echo "installing chromium for the itinerary picture"; apt-get install -y -q --no-install-recommends chromium >/dev/null; }
profile=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars --window-size=412,1400 \
    --screenshot="$PWD/docs/img/itinerary_phone.png" "file://$PWD/out/demo/routes/itinerary.html" 2>/dev/null
rm -rf "$profile"
echo "wrote docs/img/viewer_vi.png, docs/img/viewer_planning_vi.png, docs/img/map_rate_jenks.png and docs/img/itinerary_phone.png"
