// Spatial statistics against hand-worked values on a path of four wards
// (0 - 1 - 2 - 3, binary weights, x = 1, 2, 3, 4) worked out in docs/methods.md.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "core/spatial_stats.h"

using namespace wardscope::core;

namespace {
Weights path4() { return Weights::fromNeighbours({{1}, {0, 2}, {1, 3}, {2}}); }
const std::vector<double> kX = {1, 2, 3, 4};
PermutationOptions analyticOnly() {
    PermutationOptions o;
    o.permutations = 0;
    return o;
}
}  // namespace

TEST(GlobalMoran, HandWorkedPath) {
    const auto r = globalMoran(kX, path4(), analyticOnly());
    EXPECT_NEAR(r.i, 1.0 / 3.0, 1e-12);
    EXPECT_NEAR(r.expected, -1.0 / 3.0, 1e-12);
    EXPECT_NEAR(r.varianceNormality, 4.0 / 27.0, 1e-12);
    EXPECT_NEAR(r.zNormality, std::sqrt(3.0), 1e-12);
    EXPECT_NEAR(r.varianceRandomization, 8.0 / 45.0, 1e-12);
    EXPECT_NEAR(r.zRandomization, (2.0 / 3.0) / std::sqrt(8.0 / 45.0), 1e-12);
}

TEST(GlobalMoran, RowStandardisedPathGivesTheSameIOnASymmetricPattern) {
    // Row-standardised: S0 = n, so I = sum_i z_i lag_i / sum z^2 = (0.75 + 0.5 + 0.5 + 0.75) / 5... by hand:
    // lags of z: -0.5, (-1.5+0.5)/2, (-0.5+1.5)/2, 0.5 -> cross = 0.75 + 0.25 + 0.25 + 0.75 = 2; I = 2 / 5.
    const auto r = globalMoran(kX, path4().rowStandardized(), analyticOnly());
    EXPECT_NEAR(r.i, 0.4, 1e-12);
}

TEST(GlobalMoran, PermutationIsDeterministicAtAnyThreadCount) {
    std::vector<double> x;
    std::vector<std::vector<std::int32_t>> nb(100);
    for (int i = 0; i < 100; ++i) {
        x.push_back(static_cast<double>(i / 10 + i % 10) + 0.01 * std::sin(i));  // a smooth gradient
        if (i % 10 != 9) { nb[i].push_back(i + 1); nb[i + 1].push_back(i); }
        if (i + 10 < 100) { nb[i].push_back(i + 10); nb[i + 10].push_back(i); }
    }
    const auto w = Weights::fromNeighbours(nb).rowStandardized();
    PermutationOptions o;
    o.permutations = 999;
    o.seed = 7;
    o.threads = 1;
    const auto one = globalMoran(x, w, o);
    o.threads = 2;
    const auto two = globalMoran(x, w, o);
    o.threads = 7;
    const auto seven = globalMoran(x, w, o);
    EXPECT_EQ(one.pPermutation, two.pPermutation);
    EXPECT_EQ(one.pPermutation, seven.pPermutation);
    EXPECT_GT(one.i, 0.5);                          // strongly clustered pattern
    EXPECT_DOUBLE_EQ(one.pPermutation, 1.0 / 1000);  // no permutation reaches it
}

TEST(LocalMoran, HandWorkedPath) {
    const auto r = localMoran(kX, path4(), analyticOnly());
    const std::vector<double> ii = {0.6, 0.4, 0.4, 0.6};
    const std::vector<double> e = {-1.0 / 3, -2.0 / 3, -2.0 / 3, -1.0 / 3};
    // b2 = 1.64; Var_0 = (4 - 1.64) / 3 - 1/9; Var_1 = 2 (4 - 1.64) / 3 + 2 (3.28 - 4) / 6 - 4/9.
    const std::vector<double> var = {2.36 / 3 - 1.0 / 9, 2 * 2.36 / 3 - 0.24 - 4.0 / 9,
                                     2 * 2.36 / 3 - 0.24 - 4.0 / 9, 2.36 / 3 - 1.0 / 9};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_NEAR(r.i[i], ii[i], 1e-12) << i;
        EXPECT_NEAR(r.expected[i], e[i], 1e-12) << i;
        EXPECT_NEAR(r.variance[i], var[i], 1e-12) << i;
        EXPECT_NEAR(r.z[i], (ii[i] - e[i]) / std::sqrt(var[i]), 1e-12) << i;
    }
}

