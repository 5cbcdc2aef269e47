#!/usr/bin/env python3
"""Writes data/haiphong/children_5_17_estimate.csv: an estimate of the children
aged 5-17 in each 2025 ward, for analyses without a survey.

  children_5_17 = pop_declared x child_share

pop_declared is the bundled layer's declared population (2024-2025). child_share
is the 2019 census share of 5-17-year-olds in the ward's area: each 2019 commune's
population (the crosswalk's pop2019) times the share of the commune's area inside
the ward (share_of_2019_unit), times its district's census share of 5-17-year-olds
(05_09 + 10_14 + 3/5 of 15_19, ages spread evenly in the group), summed and
divided by the same sum without the share. Reads the project's shared data
(../shared/data/haiphong: the census by district and age, the 2019-2025 area
crosswalk) and the bundled layer; writes numbers only, no 2019 geometry.

    python3 scripts/make_children_estimate.py   # from the repository root
"""
import collections
import csv
import os
import sqlite3

ROOT = os.path.join(os.path.dirname(__file__), "..")
SHARED = os.path.join(ROOT, "..", "shared", "data", "haiphong")
OUT = os.path.join(ROOT, "data", "haiphong", "children_5_17_estimate.csv")


def district_key(name):
    for prefix in ("Thành phố ", "Thị xã ", "Huyện ", "Quận "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def main():
    ages = collections.defaultdict(lambda: collections.defaultdict(int))
    with open(os.path.join(SHARED, "population_2019_districts_by_age.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["area_type"] == "total":
                ages[(r["province"], district_key(r["district"]))][r["age_group"]] += int(r["population"])
    share = {k: (g["05_09"] + g["10_14"] + 0.6 * g["15_19"]) / sum(g.values()) for k, g in ages.items()}
    people = collections.defaultdict(float)
    children = collections.defaultdict(float)
    with open(os.path.join(SHARED, "crosswalk_2019_2025_area.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            k = (r["province_2019"], district_key(r["district_2019"]))
            if k not in share:
                raise SystemExit(f"no census district for {k}")
            p = float(r["pop2019"]) * float(r["share_of_2019_unit"])
            people[r["code_2025"]] += p
            children[r["code_2025"]] += p * share[k]
    db = sqlite3.connect(os.path.join(ROOT, "data", "haiphong", "wards_2025.gpkg"))
    rows = db.execute("select code, full_name, pop_declared from wards_2025 order by code").fetchall()
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ward_code", "ward_full_name", "pop_declared", "child_share_2019", "children_5_17"])
        for code, name, pop in rows:
            s = children[code] / people[code]
            w.writerow([code, name, pop, f"{s:.4f}", round(pop * s)])
    print(f"wrote {OUT}: {len(rows)} wards")


if __name__ == "__main__":
    main()
