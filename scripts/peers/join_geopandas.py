#!/usr/bin/python3
"""GeoPandas peer of `wardscope analyze` (the join and the counts per ward).

    /usr/bin/python3 scripts/peers/join_geopandas.py POINTS.csv WARDS.gpkg LAYER

Loads the points (lon, lat columns) and the wards, builds the points' spatial index
(load), then times the spatial join and the count per ward code (query), as
the issue asks: the query alone, with the data already loaded and indexed.
Prints "load_s query_s joined_points wards_with_points".
"""
import sys
import time

import geopandas as gpd
import pandas as pd


def main():
    csv, wards_path, layer = sys.argv[1:4]
    t0 = time.perf_counter()
    df = pd.read_csv(csv, usecols=["lon", "lat"])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")
    wards = gpd.read_file(wards_path, layer=layer)[["code", "geometry"]].to_crs("EPSG:4326")
    points.sindex  # noqa: B018 - builds the index
    t1 = time.perf_counter()
    joined = gpd.sjoin(points, wards, how="inner", predicate="intersects")
    counts = joined.groupby("code").size()
    t2 = time.perf_counter()
    print(f"{t1 - t0:.2f} {t2 - t1:.2f} {int(counts.sum())} {len(counts)}")


if __name__ == "__main__":
    main()
