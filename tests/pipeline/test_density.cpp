// Density surfaces through the pipeline API on the real Hai Phong wards:
// weights, the relative-risk surface (survey children or ward population) with
// its minimum-denominator rule, and weighted CSV input with invalid weights.
#include <gtest/gtest.h>

#include <gdal_priv.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/random.h"
#include "gis/crs.h"
#include "gis/density_pipeline.h"
#include "gis/gdal_util.h"
#include "../gis/test_support.h"

using namespace wardscope;

namespace {

const gis::WardLayer& wards() {
    static const gis::WardLayer w = [] {
        gis::WardLayerOptions o;
        o.path = test::bundledWards();
        o.idField = "code";
        o.populationField = "pop_declared";
        return gis::loadWardLayer(o);
    }();
    return w;
}

/// Points around (lon, lat) with a spread of about `sd` degrees.
std::vector<core::JoinedPoint> cluster(core::Random& rng, double lon, double lat, double sd, int n, double weight) {
    std::vector<core::JoinedPoint> out;
    for (int i = 0; i < n; ++i) out.push_back({{lon + rng.normal() * sd, lat + rng.normal() * sd}, 0, weight});
    return out;
}

double integralKm2(const core::Raster& r) {
    double s = 0;
    for (double v : r.values)
        if (!std::isnan(v)) s += v;
    return s * r.cellSize * r.cellSize / 1e6;
}

gis::DensityOptions options() {
    gis::DensityOptions o;
    o.bandwidthMeters = 2000;
    o.cellMeters = 250;
    return o;
}

}  // namespace

TEST(DensitySurface, WeightsScaleTheSurfaceAndItIntegratesToTheWeightedCases) {
    core::Random rng(5);
    auto one = cluster(rng, 106.68, 20.86, 0.03, 300, 1.0);  // central Hai Phong, on land
    auto three = one;
    for (auto& p : three) p.weight = 3.0;
    core::NullProgress progress;
    core::DisclosurePolicy internal;
    internal.mode = core::DisclosureMode::Internal;
    const auto a = gis::computeDensity(wards(), one, gis::DenominatorSource::None, {}, options(), internal, progress);
    const auto b = gis::computeDensity(wards(), three, gis::DenominatorSource::None, {}, options(), internal, progress);
    EXPECT_FALSE(a.weighted);
    EXPECT_TRUE(b.weighted);
    EXPECT_DOUBLE_EQ(b.weightedCases, 900.0);
    ASSERT_EQ(a.raster.values.size(), b.raster.values.size());
    for (std::size_t c = 0; c < a.raster.values.size(); c += 97)
        if (!std::isnan(a.raster.values[c])) {
            EXPECT_NEAR(b.raster.values[c], 3 * a.raster.values[c], 1e-9 * (1 + a.raster.values[c]));
        }
    // Inland cluster: almost all the kernel mass lies inside the wards.
    EXPECT_NEAR(integralKm2(b.raster), 900.0, 900.0 * 0.02);
}

TEST(DensitySurface, LatticeTransformAgreesWithEveryPointThroughProj) {
    // 150,000 points: enough for the lattice. The surface with the 1 cm lattice
    // equals the one with every point through PROJ to 1e-4 relative (a point moved
    // by 1 cm changes a 1 km kernel by about 4e-5 of its peak).
    core::Random rng(9);
    auto points = cluster(rng, 106.68, 20.86, 0.05, 100000, 1.0);
    auto more = cluster(rng, 106.45, 20.95, 0.04, 50000, 1.0);
    points.insert(points.end(), more.begin(), more.end());
    core::NullProgress progress;
    core::DisclosurePolicy internal;
    internal.mode = core::DisclosureMode::Internal;
    gis::DensityOptions lattice = options(), exact = options();
    lattice.bandwidthMeters = 1000;
    exact.bandwidthMeters = 1000;
    exact.transformErrorMeters = 0;
    const auto a = gis::computeDensity(wards(), points, gis::DenominatorSource::None, {}, lattice, internal, progress);
    const auto b = gis::computeDensity(wards(), points, gis::DenominatorSource::None, {}, exact, internal, progress);
    EXPECT_EQ(a.transformMaxErrorMeters, 0.01);
    EXPECT_EQ(b.transformMaxErrorMeters, 0.0);
    ASSERT_EQ(a.raster.values.size(), b.raster.values.size());
    double peak = 0, worst = 0;
    for (double v : b.raster.values)
        if (!std::isnan(v)) peak = std::max(peak, v);
    for (std::size_t c = 0; c < a.raster.values.size(); ++c)
        if (!std::isnan(b.raster.values[c])) worst = std::max(worst, std::abs(a.raster.values[c] - b.raster.values[c]));
    EXPECT_GT(peak, 0);
    EXPECT_LT(worst, 1e-4 * peak);
    gis::DensityOptions bad = options();
    bad.transformErrorMeters = -1;
    EXPECT_THROW(bad.validate(), UsageError);
}

