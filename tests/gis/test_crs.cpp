// Coordinate transformations: the interpolated batch transform used for the
// density surfaces stays within its stated bound of PROJ, point by point.
#include <gtest/gtest.h>

#include <cmath>

#include "core/random.h"
#include "gis/crs.h"

using namespace wardscope;

namespace {

struct Batch {
    std::vector<double> x, y;
};

Batch randomLonLat(std::size_t n, double minX, double minY, double maxX, double maxY, std::uint64_t seed) {
    core::Random rng(seed);
    Batch b;
    for (std::size_t i = 0; i < n; ++i) {
        b.x.push_back(rng.uniform(minX, maxX));
        b.y.push_back(rng.uniform(minY, maxY));
    }
    return b;
}

void append(Batch& to, const Batch& more) {
    to.x.insert(to.x.end(), more.x.begin(), more.x.end());
    to.y.insert(to.y.end(), more.y.begin(), more.y.end());
}

/// The largest distance between the interpolated and PROJ's exact transform of
/// `pts`, after checking that the lattice held (the bound returned is `bound`).
double worstInterpolationError(const gis::Transform& t, const Batch& pts, double bound,
                               gis::Transform::Interpolation kind) {
    Batch exact = pts, approx = pts;
    std::vector<int> okExact, okApprox;
    t.apply(exact.x, exact.y, okExact);
    EXPECT_EQ(t.applyInterpolated(approx.x, approx.y, okApprox, bound, kind), bound);
    double worst = 0;
    for (std::size_t i = 0; i < pts.x.size(); ++i) {
        EXPECT_TRUE(okExact[i] && okApprox[i]) << i;
        worst = std::max(worst, std::hypot(exact.x[i] - approx.x[i], exact.y[i] - approx.y[i]));
    }
    return worst;
}

}  // namespace

TEST(InterpolatedTransform, WithinOneCentimetreOfProjOverHaiPhong) {
    const gis::Transform t(gis::Crs::fromUserInput("EPSG:4326"), gis::Crs::fromUserInput("EPSG:3405"));
    // The city's extent, Bạch Long Vĩ included, plus clustered points in a corner.
    Batch pts = randomLonLat(550000, 106.35, 20.10, 107.80, 21.10, 11);
    append(pts, randomLonLat(50000, 106.60, 20.80, 106.75, 20.90, 12));
    const double worst = worstInterpolationError(t, pts, 0.01, gis::Transform::Interpolation::Bilinear);
    EXPECT_LE(worst, 0.01);
    EXPECT_GT(worst, 0.0);  // it did interpolate
    RecordProperty("worst_error_m", std::to_string(worst));
}

TEST(InterpolatedTransform, BicubicWithinAMicrometreOfProjOverHaiPhong) {
    // The ward layer's vertices go through the bicubic lattice with a bound of
    // a micrometre (docs/methods.md: 8 nm at most here).
    const gis::Transform t(gis::Crs::fromUserInput("EPSG:4326"), gis::Crs::fromUserInput("EPSG:3405"));
    Batch pts = randomLonLat(250000, 106.35, 20.10, 107.80, 21.10, 17);
    append(pts, randomLonLat(50000, 106.60, 20.80, 106.75, 20.90, 18));
    const double worst = worstInterpolationError(t, pts, 1e-6, gis::Transform::Interpolation::Bicubic);
    EXPECT_LE(worst, 1e-6);
    EXPECT_GT(worst, 0.0);  // it did interpolate
    RecordProperty("worst_error_m", std::to_string(worst));
}

TEST(InterpolatedTransform, ExactForFewPointsOrATightBound) {
    const gis::Transform t(gis::Crs::fromUserInput("EPSG:4326"), gis::Crs::fromUserInput("EPSG:3405"));
    // Few points; a bound below PROJ's own rounding (the lattice gives up, it does
    // not grow without end); points crowded at two far-apart places.
    for (const auto& [n, tolerance] : {std::pair<std::size_t, double>{5000, 0.01}, {200000, 1e-9}, {200000, 1e-15}}) {
        Batch exact = randomLonLat(n, 106.4, 20.6, 106.9, 21.0, 3), approx = exact;
        std::vector<int> okExact, okApprox;
        t.apply(exact.x, exact.y, okExact);
        EXPECT_EQ(t.applyInterpolated(approx.x, approx.y, okApprox, tolerance), 0.0) << n;
        EXPECT_EQ(approx.x, exact.x);
        EXPECT_EQ(approx.y, exact.y);
        EXPECT_EQ(okApprox, okExact);
    }
}

TEST(InterpolatedTransform, TwoDistantClustersStayWithinTheBound) {
    const gis::Transform t(gis::Crs::fromUserInput("EPSG:4326"), gis::Crs::fromUserInput("EPSG:3405"));
    Batch pts = randomLonLat(150000, 106.60, 20.80, 106.6001, 20.8001, 21);
    append(pts, randomLonLat(150000, 107.70, 20.10, 107.7001, 20.1001, 22));
    Batch exact = pts;
    std::vector<int> okExact, ok;
    t.apply(exact.x, exact.y, okExact);
    const double bound = t.applyInterpolated(pts.x, pts.y, ok, 1e-4);
    for (std::size_t i = 0; i < pts.x.size(); ++i)
        ASSERT_LE(std::hypot(exact.x[i] - pts.x[i], exact.y[i] - pts.y[i]), bound == 0 ? 0.0 : 1e-4) << i;
}

TEST(InterpolatedTransform, IdentityLeavesPointsAlone) {
    const gis::Transform same(gis::Crs::fromUserInput("EPSG:3405"), gis::Crs::fromUserInput("EPSG:3405"));
    Batch pts = randomLonLat(150000, 500000, 2200000, 600000, 2300000, 5);
    const Batch before = pts;
    std::vector<int> ok;
    EXPECT_EQ(same.applyInterpolated(pts.x, pts.y, ok, 0.01), 0.0);
    EXPECT_EQ(pts.x, before.x);
    EXPECT_EQ(std::count(ok.begin(), ok.end(), 1), 150000);
}

// The names whose kind is known without PROJ agree with PROJ; any other text
// (even one PROJ would read differently with spaces around) is left to PROJ.
TEST(Crs, GeographicByNameAgreesWithProj) {
    for (const char* name : {"EPSG:4326", "epsg:4326", "OGC:CRS84", "ogc:crs84"}) {
        EXPECT_TRUE(gis::Crs::isGeographicName(name)) << name;
        EXPECT_TRUE(gis::Crs::fromUserInput(name).isGeographic()) << name;
    }
    for (const char* name : {" EPSG:4326", "EPSG:4326 ", "EPSG:3405", "EPSG:4756", "EPSG:43260", "WGS84", "+proj=longlat", ""})
        EXPECT_FALSE(gis::Crs::isGeographicName(name)) << name;
}
