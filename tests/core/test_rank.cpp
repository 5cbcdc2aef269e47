// Priority ranking: hand-worked normalisation, scores and contributions, the
// stability of the top k, and the trend slope.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/rank.h"

using namespace wardscope::core;

TEST(Rank, NormalisationByRankAndMinMaxWithTiesAndMissing) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto r = normalise({10, 30, 20, 20, nan}, Normalisation::Rank);
    // Sorted 10, 20, 20, 30: ranks 0, 1.5, 1.5, 3 over n - 1 = 3.
    EXPECT_DOUBLE_EQ(r[0], 0.0);
    EXPECT_DOUBLE_EQ(r[1], 1.0);
    EXPECT_DOUBLE_EQ(r[2], 0.5);
    EXPECT_DOUBLE_EQ(r[3], 0.5);
    EXPECT_TRUE(std::isnan(r[4]));
    const auto m = normalise({10, 30, 20, 20, nan}, Normalisation::MinMax);
    EXPECT_DOUBLE_EQ(m[2], 0.5);
    EXPECT_DOUBLE_EQ(m[1], 1.0);
    EXPECT_DOUBLE_EQ(normalise({4, 4}, Normalisation::MinMax)[0], 0.5);
}

TEST(Rank, ScoresAreTheWeightedSumAndContributionsExplainThem) {
    // Three wards, two indicators, weights 3 and 1 (normalised to 0.75 / 0.25).
    std::vector<Indicator> ind = {{"rate", {1, 2, 3}, 3}, {"cases", {30, 10, 20}, 1}};
    RankOptions o;
    o.topK = 1;
    o.draws = 200;
    const auto r = rankWards(ind, o);
    // Rank-normalised: rate 0, .5, 1; cases 1, 0, .5.
    EXPECT_DOUBLE_EQ(r.score[0], 0.25);
    EXPECT_DOUBLE_EQ(r.score[1], 0.375);
    EXPECT_DOUBLE_EQ(r.score[2], 0.875);
    EXPECT_EQ(r.rank[2], 1u);
    EXPECT_EQ(r.rank[0], 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(r.contribution[0][i] + r.contribution[1][i], r.score[i]);
    // Ward 3 leads by far: first in every draw with weights +-20 %.
    EXPECT_DOUBLE_EQ(r.topKShare[2], 1.0);
    EXPECT_DOUBLE_EQ(r.topKShare[0], 0.0);
}

TEST(Rank, CloseCallsAreUnstableAndTrendIsTheLeastSquaresSlope) {
    // Two wards that swap places when the weights move a little.
    std::vector<Indicator> ind = {{"a", {1, 0}, 1.0}, {"b", {0, 1}, 1.02}};
    RankOptions o;
    o.topK = 1;
    const auto r = rankWards(ind, o);
    EXPECT_GT(r.topKShare[0], 0.2);
    EXPECT_LT(r.topKShare[0], 0.8);
    EXPECT_NEAR(r.topKShare[0] + r.topKShare[1], 1.0, 1e-12);
    EXPECT_DOUBLE_EQ(trendSlope({2, 4, 6, 8}), 2.0);
    EXPECT_DOUBLE_EQ(trendSlope({5, 5, 5}), 0.0);
    EXPECT_TRUE(std::isnan(trendSlope({1})));
}

TEST(Rank, TrendComparesYearsPerMonthOfExposure) {
    // Records from July 2024 to November 2025: 6 cases in 6 months, then 11 in 11
    // months. The same rate (1 a month): no trend, where the raw counts give +5.
    EXPECT_DOUBLE_EQ(trendSlope({6, 11}), 5.0);
    EXPECT_NEAR(trendSlope({6, 11}, {6, 11}), 0.0, 1e-12);
    // Hand-worked: 3 cases in 6 months (6 a year), 24 in 12 (24 a year), weights 6
    // and 12: the slope of two points is their difference, 18 a year.
    EXPECT_NEAR(trendSlope({3, 24}, {6, 12}), 18.0, 1e-12);
    // Three years, weights 6, 12, 12 at x = 0, 1, 2 on annualised 12, 12, 24:
    // x̄ = 1.2, ȳ = 16.8; Sxy = 6(-1.2)(-4.8) + 12(-0.2)(-4.8) + 12(0.8)(7.2) = 115.2,
    // Sxx = 6(1.44) + 12(0.04) + 12(0.64) = 16.8: slope 115.2 / 16.8.
    EXPECT_NEAR(trendSlope({6, 12, 24}, {6, 12, 12}), 115.2 / 16.8, 1e-12);
    // A year with no exposure is left out; one year left is no trend.
    EXPECT_NEAR(trendSlope({0, 5, 10}, {0, 12, 12}), 5.0, 1e-12);
    EXPECT_TRUE(std::isnan(trendSlope({0, 5}, {0, 12})));
}

TEST(Rank, AMissingValueIsLeftOutOfTheScoreNotTakenAsTheLowest) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // Ward 2's cases are missing (withheld): its score is its rate alone, the
    // highest, not (1 + 0) / 2 as if it had the fewest cases.
    std::vector<Indicator> ind = {{"rate", {1, 2, 3}, 1}, {"cases", {10, 20, nan}, 1}};
    RankOptions o;
    o.draws = 0;
    const auto r = rankWards(ind, o);
    // Rate normalised 0, .5, 1; cases 0, 1 (two values), missing.
    EXPECT_DOUBLE_EQ(r.score[0], 0.0);
    EXPECT_DOUBLE_EQ(r.score[1], 0.75);
    EXPECT_DOUBLE_EQ(r.score[2], 1.0);
    EXPECT_EQ(r.rank[2], 1u);
    EXPECT_EQ(r.missing[2], 1u);
    EXPECT_TRUE(std::isnan(r.contribution[1][2]));
    EXPECT_DOUBLE_EQ(r.contribution[0][2], 1.0);
}
