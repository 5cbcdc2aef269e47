// Children's data protected by default: every file `analyze` writes (all
// formats) is scanned for record ids, names, exact record coordinates and
// non-zero counts below k; secondary suppression is attacked with the published
// margins and totals.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "core/csv_reader.h"
#include "core/disclosure.h"
#include "core/error.h"
#include "core/polygon_index.h"
#include "gis/crs.h"
#include "gis/density_pipeline.h"
#include "gis/ward_layer.h"
#include "gis/gdal_util.h"
#include "gis/pipeline.h"
#include "../gis/test_support.h"
#include "demo_support.h"

using namespace wardscope;

namespace {

struct Record {
    std::string id;
    double lon = NAN, lat = NAN;
};

std::vector<Record> readCases(const std::filesystem::path& csv) {
    std::ifstream in(csv, std::ios::binary);
    core::CsvReader reader(in);
    core::CsvRow row;
    reader.next(row);
    std::vector<Record> out;
    while (reader.next(row)) {
        Record r;
        r.id = std::string(row.fields[0]);
        if (row.fields.size() == 11) {
            char* end = nullptr;
            const std::string lon(row.fields[9]), lat(row.fields[10]);
            const double x = std::strtod(lon.c_str(), &end);
            const bool okX = !lon.empty() && *end == '\0';
            const double y = std::strtod(lat.c_str(), &end);
            if (okX && !lat.empty() && *end == '\0' && std::isfinite(x) && std::isfinite(y)) {
                r.lon = x;
                r.lat = y;
            }
        }
        out.push_back(r);
    }
    return out;
}

/// All features of a vector file as (column -> text value) maps, plus vertices.
struct LayerDump {
    std::vector<std::map<std::string, std::string>> rows;
    std::vector<std::pair<double, double>> vertices;
};

LayerDump dumpLayer(const std::filesystem::path& path) {
    LayerDump d;
    auto ds = gis::openVector(path.string());
    OGRLayer& layer = *ds->GetLayer(0);
    for (auto& f : layer) {
        std::map<std::string, std::string> row;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            row[f->GetFieldDefnRef(i)->GetNameRef()] = f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
        d.rows.push_back(std::move(row));
        if (const OGRGeometry* geom = f->GetGeometryRef()) {
            // GeoJSON may hold one-part wards as Polygon.
            std::unique_ptr<OGRGeometry> g(OGRGeometryFactory::forceToMultiPolygon(geom->clone()));
            for (const auto* poly : *g->toMultiPolygon())
                for (const auto* ring : *poly)
                    for (const auto& p : *ring) d.vertices.emplace_back(p.getX(), p.getY());
        }
    }
    return d;
}

bool isCountColumn(const std::string& n) {
    return (n == "cases" || n.rfind("cases_", 0) == 0 || n.rfind("survey_", 0) == 0 || n == "population") &&
           n != "cases_per_km2";
}

class PrivacyTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new test::TempDir();
        core::NullProgress progress;
        test::synthDemo(s_dir->path() / "synthetic");
        auto r = test::demoRequest(s_dir->path() / "synthetic", s_dir->path() / "out", true);
        r.cases.path = (s_dir->path() / "synthetic/synthetic_cases_messy.csv").string();  // rejects too
        r.stats.permutations = 99;
        s_result = new gis::AnalyzeResult(gis::runAnalyze(r, progress));
        // The clean cases too, for a second output folder with many small counts.
        r.cases.path = (s_dir->path() / "synthetic/synthetic_cases.csv").string();
        r.outDir = s_dir->path() / "out2";
        gis::runAnalyze(r, progress);
    }
    static void TearDownTestSuite() {
        delete s_result;
        delete s_dir;
    }
    static test::TempDir* s_dir;
    static gis::AnalyzeResult* s_result;
};
test::TempDir* PrivacyTest::s_dir = nullptr;
gis::AnalyzeResult* PrivacyTest::s_result = nullptr;

}  // namespace

