#include <gtest/gtest.h>

#include <cpl_error.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "core/error.h"
#include "core/geometry.h"
#include "core/random.h"
#include "gis/gdal_util.h"
#include "gis/ward_layer.h"
#include "gis/ward_layer_cache.h"
#include "test_support.h"

using namespace wardscope;

TEST(WardLayer, BundledHaiPhong2025) {
    gis::WardLayerOptions o;
    o.path = test::bundledWards();
    o.idField = "code";
    o.populationField = "area_km2";  // the data's own areas (UTM 48N), to compare with ours
    const auto wards = gis::loadWardLayer(o);
    ASSERT_EQ(wards.wards.size(), 114u);
    EXPECT_TRUE(wards.warnings.empty());
    EXPECT_EQ(wards.crs.label(), "EPSG:4326");
    EXPECT_EQ(wards.metricCrs.label(), "EPSG:3405");  // VN-2000 / UTM zone 48N
    for (const auto& w : wards.wards) {
        ASSERT_TRUE(w.populationField.has_value());
        // Same projection family, other datum: areas agree to well under 0.1 %.
        EXPECT_NEAR(w.areaKm2, *w.populationField, 1e-3 * *w.populationField + 1e-4) << w.code;
        if (w.code == "11383") {
            EXPECT_EQ(w.name, "Lê Chân");
            EXPECT_EQ(w.fullName, "Phường Lê Chân");
        }
    }
}

TEST(WardLayer, UserMetricCrsMustBeProjected) {
    gis::WardLayerOptions o;
    o.path = test::bundledWards();
    o.idField = "code";
    o.metricCrs = "EPSG:4326";
    EXPECT_THROW(gis::loadWardLayer(o), UsageError);
    o.metricCrs = "EPSG:32648";
    EXPECT_EQ(gis::loadWardLayer(o).metricCrs.label(), "EPSG:32648");
}

TEST(WardLayer, MissingIdFieldNamesTheFields) {
    gis::WardLayerOptions o;
    o.path = test::bundledWards();
    o.idField = "ma_xa";
    try {
        gis::loadWardLayer(o);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no ward id field 'ma_xa'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("full_name"), std::string::npos);
    }
}

