// Pipeline API: synthetic records for the bundled wards, analysed end to end.
#include <gtest/gtest.h>

#include <gdal_priv.h>

#include <nlohmann/json.hpp>

#include <map>
#include <cmath>

#include "core/csv_reader.h"
#include "core/error.h"
#include "gis/gdal_util.h"
#include "gis/pipeline.h"
#include "gis/provenance.h"
#include "../gis/test_support.h"
#include "demo_support.h"

using namespace wardscope;

namespace {

/// One synthetic data set for all tests in this file (synth is deterministic).
class AnalyzeTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = new test::TempDir();
        s_synth = test::synthDemo(s_dir->path() / "synthetic");
    }
    static void TearDownTestSuite() { delete s_dir; }

    static gis::AnalyzeRequest request(const std::string& cases, const std::string& out) {
        gis::AnalyzeRequest r;
        r.wards.path = test::bundledWards();
        r.wards.idField = "code";
        r.cases.path = (s_dir->path() / "synthetic" / cases).string();
        r.outDir = s_dir->path() / out;
        r.asOf = "2025-12-31";
        return r;
    }

    static test::TempDir* s_dir;
    static gis::SynthResultSummary s_synth;
};
test::TempDir* AnalyzeTest::s_dir = nullptr;
gis::SynthResultSummary AnalyzeTest::s_synth;

std::map<std::size_t, std::string> rejectReasonsByLine(const std::filesystem::path& rejectFile) {
    std::ifstream in(rejectFile, std::ios::binary);
    core::CsvReader reader(in);
    core::CsvRow row;
    std::map<std::size_t, std::string> out;
    reader.next(row);  // header
    while (reader.next(row)) out[std::stoul(std::string(row.fields[1]))] = std::string(row.fields[2]);
    return out;
}

}  // namespace

TEST_F(AnalyzeTest, SynthIsDeterministicAndPlantsConcentrations) {
    gis::SynthRequest again;
    again.wards.path = test::bundledWards();
    again.wards.idField = "code";
    again.seed = 2025;
    again.outDir = s_dir->path() / "again";
    core::NullProgress progress;
    const auto second = gis::runSynth(again, progress);
    EXPECT_EQ(test::readFile(s_dir->path() / "synthetic/synthetic_cases.csv"),
              test::readFile(s_dir->path() / "again/synthetic_cases.csv"));
    EXPECT_EQ(test::readFile(s_dir->path() / "synthetic/synthetic_survey.csv"),
              test::readFile(s_dir->path() / "again/synthetic_survey.csv"));
    EXPECT_GT(s_synth.cases, 1000);
    EXPECT_GT(s_synth.surveyRows, 10000);
    for (const auto& [label, n] : s_synth.planted) EXPECT_GT(n, 40) << label;
}

TEST_F(AnalyzeTest, CleanSyntheticRecordsAreAllAccepted) {
    auto r = request("synthetic_cases.csv", "clean");
    r.disclosure.mode = core::DisclosureMode::Internal;  // true counts, to check the sums
    r.survey = gis::RecordInput{(s_dir->path() / "synthetic/synthetic_survey.csv").string(), "EPSG:4326", {}};
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    ASSERT_EQ(result.inputs.size(), 2u);
    for (const auto& in : result.inputs) {
        EXPECT_EQ(in.accepted + in.rejected, in.rowsRead) << in.kind;
        EXPECT_EQ(in.rejected, 0) << in.kind;
    }
    EXPECT_EQ(result.inputs[0].rowsRead, s_synth.cases);
    EXPECT_EQ(result.inputs[1].rowsRead, s_synth.surveyRows);
    ASSERT_EQ(result.wards.rows.size(), 114u);
    std::int64_t total = 0;
    const int cases = result.wards.columnIndex("cases");
    for (const auto& row : result.wards.rows) total += std::get<std::int64_t>(row[static_cast<std::size_t>(cases)]);
    EXPECT_EQ(total, s_synth.cases);
    // Ward of the planted port concentration is among the highest counts.
    const int code = result.wards.columnIndex("ward_code");
    for (const auto& row : result.wards.rows) {
        if (std::get<std::string>(row[static_cast<std::size_t>(code)]) == "11413") {
            EXPECT_GT(std::get<std::int64_t>(row[static_cast<std::size_t>(cases)]), 50);
        }
    }
}