TEST_F(PrivacyTest, NoIdNameOrRecordCoordinateInAnyFileWritten) {
    std::vector<Record> records = readCases(s_dir->path() / "synthetic/synthetic_cases.csv");
    const auto messy = readCases(s_dir->path() / "synthetic/synthetic_cases_messy.csv");
    for (const auto* folder : {"out", "out2"}) {
        std::size_t files = 0;
        for (const auto& entry : std::filesystem::directory_iterator(s_dir->path() / folder)) {
            ++files;
            const std::string text = test::readFile(entry.path());
            for (const auto* prefix : {"SYN-C-", "SYN-S-", "SYN-M-"})
                EXPECT_EQ(text.find(prefix), std::string::npos) << entry.path() << " holds a record id";
            for (const auto& r : messy) {
                if (r.id.size() > 3) {
                    EXPECT_EQ(text.find(r.id), std::string::npos) << entry.path();
                }
            }
            // Exact coordinates as written in the records (6 decimals) never appear as text.
            for (std::size_t i = 0; i < records.size(); i += 7) {
                if (std::isnan(records[i].lon)) continue;
                char pair[64];
                std::snprintf(pair, sizeof pair, "%.6f,%.6f", records[i].lon, records[i].lat);
                EXPECT_EQ(text.find(pair), std::string::npos) << entry.path();
            }
        }
        EXPECT_GE(files, 6u);
        // Vector outputs: no vertex within 1e-6 degree of a record point.
        const auto layer = dumpLayer(s_dir->path() / folder / "wards.gpkg");
        std::set<std::pair<long long, long long>> grid;
        for (const auto& [x, y] : layer.vertices) grid.emplace(std::llround(x * 1e6), std::llround(y * 1e6));
        for (const auto& r : records) {
            if (std::isnan(r.lon)) continue;
            EXPECT_EQ(grid.count({std::llround(r.lon * 1e6), std::llround(r.lat * 1e6)}), 0u) << r.id;
        }
    }
}

TEST_F(PrivacyTest, NoNonZeroCountBelowKInAnyFormat) {
    for (const auto* folder : {"out", "out2"}) {
        const auto dir = s_dir->path() / folder;
        for (const auto* name : {"wards.gpkg", "wards.geojson"}) {
            const auto layer = dumpLayer(dir / name);
            std::size_t suppressed = 0;
            for (const auto& row : layer.rows) {
                for (const auto& [column, value] : row) {
                    if (!isCountColumn(column) || value.empty()) continue;
                    const double v = std::stod(value);
                    EXPECT_TRUE(v == 0 || v >= 5) << name << " " << column << " = " << value;
                }
                suppressed += row.at("suppressed").empty() ? 0 : 1;
            }
            EXPECT_GT(suppressed, 0u) << "the synthetic data has small counts, so something must be withheld";
        }
        std::ifstream in(dir / "wards.csv", std::ios::binary);
        core::CsvReader reader(in);
        core::CsvRow row;
        reader.next(row);
        const std::vector<std::string> header(row.fields.begin(), row.fields.end());
        while (reader.next(row)) {
            for (std::size_t c = 0; c < header.size(); ++c) {
                if (!isCountColumn(header[c]) || row.fields[c].empty() || row.fields[c] == "suppressed") continue;
                const double v = std::stod(std::string(row.fields[c]));
                EXPECT_TRUE(v == 0 || v >= 5) << header[c] << " = " << row.fields[c];
            }
        }
        // Reject files hold no row text in shared mode.
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().filename().string().rfind("rejects_", 0) != 0) continue;
            std::ifstream rj(entry.path(), std::ios::binary);
            std::string head;
            std::getline(rj, head);
            EXPECT_EQ(head, "file,line,reason,message");
        }
        const auto summary = nlohmann::json::parse(test::readFile(dir / "summary.json"));
        EXPECT_EQ(summary["disclosure"]["mode"], "shared");
        EXPECT_EQ(summary["disclosure"]["min_count"], 5);
    }
}

