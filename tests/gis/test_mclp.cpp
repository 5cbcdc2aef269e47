// Campaign siting: the lazy greedy + swap heuristic against the exact MILP
// optimum (GLPK) on small random instances — within 2 %, and never below the
// greedy bound (1 - 1/e) — and the coverage lists against brute force.
#include <gtest/gtest.h>

#include <cmath>

#include "core/mclp.h"
#include "core/random.h"
#include "gis/mclp_exact.h"

using namespace wardscope;

TEST(Mclp, CoverageListsMatchBruteForce) {
    core::Random rng(1);
    std::vector<core::Point> cand, dem;
    std::vector<double> w;
    for (int i = 0; i < 40; ++i) cand.push_back({rng.uniform(0, 10000), rng.uniform(0, 10000)});
    for (int i = 0; i < 500; ++i) {
        dem.push_back({rng.uniform(0, 10000), rng.uniform(0, 10000)});
        w.push_back(rng.uniform(0, 10));
    }
    const auto p = core::buildCoverage(cand, dem, w, 1500);
    for (std::size_t c = 0; c < cand.size(); ++c) {
        std::vector<std::uint32_t> expected;
        for (std::uint32_t i = 0; i < dem.size(); ++i)
            if (std::hypot(dem[i].x - cand[c].x, dem[i].y - cand[c].y) <= 1500) expected.push_back(i);
        EXPECT_EQ(p.covers[c], expected) << c;
    }
}

TEST(Mclp, HeuristicIsWithinTwoPercentOfTheExactOptimumAndAboveTheGreedyBound) {
    double worstGap = 0;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        core::Random rng(seed);
        std::vector<core::Point> cand, dem;
        std::vector<double> w;
        // Clustered demand (villages) and candidates anywhere.
        for (int i = 0; i < 35; ++i) cand.push_back({rng.uniform(0, 20000), rng.uniform(0, 20000)});
        for (int c = 0; c < 6; ++c) {
            const double cx = rng.uniform(0, 20000), cy = rng.uniform(0, 20000);
            for (int i = 0; i < 40; ++i) {
                dem.push_back({cx + rng.normal() * 1500, cy + rng.normal() * 1500});
                w.push_back(1 + static_cast<double>(rng.below(5)));
            }
        }
        for (int i = 0; i < 60; ++i) {
            dem.push_back({rng.uniform(0, 20000), rng.uniform(0, 20000)});
            w.push_back(1);
        }
        const auto p = core::buildCoverage(cand, dem, w, 2500);
        for (std::size_t k : {2u, 4u, 6u}) {
            const auto h = core::solveMclp(p, k);
            const auto exact = gis::solveMclpExact(p, k, 60);
            ASSERT_TRUE(exact) << "GLPK did not prove the optimum (seed " << seed << ", k " << k << ")";
            EXPECT_LE(h.covered, exact->covered + 1e-9);
            EXPECT_GE(h.greedyCovered, (1 - 1 / std::exp(1.0)) * exact->covered - 1e-9);
            EXPECT_GE(h.covered, 0.98 * exact->covered) << "seed " << seed << ", k " << k;
            EXPECT_GE(h.covered, h.greedyCovered);  // swaps never lose coverage
            EXPECT_NEAR(h.covered, core::coveredDemand(p, [&] {
                std::vector<std::size_t> s;
                for (const auto& site : h.sites) s.push_back(site.candidate);
                return s;
            }()), 1e-9);
            worstGap = std::max(worstGap, 1 - h.covered / exact->covered);
        }
    }
    RecordProperty("worst_gap", std::to_string(worstGap));
}
