#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "core/aggregate.h"

using namespace wardscope::core;

TEST(Aggregate, CountsSplitsAndRates) {
    Aggregator agg(2);
    agg.addCase(0, CaseFields{{2023, 5, 1}, Sex::Male, 6, Sector::Craft, true});
    agg.addCase(0, CaseFields{{2024, 5, 1}, Sex::Female, 13, Sector::Fishing, false});
    agg.addCase(0, CaseFields{{2024, 6, 1}, Sex::Unknown, 17, Sector::Other, std::nullopt});
    agg.addSurvey(0, SurveyFields{{2024, 1, 1}, 3, 1, 0, true, false});
    agg.addSurvey(0, SurveyFields{{2024, 1, 1}, 997, 2, 1, false, true});
    Aggregator other(2);
    other.addSurvey(1, SurveyFields{{2024, 1, 1}, 0, 0, 0, std::nullopt, std::nullopt});
    agg.merge(other);

    std::vector<WardInfo> wards = {{"1", "A", "Phường A", 2.0, std::nullopt, ""}, {"2", "B", "Xã B", 0.0, std::nullopt, ""}};
    const Table t = buildWardTable(wards, agg.wards(), PopulationSource::Survey);
    auto get = [&](std::size_t row, const char* col) { return t.rows[row][static_cast<std::size_t>(t.columnIndex(col))]; };
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases")), 3);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_male")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_age_5_11")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_age_12_14")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_age_15_17")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_sector_craft")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_hazardous")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_not_hazardous")), 1);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "cases_2024")), 2);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "survey_households")), 2);
    EXPECT_EQ(std::get<std::int64_t>(get(0, "survey_children_5_17")), 1000);
    EXPECT_DOUBLE_EQ(std::get<double>(get(0, "population")), 1000.0);
    EXPECT_DOUBLE_EQ(std::get<double>(get(0, "rate_per_1000")), 3.0);
    EXPECT_DOUBLE_EQ(std::get<double>(get(0, "cases_per_km2")), 1.5);
    // Zero population: the rate is undefined (null), never a division by zero.
    EXPECT_TRUE(std::holds_alternative<std::monostate>(get(1, "rate_per_1000")));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(get(1, "cases_per_km2")));
    EXPECT_EQ(std::get<std::int64_t>(get(1, "survey_households")), 1);
}

TEST(Aggregate, PopulationFromWardField) {
    Aggregator agg(1);
    agg.addCase(0, CaseFields{{2023, 5, 1}, Sex::Male, 9, Sector::Other, std::nullopt});
    const Table t = buildWardTable({{"1", "A", "", 1.0, 500.0, ""}}, agg.wards(), PopulationSource::WardField);
    EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][static_cast<std::size_t>(t.columnIndex("rate_per_1000"))]), 2.0);
}

