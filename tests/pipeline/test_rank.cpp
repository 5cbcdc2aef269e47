// Priority ranking over an analysis output (gis/rank_pipeline.h): ranked on the
// exact values when the analysis can be re-run from its manifest, with what the
// shared outputs withhold withheld from the ranking too; the trend compares years
// per month of exposure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "demo_support.h"
#include "gis/campaign_pipeline.h"
#include "gis/rank_pipeline.h"

using namespace wardscope;

namespace {

// Records from July 2024 to November 2025, as a programme's first 17 months:
//   An Lão (11629):     1 case in December 2024 (withheld: 1-4), 30 in 2025;
//   Kinh Môn (10675):   7 in 2024, 13 in 2025 (0.2 more a year per 12 months: flat);
//   Thành Đông (10507): none in 2024, 5 in 2025 (from 0 to 5.45 per 12 months).
// Raw yearly counts rank Kinh Môn (+6) above Thành Đông (+5); per 12 months of
// exposure (6 months of 2024, 11 of 2025) Thành Đông rises faster.
std::string casesCsv() {
    std::ostringstream csv;
    csv << "case_id,detected_on,sex,age,ward_code\n";
    int id = 0;
    auto add = [&](const char* ward, int year, int month, int n) {
        for (int k = 0; k < n; ++k)
            csv << "C" << ++id << "," << year << "-" << (month < 10 ? "0" : "") << month << "-1" << (k % 9) << ",F,14," << ward << "\n";
    };
    add("11629", 2024, 12, 1);
    add("11629", 2025, 3, 30);
    add("10675", 2024, 7, 4);
    add("10675", 2024, 10, 3);
    add("10675", 2025, 5, 12);
    add("10675", 2025, 11, 1);
    add("10507", 2025, 6, 5);
    return csv.str();
}

gis::AnalyzeRequest request(const std::filesystem::path& dir) {
    test::writeFile(dir / "cases.csv", casesCsv());
    gis::AnalyzeRequest a;
    a.wards.path = test::bundledWards();
    a.wards.idField = "code";
    a.cases.path = (dir / "cases.csv").string();
    a.outDir = dir / "out";
    a.asOf = "2025-12-31";
    a.stats.permutations = 99;
    a.scan = false;
    a.density = false;
    return a;
}

std::map<std::string, std::vector<std::string>> ranksByCode(const std::filesystem::path& csv) {
    std::map<std::string, std::vector<std::string>> out;
    std::istringstream in(test::readFile(csv));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream s(line);
        std::string cell;
        while (std::getline(s, cell, ',')) cells.push_back(cell);
        if (line.back() == ',') cells.emplace_back();
        out[cells[1]] = cells;
    }
    return out;
}

}  // namespace

TEST(RankPipeline, SharedOutputsAreRankedOnExactValuesAndWithholdWhatTheyWithhold) {
    test::TempDir dir;
    core::NullProgress progress;
    const auto analysis = gis::runAnalyze(request(dir.path()), progress);
    EXPECT_EQ(analysis.caseMonthsByYear, (std::map<int, int>{{2024, 6}, {2025, 11}}));
    const auto summary = nlohmann::json::parse(test::readFile(dir / "out/summary.json"));
    EXPECT_EQ(summary["case_period"]["first_month"], "2024-07");
    EXPECT_EQ(summary["case_period"]["last_month"], "2025-11");
    // The shared output withholds An Lão's one case of 2024.
    EXPECT_NE(test::readFile(dir / "out/wards.csv").find("cases_2024"), std::string::npos);

    gis::RankRequest r;
    r.in = (dir / "out").string();
    r.outDir = dir / "rank";
    r.indicators = {{"trend", 1}};
    r.options.draws = 0;
    const auto ranked = gis::runRank(r, progress);
    EXPECT_TRUE(ranked.exactValues);
    EXPECT_TRUE(ranked.shared);
    EXPECT_EQ(ranked.trendExposure, (std::map<int, int>{{2024, 6}, {2025, 11}}));
    std::map<std::string, std::size_t> rank;
    for (const auto& w : ranked.wards) rank[w.code] = w.rank;
    // An Lão's rise (2 -> 32.7 per 12 months) is the steepest: first, not last as
    // a withheld value scored 0 would make it.
    EXPECT_EQ(rank["11629"], 1u);
    EXPECT_LT(rank["10507"], rank["10675"]);  // per month of exposure, not raw yearly counts
    // Its trend comes from the withheld 2024 count: neither its contribution nor its
    // score is published; its rank is.
    const auto csv = ranksByCode(dir / "rank/ranks.csv");
    ASSERT_EQ(csv.at("11629").size(), 8u);
    EXPECT_EQ(csv.at("11629")[0], "1");
    EXPECT_EQ(csv.at("11629")[3], "");       // score
    EXPECT_EQ(csv.at("11629")[6], "trend");  // withheld: why
    EXPECT_EQ(csv.at("11629")[7], "");       // contribution_trend
    EXPECT_FALSE(csv.at("10507")[3].empty());
    const auto rankSummary = nlohmann::json::parse(test::readFile(dir / "rank/rank_summary.json"));
    EXPECT_EQ(rankSummary["trend"]["months_by_year"]["2024"], 6);
    EXPECT_TRUE(rankSummary["top"][0]["score"].is_null());
    // A campaign weighted by the ranking takes the withheld score's place from the rank.
    EXPECT_DOUBLE_EQ(gis::readRankScores(dir / "rank/ranks.csv").at("11629"), 1.0);

    // On the published layer alone the withheld count is left out, and said so:
    // An Lão then has no trend (not the lowest one).
    r.in = (dir / "out/wards.geojson").string();
    r.outDir = dir / "rank_published";
    const auto published = gis::runRank(r, progress);
    EXPECT_FALSE(published.exactValues);
    // The months of exposure come from the summary beside the layer.
    EXPECT_EQ(published.trendExposure, (std::map<int, int>{{2024, 6}, {2025, 11}}));
    // Published values give nothing withheld back: every score is published.
    for (const auto& w : published.wards) EXPECT_TRUE(std::isfinite(w.score)) << w.code;
    EXPECT_TRUE(std::any_of(published.warnings.begin(), published.warnings.end(),
                            [](const std::string& w) { return w.find("exact values") != std::string::npos; }));
    for (const auto& w : published.wards) {
        if (w.code == "11629") {
            EXPECT_EQ(w.missing, 1u);
        }
    }
}

TEST(RankPipeline, AChangedInputFallsBackToThePublishedValuesWithAWarning) {
    test::TempDir dir;
    core::NullProgress progress;
    gis::runAnalyze(request(dir.path()), progress);
    test::writeFile(dir / "cases.csv", casesCsv() + "C999,2025-01-01,F,14,10507\n");
    gis::RankRequest r;
    r.in = (dir / "out").string();
    r.outDir = dir / "rank";
    r.options.draws = 0;
    const auto ranked = gis::runRank(r, progress);
    EXPECT_FALSE(ranked.exactValues);
    EXPECT_TRUE(std::any_of(ranked.warnings.begin(), ranked.warnings.end(),
                            [](const std::string& w) { return w.find("cases.csv") != std::string::npos; }));
}
