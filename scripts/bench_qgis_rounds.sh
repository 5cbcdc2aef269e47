#!/usr/bin/env bash
# wardscope against QGIS's native:countpointsinpolygon on layers already in
# indexed memory layers (PyQGIS, scripts/peers/join_qgis.py: the algorithm alone),
# in rounds, so that both are timed in the same minutes (this machine's speed
# drifts by 20 % and more from hour to hour). Per round: wardscope twice cold
# (REST seconds of rest before each run, as a user runs one command) and once back
# to back, then the QGIS algorithm once. Prints each round and, at the end, the
# medians and the ratio of the medians.
#   scripts/bench_qgis_rounds.sh [ROUNDS] [wards20k|haiphong]   (default: 4 wards20k)
# LAYER_CACHE=on (default): wardscope's prepared-layer cache in a directory of this
# script's own, filled by one run before the rounds (as after a user's first run on
# these wards); LAYER_CACHE=off: every run reads and prepares the ward layer.
# Needs: the data of scripts/bench_join.sh 1000000; apt-get install qgis.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-4}
wards=${2:-wards20k}
BENCH_DIR=${BENCH_DIR:-/tmp/wardscope-bench}
WARDSCOPE=${WARDSCOPE:-build/cli/wardscope}
rest=${REST:-3}
peer="$BENCH_DIR/peer_${wards}_1000000.gpkg"
csv="$BENCH_DIR/points_${wards}_1000000.csv"
layer="$BENCH_DIR/wards20k.gpkg"
[ "$wards" = haiphong ] && layer=data/haiphong/wards_2025.gpkg
[ -f "$peer" ] && [ -f "$csv" ] || { echo "run scripts/bench_join.sh 1000000 first" >&2; exit 2; }
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || { echo "PyQGIS is not installed (apt-get install qgis)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ "${LAYER_CACHE:-on}" = off ]; then export WARDSCOPE_CACHE_DIR=off; else export WARDSCOPE_CACHE_DIR="$out/layer-cache"; fi
run() {
  local start end
  start=$(date +%s%N)
  "$WARDSCOPE" analyze -q --no-density --formats csv --wards "$layer" --ward-id code --cases "$csv" --as-of 2025-12-31 \
      --out "$out/o" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN{printf "%.3f", ns / 1e9}'
}
cold=() qgis=()
[ "${LAYER_CACHE:-on}" = off ] || run >/dev/null  # fills the prepared-layer cache
echo "prepared-layer cache: ${LAYER_CACHE:-on}"
for r in $(seq "$rounds"); do
  sleep "$rest"; c1=$(run)
  sleep "$rest"; c2=$(run)
  warm=$(run)
  read -r load query counted < <(QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/peers/join_qgis.py "$peer" 2>/dev/null)
  cold+=("$c1" "$c2") qgis+=("$query")
  echo "round $r ($wards, 10^6 points): wardscope cold $c1 $c2 s, back to back $warm s | QGIS load + index $load s, algorithm $query s ($counted points)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END{print NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
mc=$(median "${cold[@]}") mq=$(median "${qgis[@]}")
awk -v c="$mc" -v q="$mq" 'BEGIN{printf "medians: wardscope cold %.3f s, QGIS algorithm %.2f s: wardscope faster by %.1f x\n", c, q, q / c}'
