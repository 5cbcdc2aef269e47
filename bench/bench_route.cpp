// Route benchmark (Google Benchmark): the TSPLIB instances in tests/data/tsplib
// (gap to the published optimum as a counter) and a 1,000-stop inspection route
// over Hai Phong-sized distances (target: under 1 s).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/random.h"
#include "core/routing.h"

namespace {

using namespace wardscope::core;

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
        std::istringstream row(line);
        int id = 0;
        Point p;
        if (coords && row >> id >> p.x >> p.y) pts.push_back(p);
    }
    return pts;
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

}  // namespace

BENCHMARK_CAPTURE(tsplib, eil51, "eil51", 426.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, st70, "st70", 675.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, kroA100, "kroA100", 21282.0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(tsplib, pr1002, "pr1002", 259045.0)->Unit(benchmark::kMillisecond);
BENCHMARK(thousandStops)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
