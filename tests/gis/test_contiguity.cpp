// Contiguity from geometry against the exact GEOS reference pairs shipped with
// the shared data (wards_2025_contiguity.csv, wards_2019_contiguity.csv).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/weights.h"
#include "core/polygon_index.h"
#include "gis/contiguity.h"
#include "gis/stats_pipeline.h"
#include "test_support.h"

using namespace wardscope;

namespace {

using PairSet = std::set<std::pair<std::string, std::string>>;

/// Reference pairs (unordered), optionally only those of one kind ("rook").
PairSet referencePairs(const std::filesystem::path& csv, const std::string& only = "") {
    PairSet pairs;
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::string a, b, kind;
        std::getline(row, a, ',');
        std::getline(row, b, ',');
        std::getline(row, kind, ',');
        if (!only.empty() && kind != only) continue;
        pairs.insert(std::minmax(a, b));
    }
    return pairs;
}

PairSet ourPairs(const gis::WardLayer& wards, gis::ContiguityKind kind, double snap) {
    PairSet pairs;
    const auto nb = gis::contiguityNeighbours(wards, kind, snap);
    for (std::size_t i = 0; i < nb.size(); ++i)
        for (auto j : nb[i]) pairs.insert(std::minmax(wards.wards[i].code, wards.wards[static_cast<std::size_t>(j)].code));
    return pairs;
}

gis::WardLayer bundled() {
    gis::WardLayerOptions o;
    o.path = test::bundledWards();
    o.idField = "code";
    return gis::loadWardLayer(o);
}

}  // namespace

TEST(Contiguity, HaiPhong2025MatchesTheGeosReference) {
    const auto refFile = test::sharedData() / "haiphong/wards_2025_contiguity.csv";
    if (!std::filesystem::exists(refFile)) GTEST_SKIP() << "shared data not present at " << refFile;
    const auto wards = bundled();
    const auto reference = referencePairs(refFile);
    ASSERT_EQ(reference.size(), 295u);
    EXPECT_EQ(ourPairs(wards, gis::ContiguityKind::Rook, 0.0), reference);
    EXPECT_EQ(ourPairs(wards, gis::ContiguityKind::Queen, 0.0), reference);
    // The default 1 m snapping adds nothing here (no pair closer than 100 m that does not touch).
    EXPECT_EQ(ourPairs(wards, gis::ContiguityKind::Queen, 1.0), reference);
    EXPECT_EQ(ourPairs(wards, gis::ContiguityKind::Rook, 1.0), reference);
}

TEST(Contiguity, BachLongViIsAnIslandAndCanBeAttached) {
    const auto wards = bundled();
    auto nb = gis::contiguityNeighbours(wards, gis::ContiguityKind::Queen, 1.0);
    const auto summary = core::summarize(core::Weights::fromNeighbours(nb));
    ASSERT_EQ(summary.islands.size(), 1u);
    EXPECT_EQ(wards.wards[static_cast<std::size_t>(summary.islands[0])].code, "11948");
    const auto attached = core::attachIslands(nb, gis::representativePoints(wards), 1);
    EXPECT_EQ(attached, summary.islands);
    EXPECT_EQ(nb[static_cast<std::size_t>(attached[0])].size(), 1u);
    EXPECT_TRUE(core::summarize(core::Weights::fromNeighbours(nb)).islands.empty());
}

TEST(Contiguity, Gadm2019QueenAndRookMatchTheReference) {
    const auto layer = test::sharedData() / "haiphong/wards_2019.gpkg";
    const auto refFile = test::sharedData() / "haiphong/wards_2019_contiguity.csv";
    if (!std::filesystem::exists(layer)) GTEST_SKIP() << "shared data not present at " << layer << ": 2019 test skipped";
    gis::WardLayerOptions o;
    o.path = layer.string() + ":wards_2019";
    o.idField = "gid_3";
    const auto wards = gis::loadWardLayer(o);
    EXPECT_EQ(ourPairs(wards, gis::ContiguityKind::Queen, 0.0), referencePairs(refFile));
    EXPECT_EQ(ourPairs(wards, gis::ContiguityKind::Rook, 0.0), referencePairs(refFile, "rook"));
}

TEST(Contiguity, RepresentativePointsLieInsideTheirWards) {
    const auto wards = bundled();
    const auto pts = gis::representativePoints(wards);
    ASSERT_EQ(pts.size(), wards.wards.size());
    gis::Transform back(wards.metricCrs, wards.crs);
    core::PolygonIndex index;
    index.build(wards.shapes());
    for (std::size_t i = 0; i < pts.size(); ++i) {
        core::Point p = pts[i];
        ASSERT_TRUE(back.apply(p));
        EXPECT_TRUE(index.contains(static_cast<std::int32_t>(i), p)) << wards.wards[i].code;
    }
}

TEST(WeightsSpec, ParsesTheCommandLineForms) {
    EXPECT_EQ(gis::WeightsSpec::parse("rook").kind, gis::WeightsSpec::Kind::Rook);
    EXPECT_EQ(gis::WeightsSpec::parse("knn:6").k, 6u);
    EXPECT_DOUBLE_EQ(gis::WeightsSpec::parse("distance:5000").distanceMeters, 5000.0);
    EXPECT_TRUE(gis::WeightsSpec::parse("distance:auto").automatic);
    EXPECT_EQ(gis::WeightsSpec::parse("file:w/queen.gal").path, "w/queen.gal");
    for (const char* bad : {"", "knn", "knn:0", "knn:2.5", "distance:-1", "hex", "file:x.txt"})
        EXPECT_THROW(gis::WeightsSpec::parse(bad), UsageError) << bad;
}

TEST(Contiguity, LayerWithoutCrsIsPlanarAndDistanceWeightsNeedPlanar) {
    test::TempDir dir;
    test::writeFile(dir / "plain.csv",
                    "WKT,code\n\"POLYGON((0 0,10 0,10 10,0 10,0 0))\",a\n\"POLYGON((10 0,20 0,20 10,10 10,10 0))\",b\n"
                    "\"POLYGON((40 0,50 0,50 10,40 10,40 0))\",c\n");
    gis::WardLayerOptions o;
    o.path = (dir / "plain.csv").string();
    o.idField = "code";
    const auto wards = gis::loadWardLayer(o);
    ASSERT_TRUE(wards.crs.empty());
    gis::WeightsOptions w;
    w.spec = "queen";
    const auto queen = gis::buildWeights(wards, w);  // planar contiguity works
    EXPECT_EQ(queen.islandsBefore, 1u);             // c touches nothing
    w.spec = "knn:1";
    EXPECT_THROW(gis::buildWeights(wards, w), UsageError);
    w.planar = true;
    const auto knn = gis::buildWeights(wards, w);
    EXPECT_EQ(knn.summary.links, 3u);
}