TEST_F(AnalyzeTest, MessySampleRejectsEveryBadRowWithItsOwnReason) {
    const auto r = request("synthetic_cases_messy.csv", "messy");
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    const auto& in = result.inputs.at(0);
    EXPECT_EQ(in.accepted + in.rejected, in.rowsRead);
    EXPECT_EQ(in.rowsRead, s_synth.messyRows);
    EXPECT_GE(in.rejectReasons.size(), 15u);  // at least 15 kinds of bad rows
    const auto got = rejectReasonsByLine(in.rejectFile);
    EXPECT_EQ(static_cast<std::int64_t>(got.size()), in.rejected);
    std::ifstream expect(s_dir->path() / "synthetic/synthetic_cases_messy_expected.csv");
    core::CsvReader reader(expect);
    core::CsvRow row;
    reader.next(row);
    int checked = 0;
    while (reader.next(row)) {
        const std::size_t line = std::stoul(std::string(row.fields[0]));
        const std::string expected(row.fields[1]);
        const auto it = got.find(line);
        EXPECT_EQ(it == got.end() ? "accepted" : it->second, expected) << "line " << line;
        ++checked;
    }
    EXPECT_EQ(checked, s_synth.messyRows);
    EXPECT_EQ(in.flags.at("ward_code_mismatch"), 1);
}

TEST_F(AnalyzeTest, OutputsAreRfc7946AndHoldAggregatesOnly) {
    auto r = request("synthetic_cases.csv", "out");
    r.survey = gis::RecordInput{(s_dir->path() / "synthetic/synthetic_survey.csv").string(), "EPSG:4326", {}};
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    const auto dir = s_dir->path() / "out";
    for (const char* name : {"wards.geojson", "wards.gpkg", "wards.csv", "summary.json",
                             "rejects_cases_synthetic_cases.csv", "rejects_survey_synthetic_survey.csv"})
        EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
    // No temporary files left behind.
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        EXPECT_EQ(entry.path().filename().string().rfind(".tmp-", 0), std::string::npos) << entry.path();

    const auto geojson = nlohmann::json::parse(test::readFile(dir / "wards.geojson"));
    EXPECT_FALSE(geojson.contains("crs"));
    ASSERT_EQ(geojson["features"].size(), 114u);
    for (const auto& f : geojson["features"]) {
        // RFC 7946 writers may write a one-part MultiPolygon as a Polygon.
        const auto& geom = f["geometry"];
        ASSERT_TRUE(geom["type"] == "MultiPolygon" || geom["type"] == "Polygon");
        const auto polygons = geom["type"] == "Polygon" ? nlohmann::json::array({geom["coordinates"]}) : geom["coordinates"];
        for (const auto& poly : polygons) {
            // Exterior counter-clockwise, holes clockwise (RFC 7946 section 3.1.6).
            for (const auto& ring : poly)
                for (const auto& xy : ring)
                    for (const auto& v : xy) {
                        const double scaled = v.get<double>() * 1e7;
                        ASSERT_NEAR(scaled, std::round(scaled), 1e-3) << "more than 7 decimals: " << v;
                    }
            for (std::size_t k = 0; k < poly.size(); ++k) {
                double twice = 0;
                const auto& ring = poly[k];
                for (std::size_t i = 0; i + 1 < ring.size(); ++i)
                    twice += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
                             ring[i + 1][0].get<double>() * ring[i][1].get<double>();
                EXPECT_EQ(twice > 0, k == 0);
            }
        }
        EXPECT_TRUE(f["properties"].contains("cases"));
        EXPECT_TRUE(f["properties"].contains("population"));
        EXPECT_TRUE(f["properties"].contains("ward_code"));
    }
    const std::string text = test::readFile(dir / "wards.geojson");
    // Aggregates only: no record id and no record coordinate in any ward output.
    const std::string cases = test::readFile(s_dir->path() / "synthetic/synthetic_cases.csv");
    const std::string csv = test::readFile(dir / "wards.csv");
    for (const std::string& out : {text, csv}) {
        EXPECT_EQ(out.find("SYN-C-"), std::string::npos);
        EXPECT_EQ(out.find("SYN-S-"), std::string::npos);
    }
    const auto lonStart = cases.find("106.", cases.find('\n'));
    const std::string firstLon = cases.substr(lonStart, 10);
    EXPECT_EQ(csv.find(firstLon), std::string::npos);

    const auto summary = nlohmann::json::parse(test::readFile(dir / "summary.json"));
    for (const auto& in : summary["inputs"])
        EXPECT_EQ(in["accepted"].get<long>() + in["rejected"].get<long>(), in["rows_read"].get<long>());
    EXPECT_EQ(summary["wards"]["metric_crs"], "EPSG:3405");
    EXPECT_EQ(summary["totals"]["cases"].get<long>(), s_synth.cases);

    // The density step: a relative-risk surface against the surveyed children
    // (3 bands), hotspot polygons (never points), described in the summary.
    ASSERT_TRUE(summary.contains("density"));
    EXPECT_EQ(summary["density"]["bandwidth_rule"], "silverman");
    EXPECT_EQ(summary["density"]["relative_to"], "survey children_5_17");
    EXPECT_EQ(summary["density"]["hotspots"].size(), 3u);
    auto ds = gis::DatasetPtr(static_cast<GDALDataset*>(GDALOpen((dir / "density.tif").c_str(), GA_ReadOnly)));
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetRasterCount(), 3);
    EXPECT_STREQ(ds->GetRasterBand(1)->GetDescription(), "relative_risk");
    EXPECT_STREQ(ds->GetRasterBand(2)->GetDescription(), "case_density");
    const auto hot = nlohmann::json::parse(test::readFile(dir / "hotspots.geojson"));
    ASSERT_EQ(hot["features"].size(), 3u);
    for (const auto& f : hot["features"]) EXPECT_NE(f["geometry"]["type"], "Point");
}

