#!/usr/bin/env bash
# Whole-command kernel density benchmark over the real Hai Phong wards: quartic
# kernel, 1 km bandwidth, 50 m cells, points uniform inside the wards. Side by side:
#   wardscope density  - CSV in (parse, validate, join, transform, disclosure check,
#                        exact KDE, mask, Cloud-Optimized GeoTIFF out)
#   QGIS               - qgis_process qgis:heatmapkerneldensityestimation on a
#                        GeoPackage of the same points already in EPSG:3405
#   numpy/scipy binned - histogram2d + fftconvolve (approximate), compute only,
#                        points already in memory (scripts/peers/kde_binned.py)
# Writes its data under $BENCH_DIR (default /tmp/wardscope-bench) and prints a
# Markdown table. Needs a Release build (scripts/build.sh); QGIS and numpy/scipy
# columns only when installed (apt-get install qgis python3-scipy).
#   scripts/bench_density.sh [COUNTS...]   (default: 100000 1000000 10000000)
#   QGIS_MAX=1000000 limits the QGIS runs (it needs minutes for 10^7).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/wardscope-bench}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100000 1000000 10000000)
mkdir -p "$BENCH_DIR"
mk=build/bench/make_bench_data
ws=build/cli/wardscope
hp="data/haiphong/wards_2025.gpkg:wards_2025"
export QT_QPA_PLATFORM=offscreen

timed() {  # prints "seconds peakMiB" of a command
  /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$BENCH_DIR/last.err" || { cat "$BENCH_DIR/last.err" >&2; return 1; }
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' <<<"$(tail -1 "$BENCH_DIR/last.err")"
}

echo "| points | wardscope density s | peak MiB | QGIS heatmap s | numpy/scipy binned s (compute only) | wardscope vs QGIS |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  csv="$BENCH_DIR/points_haiphong_$n.csv"
  [ -f "$csv" ] || $mk points-in "$csv" "$n" 1 "$hp"
  out="$BENCH_DIR/density_$n.tif"
  read -r secs mib < <(timed $ws density -q --wards "$hp" --ward-id code --points "$csv" --as-of 2025-12-31 \
      --bandwidth 1000 --cell 50 --kernel quartic --out "$out")
  qgis="-"; numpy="-"; ratio="-"
  gpkg="$BENCH_DIR/points_haiphong_${n}_3405.gpkg"
  if command -v ogr2ogr >/dev/null && [ ! -f "$gpkg" ]; then
    ogr2ogr -f GPKG "$gpkg" "$csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -s_srs EPSG:4326 \
        -t_srs EPSG:3405 -nln points -nlt POINT
  fi
  if [ -x /usr/bin/qgis_process.bin ] && [ "$n" -le "${QGIS_MAX:-10000000}" ]; then
    rm -f "$BENCH_DIR/qgis_$n.tif"
    read -r qgis _ < <(timed /usr/bin/qgis_process.bin run qgis:heatmapkerneldensityestimation -- \
        INPUT="$gpkg" RADIUS=1000 PIXEL_SIZE=50 KERNEL=0 OUTPUT_VALUE=0 OUTPUT="$BENCH_DIR/qgis_$n.tif")
    ratio=$(awk -v a="$qgis" -v b="$secs" 'BEGIN{printf "%.1fx", a/b}')
  fi
  if /usr/bin/python3 -c "import numpy, scipy, osgeo" 2>/dev/null; then
    npy="$BENCH_DIR/points_haiphong_${n}_3405.npy"
    [ -f "$npy" ] || /usr/bin/python3 - "$gpkg" "$npy" <<'PY'
import sys, numpy as np
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); layer = ds.GetLayer(0)
pts = np.array([f.GetGeometryRef().GetPoint_2D() for f in layer], dtype=np.float64)
np.save(sys.argv[2], pts)
PY
    # The wards' metric extent = the wardscope grid minus one bandwidth.
    read -r minx miny maxx maxy < <(/usr/bin/python3 - "$out" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); g = ds.GetGeoTransform()
print(g[0] + 1000, g[3] + g[5] * ds.RasterYSize + 1000, g[0] + g[1] * ds.RasterXSize - 1000, g[3] - 1000)
PY
)
    numpy=$(/usr/bin/python3 scripts/peers/kde_binned.py "$npy" "$minx" "$miny" "$maxx" "$maxy" 1000 50 | awk '{print $1}')
  fi
  echo "| $n | $secs | $mib | $qgis | $numpy | $ratio |"
done