TEST(LocalMoran, IsolatesAreMarkedAndClassesFollowTheQuadrants) {
    const auto w = Weights::fromNeighbours({{1}, {0, 2}, {1, 3}, {2}, {}});
    const std::vector<double> x = {1, 2, 3, 4, 10};
    const auto r = localMoran(x, w, analyticOnly());
    EXPECT_TRUE(r.isolate[4]);
    EXPECT_TRUE(std::isnan(r.i[4]));
    const std::vector<double> p = {0.01, 0.5, 0.01, 0.01, 0.01};
    const auto classes = lisaClusters(x, w, r, p, 0.05);
    EXPECT_EQ(classes[0], LisaCluster::LowLow);  // 1 next to 2, both below the mean 4
    EXPECT_EQ(classes[1], LisaCluster::NotSignificant);
    EXPECT_EQ(classes[3], LisaCluster::LowLow);
    EXPECT_EQ(classes[4], LisaCluster::Isolate);
}

TEST(LocalMoran, PermutationPValuesAreValidAndThreadIndependent) {
    std::vector<std::vector<std::int32_t>> nb(50);
    std::vector<double> x;
    for (int i = 0; i < 50; ++i) {
        x.push_back(i < 10 ? 10.0 + i % 3 : static_cast<double>(i % 7));
        if (i + 1 < 50) { nb[i].push_back(i + 1); nb[i + 1].push_back(i); }
    }
    const auto w = Weights::fromNeighbours(nb);
    PermutationOptions o;
    o.permutations = 499;
    o.threads = 1;
    const auto a = localMoran(x, w, o);
    o.threads = 3;
    const auto b = localMoran(x, w, o);
    for (std::size_t i = 0; i < x.size(); ++i) {
        EXPECT_EQ(a.pPermutation[i], b.pPermutation[i]);
        EXPECT_GE(a.pPermutation[i], 1.0 / 500);
        EXPECT_LE(a.pPermutation[i], 1.0);  // ties count in both tails
    }
    EXPECT_LT(a.pPermutation[4], 0.05);  // inside the block of high values
}

TEST(GetisOrd, HandWorkedPath) {
    const auto r = getisOrdGiStar(kX, path4(), analyticOnly());
    const double s = std::sqrt(1.25);
    EXPECT_NEAR(r.z[0], (3.0 - 5.0) / (s * std::sqrt(4.0 / 3.0)), 1e-12);
    EXPECT_NEAR(r.z[1], (6.0 - 7.5) / s, 1e-12);
    EXPECT_NEAR(r.z[2], -r.z[1], 1e-12);
    EXPECT_NEAR(r.z[3], -r.z[0], 1e-12);
    EXPECT_NEAR(r.pNormal[0], std::erfc(std::abs(r.z[0]) / std::sqrt(2.0)), 1e-15);
}

TEST(Bins, ArcGisConfidenceLevels) {
    const auto bins = confidenceBins({3.0, 2.0, 1.7, 0.5, -2.7, NAN}, {0.005, 0.04, 0.09, 0.6, 0.007, NAN});
    EXPECT_EQ(bins, (std::vector<int>{3, 2, 1, 0, -3, 0}));
}

TEST(MultipleTesting, BenjaminiHochbergAndBonferroni) {
    const std::vector<double> p = {0.01, 0.04, 0.03, 0.20};
    const auto bh = adjustPValues(p, Correction::Fdr);
    EXPECT_NEAR(bh[0], 0.04, 1e-15);
    EXPECT_NEAR(bh[1], 0.16 / 3, 1e-15);
    EXPECT_NEAR(bh[2], 0.16 / 3, 1e-15);
    EXPECT_NEAR(bh[3], 0.20, 1e-15);
    const auto bonf = adjustPValues(p, Correction::Bonferroni);
    EXPECT_EQ(bonf, (std::vector<double>{0.04, 0.16, 0.12, 0.8}));
    const auto none = adjustPValues({0.3, NAN}, Correction::Fdr);
    EXPECT_DOUBLE_EQ(none[0], 0.3);
    EXPECT_TRUE(std::isnan(none[1]));
}

TEST(SpatialStats, RejectsConstantOrMismatchedInput) {
    EXPECT_THROW(globalMoran({1, 1, 1, 1}, path4(), analyticOnly()), wardscope::UsageError);
    EXPECT_THROW(localMoran({1, 2, 3}, path4(), analyticOnly()), wardscope::UsageError);
    EXPECT_THROW(getisOrdGiStar({1, 2, NAN, 4}, path4(), analyticOnly()), wardscope::UsageError);
}