TEST_F(AnalyzeTest, ProjectFileWithVietnameseColumnMapping) {
    // A ward office's export: Vietnamese headers, semicolons, day-first dates,
    // locations as ward names only.
    const auto dir = s_dir->path() / "vn";
    std::filesystem::create_directories(dir);
    test::writeFile(dir / "ho_so.csv",
                    "STT;Ngày phát hiện;Giới tính;Tuổi;Tên xã;Ghi chú\n"
                    "1;15/03/2024;Nam;12;Phường Lê Chân;\n"
                    "2;16/03/2024;Nữ;14;le chan;\n"
                    "3;17/03/2024;Nữ;16;Cam Giang;mơ hồ\n");
    test::writeFile(dir / "project.toml",
                    "[wards]\npath = \"" + test::bundledWards() + "\"\nid_field = \"code\"\n"
                    "[cases]\npath = \"ho_so.csv\"\n[cases.columns]\ncase_id = \"STT\"\n"
                    "[analysis]\nas_of = \"2025-12-31\"\n[output]\ndir = \"out\"\n");
    const auto r = gis::readProjectFile(dir / "project.toml");
    EXPECT_EQ(r.cases.columns.at("case_id"), "STT");
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    const auto& in = result.inputs.at(0);
    EXPECT_EQ(in.rowsRead, 3);
    EXPECT_EQ(in.accepted, 2);
    EXPECT_EQ(in.rejectReasons.at("ambiguous_ward_name"), 1);
    EXPECT_EQ(in.flags.at("joined_by_name"), 2);
    EXPECT_TRUE(std::filesystem::exists(dir / "out/wards.geojson"));
}