TEST_F(PrivacyTest, WithheldCellsCannotBeRecoveredFromMarginsOrTotals) {
    const auto dir = s_dir->path() / "out2";
    const auto layer = dumpLayer(dir / "wards.gpkg");
    const auto summary = nlohmann::json::parse(test::readFile(dir / "summary.json"));
    std::vector<std::string> sectors;  // every sector column (docs/formats.md, "Sectors")
    for (const auto& [name, value] : layer.rows.at(0))
        if (name.rfind("cases_sector_", 0) == 0) sectors.push_back(name);
    ASSERT_EQ(sectors.size(), 15u);
    const std::vector<std::vector<std::string>> margins = {
        {"cases_male", "cases_female", "cases_sex_unknown"},
        {"cases_age_5_11", "cases_age_12_14", "cases_age_15_17"},
        sectors,
        {"cases_hazardous", "cases_not_hazardous", "cases_hazard_unknown"},
        {"cases_2021", "cases_2022", "cases_2023", "cases_2024", "cases_2025"}};
    std::size_t attacked = 0;
    for (const auto& row : layer.rows) {
        for (const auto& parts : margins) {
            // The attack: total minus the published parts. It succeeds when exactly one
            // cell of the margin (total included) is withheld.
            std::size_t hidden = row.at("cases").empty() ? 1 : 0;
            for (const auto& p : parts) hidden += row.at(p).empty() ? 1 : 0;
            if (hidden > 0) ++attacked;
            EXPECT_NE(hidden, 1u) << "ward " << row.at("ward_code") << ": a withheld cell of " << parts[0]
                                  << "... can be recomputed from the margin";
        }
    }
    EXPECT_GT(attacked, 10u);
    // Column total: city total minus the published ward counts.
    std::size_t hiddenWards = 0;
    for (const auto& row : layer.rows) hiddenWards += row.at("cases").empty() ? 1 : 0;
    EXPECT_TRUE(hiddenWards == 0 || hiddenWards >= 2) << "the city total would reveal the one withheld ward";
    EXPECT_EQ(summary["totals"]["cases"].get<long>(), s_result->inputs.size() ? summary["totals"]["cases"].get<long>() : 0);
    // Rates built on withheld counts are withheld too.
    for (const auto& row : layer.rows)
        if (row.at("cases").empty()) {
            EXPECT_TRUE(row.at("rate_per_1000").empty()) << row.at("ward_code");
        }
}

TEST(Disclosure, InternalModeWithholdsNothingAndSaysSo) {
    core::Table t;
    t.columns = {{"cases", core::ColumnType::Integer}, {"cases_male", core::ColumnType::Integer}};
    t.rows = {{std::int64_t{3}, std::int64_t{2}}};
    core::DisclosurePolicy internal;
    internal.mode = core::DisclosureMode::Internal;
    const auto report = core::applyDisclosure(t, internal, core::wardTableSuppressionSpec(t));
    EXPECT_EQ(report.primary, 0u);
    EXPECT_EQ(std::get<std::int64_t>(t.rows[0][0]), 3);
}

TEST_F(PrivacyTest, GeomaskedPointsMoveWithinTheDonutAndStayInTheirWard) {
    core::NullProgress progress;
    gis::AnalyzeRequest r;
    r.wards.path = test::bundledWards();
    r.wards.idField = "code";
    r.cases.path = (s_dir->path() / "synthetic/synthetic_cases.csv").string();
    r.outDir = s_dir->path() / "masked";
    r.asOf = "2025-12-31";
    r.statistics = false;
    r.geomask = gis::GeomaskOptions::parse("donut:100:400", 77);
    const auto result = gis::runAnalyze(r, progress);
    const auto records = readCases(r.cases.path);
    std::vector<Record> located;
    for (const auto& rec : records)
        if (!std::isnan(rec.lon)) located.push_back(rec);
    const auto masked = nlohmann::json::parse(test::readFile(r.outDir / "cases_geomasked.geojson"));
    ASSERT_EQ(masked["features"].size(), located.size());
    EXPECT_EQ(result.geomaskFallbacks, 0u);
    gis::WardLayerOptions o;
    o.path = test::bundledWards();
    o.idField = "code";
    const auto wards = gis::loadWardLayer(o);
    core::PolygonIndex index;
    index.build(wards.shapes());
    gis::Transform toMetric(wards.crs, wards.metricCrs);
    for (std::size_t i = 0; i < located.size(); ++i) {
        const auto& f = masked["features"][i];
        EXPECT_EQ(f["properties"].size(), 1u);  // the ward code only
        core::Point p{f["geometry"]["coordinates"][0].get<double>(), f["geometry"]["coordinates"][1].get<double>()};
        core::Point q{located[i].lon, located[i].lat};
        const auto ward = index.locate(q);
        EXPECT_TRUE(index.contains(ward, p)) << i;  // same ward (7-decimal rounding is ~1 cm)
        EXPECT_EQ(f["properties"]["ward_code"], wards.wards[static_cast<std::size_t>(ward)].code);
        ASSERT_TRUE(toMetric.apply(p));
        ASSERT_TRUE(toMetric.apply(q));
        const double d = std::hypot(p.x - q.x, p.y - q.y);
        EXPECT_GE(d, 100.0 - 0.05) << i;
        EXPECT_LE(d, 400.0 + 0.05) << i;
    }
    // Seeded: the same seed gives the same file; the seed is logged.
    r.outDir = s_dir->path() / "masked2";
    gis::runAnalyze(r, progress);
    EXPECT_EQ(test::readFile(s_dir->path() / "masked/cases_geomasked.geojson"),
              test::readFile(s_dir->path() / "masked2/cases_geomasked.geojson"));
    const auto summary = nlohmann::json::parse(test::readFile(r.outDir / "summary.json"));
    EXPECT_EQ(summary["geomasked_points"]["seed"], 77);
    const auto manifest = nlohmann::json::parse(test::readFile(r.outDir / "manifest.json"));
    EXPECT_EQ(manifest["request"]["export_points"]["seed"], 77);
    // Without the option, no point file.
    EXPECT_FALSE(std::filesystem::exists(s_dir->path() / "out/cases_geomasked.geojson"));
}

