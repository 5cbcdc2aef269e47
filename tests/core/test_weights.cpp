#include <gtest/gtest.h>

#include "core/weights.h"

using namespace wardscope::core;

TEST(Weights, RowStandardisationAndSymmetry) {
    const auto w = Weights::fromNeighbours({{1, 2}, {0}, {0}, {}});
    EXPECT_EQ(w.links(), 4u);
    EXPECT_TRUE(w.symmetric());
    const auto r = w.rowStandardized();
    EXPECT_DOUBLE_EQ(r.weightsBegin(0)[0], 0.5);
    EXPECT_DOUBLE_EQ(r.weightSum(1), 1.0);
    EXPECT_DOUBLE_EQ(r.weightSum(3), 0.0);
    EXPECT_FALSE(Weights::fromNeighbours({{1}, {}}).symmetric());
}

TEST(Weights, SummaryCountsIslandsAndComponents) {
    const auto s = summarize(Weights::fromNeighbours({{1}, {0}, {3}, {2}, {}}));
    EXPECT_EQ(s.n, 5u);
    EXPECT_EQ(s.links, 4u);
    EXPECT_EQ(s.minNeighbours, 0u);
    EXPECT_EQ(s.maxNeighbours, 1u);
    EXPECT_DOUBLE_EQ(s.meanNeighbours, 0.8);
    EXPECT_EQ(s.islands, (std::vector<std::int32_t>{4}));
    EXPECT_EQ(s.components, 3u);
    EXPECT_EQ(s.histogram.at(1), 4u);
}

TEST(Weights, NearestNeighboursDistanceBandAndIslands) {
    const std::vector<Point> pts = {{0, 0}, {1, 0}, {3, 0}, {100, 0}};
    const auto knn = kNearestNeighbours(pts, 2);
    EXPECT_EQ(knn[0], (std::vector<std::int32_t>{1, 2}));
    EXPECT_EQ(knn[3], (std::vector<std::int32_t>{2, 1}));
    const auto band = distanceBand(pts, 2.0);
    EXPECT_EQ(band[1], (std::vector<std::int32_t>{0, 2}));
    EXPECT_TRUE(band[3].empty());
    EXPECT_DOUBLE_EQ(minimumConnectingDistance(pts), 97.0);
    auto nb = band;
    const auto attached = attachIslands(nb, pts, 1);
    EXPECT_EQ(attached, (std::vector<std::int32_t>{3}));
    EXPECT_EQ(nb[3], (std::vector<std::int32_t>{2}));
    EXPECT_EQ(nb[2].back(), 3);
}
