#!/usr/bin/env bash
# Instructions per CSV row, by function: the marginal cost of a row, free of
# this shared machine's timing noise. Runs `wardscope analyze` under
# valgrind's cachegrind on the first N and 2N rows of the 20,000-ward
# benchmark's points (one worker thread) and prints, per function, the
# instructions the extra N rows added, divided by N.
#
#   bash scripts/bench_instructions.sh [N=200000]
# WARDSCOPE=BINARY counts another build; TOP=K prints the K costliest functions.
#
# Needs valgrind and the data of scripts/bench_join.sh (in /tmp/wardscope-bench).
# Notes: valgrind hides the CPU's SHA extensions from OpenSSL, so the input's
# SHA-256 shows as about 1,500 instructions per row under "???" (a few per
# row on the real machine); instruction counts are not time (cache misses
# are not counted), so read them with the timings in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
ws=${WARDSCOPE:-build/cli/wardscope}
dir=${BENCH_DIR:-/tmp/wardscope-bench}
src="$dir/points_wards20k_1000000.csv"
[ -f "$src" ] || { echo "run scripts/bench_join.sh first ($src missing)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -n $((n + 1)) "$src" > "$work/a.csv"
head -n $((2 * n + 1)) "$src" > "$work/b.csv"
export WARDSCOPE_CACHE_DIR=off  # the layer is read and indexed in both runs: the difference cancels it
for f in a b; do
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$work/$f.out" \
    "$ws" analyze -q --no-density --formats csv --wards "$dir/wards20k.gpkg" --ward-id code \
    --cases "$work/$f.csv" --as-of 2025-12-31 --out "$work/out_$f" --threads 1 >/dev/null 2>&1
done
python3 - "$work/a.out" "$work/b.out" "$n" <<'PY'
import collections, os, sys
def load(path):
    counts, fn = collections.Counter(), None
    for line in open(path):
        if line.startswith("fn="):
            fn = line[3:].strip()
        elif line[:1].isdigit() and fn:
            parts = line.split()
            if len(parts) > 1:
                counts[fn] += int(parts[1])
    return counts
a, b, n = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
rows = sorted(((b[k] - a[k]) / n, k) for k in set(a) | set(b))
rows.reverse()
print(f"instructions per row: {sum(r for r, _ in rows):.0f}")
for per, name in rows[:int(os.environ.get("TOP", "25"))]:
    print(f"{per:8.1f}  {name[:110]}")
PY