TEST_F(AnalyzeTest, BadOptionsFailBeforeAnyIo) {
    auto r = request("synthetic_cases.csv", "never");
    r.toleranceMeters = -1;
    core::NullProgress progress;
    EXPECT_THROW(gis::runAnalyze(r, progress), UsageError);
    EXPECT_FALSE(std::filesystem::exists(s_dir->path() / "never"));
    r = request("synthetic_cases.csv", "never");
    r.asOf = "31/12/2025";
    EXPECT_THROW(gis::runAnalyze(r, progress), UsageError);
}

TEST_F(AnalyzeTest, ProjectedRecordsNeedAProjectedCrs) {
    const auto dir = s_dir->path() / "xy";
    std::filesystem::create_directories(dir);
    // Phường Lê Chân's admin centre in VN-2000 / UTM 48N.
    test::writeFile(dir / "xy.csv", "case_id,detected_on,age,x,y\nP1,2024-01-01,12,675020.8,2305796.8\n");
    auto r = request("synthetic_cases.csv", "xy/out");
    r.cases.path = (dir / "xy.csv").string();
    core::NullProgress progress;
    EXPECT_THROW(gis::runAnalyze(r, progress), UsageError);
    r.cases.crs = "EPSG:3405";
    const auto result = gis::runAnalyze(r, progress);
    EXPECT_EQ(result.inputs[0].accepted, 1);
}

TEST_F(AnalyzeTest, StatisticsInAnalyzeAndStatsAgreeAndDoNotDependOnThreads) {
    auto r = request("synthetic_cases.csv", "stats");
    r.survey = gis::RecordInput{(s_dir->path() / "synthetic/synthetic_survey.csv").string(), "EPSG:4326", {}};
    r.stats.permutations = 999;
    r.stats.seed = 11;
    r.stats.threads = 1;
    r.disclosure.mode = core::DisclosureMode::Internal;  // `stats` below re-reads the true counts
    core::NullProgress progress;
    const auto analyzed = gis::runAnalyze(r, progress);
    const auto summary = nlohmann::json::parse(test::readFile(s_dir->path() / "stats/summary.json"));
    ASSERT_TRUE(summary.contains("statistics"));
    const auto& st = summary["statistics"];
    EXPECT_EQ(st["weights"]["kind"], "queen");
    EXPECT_EQ(st["weights"]["islands"], 1);  // Bạch Long Vĩ
    EXPECT_EQ(st["weights"]["island_wards"][0]["ward"], "11948");
    EXPECT_EQ(st["moran"]["permutations"], 999);
    EXPECT_EQ(st["moran"]["seed"], 11);
    EXPECT_GT(st["moran"]["i"].get<double>(), 0.1);  // the planted concentrations cluster
    for (const char* field : {"cases", "population", "rate_per_1000", "eb_rate_per_1000", "seb_rate_per_1000",
                              "excess_risk", "neighbors", "island", "lisa_i", "lisa_z", "lisa_p", "lisa_cluster",
                              "gi_star_z", "gi_star_p", "gi_star_bin"})
        EXPECT_GE(analyzed.wards.columnIndex(field), 0) << field;
    // The scan finds the planted concentrations: Vĩnh Bảo (11824) is in a significant cluster.
    ASSERT_TRUE(summary.contains("scan"));
    bool vinhBao = false;
    for (const auto& cl : summary["scan"]["clusters"]) {
        for (const char* key : {"rank", "centre", "wards", "observed", "expected", "relative_risk", "llr", "p"})
            EXPECT_TRUE(cl.contains(key)) << key;
        for (const auto& w : cl["wards"])
            if (w == "11824" && cl["p"].get<double>() <= 0.05) vinhBao = true;
    }
    EXPECT_TRUE(vinhBao);
    EXPECT_GE(analyzed.wards.columnIndex("scan_cluster"), 0);
    // Hot spots around the planted craft-village belt of Vĩnh Bảo.
    const int code = analyzed.wards.columnIndex("ward_code");
    const int bin = analyzed.wards.columnIndex("gi_star_bin");
    for (const auto& row : analyzed.wards.rows) {
        if (std::get<std::string>(row[static_cast<std::size_t>(code)]) == "11824") {
            EXPECT_GE(std::get<std::int64_t>(row[static_cast<std::size_t>(bin)]), 2);
        }
    }

    // The same statistics from `stats` on the written layer, with two threads.
    gis::StatsRequest s;
    s.wards.path = (s_dir->path() / "stats/wards.gpkg").string() + ":wards";
    s.wards.idField = "ward_code";
    s.countField = "cases";
    s.populationField = "population";
    s.stats = r.stats;
    s.stats.threads = 2;
    s.disclosure.mode = core::DisclosureMode::Internal;
    s.out = s_dir->path() / "stats/hot.geojson";
    s.summary = s_dir->path() / "stats/hot.json";
    const auto stats = gis::runStats(s, progress);
    EXPECT_DOUBLE_EQ(stats.stats.moran.i, st["moran"]["i"].get<double>());
    EXPECT_DOUBLE_EQ(stats.stats.moran.pPermutation, st["moran"]["p_permutation"].get<double>());
    const int lisaP = analyzed.wards.columnIndex("lisa_p");
    for (std::size_t i = 0; i < analyzed.wards.rows.size(); ++i) {
        const auto* p = std::get_if<double>(&analyzed.wards.rows[i][static_cast<std::size_t>(lisaP)]);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(*p, stats.stats.lisaP[i]) << i;
    }
    EXPECT_TRUE(std::filesystem::exists(s.out));
    const auto hot = nlohmann::json::parse(test::readFile(s.summary));
    EXPECT_EQ(hot["correction"], "fdr");
    // The stats manifest re-runs to byte-identical outputs.
    const auto manifestPath = s_dir->path() / "stats/hot.manifest.json";
    ASSERT_TRUE(std::filesystem::exists(manifestPath));
    auto again = gis::statsRequestFromManifest(manifestPath);
    again.out = s_dir->path() / "stats/hot2.geojson";
    again.summary = s_dir->path() / "stats/hot2.json";
    gis::runStats(again, progress);
    EXPECT_EQ(gis::sha256File(s.out), gis::sha256File(again.out));
    EXPECT_EQ(gis::sha256File(s.summary), gis::sha256File(again.summary));
}

