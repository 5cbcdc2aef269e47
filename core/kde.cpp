#include "core/kde.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <thread>

#include "core/error.h"

namespace wardscope::core {

double kernelRadius(Kernel kernel, double bandwidth) { return kernel == Kernel::Quartic ? bandwidth : 4.0 * bandwidth; }

double kernelValue(Kernel kernel, double h, double d) {
    if (kernel == Kernel::Quartic) {
        if (d >= h) return 0.0;
        const double u = 1.0 - (d * d) / (h * h);
        return 3.0 / (std::numbers::pi * h * h) * u * u;
    }
    if (d >= 4.0 * h) return 0.0;
    return std::exp(-(d * d) / (2.0 * h * h)) / (2.0 * std::numbers::pi * h * h);
}

Raster makeRaster(const Box& extent, double cellSize) {
    if (!(cellSize > 0)) throw UsageError("the cell size must be positive");
    Raster r;
    r.cellSize = cellSize;
    r.originX = extent.minX;
    r.originY = extent.maxY;
    r.cols = static_cast<std::size_t>(std::ceil((extent.maxX - extent.minX) / cellSize));
    r.rows = static_cast<std::size_t>(std::ceil((extent.maxY - extent.minY) / cellSize));
    r.cols = std::max<std::size_t>(r.cols, 1);
    r.rows = std::max<std::size_t>(r.rows, 1);
    r.values.assign(r.cols * r.rows, 0.0);
    return r;
}

void addKernelDensity(Raster& raster, const std::vector<Point>& points, const std::vector<double>& weights,
                      Kernel kernel, double h, double unitsPerArea, unsigned threads) {
    if (!(h > 0)) throw UsageError("the bandwidth must be positive");
    if (!weights.empty() && weights.size() != points.size()) throw UsageError("weights and points differ in number");
    const double radius = kernelRadius(kernel, h);
    const double r2 = radius * radius;
    // Points sorted by y (north first), so a band of rows visits a contiguous run.
    std::vector<std::size_t> order(points.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return points[a].y > points[b].y; });
    auto band = [&](std::size_t rowBegin, std::size_t rowEnd) {
        if (rowBegin >= rowEnd) return;
        const double bandTop = raster.centreY(rowBegin) + radius;
        const double bandBottom = raster.centreY(rowEnd - 1) - radius;
        for (std::size_t idx : order) {
            const Point& p = points[idx];
            if (p.y > bandTop) continue;
            if (p.y < bandBottom) break;
            const double w = (weights.empty() ? 1.0 : weights[idx]) * unitsPerArea;
            const auto colLo = static_cast<std::ptrdiff_t>(std::floor((p.x - radius - raster.originX) / raster.cellSize));
            const auto colHi = static_cast<std::ptrdiff_t>(std::floor((p.x + radius - raster.originX) / raster.cellSize));
            const auto rowLo = static_cast<std::ptrdiff_t>(std::floor((raster.originY - (p.y + radius)) / raster.cellSize));
            const auto rowHi = static_cast<std::ptrdiff_t>(std::floor((raster.originY - (p.y - radius)) / raster.cellSize));
            const auto r0 = std::max<std::ptrdiff_t>(rowLo, static_cast<std::ptrdiff_t>(rowBegin));
            const auto r1 = std::min<std::ptrdiff_t>(rowHi, static_cast<std::ptrdiff_t>(rowEnd) - 1);
            const auto c0 = std::max<std::ptrdiff_t>(colLo, 0);
            const auto c1 = std::min<std::ptrdiff_t>(colHi, static_cast<std::ptrdiff_t>(raster.cols) - 1);
            for (std::ptrdiff_t r = r0; r <= r1; ++r) {
                const double dy = raster.centreY(static_cast<std::size_t>(r)) - p.y;
                double* row = raster.values.data() + static_cast<std::size_t>(r) * raster.cols;
                for (std::ptrdiff_t c = c0; c <= c1; ++c) {
                    const double dx = raster.centreX(static_cast<std::size_t>(c)) - p.x;
                    const double d2 = dx * dx + dy * dy;
                    if (d2 >= r2) continue;
                    row[c] += w * kernelValue(kernel, h, std::sqrt(d2));
                }
            }
        }
    };
    const unsigned t = std::max(1u, threads ? threads : std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < t; ++k) pool.emplace_back(band, raster.rows * k / t, raster.rows * (k + 1) / t);
    band(0, raster.rows / t);
    for (auto& th : pool) th.join();
}

double silvermanBandwidth(const std::vector<Point>& points) {
    const std::size_t n = points.size();
    if (n < 2) throw UsageError("an automatic bandwidth needs at least 2 points");
    double mx = 0, my = 0;
    for (const auto& p : points) {
        mx += p.x;
        my += p.y;
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    std::vector<double> d;
    double ss = 0;
    for (const auto& p : points) {
        const double dx = p.x - mx, dy = p.y - my;
        ss += dx * dx + dy * dy;
        d.push_back(std::sqrt(dx * dx + dy * dy));
    }
    const double sd = std::sqrt(ss / static_cast<double>(n));
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(n / 2), d.end());
    const double dm = d[n / 2];
    return 0.9 * std::min(sd, std::sqrt(1.0 / std::log(2.0)) * dm) * std::pow(static_cast<double>(n), -0.2);
}

}  // namespace wardscope::core
