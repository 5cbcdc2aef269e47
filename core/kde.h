#pragma once
// Kernel density estimation onto a raster (exact: every kernel is summed at every
// cell centre it reaches). Units: weighted points per km² when coordinates are
// metres, so the surface integrates to the weighted number of points.
#include <cstdint>
#include <vector>

#include "core/geometry.h"

namespace wardscope::core {

enum class Kernel {
    Quartic,   ///< biweight, as ArcGIS and QGIS: K(d) = 3 / (pi h^2) (1 - d^2/h^2)^2 for d < h
    Gaussian,  ///< K(d) = exp(-d^2 / (2 h^2)) / (2 pi h^2), truncated at 4 h (mass lost < 0.04 %)
};

struct Raster {
    double originX = 0;  ///< west edge
    double originY = 0;  ///< north edge
    double cellSize = 1;
    std::size_t cols = 0, rows = 0;
    std::vector<double> values;  ///< row-major, row 0 = north
    [[nodiscard]] double centreX(std::size_t col) const { return originX + (static_cast<double>(col) + 0.5) * cellSize; }
    [[nodiscard]] double centreY(std::size_t row) const { return originY - (static_cast<double>(row) + 0.5) * cellSize; }
};

/// Kernel support radius: h for quartic, 4 h for the (truncated) Gaussian.
double kernelRadius(Kernel kernel, double bandwidth);
/// Kernel value at distance d (per unit area of the coordinates).
double kernelValue(Kernel kernel, double bandwidth, double d);

/// A grid of cells of `cellSize` covering `extent`.
Raster makeRaster(const Box& extent, double cellSize);

/// Adds the density of the points (optional weights; empty = 1 each) to `raster`,
/// scaled by `unitsPerArea` (1e6 gives per km² for metre coordinates). Rows are
/// split across `threads`; each cell is summed in point order, so the result is
/// identical at any thread count.
void addKernelDensity(Raster& raster, const std::vector<Point>& points, const std::vector<double>& weights,
                      Kernel kernel, double bandwidth, double unitsPerArea = 1e6, unsigned threads = 0);

/// Silverman-type rule for two dimensions, as ArcGIS's Kernel Density documents:
/// h = 0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2, with SD the standard distance and Dm
/// the median distance to the mean centre.
double silvermanBandwidth(const std::vector<Point>& points);

}  // namespace wardscope::core