TEST_F(AnalyzeTest, ManifestRecordsProvenanceAndRerunsByteIdentically) {
    auto r = request("synthetic_cases_messy.csv", "first");
    r.survey = gis::RecordInput{(s_dir->path() / "synthetic/synthetic_survey.csv").string(), "EPSG:4326", {}};
    r.stats.permutations = 199;
    r.stats.seed = 5;
    core::NullProgress progress;
    gis::runAnalyze(r, progress);
    const auto first = s_dir->path() / "first";
    const auto manifest = nlohmann::json::parse(test::readFile(first / "manifest.json"));
    EXPECT_EQ(manifest["wardscope_version"], "0.1.0");
    EXPECT_EQ(manifest["libraries"].size(), 3u);
    EXPECT_EQ(manifest["request"]["statistics"]["seed"], 5);
    EXPECT_EQ(manifest["request"]["disclosure"]["mode"], "shared");
    EXPECT_EQ(manifest["inputs"].size(), 3u);  // wards, cases, survey
    EXPECT_EQ(manifest["inputs"][1]["sha256"], gis::sha256File(r.cases.path));
    EXPECT_EQ(manifest["inputs"][1]["rows_read"].get<long>(),
              manifest["inputs"][1]["accepted"].get<long>() + manifest["inputs"][1]["rejected"].get<long>());
    EXPECT_EQ(gis::sha256File(first / "wards.csv"), [&] {
        for (const auto& o : manifest["outputs"])
            if (o["file"] == "wards.csv") return o["sha256"].get<std::string>();
        return std::string();
    }());

    auto again = gis::requestFromManifest(first / "manifest.json");
    again.outDir = s_dir->path() / "second";
    gis::runAnalyze(again, progress);
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::directory_iterator(first)) {
        const auto name = entry.path().filename().string();
        if (name == "manifest.json") continue;
        EXPECT_EQ(gis::sha256File(entry.path()), gis::sha256File(s_dir->path() / "second" / name)) << name;
        ++compared;
    }
    EXPECT_GE(compared, 6u);

    // A changed input is refused.
    const auto copy = s_dir->path() / "changed.csv";
    std::filesystem::copy_file(r.cases.path, copy);
    auto changed = r;
    changed.cases.path = copy.string();
    changed.outDir = s_dir->path() / "third";
    gis::runAnalyze(changed, progress);
    test::writeFile(copy, test::readFile(copy) + "SYN-X-1,2024-01-01,M,12,,,,11383,,,\n");
    EXPECT_THROW(gis::requestFromManifest(s_dir->path() / "third/manifest.json"), InputError);
}