TEST(DensitySurface, RelativeRiskIsOneWhereCasesFollowChildrenAndHighWhereThereAreExtraCases) {
    core::Random rng(8);
    // Children spread over two areas; cases a constant 2 % of them everywhere...
    auto children = cluster(rng, 106.68, 20.86, 0.04, 2000, 3.0);
    auto more = cluster(rng, 106.45, 20.95, 0.04, 2000, 3.0);
    children.insert(children.end(), more.begin(), more.end());
    auto cases = children;
    for (auto& p : cases) p.weight *= 0.02;
    core::NullProgress progress;
    core::DisclosurePolicy internal;
    internal.mode = core::DisclosureMode::Internal;
    auto o = options();
    o.minDenominator = 50;
    const auto even = gis::computeDensity(wards(), cases, gis::DenominatorSource::Survey, children, o, internal, progress);
    ASSERT_TRUE(even.relativeRisk);
    std::size_t defined = 0;
    for (double v : even.relativeRisk->values)
        if (!std::isnan(v)) {
            ++defined;
            EXPECT_NEAR(v, 1.0, 1e-6);
        }
    EXPECT_GT(defined, 1000u);
    // Far from the children the denominator is too sparse: withheld, not a false peak.
    EXPECT_GT(even.sparseCells, 1000u);
    // ...then extra cases in the first area only: RR > 1 there and < 1 in the other.
    auto extra = cluster(rng, 106.68, 20.86, 0.01, 100, 1.0);
    cases.insert(cases.end(), extra.begin(), extra.end());
    const auto hot = gis::computeDensity(wards(), cases, gis::DenominatorSource::Survey, children, o, internal, progress);
    auto rrAt = [&](const gis::DensityResult& r, double lon, double lat) {
        gis::Transform t(wards().crs, wards().metricCrs);
        core::Point p{lon, lat};
        t.apply(p);
        const auto& g = *r.relativeRisk;
        const auto col = static_cast<std::size_t>((p.x - g.originX) / g.cellSize);
        const auto row = static_cast<std::size_t>((g.originY - p.y) / g.cellSize);
        return g.values[row * g.cols + col];
    };
    EXPECT_GT(rrAt(hot, 106.68, 20.86), 1.5);
    EXPECT_LT(rrAt(hot, 106.45, 20.95), 1.0);
}

TEST(DensitySurface, WardPopulationSpreadKeepsEachWardsPopulation) {
    core::Random rng(2);
    const auto cases = cluster(rng, 106.68, 20.86, 0.05, 500, 1.0);
    core::NullProgress progress;
    core::DisclosurePolicy internal;
    internal.mode = core::DisclosureMode::Internal;
    auto o = options();
    o.bandwidthMeters = 1000;
    const auto r = gis::computeDensity(wards(), cases, gis::DenominatorSource::WardPopulation, {}, o, internal, progress);
    ASSERT_TRUE(r.denominator);
    double population = 0;
    for (const auto& w : wards().wards) population += w.populationField.value_or(0);
    EXPECT_NEAR(r.denominatorTotal, population, population * 1e-12);
    // The smoothed population inside the wards: all of it but what the kernels
    // carry over the coast (a 1 km kernel over a 250 m grid).
    const double inside = integralKm2(*r.denominator);
    EXPECT_GT(inside, 0.93 * population);
    EXPECT_LE(inside, 1.0001 * population);
}

TEST(DensityCommand, WeightColumnRejectsBadWeightsIntoTheRejectFile) {
    test::TempDir dir;
    test::writeFile(dir / "cases.csv",
                    "case_id,detected_on,sex,age,sector,hazardous,status,ward_code,ward_name,lon,lat,severity\n"
                    "A1,2024-03-01,M,12,dịch vụ,yes,open,,,106.68,20.86,2\n"
                    "A2,2024-03-02,F,13,dịch vụ,no,open,,,106.681,20.861,0.5\n"
                    "A3,2024-03-03,F,14,dịch vụ,no,open,,,106.682,20.862,\n"
                    "A4,2024-03-04,F,15,dịch vụ,no,open,,,106.683,20.863,-1\n"
                    "A5,2024-03-05,M,16,dịch vụ,no,open,,,106.684,20.864,heavy\n"
                    "A6,2024-03-06,M,9,dịch vụ,no,open,,,106.685,20.865,1e400\n");
    gis::DensityRequest r;
    r.wards.path = test::bundledWards();
    r.wards.idField = "code";
    r.points.path = (dir / "cases.csv").string();
    r.weightField = "Severity";  // headers match as column mappings do
    r.asOf = "2025-12-31";
    r.surface.bandwidthMeters = 1000;
    r.surface.cellMeters = 250;
    r.disclosure.mode = core::DisclosureMode::Internal;
    r.out = dir / "w.tif";
    core::NullProgress progress;
    const auto result = gis::runDensity(r, progress);
    ASSERT_EQ(result.inputs.size(), 1u);
    EXPECT_EQ(result.inputs[0].rowsRead, 6);
    EXPECT_EQ(result.inputs[0].accepted, 2);
    EXPECT_EQ(result.inputs[0].rejected, 4);
    EXPECT_EQ(result.inputs[0].rejectReasons.at("invalid_weight"), 4);
    EXPECT_DOUBLE_EQ(result.weightedCases, 2.5);
    const std::string rejects = test::readFile(dir / "rejects_cases_cases.csv");
    for (const char* line : {",4,", ",5,", ",6,", ",7,"}) EXPECT_NE(rejects.find(line), std::string::npos) << line;
    auto ds = gis::DatasetPtr(static_cast<GDALDataset*>(GDALOpen((dir / "w.tif").c_str(), GA_ReadOnly)));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetMetadataItem("WEIGHT_FIELD"), "Severity");
    EXPECT_STREQ(ds->GetRasterBand(1)->GetDescription(), "case_density");
    // An unknown weight column is a clear error naming the header.
    r.weightField = "nope";
    try {
        gis::runDensity(r, progress);
        FAIL() << "expected an error";
    } catch (const wardscope::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no column 'nope'"), std::string::npos) << e.what();
    }
}