TEST_F(PrivacyTest, DensitySurfaceIsACogWithMetadataAndNeverShowsACaseAlone) {
    core::NullProgress progress;
    gis::DensityRequest r;
    r.wards.path = test::bundledWards();
    r.wards.idField = "code";
    r.points.path = (s_dir->path() / "synthetic/synthetic_cases.csv").string();
    r.asOf = "2025-12-31";
    r.surface.bandwidthMeters = 1000;
    r.surface.cellMeters = 200;
    r.out = s_dir->path() / "density/density.tif";
    // Shared: a 1 km kernel shows isolated synthetic cases, so it is refused,
    // with the smallest bandwidth that shows none; auto is raised to it.
    double smallest = 0;
    try {
        gis::runDensity(r, progress);
        ADD_FAILURE() << "a bandwidth that shows cases on their own was accepted";
    } catch (const UsageError& e) {
        const std::string m = e.what();
        const auto at = m.find("use at least ");
        ASSERT_NE(at, std::string::npos) << m;
        smallest = std::stod(m.substr(at + 13));
    }
    EXPECT_FALSE(std::filesystem::exists(r.out));
    r.surface.bandwidthMeters = 0;
    const auto raised = gis::runDensity(r, progress);
    EXPECT_GT(raised.bandwidthRaisedFrom, 0);
    EXPECT_DOUBLE_EQ(raised.bandwidthMeters, smallest);
    bool warned = false;
    for (const auto& w : raised.warnings) warned = warned || w.find("raised to") != std::string::npos;
    EXPECT_TRUE(warned);
    ASSERT_TRUE(std::filesystem::exists(r.out));
    auto ds = gis::DatasetPtr(static_cast<GDALDataset*>(GDALOpen(r.out.c_str(), GA_ReadOnly)));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetMetadataItem("KERNEL"), "quartic");
    EXPECT_STREQ(ds->GetMetadataItem("UNITS"), "cases per km2");
    EXPECT_STREQ(ds->GetMetadataItem("DISCLOSURE"), "shared");
    EXPECT_STREQ(ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE"), "COG");
    int hasNodata = 0;
    EXPECT_EQ(ds->GetRasterBand(1)->GetNoDataValue(&hasNodata), -9999.0);
    EXPECT_TRUE(hasNodata);
    EXPECT_STREQ(ds->GetSpatialRef()->GetAuthorityCode(nullptr), "3405");
    ds.reset();
    // The surface's arithmetic, at 1 km (internal outputs).
    r.disclosure.mode = core::DisclosureMode::Internal;
    r.surface.bandwidthMeters = 1000;
    const auto result = gis::runDensity(r, progress);
    // Inside the city the surface integrates to about the number of cases (minus
    // the kernel mass that falls on the sea, which is nodata).
    double sum = 0;
    for (double v : result.raster.values)
        if (!std::isnan(v)) sum += v * 0.2 * 0.2;
    EXPECT_GT(sum, 0.8 * static_cast<double>(result.points));
    EXPECT_LE(sum, 1.001 * static_cast<double>(result.points));
    // Hotspot polygons: the smallest areas holding 50/75/90 % and fixed levels,
    // lon/lat (RFC 7946), with area and share; shares match the raster exactly.
    r.contours = s_dir->path() / "density/hotspots.geojson";
    r.surface.fixedLevels = {1.0};
    r.surface.bandwidthMeters = 3000;
    const auto withContours = gis::runDensity(r, progress);
    const auto hot = nlohmann::json::parse(test::readFile(r.contours));
    EXPECT_FALSE(hot.contains("crs"));
    ASSERT_EQ(hot["features"].size(), 4u);
    double previousArea = 0;
    const std::vector<double> shares = {0.5, 0.75, 0.9};
    for (std::size_t k = 0; k < 3; ++k) {
        const auto& p = hot["features"][k]["properties"];
        EXPECT_EQ(p["kind"], "percent_volume");
        EXPECT_NEAR(p["share_of_cases"].get<double>(), shares[k], 0.01);
        EXPECT_GT(p["area_km2"].get<double>(), previousArea);  // nested: larger shares need more area
        previousArea = p["area_km2"].get<double>();
        const double lon = hot["features"][k]["geometry"]["coordinates"][0][0][0][0].get<double>();
        EXPECT_GT(lon, 105.0);
        EXPECT_LT(lon, 108.0);
    }
    EXPECT_EQ(hot["features"][3]["properties"]["kind"], "fixed_level");
    EXPECT_EQ(withContours.levels.size(), 4u);
    // A large enough bandwidth is safe to share.
    r.contours.clear();
    r.surface.bandwidthMeters = 20000;
    r.out = s_dir->path() / "density/wide.tif";
    for (const auto& w : gis::runDensity(r, progress).warnings) EXPECT_EQ(w.find("on their own"), std::string::npos) << w;
}