// CSV records are cut into blocks (smaller towards the end of the file), parsed
// and joined by worker threads and merged in file order: one, two or five
// threads give byte-identical outputs, on a file of many blocks holding every
// kind of bad row, quoted fields with line breaks, and ids repeated across
// blocks (the first occurrence is kept).
TEST_F(AnalyzeTest, CsvIntakeIsTheSameAtAnyThreadCount) {
    const std::string clean = test::readFile(s_dir->path() / "synthetic/synthetic_cases.csv");
    const std::string messy = test::readFile(s_dir->path() / "synthetic/synthetic_cases_messy.csv");
    const std::string header = clean.substr(0, clean.find('\n') + 1);
    // The messy sample ends with a quote that is never closed: that row goes
    // last, once, or it would swallow the rest of the file.
    std::string messyRows = messy.substr(messy.find('\n') + 1);
    while (!messyRows.empty() && messyRows.back() == '\n') messyRows.pop_back();
    const std::string unterminated = messyRows.substr(messyRows.rfind('\n') + 1);
    ASSERT_NE(unterminated.find("\"unterminated"), std::string::npos);
    messyRows.resize(messyRows.rfind('\n') + 1);
    std::string text = header;
    for (int copy = 0; text.size() < (std::size_t{3} << 20); ++copy) {
        text += clean.substr(header.size());
        text += messyRows;
        text += "Q" + std::to_string(copy) + ",2024-03-01,F,12,\"thủ công,\nmỹ nghệ\",no,,,,106.68,20.86\n";
    }
    text += unterminated + "\n";
    const auto file = s_dir->path() / "synthetic/many_blocks.csv";
    test::writeFile(file, text);
    std::map<unsigned, std::map<std::string, std::string>> outputs;
    for (unsigned threads : {1u, 2u, 5u}) {
        auto r = request("many_blocks.csv", "threads" + std::to_string(threads));
        r.threads = threads;
        r.density = false;
        core::NullProgress progress;
        const auto result = gis::runAnalyze(r, progress);
        ASSERT_EQ(result.inputs[0].accepted + result.inputs[0].rejected, result.inputs[0].rowsRead);
        EXPECT_GT(result.inputs[0].rejectReasons.at("duplicate_id"), s_synth.cases);
        EXPECT_EQ(result.inputs[0].rejectReasons.at("unterminated_quote"), 1);
        EXPECT_GT(result.inputs[0].rowsRead, 3 * s_synth.cases);
        for (const char* name : {"wards.csv", "summary.json", "rejects_cases_many_blocks.csv"})
            outputs[threads][name] = test::readFile(r.outDir / name);
    }
    for (const auto& [name, content] : outputs[1]) {
        EXPECT_FALSE(content.empty()) << name;
        EXPECT_EQ(outputs[2][name], content) << name;
        EXPECT_EQ(outputs[5][name], content) << name;
    }
}

