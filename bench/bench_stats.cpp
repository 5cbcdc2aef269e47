// Statistics micro-benchmarks (Google Benchmark): LISA and Gi* with 9,999
// permutations on synthetic lattices of 2,000 and 20,000 wards (rook-like grid
// neighbours), and global Moran with 9,999 permutations.
#include <benchmark/benchmark.h>

#include <cmath>

#include "core/random.h"
#include "core/spatial_stats.h"

namespace {

using namespace wardscope::core;

struct Lattice {
    Weights binary;
    Weights rowStandardized;
    std::vector<double> x;
};

Lattice lattice(int cols, int rows) {
    std::vector<std::vector<std::int32_t>> nb(static_cast<std::size_t>(cols * rows));
    Random rng(1);
    Lattice l;
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int i = r * cols + c;
            for (int dr = -1; dr <= 1; ++dr)
                for (int dc = -1; dc <= 1; ++dc) {
                    if ((dr == 0 && dc == 0) || r + dr < 0 || r + dr >= rows || c + dc < 0 || c + dc >= cols) continue;
                    nb[static_cast<std::size_t>(i)].push_back((r + dr) * cols + c + dc);
                }
            l.x.push_back(std::sin(c * 0.15) + std::cos(r * 0.2) + rng.normal() * 0.5);
        }
    l.binary = Weights::fromNeighbours(nb);
    l.rowStandardized = l.binary.rowStandardized();
    return l;
}

void lisaAndGi(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const Lattice l = n == 2000 ? lattice(50, 40) : lattice(200, 100);
    PermutationOptions o;
    o.permutations = static_cast<std::uint32_t>(state.range(1));
    PermutationOptions analytic = o;
    analytic.permutations = 0;
    for (auto _ : state) {
        // As computeWardStats does: analytic parts, then both pseudo p-values in one pass.
        auto lm = localMoran(l.x, l.rowStandardized, analytic);
        auto gi = getisOrdGiStar(l.x, l.binary, analytic);
        auto p = localPermutationPValues(l.x, l.rowStandardized, o);
        benchmark::DoNotOptimize(lm.z.data());
        benchmark::DoNotOptimize(gi.z.data());
        benchmark::DoNotOptimize(p.lisa.data());
    }
    state.counters["wards"] = n;
    state.counters["permutations"] = static_cast<double>(o.permutations);
}

void moranGlobal(benchmark::State& state) {
    const Lattice l = lattice(50, 40);
    PermutationOptions o;
    o.permutations = 9999;
    for (auto _ : state) benchmark::DoNotOptimize(globalMoran(l.x, l.rowStandardized, o).pPermutation);
}

}  // namespace

BENCHMARK(lisaAndGi)->Args({2000, 9999})->Args({20000, 999})->Args({20000, 9999})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(moranGlobal)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_MAIN();
