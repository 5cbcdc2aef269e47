#!/usr/bin/env bash
# The Debian package as a user gets it: built by scripts/package.sh, unpacked
# into a fresh root (no container: dpkg -x), its metadata and files checked,
# and the installed programs run from the installed paths: --version, the demo
# (synthetic records over the installed Hai Phong wards, analysed, mapped).
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(bash scripts/package.sh | tail -1)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
fail() { echo "test_package: $*" >&2; exit 1; }
[ "$(dpkg-deb -f "$deb" Package)" = wardscope ] || fail "package name"
dpkg-deb -f "$deb" Depends | grep -q libgdal || fail "Depends lacks GDAL: $(dpkg-deb -f "$deb" Depends)"
for f in usr/bin/wardscope usr/bin/wardscope-viewer usr/lib/wardscope/libwardscope_map.so \
         usr/share/wardscope/data/haiphong/wards_2025.gpkg usr/share/wardscope/data/haiphong/children_5_17_estimate.csv \
         usr/share/applications/wardscope-viewer.desktop usr/share/icons/hicolor/scalable/apps/wardscope.svg \
         usr/share/doc/wardscope/user-guide.md; do
  [ -e "$root/$f" ] || fail "missing /$f"
done
grep -q '^Name\[vi\]=' "$root/usr/share/applications/wardscope-viewer.desktop" || fail "no Vietnamese menu name"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$root/usr/share/applications/wardscope-viewer.desktop"; fi
bin="$root/usr/bin/wardscope"
"$bin" --version | grep -q "^wardscope " || fail "--version"
wards="$root/usr/share/wardscope/data/haiphong/wards_2025.gpkg:wards_2025"
out="$root/demo"
export WARDSCOPE_CACHE_DIR=off
"$bin" synth -q --wards "$wards" --ward-id code --seed 2025 --out "$out/synthetic" >/dev/null
"$bin" analyze -q --wards "$wards" --ward-id code --cases "$out/synthetic/synthetic_cases.csv" --as-of 2025-12-31 \
    --permutations 99 --scan-replications 99 --out "$out" > "$out.txt"
grep -q "ESTIMATED from the census" "$out.txt" || fail "the installed estimate of children was not found beside the wards"
[ -s "$out/wards.gpkg" ] || fail "analyze wrote no wards.gpkg"
QT_QPA_PLATFORM=offscreen "$bin" map --in "$out" --field rate_per_1000 --size 800x600 --out "$out/map.png" >/dev/null
[ -s "$out/map.png" ] || fail "map (the module from /usr/lib/wardscope) wrote nothing"
echo "test_package: $(basename "$deb"): installed files, --version, synth, analyze and map from the installed paths: OK"
