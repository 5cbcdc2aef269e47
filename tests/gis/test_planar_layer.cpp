// A layer without a CRS, or with one that places it nowhere (GeoPackage's
// "Undefined Cartesian SRS"), as GIS users meet it: Columbus, Ohio (the classic
// spdep/GeoDa data set, a shapefile without .prj). Contiguity is planar with no
// snapping by default and must match R spdep link for link
// (tests/reference/spdep_columbus.R wrote the reference); areas have no unit,
// so they are left empty; a declared CRS (--wards-crs) brings them back.
#include <gtest/gtest.h>

#include <gdal_utils.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.h"
#include "gis/density_pipeline.h"
#include "gis/gdal_util.h"
#include "gis/pipeline.h"
#include "gis/stats_pipeline.h"
#include "gis/weights_io.h"
#include "test_support.h"

using namespace wardscope;

namespace {

std::string columbus() { return (test::sourceDir() / "tests/data/columbus/columbus.shp").string(); }

struct SpdepRow {
    std::size_t links = 0;
    double moranI = 0;
};

/// tests/reference/spdep_columbus.csv: weights,links,moran_i,moran_e,variance.
std::map<std::string, SpdepRow> spdep() {
    std::ifstream in(test::sourceDir() / "tests/reference/spdep_columbus.csv");
    std::string line;
    std::getline(in, line);  // # spdep version
    std::getline(in, line);  // header
    std::map<std::string, SpdepRow> out;
    while (std::getline(in, line)) {
        std::istringstream row(line);
        std::string kind, links, i;
        std::getline(row, kind, ',');
        std::getline(row, links, ',');
        std::getline(row, i, ',');
        out[kind.substr(1, kind.size() - 2)] = {std::stoul(links), std::stod(i)};
    }
    return out;
}

gis::WardLayerOptions options(const std::string& path) {
    gis::WardLayerOptions o;
    o.path = path;
    o.idField = "POLYID";
    o.numericFields = {"CRIME"};
    return o;
}

/// The shapefile as a GeoPackage whose layer has srs_id -1, GDAL's "Undefined
/// Cartesian SRS", or 0, "Undefined geographic SRS".
std::string asGeoPackage(const test::TempDir& dir, int srsId) {
    gis::ensureGdal();
    const std::string out = (dir / ("columbus_" + std::to_string(srsId + 1) + ".gpkg")).string();
    GDALDatasetH src = GDALOpenEx(columbus().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    const char* args[] = {"-f", "GPKG", "-nln", "columbus", nullptr};
    GDALVectorTranslateOptions* vto = GDALVectorTranslateOptionsNew(const_cast<char**>(args), nullptr);
    GDALDatasetH dst = GDALVectorTranslate(out.c_str(), nullptr, 1, &src, vto, nullptr);
    GDALVectorTranslateOptionsFree(vto);
    EXPECT_NE(dst, nullptr);
    const std::string id = std::to_string(srsId);
    for (const std::string& sql : {"UPDATE gpkg_contents SET srs_id = " + id, "UPDATE gpkg_geometry_columns SET srs_id = " + id})
        GDALDatasetReleaseResultSet(dst, GDALDatasetExecuteSQL(dst, sql.c_str(), nullptr, nullptr));
    GDALClose(dst);
    GDALClose(src);
    return out;
}

std::set<std::pair<std::string, std::string>> pairs(const gis::WardLayer& layer, const core::Weights& w) {
    std::set<std::pair<std::string, std::string>> out;
    const auto lists = w.neighbourLists();
    for (std::size_t i = 0; i < lists.size(); ++i)
        for (const auto j : lists[i]) out.emplace(layer.wards[i].code, layer.wards[static_cast<std::size_t>(j)].code);
    return out;
}

}  // namespace

TEST(PlanarLayer, ShapefileWithoutPrjHasNoAreasAndSaysWhy) {
    const gis::WardLayer layer = gis::loadWardLayer(options(columbus()));
    EXPECT_TRUE(layer.crs.empty());
    EXPECT_TRUE(layer.planar());
    ASSERT_EQ(layer.wards.size(), 49u);
    for (const auto& w : layer.wards) EXPECT_TRUE(std::isnan(w.areaKm2)) << w.code;
    bool said = false;
    for (const auto& warning : layer.warnings) said = said || warning.find("--wards-crs") != std::string::npos;
    EXPECT_TRUE(said);
}

TEST(PlanarLayer, QueenAndRookMatchSpdepLinkForLink) {
    const auto ref = spdep();
    const gis::WardLayer layer = gis::loadWardLayer(options(columbus()));
    gis::WeightsOptions wo;  // default tolerance: 0 in the layer's units
    const gis::BuiltWeights queen = gis::buildWeights(layer, wo);
    EXPECT_EQ(queen.snap, 0.0);
    EXPECT_EQ(queen.units, "layer units");
    EXPECT_EQ(queen.summary.links, ref.at("queen").links);  // 236
    std::vector<std::string> ids;
    for (const auto& w : layer.wards) ids.push_back(w.code);
    const auto gal = core::Weights::fromNeighbours(gis::readGal(test::sourceDir() / "tests/reference/columbus_queen.gal", ids));
    EXPECT_EQ(pairs(layer, queen.weights), pairs(layer, gal));
    wo.spec = "rook";
    EXPECT_EQ(gis::buildWeights(layer, wo).summary.links, ref.at("rook").links);  // 200
}

TEST(PlanarLayer, MoranOfCrimeMatchesSpdepForShapefileAndUndefinedGeoPackages) {
    const auto ref = spdep();
    test::TempDir dir;
    for (const std::string& path : {columbus(), asGeoPackage(dir, -1), asGeoPackage(dir, 0)}) {
        SCOPED_TRACE(path);
        for (const std::string kind : {"queen", "rook"}) {
            gis::StatsRequest request;
            request.wards = options(path);
            request.variable = "CRIME";
            request.weights.spec = kind;
            request.stats.permutations = 0;
            request.summary = dir / "summary.json";
            core::NullProgress progress;
            const auto result = gis::runStats(request, progress);
            EXPECT_EQ(result.weights.summary.links, ref.at(kind).links) << kind;
            EXPECT_NEAR(result.stats.moran.i, ref.at(kind).moranI, 1e-9) << kind;
            const std::string summary = test::readFile(dir / "summary.json");
            EXPECT_NE(summary.find("\"units\": \"layer units\""), std::string::npos);
            EXPECT_EQ(summary.find("snap_m"), std::string::npos);  // no metres where there are none
        }
    }
}

TEST(PlanarLayer, AMetreToleranceIsNeverAppliedInLayerUnits) {
    // An explicit tolerance on a planar layer is in its units: 1 unit here is
    // about a neighbourhood, so it links far more than spdep's queen; the
    // summary says in which units it was applied.
    const gis::WardLayer layer = gis::loadWardLayer(options(columbus()));
    gis::WeightsOptions wo;
    wo.snap = 1.0;
    const auto wide = gis::buildWeights(layer, wo);
    EXPECT_EQ(wide.units, "layer units");
    EXPECT_GT(wide.summary.links, spdep().at("queen").links);
}

TEST(PlanarLayer, DistanceWeightsNeedPlanarOrACrs) {
    const gis::WardLayer layer = gis::loadWardLayer(options(columbus()));
    gis::WeightsOptions wo;
    wo.spec = "knn:4";
    EXPECT_THROW(gis::buildWeights(layer, wo), UsageError);
    wo.planar = true;
    EXPECT_EQ(gis::buildWeights(layer, wo).summary.links, 49u * 4u);
}

TEST(PlanarLayer, MetricCrsWithoutLayerCrsIsAUsageError) {
    auto o = options(columbus());
    o.metricCrs = "EPSG:32617";
    EXPECT_THROW(gis::loadWardLayer(o), UsageError);
}

TEST(PlanarLayer, DeclaredCrsBringsAreasBack) {
    // Columbus's coordinates are not lon/lat, but declared as such they give
    // areas in km² through the usual UTM rule: the point is that a declared CRS
    // is used, and the layer is no longer planar.
    auto o = options(columbus());
    o.layerCrs = "EPSG:4326";
    const gis::WardLayer layer = gis::loadWardLayer(o);
    EXPECT_FALSE(layer.planar());
    EXPECT_EQ(layer.crs.label(), "EPSG:4326");
    for (const auto& w : layer.wards) EXPECT_GT(w.areaKm2, 0.0) << w.code;
}

TEST(PlanarLayer, AnalyzeCountsButMakesUpNoMetres) {
    // Cases joined by code to a layer without CRS: counted, and the hotspot
    // statistics run; areas, densities per km² and the density surface are
    // left out with a warning, never computed as if the units were metres.
    test::TempDir dir;
    std::string csv = "case_id,detected_on,age,ward_code\n";
    for (int i = 0; i < 60; ++i) csv += "c" + std::to_string(i) + ",2024-05-01,12," + std::to_string(1 + i % 7) + "\n";
    test::writeFile(dir / "cases.csv", csv);
    gis::AnalyzeRequest request;
    request.wards = options(columbus());
    request.wards.populationField = "CRIME";  // any positive field will do as a population here
    request.cases.path = (dir / "cases.csv").string();
    request.outDir = dir / "out";
    request.asOf = "2025-01-01";
    request.formats = {"csv"};
    request.scan = false;
    request.stats.permutations = 0;
    core::NullProgress progress;
    const auto result = gis::runAnalyze(request, progress);
    ASSERT_EQ(result.inputs.at(0).accepted, 60);
    const int area = result.wards.columnIndex("area_km2");
    const int density = result.wards.columnIndex("cases_per_km2");
    ASSERT_GE(area, 0);
    for (const auto& row : result.wards.rows) {  // empty, or withheld where the count is: never a number
        EXPECT_TRUE(std::holds_alternative<std::monostate>(row[static_cast<std::size_t>(area)]));
        EXPECT_FALSE(std::holds_alternative<double>(row[static_cast<std::size_t>(density)]));
    }
    EXPECT_FALSE(std::filesystem::exists(dir / "out/density.tif"));
    bool warned = false;
    for (const auto& w : result.warnings) warned = warned || w.find("no density surface") != std::string::npos;
    EXPECT_TRUE(warned);
    EXPECT_GE(result.wards.columnIndex("gi_star_z"), 0);  // contiguity needs no metres

    gis::DensityRequest d;
    d.wards = options(columbus());
    d.points.path = (dir / "cases.csv").string();
    d.out = dir / "d.tif";
    EXPECT_THROW(gis::runDensity(d, progress), UsageError);
}