// The totals are added up by the worker threads and a repeated id is found
// later, in file order: a repeat's counts are taken away again, whichever
// thread counted it. Every repeat here is a girl detected in 2021, every first
// occurrence a boy detected in 2024, spread over several blocks.
TEST_F(AnalyzeTest, RepeatedIdsAreNotCountedWhateverThreadCountedThem) {
    constexpr int kIds = 30000;
    std::string text = "case_id,detected_on,sex,age,sector,hazardous,status,ward_code,ward_name,lon,lat\n";
    for (int pass = 0; pass < 2; ++pass)
        for (int i = 0; i < kIds; ++i)
            text += "R" + std::to_string(pass == 0 ? i : (i * 7) % kIds) + (pass == 0 ? ",2024-05-01,M" : ",2021-05-01,F") +
                    ",12,craft,no,,,,106.68,20.86\n";
    ASSERT_GT(text.size(), std::size_t{2} << 20);  // several blocks of 512 KiB
    const auto file = s_dir->path() / "synthetic/repeats.csv";
    test::writeFile(file, text);
    for (unsigned threads : {1u, 3u}) {
        auto r = request("repeats.csv", "repeats" + std::to_string(threads));
        r.threads = threads;
        r.density = false;
        r.disclosure.mode = core::DisclosureMode::Internal;
        core::NullProgress progress;
        const auto result = gis::runAnalyze(r, progress);
        EXPECT_EQ(result.inputs[0].accepted, kIds);
        EXPECT_EQ(result.inputs[0].rejectReasons.at("duplicate_id"), kIds);
        auto total = [&](const char* column) {
            const int c = result.wards.columnIndex(column);
            if (c < 0) return std::int64_t{-1};
            std::int64_t sum = 0;
            for (const auto& row : result.wards.rows) sum += std::get<std::int64_t>(row[static_cast<std::size_t>(c)]);
            return sum;
        };
        EXPECT_EQ(total("cases"), kIds) << threads;
        EXPECT_EQ(total("cases_male"), kIds) << threads;
        EXPECT_EQ(total("cases_female"), 0) << threads;
        EXPECT_EQ(total("cases_2024"), kIds) << threads;
        EXPECT_EQ(result.wards.columnIndex("cases_2021"), -1) << threads;  // no year whose cases were all repeats
    }
}

// A repeated id is rejected with the id as written in the row (read again from
// the row's text, quoted or padded), and the first occurrence is kept.
TEST_F(AnalyzeTest, DuplicateIdMessagesNameTheId) {
    const auto file = s_dir->path() / "synthetic/duplicates.csv";
    test::writeFile(file,
                    "case_id;detected_on;sex;age;sector;hazardous;status;ward_code;ward_name;lon;lat\n"
                    "X1;2024-01-02;M;12;craft;no;;;;106.68;20.86\n"
                    "\"A;1\";2024-01-02;M;12;craft;no;;;;106.68;20.86\n"
                    " X1 ;2024-01-02;M;12;craft;no;;;;106.68;20.86\n"
                    "\"A;1\";2024-01-02;F;13;craft;no;;;;106.68;20.86\n");
    auto r = request("duplicates.csv", "duplicates");
    r.disclosure.mode = core::DisclosureMode::Internal;
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    EXPECT_EQ(result.inputs[0].accepted, 2);
    std::ifstream in(r.outDir / "rejects_cases_duplicates.csv", std::ios::binary);
    core::CsvReader reader(in);
    core::CsvRow row;
    reader.next(row);
    std::vector<std::pair<std::string, std::string>> rejects;
    while (reader.next(row)) rejects.emplace_back(std::string(row.fields[1]), std::string(row.fields[3]));
    const std::vector<std::pair<std::string, std::string>> expected = {{"4", "case_id 'X1' appeared earlier"},
                                                                       {"5", "case_id 'A;1' appeared earlier"}};
    EXPECT_EQ(rejects, expected);
}

