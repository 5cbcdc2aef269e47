// Route and campaign benchmark (Google Benchmark): the TSPLIB instances in
// tests/data/tsplib (gap to the published optimum as a counter), a 1,000-stop
// inspection route over Hai Phong-sized distances (target: under 1 s), and
// campaign siting with 5,000 candidates x 20,000 demand points.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "core/random.h"
#include "core/mclp.h"
#include "core/routing.h"
#include "core/tsplib.h"

namespace {

using namespace wardscope::core;

std::vector<Point> readTsplib(const std::string& name) {
    std::ifstream in(std::string(WARDSCOPE_SOURCE_DIR) + "/tests/data/tsplib/" + name + ".tsp");
    return readTsplibCoordinates(in);
}

void tsplib(benchmark::State& state, const char* name, double optimum) {
    const auto pts = readTsplib(name);
    const auto d = DistanceMatrix::tsplib(pts);
    double len = 0;
    for (auto _ : state) len = tourLength(d, solveTsp(d, 0));
    state.counters["cities"] = static_cast<double>(pts.size());
    state.counters["length"] = len;
    state.counters["gap_pct"] = (len / optimum - 1) * 100;
}

void thousandStops(benchmark::State& state) {
    Random rng(9);
    std::vector<Point> pts;
    for (int i = 0; i < 1001; ++i) pts.push_back({rng.uniform(0, 110000), rng.uniform(0, 80000)});
    for (auto _ : state) {
        const auto d = DistanceMatrix::euclidean(pts, 1.3);  // included: the matrix is part of the job
        VrpOptions o;
        o.vehicles = static_cast<std::size_t>(state.range(0));
        benchmark::DoNotOptimize(solveVrp(d, 0, o, &pts).totalLength);
    }
}

/// CVRPLIB instances (tests/data/cvrplib): capacitated routes, total distance.
void cvrp(benchmark::State& state, const char* name, double optimum) {
    std::ifstream in(std::string(WARDSCOPE_SOURCE_DIR) + "/tests/data/cvrplib/" + name + ".vrp");
    const CvrpInstance inst = readCvrp(in);
    const auto d = DistanceMatrix::tsplib(inst.points);
    VrpOptions o;
    o.objective = VrpObjective::Total;
    o.demand = inst.demand;
    o.capacity = inst.capacity;
    double len = 0;
    std::size_t routes = 0;
    for (auto _ : state) {
        const auto r = solveVrp(d, inst.depot, o, &inst.points);
        len = r.totalLength;
        routes = r.routes.size();
    }
    state.counters["length"] = len;
    state.counters["gap_pct"] = (len / optimum - 1) * 100;
    state.counters["routes"] = static_cast<double>(routes);
}

/// An inspection week: N stops, at most 10 a day (the limited search with its
/// savings starts and ruin and recreate, up to 200 stops).
void limitedStops(benchmark::State& state) {
    Random rng(5);
    std::vector<Point> pts;
    for (int i = 0; i <= state.range(0); ++i) pts.push_back({rng.uniform(0, 110000), rng.uniform(0, 80000)});
    for (auto _ : state) {
        const auto d = DistanceMatrix::euclidean(pts, 1.3);
        VrpOptions o;
        o.maxStops = 10;
        benchmark::DoNotOptimize(solveVrp(d, 0, o, &pts).totalLength);
    }
}

/// Campaign siting: 5,000 candidates x 20,000 demand points (clustered, like
/// households in villages), 3 km radius, k = 20: coverage lists, lazy greedy, swaps.
void mclp(benchmark::State& state) {
    Random rng(3);
    std::vector<Point> cand, dem;
    std::vector<double> w;
    for (int i = 0; i < 5000; ++i) cand.push_back({rng.uniform(0, 110000), rng.uniform(0, 80000)});
    for (int c = 0; c < 200; ++c) {
        const double cx = rng.uniform(0, 110000), cy = rng.uniform(0, 80000);
        for (int i = 0; i < 100; ++i) {
            dem.push_back({cx + rng.normal() * 2000, cy + rng.normal() * 2000});
            w.push_back(1 + static_cast<double>(rng.below(4)));
        }
    }
    double covered = 0;
    std::size_t swaps = 0;
    for (auto _ : state) {
        const auto p = buildCoverage(cand, dem, w, 3000);
        const auto r = solveMclp(p, static_cast<std::size_t>(state.range(0)));
        covered = r.covered / r.total;
        swaps = r.swaps;
    }
    state.counters["share_covered"] = covered;
    state.counters["swaps"] = static_cast<double>(swaps);
}

}  // namespace

BENCHMARK(mclp)->Arg(20)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, eil51, "eil51", 426.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, st70, "st70", 675.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, kroA100, "kroA100", 21282.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, pr1002, "pr1002", 259045.0)->Unit(benchmark::kMillisecond);
BENCHMARK(thousandStops)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(cvrp, A_n32_k5, "A-n32-k5", 784.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(cvrp, E_n22_k4, "E-n22-k4", 375.0)->Unit(benchmark::kMillisecond);
BENCHMARK(limitedStops)->Arg(60)->Arg(200)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
