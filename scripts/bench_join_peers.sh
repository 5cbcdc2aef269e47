#!/usr/bin/env bash
# The other peers of the join benchmark, where installed, on the data that
# scripts/bench_join.sh writes (run it first): QGIS's native:countpointsinpolygon
# (qgis_process on the peer GeoPackage with its spatial indexes, then through PyQGIS
# on both layers loaded into indexed memory layers: the algorithm alone), PostGIS (load with
# ogr2ogr, GiST index, ANALYZE; then the query) and GeoPandas (load and index; then
# sjoin and a count per ward). Prints seconds; "load" is not counted in the issue's
# comparison, only the query.
#   scripts/bench_join_peers.sh [N] [wards20k|haiphong]     (default: 1000000 wards20k)
# Needs: apt-get install qgis postgresql-15-postgis-3 postgis python3-geopandas python3-rtree
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/wardscope-bench}
n=${1:-1000000}
wards=${2:-wards20k}
peer="$BENCH_DIR/peer_${wards}_$n.gpkg"
csv="$BENCH_DIR/points_${wards}_$n.csv"
[ -f "$peer" ] && [ -f "$csv" ] || { echo "run scripts/bench_join.sh $n first" >&2; exit 2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

if [ -x /usr/bin/qgis_process.bin ] || command -v qgis_process >/dev/null; then
  qp=$(command -v qgis_process.bin || command -v qgis_process)
  out="$BENCH_DIR/qgis_count_${wards}_$n.gpkg"; rm -f "$out"
  t=$(now)
  QT_QPA_PLATFORM=offscreen "$qp" run native:countpointsinpolygon -- \
      POLYGONS="$peer|layername=wards" POINTS="$peer|layername=points" FIELD=n OUTPUT="$out" >/dev/null 2>&1
  echo "QGIS native:countpointsinpolygon ($wards, $n points): $(since "$t") s (whole qgis_process run, reading the GeoPackage)"
  if /usr/bin/python3 -c "import qgis.core" 2>/dev/null; then
    read -r load query counted < <(QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/peers/join_qgis.py "$peer" 2>/dev/null)
    echo "QGIS through PyQGIS, layers in memory with spatial indexes: load + index $load s, algorithm $query s ($counted points counted)"
  fi
fi

if command -v pg_ctlcluster >/dev/null && command -v psql >/dev/null; then
  pg_ctlcluster 15 main start 2>/dev/null || true
  psql_() { su postgres -c "psql -X -q -d wsbench $*"; }
  su postgres -c "dropdb --if-exists wsbench; createdb wsbench" && psql_ "-c 'CREATE EXTENSION postgis'"
  chmod o+r "$peer"
  t=$(now)
  su postgres -c "ogr2ogr -f PostgreSQL PG:dbname=wsbench '$peer' points -nln points -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST"
  su postgres -c "ogr2ogr -f PostgreSQL PG:dbname=wsbench '$peer' wards -nln wards -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST"
  psql_ "-c 'VACUUM ANALYZE points' -c 'VACUUM ANALYZE wards'"
  echo "PostGIS load + index ($wards, $n points): $(since "$t") s"
  t=$(now)
  psql_ "-o /dev/null -c 'SELECT w.code, count(*) FROM wards w JOIN points p ON ST_Intersects(w.geom, p.geom) GROUP BY w.code'"
  echo "PostGIS query: $(since "$t") s"
fi

if /usr/bin/python3 -c "import geopandas" 2>/dev/null; then
  if [ "$wards" = wards20k ]; then src="$BENCH_DIR/wards20k.gpkg"; layer=wards; else src=data/haiphong/wards_2025.gpkg; layer=wards_2025; fi
  read -r load query joined nw < <(/usr/bin/python3 scripts/peers/join_geopandas.py "$csv" "$src" "$layer")
  echo "GeoPandas ($wards, $n points): load + index $load s, query $query s ($joined points in $nw wards)"
fi