TEST(WardLayer, RepairsInvalidSkipsNonPolygonsAndRejectsDuplicateCodes) {
    test::TempDir dir;
    // A self-intersecting "bow tie", a point feature, and a good square; no CRS.
    test::writeFile(dir / "bad.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"1","name":"Nơ"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}},
{"type":"Feature","properties":{"code":"2","name":"Điểm"},"geometry":{"type":"Point","coordinates":[5,5]}},
{"type":"Feature","properties":{"code":"3","name":"Vuông"},"geometry":{"type":"Polygon","coordinates":[[[3,0],[4,0],[4,1],[3,1],[3,0]]]}}]})");
    gis::WardLayerOptions o;
    o.path = (dir / "bad.geojson").string();
    o.idField = "code";
    const auto wards = gis::loadWardLayer(o);
    ASSERT_EQ(wards.wards.size(), 2u);
    ASSERT_EQ(wards.warnings.size(), 2u);
    auto has = [&](const char* text) {
        return std::any_of(wards.warnings.begin(), wards.warnings.end(),
                           [&](const std::string& w) { return w.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(has("feature 0 (1): invalid polygon repaired with GEOS MakeValid"));
    EXPECT_TRUE(has("feature 1 (2): geometry is Point, not a polygon; skipped"));

    test::writeFile(dir / "dup.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"7"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
{"type":"Feature","properties":{"code":"7"},"geometry":{"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1],[2,0]]]}}]})");
    o.path = (dir / "dup.geojson").string();
    EXPECT_THROW(gis::loadWardLayer(o), InputError);
}

TEST(WardLayer, Gadm2019LayerFromSharedData) {
    const auto path = test::sharedData() / "haiphong/wards_2019.gpkg";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data not present at " << path << ": 2019 layer not tested";
    gis::WardLayerOptions o;
    o.path = path.string() + ":wards_2019";
    o.idField = "gid_3";
    const auto wards = gis::loadWardLayer(o);
    EXPECT_EQ(wards.wards.size(), 224u);
}

TEST(WardLayer, DirectoryAndMissingFileAreClearErrors) {
    test::TempDir dir;
    gis::WardLayerOptions o;
    o.idField = "code";
    o.path = dir.path().string();
    EXPECT_THROW(gis::loadWardLayer(o), InputError);
    o.path = (dir / "nope.gpkg").string();
    EXPECT_THROW(gis::loadWardLayer(o), InputError);
}


TEST(WardLayer, SimpleRingFastPathNeverCallsAnInvalidRingValid) {
    // The exact simple-ring test may only say "valid" where GEOS agrees. Rings:
    // stars (simple), random vertex orders (mostly self-crossing), and rings with
    // a spike, a repeated vertex, a self-touching vertex, or collinear runs, on a
    // coarse lattice so that touching and collinear cases are frequent.
    CPLPushErrorHandler(CPLQuietErrorHandler);  // GEOS explains every invalid ring
    core::Random rng(41);
    int shown = 0, geosValid = 0;
    for (int t = 0; t < 6000; ++t) {
        core::Ring ring;
        const int n = 3 + static_cast<int>(rng.below(12));
        const int kind = t % 4;
        for (int i = 0; i < n; ++i) {
            if (kind == 0) {  // star-shaped on a lattice: simple or, with collinear runs, still valid
                const double angle = 2 * 3.141592653589793 * i / n;
                const double radius = 2 + static_cast<double>(rng.below(4));
                ring.push_back({std::round(radius * std::cos(angle) * 2) / 2, std::round(radius * std::sin(angle) * 2) / 2});
            } else {  // anything on a 4 x 4 lattice
                ring.push_back({static_cast<double>(rng.below(4)), static_cast<double>(rng.below(4))});
            }
        }
        if (kind == 2 && n > 3) ring[2] = ring[0];          // touches itself (or repeats)
        if (kind == 3 && n > 3) ring.insert(ring.begin() + 2, ring[0]);  // spike back to the start
        ring.push_back(ring.front());
        const bool fast = core::isSimpleRing(ring);
        const bool valid = gis::polygonOfRing(ring)->IsValid();
        if (fast && !valid) CPLPopErrorHandler();
        if (fast) {
            ASSERT_TRUE(valid) << "ring " << t;
        }
        shown += fast;
        geosValid += valid;
    }
    CPLPopErrorHandler();
    EXPECT_GT(shown, 1000);  // the fast path is taken often
    RecordProperty("shown_valid", shown);
    RecordProperty("geos_valid", geosValid);
}

TEST(WardLayer, SimpleRingCases) {
    using core::isSimpleRing;
    EXPECT_TRUE(isSimpleRing({{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}));
    EXPECT_TRUE(isSimpleRing({{0, 0}, {2, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}));   // a straight vertex
    EXPECT_FALSE(isSimpleRing({{0, 0}, {4, 0}, {0, 4}, {4, 4}, {0, 0}}));          // bow tie
    EXPECT_FALSE(isSimpleRing({{0, 0}, {4, 0}, {2, 0}, {4, 4}, {0, 4}, {0, 0}}));  // folds back along an edge
    EXPECT_FALSE(isSimpleRing({{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}));  // touches an edge
    EXPECT_FALSE(isSimpleRing({{0, 0}, {4, 0}, {4, 0}, {4, 4}, {0, 0}}));          // repeated vertex: ask GEOS
    EXPECT_FALSE(isSimpleRing({{0, 0}, {4, 0}, {4, 4}, {0, 4}}));                  // not closed
    EXPECT_FALSE(isSimpleRing({{0, 0}, {2, 0}, {4, 0}, {0, 0}}));                  // no area
}

TEST(WardLayer, ManyFeaturesKeepLayerOrderThroughRepairs) {
    // 5,000 small squares side by side (the i-th from longitude 106 + 0.0003 i),
    // every 97th a bow tie instead: the rings and validity are worked out on
    // two threads, and everything still lines up with the features: codes,
    // rings, the index, and the repair notes in feature order.
    test::TempDir dir;
    std::string json = R"({"type":"FeatureCollection","features":[)";
    constexpr int kCount = 5000, kEvery = 97;
    for (int i = 0; i < kCount; ++i) {
        const double x = 106 + 0.0003 * i, d = 0.0001;
        auto at = [&](double dx, double dy) { return "[" + std::to_string(x + dx) + "," + std::to_string(dy) + "]"; };
        const std::string ring = i % kEvery == 0 ? at(0, 0) + "," + at(d, d) + "," + at(d, 0) + "," + at(0, d) + "," + at(0, 0)
                                                 : at(0, 0) + "," + at(d, 0) + "," + at(d, d) + "," + at(0, d) + "," + at(0, 0);
        json += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"code":"W)" + std::to_string(i) +
                R"("},"geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}";
    }
    json += "]}";
    test::writeFile(dir / "many.geojson", json);
    gis::WardLayerOptions o;
    o.path = (dir / "many.geojson").string();
    o.idField = "code";
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const auto wards = gis::loadWardLayer(o);
    CPLPopErrorHandler();
    ASSERT_EQ(wards.wards.size(), static_cast<std::size_t>(kCount));
    std::vector<std::string> expectedNotes;
    for (int i = 0; i < kCount; ++i) {
        const auto k = static_cast<std::size_t>(i);
        ASSERT_EQ(wards.wards[k].code, "W" + std::to_string(i));
        double minX = 1e300;
        for (const auto& ring : wards.shapes()[k].rings)
            for (const auto& p : ring) minX = std::min(minX, p.x);
        ASSERT_EQ(minX, std::stod(std::to_string(106 + 0.0003 * i))) << i;  // as written in the file
        if (i % kEvery == 0) expectedNotes.push_back("feature " + std::to_string(i) + " (W" + std::to_string(i) + "): invalid polygon repaired");
    }
    std::vector<std::string> notes;
    for (const auto& w : wards.warnings)
        if (w.find("invalid polygon repaired") != std::string::npos) notes.push_back(w);
    ASSERT_EQ(notes.size(), expectedNotes.size());
    for (std::size_t k = 0; k < notes.size(); ++k) EXPECT_NE(notes[k].find(expectedNotes[k]), std::string::npos) << notes[k];
    // The index answers with the right ward: the centre of square i is in ward i.
    const auto index = wards.pointIndex();
    for (int i = 1; i < kCount; i += 131) {
        if (i % kEvery != 0) {
            EXPECT_EQ(index->locate({106 + 0.0003 * i + 0.00005, 0.00005}), i);
        }
    }
}

TEST(WardLayer, OneSmallRingWardsKeepNoGdalGeometryAndGiveTheSamePolygon) {
    // A ward of one ring of at most 64 vertices keeps only its ring (its GDAL
    // geometry is let go while the layer is read); geometry(i) must give the
    // polygon the file holds, for every ward, and the areas must not change.
    test::TempDir dir;
    std::string big;  // 100 vertices: GEOS checks it, and it keeps its geometry
    for (int k = 0; k < 100; ++k) {
        const double a = 2 * 3.141592653589793 * k / 100;
        big += "[" + std::to_string(50 + 3 * std::cos(a)) + "," + std::to_string(3 * std::sin(a)) + "],";
    }
    big += "[53.000000,0.000000]";
    test::writeFile(dir / "kinds.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"square"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}},
{"type":"Feature","properties":{"code":"holed"},"geometry":{"type":"Polygon","coordinates":[[[10,0],[14,0],[14,4],[10,4],[10,0]],[[11,1],[11,2],[12,2],[12,1],[11,1]]]}},
{"type":"Feature","properties":{"code":"two_parts"},"geometry":{"type":"MultiPolygon","coordinates":[[[[20,0],[21,0],[21,1],[20,0]]],[[[22,0],[23,0],[23,1],[22,0]]]]}},
{"type":"Feature","properties":{"code":"one_part"},"geometry":{"type":"MultiPolygon","coordinates":[[[[30,0],[33,0],[33,1],[30,1],[30,0]]]]}},
{"type":"Feature","properties":{"code":"bow_tie"},"geometry":{"type":"Polygon","coordinates":[[[40,0],[42,2],[42,0],[40,2],[40,0]]]}},
{"type":"Feature","properties":{"code":"round"},"geometry":{"type":"Polygon","coordinates":[[)" + big + R"(]]}}]})");
    gis::WardLayerOptions o;
    o.path = (dir / "kinds.geojson").string();
    o.idField = "code";
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const auto wards = gis::loadWardLayer(o);
    CPLPopErrorHandler();
    ASSERT_EQ(wards.wards.size(), 6u);
    const std::vector<bool> kept = {false, true, true, false, true, true};  // the bow tie: its repair
    gis::DatasetPtr ds = gis::openVector(o.path);
    OGRLayer* layer = ds->GetLayer(0);
    std::size_t i = 0;
    for (auto& feature : *layer) {
        ASSERT_EQ(wards.wards[i].code, feature->GetFieldAsString("code"));
        EXPECT_EQ(wards.geometries[i] != nullptr, kept[i]) << wards.wards[i].code;
        const std::unique_ptr<OGRGeometry> g = wards.geometry(i);
        ASSERT_TRUE(g);
        EXPECT_TRUE(g->IsValid()) << wards.wards[i].code;
        // As the writers give it (every ward a multipolygon): the file's polygon.
        const std::unique_ptr<OGRGeometry> written(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
        const std::unique_ptr<OGRGeometry> read(OGRGeometryFactory::forceToMultiPolygon(feature->GetGeometryRef()->clone()));
        if (wards.wards[i].code != "bow_tie") {
            EXPECT_TRUE(written->Equals(read.get())) << wards.wards[i].code;
        }
        // The area, from the transformed vertices, against GDAL's area of the
        // same polygon transformed by PROJ.
        std::unique_ptr<OGRGeometry> metric = wards.geometry(i);
        ASSERT_EQ(metric->transform(wards.metricTransform()->get()), OGRERR_NONE);
        const double area = OGR_G_Area(OGRGeometry::ToHandle(metric.get()));
        EXPECT_GT(area, 0);
        EXPECT_NEAR(wards.wards[i].areaKm2 * 1e6, area, 1e-9 * area) << wards.wards[i].code;
        ++i;
    }
    EXPECT_EQ(i, 6u);
}

namespace {

/// Everything a step reads from a layer, compared field by field.
void expectSameLayer(const gis::WardLayer& a, const gis::WardLayer& b) {
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.layerName, b.layerName);
    EXPECT_EQ(a.crs.label(), b.crs.label());
    EXPECT_EQ(a.crs.empty(), b.crs.empty());
    EXPECT_TRUE(a.crs.sameAs(b.crs));
    EXPECT_EQ(a.metricCrs.label(), b.metricCrs.label());
    EXPECT_EQ(a.metricCrsReason, b.metricCrsReason);
    EXPECT_EQ(a.warnings, b.warnings);
    EXPECT_EQ(a.featuresRead, b.featuresRead);
    EXPECT_EQ(a.extentLonLat.minX, b.extentLonLat.minX);
    EXPECT_EQ(a.extentLonLat.maxY, b.extentLonLat.maxY);
    ASSERT_EQ(a.numeric.size(), b.numeric.size());
    for (const auto& [name, values] : a.numeric) {
        ASSERT_TRUE(b.numeric.count(name)) << name;
        const auto& other = b.numeric.at(name);
        ASSERT_EQ(values.size(), other.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            EXPECT_TRUE(values[i] == other[i] || (std::isnan(values[i]) && std::isnan(other[i]))) << name << " " << i;
    }
    ASSERT_EQ(a.wards.size(), b.wards.size());
    ASSERT_EQ(a.shapes().size(), b.shapes().size());
    for (std::size_t i = 0; i < a.wards.size(); ++i) {
        EXPECT_EQ(a.wards[i].code, b.wards[i].code);
        EXPECT_EQ(a.wards[i].name, b.wards[i].name);
        EXPECT_EQ(a.wards[i].fullName, b.wards[i].fullName);
        EXPECT_EQ(a.wards[i].areaKm2, b.wards[i].areaKm2);  // the same bits
        EXPECT_EQ(a.wards[i].populationField, b.wards[i].populationField);
        ASSERT_EQ(a.shapes()[i].rings.size(), b.shapes()[i].rings.size());
        for (std::size_t r = 0; r < a.shapes()[i].rings.size(); ++r) {
            ASSERT_EQ(a.shapes()[i].rings[r].size(), b.shapes()[i].rings[r].size());
            for (std::size_t k = 0; k < a.shapes()[i].rings[r].size(); ++k) {
                EXPECT_EQ(a.shapes()[i].rings[r][k].x, b.shapes()[i].rings[r][k].x);
                EXPECT_EQ(a.shapes()[i].rings[r][k].y, b.shapes()[i].rings[r][k].y);
            }
        }
        EXPECT_EQ(static_cast<bool>(a.geometries[i]), static_cast<bool>(b.geometries[i])) << i;
        char* wa = nullptr;
        char* wb = nullptr;
        a.geometry(i)->exportToWkt(&wa, wkbVariantIso);
        b.geometry(i)->exportToWkt(&wb, wkbVariantIso);
        EXPECT_STREQ(wa, wb);
        CPLFree(wa);
        CPLFree(wb);
    }
    // The same index answers and the same code directory.
    const core::Box& e = a.pointIndex()->extent();
    core::Random rng(17);
    for (int i = 0; i < 5000; ++i) {
        const core::Point p{e.minX + rng.uniform() * (e.maxX - e.minX), e.minY + rng.uniform() * (e.maxY - e.minY)};
        ASSERT_EQ(a.pointIndex()->locate(p), b.pointIndex()->locate(p));
    }
    for (std::size_t i = 0; i < a.wards.size(); ++i)
        EXPECT_EQ(b.codeDirectory()->findCode(a.wards[i].code), static_cast<std::int32_t>(i));
    ASSERT_TRUE(b.toMetric.valid());
    core::Point pa{(e.minX + e.maxX) / 2, (e.minY + e.maxY) / 2}, pb = pa;
    EXPECT_EQ(a.metricTransform()->apply(pa), b.metricTransform()->apply(pb));
    EXPECT_EQ(pa.x, pb.x);
    EXPECT_EQ(pa.y, pb.y);
}

std::size_t cacheEntries(const std::filesystem::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) n += e.path().extension() == ".wslayer";
    return n;
}

}  // namespace

TEST(WardLayerCache, AHitGivesTheLayerTheFileGives) {
    test::TempDir dir;
    // Hard cases: a repaired bow tie, a small square (no GDAL geometry kept), a
    // square with a hole, a two-part ward, a 100-vertex ward; a numeric field.
    std::string circle;
    for (int k = 0; k <= 100; ++k)  // closed: the 101st vertex is the first
        circle += (k ? "," : "") + std::string("[") + std::to_string(106.5 + 0.01 * std::cos((k % 100) * 0.0628318)) +
                  "," + std::to_string(20.9 + 0.01 * std::sin((k % 100) * 0.0628318)) + "]";
    test::writeFile(dir / "w.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"1","name":"Nơ","pop":10},"geometry":{"type":"Polygon","coordinates":[[[106.60,20.80],[106.62,20.82],[106.62,20.80],[106.60,20.82],[106.60,20.80]]]}},
{"type":"Feature","properties":{"code":"2","name":"Vuông","pop":"x"},"geometry":{"type":"Polygon","coordinates":[[[106.63,20.80],[106.64,20.80],[106.64,20.81],[106.63,20.81],[106.63,20.80]]]}},
{"type":"Feature","properties":{"code":"3","name":"Lỗ"},"geometry":{"type":"Polygon","coordinates":[[[106.65,20.80],[106.69,20.80],[106.69,20.84],[106.65,20.84],[106.65,20.80]],[[106.66,20.81],[106.67,20.81],[106.67,20.82],[106.66,20.81]]]}},
{"type":"Feature","properties":{"code":"4","name":"Hai phần"},"geometry":{"type":"MultiPolygon","coordinates":[[[[106.70,20.80],[106.71,20.80],[106.71,20.81],[106.70,20.80]]],[[[106.72,20.80],[106.73,20.80],[106.73,20.81],[106.72,20.80]]]]}},
{"type":"Feature","properties":{"code":"5","name":"Tròn"},"geometry":{"type":"Polygon","coordinates":[[)" + circle + R"(]]}}]})");
    gis::WardLayerOptions o;
    o.path = (dir / "w.geojson").string();
    o.idField = "code";
    o.numericFields = {"pop"};
    o.cacheDir = dir / "cache";
    const auto fromFile = gis::loadWardLayer(o);
    EXPECT_FALSE(fromFile.fromCache);
    EXPECT_EQ(cacheEntries(o.cacheDir), 1u);
    ASSERT_EQ(fromFile.wards.size(), 5u) << ::testing::PrintToString(fromFile.warnings);
    EXPECT_EQ(fromFile.warnings.size(), 1u) << ::testing::PrintToString(fromFile.warnings);  // the repair
    const auto hit = gis::loadWardLayer(o);
    EXPECT_TRUE(hit.fromCache);
    expectSameLayer(fromFile, hit);
    // Without the cache: the same layer again.
    gis::WardLayerOptions noCache = o;
    noCache.cacheDir.clear();
    const auto plain = gis::loadWardLayer(noCache);
    EXPECT_FALSE(plain.fromCache);
    expectSameLayer(plain, hit);
}

TEST(WardLayerCache, ChangedFilesOptionsOrDamageAreMisses) {
    test::TempDir dir;
    std::filesystem::copy_file(test::sourceDir() / "data/haiphong/wards_2025.gpkg", dir / "w.gpkg");
    gis::WardLayerOptions o;
    o.path = (dir / "w.gpkg").string() + ":wards_2025";
    o.idField = "code";
    o.cacheDir = dir / "cache";
    const auto first = gis::loadWardLayer(o);
    EXPECT_FALSE(first.fromCache);
    EXPECT_TRUE(gis::loadWardLayer(o).fromCache);
    expectSameLayer(first, gis::loadWardLayer(o));

    // Another option: another entry; both are then hits.
    gis::WardLayerOptions named = o;
    named.populationField = "area_km2";
    EXPECT_FALSE(gis::loadWardLayer(named).fromCache);
    EXPECT_TRUE(gis::loadWardLayer(named).fromCache);
    EXPECT_TRUE(gis::loadWardLayer(o).fromCache);
    EXPECT_EQ(cacheEntries(o.cacheDir), 2u);

    // The file touched (a new modification time): a miss, then a hit again.
    std::filesystem::last_write_time(dir / "w.gpkg", std::filesystem::last_write_time(dir / "w.gpkg") + std::chrono::seconds(5));
    EXPECT_FALSE(gis::loadWardLayer(o).fromCache);
    EXPECT_TRUE(gis::loadWardLayer(o).fromCache);

    // A file beside it with the same stem (as a shapefile's .dbf): a miss.
    test::writeFile(dir / "w.gpkg.aux.xml", "<PAMDataset/>");
    EXPECT_FALSE(gis::loadWardLayer(o).fromCache);

    // Damaged entries (cut short, or bytes changed): misses, never wrong layers or crashes.
    const auto entry = gis::layerCacheEntry(o);
    ASSERT_TRUE(entry);
    ASSERT_TRUE(std::filesystem::exists(entry->file));
    const auto size = std::filesystem::file_size(entry->file);
    for (const double keep : {0.0, 0.1, 0.5, 0.999}) {
        std::filesystem::resize_file(entry->file, static_cast<std::uintmax_t>(static_cast<double>(size) * keep));
        const auto reloaded = gis::loadWardLayer(o);
        EXPECT_FALSE(reloaded.fromCache) << keep;
        expectSameLayer(first, reloaded);
        EXPECT_TRUE(gis::loadWardLayer(o).fromCache);  // written again
    }
    // Unreadable as a cache directory (a file is in its place): loaded without it.
    gis::WardLayerOptions blocked = o;
    test::writeFile(dir / "not-a-dir", "x");
    blocked.cacheDir = dir / "not-a-dir";
    const auto without = gis::loadWardLayer(blocked);
    EXPECT_FALSE(without.fromCache);
    EXPECT_EQ(without.wards.size(), 114u);

    // Not a local file (GDAL's virtual file systems): no cache.
    gis::WardLayerOptions vsi = o;
    vsi.path = "/vsimem/none.gpkg";
    EXPECT_FALSE(gis::layerCacheEntry(vsi));
}

TEST(WardLayerCache, DefaultDirectoryFollowsTheEnvironment) {
    const char* saved = std::getenv("WARDSCOPE_CACHE_DIR");
    const std::string restore = saved ? saved : "";
    setenv("WARDSCOPE_CACHE_DIR", "/tmp/somewhere", 1);
    EXPECT_EQ(gis::defaultLayerCacheDir(), std::filesystem::path("/tmp/somewhere"));
    setenv("WARDSCOPE_CACHE_DIR", "off", 1);
    EXPECT_TRUE(gis::defaultLayerCacheDir().empty());
    unsetenv("WARDSCOPE_CACHE_DIR");
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (!xdg || *xdg != '/') {
        const char* home = std::getenv("HOME");
        if (home && *home == '/') {
            EXPECT_EQ(gis::defaultLayerCacheDir(), std::filesystem::path(home) / ".cache/wardscope");
        }
    } else {
        EXPECT_EQ(gis::defaultLayerCacheDir(), std::filesystem::path(xdg) / "wardscope");
    }
    if (saved) setenv("WARDSCOPE_CACHE_DIR", restore.c_str(), 1);
}
