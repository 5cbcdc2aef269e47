// Kernel density: the integral equals the weighted number of points, the surface
// equals direct summation, and a single point gives the kernel's own shape.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/kde.h"
#include "core/random.h"

using namespace wardscope::core;

namespace {
double integral(const Raster& r) {
    double s = 0;
    for (double v : r.values) s += v;
    return s * r.cellSize * r.cellSize / 1e6;  // values per km², cells in m
}
}  // namespace

TEST(Kde, IntegratesToTheWeightedNumberOfPoints) {
    Random rng(3);
    std::vector<Point> pts;
    std::vector<double> w;
    for (int i = 0; i < 500; ++i) {
        pts.push_back({rng.uniform(5000, 15000), rng.uniform(5000, 15000)});
        w.push_back(1 + (i % 3));
    }
    double total = 0;
    for (double v : w) total += v;
    for (Kernel k : {Kernel::Quartic, Kernel::Gaussian}) {
        const double h = 1000;
        const double pad = kernelRadius(k, h);
        Raster r = makeRaster({5000 - pad, 5000 - pad, 15000 + pad, 15000 + pad}, 50);
        addKernelDensity(r, pts, w, k, h);
        EXPECT_NEAR(integral(r), total, total * 0.005) << static_cast<int>(k);
    }
}

TEST(Kde, EqualsDirectSummationAndDoesNotDependOnThreads) {
    Random rng(9);
    std::vector<Point> pts;
    for (int i = 0; i < 40; ++i) pts.push_back({rng.uniform(0, 3000), rng.uniform(0, 3000)});
    for (Kernel k : {Kernel::Quartic, Kernel::Gaussian}) {
        Raster one = makeRaster({-2000, -2000, 5000, 5000}, 100);
        Raster three = one;
        addKernelDensity(one, pts, {}, k, 700, 1e6, 1);
        addKernelDensity(three, pts, {}, k, 700, 1e6, 3);
        EXPECT_EQ(one.values, three.values);
        for (std::size_t row = 0; row < one.rows; row += 7)
            for (std::size_t col = 0; col < one.cols; col += 5) {
                double direct = 0;
                for (const auto& p : pts)
                    direct += kernelValue(k, 700, std::hypot(one.centreX(col) - p.x, one.centreY(row) - p.y)) * 1e6;
                EXPECT_NEAR(one.values[row * one.cols + col], direct, 1e-6 * std::max(1.0, direct));
            }
    }
}

TEST(Kde, EveryCellEqualsDirectSummationAtAnyBandwidthToCellRatio) {
    // Narrow kernels (direct path), a few cells, many cells and kernels wider than
    // a tile (polynomial rows) all give the directly summed value in every cell,
    // with weights, points off the grid, on cell centres and on cell edges.
    Random rng(21);
    std::vector<Point> pts;
    std::vector<double> w;
    for (int i = 0; i < 60; ++i) {
        pts.push_back({rng.uniform(-500, 4500), rng.uniform(-500, 4500)});
        w.push_back(rng.uniform(0.5, 3));
    }
    pts.push_back({1025, 2025});  // a cell centre
    pts.push_back({1000, 2000});  // a cell corner
    w.push_back(2);
    w.push_back(1);
    for (Kernel k : {Kernel::Quartic, Kernel::Gaussian})
        for (double h : {35.0, 160.0, 1000.0, 3300.0}) {
            Raster r = makeRaster({0, 0, 4000, 4000}, 50);
            addKernelDensity(r, pts, w, k, h, 1e6, 2);
            double worst = 0;
            for (std::size_t row = 0; row < r.rows; ++row)
                for (std::size_t col = 0; col < r.cols; ++col) {
                    double direct = 0, peak = 0;
                    for (std::size_t i = 0; i < pts.size(); ++i) {
                        direct += w[i] * kernelValue(k, h, std::hypot(r.centreX(col) - pts[i].x, r.centreY(row) - pts[i].y)) * 1e6;
                        peak = std::max(peak, w[i] * kernelValue(k, h, 0) * 1e6);
                    }
                    // Relative, with a floor at 1e-7 of one kernel's peak: at the very rim
                    // (u^2 ~ 1e-8) the expanded polynomial loses digits to cancellation.
                    const double err = std::abs(r.values[row * r.cols + col] - direct) / (direct + 1e-7 * peak);
                    worst = std::max(worst, err);
                }
            EXPECT_LT(worst, 1e-6) << "kernel " << static_cast<int>(k) << ", h = " << h;
        }
}

TEST(Kde, SinglePointGivesTheKernelShape) {
    Raster r = makeRaster({-1000, -1000, 1000, 1000}, 10);
    addKernelDensity(r, {{0, 0}}, {}, Kernel::Quartic, 500);
    // Cell centres at ±5, ±15, ...: compare with the analytic quartic profile.
    for (std::size_t col = 0; col < r.cols; col += 9) {
        const std::size_t row = r.rows / 2;
        const double d = std::hypot(r.centreX(col), r.centreY(row));
        const double u = d < 500 ? 1 - d * d / (500.0 * 500.0) : 0;
        EXPECT_NEAR(r.values[row * r.cols + col], 3 / (std::numbers::pi * 500 * 500) * u * u * 1e6, 1e-9);
    }
    EXPECT_DOUBLE_EQ(kernelValue(Kernel::Gaussian, 100, 0), 1 / (2 * std::numbers::pi * 100 * 100));
}

TEST(Kde, SilvermanRuleOnAKnownSample) {
    // Four points on a square of side 2 around the origin: SD = sqrt(2), Dm = sqrt(2).
    const std::vector<Point> pts = {{1, 1}, {-1, 1}, {-1, -1}, {1, -1}};
    const double expected = 0.9 * std::min(std::sqrt(2.0), std::sqrt(1 / std::log(2.0)) * std::sqrt(2.0)) * std::pow(4.0, -0.2);
    EXPECT_NEAR(silvermanBandwidth(pts), expected, 1e-12);
}
