// Kulldorff scan: against an independent brute force, a planted cluster, and
// p-values under the null.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/random.h"
#include "core/scan.h"

using namespace wardscope::core;

namespace {

struct Layer {
    std::vector<Point> pts;
    std::vector<double> pop, cases;
};

Layer grid(int side, std::uint64_t seed, double rr, const std::set<int>& hot) {
    Random rng(seed);
    Layer l;
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c) {
            const int i = r * side + c;
            l.pts.push_back({c + rng.uniform(-0.2, 0.2), r + rng.uniform(-0.2, 0.2)});
            l.pop.push_back(500 + static_cast<double>(rng.below(1500)));
            const double lambda = l.pop.back() * 0.01 * (hot.count(i) ? rr : 1.0);
            l.cases.push_back(static_cast<double>(rng.poisson(lambda)));
        }
    return l;
}

/// Brute force: every circle through a ward point, membership by distance.
double bruteForceBestLlr(const Layer& l, double share, std::set<int>& members) {
    const std::size_t n = l.pts.size();
    double totalC = 0, totalP = 0;
    for (std::size_t i = 0; i < n; ++i) {
        totalC += l.cases[i];
        totalP += l.pop[i];
    }
    double best = 0;
    for (std::size_t c = 0; c < n; ++c)
        for (std::size_t j = 0; j < n; ++j) {
            const double radius = std::hypot(l.pts[j].x - l.pts[c].x, l.pts[j].y - l.pts[c].y);
            double o = 0, p = 0;
            std::set<int> w;
            for (std::size_t k = 0; k < n; ++k)
                if (std::hypot(l.pts[k].x - l.pts[c].x, l.pts[k].y - l.pts[c].y) <= radius) {
                    o += l.cases[k];
                    p += l.pop[k];
                    w.insert(static_cast<int>(k));
                }
            if (p > share * totalP) continue;
            const double llr = poissonLlr(o, totalC * p / totalP, totalC, false);
            if (llr > best) {
                best = llr;
                members = w;
            }
        }
    return best;
}

}  // namespace

TEST(Scan, MatchesBruteForceOnSmallLayers) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const Layer l = grid(6, seed, 2.5, {7, 8, 13, 14});
        ScanOptions o;
        o.replications = 0;
        const auto r = kulldorffScan(l.pts, l.cases, l.pop, o);
        std::set<int> expected;
        const double llr = bruteForceBestLlr(l, 0.5, expected);
        ASSERT_FALSE(r.clusters.empty());
        EXPECT_NEAR(r.clusters[0].llr, llr, 1e-9) << seed;
        EXPECT_EQ(std::set<int>(r.clusters[0].wards.begin(), r.clusters[0].wards.end()), expected) << seed;
        const auto& c = r.clusters[0];
        double total = 0;
        for (double v : l.cases) total += v;
        EXPECT_NEAR(c.relativeRisk, (c.observed / c.expected) / ((total - c.observed) / (total - c.expected)), 1e-12);
    }
}

TEST(Scan, RecoversAPlantedClusterAndSecondaryClustersDoNotOverlap) {
    const Layer l = grid(10, 42, 3.0, {44, 45, 54, 55});
    ScanOptions o;
    o.replications = 199;
    const auto r = kulldorffScan(l.pts, l.cases, l.pop, o);
    ASSERT_FALSE(r.clusters.empty());
    const std::set<int> planted = {44, 45, 54, 55};
    std::size_t hit = 0;
    for (auto w : r.clusters[0].wards) hit += planted.count(w);
    EXPECT_GE(hit, 3u);
    EXPECT_LT(r.clusters[0].p, 0.01);
    std::set<int> seen;
    for (const auto& c : r.clusters)
        for (auto w : c.wards) EXPECT_TRUE(seen.insert(w).second) << "ward " << w << " in two clusters";
}

TEST(Scan, NullPValuesAreRoughlyUniformAndDeterministic) {
    std::vector<double> ps;
    for (std::uint64_t seed = 100; seed < 160; ++seed) {
        const Layer l = grid(6, seed, 1.0, {});
        ScanOptions o;
        o.replications = 99;
        o.seed = seed;
        ps.push_back(kulldorffScan(l.pts, l.cases, l.pop, o).clusters.at(0).p);
    }
    double mean = 0;
    std::size_t small = 0;
    for (double p : ps) {
        mean += p / static_cast<double>(ps.size());
        small += p <= 0.05 ? 1 : 0;
    }
    EXPECT_NEAR(mean, 0.5, 0.12);
    EXPECT_LE(small, 8u);  // about 3 of 60 expected
    // Same seed, any thread count: same p.
    const Layer l = grid(6, 7, 1.0, {});
    ScanOptions a;
    a.replications = 199;
    a.threads = 1;
    ScanOptions b = a;
    b.threads = 3;
    EXPECT_EQ(kulldorffScan(l.pts, l.cases, l.pop, a).clusters.at(0).p, kulldorffScan(l.pts, l.cases, l.pop, b).clusters.at(0).p);
}
