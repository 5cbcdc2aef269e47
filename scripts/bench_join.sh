#!/usr/bin/env bash
# Whole-command join benchmark: wardscope (CSV in, per-ward counts out) side by
# side with the peers that are installed. Writes its data under $BENCH_DIR
# (default /tmp/wardscope-bench) and prints a Markdown table.
#   scripts/bench_join.sh [COUNTS...]     (default: 1000000 10000000)
# Needs a Release build in build/ (scripts/build.sh) and, for the SQLite peer,
# ogr2ogr/ogrinfo from gdal-bin.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/wardscope-bench}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000000 10000000)
mkdir -p "$BENCH_DIR"
mk=build/bench/make_bench_data
ws=build/cli/wardscope
[ -f "$BENCH_DIR/wards20k.gpkg" ] || $mk wards "$BENCH_DIR/wards20k.gpkg" 200 100
hp="data/haiphong/wards_2025.gpkg:wards_2025"

timed() {  # prints "seconds peakMiB" of a command
  local out
  out=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$BENCH_DIR/last.err"; } 2>&1; tail -1 "$BENCH_DIR/last.err")
  awk '{printf "%.2f %.0f\n", $1, $2/1024}' <<<"$(tail -1 "$BENCH_DIR/last.err")"
}

echo "| points | wards | wardscope s | wardscope peak MiB | points/s | SQLite load s | SQLite query s |"
echo "|---:|---|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  for wards in wards20k haiphong; do
    # wards20k: points uniform over its rectangle; haiphong: uniform inside the wards.
    csv="$BENCH_DIR/points_${wards}_$n.csv"
    if [ "$wards" = wards20k ]; then
      layer="$BENCH_DIR/wards20k.gpkg"
      [ -f "$csv" ] || $mk points "$csv" "$n" 1 106.12 20.12 107.0 21.24
    else
      layer=$hp
      [ -f "$csv" ] || $mk points-in "$csv" "$n" 1 "$hp"
    fi
    read -r secs mib < <(timed $ws analyze -q --no-density --formats csv --wards "$layer" --ward-id code \
        --cases "$csv" --as-of 2025-12-31 --out "$BENCH_DIR/out_$wards")
    pps=$(awk -v n="$n" -v s="$secs" 'BEGIN{printf "%.2g", n/s}')
    load="-"; query="-"
    if command -v ogr2ogr >/dev/null && [ "$n" -le "${PEER_MAX:-1000000}" ]; then
      peer="$BENCH_DIR/peer_${wards}_$n.gpkg"
      if [ ! -f "$peer" ]; then
        read -r load _ < <(timed ogr2ogr -f GPKG "$peer" "$csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat \
            -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nln points -nlt POINT)
        if [ "$wards" = wards20k ]; then src="$BENCH_DIR/wards20k.gpkg"; srcl=wards; else src=data/haiphong/wards_2025.gpkg; srcl=wards_2025; fi
        ogr2ogr -update "$peer" "$src" "$srcl" -nln wards
      fi
      read -r query _ < <(timed ogrinfo -ro "$peer" -dialect SQLite -sql \
        "SELECT w.code, COUNT(*) AS n FROM wards w JOIN points p ON p.fid IN (SELECT id FROM rtree_points_geom r WHERE r.minx <= ST_MaxX(w.geom) AND r.maxx >= ST_MinX(w.geom) AND r.miny <= ST_MaxY(w.geom) AND r.maxy >= ST_MinY(w.geom)) AND ST_Intersects(w.geom, p.geom) GROUP BY w.code")
    fi
    echo "| $n | $wards | $secs | $mib | $pps | $load | $query |"
  done
done
