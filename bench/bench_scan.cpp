// Kulldorff scan micro-benchmark (Google Benchmark): Poisson model, circular
// windows up to 50 % of the population, 999 Monte Carlo replications, on 2,000
// and 20,000 synthetic wards (jittered lattice centres, uneven populations, one
// planted cluster). Results: docs/performance.md.
#include <benchmark/benchmark.h>

#include <cmath>

#include "core/random.h"
#include "core/scan.h"

namespace {

using namespace wardscope::core;

struct Layer {
    std::vector<Point> centres;
    std::vector<double> cases, population;
};

Layer layer(int cols, int rows) {
    Random rng(11);
    Layer l;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            l.centres.push_back({c * 1000.0 + rng.uniform(-300, 300), r * 1000.0 + rng.uniform(-300, 300)});
            const double pop = 500 + rng.uniform(0, 4500);
            l.population.push_back(pop);
            // Background 2 per 1,000; three times that in a disc of radius 4 km.
            const double dx = c - cols * 0.3, dy = r - rows * 0.6;
            const double rate = (dx * dx + dy * dy < 16 ? 0.006 : 0.002);
            l.cases.push_back(static_cast<double>(rng.poisson(pop * rate)));
        }
    return l;
}

void scan(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const Layer l = n == 2000 ? layer(50, 40) : layer(200, 100);
    ScanOptions o;
    o.replications = static_cast<std::uint32_t>(state.range(1));
    o.maxPopulationShare = static_cast<double>(state.range(2)) / 100.0;
    for (auto _ : state) {
        const auto result = kulldorffScan(l.centres, l.cases, l.population, o);
        benchmark::DoNotOptimize(result.clusters.data());
        state.counters["clusters"] = static_cast<double>(result.clusters.size());
        state.counters["p_first"] = result.clusters.empty() ? 1.0 : result.clusters.front().p;
    }
    state.counters["wards"] = n;
    state.counters["replications"] = static_cast<double>(o.replications);
    state.counters["max_share_pct"] = static_cast<double>(state.range(2));
}

}  // namespace

BENCHMARK(scan)
    ->Args({2000, 999, 50})
    ->Args({20000, 999, 50})
    ->Args({20000, 999, 10})
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK_MAIN();
