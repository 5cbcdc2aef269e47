#!/usr/bin/env bash
# Renders docs/img/demo_rate_map.png from the demo outputs with GDAL tools only
# (until `wardscope map` exists): rate_per_1000 rasterised per ward, ColorBrewer
# YlOrRd classes, ward outlines in grey, Bạch Long Vĩ left out of the frame.
set -euo pipefail
cd "$(dirname "$0")/.."
src=out/demo/wards.gpkg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
te="106.10 20.55 107.16 21.25"
gdal_rasterize -q -a rate_per_1000 -a_nodata -9999 -init -9999 -te $te -ts 1440 1020 -ot Float32 "$src" "$tmp/rate.tif"
ogr2ogr -q -nlt MULTILINESTRING "$tmp/lines.gpkg" "$src" wards
gdal_rasterize -q -b 1 -burn -1 -at -l wards "$tmp/lines.gpkg" "$tmp/rate.tif"
cat > "$tmp/ramp.txt" <<'RAMP'
-9999 255 255 255
-1 90 90 90
0 255 255 204
5 255 237 160
10 254 217 118
15 254 178 76
20 253 141 60
30 252 78 42
45 227 26 28
70 177 0 38
nv 255 255 255
RAMP
gdaldem color-relief -q -nearest_color_entry "$tmp/rate.tif" "$tmp/ramp.txt" "$tmp/rate_rgb.tif"
mkdir -p docs/img
GDAL_PAM_ENABLED=NO gdal_translate -q -of PNG "$tmp/rate_rgb.tif" docs/img/demo_rate_map.png
echo "wrote docs/img/demo_rate_map.png"
