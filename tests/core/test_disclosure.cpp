#include <gtest/gtest.h>

#include <cmath>

#include "core/disclosure.h"
#include "core/random.h"

#include <algorithm>
#include <cmath>

using namespace wardscope::core;

TEST(Disclosure, PrimaryAndSecondarySuppressionOnAHandWorkedTable) {
    Table t;
    t.columns = {{"ward_code", ColumnType::Text},        {"cases", ColumnType::Integer},
                 {"cases_male", ColumnType::Integer},    {"cases_female", ColumnType::Integer},
                 {"cases_sex_unknown", ColumnType::Integer}, {"population", ColumnType::Real},
                 {"rate_per_1000", ColumnType::Real}};
    t.rows = {{std::string("A"), std::int64_t{40}, std::int64_t{2}, std::int64_t{38}, std::int64_t{0}, 1000.0, 40.0},
              {std::string("B"), std::int64_t{3}, std::int64_t{3}, std::int64_t{0}, std::int64_t{0}, 500.0, 6.0},
              {std::string("C"), std::int64_t{20}, std::int64_t{10}, std::int64_t{10}, std::int64_t{0}, 800.0, 25.0}};
    const auto report = applyDisclosure(t, DisclosurePolicy{}, wardTableSuppressionSpec(t));
    auto hidden = [&](std::size_t r, std::size_t c) { return std::holds_alternative<Suppressed>(t.rows[r][c]); };
    // Primary: A.male (2), B.cases (3), B.male (3).
    EXPECT_TRUE(hidden(0, 2));
    EXPECT_TRUE(hidden(1, 1));
    EXPECT_TRUE(hidden(1, 2));
    // Secondary: A's sex margin had one hidden cell -> the smallest other non-zero (female 38).
    EXPECT_TRUE(hidden(0, 3));
    // The cases column had one hidden ward (B) and a published city total -> C (20) too.
    EXPECT_TRUE(hidden(2, 1));
    // ... which then makes C's sex margin need a second hidden cell.
    EXPECT_TRUE(hidden(2, 2) || hidden(2, 3));
    // Derived rates follow.
    EXPECT_TRUE(hidden(1, 6));
    EXPECT_TRUE(hidden(2, 6));
    EXPECT_FALSE(hidden(0, 6));
    EXPECT_EQ(report.primary, 3u);
    EXPECT_GE(report.secondary, 3u);
    // Zeros are never withheld as primary cells.
    EXPECT_FALSE(hidden(1, 3));
}

TEST(DensityBandwidth, SmallBandwidthsShowLoneCases) {
    // Five cases in a tight cluster and one 1 km away.
    std::vector<std::pair<double, double>> pts = {{0, 0}, {10, 0}, {0, 10}, {10, 10}, {5, 5}, {1000, 0}};
    const auto narrow = checkDensityBandwidth(pts, 50, 5);
    EXPECT_EQ(narrow.casesShownAlone, 1u);  // the lone case
    EXPECT_FALSE(narrow.safe());
    EXPECT_NE(narrow.warning(50).find("shows 1 case(s) on their own"), std::string::npos);
    // The lone case needs 4 others within the radius: about 1,000 m.
    EXPECT_NEAR(narrow.smallestSafeBandwidth, 1000.0, 2.0);
    EXPECT_TRUE(checkDensityBandwidth(pts, 1100, 5).safe());
    const auto few = checkDensityBandwidth({{0, 0}, {1, 1}}, 1e6, 5);  // fewer than k cases at all
    EXPECT_FALSE(few.safe());
    EXPECT_NE(few.warning(1e6).find("too few cases"), std::string::npos) << few.warning(1e6);
}

TEST(DensityBandwidth, MatchesBruteForceOnClusteredPointsWithDuplicates) {
    // Clusters, duplicates and scattered cases: the grid search gives exactly the
    // counts and the smallest safe bandwidth of comparing every pair.
    wardscope::core::Random rng(17);
    std::vector<std::pair<double, double>> pts;
    for (int c = 0; c < 6; ++c) {
        const double cx = rng.uniform(0, 20000), cy = rng.uniform(0, 15000);
        for (int i = 0; i < 40; ++i) pts.emplace_back(cx + rng.normal() * 150, cy + rng.normal() * 150);
    }
    for (int i = 0; i < 60; ++i) pts.emplace_back(rng.uniform(0, 20000), rng.uniform(0, 15000));
    for (int i = 0; i < 5; ++i) pts.push_back(pts[static_cast<std::size_t>(i * 7)]);
    for (std::int64_t k : {1, 2, 5, 11}) {
        // Brute force: the (k-1)-th nearest other point of each case.
        std::vector<double> dk;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            std::vector<double> d;
            for (std::size_t j = 0; j < pts.size(); ++j)
                if (j != i) d.push_back(std::hypot(pts[i].first - pts[j].first, pts[i].second - pts[j].second));
            std::sort(d.begin(), d.end());
            dk.push_back(k > 1 ? d[static_cast<std::size_t>(k - 2)] : 0.0);
        }
        for (double b : {50.0, 300.0, 1500.0}) {
            std::size_t alone = 0;
            for (double d : dk) alone += d > b ? 1 : 0;
            const auto check = checkDensityBandwidth(pts, b, k);
            EXPECT_EQ(check.casesShownAlone, alone) << "k = " << k << ", b = " << b;
            const double largest = *std::max_element(dk.begin(), dk.end());
            EXPECT_NEAR(check.smallestSafeBandwidth, largest > b ? largest : 0.0, 1e-9) << "k = " << k;
        }
    }
}
