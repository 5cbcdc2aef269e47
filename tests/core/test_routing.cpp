// Routes: TSPLIB instances within 5 % of their published optimum, tours that are
// permutations, and vehicle routing that respects its limits.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

#include "core/random.h"
#include "core/routing.h"

using namespace wardscope::core;

namespace {

std::vector<Point> readTsplib(const std::string& name) {
    std::ifstream in(std::string(WARDSCOPE_SOURCE_DIR) + "/tests/data/tsplib/" + name + ".tsp");
    std::string line;
    std::vector<Point> pts;
    bool coords = false;
    while (std::getline(in, line)) {
        if (line.rfind("NODE_COORD_SECTION", 0) == 0) {
            coords = true;
            continue;
        }
        if (!coords || line.rfind("EOF", 0) == 0) continue;
        std::istringstream row(line);
        int id = 0;
        Point p;
        if (row >> id >> p.x >> p.y) pts.push_back(p);
    }
    return pts;
}

void expectPermutation(const std::vector<std::size_t>& tour, std::size_t n) {
    std::vector<std::size_t> sorted = tour;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    EXPECT_EQ(sorted, all);
}

}  // namespace

TEST(Tsp, TsplibToursAreWithinFivePercentOfTheOptimum) {
    const std::pair<const char*, double> instances[] = {{"eil51", 426}, {"st70", 675}, {"kroA100", 21282}};
    double sumGap = 0;
    for (const auto& [name, optimum] : instances) {
        const auto pts = readTsplib(name);
        ASSERT_FALSE(pts.empty()) << name;
        const auto d = DistanceMatrix::tsplib(pts);
        const auto tour = solveTsp(d, 0);
        expectPermutation(tour, pts.size());
        EXPECT_EQ(tour.front(), 0u);
        const double len = tourLength(d, tour);
        EXPECT_GE(len, optimum) << name;  // never better than optimal: the length is honest
        const double gap = len / optimum - 1;
        EXPECT_LT(gap, 0.05) << name << ": " << len;
        sumGap += gap;
    }
    EXPECT_LT(sumGap / 3, 0.05);
}

TEST(Tsp, DeterministicForASeedAndStartsAtTheDepot) {
    const auto pts = readTsplib("eil51");
    const auto d = DistanceMatrix::tsplib(pts);
    EXPECT_EQ(solveTsp(d, 7), solveTsp(d, 7));
    EXPECT_EQ(solveTsp(d, 7).front(), 7u);
    // Tiny inputs.
    EXPECT_TRUE(solveTsp(DistanceMatrix(0)).empty());
    EXPECT_EQ(solveTsp(DistanceMatrix::euclidean({{0, 0}, {1, 0}}), 1), (std::vector<std::size_t>{1, 0}));
}

TEST(Vrp, LimitsOnStopsAndLengthHoldAndEveryStopIsVisitedOnce) {
    Random rng(4);
    std::vector<Point> pts = {{0, 0}};  // depot
    for (int i = 0; i < 60; ++i) pts.push_back({rng.uniform(-10000, 10000), rng.uniform(-10000, 10000)});
    const auto d = DistanceMatrix::euclidean(pts, 1.3);
    VrpOptions o;
    o.maxStops = 8;
    const auto byStops = solveVrp(d, 0, o);
    std::vector<std::size_t> seen;
    for (const auto& r : byStops.routes) {
        EXPECT_LE(r.stops.size(), 8u);
        seen.insert(seen.end(), r.stops.begin(), r.stops.end());
        std::vector<std::size_t> tour = {0};
        tour.insert(tour.end(), r.stops.begin(), r.stops.end());
        EXPECT_NEAR(r.length, tourLength(d, tour), 1e-6);
    }
    std::sort(seen.begin(), seen.end());
    std::vector<std::size_t> all(60);
    std::iota(all.begin(), all.end(), 1);
    EXPECT_EQ(seen, all);
    EXPECT_GE(byStops.routes.size(), 8u);  // 60 stops, 8 a route

    VrpOptions len;
    len.maxLength = 60000;
    const auto byLength = solveVrp(d, 0, len);
    for (const auto& r : byLength.routes) EXPECT_LE(r.length, 60000 * 1.0001);
    // Three inspectors, no limit: three sectors, together no shorter than one tour.
    VrpOptions three;
    three.vehicles = 3;
    const auto sweep = solveVrp(d, 0, three, &pts);
    EXPECT_EQ(sweep.routes.size(), 3u);
    const auto single = solveVrp(d, 0, VrpOptions{});
    EXPECT_GE(sweep.totalLength, single.totalLength * 0.99);
}
