#!/usr/bin/env bash
# Two builds of wardscope timed against each other on the join benchmark's data,
# run by run in turn (A, B, A, B, ...), with REST seconds of rest before each run.
# Prints each build's median wall and CPU (user + sys) times, and its wall times.
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
  local TIMEFORMAT='%3R %3U %3S'
  { time "$1" analyze -q --no-density --formats csv --wards "$wards" --ward-id code --cases "$cases" --as-of 2025-12-31 \
      --out "$out/$2" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
ta=() tb=()
for _ in $(seq "$runs"); do ta+=("$(run "$a" a)"); tb+=("$(run "$b" b)"); done
report() {
  local name=$1; shift
  printf '%s\n' "$@" | awk -v name="$name" '{w[NR]=$1; c[NR]=$2}
    function median(v, n,   i, j, t) {
      for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
    END{all = ""; for (i = 1; i <= NR; i++) all = all " " w[i]; n = NR
        mc = median(c, n); mw = median(w, n)
        printf "%s median %.3f s wall, %.3f s CPU (user + sys)  [wall:%s ]\n", name, mw, mc, all}'
}
report "A $a" "${ta[@]}"
report "B $b" "${tb[@]}"