TEST(Aggregate, YearsBeyondTheInlineOnesAreKept) {
    // More distinct years than a ward holds inline: the rest go to its list,
    // and the table, casesIn and merge see every one, in order.
    constexpr int kYears = static_cast<int>(WardCounts::kInlineYears) + 4;
    Aggregator agg(1), other(1);
    for (int k = 0; k < kYears; ++k)
        for (int n = 0; n <= k; ++n) agg.addCase(0, CaseFields{{2010 + k, 1, 1}, Sex::Male, 9, Sector::Other, std::nullopt});
    other.addCase(0, CaseFields{{2010 + kYears - 1, 1, 1}, Sex::Female, 9, Sector::Other, std::nullopt});
    other.addCase(0, CaseFields{{1999, 1, 1}, Sex::Female, 9, Sector::Other, std::nullopt});
    agg.merge(other);
    const WardCounts& w = agg.wards()[0];
    EXPECT_EQ(w.inlineYearCount, WardCounts::kInlineYears);
    EXPECT_EQ(w.moreYears.size(), 5U);  // 4 later years and 1999
    for (int k = 0; k < kYears - 1; ++k) EXPECT_EQ(w.casesIn(2010 + k), k + 1) << 2010 + k;
    EXPECT_EQ(w.casesIn(2010 + kYears - 1), kYears + 1);
    EXPECT_EQ(w.casesIn(1999), 1);
    EXPECT_EQ(w.casesIn(2009), 0);
    const Table t = buildWardTable({{"1", "A", "", 1.0, std::nullopt, ""}}, agg.wards(), PopulationSource::Survey);
    std::int64_t byYear = 0;
    std::vector<std::string> yearColumns;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const std::string& name = t.columns[c].name;
        if (name.size() == 10 && name.rfind("cases_", 0) == 0 && std::isdigit(static_cast<unsigned char>(name[6]))) {
            yearColumns.push_back(name);
            byYear += std::get<std::int64_t>(t.rows[0][c]);
        }
    }
    ASSERT_EQ(yearColumns.size(), static_cast<std::size_t>(kYears) + 1);
    EXPECT_EQ(yearColumns.front(), "cases_1999");  // columns in year order
    EXPECT_EQ(yearColumns.back(), "cases_" + std::to_string(2010 + kYears - 1));
    EXPECT_EQ(byYear, std::get<std::int64_t>(t.rows[0][static_cast<std::size_t>(t.columnIndex("cases"))]));
}

TEST(Aggregate, EveryAgeSexAndHazardValueLandsInItsCounter) {
    // Each age 5-17 once per sex and hazard state: the age groups' edges
    // (11|12, 14|15) and every counter the branch-free addCase picks.
    Aggregator agg(1);
    const std::optional<bool> hazards[] = {true, false, std::nullopt};
    for (int age = 5; age <= 17; ++age)
        for (const Sex sex : {Sex::Male, Sex::Female, Sex::Unknown})
            for (const auto& hazardous : hazards) agg.addCase(0, CaseFields{{2022, 1, 1}, sex, age, Sector::Craft, hazardous});
    const WardCounts& w = agg.wards()[0];
    EXPECT_EQ(w.cases, 13 * 9);
    EXPECT_EQ(w.male, 13 * 3);
    EXPECT_EQ(w.female, 13 * 3);
    EXPECT_EQ(w.sexUnknown, 13 * 3);
    EXPECT_EQ(w.hazardous, 13 * 3);
    EXPECT_EQ(w.notHazardous, 13 * 3);
    EXPECT_EQ(w.hazardUnknown, 13 * 3);
    EXPECT_EQ(w.ageGroups[0], 7 * 9);  // 5-11
    EXPECT_EQ(w.ageGroups[1], 3 * 9);  // 12-14
    EXPECT_EQ(w.ageGroups[2], 3 * 9);  // 15-17
    EXPECT_EQ(w.casesIn(2022), 13 * 9);
    EXPECT_EQ(ageGroupOf(11), AgeGroup::Age5to11);
    EXPECT_EQ(ageGroupOf(12), AgeGroup::Age12to14);
    EXPECT_EQ(ageGroupOf(14), AgeGroup::Age12to14);
    EXPECT_EQ(ageGroupOf(15), AgeGroup::Age15to17);
}

