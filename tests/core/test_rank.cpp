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
