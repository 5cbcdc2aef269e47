#!/usr/bin/python3
"""Approximate binned kernel density (the peer of `wardscope density`): points are
counted into the cells of the grid (numpy histogram2d), then convolved with the
quartic kernel sampled at cell offsets (scipy fftconvolve). Each point is moved to
its cell centre, so the surface is approximate; it is the fast way a numpy user
would do it.

    /usr/bin/python3 scripts/peers/kde_binned.py POINTS.npy MINX MINY MAXX MAXY BANDWIDTH CELL

POINTS.npy holds an (n, 2) float64 array of metric x, y. Prints the seconds spent
binning and convolving (the data is already in memory), and the surface's integral.
"""
import sys
import time

import numpy as np
from scipy.signal import fftconvolve


def main():
    path = sys.argv[1]
    minx, miny, maxx, maxy, h, cell = map(float, sys.argv[2:8])
    pts = np.load(path)
    t0 = time.perf_counter()
    # The same grid as wardscope: the extent plus one bandwidth.
    minx, miny, maxx, maxy = minx - h, miny - h, maxx + h, maxy + h
    cols = int(np.ceil((maxx - minx) / cell))
    rows = int(np.ceil((maxy - miny) / cell))
    xedges = minx + cell * np.arange(cols + 1)
    yedges = miny + cell * np.arange(rows + 1)
    counts, _, _ = np.histogram2d(pts[:, 0], pts[:, 1], bins=[xedges, yedges])
    r = int(np.ceil(h / cell))
    off = np.arange(-r, r + 1) * cell
    dx, dy = np.meshgrid(off, off, indexing="ij")
    u = np.clip(1.0 - (dx * dx + dy * dy) / (h * h), 0.0, None)
    kernel = 3.0 / (np.pi * h * h) * u * u * 1e6  # per km2
    surface = fftconvolve(counts, kernel, mode="same")
    t1 = time.perf_counter()
    integral = surface.sum() * cell * cell / 1e6
    print(f"{t1 - t0:.3f} {integral:.1f} {cols}x{rows}")


if __name__ == "__main__":
    main()