TEST_F(AnalyzeTest, JobTextsAreCountedUnderTheCircularsWorkWithTheOfficesOwnDictionary) {
    // Job texts as offices write them; the office's dictionary adds "nước mía"
    // (sugar-cane juice stalls) and "lò gạch" (brick kilns), from the project file.
    const auto dir = s_dir->path() / "sectors";
    std::filesystem::create_directories(dir);
    std::string csv = "case_id,detected_on,age,sector,ward_code\n";
    const char* jobs[] = {"Phụ hồ công trình", "khai thác đá", "phục vụ quán karaoke", "bán nước mía", "lò gạch Kiến Thụy"};
    int id = 0;
    for (const char* job : jobs)
        for (int k = 0; k < 6; ++k) csv += "C" + std::to_string(++id) + ",2025-03-0" + std::to_string(k + 1) + ",15," + job + ",11629\n";
    test::writeFile(dir / "cases.csv", csv);
    test::writeFile(dir / "tu_dien.csv", "từ khóa,ngành nghề\nnước mía,nhà hàng và quán ăn\nlò gạch*,khai thác mỏ và đá\n");
    test::writeFile(dir / "project.toml",
                    "[wards]\npath = \"" + test::bundledWards() + "\"\nid_field = \"code\"\n"
                    "[cases]\npath = \"cases.csv\"\nsectors = \"tu_dien.csv\"\n"
                    "[analysis]\nas_of = \"2025-12-31\"\n[output]\ndir = \"out\"\n");
    auto r = gis::readProjectFile(dir / "project.toml");
    r.statistics = r.scan = r.density = false;
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    auto count = [&](const std::string& column) {
        const int c = result.wards.columnIndex(column);
        EXPECT_GE(c, 0) << column;
        for (const auto& row : result.wards.rows)
            if (std::get<std::string>(row[0]) == "11629") return std::get<std::int64_t>(row[static_cast<std::size_t>(c)]);
        return std::int64_t{-1};
    };
    EXPECT_EQ(count("cases_sector_construction"), 6);
    EXPECT_EQ(count("cases_sector_mining"), 12);  // quarrying and the brick kilns
    EXPECT_EQ(count("cases_sector_entertainment"), 6);
    EXPECT_EQ(count("cases_sector_restaurant"), 6);
    EXPECT_EQ(count("cases_sector_other"), 0);
    const auto summary = nlohmann::json::parse(test::readFile(dir / "out/summary.json"));
    EXPECT_EQ(summary["sectors"]["user_rules"], 2);
    // The dictionary is an input of the manifest: a changed one stops a re-run.
    const auto manifest = nlohmann::json::parse(test::readFile(dir / "out/manifest.json"));
    bool listed = false;
    for (const auto& in : manifest["inputs"]) listed = listed || in["kind"] == "sectors";
    EXPECT_TRUE(listed);
    test::writeFile(dir / "tu_dien.csv", "từ khóa,ngành nghề\nnước mía,dịch vụ và buôn bán\n");
    EXPECT_THROW(gis::requestFromManifest(dir / "out/manifest.json"), InputError);
    // An unknown sector is an input error naming the file and line.
    test::writeFile(dir / "tu_dien.csv", "từ khóa,ngành nghề\nxe ôm,vận tải\n");
    EXPECT_THROW(gis::runAnalyze(r, progress), InputError);
}

TEST_F(AnalyzeTest, AMacintoshCsvWithCarriageReturnsAloneIsReadRowByRow) {
    // Excel's "CSV (Macintosh)": lines end in CR alone, and a DOS Ctrl-Z may close a file.
    const auto dir = s_dir->path() / "mac";
    std::filesystem::create_directories(dir);
    test::writeFile(dir / "mac.csv", "case_id,detected_on,age,ward_code\rC1,2025-03-01,15,11629\rC2,2025-03-02,14,11629\r"
                                     "C3,2025-03-03,16,11629\rC4,not a date,16,11629\r\x1a");
    auto r = request("", "mac/out");
    r.cases.path = (dir / "mac.csv").string();
    r.statistics = r.scan = r.density = false;
    core::NullProgress progress;
    const auto result = gis::runAnalyze(r, progress);
    const auto& in = result.inputs.at(0);
    EXPECT_EQ(in.rowsRead, 4);
    EXPECT_EQ(in.accepted, 3);
    EXPECT_EQ(in.rejected, 1);
    EXPECT_EQ(rejectReasonsByLine(in.rejectFile).at(5), "invalid_date");  // the fifth line, counted by CRs
    // The manifest's SHA-256 is of the file as it is (a re-run checks it).
    EXPECT_NO_THROW(gis::requestFromManifest(dir / "out/manifest.json"));
}