TEST(Aggregate, SubtractTakesBackWhatWasAddedAndDropsEmptiedYears) {
    // Totals counted in two parts, then some of the records taken away again
    // (rows found later to repeat an id): the same as never counting them.
    Aggregator partA(2), partB(2), removed(2), expected(2);
    const CaseFields kept{{2023, 3, 1}, Sex::Male, 9, Sector::Craft, true};
    const CaseFields repeat{{2019, 3, 1}, Sex::Female, 16, Sector::Fishing, std::nullopt};
    for (int i = 0; i < 3; ++i) {
        partA.addCase(0, kept);
        expected.addCase(0, kept);
    }
    partB.addCase(0, repeat);
    partB.addCase(1, repeat);
    partB.addSurvey(1, SurveyFields{{2023, 1, 1}, 4, 1, 2, true, false});
    removed.addCase(0, repeat);
    removed.addCase(1, repeat);
    removed.addSurvey(1, SurveyFields{{2023, 1, 1}, 4, 1, 2, true, false});
    Aggregator all(2);
    all.merge(partA);
    all.merge(partB);
    all.subtract(removed);
    const Table got = buildWardTable({{"1", "A", "", 1.0, std::nullopt, ""}, {"2", "B", "", 1.0, std::nullopt, ""}}, all.wards(),
                                     PopulationSource::Survey);
    const Table want = buildWardTable({{"1", "A", "", 1.0, std::nullopt, ""}, {"2", "B", "", 1.0, std::nullopt, ""}},
                                      expected.wards(), PopulationSource::Survey);
    ASSERT_EQ(got.columns.size(), want.columns.size());
    for (std::size_t c = 0; c < got.columns.size(); ++c) EXPECT_EQ(got.columns[c].name, want.columns[c].name);
    EXPECT_EQ(got.columnIndex("cases_2019"), -1);  // emptied again: no column
    EXPECT_EQ(got.rows, want.rows);
    EXPECT_EQ(all.wards()[1].households, 0);
    EXPECT_EQ(all.wards()[0].casesIn(2019), 0);
    EXPECT_THROW(all.subtract(removed), std::logic_error);  // more than is there
}

TEST(Aggregate, MonthsCoveredByTheRecordsPerYear) {
    Aggregator a(1);
    CaseFields c;
    for (auto [y, m] : {std::pair{2024, 7}, {2024, 9}, {2025, 11}, {1999, 12}}) {
        c.detectedOn = {y, m, 15};
        a.addCase(0, c);
    }
    Aggregator dup(1);
    c.detectedOn = {1999, 12, 1};
    dup.addCase(0, c);
    a.subtract(dup);  // the 1999 record was a repeat: the period starts in July 2024
    const auto months = a.casesByMonth();
    ASSERT_EQ(months.size(), 3u);
    EXPECT_EQ(months.front(), (std::pair<int, std::int64_t>{202407, 1}));
    const auto covered = monthsCoveredByYear(months);
    EXPECT_EQ(covered, (std::map<int, int>{{2024, 6}, {2025, 11}}));
    EXPECT_EQ(monthsCoveredByYear({{202203, 1}, {202402, 2}}), (std::map<int, int>{{2022, 10}, {2023, 12}, {2024, 2}}));
}

TEST(Aggregate, SectorCountersCarryPastSixteenBits) {
    // The sector counters are 16 bits in the hot cache lines: 70,000 cases in
    // one sector of one ward still count 70,000, through merge and subtract.
    Aggregator a(1), b(1);
    const CaseFields c{{2024, 5, 1}, Sex::Male, 9, Sector::Mining, true};
    for (int i = 0; i < 70000; ++i) a.addCase(0, c);
    for (int i = 0; i < 65536; ++i) b.addCase(0, c);
    EXPECT_EQ(a.wards()[0].sectorCases(static_cast<std::size_t>(Sector::Mining)), 70000);
    a.merge(b);
    EXPECT_EQ(a.wards()[0].sectorCases(static_cast<std::size_t>(Sector::Mining)), 135536);
    a.subtract(b);
    a.subtract(b);
    EXPECT_EQ(a.wards()[0].sectorCases(static_cast<std::size_t>(Sector::Mining)), 70000 - 65536);
    const Table t = buildWardTable({WardInfo{"1", "A", "A", 1.0, 100.0, ""}}, a.wards(), PopulationSource::WardField);
    const int col = t.columnIndex("cases_sector_mining");
    ASSERT_GE(col, 0);
    EXPECT_EQ(std::get<std::int64_t>(t.rows[0][static_cast<std::size_t>(col)]), 70000 - 65536);
}