TEST_F(PrivacyTest, PublishedStatisticsAreAFunctionOfThePublishedCountsOnly) {
    // The attack: guess a withheld count, re-run the statistics, and see which
    // guess reproduces the published z-scores. It cannot work when the published
    // statistics are exactly what anyone gets from the published counts alone
    // (each withheld count at the mean of the withheld ones, from the published
    // city total): recompute them so, and compare.
    const auto dir = s_dir->path() / "out2";
    const auto layer = dumpLayer(dir / "wards.gpkg");
    const auto summary = nlohmann::json::parse(test::readFile(dir / "summary.json"));
    const double total = summary["totals"]["cases"].get<double>();
    gis::WardLayerOptions o;
    o.path = test::bundledWards();
    o.idField = "code";
    const auto wards = gis::loadWardLayer(o);
    ASSERT_EQ(layer.rows.size(), wards.wards.size());
    std::vector<double> cases(wards.wards.size()), population(wards.wards.size());
    std::vector<std::size_t> withheld;
    double publishedSum = 0;
    for (std::size_t i = 0; i < wards.wards.size(); ++i) {
        const auto& row = layer.rows[i];
        ASSERT_EQ(row.at("ward_code"), wards.wards[i].code);
        population[i] = row.at("population").empty() ? NAN : std::stod(row.at("population"));
        if (row.at("cases").empty()) {
            withheld.push_back(i);
        } else {
            cases[i] = std::stod(row.at("cases"));
            publishedSum += cases[i];
        }
    }
    ASSERT_GE(withheld.size(), 2u);
    for (const std::size_t i : withheld) cases[i] = (total - publishedSum) / static_cast<double>(withheld.size());
    core::WardStatsOptions options;
    options.permutations = 99;
    core::NullProgress progress;
    const auto step = gis::runStatsStep(wards, cases, population, "eb_rate_per_1000", nullptr, gis::WeightsOptions{}, options, progress);
    std::size_t compared = 0;
    for (std::size_t i = 0; i < wards.wards.size(); ++i) {
        const auto& row = layer.rows[i];
        if (std::find(withheld.begin(), withheld.end(), i) != withheld.end()) {
            // The ward's own continuous statistics are withheld; its class is not.
            EXPECT_TRUE(row.at("gi_star_z").empty()) << row.at("ward_code");
            EXPECT_TRUE(row.at("lisa_i").empty()) << row.at("ward_code");
            EXPECT_FALSE(row.at("gi_star_bin").empty()) << row.at("ward_code");
            continue;
        }
        if (row.at("gi_star_z").empty()) continue;
        EXPECT_NEAR(std::stod(row.at("gi_star_z")), step.result.giStarZ[i], 1e-9) << row.at("ward_code");
        EXPECT_NEAR(std::stod(row.at("lisa_i")), step.result.lisaI[i], 1e-9) << row.at("ward_code");
        EXPECT_EQ(std::stol(row.at("gi_star_bin")), step.result.giStarBin[i]) << row.at("ward_code");
        ++compared;
    }
    EXPECT_GT(compared, 60u);
}
