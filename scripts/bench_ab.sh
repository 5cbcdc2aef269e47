#!/usr/bin/env bash
# Two builds of wardscope timed against each other on the join benchmark's data,
# run by run in turn (A, B, A, B, ...), with REST seconds of rest before each run.
# Prints each build's median and its sorted times.
#   scripts/bench_ab.sh A_BINARY B_BINARY [RUNS]
# Environment: CASES (default the 10^6-point CSV for 20,000 wards), WARDS (its ward
# layer), REST (default 3). On a virtual machine whose balloon driver hands free
# memory back to the host (virtio_balloon free page reporting), memory a run touches
# within a second or two of the previous run's is cheap and memory touched later
# costs about 1 ms per MiB: REST=3 times a command as a user runs it once, REST=0
# times runs back to back. Needs the data of scripts/bench_join.sh.
set -euo pipefail
a=$1 b=$2 runs=${3:-8}
BENCH_DIR=${BENCH_DIR:-/tmp/wardscope-bench}
cases=${CASES:-$BENCH_DIR/points_wards20k_1000000.csv}
wards=${WARDS:-$BENCH_DIR/wards20k.gpkg}
rest=${REST:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {
  sleep "$rest"
  local start end
  start=$(date +%s%N)
  "$1" analyze -q --no-density --formats csv --wards "$wards" --ward-id code --cases "$cases" --as-of 2025-12-31 \
      --out "$out/$2" >/dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN{printf "%.3f\n", ns / 1e9}'
}
ta=() tb=()
for _ in $(seq "$runs"); do ta+=("$(run "$a" a)"); tb+=("$(run "$b" b)"); done
report() {
  local name=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" '{v[NR]=$1; all=all " " $1}
    END{m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%s median %.3f s  [%s ]\n", name, m, all}'
}
report "A $a" "${ta[@]}"
report "B $b" "${tb[@]}"
